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

// ReduceMax: the max of x[0, n). NaN entries are not tracked here (four Max chains
// and nothing else keep this pass at memory speed): the result is NaN or ignores
// them. Callers treat a non-finite max with RowHasNaN and LimitSoftmaxRow, and catch
// NaN beside a finite max downstream, where exp(NaN) turns the row's sum into NaN.
template <class D>
HWY_INLINE float ReduceMax(D d, const float* HWY_RESTRICT x, size_t n) {
  using V = hn::Vec<D>;
  const size_t N = hn::Lanes(d);
  const V neg_inf = hn::Set(d, -std::numeric_limits<float>::infinity());
  V m0 = neg_inf, m1 = neg_inf, m2 = neg_inf, m3 = neg_inf;
  size_t i = 0;
  for (; i + 4 * N <= n; i += 4 * N) {
    m0 = hn::Max(m0, hn::LoadU(d, x + i));
    m1 = hn::Max(m1, hn::LoadU(d, x + i + N));
    m2 = hn::Max(m2, hn::LoadU(d, x + i + 2 * N));
    m3 = hn::Max(m3, hn::LoadU(d, x + i + 3 * N));
  }
  for (; i + N <= n; i += N) m0 = hn::Max(m0, hn::LoadU(d, x + i));
  if (i < n) {
    m1 = hn::Max(m1, LoadTail(d, x + i, n - i, -std::numeric_limits<float>::infinity()));
  }
  // Lanes reduced here rather than with MaxOfLanes: Highway 1.0.3's EMU128 version
  // starts from -FLT_MAX, so an all -inf row would report a finite max.
  HWY_ALIGN float lanes[HWY_MAX_BYTES / sizeof(float)];
  hn::Store(hn::Max(hn::Max(m0, m1), hn::Max(m2, m3)), d, lanes);
  float m = lanes[0];
  for (size_t k = 1; k < N; ++k) {
    m = (lanes[k] > m || std::isnan(lanes[k])) ? lanes[k] : m;
  }
  return m;
}

HWY_INLINE bool RowHasNaN(const float* x, size_t n) {
  for (size_t c = 0; c < n; ++c) {
    if (std::isnan(x[c])) return true;
  }
  return false;
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

// exp(hi + lo) for hi <= 0 (the softmax domain), with |lo| <= ulp(hi) the rounding
// error of hi. Cheaper than hn::Exp, which handles any sign, converts with
// i32x4.trunc_sat (a long sequence in V8 on x86) and needs a final multiply for lo:
//   n = round(hi / ln 2) by adding a magic constant (1.5 * 2^23 + 127, so the low bits
//       of the sum are n + 127 and shifting them into the exponent field gives 2^n);
//   t = hi - n ln 2 + lo, with ln 2 split so that n * kLn2Hi and the subtraction are
//       exact (Cody-Waite), and lo folded in where it costs one add;
//   exp(t) = 1 + t g(t), g of degree 4 fitted to expm1(t) / t on [-ln2/2, ln2/2]
//       (relative error 2.1e-7 before rounding; scripts/fit_exp_poly.py);
//   exp(hi + lo) = 2^n + (t 2^n) g(t).
// hi < kCutoff flushes to 0: 2^n is normal for n >= -126, and exp(-87.5) ~ 1e-38.
// This covers hi = -inf (lo is then NaN, discarded here), and NaN in gives NaN out,
// which is how NaN inputs reach a row's sum.
template <class D>
HWY_INLINE hn::Vec<D> ExpNonPositive(D d, hn::Vec<D> hi, hn::Vec<D> lo) {
  using V = hn::Vec<D>;
  const hn::RebindToSigned<D> di;
  const V kMagic = hn::Set(d, 12583039.0f);  // 1.5 * 2^23 + 127
  const V kLog2e = hn::Set(d, 0x1.715476p+0f);
  const V kLn2Hi = hn::Set(d, 0x1.62e400p-1f);  // 16 significant bits
  const V kLn2Lo = hn::Set(d, 0x1.7f7d1cp-20f);
  const V kCutoff = hn::Set(d, -87.5f);
  const V c0 = hn::Set(d, 1.0f);  // coefficients from scripts/fit_exp_poly.py
  const V c1 = hn::Set(d, 0x1.fffe5ap-2f);
  const V c2 = hn::Set(d, 0x1.5554dep-3f);
  const V c3 = hn::Set(d, 0x1.570b98p-5f);
  const V c4 = hn::Set(d, 0x1.120b62p-7f);
  V n = hn::MulAdd(hi, kLog2e, kMagic);
  const V scale = hn::BitCast(d, hn::ShiftLeft<23>(hn::BitCast(di, n)));
  n = hn::Sub(n, kMagic);
  V t = hn::NegMulAdd(n, kLn2Hi, hi);
  t = hn::NegMulAdd(n, kLn2Lo, t);
  t = hn::Add(t, lo);
  V g = hn::MulAdd(c4, t, c3);
  g = hn::MulAdd(g, t, c2);
  g = hn::MulAdd(g, t, c1);
  g = hn::MulAdd(g, t, c0);
  const V f = hn::MulAdd(hn::Mul(t, scale), g, scale);
  return hn::IfThenZeroElse(hn::Lt(hi, kCutoff), f);
}

// exp((x - m) / t) for x <= m (m finite, t > 0). Unscaled, x - m is made exact with
// TwoSum (six adds; Fast2Sum would need to know which of |x|, |m| is larger) and
// non-finite corrections need no masking, because ExpNonPositive flushes them.
template <bool kScaled, class D>
HWY_INLINE hn::Vec<D> ExpMinusMax(D d, hn::Vec<D> x, hn::Vec<D> m, hn::Vec<D> t,
                                  hn::Vec<D> inv_t) {
  using V = hn::Vec<D>;
  if (kScaled) {
    V lo;
    const V hi = ShiftHiLo<true>(d, x, m, t, inv_t, &lo);
    return ExpNonPositive(d, hi, lo);
  }
  const V s = hn::Sub(x, m);
  const V bb = hn::Sub(s, x);
  const V lo = hn::Sub(hn::Sub(x, hn::Sub(s, bb)), hn::Add(m, bb));
  return ExpNonPositive(d, s, lo);
}

// AddStoreExpMinusMax: returns sum_i exp((x[i] - m) / t) and, if `out` is not null,
// stores each term there. Caller guarantees m finite and >= every x[i], t > 0; a NaN
// in x makes the sum NaN.
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
  // Four independent exp evaluations per iteration keep the FP pipes busy.
  for (; i + 4 * N <= n; i += 4 * N) {
    const V e0 = ExpMinusMax<kScaled>(d, hn::LoadU(d, x + i), vm, vt, vinv);
    const V e1 = ExpMinusMax<kScaled>(d, hn::LoadU(d, x + i + N), vm, vt, vinv);
    const V e2 = ExpMinusMax<kScaled>(d, hn::LoadU(d, x + i + 2 * N), vm, vt, vinv);
    const V e3 = ExpMinusMax<kScaled>(d, hn::LoadU(d, x + i + 3 * N), vm, vt, vinv);
    if (out) {
      hn::StoreU(e0, d, out + i);
      hn::StoreU(e1, d, out + i + N);
      hn::StoreU(e2, d, out + i + 2 * N);
      hn::StoreU(e3, d, out + i + 3 * N);
    }
    sum.Add(hn::Add(hn::Add(e0, e1), hn::Add(e2, e3)));
  }
  for (; i < n; i += N) {
    const size_t count = n - i < N ? n - i : N;
    const V xv = LoadNOr(d, x + i, count, -std::numeric_limits<float>::infinity());
    const V e = ExpMinusMax<kScaled>(d, xv, vm, vt, vinv);
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

inline void FillRow(float* p, size_t n, float v) {
  for (size_t c = 0; c < n; ++c) p[c] = v;
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
