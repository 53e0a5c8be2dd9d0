// Backward passes of softmax and log-softmax over rows (vector-Jacobian products), per
// target.
//
// SoftmaxBackward:    dx[c] = y[c] (dy[c] - sum_j dy[j] y[j]),   y = softmax(x)
// LogSoftmaxBackward: dx[c] = dy[c] - exp(y[c]) sum_j dy[j],     y = log_softmax(x)
// Inputs: any floats, used as given (a NaN propagates; y = -inf has exp(y) = 0).
// Two passes per row: the sum (float blocks, double totals: BlockSum), then the
// elementwise update, which reads y and dy before it writes dx, so dx may alias either.
// Max error: the sum's rounding, < 1e-6 of sum |dy y| (or sum |dy|), checked against the
// mpmath oracle in oracle_test.cc.

#if defined(SOFTMAX_XENT_BACKWARD_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef SOFTMAX_XENT_BACKWARD_INL_H_
#undef SOFTMAX_XENT_BACKWARD_INL_H_
#else
#define SOFTMAX_XENT_BACKWARD_INL_H_
#endif

#include <cmath>

#include "hwy/contrib/math/math-inl.h"
#include "hwy/highway.h"
#include "src/kernels/sum-inl.h"
#include "src/kernels/tail-inl.h"

HWY_BEFORE_NAMESPACE();
namespace xent {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// kLog: y holds log-probabilities (LogSoftmaxBackward), else probabilities.
template <bool kLog>
HWY_INLINE void SoftmaxBackwardRows(const float* y, const float* dy, size_t rows,
                                    size_t classes, float* dx) {
  using D = hn::ScalableTag<float>;
  using V = hn::Vec<D>;
  const D d;
  const size_t N = hn::Lanes(d);
  // The clamp keeps hn::Exp in its domain; y = -inf itself gives exactly 0.
  const V lowest = hn::Set(d, -104.0f), neg_inf = hn::Set(d, -HUGE_VALF);
  for (size_t r = 0; r < rows; ++r) {
    const float* yr = y + r * classes;
    const float* gr = dy + r * classes;
    float* o = dx + r * classes;
    BlockSum<D> sum(d);
    for (size_t i = 0; i < classes; i += N) {
      const size_t count = LanesLeft(d, i, classes);
      const V g = LoadNOr(d, gr + i, count, 0.0f);
      sum.Add(kLog ? g : hn::Mul(g, LoadNOr(d, yr + i, count, 0.0f)));
    }
    const V vs = hn::Set(d, static_cast<float>(sum.Total()));
    for (size_t i = 0; i < classes; i += N) {
      const size_t count = LanesLeft(d, i, classes);
      const V yv = LoadNOr(d, yr + i, count, 0.0f);
      const V g = LoadNOr(d, gr + i, count, 0.0f);
      V v;
      if (kLog) {
        // A comparison, not Max, so that a NaN y stays NaN on every target.
        const V e = hn::IfThenZeroElse(
            hn::Eq(yv, neg_inf),
            hn::Exp(d, hn::IfThenElse(hn::Lt(yv, lowest), lowest, yv)));
        v = hn::IfThenElse(hn::IsNaN(yv), yv, hn::NegMulAdd(e, vs, g));
      } else {
        v = hn::Mul(yv, hn::Sub(g, vs));
      }
      StoreN(v, d, o + i, count);
    }
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace xent
HWY_AFTER_NAMESPACE();

#endif  // SOFTMAX_XENT_BACKWARD_INL_H_
