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

// Copies count (< kMaxLanes) floats. Written as a fixed-length loop of guarded copies
// so that compilers do not turn it into a memcpy call, which in wasm costs more than
// the copy (a 3-class softmax took twice as long).
constexpr size_t kMaxLanes = HWY_MAX_BYTES / sizeof(float);
HWY_INLINE void CopyFew(float* HWY_RESTRICT to, const float* HWY_RESTRICT from,
                        size_t count) {
  for (size_t i = 0; i < kMaxLanes; ++i) {
    if (i < count) to[i] = from[i];
  }
}

template <class D>
HWY_INLINE hn::Vec<D> LoadTail(D d, const float* HWY_RESTRICT p, size_t count,
                               float fill) {
  HWY_ALIGN float buf[kMaxLanes];
  hn::Store(hn::Set(d, fill), d, buf);
  CopyFew(buf, p, count);
  return hn::Load(d, buf);
}

template <class D>
HWY_INLINE void StoreTail(hn::Vec<D> v, D d, float* HWY_RESTRICT p, size_t count) {
  HWY_ALIGN float buf[kMaxLanes] = {};  // all stored; = {} only quiets GCC's warning
  hn::Store(v, d, buf);
  CopyFew(p, buf, count);
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

// The softmax-domain exp: exp(v) for v <= 0, cheaper than hn::Exp, which handles
// any sign, converts with i32x4.trunc_sat (a long sequence in V8 on x86) and would
// need a final multiply for a low part. Every variant below works the same way:
//   n = round(v / ln 2), by adding a magic constant (1.5 * 2^23 + 127: the low bits of
//       the sum are then n + 127, and shifting them into the exponent field gives 2^n);
//   t = v - n ln 2, with ln 2 split so that n * kLn2Hi is exact (Cody-Waite);
//   exp(v) = 2^n + (t 2^n) g(t), g of degree 4 fitted to expm1(t) / t on
//       [-ln2/2, ln2/2] (relative error 2.1e-7 before rounding; scripts/fit_exp_poly.py).
// Lanes with v < kExpCutoff give 0: 2^n is normal for n >= -126, exp(-87.5) ~ 1e-38.
// That also discards what the reduction makes of v = -inf, and a NaN v gives NaN,
// which is how NaN inputs reach a row's sum.
constexpr float kExpMagic = 12583039.0f;  // 1.5 * 2^23 + 127
constexpr float kExpLog2e = 0x1.715476p+0f;
constexpr float kExpLn2Hi = 0x1.62e400p-1f;  // 22713 * 2^-15
constexpr float kExpLn2Lo = 0x1.7f7d1cp-20f;
constexpr float kExpCutoff = -87.5f;

// (1 + t g(t)) * scale, with the 1 added last.
template <class D>
HWY_INLINE hn::Vec<D> ExpFromReduced(D d, hn::Vec<D> t, hn::Vec<D> scale) {
  using V = hn::Vec<D>;
  const V c0 = hn::Set(d, 1.0f);  // coefficients from scripts/fit_exp_poly.py
  const V c1 = hn::Set(d, 0x1.fffe5ap-2f);
  const V c2 = hn::Set(d, 0x1.5554dep-3f);
  const V c3 = hn::Set(d, 0x1.570b98p-5f);
  const V c4 = hn::Set(d, 0x1.120b62p-7f);
  V g = hn::MulAdd(c4, t, c3);
  g = hn::MulAdd(g, t, c2);
  g = hn::MulAdd(g, t, c1);
  g = hn::MulAdd(g, t, c0);
  return hn::MulAdd(hn::Mul(t, scale), g, scale);
}

// n (as a float) and 2^n for v <= 0 with the magic constant.
template <class D>
HWY_INLINE hn::Vec<D> ExpSplit(D d, hn::Vec<D> v, hn::Vec<D>* scale) {
  const hn::RebindToSigned<D> di;
  const hn::Vec<D> magic = hn::Set(d, kExpMagic);
  const hn::Vec<D> biased = hn::MulAdd(v, hn::Set(d, kExpLog2e), magic);
  *scale = hn::BitCast(d, hn::ShiftLeft<23>(hn::BitCast(di, biased)));
  return hn::Sub(biased, magic);
}

// exp(hi + lo) for hi <= 0, |lo| <= ulp(hi) (the rounding error of hi); lo is folded
// into the reduced argument, where it costs one add.
template <class D>
HWY_INLINE hn::Vec<D> ExpNonPositive(D d, hn::Vec<D> hi, hn::Vec<D> lo) {
  using V = hn::Vec<D>;
  V scale;
  const V n = ExpSplit(d, hi, &scale);
  V t = hn::NegMulAdd(n, hn::Set(d, kExpLn2Hi), hi);
  t = hn::NegMulAdd(n, hn::Set(d, kExpLn2Lo), t);
  t = hn::Add(t, lo);
  return hn::IfThenZeroElse(hn::Lt(hi, hn::Set(d, kExpCutoff)),
                            ExpFromReduced(d, t, scale));
}

// The shift a row's exponentials use: its max m, or, without a temperature and when
// |m| < 256, m rounded up onto the grid of multiples of 2^-15 (moving it by less than
// 2^-15, so every exp(x - M) stays <= 1). On that grid ExpMinusShift can reduce x - M
// exactly without TwoSum.
template <bool kScaled>
HWY_INLINE float RowShift(float m) {
  if (kScaled || !(std::fabs(m) < 256.0f)) return m;
  return std::ceil(m * 32768.0f) / 32768.0f;  // both steps exact for |m| < 256
}

// Whether ExpMinusShift's exact reduction holds for this shift: checks the grid itself
// rather than trusting the caller, so a shift that did not come from RowShift takes
// the TwoSum path instead of losing accuracy.
template <bool kScaled>
HWY_INLINE bool OnShiftGrid(float m) {
  return !kScaled && std::fabs(m) < 256.0f && m == RowShift<false>(m);
}

// exp(x - M) for x <= M, M from RowShift with OnShiftGrid(M). The subtraction x - M
// rounds, with an error up to 2^-24 |x - M| (~1e-6 relative at x - M = -20), so it only
// picks n; the reduced argument is formed as x - (M + n * kLn2Hi), where the sum is
// exact (a multiple of 2^-15 below 2^9) and the last subtraction rounds relative to
// |t| <= 0.35. Cheaper than TwoSum by five operations.
// Where Max keeps a NaN second operand (x86's maxps, WASM's pmax as Highway orders
// it), x is clamped at M - 88 instead of flushing with a select, one operation less:
// there n = -127, whose 2^n comes out of the shift as +0, and exp(-87.68) < 1e-38.
template <class D>
HWY_INLINE hn::Vec<D> ExpMinusShift(D d, hn::Vec<D> x, hn::Vec<D> vM) {
  using V = hn::Vec<D>;
#if HWY_TARGET == HWY_EMU128 || HWY_TARGET == HWY_SCALAR
  constexpr bool kClamp = false;  // their Max drops NaN
#else
  constexpr bool kClamp = true;
#endif
  if (kClamp) x = hn::Max(hn::Sub(vM, hn::Set(d, 88.0f)), x);  // exact: vM's grid
  const V s = hn::Sub(x, vM);
  V scale;
  const V n = ExpSplit(d, s, &scale);
  V t = hn::Sub(x, hn::MulAdd(n, hn::Set(d, kExpLn2Hi), vM));
  t = hn::NegMulAdd(n, hn::Set(d, kExpLn2Lo), t);
  const V f = ExpFromReduced(d, t, scale);
  return kClamp ? f : hn::IfThenZeroElse(hn::Lt(s, hn::Set(d, kExpCutoff)), f);
}

// exp((x - m) / t) for x <= m (m finite, t > 0), when m is not on the shift grid: x - m
// is made exact with TwoSum (six adds; Fast2Sum would need to know which of |x|, |m|
// is larger), and non-finite corrections need no masking, as ExpNonPositive flushes
// them.
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

// Where AddStoreExp puts the terms: Add(i, x, e) takes the vector of the terms e of
// elements [i, i + N) (their inputs x), Add4 four consecutive vectors. SumAll adds
// them all up.
template <class D>
class SumAll {
 public:
  using V = hn::Vec<D>;
  explicit SumAll(D d) : sum_(d) {}
  HWY_INLINE void Add(size_t /*i*/, V /*x*/, V e) { sum_.Add(e); }
  HWY_INLINE void Add4(size_t /*i*/, const V* /*x*/, const V* e) {
    sum_.Add(hn::Add(hn::Add(e[0], e[1]), hn::Add(e[2], e[3])));
  }
  HWY_INLINE double Total() { return sum_.Total(); }

 private:
  BlockSum<D> sum_;
};

// SumExcept adds up every term but the one of element `skip` (a cross-entropy row's
// target class y). The loss is then formed as log1p(rest * e^-d[y]), which keeps its
// relative accuracy when the prediction is confident and rest is tiny: added to the
// target's own term (~1) in one float sum, rest would be lost below ulp(1). Costs one
// scalar comparison per call, not a vector operation per element.
template <class D>
class SumExcept {
 public:
  using V = hn::Vec<D>;
  SumExcept(D d, size_t skip) : d_(d), skip_(skip), sum_(d) {}
  HWY_INLINE void Add(size_t i, V /*x*/, V e) {
    if (skip_ - i < hn::Lanes(d_)) e = Drop(e, skip_ - i);
    sum_.Add(e);
  }
  HWY_INLINE void Add4(size_t i, const V* /*x*/, const V* e) {
    const size_t N = hn::Lanes(d_);
    if (skip_ - i < 4 * N) {
      V kept[4] = {e[0], e[1], e[2], e[3]};
      const size_t k = skip_ - i;
      kept[k / N] = Drop(kept[k / N], k % N);
      sum_.Add(hn::Add(hn::Add(kept[0], kept[1]), hn::Add(kept[2], kept[3])));
    } else {
      sum_.Add(hn::Add(hn::Add(e[0], e[1]), hn::Add(e[2], e[3])));
    }
  }
  // Sum of the terms of every element but `skip`.
  HWY_INLINE double Total() { return sum_.Total(); }

 private:
  HWY_INLINE V Drop(V e, size_t lane) {
    const hn::RebindToSigned<D> di;
    const auto at = hn::Eq(hn::Iota(di, 0), hn::Set(di, static_cast<int32_t>(lane)));
    return hn::IfThenZeroElse(hn::RebindMask(d_, at), e);
  }
  D d_;
  size_t skip_;
  BlockSum<D> sum_;
};

// SumBelowMax keeps the terms of the entries equal to the row max m apart: it adds up
// the rest and counts those, for a shift of exactly m (terms of 1). A loss with
// probability targets needs log s = log1p((ties - 1) + rest) precisely when the rest
// is tiny (a confident prediction): added into one float sum, the rest would be lost
// below ulp(1) of the max's own term.
template <class D>
class SumBelowMax {
 public:
  using V = hn::Vec<D>;
  using DI = hn::RebindToSigned<D>;
  SumBelowMax(D d, float m) : d_(d), m_(hn::Set(d, m)), rest_(d), ties_(hn::Zero(DI())) {}
  HWY_INLINE void Add(size_t /*i*/, V x, V e) {
    const auto tie = hn::Eq(x, m_);
    rest_.Add(hn::IfThenZeroElse(tie, e));
    ties_ = hn::Sub(ties_, hn::BitCast(DI(), hn::VecFromMask(d_, tie)));  // lanes of -1
  }
  HWY_INLINE void Add4(size_t /*i*/, const V* x, const V* e) {
    const auto t0 = hn::Eq(x[0], m_), t1 = hn::Eq(x[1], m_);
    const auto t2 = hn::Eq(x[2], m_), t3 = hn::Eq(x[3], m_);
    rest_.Add(
        hn::Add(hn::Add(hn::IfThenZeroElse(t0, e[0]), hn::IfThenZeroElse(t1, e[1])),
                hn::Add(hn::IfThenZeroElse(t2, e[2]), hn::IfThenZeroElse(t3, e[3]))));
    const DI di;
    const auto m01 = hn::Add(hn::BitCast(di, hn::VecFromMask(d_, t0)),
                             hn::BitCast(di, hn::VecFromMask(d_, t1)));
    const auto m23 = hn::Add(hn::BitCast(di, hn::VecFromMask(d_, t2)),
                             hn::BitCast(di, hn::VecFromMask(d_, t3)));
    ties_ = hn::Sub(ties_, hn::Add(m01, m23));
  }
  // Sum of the terms of entries below m.
  HWY_INLINE double Rest() { return rest_.Total(); }
  // Number of entries equal to m.
  HWY_INLINE double Ties() {
    HWY_ALIGN int32_t lanes[HWY_MAX_BYTES / sizeof(int32_t)];
    hn::Store(ties_, DI(), lanes);
    double k = 0;
    for (size_t i = 0; i < hn::Lanes(DI()); ++i) k += lanes[i];
    return k;
  }

 private:
  D d_;
  V m_;
  BlockSum<D> rest_;
  hn::Vec<DI> ties_;
};

// Feeds exp_fn(x[i]) for i in [0, n) to `sink` and, if `out` is not null, stores each
// term there.
template <class D, class ExpFn, class Sink>
HWY_INLINE void AddStoreExp(D d, const float* HWY_RESTRICT x, size_t n,
                            float* HWY_RESTRICT out, const ExpFn& exp_fn, Sink& sink) {
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
    const size_t count = n - i < N ? n - i : N;
    const V xv = LoadNOr(d, x + i, count, -std::numeric_limits<float>::infinity());
    const V e = exp_fn(xv);
    if (out) {
      StoreN(e, d, out + i, count);
    }
    sink.Add(i, xv, e);
  }
}

// Feeds exp((x[i] - shift) / t) for i in [0, n) to `sink` and stores the terms in `out`
// unless it is null. Caller guarantees shift finite and >= every x[i] (shift from
// RowShift), t > 0; a NaN in x gives a NaN term.
template <bool kScaled, class D, class Sink>
HWY_INLINE void AddStoreExpMinusShift(D d, const float* HWY_RESTRICT x, size_t n,
                                      float shift, float t, float* HWY_RESTRICT out,
                                      Sink& sink) {
  using V = hn::Vec<D>;
  const V vm = hn::Set(d, shift);
  if (OnShiftGrid<kScaled>(shift)) {
    AddStoreExp(
        d, x, n, out, [d, vm](V xv) { return ExpMinusShift(d, xv, vm); }, sink);
    return;
  }
  const V vt = hn::Set(d, t);
  const V vinv = hn::Set(d, 1.0f / t);
  AddStoreExp(
      d, x, n, out,
      [d, vm, vt, vinv](V xv) { return ExpMinusMax<kScaled>(d, xv, vm, vt, vinv); },
      sink);
}

// AddStoreExpMinusMax: returns sum_i exp((x[i] - shift) / t) and, if `out` is not
// null, stores each term there (conditions as above; a NaN in x makes the sum NaN).
template <bool kScaled, class D>
HWY_INLINE double AddStoreExpMinusMax(D d, const float* HWY_RESTRICT x, size_t n,
                                      float shift, float t, float* HWY_RESTRICT out) {
  SumAll<D> sum(d);
  AddStoreExpMinusShift<kScaled>(d, x, n, shift, t, out, sum);
  return sum.Total();
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
