// Information-theory kernels, per target: SelfInformation (elementwise), the per-row
// Entropy, DistributionCrossEntropy, KLDivergence and JSDivergence, and the
// elementwise entr, rel_entr and kl_div terms of PointwiseN (scipy.special and
// torch.nn.functional semantics, kernels.h).
//
// SelfInformation: -log p.         Entropy: -sum p log p.
// DistributionCrossEntropy: -sum p log q.
// KLDivergence: sum p log(p / q).  JSDivergence: (KL(p||m) + KL(q||m)) / 2, m = (p+q)/2.
// Inputs: p, q in [0, 1] (checked by the caller). Conventions: 0 * log 0 = 0, so a
// class with p = 0 adds nothing; -log 0 = +inf, so q = 0 < p gives +inf. Results in
// the caller's units: the logs are multiplied by scale = 1 / ln(base) before the
// products with p, so a subnormal p times a large scale (a base near 1) is not formed
// as a subnormal product first; a base below 1 turns +inf into -inf.
// Max error: < 1e-6 relative vs. the mpmath oracle (entropy_test.cc), except that KL
// sums terms of both signs, so for nearly equal rows its bound is 1e-6 of sum |terms|
// (the cancellation is in the definition, not the kernel). JS avoids it (see below).
//
// hn::Log has up to 4 ulp and is undefined at 0 and +inf, so those lanes are selected
// explicitly. log(p / q) is taken as log1p((p - q) / q) when p / q is in [0.5, 2]
// (p - q is exact there), so KL stays accurate as q approaches p.

#if defined(SOFTMAX_XENT_ENTROPY_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef SOFTMAX_XENT_ENTROPY_INL_H_
#undef SOFTMAX_XENT_ENTROPY_INL_H_
#else
#define SOFTMAX_XENT_ENTROPY_INL_H_
#endif

#include <cmath>
#include <limits>

#include "hwy/contrib/math/math-inl.h"
#include "hwy/highway.h"
#include "src/kernels/dispatch.h"
#include "src/kernels/sum-inl.h"
#include "src/kernels/tail-inl.h"

HWY_BEFORE_NAMESPACE();
namespace xent {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// log(a / b) for a > 0, b > 0 (lanes with a == 0 or b == 0 are garbage; callers select).
template <class D>
HWY_INLINE hn::Vec<D> LogRatio(D d, hn::Vec<D> a, hn::Vec<D> b) {
  using V = hn::Vec<D>;
  const V r = hn::Div(a, b);
  const auto near = hn::And(hn::Ge(r, hn::Set(d, 0.5f)), hn::Le(r, hn::Set(d, 2.0f)));
  const V l_near = hn::Log1p(d, hn::Div(hn::Sub(a, b), b));
  // Outside [0.5, 2] |log r| >= ln 2, so one rounding of r costs < 1e-7 relative; if
  // r over- or underflows, the two logs are exact enough on their own.
  const auto r_ok = hn::And(hn::Ge(r, hn::Set(d, std::numeric_limits<float>::min())),
                            hn::Le(r, hn::Set(d, std::numeric_limits<float>::max())));
  const V safe_r = hn::IfThenElse(r_ok, r, hn::Set(d, 1.0f));
  const V l_far =
      hn::IfThenElse(r_ok, hn::Log(d, safe_r), hn::Sub(hn::Log(d, a), hn::Log(d, b)));
  return hn::IfThenElse(near, l_near, l_far);
}

// One row's term for lanes of p and q, times scale (s).
template <InfoKind kKind, class D>
HWY_INLINE hn::Vec<D> InfoTerm(D d, hn::Vec<D> p, hn::Vec<D> q, hn::Vec<D> s) {
  using V = hn::Vec<D>;
  const V zero = hn::Zero(d), one = hn::Set(d, 1.0f);
  const V inf = hn::Mul(hn::Set(d, std::numeric_limits<float>::infinity()), s);
  const auto p_pos = hn::Gt(p, zero);
  if (kKind == InfoKind::kEntropy) {
    const V lp = hn::Log(d, hn::IfThenElse(p_pos, p, one));
    return hn::IfThenElseZero(p_pos, hn::Neg(hn::Mul(p, hn::Mul(lp, s))));
  }
  const auto q_pos = hn::Gt(q, zero);
  if (kKind == InfoKind::kCrossEntropy) {
    const V lq = hn::Log(d, hn::IfThenElse(q_pos, q, one));
    const V t = hn::IfThenElse(q_pos, hn::Neg(hn::Mul(p, hn::Mul(lq, s))), inf);
    return hn::IfThenElseZero(p_pos, t);
  }
  if (kKind == InfoKind::kKL) {
    const V l = LogRatio(d, hn::IfThenElse(p_pos, p, one), hn::IfThenElse(q_pos, q, one));
    return hn::IfThenElseZero(p_pos,
                              hn::IfThenElse(q_pos, hn::Mul(p, hn::Mul(l, s)), inf));
  }
  // JS, per class: with m = (p + q) / 2 and d = (p - q) / (p + q),
  //   (p log(p/m) + q log(q/m)) / 2 = m f(d) / 2,  f(d) = (1+d) log(1+d) + (1-d)
  //   log(1-d).
  // f is second order in d while its two halves are first order, so for |d| < 1/4 it
  // comes from its series sum_k d^2k / (k (2k - 1)) (7 terms: < 1e-9 relative), which
  // keeps JS accurate as q approaches p.
  const V sum = hn::Add(p, q);
  const auto any = hn::Gt(sum, zero);
  const V dv = hn::Div(hn::Sub(p, q), hn::IfThenElse(any, sum, one));
  const V u = hn::Mul(dv, dv);
  V poly = hn::Set(d, 1.0f / 91);
  for (float c : {1.0f / 66, 1.0f / 45, 1.0f / 28, 1.0f / 15, 1.0f / 6, 1.0f}) {
    poly = hn::MulAdd(poly, u, hn::Set(d, c));
  }
  const V series = hn::Mul(u, poly);
  const V one_plus = hn::Add(one, dv), one_minus = hn::Sub(one, dv);
  // d = +-1 (one side 0): that half is 0 log 0 = 0; keep Log1p away from -1.
  const V half_p = hn::IfThenElseZero(
      hn::Gt(one_plus, zero),
      hn::Mul(one_plus, hn::Log1p(d, hn::IfThenElse(hn::Gt(one_plus, zero), dv, zero))));
  const V half_q = hn::IfThenElseZero(
      hn::Gt(one_minus, zero),
      hn::Mul(one_minus,
              hn::Log1p(d, hn::IfThenElse(hn::Gt(one_minus, zero), hn::Neg(dv), zero))));
  const V direct = hn::Add(half_p, half_q);
  const V f = hn::IfThenElse(hn::Lt(hn::Abs(dv), hn::Set(d, 0.25f)), series, direct);
  return hn::IfThenElseZero(any, hn::Mul(hn::Mul(sum, hn::Mul(hn::Set(d, 0.25f), s)), f));
}

// out[r] = sum_c scale * term(p[r, c], q[r, c]).
template <InfoKind kKind>
HWY_INLINE void InfoRows(const float* HWY_RESTRICT p, const float* HWY_RESTRICT q,
                         size_t rows, size_t classes, double scale,
                         float* HWY_RESTRICT out) {
  using D = hn::ScalableTag<float>;
  using V = hn::Vec<D>;
  const D d;
  const size_t N = hn::Lanes(d);
  const V vs = hn::Set(d, static_cast<float>(scale));
  for (size_t r = 0; r < rows; ++r) {
    const float* pr = p + r * classes;
    const float* qr = q ? q + r * classes : nullptr;
    BlockSum<D> sum(d);
    for (size_t i = 0; i < classes; i += N) {
      const size_t count = LanesLeft(d, i, classes);
      const V pv = LoadNOr(d, pr + i, count, 0.0f);
      const V qv = !qr ? pv : LoadNOr(d, qr + i, count, 0.0f);
      sum.Add(InfoTerm<kKind>(d, pv, qv, vs));
    }
    out[r] = static_cast<float>(sum.Total());
  }
}

// out[i] = -log(p[i]) * scale (p = 0: +inf * sign(scale), the limit).
HWY_INLINE void SelfInformationN(const float* HWY_RESTRICT p, size_t n, double scale,
                                 float* out) {
  using D = hn::ScalableTag<float>;
  using V = hn::Vec<D>;
  const D d;
  const size_t N = hn::Lanes(d);
  const V vs = hn::Set(d, static_cast<float>(scale));
  const V zero = hn::Zero(d), one = hn::Set(d, 1.0f);
  const V inf = hn::Mul(hn::Set(d, std::numeric_limits<float>::infinity()), vs);
  for (size_t i = 0; i < n; i += N) {
    const size_t count = LanesLeft(d, i, n);
    const V pv = LoadNOr(d, p + i, count, 1.0f);
    const auto pos = hn::Gt(pv, zero);
    // 0 - x rather than -x, so that p = 1 gives +0, not -0.
    const V info = hn::Sub(zero, hn::Mul(hn::Log(d, hn::IfThenElse(pos, pv, one)), vs));
    const V y = hn::IfThenElse(pos, info, inf);
    StoreN(y, d, out + i, count);
  }
}

// One PointKind value (dispatch.h) for lanes a, b (kernels.h states each function's
// cases). rel_entr's log(x / y) is LogRatio, accurate as y approaches x and where x / y
// over- or underflows; kl_div's target (log target - input) has the error of its two
// parts, 1e-7 of target (|log target| + |input|).
template <PointKind kKind, class D>
HWY_INLINE hn::Vec<D> PointTerm(D d, hn::Vec<D> a, hn::Vec<D> b) {
  using V = hn::Vec<D>;
  const V zero = hn::Zero(d), one = hn::Set(d, 1.0f);
  const V inf = hn::Set(d, HUGE_VALF), neg_inf = hn::Set(d, -HUGE_VALF);
  const V nan = hn::Set(d, std::numeric_limits<float>::quiet_NaN());
  const auto nan_in = hn::Or(hn::IsNaN(a), hn::IsNaN(b));
  const auto finite_pos = [&](V v) { return hn::And(hn::Gt(v, zero), hn::Lt(v, inf)); };
  V r;
  if (kKind == PointKind::kEntr) {
    const auto pos = finite_pos(a);
    r = hn::Neg(hn::Mul(a, hn::Log(d, hn::IfThenElse(pos, a, one))));
    r = hn::IfThenElse(hn::Eq(a, inf), neg_inf, r);
    r = hn::IfThenElse(hn::Eq(a, zero), zero, r);
    r = hn::IfThenElse(hn::Lt(a, zero), neg_inf, r);
    return hn::IfThenElse(hn::IsNaN(a), a, r);
  }
  if (kKind == PointKind::kRelEntr) {
    const auto both = hn::And(finite_pos(a), finite_pos(b));
    r = inf;  // x < 0, y < 0, or x > 0 = y
    r = hn::IfThenElse(hn::And(hn::Eq(a, zero), hn::Ge(b, zero)), zero, r);
    const V l = LogRatio(d, hn::IfThenElse(both, a, one), hn::IfThenElse(both, b, one));
    r = hn::IfThenElse(both, hn::Mul(a, l), r);
    const auto a_inf = hn::Eq(a, inf), b_inf = hn::Eq(b, inf);
    r = hn::IfThenElse(hn::And(a_inf, finite_pos(b)), inf, r);
    r = hn::IfThenElse(hn::And(b_inf, finite_pos(a)), neg_inf, r);
    r = hn::IfThenElse(hn::And(a_inf, b_inf), nan, r);
    return hn::IfThenElse(nan_in, nan, r);
  }
  // kl_div: a = input (log-probabilities), b = target. A zero target (-inf with a log
  // target) gives 0 whatever the input but NaN.
  hn::Mask<D> zero_target;
  if (kKind == PointKind::kKlDiv) {
    const auto pos = hn::Gt(b, zero);
    r = hn::Mul(b, hn::Sub(hn::Log(d, hn::IfThenElse(pos, b, one)), a));
    zero_target = hn::Not(pos);
  } else {
    // exp(b) for b in [-inf, 0]: hn::Exp is defined down to -FLT_MAX; below e^-104
    // it is 0 or subnormal, as the product's scale needs.
    const auto finite = hn::Gt(b, neg_inf);
    r = hn::Mul(hn::Exp(d, hn::IfThenElse(finite, b, zero)), hn::Sub(b, a));
    zero_target = hn::Not(finite);
  }
  r = hn::IfThenElse(zero_target, zero, r);
  return hn::IfThenElse(nan_in, nan, r);
}

// out[i] = PointTerm(a[i], b[i]) (out may be null); returns their sum (float blocks,
// double totals; a vector holding a term beyond 2^100 is added lane by lane in double,
// so the float blocks cannot overflow).
template <PointKind kKind>
HWY_INLINE double PointwiseN(const float* HWY_RESTRICT a, const float* HWY_RESTRICT b,
                             size_t n, float* out) {
  using D = hn::ScalableTag<float>;
  using V = hn::Vec<D>;
  const D d;
  const size_t N = hn::Lanes(d);
  const V big = hn::Set(d, 0x1p100f);
  BlockSum<D> sum(d);
  double wide_sum = 0.0;
  for (size_t i = 0; i < n; i += N) {
    const size_t count = LanesLeft(d, i, n);
    const V av = LoadNOr(d, a + i, count, 0.0f);
    const V bv = b ? LoadNOr(d, b + i, count, 1.0f) : av;
    V t = PointTerm<kKind>(d, av, bv);  // tail lanes give 0: entr(0), kl_div(0 || 1)
    if (out) StoreN(t, d, out + i, count);
    if (count != N) t = hn::IfThenElseZero(hn::FirstN(d, count), t);
    if (HWY_LIKELY(hn::AllTrue(d, hn::Le(hn::Abs(t), big)))) {
      sum.Add(t);
    } else {
      HWY_ALIGN float lanes[kMaxLanes];
      hn::Store(t, d, lanes);
      for (size_t k = 0; k < N; ++k) wide_sum += lanes[k];
    }
  }
  return sum.Total() + wide_sum;
}

}  // namespace HWY_NAMESPACE
}  // namespace xent
HWY_AFTER_NAMESPACE();

#endif  // SOFTMAX_XENT_ENTROPY_INL_H_
