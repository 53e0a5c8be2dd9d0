// The softmax-domain exponential, per target: exp(v) for v <= 0, as a row's
// exp((x - shift) / t) needs it, cheaper than hn::Exp (which handles any sign, converts
// with i32x4.trunc_sat, a long sequence in V8 on x86, and would need a final multiply for
// a low part). Two ways to form the argument, which differ in how x - shift is made
// exact:
//   ExpMinusGridShift     the shift lies on a grid of multiples of 2^-15 (RowShift), so
//                         x - (shift + n ln2_hi) is exact with no extra operation;
//   ExpMinusShiftTwoSum   any finite shift and a temperature: x - shift is split into
//                         hi + lo with TwoSum (DiffTwoSum) and lo is folded into the
//                         reduced argument.
// Both compute n = round(v / ln 2) by adding a magic constant (1.5 * 2^23 + 127: the low
// bits of the sum are then n + 127, and shifting them into the exponent field gives 2^n),
// t = v - n ln 2 with ln 2 split so that n * kExpLn2Hi is exact (Cody-Waite), and
// exp(v) = 2^n + (t 2^n) g(t), g of degree 4 fitted to expm1(t) / t on [-ln2/2, ln2/2]
// (relative error 2.1e-7 before rounding; scripts/fit_exp_poly.py).
// Every result is scaled by 2^kExpScaleBits (callers multiply their sums or factors by
// kExpUnscale, in double or folded into one float factor): exp(v) 2^64 is a normal
// float down to v = -131.6, so terms far below float's smallest normal (e^-87.3)
// still count. That keeps a confident prediction's loss (a sum of such terms) and
// subnormal probabilities, at no cost: the scale is part of the magic constant.
// Results with n <= -191 (below about 2^-190 before scaling, where 2^(n + 64) is no
// longer a normal float) are 0, decided from n so that every target agrees; a NaN
// argument gives NaN, which is how NaN inputs reach a row's sum.
//
// Per-target code: include only from files that are themselves compiled per target.

#if defined(SOFTMAX_XENT_EXP_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef SOFTMAX_XENT_EXP_INL_H_
#undef SOFTMAX_XENT_EXP_INL_H_
#else
#define SOFTMAX_XENT_EXP_INL_H_
#endif

#include <cmath>
#include <limits>

#include "hwy/highway.h"
#include "src/kernels/dispatch.h"

#if HWY_TARGET == HWY_WASM && defined(__wasm_relaxed_simd__)
#include <wasm_simd128.h>
#endif

HWY_BEFORE_NAMESPACE();
namespace xent {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

constexpr int kExpScaleBits = 64;
constexpr double kExpUnscale = 0x1p-64;           // 2^-kExpScaleBits
constexpr float kExpMagic = 12583039.0f + 64.0f;  // 1.5 * 2^23 + 127 + kExpScaleBits
constexpr float kExpLog2e = 0x1.715476p+0f;
constexpr float kExpLn2Hi = 0x1.62e400p-1f;  // 22713 * 2^-15
constexpr float kExpLn2Lo = 0x1.7f7d1cp-20f;
constexpr float kExpLowestN = -190.5f;  // n below: 2^(n + 64) is not a normal float
// x - shift at which ExpMinusGridShift clamps: round(-132.5 / ln 2) = -191, whose
// 2^(n + 64) comes out of the shift as +0, the same flush as kExpLowestN.
constexpr float kExpClamp = 132.5f;

// a * b + c (and c - a * b) where either rounding meets the accuracy bar: fused or
// not. The relaxed-SIMD module (kernels-relaxed.wasm) makes each one instruction,
// f32x4.relaxed_madd / relaxed_nmadd, which an engine runs fused where the CPU has FMA
// and as a multiply and an add where not; SIMD128 has no multiply-add, so there it is
// two instructions, and native targets fuse where they have FMA. Both roundings are
// tested: the native AVX2 and AVX-512 suites fuse, SIMD128 and SSE4 do not. Never for
// a product that must be exact (ExactRemainder).
#if HWY_TARGET == HWY_WASM && defined(__wasm_relaxed_simd__)
template <class D>
HWY_INLINE hn::Vec<D> MulAddEither(D, hn::Vec<D> a, hn::Vec<D> b, hn::Vec<D> c) {
  static_assert(hwy::IsSame<hn::TFromD<D>, float>(), "float lanes only");
  return hn::Vec<D>{wasm_f32x4_relaxed_madd(a.raw, b.raw, c.raw)};
}
template <class D>
HWY_INLINE hn::Vec<D> NegMulAddEither(D, hn::Vec<D> a, hn::Vec<D> b, hn::Vec<D> c) {
  static_assert(hwy::IsSame<hn::TFromD<D>, float>(), "float lanes only");
  return hn::Vec<D>{wasm_f32x4_relaxed_nmadd(a.raw, b.raw, c.raw)};
}
#else
template <class D>
HWY_INLINE hn::Vec<D> MulAddEither(D, hn::Vec<D> a, hn::Vec<D> b, hn::Vec<D> c) {
  return hn::MulAdd(a, b, c);
}
template <class D>
HWY_INLINE hn::Vec<D> NegMulAddEither(D, hn::Vec<D> a, hn::Vec<D> b, hn::Vec<D> c) {
  return hn::NegMulAdd(a, b, c);
}
#endif

// s - y * t exactly, for y = s / t rounded. With a fused multiply-add that is one
// instruction; without (SSE4, WASM SIMD128, scalar) y * t is formed exactly as
// ph + pl by Dekker's product (Veltkamp splitting into 12-bit halves), and s - ph is
// exact because ph is within a rounding of s. A split that overflows (|y| > 8e34,
// where exp(y) is 0 anyway) gives NaN, which DiffTwoSum discards.
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

// The lanes of a Temperature.
template <class D>
struct TemperatureLanes {
  TemperatureLanes(D d, const Temperature& t)
      : hi(hn::Set(d, t.hi)), inv(hn::Set(d, t.inv)), tau(hn::Set(d, t.tau)) {}
  hn::Vec<D> hi, inv, tau;
};

// (x - m) / t as an unevaluated sum hi + lo (lo in *lo). The subtraction is made exact
// with TwoSum (six adds; Fast2Sum would need to know which of |x|, |m| is larger):
// without it, exp(x - m) inherits the rounding of x - m, a relative error of up to
// |x - m| * 2^-24 (~1e-6 at x - m = -20), beyond the accuracy bar. With a temperature
// (kScaled) the quotient's exact remainder, and the part of t that float lost
// (-hi * tau), are folded into lo. x - m itself cannot overflow: rows whose max is
// 2^103 or more take the double path (wide.h).
template <bool kScaled, class D>
HWY_INLINE hn::Vec<D> DiffTwoSum(D d, hn::Vec<D> x, hn::Vec<D> m,
                                 const TemperatureLanes<D>& t, hn::Vec<D>* lo) {
  using V = hn::Vec<D>;
  const V s = hn::Sub(x, m);
  const V bb = hn::Sub(s, x);
  V e = hn::Sub(hn::Sub(x, hn::Sub(s, bb)), hn::Add(m, bb));
  V hi = s;
  if (kScaled) {
    hi = hn::Div(s, t.hi);
    e = hn::NegMulAdd(hi, t.tau,
                      hn::Mul(hn::Add(ExactRemainder(d, s, hi, t.hi), e), t.inv));
  }
  // x = -inf, or an overflowing x - m or (x - m) / t, makes e NaN or infinite; exp(hi)
  // is 0 there, and 0 * inf would be NaN, so keep only finite corrections. (The
  // fuzzer found the infinite case: softmax([-1.3e38, 0], T = 0.05).)
  const V inf = hn::Set(d, std::numeric_limits<float>::infinity());
  *lo = hn::IfThenElseZero(hn::Lt(hn::Abs(e), inf), e);
  return hi;
}

// (1 + t g(t)) * scale, with the 1 added last.
template <class D>
HWY_INLINE hn::Vec<D> ExpFromReduced(D d, hn::Vec<D> t, hn::Vec<D> scale) {
  using V = hn::Vec<D>;
  const V c0 = hn::Set(d, 1.0f);  // coefficients from scripts/fit_exp_poly.py
  const V c1 = hn::Set(d, 0x1.fffe5ap-2f);
  const V c2 = hn::Set(d, 0x1.5554dep-3f);
  const V c3 = hn::Set(d, 0x1.570b98p-5f);
  const V c4 = hn::Set(d, 0x1.120b62p-7f);
  V g = MulAddEither(d, c4, t, c3);
  g = MulAddEither(d, g, t, c2);
  g = MulAddEither(d, g, t, c1);
  g = MulAddEither(d, g, t, c0);
  return MulAddEither(d, hn::Mul(t, scale), g, scale);
}

// n (as a float) and, in *scale, 2^(n + kExpScaleBits) for v <= 0 with the magic
// constant.
template <class D>
HWY_INLINE hn::Vec<D> ExpSplit(D d, hn::Vec<D> v, hn::Vec<D>* scale) {
  const hn::RebindToSigned<D> di;
  const hn::Vec<D> magic = hn::Set(d, kExpMagic);
  // Fused or not, n = round(v log2 e) may differ by one at a tie, which only moves t
  // within the polynomial's range.
  const hn::Vec<D> biased = MulAddEither(d, v, hn::Set(d, kExpLog2e), magic);
  *scale = hn::BitCast(d, hn::ShiftLeft<23>(hn::BitCast(di, biased)));
  return hn::Sub(biased, magic);
}

// exp(hi + lo) 2^64 for hi <= 0, |lo| <= ulp(hi) (the rounding error of hi); lo is
// folded into the reduced argument, where it costs one add.
template <class D>
HWY_INLINE hn::Vec<D> ExpNonPositive(D d, hn::Vec<D> hi, hn::Vec<D> lo) {
  using V = hn::Vec<D>;
  V scale;
  const V n = ExpSplit(d, hi, &scale);
  V t = NegMulAddEither(d, n, hn::Set(d, kExpLn2Hi), hi);  // exact either way
  t = NegMulAddEither(d, n, hn::Set(d, kExpLn2Lo), t);
  t = hn::Add(t, lo);
  return hn::IfThenZeroElse(hn::Lt(n, hn::Set(d, kExpLowestN)),
                            ExpFromReduced(d, t, scale));
}

// The shift a row's exponentials use: its max m, or, without a temperature and when
// |m| < 256, m rounded up onto the grid of multiples of 2^-15 (moving it by less than
// 2^-15, so every exp(x - M) stays <= 1). On that grid ExpMinusGridShift can reduce
// x - M exactly without TwoSum.
template <bool kScaled>
HWY_INLINE float RowShift(float m) {
  if (kScaled || !(std::fabs(m) < 256.0f)) return m;
  return std::ceil(m * 32768.0f) / 32768.0f;  // both steps exact for |m| < 256
}

// Whether ExpMinusGridShift's exact reduction holds for this shift: checks the grid
// itself rather than trusting the caller, so a shift that did not come from RowShift
// takes the TwoSum path instead of losing accuracy.
template <bool kScaled>
HWY_INLINE bool OnShiftGrid(float m) {
  return !kScaled && std::fabs(m) < 256.0f && m == RowShift<false>(m);
}

// exp(x - M) 2^64 for x <= M, M with OnShiftGrid(M). The subtraction x - M rounds, with
// an error up to 2^-24 |x - M| (~1e-6 relative at x - M = -20), so it only picks n; the
// reduced argument is formed as x - (M + n * kExpLn2Hi), where the sum is exact (a
// multiple of 2^-15 below 2^9) and the last subtraction rounds relative to |t| <= 0.35.
// Cheaper than TwoSum by five operations.
// Where Max keeps a NaN second operand (x86's maxps, WASM's pmax as Highway orders
// it), x is clamped at M - kExpClamp instead of flushing with a select, one operation
// less; both flush exactly the lanes with n <= -191.
template <class D>
HWY_INLINE hn::Vec<D> ExpMinusGridShift(D d, hn::Vec<D> x, hn::Vec<D> vM) {
  using V = hn::Vec<D>;
#if HWY_TARGET == HWY_EMU128 || HWY_TARGET == HWY_SCALAR
  constexpr bool kClamp = false;  // their Max drops NaN
#else
  constexpr bool kClamp = true;
#endif
  if (kClamp) x = hn::Max(hn::Sub(vM, hn::Set(d, kExpClamp)), x);  // exact: vM's grid
  const V s = hn::Sub(x, vM);
  V scale;
  const V n = ExpSplit(d, s, &scale);
  V t = hn::Sub(x, MulAddEither(d, n, hn::Set(d, kExpLn2Hi), vM));  // the sum is exact
  t = NegMulAddEither(d, n, hn::Set(d, kExpLn2Lo), t);
  const V f = ExpFromReduced(d, t, scale);
  return kClamp ? f : hn::IfThenZeroElse(hn::Lt(n, hn::Set(d, kExpLowestN)), f);
}

// exp((x - m) / t) 2^64 for x <= m (m finite, t > 0) with any m: x - m made exact by
// DiffTwoSum.
template <bool kScaled, class D>
HWY_INLINE hn::Vec<D> ExpMinusShiftTwoSum(D d, hn::Vec<D> x, hn::Vec<D> m,
                                          const TemperatureLanes<D>& t) {
  hn::Vec<D> lo;
  const hn::Vec<D> hi = DiffTwoSum<kScaled>(d, x, m, t, &lo);
  return ExpNonPositive(d, hi, lo);
}

}  // namespace HWY_NAMESPACE
}  // namespace xent
HWY_AFTER_NAMESPACE();

#endif  // SOFTMAX_XENT_EXP_INL_H_
