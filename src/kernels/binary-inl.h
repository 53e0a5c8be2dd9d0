// Elementwise losses, per target: binary cross-entropy from probabilities and from
// logits, sigmoid, and mean squared error, each with its gradient.
//
// BinaryCrossEntropy: -w (y max(log p, -100) + (1 - y) max(log(1 - p), -100)),
//   gradient w (p - y) / max(p (1 - p), 1e-12), as torch's binary_cross_entropy.
// BinaryCrossEntropyWithLogits: w ((1 - y) softplus(z) + pw y softplus(-z)), with
//   softplus(z) = max(z, 0) + log1p(exp(-|z|)); gradient w ((1 - y) s(z) - pw y s(-z)).
//   A term whose factor is 0 is 0, so z = +-inf gives the limits, never NaN.
// Sigmoid: s(z) = 1 / (1 + exp(-z)), from exp(-|z|) so nothing overflows.
// Mse: (a - y)^2, gradient 2 (a - y).
// Inputs: p in [0, 1] (checked by the caller), any z. The caller's units: the weight
// lanes carry loss_scale = 1 / ln(base), applied before the products so that a small
// term scaled up (a base near 1) is not formed as a subnormal first.
// Products are ordered so that nothing normal is formed from a subnormal: (p - y) /
// max(p (1 - p), 1e-12) before the weight, y (pw softplus(-z)) rather than (pw y) ...
// A lane whose loss or gradient leaves [-2^100, 2^100] (a float overflow on the way,
// as (a - y)^2 at 2e19, or a NaN) is recomputed in double (BinaryTermDouble), and the
// sum of the losses is a double of float blocks that cannot overflow, so 'mean' and
// 'sum' are right wherever the result is a float.
// Max error: < 1e-6 relative vs. the mpmath oracle (binary_test.cc).

#if defined(SOFTMAX_XENT_BINARY_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef SOFTMAX_XENT_BINARY_INL_H_
#undef SOFTMAX_XENT_BINARY_INL_H_
#else
#define SOFTMAX_XENT_BINARY_INL_H_
#endif

#include <cmath>
#include <limits>

#include "hwy/contrib/math/math-inl.h"
#include "hwy/highway.h"
#include "src/kernels/dispatch.h"
#include "src/kernels/exp-inl.h"
#include "src/kernels/sum-inl.h"
#include "src/kernels/tail-inl.h"

HWY_BEFORE_NAMESPACE();
namespace xent {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// s(z) and s(-z) = 1 - s(z), both without cancellation. The exponential is
// exp-inl.h's, scaled by 2^64: s(-|z|) for |z| in (87.3, 103.9) is a subnormal, formed
// from the scaled value with one rounding instead of being flushed.
template <class D>
HWY_INLINE void SigmoidPair(D d, hn::Vec<D> z, hn::Vec<D>* s_pos, hn::Vec<D>* s_neg) {
  using V = hn::Vec<D>;
  const V one = hn::Set(d, 1.0f);
  const V unscale = hn::Set(d, static_cast<float>(kExpUnscale));
  const V e_scaled = ExpNonPositive(d, hn::Neg(hn::Abs(z)), hn::Zero(d));
  const V e = hn::Mul(e_scaled, unscale);  // in [0, 1]; 0 at |z| = inf
  const V inv = hn::Div(one, hn::Add(one, e));
  const V small = hn::Mul(hn::Mul(e_scaled, inv), unscale);
  const auto nonneg = hn::Ge(z, hn::Zero(d));
  // Keep NaN logits NaN whatever the selects above made of them.
  const auto nan = hn::IsNaN(z);
  *s_pos = hn::IfThenElse(nan, z, hn::IfThenElse(nonneg, inv, small));
  *s_neg = hn::IfThenElse(nan, z, hn::IfThenElse(nonneg, small, inv));
}

// The loss and gradient lanes of one kind, in the caller's units: w is the weight
// times the loss scale, wg the weight times the gradient scale (the loss scale, / n
// for 'mean').
template <BinaryKind kKind, class D>
HWY_INLINE void BinaryTerm(D d, hn::Vec<D> a, hn::Vec<D> y, hn::Vec<D> w, hn::Vec<D> wg,
                           hn::Vec<D> pw, hn::Vec<D>* loss, hn::Vec<D>* grad) {
  using V = hn::Vec<D>;
  const V zero = hn::Zero(d), one = hn::Set(d, 1.0f);
  const V one_minus_y = hn::Sub(one, y);
  if (kKind == BinaryKind::kMse) {
    const V diff = hn::Sub(a, y);
    *loss = hn::Mul(diff, diff);
    *grad = hn::Mul(diff, hn::Add(wg, wg));  // no overflow of 2 (a - y) first
    return;
  }
  if (kKind == BinaryKind::kBce) {
    const V floor = hn::Set(d, -100.0f);
    const auto p_pos = hn::Gt(a, zero);
    const auto q_pos = hn::Lt(a, one);
    const V lp = hn::IfThenElse(
        p_pos, hn::Max(hn::Log(d, hn::IfThenElse(p_pos, a, one)), floor), floor);
    const V lq = hn::IfThenElse(
        q_pos, hn::Max(hn::Log1p(d, hn::Neg(hn::IfThenElse(q_pos, a, zero))), floor),
        floor);
    // w first: w log(1 - p) of a subnormal p is one rounding, then (1 - y) another.
    *loss = hn::Neg(hn::MulAdd(y, hn::Mul(w, lp), hn::Mul(one_minus_y, hn::Mul(w, lq))));
    const V denom = hn::Max(hn::Mul(a, hn::Sub(one, a)), hn::Set(d, 1e-12f));
    *grad = hn::Mul(hn::Div(hn::Sub(a, y), denom), wg);
    return;
  }
  // kBceLogits. Each factor meets the weight before the small exponentials, which come
  // from their 2^64-scaled form last: w softplus(-|z|) and w s(-|z|) keep their
  // accuracy when exp(-|z|) is a subnormal (or below float) and w (with a base near 1)
  // is large.
  const V unscale = hn::Set(d, static_cast<float>(kExpUnscale));
  const V e_s = ExpNonPositive(d, hn::Neg(hn::Abs(a)), zero);       // exp(-|z|) 2^64
  const V inv = hn::Div(one, hn::Add(one, hn::Mul(e_s, unscale)));  // s(|z|)
  // Below 2^-24, log1p(e) is e to float precision.
  const auto tiny = hn::Lt(e_s, hn::Set(d, 0x1p40f));
  const V l1p_w = hn::IfThenElse(tiny, hn::Mul(hn::Mul(e_s, w), unscale),
                                 hn::Mul(hn::Log1p(d, hn::Mul(e_s, unscale)), w));
  const V spw_pos = hn::Add(hn::Mul(hn::Max(a, zero), w), l1p_w);  // w softplus(z)
  const V spw_neg =
      hn::Add(hn::Mul(hn::Max(hn::Neg(a), zero), w), l1p_w);  // w softplus(-z)
  const auto y_zero = hn::Or(hn::Eq(y, zero), hn::Eq(pw, zero));
  const V t0 =
      hn::IfThenZeroElse(hn::Eq(one_minus_y, zero), hn::Mul(one_minus_y, spw_pos));
  const V t1 = hn::IfThenZeroElse(y_zero, hn::Mul(y, hn::Mul(pw, spw_neg)));
  const auto nan = hn::IsNaN(a);        // Max(NaN, 0) is 0 on x86: keep NaN logits NaN
  const auto w_zero = hn::Eq(w, zero);  // a zero weight's term is 0, even at z = +-inf
  *loss = hn::IfThenElse(nan, a, hn::IfThenZeroElse(w_zero, hn::Add(t0, t1)));
  const V big_w = hn::Mul(inv, wg);                                    // s(|z|) wg
  const V small_w = hn::Mul(hn::Mul(hn::Mul(e_s, inv), wg), unscale);  // s(-|z|) wg
  const auto nonneg = hn::Ge(a, zero);
  const V spos_w = hn::IfThenElse(nonneg, big_w, small_w);
  const V sneg_w = hn::IfThenElse(nonneg, small_w, big_w);
  *grad = hn::IfThenElse(
      nan, a, hn::MulSub(one_minus_y, spos_w, hn::Mul(y, hn::Mul(pw, sneg_w))));
}

// One element's loss and gradient in double, the same formulas as BinaryTerm (w and wg
// as there), for the lanes float cannot hold.
template <BinaryKind kKind>
HWY_INLINE void BinaryTermDouble(double a, double y, double w, double wg, double pw,
                                 double* loss, double* grad) {
  if (kKind == BinaryKind::kMse) {
    *loss = (a - y) * (a - y);
    *grad = 2.0 * (a - y) * wg;
    return;
  }
  if (kKind == BinaryKind::kBce) {
    const double lp = a > 0.0 ? std::fmax(std::log(a), -100.0) : -100.0;
    const double lq = a < 1.0 ? std::fmax(std::log1p(-a), -100.0) : -100.0;
    *loss = -w * (y * lp + (1.0 - y) * lq);
    *grad = (a - y) / std::fmax(a * (1.0 - a), 1e-12) * wg;
    return;
  }
  const double e = std::exp(-std::fabs(a));
  const double l1p = std::log1p(e);
  const double sp_pos = std::fmax(a, 0.0) + l1p, sp_neg = std::fmax(-a, 0.0) + l1p;
  const double s_pos = a >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
  const double s_neg = a >= 0 ? e / (1.0 + e) : 1.0 / (1.0 + e);
  const double t0 = y == 1.0 ? 0.0 : (1.0 - y) * sp_pos;
  const double t1 = (y == 0.0 || pw == 0.0) ? 0.0 : y * (pw * sp_neg);
  *loss = std::isnan(a) ? a : (w == 0.0 ? 0.0 : w * (t0 + t1));
  *grad = ((1.0 - y) * s_pos - y * (pw * s_neg)) * wg;
}

// Returns the sum of the element losses in the caller's units (loss_scale applied);
// per-element losses are stored likewise.
template <BinaryKind kKind>
HWY_INLINE double BinaryRows(const float* HWY_RESTRICT a, const float* HWY_RESTRICT y,
                             const BinaryArgs& args) {
  using D = hn::ScalableTag<float>;
  using V = hn::Vec<D>;
  const D d;
  const size_t N = hn::Lanes(d);
  const size_t C = args.classes;
  const V one = hn::Set(d, 1.0f);
  const V vscale = hn::Set(d, static_cast<float>(args.grad_scale));
  const V vloss_scale = hn::Set(d, static_cast<float>(args.loss_scale));
  const V big = hn::Set(d, 0x1p100f);
  BlockSum<D> sum(d);  // float blocks of terms <= 2^100: no overflow before double
  double wide_sum = 0.0;
  for (size_t r = 0; r < args.rows; ++r) {
    const size_t base = r * C;
    const float* w = args.weight
                         ? (args.weight_per_element ? args.weight + base : args.weight)
                         : nullptr;
    const float* pw =
        args.pos_weight
            ? (args.pos_weight_per_element ? args.pos_weight + base : args.pos_weight)
            : nullptr;
    for (size_t i = 0; i < C; i += N) {
      const size_t count = LanesLeft(d, i, C);
      auto load = [&](const float* p, float fill) {
        return LoadNOr(d, p + i, count, fill);
      };
      const V av = load(a + base, 0.5f);
      const V yv = load(y + base, 0.5f);
      const V w_raw = w ? load(w, 0.0f) : one;
      const V wv = kKind == BinaryKind::kMse ? one : hn::Mul(w_raw, vloss_scale);
      const V wg = hn::Mul(w_raw, vscale);
      const V pwv = pw ? load(pw, 1.0f) : one;
      V loss, grad;
      BinaryTerm<kKind>(d, av, yv, wv, wg, pwv, &loss, &grad);
      if (count != N) loss = hn::IfThenElseZero(hn::FirstN(d, count), loss);
      const auto in_range =
          hn::And(hn::Le(hn::Abs(loss), big), hn::Le(hn::Abs(grad), big));
      if (HWY_UNLIKELY(!hn::AllTrue(d, in_range))) {
        // Rare: redo the vector in double, lane by lane (the inputs are still the
        // loaded lanes, so outputs that alias them are fine).
        HWY_ALIGN float la[kMaxLanes], ly[kMaxLanes], lw[kMaxLanes], lp[kMaxLanes];
        HWY_ALIGN float lloss[kMaxLanes], lgrad[kMaxLanes];
        hn::Store(av, d, la);
        hn::Store(yv, d, ly);
        hn::Store(w_raw, d, lw);
        hn::Store(pwv, d, lp);
        const double ls = kKind == BinaryKind::kMse ? 1.0 : args.loss_scale;
        for (size_t k = 0; k < N; ++k) {
          double lk = 0.0, gk = 0.0;
          if (k < count) {
            BinaryTermDouble<kKind>(la[k], ly[k], lw[k] * ls, lw[k] * args.grad_scale,
                                    lp[k], &lk, &gk);
          }
          wide_sum += lk;
          lloss[k] = static_cast<float>(lk);
          lgrad[k] = static_cast<float>(gk);
        }
        loss = hn::Load(d, lloss);
        grad = hn::Load(d, lgrad);
      } else {
        sum.Add(loss);
      }
      if (args.loss) StoreN(loss, d, args.loss + base + i, count);
      if (args.grad) StoreN(grad, d, args.grad + base + i, count);
    }
  }
  return sum.Total() + wide_sum;
}

HWY_INLINE void SigmoidN(const float* HWY_RESTRICT z, size_t n, float* out, float* grad) {
  using D = hn::ScalableTag<float>;
  using V = hn::Vec<D>;
  const D d;
  const size_t N = hn::Lanes(d);
  for (size_t i = 0; i < n; i += N) {
    const size_t count = LanesLeft(d, i, n);
    const V zv = LoadNOr(d, z + i, count, 0.0f);
    V s_pos, s_neg;
    SigmoidPair(d, zv, &s_pos, &s_neg);
    StoreN(s_pos, d, out + i, count);
    if (grad) StoreN(hn::Mul(s_pos, s_neg), d, grad + i, count);
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace xent
HWY_AFTER_NAMESPACE();

#endif  // SOFTMAX_XENT_BINARY_INL_H_
