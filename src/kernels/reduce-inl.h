// Row stages shared by every kernel, in XNNPACK's vocabulary: ReduceMax (with a NaN
// flag), AddStoreExpMinusMax (sum of exp(x - max), optionally stored), MulC, plus
// tail-safe loads/stores and a float->double blocked accumulator.
//
// Per-target code: include only from files that are themselves compiled per target.

// Toggled include guard, as in hwy/contrib/dot/dot-inl.h.
#if defined(SOFTMAX_XENT_REDUCE_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef SOFTMAX_XENT_REDUCE_INL_H_
#undef SOFTMAX_XENT_REDUCE_INL_H_
#else
#define SOFTMAX_XENT_REDUCE_INL_H_
#endif

#include <stddef.h>
#include <string.h>

#include <cmath>
#include <limits>

#include "hwy/contrib/math/math-inl.h"
#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace xent {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Highway 1.0.3 has no LoadN/StoreN, and its WASM MaskedLoad/BlendedStore touch a
// whole vector past the end (a trap at the end of the wasm heap, and a racy
// read-modify-write elsewhere). These go through a stack buffer instead and never
// touch memory beyond `count` elements.
template <class D>
HWY_INLINE hn::Vec<D> LoadTail(D d, const float* HWY_RESTRICT p, size_t count,
                               float fill) {
  HWY_ALIGN float buf[HWY_MAX_BYTES / sizeof(float)];
  const size_t lanes = hn::Lanes(d);
  for (size_t i = 0; i < lanes; ++i) buf[i] = fill;
  memcpy(buf, p, count * sizeof(float));
  return hn::Load(d, buf);
}

template <class D>
HWY_INLINE void StoreTail(hn::Vec<D> v, D d, float* HWY_RESTRICT p, size_t count) {
  HWY_ALIGN float buf[HWY_MAX_BYTES / sizeof(float)];
  hn::Store(v, d, buf);
  memcpy(p, buf, count * sizeof(float));
}

// The first `count` (<= Lanes(d)) floats at p, the rest `fill`; a plain LoadU when
// the vector is full.
template <class D>
HWY_INLINE hn::Vec<D> LoadNOr(D d, const float* HWY_RESTRICT p, size_t count,
                              float fill) {
  return count == hn::Lanes(d) ? hn::LoadU(d, p) : LoadTail(d, p, count, fill);
}

// Stores the first `count` (<= Lanes(d)) lanes of v.
template <class D>
HWY_INLINE void StoreN(hn::Vec<D> v, D d, float* HWY_RESTRICT p, size_t count) {
  if (count == hn::Lanes(d)) {
    hn::StoreU(v, d, p);
  } else {
    StoreTail(v, d, p, count);
  }
}

// Sums float vectors in blocks and carries the block totals in double, so a 32000-long
// row keeps ~1 ulp instead of the ~sqrt(n) ulp of one float accumulator.
template <class D>
class BlockSum {
 public:
  using V = hn::Vec<D>;
  explicit BlockSum(D d) : d_(d), acc_(hn::Zero(d)) {}
  HWY_INLINE void Add(V v) {
    acc_ = hn::Add(acc_, v);
    if (++count_ == kFlushEvery) Flush();
  }
  HWY_INLINE double Total() {
    Flush();
    return total_;
  }

 private:
  static constexpr size_t kFlushEvery = 16;
  HWY_INLINE void Flush() {
    total_ += static_cast<double>(hn::GetLane(hn::SumOfLanes(d_, acc_)));
    acc_ = hn::Zero(d_);
    count_ = 0;
  }
  D d_;
  V acc_;
  size_t count_ = 0;
  double total_ = 0.0;
};

struct RowMax {
  float max;
  bool has_nan;
};

// ReduceMax over x[0, n) and whether any element is NaN (Highway's Max does not
// propagate NaN on x86, and its Exp maps NaN to 0, so NaN is tracked explicitly).
template <class D>
HWY_INLINE RowMax ReduceMax(D d, const float* HWY_RESTRICT x, size_t n) {
  using V = hn::Vec<D>;
  const size_t N = hn::Lanes(d);
  const V neg_inf = hn::Set(d, -std::numeric_limits<float>::infinity());
  // Two accumulators hide the latency of Max; NaN lanes are OR-ed into a flag vector.
  V m0 = neg_inf, m1 = neg_inf;
  V nan = hn::Zero(d);
  size_t i = 0;
  for (; i + 2 * N <= n; i += 2 * N) {
    const V a = hn::LoadU(d, x + i);
    const V b = hn::LoadU(d, x + i + N);
    m0 = hn::Max(m0, a);
    m1 = hn::Max(m1, b);
    nan = hn::Or(
        nan, hn::Or(hn::VecFromMask(d, hn::IsNaN(a)), hn::VecFromMask(d, hn::IsNaN(b))));
  }
  for (; i + N <= n; i += N) {
    const V a = hn::LoadU(d, x + i);
    m0 = hn::Max(m0, a);
    nan = hn::Or(nan, hn::VecFromMask(d, hn::IsNaN(a)));
  }
  if (i < n) {
    const V a = LoadTail(d, x + i, n - i, -std::numeric_limits<float>::infinity());
    m0 = hn::Max(m0, a);
    nan = hn::Or(nan, hn::VecFromMask(d, hn::IsNaN(a)));
  }
  // Lanes reduced here rather than with MaxOfLanes: Highway 1.0.3's EMU128 version
  // starts from -FLT_MAX, so an all -inf row would report a finite max.
  HWY_ALIGN float lanes[HWY_MAX_BYTES / sizeof(float)];
  hn::Store(hn::Max(m0, m1), d, lanes);
  RowMax r;
  r.max = lanes[0];
  for (size_t k = 1; k < N; ++k) r.max = lanes[k] > r.max ? lanes[k] : r.max;
  r.has_nan = !hn::AllFalse(d, hn::MaskFromVec(nan));
  return r;
}

// s - y * t exactly, for y = s / t rounded. With a fused multiply-add that is one
// instruction; without (SSE4, WASM SIMD128, scalar) y * t is formed exactly as
// ph + pl by Dekker's product (Veltkamp splitting into 12-bit halves), and s - ph is
// exact because ph is within a rounding of s. A split that overflows (|y| > 8e34,
// where exp(y) is 0 anyway) gives NaN, which ShiftHiLo discards.
template <class D>
HWY_INLINE hn::Vec<D> ExactRemainder(D d, hn::Vec<D> s, hn::Vec<D> y, hn::Vec<D> t) {
#if HWY_NATIVE_FMA
  (void)d;
  return hn::NegMulAdd(y, t, s);
#else
  using V = hn::Vec<D>;
  const V split = hn::Set(d, 4097.0f);  // 2^12 + 1
  const V cy = hn::Mul(split, y), ct = hn::Mul(split, t);
  const V yh = hn::Sub(cy, hn::Sub(cy, y)), yl = hn::Sub(y, yh);
  const V th = hn::Sub(ct, hn::Sub(ct, t)), tl = hn::Sub(t, th);
  const V ph = hn::Mul(y, t);
  const V pl = hn::Add(
      hn::Add(hn::Add(hn::Sub(hn::Mul(yh, th), ph), hn::Mul(yh, tl)), hn::Mul(yl, th)),
      hn::Mul(yl, tl));
  return hn::Sub(hn::Sub(s, ph), pl);
#endif
}

// (x - m) / t as an unevaluated sum hi + lo. The subtraction is made exact with
// TwoSum: without it, exp(x - m) inherits the rounding of x - m, a relative error of
// up to |x - m| * 2^-24 (~1e-6 at x - m = -20), beyond the accuracy bar. With a
// temperature the quotient's exact remainder (ExactRemainder) is folded into lo.
template <bool kScaled, class D>
HWY_INLINE hn::Vec<D> ShiftHiLo(D d, hn::Vec<D> x, hn::Vec<D> m, hn::Vec<D> t,
                                hn::Vec<D> inv_t, hn::Vec<D>* lo) {
  using V = hn::Vec<D>;
  const V s = hn::Sub(x, m);
  const V bb = hn::Sub(s, x);
  V e = hn::Sub(hn::Sub(x, hn::Sub(s, bb)), hn::Add(m, bb));
  V hi = s;
  if (kScaled) {
    hi = hn::Div(s, t);
    e = hn::Mul(hn::Add(ExactRemainder(d, s, hi, t), e), inv_t);
  }
  // x = -inf, or an overflowing x - m or (x - m) / t, makes e NaN or infinite; exp(hi)
  // is 0 there, and 0 * inf would be NaN, so keep only finite corrections. (The
  // fuzzer found the infinite case: softmax([-1.3e38, 0], T = 0.05).)
  const V inf = hn::Set(d, std::numeric_limits<float>::infinity());
  *lo = hn::IfThenElseZero(hn::Lt(hn::Abs(e), inf), e);
  return hi;
}

// exp(hi + lo) ~= exp(hi) * (1 + lo), valid because |lo| <= ulp(hi).
template <class D>
HWY_INLINE hn::Vec<D> ExpHiLo(D d, hn::Vec<D> hi, hn::Vec<D> lo) {
  const hn::Vec<D> r = hn::Exp(d, hi);
  return hn::MulAdd(r, lo, r);
}

// AddStoreExpMinusMax: returns sum_i exp((x[i] - m) / t) and, if `out` is not null,
// stores each term there. Caller guarantees m finite, t > 0, no NaN in x.
template <bool kScaled, class D>
HWY_INLINE double AddStoreExpMinusMax(D d, const float* HWY_RESTRICT x, size_t n, float m,
                                      float t, float* HWY_RESTRICT out) {
  using V = hn::Vec<D>;
  const size_t N = hn::Lanes(d);
  const V vm = hn::Set(d, m);
  const V vt = hn::Set(d, t);
  const V vinv = hn::Set(d, 1.0f / t);
  BlockSum<D> sum(d);
  size_t i = 0;
  // Two independent exp evaluations per iteration keep both FP pipes busy.
  for (; i + 2 * N <= n; i += 2 * N) {
    V lo0, lo1;
    const V h0 = ShiftHiLo<kScaled>(d, hn::LoadU(d, x + i), vm, vt, vinv, &lo0);
    const V h1 = ShiftHiLo<kScaled>(d, hn::LoadU(d, x + i + N), vm, vt, vinv, &lo1);
    const V e0 = ExpHiLo(d, h0, lo0);
    const V e1 = ExpHiLo(d, h1, lo1);
    if (out) {
      hn::StoreU(e0, d, out + i);
      hn::StoreU(e1, d, out + i + N);
    }
    sum.Add(hn::Add(e0, e1));
  }
  for (; i < n; i += N) {
    const size_t count = n - i < N ? n - i : N;
    const V xv = LoadNOr(d, x + i, count, -std::numeric_limits<float>::infinity());
    V lo;
    const V h = ShiftHiLo<kScaled>(d, xv, vm, vt, vinv, &lo);
    const V e = ExpHiLo(d, h, lo);
    if (out) {
      StoreN(e, d, out + i, count);
    }
    sum.Add(e);
  }
  return sum.Total();
}

// MulC: out[i] *= c.
template <class D>
HWY_INLINE void MulC(D d, float* HWY_RESTRICT out, size_t n, float c) {
  using V = hn::Vec<D>;
  const size_t N = hn::Lanes(d);
  const V vc = hn::Set(d, c);
  size_t i = 0;
  for (; i + N <= n; i += N) hn::StoreU(hn::Mul(hn::LoadU(d, out + i), vc), d, out + i);
  if (i < n) {
    StoreTail(hn::Mul(LoadTail(d, out + i, n - i, 0.0f), vc), d, out + i, n - i);
  }
}

HWY_INLINE size_t CountEqual(const float* x, size_t n, float v) {
  size_t k = 0;
  for (size_t c = 0; c < n; ++c) k += (x[c] == v);
  return k;
}

// Softmax probabilities of a row whose max is not finite, as the limit described in
// kernels.h: +inf entries share the mass, an all -inf row is uniform. Writes p[c]
// into out (n floats). Rare, so scalar.
HWY_INLINE void LimitSoftmaxRow(const float* x, size_t n, float m, float* out) {
  if (m == -std::numeric_limits<float>::infinity()) {
    const float u = 1.0f / static_cast<float>(n);
    for (size_t c = 0; c < n; ++c) out[c] = u;
    return;
  }
  const float share = 1.0f / static_cast<float>(CountEqual(x, n, m));
  for (size_t c = 0; c < n; ++c) out[c] = x[c] == m ? share : 0.0f;
}

// log of the same limit for class c (k = number of +inf entries; ignored for -inf rows).
HWY_INLINE double LimitLogProb(float xc, float m, size_t n, size_t k) {
  if (m == -std::numeric_limits<float>::infinity()) return -std::log(double(n));
  return xc == m ? -std::log(double(k)) : -std::numeric_limits<double>::infinity();
}

}  // namespace HWY_NAMESPACE
}  // namespace xent
HWY_AFTER_NAMESPACE();

#endif  // SOFTMAX_XENT_REDUCE_INL_H_
