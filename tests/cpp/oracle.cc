#define CATCH_CONFIG_MAIN
#include "tests/cpp/oracle.h"

#include <stdio.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <sstream>
#include <stdexcept>

#include "hwy/highway.h"
#include "hwy/targets.h"
#include "src/kernels/kernels.h"

namespace xent_test {
namespace {

double ParseNumber(const std::string& s) {
  if (s == "inf") return std::numeric_limits<double>::infinity();
  if (s == "-inf") return -std::numeric_limits<double>::infinity();
  if (s == "nan") return std::numeric_limits<double>::quiet_NaN();
  return std::strtod(s.c_str(), nullptr);
}

// The LCG of scripts/gen_oracle.py.
std::vector<float> Lcg(size_t count, uint64_t seed, double lo, double hi) {
  std::vector<float> out(count);
  uint64_t u = seed;
  for (size_t i = 0; i < count; ++i) {
    u = (1664525u * u + 1013904223u) % 4294967296u;
    out[i] = static_cast<float>(lo + (hi - lo) * (double(u) / 4294967296.0));
  }
  return out;
}

std::vector<OracleCase> Load(const std::string& family) {
  const std::string path = std::string(XENT_DATA_DIR) + "/oracle-" + family + ".txt";
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot open " + path);
  std::vector<OracleCase> cases;
  std::string line;
  OracleCase c;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream is(line);
    std::string tag;
    is >> tag;
    if (tag == "case") {
      c = OracleCase();
      is >> c.name;
    } else if (tag == "op") {
      is >> c.op;
    } else if (tag == "shape") {
      is >> c.rows >> c.classes;
    } else if (tag == "opt") {
      std::string key, value;
      is >> key >> value;
      c.opt[key] = value;
    } else if (tag == "end") {
      cases.push_back(c);
    } else {
      std::string name, token;
      size_t count = 0;
      is >> name >> count;
      if (tag == "gen") {
        uint64_t seed;
        std::string lo, hi;
        is >> seed >> lo >> hi;
        c.in[name] = Lcg(count, seed, ParseNumber(lo), ParseNumber(hi));
        continue;
      }
      std::vector<double> values;
      values.reserve(count);
      while (is >> token) values.push_back(ParseNumber(token));
      if (values.size() != count) throw std::runtime_error("bad count in " + c.name);
      if (tag == "arr") {
        c.in[name] = ToFloat(values);
      } else if (tag == "int") {
        c.ints[name].assign(values.begin(), values.end());
      } else if (tag == "exp") {
        c.want[name] = values;
      } else if (tag == "mag") {
        c.mag[name] = values;
      } else {
        throw std::runtime_error("unknown tag " + tag);
      }
    }
  }
  return cases;
}

struct Worst {
  double error = 0.0;
  size_t count = 0;
};

std::map<std::string, Worst>& Report() {
  static std::map<std::string, Worst> report;
  return report;
}

std::map<std::string, size_t>& PerTargetCount() {
  static std::map<std::string, size_t> counts;
  return counts;
}

// Copies `v` to an address `misalign` floats past a 64-byte boundary.
struct Buffer {
  std::vector<float> storage;
  float* data;
  Buffer(const std::vector<float>& v, size_t misalign)
      : storage(v.size() + 16 + misalign) {
    float* base = storage.data();
    while (reinterpret_cast<uintptr_t>(base) % 64) ++base;
    data = base + misalign;
    std::copy(v.begin(), v.end(), data);
  }
  Buffer(size_t n, size_t misalign)
      : Buffer(std::vector<float>(n, -12345.0f), misalign) {}
};

xent::Reduction ParseReduction(const std::string& s) {
  if (s == "none") return xent::Reduction::kNone;
  if (s == "sum") return xent::Reduction::kSum;
  if (s == "batchmean") return xent::Reduction::kBatchMean;
  return xent::Reduction::kMean;
}

double ParseBase(const std::string& s) { return s == "e" ? M_E : ParseNumber(s); }

// Runs one case; returns the outputs by the names the oracle uses.
std::map<std::string, std::vector<float>> Run(const OracleCase& c, size_t misalign) {
  const size_t n = c.rows * c.classes;
  const std::string& op = c.op;
  auto in = [&](const std::string& name) -> const std::vector<float>& {
    static const std::vector<float> empty;
    auto it = c.in.find(name);
    return it == c.in.end() ? empty : it->second;
  };
  Buffer x(in(op.rfind("self_info", 0) == 0 || op == "entropy" || op == "kl" ||
                      op == "js" || op == "xent_dist"
                  ? "p"
                  : "x"),
           misalign);
  const xent::Reduction red = ParseReduction(c.Opt("reduction", "mean"));
  const size_t loss_n =
      red == xent::Reduction::kNone
          ? (op == "xent" || op == "xent_probs" || op == "nll" ? c.rows : n)
          : 1;
  const double t = ParseNumber(c.Opt("temperature", "1"));
  const double base = ParseBase(c.Opt("base", "e"));
  std::map<std::string, std::vector<float>> out;
  xent::Status s = xent::Status::kOk;
  auto take = [&](const std::string& name, const float* p, size_t count) {
    out[name].assign(p, p + count);
  };
  if (op == "softmax" || op == "log_softmax" || op == "logsumexp") {
    const size_t out_n = op == "logsumexp" ? c.rows : n;
    Buffer o(out_n, misalign);
    s = op == "softmax"       ? xent::Softmax(x.data, c.rows, c.classes, t, o.data)
        : op == "log_softmax" ? xent::LogSoftmax(x.data, c.rows, c.classes, t, o.data)
                              : xent::LogSumExp(x.data, c.rows, c.classes, t, o.data);
    take("out", o.data, out_n);
  } else if (op == "xent" || op == "xent_probs" || op == "nll") {
    Buffer w(in("weight"), misalign);
    Buffer loss(loss_n, misalign), grad(n, misalign);
    const float* wp = in("weight").empty() ? nullptr : w.data;
    const int32_t ignore = static_cast<int32_t>(ParseNumber(c.Opt("ignore", "-100")));
    if (op == "nll") {
      s = xent::NllLoss(x.data, c.ints.at("target").data(), c.rows, c.classes,
                        xent::NllLossOptions{wp, ignore, red, base}, loss.data);
    } else {
      xent::CrossEntropyOptions o;
      o.weight = wp;
      o.ignore_index = ignore;
      o.label_smoothing = ParseNumber(c.Opt("smoothing", "0"));
      o.reduction = red;
      o.temperature = t;
      o.base = base;
      if (op == "xent") {
        s = xent::CrossEntropy(x.data, c.ints.at("target").data(), c.rows, c.classes, o,
                               loss.data, grad.data);
        // Loss alone (no gradient) takes a different path; it must agree exactly.
        Buffer loss2(loss_n, misalign);
        REQUIRE(xent::CrossEntropy(x.data, c.ints.at("target").data(), c.rows, c.classes,
                                   o, loss2.data, nullptr) == xent::Status::kOk);
        for (size_t i = 0; i < loss_n; ++i) {
          CHECK((loss2.data[i] == loss.data[i] ||
                 (std::isnan(loss2.data[i]) && std::isnan(loss.data[i]))));
        }
      } else {
        Buffer target(in("target"), misalign);
        s = xent::CrossEntropyProbs(x.data, target.data, c.rows, c.classes, o, loss.data,
                                    grad.data);
      }
      take("grad", grad.data, n);
    }
    take("loss", loss.data, loss_n);
  } else if (op == "bce" || op == "bce_logits" || op == "mse") {
    Buffer y(in("y"), misalign), w(in("weight"), misalign),
        pw(in("pos_weight"), misalign);
    Buffer loss(loss_n, misalign), grad(n, misalign);
    const size_t wl = in("weight").size();
    if (op == "bce") {
      s = xent::BinaryCrossEntropy(
          x.data, y.data, c.rows, c.classes,
          xent::BinaryOptions{wl ? w.data : nullptr, wl, nullptr, red, base}, loss.data,
          grad.data);
    } else if (op == "bce_logits") {
      s = xent::BinaryCrossEntropyWithLogits(
          x.data, y.data, c.rows, c.classes,
          xent::BinaryOptions{wl ? w.data : nullptr, wl,
                              in("pos_weight").empty() ? nullptr : pw.data, red, base,
                              in("pos_weight").size()},
          loss.data, grad.data);
    } else {
      s = xent::Mse(x.data, y.data, n, red, loss.data, grad.data);
    }
    take("loss", loss.data, loss_n);
    take("grad", grad.data, n);
  } else if (op == "logsumexp_b") {
    Buffer b(in("b"), misalign), o(c.rows, misalign), sign(c.rows, misalign);
    s = xent::LogSumExpWeighted(x.data, in("b").empty() ? nullptr : b.data, c.rows,
                                c.classes, t, o.data, sign.data);
    take("out", o.data, c.rows);
    take("sign", sign.data, c.rows);
  } else if (op == "softmax_entropy") {
    Buffer o(c.rows, misalign), g(n, misalign);
    s = xent::SoftmaxEntropy(x.data, c.rows, c.classes, t, base, o.data, g.data);
    // Without the gradient the entropy must be the same.
    Buffer o2(c.rows, misalign);
    REQUIRE(xent::SoftmaxEntropy(x.data, c.rows, c.classes, t, base, o2.data, nullptr) ==
            xent::Status::kOk);
    for (size_t i = 0; i < c.rows; ++i) {
      CHECK((o2.data[i] == o.data[i] || (std::isnan(o2.data[i]) && std::isnan(o.data[i]))));
    }
    take("out", o.data, c.rows);
    take("grad", g.data, n);
  } else if (op == "softmax_backward" || op == "log_softmax_backward") {
    Buffer dy(in("dy"), misalign), o(n, misalign);
    s = op == "softmax_backward"
            ? xent::SoftmaxBackward(x.data, dy.data, c.rows, c.classes, o.data)
            : xent::LogSoftmaxBackward(x.data, dy.data, c.rows, c.classes, o.data);
    take("out", o.data, n);
  } else if (op == "entr" || op == "rel_entr") {
    Buffer y(in("y"), misalign), o(n, misalign);
    s = op == "entr" ? xent::Entr(x.data, n, o.data) : xent::RelEntr(x.data, y.data, n, o.data);
    take("out", o.data, n);
  } else if (op == "kl_div") {
    Buffer target(in("target"), misalign), loss(loss_n, misalign);
    s = xent::KlDiv(x.data, target.data, c.rows, c.classes, c.Opt("log_target", "0") == "1",
                    red, loss.data);
    take("loss", loss.data, loss_n);
  } else if (op == "sigmoid") {
    Buffer o(n, misalign), g(n, misalign);
    s = xent::Sigmoid(x.data, n, o.data, g.data);
    take("out", o.data, n);
    take("grad", g.data, n);
  } else if (op == "self_info") {
    Buffer o(n, misalign);
    s = xent::SelfInformation(x.data, n, base, o.data);
    take("out", o.data, n);
  } else {
    Buffer q(in("q"), misalign), o(c.rows, misalign);
    if (op == "entropy") s = xent::Entropy(x.data, c.rows, c.classes, base, o.data);
    if (op == "xent_dist") {
      s = xent::DistributionCrossEntropy(x.data, q.data, c.rows, c.classes, base, o.data);
    }
    if (op == "kl")
      s = xent::KLDivergence(x.data, q.data, c.rows, c.classes, base, o.data);
    if (op == "js")
      s = xent::JSDivergence(x.data, q.data, c.rows, c.classes, base, o.data);
    take("out", o.data, c.rows);
  }
  INFO("case " << c.name);
  REQUIRE(s == xent::Status::kOk);
  return out;
}

// Below float's smallest normal only absolute accuracy exists: the bar applied at
// 2^-126 plus one subnormal step (kernels.h).
constexpr double kSubnormalSlack = 1e-6 * 0x1p-126 + 0x1p-149;

bool LogDomain(const std::string& op, const std::string& output) {
  return (op == "log_softmax" || op == "logsumexp") && output == "out";
}

}  // namespace

std::vector<float> ToFloat(const std::vector<double>& v) {
  return std::vector<float>(v.begin(), v.end());
}

const std::vector<OracleCase>& Cases(const std::string& family) {
  static std::map<std::string, std::vector<OracleCase>> cache;
  auto it = cache.find(family);
  if (it == cache.end()) it = cache.emplace(family, Load(family)).first;
  return it->second;
}

std::string& CurrentTarget() {
  static std::string target;
  return target;
}

void RecordError(const std::string& function, double relative_error) {
  Worst& w = Report()[function];
  ++PerTargetCount()[CurrentTarget()];
  w.error = std::max(w.error, relative_error);
  ++w.count;
}

void ForEachTarget(const std::function<void()>& fn) {
#if HWY_ARCH_WASM
  DYNAMIC_SECTION("target " << hwy::TargetName(HWY_STATIC_TARGET)) {
    CurrentTarget() = hwy::TargetName(HWY_STATIC_TARGET);
    fn();
  }
#else
  for (int64_t target : hwy::SupportedAndGeneratedTargets()) {
    DYNAMIC_SECTION("target " << hwy::TargetName(target)) {
      hwy::SetSupportedTargetsForTest(target);
      REQUIRE(std::string(xent::ActiveTargetName()) == hwy::TargetName(target));
      CurrentTarget() = hwy::TargetName(target);
      fn();
      hwy::SetSupportedTargetsForTest(0);
    }
  }
#endif
}

void CheckFamily(const std::string& family, const std::vector<std::string>& ops) {
  const std::vector<OracleCase>& cases = Cases(family);
  REQUIRE(!cases.empty());
  size_t checked = 0;
  for (const OracleCase& c : cases) {
    if (!ops.empty() && std::find(ops.begin(), ops.end(), c.op) == ops.end()) continue;
    for (size_t misalign : {0, 1}) {
      const auto got = Run(c, misalign);
      for (const auto& [name, want] : c.want) {
        INFO("case " << c.name << ", output " << name << ", misalign " << misalign);
        const std::vector<float>& g = got.at(name);
        REQUIRE(g.size() == want.size());
        const auto mag_it = c.mag.find(name);
        const std::string function = c.op + (name == "grad" ? " grad" : "");
        for (size_t i = 0; i < want.size(); ++i) {
          const double w = want[i], v = g[i];
          INFO("index " << i << ": got " << v << ", want " << w);
          if (std::isnan(w) || std::isinf(w)) {
            CHECK(((std::isnan(w) && std::isnan(v)) || v == w));
            continue;
          }
          if (std::fabs(w) > std::numeric_limits<float>::max()) {
            // Beyond float's range (e.g. log-softmax of -3e38 next to 3e38): the
            // correctly rounded float result is an infinity of the same sign.
            CHECK(((std::isinf(v) || std::fabs(v) == std::numeric_limits<float>::max()) &&
                   (v < 0) == (w < 0)));
            continue;
          }
          REQUIRE(std::isfinite(v));
          double scale;
          if (mag_it != c.mag.end()) {
            scale = mag_it->second[i];
          } else if (LogDomain(c.op, name)) {
            scale = 1.0 + std::fabs(w);
          } else {
            scale = std::fabs(w);
          }
          const double err = std::fabs(v - w);
          CHECK(err <= 1e-6 * scale + kSubnormalSlack);
          if (scale > 1e-30) RecordError(function, err / scale);
          ++checked;
        }
      }
    }
  }
  INFO("family " << family);
  CHECK(checked > 0);
}

// Prints the worst error per function when the run ends, so the margin is visible.
struct ErrorReporter : Catch::TestEventListenerBase {
  using TestEventListenerBase::TestEventListenerBase;
  void testRunEnded(const Catch::TestRunStats&) override {
    printf("Worst error per function (relative to the bar's scale; bar = 1e-06):\n");
    for (const auto& [function, worst] : Report()) {
      printf("  %-14s %.3g over %zu values\n", function.c_str(), worst.error,
             worst.count);
    }
    printf("Highway targets tested (oracle values compared):");
    for (const auto& [t, count] : PerTargetCount()) printf(" %s (%zu)", t.c_str(), count);
    printf("\nHighway target the dispatcher picks here: %s\n", xent::ActiveTargetName());
  }
};
CATCH_REGISTER_LISTENER(ErrorReporter)

}  // namespace xent_test
