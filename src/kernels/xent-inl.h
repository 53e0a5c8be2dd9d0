// Cross-entropy from logits, optionally fused with its gradient, per target.
//
// With z = x / t, log p[c] = d[c] - log s, where d[c] = (x[c] - shift) / t and
// s = sum_c exp(d[c]). With class indices the shift is RowShift(max x) (the max rounded
// up by less than 2^-15 without a temperature); with probability targets it is the max
// itself, which lets SumBelowMax keep the max's own terms apart. For per-class
// coefficients a[c] >= 0 (the target mass times the class weight), the row loss is
//   -sum_c a[c] log p[c] = A * log s - sum_c a[c] d[c],   A = sum_c a[c],
// a sum of terms a[c] (log s - d[c]) >= 0. With class indices the target's term is
// formed as log1p(rest / e^d[y]), rest the sum without the target (SumExcept), so a
// confident prediction's tiny loss keeps its relative accuracy; the smoothing term is
// formed from the max's own -log p and gaps to the max, all >= 0 (see
// CrossEntropyIndexRow). The gradient w.r.t. x is (p[c] * A - a[c]) / t. The
// exponentials are scaled by 2^64 (exp-inl.h), so terms far below float's smallest
// normal still count in rest.
// Class-index targets: a[c] = (1 - e) w[y] [c == y] + (e / C) w[c]; probability
// targets: a[c] = w[c] ((1 - e) target[c] + e / C). A class with a[c] = 0 contributes
// 0 even where d[c] = -inf (0 * log 0 = 0). Natural units.
// Max error: < 1e-6 relative vs. the mpmath oracle (xent_test.cc).
//
// A loss needs no stored exponentials (two passes: max, sum of exp); with a gradient
// the exponentials are stored in the gradient row and scaled in a third pass.
// Rows whose differences could leave float's range (a max of 2^103 or more; for the
// sums over w (x - max) / t, a spread over t past 2^100 with probability targets, or a
// smoothing sum that overflowed with class indices) take wide.h's double path.

#if defined(SOFTMAX_XENT_XENT_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef SOFTMAX_XENT_XENT_INL_H_
#undef SOFTMAX_XENT_XENT_INL_H_
#else
#define SOFTMAX_XENT_XENT_INL_H_
#endif

#include "src/kernels/dispatch.h"
#include "src/kernels/row-inl.h"

HWY_BEFORE_NAMESPACE();
namespace xent {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// sum_c w[c] (m - x[c]) / t (w = 1 if null; terms >= 0 for the row max m), skipping
// classes whose weight is 0; +-inf or NaN if a difference or a partial sum leaves
// float (the caller then takes the double path).
template <bool kScaled, class D>
HWY_INLINE double WeightedGapSum(D d, const float* HWY_RESTRICT x,
                                 const float* HWY_RESTRICT w, size_t n, float m,
                                 const Temperature& t) {
  using V = hn::Vec<D>;
  const size_t N = hn::Lanes(d);
  const V vm = hn::Set(d, m);
  const TemperatureLanes<D> vt(d, t);
  BlockSum<D> sum(d);
  for (size_t i = 0; i < n; i += N) {
    const size_t count = LanesLeft(d, i, n);
    const V xv = LoadNOr(d, x + i, count, m);
    V lo;
    const V dv = hn::Add(DiffTwoSum<kScaled>(d, xv, vm, vt, &lo), lo);  // <= 0
    if (w) {
      const V wv = LoadNOr(d, w + i, count, 0.0f);
      sum.Add(hn::IfThenZeroElse(hn::Eq(wv, hn::Zero(d)), hn::Mul(wv, dv)));
    } else {
      sum.Add(dv);
    }
  }
  return -sum.Total();
}

// Whether a kFinite row with probability targets must still take the double path
// because its loss sums w[c] (x[c] - max) / t could pass float's range (that sum is
// formed in the pass that stores the gradient, too late to fall back): the spread
// (max - lo) / t, lo the smallest entry above -inf, times the largest |weight|, past
// 2^100 (never for ordinary logits and temperatures).
HWY_INLINE bool WideLoss(float m, float lo, const XentArgs& a) {
  return (double(m) - double(lo)) / a.t.t * a.weight_max > 0x1p100;
}

// The float factor f 2^-64 that turns the stored scaled exponentials of a row into
// p-proportional terms. If that factor would leave float's normal range (f < 2^-36,
// rare), the stored terms are unscaled first and f itself is returned.
template <class D>
HWY_INLINE float UnscaleFactor(D d, float* HWY_RESTRICT g, size_t n, double f) {
  const double scaled = f * kExpUnscale;
  if (f == 0.0 || std::fabs(scaled) >= 0x1p-100) return static_cast<float>(scaled);
  MulC(d, g, n, static_cast<float>(kExpUnscale));
  return static_cast<float>(f);
}

// Stores g = e * alpha - beta * w (w = 1 if null) over a row, in place over e.
template <class D>
HWY_INLINE void GradFromExp(D d, float* HWY_RESTRICT g, const float* HWY_RESTRICT w,
                            size_t n, float alpha, float beta) {
  using V = hn::Vec<D>;
  const size_t N = hn::Lanes(d);
  const V va = hn::Set(d, alpha), vb = hn::Set(d, beta);
  size_t i = 0;
  if (!w) {
    for (; i + 2 * N <= n; i += 2 * N) {
      const V r0 = hn::MulSub(hn::LoadU(d, g + i), va, vb);
      const V r1 = hn::MulSub(hn::LoadU(d, g + i + N), va, vb);
      hn::StoreU(r0, d, g + i);
      hn::StoreU(r1, d, g + i + N);
    }
  }
  for (; i < n; i += N) {
    const size_t count = LanesLeft(d, i, n);
    const V e = LoadNOr(d, g + i, count, 0.0f);
    V b = vb;
    if (w) b = hn::Mul(vb, LoadNOr(d, w + i, count, 0.0f));
    const V r = hn::MulSub(e, va, b);
    StoreN(r, d, g + i, count);
  }
}

// A row that holds a NaN: NaN loss and, if g is not null, a NaN gradient row.
HWY_INLINE double NaNLossRow(float* g, size_t C) {
  if (g) FillRow(g, C, kNaN);
  return std::numeric_limits<double>::quiet_NaN();
}

// The loss of a kLimit row with max m (rare, so scalar), for coefficients a[c] =
// coeff(c): sum_c a[c] (-log p[c]) over the classes with a[c] != 0, and if g is not
// null the gradient scale * (p[c] A - a[c]), A = sum_c a[c].
template <class Coeff>
HWY_INLINE double LimitLossRow(const float* HWY_RESTRICT x, size_t C, float m,
                               const Coeff& coeff, double scale, float* g) {
  const LimitRow limit(x, C, m);
  double loss = 0.0, A = 0.0;
  for (size_t c = 0; c < C; ++c) {
    const double ac = coeff(c);
    A += ac;
    if (ac != 0.0) loss += ac * -limit.LogProb(c);
  }
  if (g) {
    for (size_t c = 0; c < C; ++c) {
      g[c] = static_cast<float>(scale * (limit.Prob(c) * A - coeff(c)));
    }
  }
  return loss;
}

// The loss of one row with class-index target y (not ignored), its gradient in g
// unless g is null.
template <bool kScaled, class D>
HWY_INLINE double CrossEntropyIndexRow(D d, const float* HWY_RESTRICT xr, size_t y,
                                       const XentArgs& a, float* g) {
  const size_t C = a.classes;
  const double e = a.smoothing;
  const double e_per_class = e / double(C);
  const double t = a.t.t;
  const double scale = a.grad_scale / t;
  const double wy = a.weight ? a.weight[y] : 1.0;
  const auto coeff = [&](size_t c) {
    return (c == y ? (1.0 - e) * wy : 0.0) + e_per_class * (a.weight ? a.weight[c] : 1.0);
  };
  float m;
  const RowKind kind = ClassifyRow(d, xr, C, &m);
  if (kind == RowKind::kNaN) return NaNLossRow(g, C);
  if (kind == RowKind::kLimit) return LimitLossRow(xr, C, m, coeff, scale, g);
  if (kind == RowKind::kWide) return wide::LossRow(xr, C, m, t, coeff, scale, g);
  // Everything read from x comes before the exponentials are stored, so `grad` may
  // alias `logits`.
  const float shift = RowShift<kScaled>(m);
  const double dy = (double(xr[y]) - double(shift)) / t;  // <= 0
  const double gaps = e > 0 ? WeightedGapSum<kScaled>(d, xr, a.weight, C, m, a.t) : 0.0;
  // Not finite: a difference over t or a float partial sum overflowed (or the row holds
  // a NaN, or a -inf logit with a nonzero weight, which the double path gives as well).
  // Nothing has been written yet, so the row can still take the double path; checking
  // here costs nothing, where WideLoss would cost the ordinary row a min.
  if (!std::isfinite(gaps)) return wide::LossRow(xr, C, m, t, coeff, scale, g);
  SumExcept<D> sums(d, y);
  AddStoreExpMinusShift<kScaled>(d, xr, C, shift, a.t, g, sums);
  // s = e^d[y] + rest, and -log p[y] = log s - d[y] = log1p(rest / e^d[y]), which
  // keeps its relative accuracy however small the loss (SumExcept). Far below the max
  // (d[y] < -40) the loss is >= 40 and log s - d[y] is as good.
  const double rest = sums.Total() * kExpUnscale;
  // A NaN beside a finite max (y's own term is not in rest).
  if (std::isnan(rest) || std::isnan(dy)) return NaNLossRow(g, C);
  const double ey = std::exp(dy);
  const double s = ey + rest;
  const bool near = dy > -40.0;
  const double nll_y = near ? std::log1p(rest / ey) : std::log(s) - dy;
  const double cy = (1.0 - e) * wy;  // 0 * (-log 0) = 0 when e = 1 or w[y] = 0
  double loss = cy != 0.0 ? cy * nll_y : 0.0;
  if (e > 0) {
    // sum_c w[c] (-log p[c]) with -log p[c] = l_max + (m - x[c]) / t, l_max the max's
    // own -log p: W l_max + gaps, two sums of terms >= 0, so a small smoothing loss
    // keeps its relative accuracy (the form W log s - sum w d cancels). l_max is
    // nll_y when y is a max; otherwise log s - (m - shift) / t, whose cancellation
    // costs ~1e-16 absolute in double, far below a loss that then holds the target's
    // own gap to the max.
    const double l_max =
        xr[y] == m ? nll_y : std::log(s) - (double(m) - double(shift)) / t;
    loss += e_per_class * (a.weight_sum * l_max + gaps);
  }
  if (g) {
    const double alpha = cy + e_per_class * a.weight_sum;
    const float f = UnscaleFactor(d, g, C, scale * alpha / s);
    GradFromExp(d, g, a.weight, C, f, static_cast<float>(scale * e_per_class));
    g[y] -= static_cast<float>(scale * cy);
  }
  return loss;
}

// Class-index targets. Returns the sum of the row losses in nats; per-row losses are
// stored in the caller's units (loss_scale).
template <bool kScaled>
HWY_INLINE double CrossEntropyIndexRows(const float* HWY_RESTRICT x,
                                        const int32_t* HWY_RESTRICT target,
                                        const XentArgs& a) {
  const hn::ScalableTag<float> d;
  const size_t C = a.classes;
  double total = 0.0;
  for (size_t r = 0; r < a.rows; ++r) {
    float* g = a.grad ? a.grad + r * C : nullptr;
    double loss = 0.0;
    if (target[r] == a.ignore_index) {
      if (g) FillRow(g, C, 0.0f);
    } else {
      loss = CrossEntropyIndexRow<kScaled>(d, x + r * C, size_t(target[r]), a, g);
    }
    if (a.row_loss) a.row_loss[r] = static_cast<float>(loss * a.loss_scale);
    total += loss;
  }
  return total;
}

// Probability targets. One fused pass computes s, A and sum a[c] d[c].
template <bool kScaled>
HWY_INLINE double CrossEntropyProbRows(const float* HWY_RESTRICT x,
                                       const float* HWY_RESTRICT target,
                                       const XentArgs& a) {
  using D = hn::ScalableTag<float>;
  using V = hn::Vec<D>;
  const D d;
  const size_t N = hn::Lanes(d);
  const size_t C = a.classes;
  // 1 - e and e / C rounded once from double: float(1 - float(e)) is 19 % off at
  // e = 1 - 1e-7.
  const V keep = hn::Set(d, static_cast<float>(1.0 - a.smoothing));
  const V spread = hn::Set(d, static_cast<float>(a.smoothing / double(C)));
  const TemperatureLanes<D> vt(d, a.t);
  const double scale = a.grad_scale / a.t.t;
  const double ec = a.smoothing / double(C);
  // a[c] for lanes [i, i + count).
  auto coeff = [&](const float* tr, size_t i, size_t count) {
    const V tv = LoadNOr(d, tr + i, count, 0.0f);
    V av = hn::MulAdd(tv, keep, spread);
    if (a.weight) {
      av = hn::Mul(av, LoadNOr(d, a.weight + i, count, 0.0f));
    }
    if (count != N) av = hn::IfThenElseZero(hn::FirstN(d, count), av);
    return av;
  };
  double total = 0.0;
  for (size_t r = 0; r < a.rows; ++r) {
    const float* xr = x + r * C;
    const float* tr = target + r * C;
    float* g = a.grad ? a.grad + r * C : nullptr;
    const auto coeff_c = [&](size_t c) {
      return (a.weight ? a.weight[c] : 1.0) * ((1.0 - a.smoothing) * tr[c] + ec);
    };
    float m, lo = 0.0f;
    RowKind kind = ClassifyRow(d, xr, C, &m, &lo);
    if (kind == RowKind::kFinite && WideLoss(m, lo, a)) kind = RowKind::kWide;
    double loss;
    if (kind == RowKind::kNaN) {
      loss = NaNLossRow(g, C);
    } else if (kind == RowKind::kLimit) {
      loss = LimitLossRow(xr, C, m, coeff_c, scale, g);
    } else if (kind == RowKind::kWide) {
      loss = wide::LossRow(xr, C, m, a.t.t, coeff_c, scale, g);
    } else {
      const V vm = hn::Set(d, m);
      SumBelowMax<D> s_sum(d, m);  // see CrossEntropyIndexRows
      BlockSum<D> a_sum(d), ad_sum(d);
      for (size_t i = 0; i < C; i += N) {
        const size_t count = LanesLeft(d, i, C);
        const V xv = LoadNOr(d, xr + i, count, -kInf);
        V lo;
        const V hi = DiffTwoSum<kScaled>(d, xv, vm, vt, &lo);
        const V ev = ExpNonPositive(d, hi, lo);
        const V av = coeff(tr, i, count);
        s_sum.Add(i, xv, ev);
        a_sum.Add(av);
        ad_sum.Add(
            hn::IfThenZeroElse(hn::Eq(av, hn::Zero(d)), hn::Mul(av, hn::Add(hi, lo))));
        if (g) StoreN(ev, d, g + i, count);
      }
      // The shift is m itself, so s = ties + rest and both loss terms are >= 0.
      const double rest = s_sum.Rest() * kExpUnscale, ties = s_sum.Ties();
      const double s = ties + rest, A = a_sum.Total();
      loss = A * std::log1p((ties - 1.0) + rest) - ad_sum.Total();
      if (std::isnan(rest)) {
        loss = NaNLossRow(g, C);  // a NaN beside a finite max
      } else if (g) {
        // g = e * (A / s) scale - a scale, recomputing a from the target row; the
        // scale goes into the factor, so a tiny e * A / s is not rounded (or lost) as
        // a subnormal before a scale > 1 multiplies it.
        const V va = hn::Set(d, UnscaleFactor(d, g, C, A / s * scale));
        const V vs = hn::Set(d, static_cast<float>(scale));
        for (size_t i = 0; i < C; i += N) {
          const size_t count = LanesLeft(d, i, C);
          const V ev = LoadNOr(d, g + i, count, 0.0f);
          const V gv = hn::MulSub(ev, va, hn::Mul(coeff(tr, i, count), vs));
          StoreN(gv, d, g + i, count);
        }
      }
    }
    if (a.row_loss) a.row_loss[r] = static_cast<float>(loss * a.loss_scale);
    total += loss;
  }
  return total;
}

}  // namespace HWY_NAMESPACE
}  // namespace xent
HWY_AFTER_NAMESPACE();

#endif  // SOFTMAX_XENT_XENT_INL_H_
