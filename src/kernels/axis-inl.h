// Softmax, LogSoftmax and LogSumExp along an axis that is not the last, per target: x
// is [outer, len, inner] and each of the outer * inner columns (len values, `inner`
// apart) is one distribution. The kernels walk the columns a vector of lanes at a time,
// so every operation is vertical: no transpose, no horizontal reduction, and the len
// rows of one tile stay in L1 across the passes (max; exp(x - max) summed and, for
// softmax, stored; the final scale or log).
//
// Same results as the row kernels (softmax-inl.h), within the same bar: the
// exponentials are exp-inl.h's scaled ones with x - max made exact by DiffTwoSum (the
// max differs per lane, so the grid shift does not apply), and each lane's sum is
// compensated (TwoSum), since a float sum down a column of len terms would otherwise
// carry ~len roundings. A tile with a lane whose max is not finite, or is 2^103 or more,
// is done column by column in double (ColumnDouble), with the limits of LimitRow.

#if defined(SOFTMAX_XENT_AXIS_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef SOFTMAX_XENT_AXIS_INL_H_
#undef SOFTMAX_XENT_AXIS_INL_H_
#else
#define SOFTMAX_XENT_AXIS_INL_H_
#endif

#include <stddef.h>

#include <cmath>
#include <limits>

#include "hwy/contrib/math/math-inl.h"
#include "hwy/highway.h"
#include "src/kernels/dispatch.h"
#include "src/kernels/exp-inl.h"
#include "src/kernels/row-inl.h"
#include "src/kernels/tail-inl.h"

HWY_BEFORE_NAMESPACE();
namespace xent {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// One column in double: x[k * stride], k < len; results at out[k * stride] (kLogSumExp:
// one value at *out). Reads every x before it writes, so out may alias x.
template <AxisOp kOp>
HWY_NOINLINE void ColumnDouble(const float* x, size_t len, size_t stride, double t,
                               float* out) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  double m = -HUGE_VAL;
  bool any_nan = false;
  size_t k_inf = 0;
  for (size_t k = 0; k < len; ++k) {
    const float v = x[k * stride];
    any_nan |= std::isnan(v);
    m = std::fmax(m, double(v));
    k_inf += (v == HUGE_VALF);
  }
  auto put = [&](size_t k, double v) { out[k * stride] = static_cast<float>(v); };
  if (any_nan) {
    if (kOp == AxisOp::kLogSumExp) return put(0, nan);
    for (size_t k = 0; k < len; ++k) put(k, nan);
    return;
  }
  if (m == HUGE_VAL || m == -HUGE_VAL) {  // the limits of LimitRow
    if (kOp == AxisOp::kLogSumExp) return put(0, m);
    const bool up = m == HUGE_VAL;
    const double share = up ? 1.0 / double(k_inf) : 1.0 / double(len);
    for (size_t k = 0; k < len; ++k) {
      const bool gets = !up || x[k * stride] == HUGE_VALF;
      const double p = gets ? share : 0.0;
      put(k, kOp == AxisOp::kSoftmax ? p : (gets ? std::log(share) : -HUGE_VAL));
    }
    return;
  }
  double s = 0.0;
  for (size_t k = 0; k < len; ++k) s += std::exp((double(x[k * stride]) - m) / t);
  if (kOp == AxisOp::kLogSumExp) return put(0, m / t + std::log(s));
  const double log_s = std::log(s);
  for (size_t k = 0; k < len; ++k) {
    const double d = (double(x[k * stride]) - m) / t;
    put(k, kOp == AxisOp::kSoftmax ? std::exp(d) / s : d - log_s);
  }
}

// U vectors of columns starting at column j of one [len, inner] block (xo, oo). U > 1
// keeps U independent chains of adds in flight: a column's sum is a chain of len
// dependent TwoSum steps, latency-bound on its own. Full tiles (U = kTileVectors) use plain vector
// loads and stores; the tail (U = 1, `count` <= N columns) the tail-safe ones. (Only
// these two: each instantiation costs code size, which the widgets' download feels.)
template <AxisOp kOp, bool kScaled, size_t U, class D>
HWY_INLINE void ColumnTile(D d, const float* HWY_RESTRICT xo, size_t len, size_t inner,
                           size_t j, size_t count, const Temperature& t,
                           const TemperatureLanes<D>& vt, float* oo) {
  using V = hn::Vec<D>;
  const size_t N = hn::Lanes(d);
  auto at = [&](size_t k, size_t u) { return k * inner + j + u * N; };
  auto lanes = [&](size_t /*u*/) { return U == 1 ? count : N; };
  auto load = [&](size_t k, size_t u, float fill) {
    return U == 1 ? LoadNOr(d, xo + at(k, u), count, fill) : hn::LoadU(d, xo + at(k, u));
  };
  auto store = [&](V v, float* p) {
    if (U == 1) {
      StoreN(v, d, p, count);
    } else {
      hn::StoreU(v, d, p);
    }
  };
  V m[U];
  for (size_t u = 0; u < U; ++u) m[u] = hn::Set(d, -kInf);
  for (size_t k = 0; k < len; ++k) {
    for (size_t u = 0; u < U; ++u) m[u] = hn::Max(m[u], load(k, u, -kInf));
  }
  // Every lane finite and below 2^103 (NaN fails the comparison; unused tail lanes hold
  // -inf, so they are replaced by 0 first).
  bool ordinary = true;
  for (size_t u = 0; u < U; ++u) {
    const V live = lanes(u) == N ? m[u] : hn::IfThenElseZero(hn::FirstN(d, lanes(u)), m[u]);
    ordinary &= hn::AllTrue(d, hn::Lt(hn::Abs(live), hn::Set(d, wide::kWideMax)));
  }
  if (HWY_UNLIKELY(!ordinary)) {
    for (size_t u = 0; u < U; ++u) {
      for (size_t l = 0; l < lanes(u); ++l) {
        ColumnDouble<kOp>(xo + j + u * N + l, len, inner, t.t, oo + j + u * N + l);
      }
    }
    return;
  }
  // A NaN beside a finite max makes its exponential, and so the lane's sum, NaN.
  V sum[U], comp[U];
  for (size_t u = 0; u < U; ++u) sum[u] = comp[u] = hn::Zero(d);
  for (size_t k = 0; k < len; ++k) {
    for (size_t u = 0; u < U; ++u) {
      const V e = ExpMinusShiftTwoSum<kScaled>(d, load(k, u, -kInf), m[u], vt);
      if (kOp == AxisOp::kSoftmax) store(e, oo + at(k, u));
      const V s = hn::Add(sum[u], e);  // TwoSum: comp gathers what each add dropped
      const V bb = hn::Sub(s, sum[u]);
      comp[u] = hn::Add(comp[u], hn::Add(hn::Sub(sum[u], hn::Sub(s, bb)), hn::Sub(e, bb)));
      sum[u] = s;
    }
  }
  for (size_t u = 0; u < U; ++u) sum[u] = hn::Add(sum[u], comp[u]);
  if (kOp == AxisOp::kSoftmax) {
    V inv[U];
    for (size_t u = 0; u < U; ++u) inv[u] = hn::Div(hn::Set(d, 1.0f), sum[u]);  // 2^64 cancels
    for (size_t k = 0; k < len; ++k) {
      for (size_t u = 0; u < U; ++u) {
        float* p = oo + at(k, u);
        const V e = U == 1 ? LoadNOr(d, p, count, 0.0f) : hn::LoadU(d, p);
        store(hn::Mul(e, inv[u]), p);
      }
    }
    return;
  }
  // sum * 2^-64 is exact and >= 1 (the max's own term is 1). hn::Log turns NaN into a
  // number, so a NaN sum is kept by hand.
  V log_s[U];
  for (size_t u = 0; u < U; ++u) {
    log_s[u] = hn::IfThenElse(hn::IsNaN(sum[u]), sum[u],
                              hn::Log(d, hn::Mul(sum[u], hn::Set(d, float(kExpUnscale)))));
  }
  if (kOp == AxisOp::kLogSumExp) {
    for (size_t u = 0; u < U; ++u) {
      const V shift = kScaled ? hn::Div(m[u], vt.hi) : m[u];
      store(hn::Add(shift, log_s[u]), oo + j + u * N);
    }
    return;
  }
  for (size_t k = 0; k < len; ++k) {
    for (size_t u = 0; u < U; ++u) {
      V lo;
      const V hi = DiffTwoSum<kScaled>(d, load(k, u, 0.0f), m[u], vt, &lo);
      store(hn::Add(hn::Sub(hi, log_s[u]), lo), oo + at(k, u));
    }
  }
}

constexpr size_t kTileVectors = 4;

template <AxisOp kOp, bool kScaled>
HWY_INLINE void ColumnsAlongAxis(const float* HWY_RESTRICT x, size_t outer, size_t len,
                                 size_t inner, const Temperature& t, float* out) {
  using D = hn::ScalableTag<float>;
  const D d;
  const size_t N = hn::Lanes(d);
  const TemperatureLanes<D> vt(d, t);
  for (size_t o = 0; o < outer; ++o) {
    const float* xo = x + o * len * inner;
    float* oo = out + o * (kOp == AxisOp::kLogSumExp ? 1 : len) * inner;
    size_t j = 0;
    // Several vectors at a time without a temperature; with one (rarer, and the
    // division makes each step long enough to hide more of the latency) one at a time.
    if constexpr (!kScaled) {
      for (; j + kTileVectors * N <= inner; j += kTileVectors * N) {
        ColumnTile<kOp, kScaled, kTileVectors>(d, xo, len, inner, j, kTileVectors * N, t, vt, oo);
      }
    }
    for (; j < inner; j += N) {
      ColumnTile<kOp, kScaled, 1>(d, xo, len, inner, j, LanesLeft(d, j, inner), t, vt, oo);
    }
  }
}

}  // namespace HWY_NAMESPACE
}  // namespace xent
HWY_AFTER_NAMESPACE();

#endif  // SOFTMAX_XENT_AXIS_INL_H_
