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
// confident prediction's tiny loss keeps its relative accuracy. The gradient w.r.t. x
// is (p[c] * A - a[c]) / t.
// Class-index targets: a[c] = (1 - e) w[y] [c == y] + (e / C) w[c]; probability
// targets: a[c] = w[c] ((1 - e) target[c] + e / C). A class with a[c] = 0 contributes
// 0 even where d[c] = -inf (0 * log 0 = 0). Natural units.
// Max error: < 1e-6 relative vs. the mpmath oracle (xent_test.cc).
//
// A loss needs no stored exponentials (two passes: max, sum of exp); with a gradient
// the exponentials are stored in the gradient row and scaled in a third pass.

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

// sum_c w[c] * d[c] (w = 1 if null), skipping classes whose weight is 0.
template <bool kScaled, class D>
HWY_INLINE double WeightedShiftSum(D d, const float* HWY_RESTRICT x,
                                   const float* HWY_RESTRICT w, size_t n, float m,
                                   float t) {
  using V = hn::Vec<D>;
  const size_t N = hn::Lanes(d);
  const V vm = hn::Set(d, m), vt = hn::Set(d, t), vinv = hn::Set(d, 1.0f / t);
  BlockSum<D> sum(d);
  for (size_t i = 0; i < n; i += N) {
    const size_t count = LanesLeft(d, i, n);
    const V xv = LoadNOr(d, x + i, count, m);
    V lo;
    const V dv = hn::Add(DiffTwoSum<kScaled>(d, xv, vm, vt, vinv, &lo), lo);
    if (w) {
      const V wv = LoadNOr(d, w + i, count, 0.0f);
      sum.Add(hn::IfThenZeroElse(hn::Eq(wv, hn::Zero(d)), hn::Mul(wv, dv)));
    } else {
      sum.Add(dv);
    }
  }
  return sum.Total();
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
  const double scale = a.grad_scale / a.t;
  const double wy = a.weight ? a.weight[y] : 1.0;
  float m;
  const RowKind kind = ClassifyRow(d, xr, C, &m);
  if (kind == RowKind::kNaN) return NaNLossRow(g, C);
  if (kind == RowKind::kLimit) {
    const auto coeff = [&](size_t c) {
      return (c == y ? (1.0 - e) * wy : 0.0) +
             e_per_class * (a.weight ? a.weight[c] : 1.0);
    };
    return LimitLossRow(xr, C, m, coeff, scale, g);
  }
  // Everything read from x comes before the exponentials are stored, so `grad` may
  // alias `logits`.
  const float shift = RowShift<kScaled>(m);
  const double dy = (double(xr[y]) - double(shift)) / a.t;  // <= 0
  const double wd =
      e > 0 ? WeightedShiftSum<kScaled>(d, xr, a.weight, C, shift, a.t) : 0.0;
  SumExcept<D> sums(d, y);
  AddStoreExpMinusShift<kScaled>(d, xr, C, shift, a.t, g, sums);
  // s = e^d[y] + rest, and -log p[y] = log s - d[y] = log1p(rest / e^d[y]), which
  // keeps its relative accuracy however small the loss (SumExcept). Far below the max
  // (d[y] < -40) the loss is >= 40 and log s - d[y] is as good.
  const double rest = sums.Total();
  // A NaN beside a finite max (y's own term is not in rest).
  if (std::isnan(rest) || std::isnan(dy)) return NaNLossRow(g, C);
  const double ey = std::exp(dy);
  const double s = ey + rest;
  const bool near = dy > -40.0;
  const double log_s = (e > 0 || !near) ? std::log(s) : 0.0;  // only when used
  const double nll_y = near ? std::log1p(rest / ey) : log_s - dy;
  const double cy = (1.0 - e) * wy;  // 0 * (-log 0) = 0 when e = 1 or w[y] = 0
  double loss = cy != 0.0 ? cy * nll_y : 0.0;
  // sum_c w[c] (log s - d[c]): terms >= 0, as log s >= max d.
  if (e > 0) loss += e_per_class * (a.weight_sum * log_s - wd);
  if (g) {
    const double alpha = cy + e_per_class * a.weight_sum;
    GradFromExp(d, g, a.weight, C, static_cast<float>(scale * alpha / s),
                static_cast<float>(scale * e_per_class));
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
  const V keep = hn::Set(d, 1.0f - a.smoothing);
  const V spread = hn::Set(d, static_cast<float>(double(a.smoothing) / double(C)));
  const V vt = hn::Set(d, a.t), vinv = hn::Set(d, 1.0f / a.t);
  const double scale = a.grad_scale / a.t;
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
    float m;
    const RowKind kind = ClassifyRow(d, xr, C, &m);
    double loss;
    if (kind == RowKind::kNaN) {
      loss = NaNLossRow(g, C);
    } else if (kind == RowKind::kLimit) {
      const double ec = double(a.smoothing) / double(C);
      const auto coeff_c = [&](size_t c) {
        return (a.weight ? a.weight[c] : 1.0) * ((1.0 - a.smoothing) * tr[c] + ec);
      };
      loss = LimitLossRow(xr, C, m, coeff_c, scale, g);
    } else {
      const V vm = hn::Set(d, m);
      SumBelowMax<D> s_sum(d, m);  // see CrossEntropyIndexRows
      BlockSum<D> a_sum(d), ad_sum(d);
      for (size_t i = 0; i < C; i += N) {
        const size_t count = LanesLeft(d, i, C);
        const V xv = LoadNOr(d, xr + i, count, -kInf);
        V lo;
        const V hi = DiffTwoSum<kScaled>(d, xv, vm, vt, vinv, &lo);
        const V ev = ExpNonPositive(d, hi, lo);
        const V av = coeff(tr, i, count);
        s_sum.Add(i, xv, ev);
        a_sum.Add(av);
        ad_sum.Add(
            hn::IfThenZeroElse(hn::Eq(av, hn::Zero(d)), hn::Mul(av, hn::Add(hi, lo))));
        if (g) StoreN(ev, d, g + i, count);
      }
      // The shift is m itself, so s = ties + rest and both loss terms are >= 0.
      const double rest = s_sum.Rest(), ties = s_sum.Ties();
      const double s = ties + rest, A = a_sum.Total();
      loss = A * std::log1p((ties - 1.0) + rest) - ad_sum.Total();
      if (std::isnan(rest)) {
        loss = NaNLossRow(g, C);  // a NaN beside a finite max
      } else if (g) {
        // g = (e * A / s - a) * scale, recomputing a from the target row.
        const V va = hn::Set(d, static_cast<float>(A / s));
        const V vs = hn::Set(d, static_cast<float>(scale));
        for (size_t i = 0; i < C; i += N) {
          const size_t count = LanesLeft(d, i, C);
          const V ev = LoadNOr(d, g + i, count, 0.0f);
          const V gv = hn::Mul(hn::MulSub(ev, va, coeff(tr, i, count)), vs);
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
