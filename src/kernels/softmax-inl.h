// Softmax, LogSoftmax and LogSumExp over rows, per target.
//
// Softmax:    out[c] = exp(z[c] - max z) / sum_j exp(z[j] - max z),  z = x / t.
// LogSoftmax: out[c] = (z[c] - max z) - log sum_j exp(z[j] - max z).
// LogSumExp:  out[r] = max z + log sum_j exp(z[j] - max z).
// Inputs: any float (NaN makes the row NaN; non-finite maxima take the limits of
// LimitRow); t > 0 finite; classes >= 1. Natural units.
// Max error: < 1e-6 relative (log domain: 1e-6 * (1 + |x|) absolute) vs. the mpmath
// oracle, checked in softmax_test.cc.
//
// Three passes as in XNNPACK's softmax: max, exp(x - shift) stored and summed, scale.
// The shift is RowShift(max): the max itself, or without a temperature the max rounded
// up onto a grid that makes x - shift exact (exp-inl.h); the results are the same.
// The exponentials come scaled by 2^64 (normal floats far below e^-87.3), and so does
// their sum, so probabilities below float's smallest normal come out of the last
// multiply as subnormals, rounded once, instead of 0. Rows with a max of 2^103 or more
// take wide.h's double path.

#if defined(SOFTMAX_XENT_SOFTMAX_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef SOFTMAX_XENT_SOFTMAX_INL_H_
#undef SOFTMAX_XENT_SOFTMAX_INL_H_
#else
#define SOFTMAX_XENT_SOFTMAX_INL_H_
#endif

#include "src/kernels/row-inl.h"

HWY_BEFORE_NAMESPACE();
namespace xent {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

template <bool kScaled>
HWY_INLINE void SoftmaxRows(const float* HWY_RESTRICT x, size_t rows, size_t classes,
                            const Temperature& t, float* out) {
  const hn::ScalableTag<float> d;
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * classes;
    float* o = out + r * classes;
    float m;
    switch (ClassifyRow(d, xr, classes, &m)) {
      case RowKind::kNaN:
        FillRow(o, classes, kNaN);
        break;
      case RowKind::kLimit: {
        const LimitRow limit(xr, classes, m);
        for (size_t c = 0; c < classes; ++c) o[c] = static_cast<float>(limit.Prob(c));
        break;
      }
      case RowKind::kWide:
        wide::Softmax(xr, classes, m, t.t, o);
        break;
      case RowKind::kFinite: {
        // A NaN beside a finite max makes the sum NaN, and so the whole row.
        SumAll<decltype(d)> sum(d);
        AddStoreExpMinusShift<kScaled>(d, xr, classes, RowShift<kScaled>(m), t, o, sum);
        MulC(d, o, classes, static_cast<float>(1.0 / sum.Total()));  // 2^64 cancels
        break;
      }
    }
  }
}

template <bool kScaled>
HWY_INLINE void LogSoftmaxRows(const float* HWY_RESTRICT x, size_t rows, size_t classes,
                               const Temperature& t, float* out) {
  using D = hn::ScalableTag<float>;
  using V = hn::Vec<D>;
  const D d;
  const size_t N = hn::Lanes(d);
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * classes;
    float* o = out + r * classes;
    float m;
    const RowKind kind = ClassifyRow(d, xr, classes, &m);
    if (kind == RowKind::kNaN) {
      FillRow(o, classes, kNaN);
      continue;
    }
    if (kind == RowKind::kLimit) {
      const LimitRow limit(xr, classes, m);
      for (size_t c = 0; c < classes; ++c) o[c] = static_cast<float>(limit.LogProb(c));
      continue;
    }
    if (kind == RowKind::kWide) {
      wide::LogSoftmax(xr, classes, m, t.t, o);
      continue;
    }
    // No stored exponentials: the second pass recomputes (x - shift) / t, which is
    // cheap. A NaN in the row makes the sum, and so every output, NaN.
    const float shift = RowShift<kScaled>(m);
    SumAll<D> sum(d);
    AddStoreExpMinusShift<kScaled>(d, xr, classes, shift, t, nullptr, sum);
    const V vm = hn::Set(d, shift);
    const TemperatureLanes<D> vt(d, t);
    const V vlog = hn::Set(d, static_cast<float>(std::log(sum.Total() * kExpUnscale)));
    const auto log_prob = [&](V xv) {
      if (kScaled) {
        // The quotient's rounding is relative to its size, and so to the result's.
        V lo;
        const V hi = DiffTwoSum<true>(d, xv, vm, vt, &lo);
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
      const size_t count = LanesLeft(d, i, classes);
      StoreN(log_prob(LoadNOr(d, xr + i, count, 0.0f)), d, o + i, count);
    }
  }
}

template <bool kScaled>
HWY_INLINE void LogSumExpRows(const float* HWY_RESTRICT x, size_t rows, size_t classes,
                              const Temperature& t, float* out) {
  const hn::ScalableTag<float> d;
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * classes;
    float m;
    switch (ClassifyRow(d, xr, classes, &m)) {
      case RowKind::kNaN:
        out[r] = kNaN;
        break;
      case RowKind::kLimit:
        out[r] = m;  // +inf entries: +inf; an all -inf row: log 0 = -inf
        break;
      case RowKind::kWide:
        out[r] = static_cast<float>(wide::LogSumExp(xr, classes, m, t.t));
        break;
      case RowKind::kFinite: {
        const float shift = RowShift<kScaled>(m);
        SumAll<decltype(d)> sum(d);
        AddStoreExpMinusShift<kScaled>(d, xr, classes, shift, t, nullptr, sum);
        // NaN if the sum is.
        out[r] =
            static_cast<float>(double(shift) / t.t + std::log(sum.Total() * kExpUnscale));
        break;
      }
    }
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace xent
HWY_AFTER_NAMESPACE();

#endif  // SOFTMAX_XENT_SOFTMAX_INL_H_
