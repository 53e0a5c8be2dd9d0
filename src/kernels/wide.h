// Rows the float lanes cannot hold, computed in double (scalar, as they are rare).
//
// The vector kernels form x - max and (x - max) / t in float. With |x| near float's
// limit (3.4e38) x - max itself can overflow: only when max >= 2^103, because
// |x - max| <= FLT_MAX + max rounds to at most FLT_MAX below that. And a loss that sums
// w[c] (x[c] - max) / t over a row can pass FLT_MAX with a small temperature although
// the loss is a float (crossEntropy([[1e38, -1e38]], [[0.9, 0.1]], {temperature: 0.5})
// is 4e37). Such rows (WideRow) take these functions instead, where every difference
// and sum is a double: exact enough for the bar and far from overflow.
// Every function reads all of x before writing its output, so outputs may alias x.
// They are kept out of line (HWY_NOINLINE): inlined, they cost the hot row loops of the
// kernels that call them registers (2 % more instructions in softmax).
#ifndef SOFTMAX_XENT_WIDE_H_
#define SOFTMAX_XENT_WIDE_H_

#include <stddef.h>

#include <cmath>
#include <limits>

#include "hwy/base.h"

namespace xent {
namespace wide {

// The threshold of the first case above: below it x - max cannot overflow.
constexpr float kWideMax = 0x1p103f;

// A row's sum of exp((x[c] - m) / t) for a finite max m, split as ties + rest: the
// number of entries equal to m (each contributes 1) and the sum of the others, so that
// log s = log1p((ties - 1) + rest) keeps a tiny rest.
struct WideSum {
  double ties = 0.0, rest = 0.0;
  double Log() const { return std::log1p((ties - 1.0) + rest); }
  double Total() const { return ties + rest; }
};

inline double Delta(float x, float m, double t) { return (double(x) - double(m)) / t; }

HWY_NOINLINE inline WideSum SumExp(const float* x, size_t n, float m, double t) {
  WideSum s;
  for (size_t c = 0; c < n; ++c) {
    if (x[c] == m) {
      s.ties += 1.0;
    } else {
      s.rest += std::exp(Delta(x[c], m, t));
    }
  }
  return s;
}

HWY_NOINLINE inline void Softmax(const float* x, size_t n, float m, double t,
                                 float* out) {
  const double inv = 1.0 / SumExp(x, n, m, t).Total();
  for (size_t c = 0; c < n; ++c) {
    out[c] = static_cast<float>(std::exp(Delta(x[c], m, t)) * inv);
  }
}

HWY_NOINLINE inline void LogSoftmax(const float* x, size_t n, float m, double t,
                                    float* out) {
  const double log_s = SumExp(x, n, m, t).Log();
  for (size_t c = 0; c < n; ++c) out[c] = static_cast<float>(Delta(x[c], m, t) - log_s);
}

HWY_NOINLINE inline double LogSumExp(const float* x, size_t n, float m, double t) {
  return double(m) / t + SumExp(x, n, m, t).Log();
}

// sum_c a[c] (-log p[c]) over the classes with a[c] = coeff(c) != 0, and, if g is not
// null, g[c] = scale (p[c] A - a[c]), A = sum_c a[c].
template <class Coeff>
HWY_NOINLINE double LossRow(const float* x, size_t n, float m, double t,
                            const Coeff& coeff, double scale, float* g) {
  const WideSum s = SumExp(x, n, m, t);
  const double log_s = s.Log();
  double loss = 0.0, A = 0.0;
  for (size_t c = 0; c < n; ++c) {
    const double a = coeff(c);
    A += a;
    if (a != 0.0) loss += a * (log_s - Delta(x[c], m, t));
  }
  if (g) {
    const double inv = A / s.Total();
    for (size_t c = 0; c < n; ++c) {
      g[c] = static_cast<float>(scale * (std::exp(Delta(x[c], m, t)) * inv - coeff(c)));
    }
  }
  return loss;
}

// SoftmaxEntropy of a row with a finite max m, in nats (grad, if not null, times
// `gscale`), all in double.
HWY_NOINLINE inline double SoftmaxEntropy(const float* x, size_t n, float m, double t,
                                          double gscale, float* grad) {
  const WideSum s = SumExp(x, n, m, t);
  double eg = 0.0;  // sum e g, g = -Delta >= 0
  for (size_t c = 0; c < n; ++c) {
    if (x[c] != -HUGE_VALF) eg -= std::exp(Delta(x[c], m, t)) * Delta(x[c], m, t);
  }
  const double total = s.Total(), A = eg / total;
  if (grad) {
    for (size_t c = 0; c < n; ++c) {
      const double p = std::exp(Delta(x[c], m, t)) / total;
      grad[c] = p == 0.0 ? 0.0f : static_cast<float>(p * (-Delta(x[c], m, t) - A) * gscale);
    }
  }
  return s.Log() + A;
}

// scipy.special.logsumexp(x / t, b = b) with its sign, for any row (the float path
// takes the finite rows whose max is below kWideMax): entries with b == 0 are left
// out; b null means ones.
HWY_NOINLINE inline double LogSumExpWeighted(const float* x, const float* b, size_t n,
                                             double t, float* sign) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  double m = -HUGE_VAL;
  bool pos_inf = false, neg_inf = false;
  for (size_t c = 0; c < n; ++c) {
    const double w = b ? b[c] : 1.0;
    if (w == 0.0) continue;
    if (std::isnan(w) || std::isnan(x[c])) {
      *sign = static_cast<float>(nan);
      return nan;
    }
    m = std::fmax(m, double(x[c]));
    if (x[c] == HUGE_VALF) (w > 0.0 ? pos_inf : neg_inf) = true;
  }
  if (m == HUGE_VAL) {
    *sign = pos_inf && neg_inf ? static_cast<float>(nan) : (pos_inf ? 1.0f : -1.0f);
    return pos_inf && neg_inf ? nan : HUGE_VAL;
  }
  double s = 0.0;
  if (m != -HUGE_VAL) {
    for (size_t c = 0; c < n; ++c) {
      const double w = b ? b[c] : 1.0;
      if (w != 0.0) s += w * std::exp((double(x[c]) - m) / t);
    }
  }
  *sign = s > 0.0 ? 1.0f : s < 0.0 ? -1.0f : (std::isnan(s) ? static_cast<float>(nan) : 0.0f);
  return s == 0.0 ? -HUGE_VAL : m / t + std::log(std::fabs(s));
}

}  // namespace wide
}  // namespace xent

#endif  // SOFTMAX_XENT_WIDE_H_
