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

#include <cmath>

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

// The max of x over the entries whose weight is not 0 (b null: all), as ReduceMax
// (NaN entries may or may not show; the sum catches them).
template <class D>
HWY_INLINE float ReduceMaxWhere(D d, const float* HWY_RESTRICT x,
                                const float* HWY_RESTRICT b, size_t n) {
  if (!b) return ReduceMax(d, x, n);
  using V = hn::Vec<D>;
  const size_t N = hn::Lanes(d);
  const V neg_inf = hn::Set(d, -kInf), zero = hn::Zero(d);
  V m0 = neg_inf, m1 = neg_inf;
  for (size_t i = 0; i < n; i += N) {
    const size_t count = LanesLeft(d, i, n);
    const V xv = LoadNOr(d, x + i, count, -kInf);
    const V bv = LoadNOr(d, b + i, count, 0.0f);
    const V masked = hn::IfThenElse(hn::Eq(bv, zero), neg_inf, xv);
    (i / N % 2 ? m1 : m0) = hn::Max(i / N % 2 ? m1 : m0, masked);
  }
  HWY_ALIGN float lanes[kMaxLanes];
  hn::Store(hn::Max(m0, m1), d, lanes);
  float m = lanes[0];
  for (size_t k = 1; k < N; ++k) m = (lanes[k] > m || std::isnan(lanes[k])) ? lanes[k] : m;
  return m;
}

// Sink for LogSumExpWeightedRows: sum b[i] e[i] over b[i] != 0, the products and their
// sum in double (b e can pass float's range: e is scaled by 2^64 and b is any float).
template <class D>
class SumWeighted {
 public:
  using V = hn::Vec<D>;
  SumWeighted(D d, const float* b, size_t n) : d_(d), b_(b), n_(n) {}
  HWY_INLINE void Add(size_t i, V /*x*/, V e) {
    HWY_ALIGN float le[kMaxLanes];
    hn::Store(e, d_, le);
    const size_t count = LanesLeft(d_, i, n_);
    for (size_t k = 0; k < count; ++k) {
      const double w = b_ ? b_[i + k] : 1.0;
      if (w != 0.0) acc_[k % 4] += w * double(le[k]);
    }
  }
  HWY_INLINE void Add4(size_t i, const V* x, const V* e) {
    const size_t N = hn::Lanes(d_);
    for (size_t j = 0; j < 4; ++j) Add(i + j * N, x[j], e[j]);
  }
  HWY_INLINE double Total() const { return (acc_[0] + acc_[1]) + (acc_[2] + acc_[3]); }

 private:
  D d_;
  const float* b_;
  size_t n_;
  double acc_[4] = {0.0, 0.0, 0.0, 0.0};
};

// logsumexp with weights and sign (kernels.h, LogSumExpWeighted). Rows whose max over
// the weighted entries is not finite, or is 2^103 or more, take wide.h's double path.
template <bool kScaled>
HWY_INLINE void LogSumExpWeightedRows(const float* HWY_RESTRICT x,
                                      const float* HWY_RESTRICT b, size_t rows,
                                      size_t classes, const Temperature& t, float* out,
                                      float* sign) {
  const hn::ScalableTag<float> d;
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * classes;
    const float* br = b ? b + r * classes : nullptr;
    const float m = ReduceMaxWhere(d, xr, br, classes);
    float sg;
    double value;
    if (std::isfinite(m) && m < wide::kWideMax) {
      const float shift = RowShift<kScaled>(m);
      // Lanes with b = 0 may hold x above the shift, whose exponential is garbage: the
      // sink skips them by their weight.
      SumWeighted<decltype(d)> sum(d, br, classes);
      AddStoreExpMinusShift<kScaled>(d, xr, classes, shift, t, nullptr, sum);
      const double s = sum.Total();
      sg = s > 0.0 ? 1.0f : s < 0.0 ? -1.0f : (s == 0.0 ? 0.0f : kNaN);
      value = s == 0.0 ? -double(kInf)
                       : double(shift) / t.t + std::log(std::fabs(s) * kExpUnscale);
    } else {
      value = wide::LogSumExpWeighted(xr, br, classes, t.t, &sg);
    }
    out[r] = static_cast<float>(value);
    if (sign) sign[r] = sg;
  }
}

// H(softmax(x / t)) per row (kernels.h, SoftmaxEntropy), with the shift at the max
// itself, as the probability-target cross-entropy (xent-inl.h): the exponentials of the
// entries below the max are summed apart from the ties (SumBelowMax), so log s =
// log1p((ties - 1) + rest) and H = log s + sum e g / s keep their relative accuracy
// for a confident prediction, whose entropy is tiny. g = (m - x) / t comes from
// DiffTwoSum (hi + lo), so it is as exact as the exponent itself. With a gradient, one
// more pass recomputes e and g from x (so grad may alias x).
template <bool kScaled>
HWY_INLINE void SoftmaxEntropyRows(const float* HWY_RESTRICT x, size_t rows,
                                   size_t classes, const Temperature& t, double scale,
                                   float* out, float* grad) {
  using D = hn::ScalableTag<float>;
  using V = hn::Vec<D>;
  const D d;
  const size_t N = hn::Lanes(d);
  const TemperatureLanes<D> vt(d, t);
  const V zero = hn::Zero(d);
  const double gscale = scale / t.t;
  for (size_t r = 0; r < rows; ++r) {
    const float* xr = x + r * classes;
    float* gr = grad ? grad + r * classes : nullptr;
    float m;
    RowKind kind = ClassifyRow(d, xr, classes, &m);
    if (kind == RowKind::kFinite) {
      const V vm = hn::Set(d, m);
      SumBelowMax<D> s_sum(d, m);
      BlockSum<D> eg_sum(d);
      // x, e and g = -(hi + lo) >= 0 of lanes [i, i + count).
      const auto terms = [&](size_t i, size_t count, V* xv, V* g) {
        *xv = LoadNOr(d, xr + i, count, -kInf);
        V lo;
        const V hi = DiffTwoSum<kScaled>(d, *xv, vm, vt, &lo);
        *g = hn::Neg(hn::Add(hi, lo));
        return ExpNonPositive(d, hi, lo);
      };
      for (size_t i = 0; i < classes; i += N) {
        V xv, g;
        const V ev = terms(i, LanesLeft(d, i, classes), &xv, &g);
        s_sum.Add(i, xv, ev);
        // e g, 0 where e is (a -inf entry has g = inf).
        eg_sum.Add(hn::IfThenZeroElse(hn::Eq(ev, zero), hn::Mul(ev, g)));
      }
      const double rest = s_sum.Rest() * kExpUnscale, ties = s_sum.Ties();
      const double s = ties + rest, A = eg_sum.Total() * kExpUnscale / s;
      if (std::isnan(rest) || std::isnan(A)) {
        kind = RowKind::kNaN;  // a NaN beside a finite max
      } else {
        out[r] = static_cast<float>((std::log1p((ties - 1.0) + rest) + A) * scale);
        if (gr) {
          const V inv_s = hn::Set(d, static_cast<float>(kExpUnscale / s));
          const V vA = hn::Set(d, static_cast<float>(A));
          const V vk = hn::Set(d, static_cast<float>(gscale));
          for (size_t i = 0; i < classes; i += N) {
            const size_t count = LanesLeft(d, i, classes);
            V xv, g;
            const V ev = terms(i, count, &xv, &g);
            // 1 / s last, so a subnormal gradient is rounded once.
            const V gv = hn::Mul(hn::Mul(ev, hn::Mul(hn::Sub(g, vA), vk)), inv_s);
            StoreN(hn::IfThenZeroElse(hn::Eq(ev, zero), gv), d, gr + i, count);
          }
        }
        continue;
      }
    }
    if (kind == RowKind::kNaN) {
      out[r] = kNaN;
      if (gr) FillRow(gr, classes, kNaN);
    } else if (kind == RowKind::kLimit) {
      // The mass is shared by the k entries at +inf (all of them if the row is -inf);
      // H does not move in that limit, so neither does the gradient.
      size_t k = classes;
      if (m != -kInf) {
        k = 0;
        for (size_t c = 0; c < classes; ++c) k += (xr[c] == m);
      }
      out[r] = static_cast<float>(std::log(double(k)) * scale);
      if (gr) FillRow(gr, classes, 0.0f);
    } else {  // kWide
      out[r] = static_cast<float>(wide::SoftmaxEntropy(xr, classes, m, t.t, gscale, gr) *
                                  scale);
    }
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace xent
HWY_AFTER_NAMESPACE();

#endif  // SOFTMAX_XENT_SOFTMAX_INL_H_
