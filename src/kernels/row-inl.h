// Row stages shared by every row kernel, in XNNPACK's vocabulary (src/f32-rminmax,
// src/f32-raddstoreexpminusmax, src/f32-vbinary vmulc): ReduceMax, AddStoreExpMinusShift
// (exp((x - shift) / t) fed to a sink and optionally stored), MulC; plus the one place
// that decides what a row whose max is not finite means (ClassifyRow) and the limits
// such a row takes.
//
// Per-target code: include only from files that are themselves compiled per target.

#if defined(SOFTMAX_XENT_ROW_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef SOFTMAX_XENT_ROW_INL_H_
#undef SOFTMAX_XENT_ROW_INL_H_
#else
#define SOFTMAX_XENT_ROW_INL_H_
#endif

#include <stddef.h>

#include <cmath>
#include <limits>

#include "hwy/highway.h"
#include "src/kernels/exp-inl.h"
#include "src/kernels/sum-inl.h"
#include "src/kernels/tail-inl.h"
#include "src/kernels/wide.h"

HWY_BEFORE_NAMESPACE();
namespace xent {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// The max of x[0, n). NaN entries are not tracked here (four Max chains and nothing
// else keep this pass at memory speed): the result is NaN or ignores them. ClassifyRow
// looks for NaN when the max is not finite; beside a finite max a NaN is caught
// downstream, where exp(NaN) turns the row's sum into NaN.
template <class D>
HWY_INLINE float ReduceMax(D d, const float* HWY_RESTRICT x, size_t n) {
  using V = hn::Vec<D>;
  const size_t N = hn::Lanes(d);
  const V neg_inf = hn::Set(d, -kInf);
  V m0 = neg_inf, m1 = neg_inf, m2 = neg_inf, m3 = neg_inf;
  size_t i = 0;
  for (; i + 4 * N <= n; i += 4 * N) {
    m0 = hn::Max(m0, hn::LoadU(d, x + i));
    m1 = hn::Max(m1, hn::LoadU(d, x + i + N));
    m2 = hn::Max(m2, hn::LoadU(d, x + i + 2 * N));
    m3 = hn::Max(m3, hn::LoadU(d, x + i + 3 * N));
  }
  for (; i + N <= n; i += N) m0 = hn::Max(m0, hn::LoadU(d, x + i));
  if (i < n) m1 = hn::Max(m1, LoadTail(d, x + i, n - i, -kInf));
  // Lanes reduced here rather than with MaxOfLanes: Highway 1.0.3's EMU128 version
  // starts from -FLT_MAX, so an all -inf row would report a finite max.
  HWY_ALIGN float lanes[kMaxLanes];
  hn::Store(hn::Max(hn::Max(m0, m1), hn::Max(m2, m3)), d, lanes);
  float m = lanes[0];
  for (size_t k = 1; k < N; ++k) {
    m = (lanes[k] > m || std::isnan(lanes[k])) ? lanes[k] : m;
  }
  return m;
}

// The max of x[0, n) as ReduceMax, and in *lo the smallest entry above -inf (+inf if
// there is none), in the same pass, for the loss kernels' check that a row's
// differences fit in float (WideLoss). -inf entries are skipped: a masked class has no
// difference to sum (its coefficient must be 0).
template <class D>
HWY_INLINE float ReduceMaxMin(D d, const float* HWY_RESTRICT x, size_t n, float* lo) {
  using V = hn::Vec<D>;
  const size_t N = hn::Lanes(d);
  const V inf = hn::Set(d, kInf), neg_inf = hn::Set(d, -kInf);
  V max0 = neg_inf, max1 = neg_inf, min0 = inf, min1 = inf;
  const auto finite_min = [&](V acc, V v) {
    return hn::Min(acc, hn::IfThenElse(hn::Eq(v, neg_inf), inf, v));
  };
  size_t i = 0;
  for (; i + 2 * N <= n; i += 2 * N) {
    const V a = hn::LoadU(d, x + i), b = hn::LoadU(d, x + i + N);
    max0 = hn::Max(max0, a);
    max1 = hn::Max(max1, b);
    min0 = finite_min(min0, a);
    min1 = finite_min(min1, b);
  }
  if (i + N <= n) {
    const V a = hn::LoadU(d, x + i);
    max0 = hn::Max(max0, a);
    min0 = finite_min(min0, a);
    i += N;
  }
  if (i < n) {
    max1 = hn::Max(max1, LoadTail(d, x + i, n - i, -kInf));
    min1 = finite_min(min1, LoadTail(d, x + i, n - i, kInf));
  }
  HWY_ALIGN float maxes[kMaxLanes], mins[kMaxLanes];
  hn::Store(hn::Max(max0, max1), d, maxes);
  hn::Store(hn::Min(min0, min1), d, mins);
  float m = maxes[0], l = mins[0];
  for (size_t k = 1; k < N; ++k) {
    m = (maxes[k] > m || std::isnan(maxes[k])) ? maxes[k] : m;
    l = mins[k] < l ? mins[k] : l;
  }
  *lo = l;
  return m;
}

// What a row's max says about the row (kernels.h states the conventions):
//   kFinite  the ordinary path (a NaN beside a finite max still shows up in the sum);
//   kWide    finite, but the max is so large that x - max can overflow in float: the
//            double path of wide.h;
//   kNaN     the row holds a NaN and its results are NaN;
//   kLimit   +inf entries (which share the mass) or only -inf entries (uniform).
enum class RowKind { kFinite, kWide, kNaN, kLimit };

// The row's max in *max, and its kind; with `lo`, also the smallest entry above -inf
// there (ReduceMaxMin), from the same pass.
template <class D>
HWY_INLINE RowKind ClassifyRow(D d, const float* HWY_RESTRICT x, size_t n, float* max,
                               float* lo = nullptr) {
  const float m = lo ? ReduceMaxMin(d, x, n, lo) : ReduceMax(d, x, n);
  *max = m;
  if (std::isfinite(m)) return m < wide::kWideMax ? RowKind::kFinite : RowKind::kWide;
  if (std::isnan(m)) return RowKind::kNaN;
  for (size_t c = 0; c < n; ++c) {
    if (std::isnan(x[c])) return RowKind::kNaN;
  }
  return RowKind::kLimit;
}

inline void FillRow(float* p, size_t n, float v) {
  for (size_t c = 0; c < n; ++c) p[c] = v;
}

// The limits of a kLimit row with max m (rare, so scalar): softmax probabilities, and
// the log-probability of one class (k = number of +inf entries).
class LimitRow {
 public:
  LimitRow(const float* x, size_t n, float m) : x_(x), n_(n), m_(m) {
    if (m != -kInf) {
      for (size_t c = 0; c < n; ++c) k_ += (x[c] == m);
    }
  }
  double Prob(size_t c) const {
    if (m_ == -kInf) return 1.0 / double(n_);
    return x_[c] == m_ ? 1.0 / double(k_) : 0.0;
  }
  double LogProb(size_t c) const {
    if (m_ == -kInf) return -std::log(double(n_));
    return x_[c] == m_ ? -std::log(double(k_)) : -double(kInf);
  }

 private:
  const float* x_;
  size_t n_;
  float m_;
  size_t k_ = 0;
};

// Feeds exp_fn(x[i]) for i in [0, n) to `sink` and, if `out` is not null, stores each
// term there. Lanes past n are loaded as -inf, whose term is 0.
template <class D, class ExpFn, class Sink>
HWY_INLINE void AddStoreExpTerms(D d, const float* HWY_RESTRICT x, size_t n,
                                 float* HWY_RESTRICT out, const ExpFn& exp_fn,
                                 Sink& sink) {
  using V = hn::Vec<D>;
  const size_t N = hn::Lanes(d);
  size_t i = 0;
  // Four independent exp evaluations per iteration keep the FP pipes busy.
  for (; i + 4 * N <= n; i += 4 * N) {
    const V xv[4] = {hn::LoadU(d, x + i), hn::LoadU(d, x + i + N),
                     hn::LoadU(d, x + i + 2 * N), hn::LoadU(d, x + i + 3 * N)};
    const V e[4] = {exp_fn(xv[0]), exp_fn(xv[1]), exp_fn(xv[2]), exp_fn(xv[3])};
    if (out) {
      hn::StoreU(e[0], d, out + i);
      hn::StoreU(e[1], d, out + i + N);
      hn::StoreU(e[2], d, out + i + 2 * N);
      hn::StoreU(e[3], d, out + i + 3 * N);
    }
    sink.Add4(i, xv, e);
  }
  for (; i < n; i += N) {
    const size_t count = LanesLeft(d, i, n);
    const V xv = LoadNOr(d, x + i, count, -kInf);
    const V e = exp_fn(xv);
    if (out) StoreN(e, d, out + i, count);
    sink.Add(i, xv, e);
  }
}

// Feeds exp((x[i] - shift) / t) 2^64 (exp-inl.h's scaled exponential) for i in
// [0, n) to `sink` (sum-inl.h) and stores the terms in `out` unless it is null. The
// caller guarantees shift finite and >= every x[i] (RowShift of the row max, a kFinite
// row) and t > 0; a NaN in x gives a NaN term. A shift on the grid takes
// ExpMinusGridShift, any other ExpMinusShiftTwoSum.
template <bool kScaled, class D, class Sink>
HWY_INLINE void AddStoreExpMinusShift(D d, const float* HWY_RESTRICT x, size_t n,
                                      float shift, const Temperature& t,
                                      float* HWY_RESTRICT out, Sink& sink) {
  using V = hn::Vec<D>;
  const V vm = hn::Set(d, shift);
  if (OnShiftGrid<kScaled>(shift)) {
    AddStoreExpTerms(
        d, x, n, out, [d, vm](V xv) { return ExpMinusGridShift(d, xv, vm); }, sink);
    return;
  }
  const TemperatureLanes<D> vt(d, t);
  AddStoreExpTerms(
      d, x, n, out,
      [d, vm, vt](V xv) { return ExpMinusShiftTwoSum<kScaled>(d, xv, vm, vt); }, sink);
}

// MulC: out[i] *= c.
template <class D>
HWY_INLINE void MulC(D d, float* HWY_RESTRICT out, size_t n, float c) {
  using V = hn::Vec<D>;
  const size_t N = hn::Lanes(d);
  const V vc = hn::Set(d, c);
  size_t i = 0;
  for (; i + 4 * N <= n; i += 4 * N) {
    const V a = hn::Mul(hn::LoadU(d, out + i), vc);
    const V b = hn::Mul(hn::LoadU(d, out + i + N), vc);
    const V c2 = hn::Mul(hn::LoadU(d, out + i + 2 * N), vc);
    const V c3 = hn::Mul(hn::LoadU(d, out + i + 3 * N), vc);
    hn::StoreU(a, d, out + i);
    hn::StoreU(b, d, out + i + N);
    hn::StoreU(c2, d, out + i + 2 * N);
    hn::StoreU(c3, d, out + i + 3 * N);
  }
  for (; i + N <= n; i += N) hn::StoreU(hn::Mul(hn::LoadU(d, out + i), vc), d, out + i);
  if (i < n) {
    StoreTail(hn::Mul(LoadTail(d, out + i, n - i, 0.0f), vc), d, out + i, n - i);
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace xent
HWY_AFTER_NAMESPACE();

#endif  // SOFTMAX_XENT_ROW_INL_H_
