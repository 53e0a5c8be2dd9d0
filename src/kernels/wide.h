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

}  // namespace wide
}  // namespace xent

#endif  // SOFTMAX_XENT_WIDE_H_
