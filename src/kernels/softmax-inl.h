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
// (The kernels subtract RowShift(max) rather than max: the same results, one rounding
// fewer; see reduce-inl.h.)

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

// A row whose max is NaN or infinite: NaN if it holds a NaN, else the limit.
HWY_INLINE void NonFiniteSoftmaxRow(const float* x, size_t n, float m, float* out) {
  if (std::isnan(m) || RowHasNaN(x, n)) {
    FillRow(out, n, std::numeric_limits<float>::quiet_NaN());
  } else {
    LimitSoftmaxRow(x, n, m, out);
  }
}

template <bool kScaled>
HWY_INLINE void SoftmaxRows(const float* HWY_RESTRICT x, float* out, size_t rows,
                            size_t classes, float t) {
  const hn::ScalableTag<float> d;
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * classes;
    float* o = out + r * classes;
    const float m = ReduceMax(d, xr, classes);
    if (!std::isfinite(m)) {
      NonFiniteSoftmaxRow(xr, classes, m, o);
    } else {
      // A NaN beside a finite max makes the sum NaN, and so the whole row.
      const double sum =
          AddStoreExpMinusMax<kScaled>(d, xr, classes, RowShift<kScaled>(m), t, o);
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
    const float m = ReduceMax(d, xr, classes);
    if (!std::isfinite(m)) {
      if (std::isnan(m) || RowHasNaN(xr, classes)) {
        FillRow(o, classes, std::numeric_limits<float>::quiet_NaN());
        continue;
      }
      const size_t k = CountEqual(xr, classes, m);
      for (size_t c = 0; c < classes; ++c) {
        o[c] = static_cast<float>(LimitLogProb(xr[c], m, classes, k));
      }
      continue;
    }
    // No stored exponentials: the second pass recomputes (x - m) / t, which is cheap.
    // A NaN in the row makes the sum, and so every output, NaN.
    const float shift = RowShift<kScaled>(m);
    const double sum = AddStoreExpMinusMax<kScaled>(d, xr, classes, shift, t, nullptr);
    const V vm = hn::Set(d, shift);
    const V vt = hn::Set(d, t);
    const V vinv = hn::Set(d, 1.0f / t);
    const V vlog = hn::Set(d, static_cast<float>(std::log(sum)));
    const auto log_prob = [&](V xv) {
      if (kScaled) {
        // The quotient's rounding is relative to its size, and so to the result's.
        V lo;
        const V hi = ShiftHiLo<true>(d, xv, vm, vt, vinv, &lo);
        return hn::Add(hn::Sub(hi, vlog), lo);
      }
      // Here the log domain needs no TwoSum: the rounding of x - shift is at most
      // 2^-24 |x - shift|, about 2^-24 |result|, as log sum >= m - shift > -2^-15.
      return hn::Sub(hn::Sub(xv, vm), vlog);
    };
    size_t i = 0;
    for (; i + 2 * N <= classes; i += 2 * N) {
      const V y0 = log_prob(hn::LoadU(d, xr + i));
      const V y1 = log_prob(hn::LoadU(d, xr + i + N));
      hn::StoreU(y0, d, o + i);
      hn::StoreU(y1, d, o + i + N);
    }
    for (; i < classes; i += N) {
      const size_t count = classes - i < N ? classes - i : N;
      StoreN(log_prob(LoadNOr(d, xr + i, count, 0.0f)), d, o + i, count);
    }
  }
}

template <bool kScaled>
HWY_INLINE void LogSumExpRows(const float* HWY_RESTRICT x, float* out, size_t rows,
                              size_t classes, float t) {
  const hn::ScalableTag<float> d;
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * classes;
    const float m = ReduceMax(d, xr, classes);
    if (!std::isfinite(m)) {
      // +inf entries: logsumexp is +inf; an all -inf row: log 0 = -inf.
      out[r] = RowHasNaN(xr, classes) ? std::numeric_limits<float>::quiet_NaN() : m;
    } else {
      const float shift = RowShift<kScaled>(m);
      const double sum = AddStoreExpMinusMax<kScaled>(d, xr, classes, shift, t, nullptr);
      out[r] = static_cast<float>(double(shift) / t + std::log(sum));  // NaN if sum is
    }
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace xent
HWY_AFTER_NAMESPACE();

#endif  // SOFTMAX_XENT_SOFTMAX_INL_H_
