// Softmax, LogSoftmax and LogSumExp over rows, per target.
//
// Softmax:    out[c] = exp(z[c] - max z) / sum_j exp(z[j] - max z),  z = x / t.
// LogSoftmax: out[c] = (z[c] - max z) - log sum_j exp(z[j] - max z).
// LogSumExp:  out[r] = max z + log sum_j exp(z[j] - max z).
// Inputs: any float (NaN makes the row NaN; non-finite maxima take the limits in
// LimitSoftmaxRow); t > 0 finite; classes >= 1. Natural units.
// Max error: < 1e-6 relative (log domain: 1e-6 * (1 + |x|) absolute) vs. the mpmath
// oracle, checked in softmax_test.cc.
//
// Three passes as in XNNPACK's softmax: max, exp(x - max) stored and summed, scale.

#if defined(SOFTMAX_XENT_SOFTMAX_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef SOFTMAX_XENT_SOFTMAX_INL_H_
#undef SOFTMAX_XENT_SOFTMAX_INL_H_
#else
#define SOFTMAX_XENT_SOFTMAX_INL_H_
#endif

#include "src/kernels/reduce-inl.h"

HWY_BEFORE_NAMESPACE();
namespace xent {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

template <bool kScaled>
HWY_INLINE void SoftmaxRows(const float* HWY_RESTRICT x, float* out, size_t rows,
                            size_t classes, float t) {
  const hn::ScalableTag<float> d;
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * classes;
    float* o = out + r * classes;
    const RowMax rm = ReduceMax(d, xr, classes);
    if (rm.has_nan) {
      for (size_t c = 0; c < classes; ++c) o[c] = std::numeric_limits<float>::quiet_NaN();
    } else if (!std::isfinite(rm.max)) {
      LimitSoftmaxRow(xr, classes, rm.max, o);
    } else {
      const double sum = AddStoreExpMinusMax<kScaled>(d, xr, classes, rm.max, t, o);
      MulC(d, o, classes, static_cast<float>(1.0 / sum));
    }
  }
}

template <bool kScaled>
HWY_INLINE void LogSoftmaxRows(const float* HWY_RESTRICT x, float* out, size_t rows,
                               size_t classes, float t) {
  using D = hn::ScalableTag<float>;
  using V = hn::Vec<D>;
  const D d;
  const size_t N = hn::Lanes(d);
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * classes;
    float* o = out + r * classes;
    const RowMax rm = ReduceMax(d, xr, classes);
    if (rm.has_nan) {
      for (size_t c = 0; c < classes; ++c) o[c] = std::numeric_limits<float>::quiet_NaN();
      continue;
    }
    if (!std::isfinite(rm.max)) {
      const size_t k = CountEqual(xr, classes, rm.max);
      for (size_t c = 0; c < classes; ++c) {
        o[c] = static_cast<float>(LimitLogProb(xr[c], rm.max, classes, k));
      }
      continue;
    }
    // No stored exponentials: the second pass recomputes (x - m) / t, which is cheap.
    const double sum = AddStoreExpMinusMax<kScaled>(d, xr, classes, rm.max, t, nullptr);
    const V vm = hn::Set(d, rm.max);
    const V vt = hn::Set(d, t);
    const V vinv = hn::Set(d, 1.0f / t);
    const V vlog = hn::Set(d, static_cast<float>(std::log(sum)));
    for (size_t i = 0; i < classes; i += N) {
      const size_t count = classes - i < N ? classes - i : N;
      const V xv = LoadNOr(d, xr + i, count, 0.0f);
      V lo;
      const V hi = ShiftHiLo<kScaled>(d, xv, vm, vt, vinv, &lo);
      // (hi - log sum) first: both are O(|result|), lo is a correction below an ulp.
      const V y = hn::Add(hn::Sub(hi, vlog), lo);
      StoreN(y, d, o + i, count);
    }
  }
}

template <bool kScaled>
HWY_INLINE void LogSumExpRows(const float* HWY_RESTRICT x, float* out, size_t rows,
                              size_t classes, float t) {
  const hn::ScalableTag<float> d;
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * classes;
    const RowMax rm = ReduceMax(d, xr, classes);
    if (rm.has_nan) {
      out[r] = std::numeric_limits<float>::quiet_NaN();
    } else if (!std::isfinite(rm.max)) {
      // +inf entries: logsumexp is +inf; an all -inf row: log 0 = -inf.
      out[r] = rm.max;
    } else {
      const double sum = AddStoreExpMinusMax<kScaled>(d, xr, classes, rm.max, t, nullptr);
      out[r] = static_cast<float>(double(rm.max) / t + std::log(sum));
    }
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace xent
HWY_AFTER_NAMESPACE();

#endif  // SOFTMAX_XENT_SOFTMAX_INL_H_
