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
// Inputs: p in [0, 1] (checked by the caller), any z. Natural units.
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
#include "src/kernels/sum-inl.h"
#include "src/kernels/tail-inl.h"

HWY_BEFORE_NAMESPACE();
namespace xent {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// s(z) and s(-z) = 1 - s(z), both without cancellation.
template <class D>
HWY_INLINE void SigmoidPair(D d, hn::Vec<D> z, hn::Vec<D>* s_pos, hn::Vec<D>* s_neg,
                            hn::Vec<D>* e_out) {
  using V = hn::Vec<D>;
  const V one = hn::Set(d, 1.0f);
  const V e = hn::Exp(d, hn::Neg(hn::Abs(z)));  // in (0, 1]; 0 at |z| = inf
  const V inv = hn::Div(one, hn::Add(one, e));
  const V small = hn::Mul(e, inv);
  const auto nonneg = hn::Ge(z, hn::Zero(d));
  // hn::Exp maps NaN to 0; put the NaN back.
  const auto nan = hn::IsNaN(z);
  *s_pos = hn::IfThenElse(nan, z, hn::IfThenElse(nonneg, inv, small));
  *s_neg = hn::IfThenElse(nan, z, hn::IfThenElse(nonneg, small, inv));
  if (e_out) *e_out = e;
}

template <BinaryKind kKind, class D>
HWY_INLINE void BinaryTerm(D d, hn::Vec<D> a, hn::Vec<D> y, hn::Vec<D> w, hn::Vec<D> pw,
                           hn::Vec<D>* loss, hn::Vec<D>* grad) {
  using V = hn::Vec<D>;
  const V zero = hn::Zero(d), one = hn::Set(d, 1.0f);
  const V one_minus_y = hn::Sub(one, y);
  if (kKind == BinaryKind::kMse) {
    const V diff = hn::Sub(a, y);
    *loss = hn::Mul(diff, diff);
    *grad = hn::Add(diff, diff);
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
    *loss = hn::Neg(hn::Mul(w, hn::MulAdd(y, lp, hn::Mul(one_minus_y, lq))));
    const V denom = hn::Max(hn::Mul(a, hn::Sub(one, a)), hn::Set(d, 1e-12f));
    *grad = hn::Div(hn::Mul(w, hn::Sub(a, y)), denom);
    return;
  }
  // kBceLogits.
  V s_pos, s_neg, e;
  SigmoidPair(d, a, &s_pos, &s_neg, &e);
  const V l1p = hn::Log1p(d, e);
  const V sp_pos = hn::Add(hn::Max(a, zero), l1p);           // softplus(z)
  const V sp_neg = hn::Add(hn::Max(hn::Neg(a), zero), l1p);  // softplus(-z)
  const V pwy = hn::Mul(pw, y);
  const V t0 =
      hn::IfThenZeroElse(hn::Eq(one_minus_y, zero), hn::Mul(one_minus_y, sp_pos));
  const V t1 = hn::IfThenZeroElse(hn::Eq(pwy, zero), hn::Mul(pwy, sp_neg));
  const auto nan = hn::IsNaN(a);  // Max(NaN, 0) is 0 on x86: keep NaN logits NaN
  *loss = hn::IfThenElse(nan, a, hn::Mul(w, hn::Add(t0, t1)));
  *grad = hn::Mul(w, hn::MulSub(one_minus_y, s_pos, hn::Mul(pwy, s_neg)));
}

// Returns the sum of the element losses in nats; per-element losses are stored in the
// caller's units (loss_scale).
template <BinaryKind kKind>
HWY_INLINE double BinaryRows(const float* HWY_RESTRICT a, const float* HWY_RESTRICT y,
                             const BinaryArgs& args) {
  using D = hn::ScalableTag<float>;
  using V = hn::Vec<D>;
  const D d;
  const size_t N = hn::Lanes(d);
  const size_t C = args.classes;
  const V one = hn::Set(d, 1.0f);
  const V vscale = hn::Set(d, args.grad_scale);
  const V vloss_scale = hn::Set(d, args.loss_scale);
  BlockSum<D> sum(d);
  for (size_t r = 0; r < args.rows; ++r) {
    const size_t base = r * C;
    const float* w = args.weight
                         ? (args.weight_per_element ? args.weight + base : args.weight)
                         : nullptr;
    for (size_t i = 0; i < C; i += N) {
      const size_t count = LanesLeft(d, i, C);
      auto load = [&](const float* p, float fill) {
        return LoadNOr(d, p + i, count, fill);
      };
      const V av = load(a + base, 0.5f);
      const V yv = load(y + base, 0.5f);
      const V wv = w ? load(w, 0.0f) : one;
      const V pwv = args.pos_weight ? load(args.pos_weight, 1.0f) : one;
      V loss, grad;
      BinaryTerm<kKind>(d, av, yv, wv, pwv, &loss, &grad);
      if (count != N) loss = hn::IfThenElseZero(hn::FirstN(d, count), loss);
      sum.Add(loss);
      if (args.loss) {
        StoreN(hn::Mul(loss, vloss_scale), d, args.loss + base + i, count);
      }
      if (args.grad) {
        grad = hn::Mul(grad, vscale);
        StoreN(grad, d, args.grad + base + i, count);
      }
    }
  }
  return sum.Total();
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
    SigmoidPair(d, zv, &s_pos, &s_neg, static_cast<V*>(nullptr));
    StoreN(s_pos, d, out + i, count);
    if (grad) StoreN(hn::Mul(s_pos, s_neg), d, grad + i, count);
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace xent
HWY_AFTER_NAMESPACE();

#endif  // SOFTMAX_XENT_BINARY_INL_H_
