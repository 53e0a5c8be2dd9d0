#!/usr/bin/env python3
"""Writes tests/data/oracle-differential.txt: a random differential test of every
function against mpmath, with a fixed seed, in the oracle format of gen_oracle.py (whose
reference functions it reuses, so the cases run wherever the oracle data runs: the
Catch2 suite natively on every Highway target and as WASM, and the package tests, which
also run each case with `out` subarrays at odd offsets and with heap buffers).

Over 5000 cases: every function, option and reduction, with inputs drawn from mixtures
that reach the edges of float32: logits up to +-3.4e38, huge common offsets, confident
rows whose losses are sums of subnormal terms, -inf masks, subnormal and zero
probabilities, temperatures from 1e-3 to 1e3 (as doubles), label smoothing near 0 and
near 1, bases 2, 10, 0.5 and 1.0001.

If PyTorch is importable, a summary of where it disagrees with mpmath by more than the
bar is printed, for information (it is not an oracle here).

Run: python3 scripts/gen_differential.py  (deterministic; the output is committed)
"""
import math
import os
import random
import sys

sys.path.insert(0, os.path.dirname(__file__))
import gen_oracle as g  # noqa: E402  (builds its own cases on import, ~10 s)

SEED = 20261201
rng = random.Random(SEED)
f32 = g.f32
INF = g.INF

BASES = ["e", "e", "e", "2", "10", "0.5", "1.0001"]
REDUCTIONS = ["mean", "sum", "none"]


def pick(weighted):
    """A choice from [(weight, value), ...]."""
    total = sum(w for w, _ in weighted)
    u = rng.random() * total
    for w, v in weighted:
        u -= w
        if u < 0:
            return v
    return weighted[-1][1]


def classes():
    return pick([(3, 1), (6, 2), (6, 3), (5, 4), (4, 5), (3, 7), (3, 8), (3, 9), (1, 16),
                 (1, 17), (1, 33)])


def temperature():
    kind = pick([(5, "one"), (4, "log"), (1, "float")])
    if kind == "one":
        return 1.0
    t = 10 ** rng.uniform(-3, 3)
    return f32(t) if kind == "float" else t


def huge():
    return f32(rng.choice([-1, 1]) * 10 ** rng.uniform(36, math.log10(3.4e38)))


def subnormal():
    return f32(rng.choice([-1, 1]) * 10 ** rng.uniform(-45, -37.9))


def logit_row(n):
    kind = pick([(6, "ordinary"), (2, "offset"), (2, "huge"), (3, "confident"),
                 (2, "masked"), (1, "subnormal"), (2, "mixed")])
    sigma = rng.choice([0.5, 3.0, 20.0])
    if kind == "ordinary":
        row = [rng.gauss(0, sigma) for _ in range(n)]
    elif kind == "offset":
        off = rng.choice([-1, 1]) * 10 ** rng.uniform(2, 37)
        row = [off + rng.gauss(0, sigma) * max(1.0, abs(off) * 1e-6) for _ in range(n)]
    elif kind == "huge":
        row = [huge() if rng.random() < 0.7 else rng.gauss(0, sigma) for _ in range(n)]
    elif kind == "confident":
        row = [rng.gauss(0, 1.0) for _ in range(n)]
        row[rng.randrange(n)] = rng.uniform(15, 110)
    elif kind == "masked":
        row = [rng.gauss(0, sigma) for _ in range(n)]
        for i in range(n):
            if rng.random() < 0.4:
                row[i] = -INF
        if all(v == -INF for v in row):
            row[rng.randrange(n)] = rng.gauss(0, sigma)
    elif kind == "subnormal":
        row = [subnormal() if rng.random() < 0.7 else 0.0 for _ in range(n)]
    else:
        row = [pick([(3, rng.gauss(0, sigma)), (1, huge()), (1, subnormal()),
                     (1, -88.0 - rng.random() * 20)]) for _ in range(n)]
    if n > 2 and rng.random() < 0.2:
        row[rng.randrange(n)] = row[rng.randrange(n)]  # a tie
    return [f32(v) for v in row]


def logits(rows, n):
    return [v for _ in range(rows) for v in logit_row(n)]


def prob_row(n, normalise=True):
    kind = pick([(5, "uniform"), (2, "onehot"), (2, "sparse"), (1, "subnormal")])
    if kind == "uniform":
        row = [rng.random() for _ in range(n)]
    elif kind == "onehot":
        row = [0.0] * n
        row[rng.randrange(n)] = 1.0
    elif kind == "sparse":
        row = [rng.random() if rng.random() < 0.4 else 0.0 for _ in range(n)]
    else:
        row = [abs(subnormal()) if rng.random() < 0.6 else rng.random() * 1e-30 for _ in range(n)]
    if normalise:
        s = sum(row)
        row = [v / s for v in row] if s > 0 else [1.0 / n] * n
    return [min(1.0, f32(v)) for v in row]


def probs(rows, n, normalise=True):
    return [v for _ in range(rows) for v in prob_row(n, normalise)]


def weight(n):
    kind = pick([(5, None), (3, "pos"), (1, "zeros"), (1, "wide")])
    if kind is None:
        return None
    if kind == "pos":
        return [f32(rng.uniform(0.05, 3)) for _ in range(n)]
    if kind == "zeros":
        return [0.0 if rng.random() < 0.4 else f32(rng.uniform(0.1, 2)) for _ in range(n)]
    return [f32(10 ** rng.uniform(-6, 6)) for _ in range(n)]


def smoothing():
    return pick([(6, 0.0), (3, rng.random()), (1, 1.0), (1, 1 - 1e-7), (1, 1e-7),
                 (1, 1e-9)])


def unit_value():
    return f32(pick([(5, rng.random()), (1, 0.0), (1, 1.0), (1, abs(subnormal())),
                     (1, 1 - 2**-24), (1, 10 ** rng.uniform(-30, -8))]))


def softmax_case(i):
    rows, n = rng.randint(1, 3), classes()
    op = rng.choice(["softmax", "log_softmax", "logsumexp"])
    g.softmax_cases("d%d" % i, logits(rows, n), rows, n, t=temperature(), ops=(op,))


def xent_index_case(i):
    rows, n = rng.choice([1, 1, 2, 3]), classes()
    x = logits(rows, n)
    target = [rng.randrange(n) for _ in range(rows)]
    if rng.random() < 0.15:
        target[rng.randrange(rows)] = -100
    g.xent_case("d%d" % i, x, rows, n, target=target, weight=weight(n), smoothing=smoothing(),
                reduction=rng.choice(REDUCTIONS), t=temperature(), base=rng.choice(BASES))


def xent_probs_case(i):
    rows, n = rng.randint(1, 2), classes()
    x = logits(rows, n)
    p = probs(rows, n)
    for r in range(rows):  # a target on a masked class would make the loss +inf
        for c in range(n):
            if x[r * n + c] == -INF:
                p[r * n + c] = 0.0
    g.xent_case("d%d" % i, x, rows, n, probs=p, weight=weight(n), smoothing=smoothing(),
                reduction=rng.choice(["mean", "sum", "none"]), t=temperature(),
                base=rng.choice(BASES))


def nll_case(i):
    rows, n = rng.randint(1, 3), classes()
    lp = [f32(v) for v in logits(rows, n)]
    lp = [-abs(v) for v in lp]
    target = [rng.randrange(n) if rng.random() > 0.1 else -100 for _ in range(rows)]
    g.nll_case("d%d" % i, lp, rows, n, target, weight=weight(n), reduction=rng.choice(REDUCTIONS),
               base=rng.choice(BASES))


def binary_weight(rows, n):
    kind = pick([(5, None), (2, "class"), (2, "element")])
    if kind is None:
        return None
    count = n if kind == "class" else rows * n
    w = weight(count)
    return w if w is not None else [f32(rng.uniform(0, 2)) for _ in range(count)]


def bce_case(i):
    rows, n = rng.randint(1, 2), classes()
    p = [unit_value() for _ in range(rows * n)]
    y = [unit_value() for _ in range(rows * n)]
    g.binary_case("d%d" % i, "bce", p, y, rows, n, weight=binary_weight(rows, n),
                  reduction=rng.choice(REDUCTIONS), base=rng.choice(BASES))


def bce_logits_case(i):
    rows, n = rng.randint(1, 2), classes()
    z = logits(rows, n)
    z = [v if rng.random() > 0.05 else rng.choice([INF, -INF]) for v in z]
    y = [unit_value() for _ in range(rows * n)]
    pw = None if rng.random() < 0.6 else [f32(10 ** rng.uniform(-2, 1)) for _ in range(n)]
    g.binary_case("d%d" % i, "bce_logits", z, y, rows, n, weight=binary_weight(rows, n),
                  pos_weight=pw, reduction=rng.choice(REDUCTIONS), base=rng.choice(BASES))


def mse_case(i):
    n = rng.randint(1, 12)
    scale = rng.choice([1.0, 1e3, 1e18, 1.5e19, 1e37])
    a = [f32(rng.gauss(0, scale)) for _ in range(n)]
    y = [f32(rng.gauss(0, scale)) if rng.random() < 0.5 else 0.0 for _ in range(n)]
    g.binary_case("d%d" % i, "mse", a, y, 1, n, reduction=rng.choice(REDUCTIONS))


def sigmoid_case(i):
    z = logits(1, rng.randint(1, 12))
    g.sigmoid_case("d%d" % i, [v if v != -INF else -INF for v in z])


def self_info_case(i):
    p = [unit_value() for _ in range(rng.randint(1, 12))]
    base = rng.choice(BASES)
    c = g.Case("self_info/d%d" % i, "self_info", 1, len(p))
    if base != "e":
        c.opt("base", base)
    c.arr("p", p)
    c.exp("out", [(-g.mpmath.log(g.M(v)) if v > 0 else g.mpf("inf")) / g.ln_base(base)
                  for v in p])
    g.add(c)


def info_case(i, kind):
    rows, n = rng.randint(1, 3), classes()
    normalise = rng.random() < 0.7
    p = probs(rows, n, normalise)
    q = None if kind == "entropy" else probs(rows, n, normalise)
    g.info_case("d%d" % i, kind, p, rows, n, q=q, base=rng.choice(BASES))


PLAN = [(1300, softmax_case), (800, xent_index_case), (420, xent_probs_case), (350, nll_case),
        (350, bce_case), (420, bce_logits_case), (250, mse_case), (150, sigmoid_case),
        (200, self_info_case)] + [
        (200, (lambda kind: lambda i: info_case(i, kind))(kind))
        for kind in ("entropy", "xent_dist", "kl", "js")]


def parse(text):
    """One case of the oracle format back into a dict (for the PyTorch report)."""
    c = {"opt": {}, "in": {}, "int": {}, "exp": {}}
    for line in text.split("\n"):
        tag, _, rest = line.partition(" ")
        parts = rest.split()
        if tag == "op":
            c["op"] = parts[0]
        elif tag == "shape":
            c["rows"], c["classes"] = int(parts[0]), int(parts[1])
        elif tag == "opt":
            c["opt"][parts[0]] = parts[1]
        elif tag in ("arr", "int", "exp", "mag"):
            key = {"arr": "in", "int": "int", "exp": "exp", "mag": "mag"}[tag]
            c.setdefault(key, {})[parts[0]] = [int(v) if tag == "int" else float(v) for v in parts[2:]]
    return c


def torch_outputs(torch, c):
    """PyTorch's float32 answer to a case, by the names the oracle uses (None: no
    PyTorch function for it)."""
    F = torch.nn.functional
    op, rows, classes = c["op"], c["rows"], c["classes"]
    f = lambda name: torch.tensor(c["in"][name], dtype=torch.float32)  # noqa: E731
    t = float(c["opt"].get("temperature", 1))
    base = c["opt"].get("base", "e")
    ln = 1.0 if base == "e" else math.log(float(base))
    red = c["opt"].get("reduction", "mean")
    if op in ("softmax", "log_softmax", "logsumexp"):
        z = f("x").reshape(rows, classes) / t
        out = {"softmax": lambda: torch.softmax(z, -1), "log_softmax": lambda: torch.log_softmax(z, -1),
               "logsumexp": lambda: torch.logsumexp(z, -1)}[op]()
        return {"out": out.flatten().tolist()}
    if op in ("xent", "xent_probs"):
        x = f("x").reshape(rows, classes).requires_grad_()
        target = (torch.tensor(c["int"]["target"], dtype=torch.int64) if op == "xent"
                  else f("target").reshape(rows, classes))
        w = f("weight") if "weight" in c["in"] else None
        loss = F.cross_entropy(x / t, target, weight=w, reduction=red,
                               ignore_index=int(c["opt"].get("ignore", -100)),
                               label_smoothing=float(c["opt"].get("smoothing", 0))) / ln
        loss.sum().backward()
        return {"loss": loss.flatten().tolist(), "grad": x.grad.flatten().tolist()}
    if op == "nll":
        x = f("x").reshape(rows, classes)
        w = f("weight") if "weight" in c["in"] else None
        loss = F.nll_loss(x, torch.tensor(c["int"]["target"], dtype=torch.int64), weight=w,
                          reduction=red, ignore_index=int(c["opt"].get("ignore", -100))) / ln
        return {"loss": loss.flatten().tolist()}
    if op in ("bce", "bce_logits", "mse"):
        x = f("x").reshape(rows, classes).requires_grad_()
        y = f("y").reshape(rows, classes)
        w = f("weight").reshape(-1, classes) if "weight" in c["in"] else None
        if op == "mse":
            loss = F.mse_loss(x, y, reduction=red)
        elif op == "bce":
            loss = F.binary_cross_entropy(x, y, weight=w, reduction=red) / ln
        else:
            pw = f("pos_weight") if "pos_weight" in c["in"] else None
            loss = F.binary_cross_entropy_with_logits(x, y, weight=w, pos_weight=pw,
                                                      reduction=red) / ln
        loss.sum().backward()
        return {"loss": loss.flatten().tolist(), "grad": x.grad.flatten().tolist()}
    if op == "sigmoid":
        s = torch.sigmoid(f("x"))
        return {"out": s.tolist(), "grad": (s * (1 - s)).tolist()}
    return None


def within_bar(c, name, i, got):
    """The bar of tests/support/oracle.js: True, or why not."""
    want = c["exp"][name][i]
    if want != want:
        return got != got or "want NaN"
    if math.isinf(want):
        return got == want or "want %g" % want
    if abs(want) > 3.4028234663852886e38:
        return (math.isinf(got) or abs(got) == 3.4028234663852886e38) or "beyond float"
    if got != got or math.isinf(got):
        return "got %g" % got
    scale = abs(want)
    if name in c.get("mag", {}):
        scale = c["mag"][name][i]
    elif c["op"] in ("log_softmax", "logsumexp") and name == "out":
        scale = 1 + abs(want)
    return abs(got - want) <= 1e-6 * scale + 1e-6 * 2.0**-126 + 2.0**-149 or "error %.2g of %.2g" % (
        abs(got - want), scale)


def torch_report(cases):
    """Where PyTorch's float32 results miss the bar these cases hold the package to."""
    try:
        import torch
    except ImportError:
        print("PyTorch is not installed: no comparison printed", file=sys.stderr)
        return
    misses, compared, examples = {}, {}, {}
    for text in cases:
        c = parse(text)
        try:
            got = torch_outputs(torch, c)
        except Exception as e:  # PyTorch refuses some inputs the package takes
            got = {"error": str(e).split("\n")[0][:80]}
        if got is None:
            continue
        key = c["op"]
        compared[key] = compared.get(key, 0) + 1
        reason = got.get("error")
        if reason is None:
            for name, want in c["exp"].items():
                for i, v in enumerate(got.get(name, [])):
                    r = within_bar(c, name, i, v)
                    if r is not True:
                        reason = "%s[%d] %s" % (name, i, r)
                        break
                if reason:
                    break
        if reason:
            misses[key] = misses.get(key, 0) + 1
            examples.setdefault(key, []).append(reason)
    print("PyTorch %s (float32) against the same oracle and bar, for information:" % torch.__version__)
    for key in sorted(compared):
        print("  %-12s %4d of %4d cases miss the bar%s" % (
            key, misses.get(key, 0), compared[key],
            ("; e.g. " + "; ".join(examples[key][:2])) if key in examples else ""))


def main():
    g.FAMILY_OVERRIDE[0] = "differential"
    g.CASES.pop("differential", None)
    i = 0
    for count, make in PLAN:
        for _ in range(count):
            make(i)
            i += 1
    cases = g.CASES["differential"]
    path = os.path.join(os.path.dirname(__file__), "..", "tests", "data",
                        "oracle-differential.txt")
    with open(path, "w") as f:
        f.write("# Generated by scripts/gen_differential.py (seed %d; mpmath, 50 digits). "
                "Do not edit.\n" % SEED)
        f.writelines(cases)
    print("wrote %d cases to %s" % (len(cases), os.path.normpath(path)), file=sys.stderr)
    torch_report(cases)


if __name__ == "__main__":
    main()
