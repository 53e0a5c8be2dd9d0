// softmax-xent public C++ API: softmax, cross-entropy and the information-theory
// family over float32 row-major [rows, classes] data, reducing along the last axis;
// the softmax family also along any axis of [outer, len, inner] (SoftmaxAxis, ...), and
// Permute moves axes so that the rest can follow.
//
// Conventions (shared by every function):
// - Natural log (nats) unless a `base` is given; `0 * log 0 = 0`.
// - Every function validates its arguments and returns a Status; nothing throws and
//   nothing aborts. On any non-kOk status no output has been written.
// - Pointers may be null only when the matching element count is 0.
// - Outputs may alias inputs of the same shape (in-place use is supported).
// - rows == 0 is an empty batch: per-row outputs are empty, a 'sum' is 0 and a 'mean'
//   is NaN (0/0), as in PyTorch.
// - Range: intermediate results never overflow where the result is a float (rows
//   whose differences would take a double path); results below float's smallest
//   normal (2^-126) are kept as subnormals where the kernels form them, within
//   1e-6 * 2^-126 + 2^-149 absolute; no result that is a normal float is flushed
//   (exponentials are carried down to e^-131, so this holds while the factor applied
//   to one afterwards, weight / (T ln(base) denominator) for gradients and weighted
//   binary losses, stays below 2^64).
// - temperature and label_smoothing are doubles and used as such.
#ifndef SOFTMAX_XENT_KERNELS_H_
#define SOFTMAX_XENT_KERNELS_H_

#include <stddef.h>
#include <stdint.h>

namespace xent {

enum class StatusCode : int32_t {
  kOk = 0,
  kNullPointer = 1,       // a required pointer is null
  kInvalidSize = 2,       // classes == 0, a size that overflows, a length mismatch
  kInvalidOption = 3,     // temperature, label smoothing, base or reduction out of range
  kTargetOutOfRange = 4,  // a class index outside [0, classes) that is not ignore_index
  kValueOutOfRange = 5,   // a probability outside [0, 1], or NaN where one is required
};

// What every function returns: a code and, for kTargetOutOfRange and kValueOutOfRange,
// where the offending element is: `operand` counts the function's array inputs from 0
// in the order of its parameters (p = 0, q = 1; logits = 0, target = 1), `index` is
// the element's position in that array. Compares equal to its code.
struct [[nodiscard]] Status {
  StatusCode code = StatusCode::kOk;
  int32_t operand = -1;
  size_t index = 0;

  constexpr Status() = default;
  constexpr Status(StatusCode c) : code(c) {}  // NOLINT: implicit, so `return kOk;`
  constexpr Status(StatusCode c, int32_t which, size_t at)
      : code(c), operand(which), index(at) {}
  constexpr bool ok() const { return code == StatusCode::kOk; }
  friend constexpr bool operator==(const Status& s, StatusCode c) { return s.code == c; }
  friend constexpr bool operator!=(const Status& s, StatusCode c) { return s.code != c; }

  static constexpr StatusCode kOk = StatusCode::kOk;
  static constexpr StatusCode kNullPointer = StatusCode::kNullPointer;
  static constexpr StatusCode kInvalidSize = StatusCode::kInvalidSize;
  static constexpr StatusCode kInvalidOption = StatusCode::kInvalidOption;
  static constexpr StatusCode kTargetOutOfRange = StatusCode::kTargetOutOfRange;
  static constexpr StatusCode kValueOutOfRange = StatusCode::kValueOutOfRange;
};

// A short English description of a status code, for logs and error messages.
const char* StatusMessage(StatusCode code);

// kBatchMean (the sum divided by the batch size, `rows`) is KlDiv's only.
enum class Reduction : int32_t { kNone = 0, kMean = 1, kSum = 2, kBatchMean = 3 };

// The defaults of the options below, as PyTorch has them.
constexpr int32_t kDefaultIgnoreIndex = -100;
constexpr Reduction kDefaultReduction = Reduction::kMean;
// e: natural units (nats). Every loss takes a `base` (> 0, != 1): its losses and
// gradients are divided by ln(base), 2 giving bits and 10 hartleys.
constexpr double kNaturalBase = 2.718281828459045;

// Every function takes its arguments in one order: array inputs, shape, options,
// outputs.

// --- softmax family -----------------------------------------------------------
// z = x / temperature (temperature in float's normal range, [2^-126, FLT_MAX]). Per row:
//   Softmax:    out[c] = exp(z[c] - max z) / sum_j exp(z[j] - max z)
//   LogSoftmax: out[c] = z[c] - logsumexp(z)
//   LogSumExp:  out[row] = max z + log sum_j exp(z[j] - max z)   (out has `rows` floats)
// Edges: a NaN anywhere makes the row NaN. Rows holding +inf entries give the limit in
// which those entries grow together: each +inf class gets 1/k (k = number of +inf),
// the rest 0 (PyTorch returns NaN). A row of only -inf is the limit of equal logits:
// uniform 1/classes, log-softmax -log(classes) (PyTorch: NaN); its logsumexp is -inf.
Status Softmax(const float* x, size_t rows, size_t classes, double temperature,
               float* out);
Status LogSoftmax(const float* x, size_t rows, size_t classes, double temperature,
                  float* out);
Status LogSumExp(const float* x, size_t rows, size_t classes, double temperature,
                 float* out);

// The same three along an axis that is not the last: x is [outer, len, inner] and each
// of the outer * inner columns x[o, :, i] is one row of the functions above, with the
// same results and conventions. Softmax and LogSoftmax write out in x's layout;
// LogSumExp writes [outer, inner]. len >= 1 (kInvalidSize otherwise).
Status SoftmaxAxis(const float* x, size_t outer, size_t len, size_t inner,
                   double temperature, float* out);
Status LogSoftmaxAxis(const float* x, size_t outer, size_t len, size_t inner,
                      double temperature, float* out);
Status LogSumExpAxis(const float* x, size_t outer, size_t len, size_t inner,
                     double temperature, float* out);

// scipy.special.logsumexp with weights b and return_sign, z = x / temperature:
//   s = sum_j b[j] exp(z[j]),  out[row] = log |s|,  sign[row] = sign(s)
// b null means all ones. Entries with b[j] == 0 are left out (so x there may be
// anything, as in SciPy); s == 0 gives -inf with sign 0. NaN in x or b (where b != 0)
// gives NaN and sign NaN. +inf entries give +inf, with the sign of their weights, or
// NaN if those weights have both signs. Error: < 1e-6 (1 + |out|) absolute when the
// terms have one sign; with both, 1e-6 of sum |b e^z| / |s| (cancellation is in the
// definition). `sign` may be null.
Status LogSumExpWeighted(const float* x, const float* b, size_t rows, size_t classes,
                         double temperature, float* out, float* sign);

// The entropy of softmax(x / temperature) per row, H = logsumexp(z) - sum_c p[c] z[c],
// formed as log S + sum_c e[c] g[c] / S (g = max z - z >= 0, e = exp(-g), S = sum e)
// so both parts are sums of terms >= 0 and log p is never formed; in log(base) units.
// Limits as Softmax: +inf entries share the mass (H = log k), an all -inf row is
// uniform (H = log classes); NaN gives NaN. `grad` (may be null): rows * classes
// floats, the gradient of sum_rows H with respect to x:
//   grad[c] = p[c] (g[c] - sum_j p[j] g[j]) / (temperature ln base)
// (0 in limit rows, where H is flat or its limit does not move).
Status SoftmaxEntropy(const float* x, size_t rows, size_t classes, double temperature,
                      double base, float* out, float* grad);

// Backward passes (vector-Jacobian products) per row, for dy = d(loss)/d(output):
//   SoftmaxBackward:     y = softmax(x):     dx[c] = y[c] (dy[c] - sum_j dy[j] y[j])
//   LogSoftmaxBackward:  y = log_softmax(x): dx[c] = dy[c] - exp(y[c]) sum_j dy[j]
// Any float input is used as given (NaN propagates; y = -inf gives dx = dy).
Status SoftmaxBackward(const float* y, const float* dy, size_t rows, size_t classes,
                       float* dx);
Status LogSoftmaxBackward(const float* y, const float* dy, size_t rows, size_t classes,
                          float* dx);

// --- cross-entropy from logits (torch.nn.functional.cross_entropy) ------------
struct CrossEntropyOptions {
  const float* weight = nullptr;  // per-class rescaling, `classes` floats, or null
  int32_t ignore_index = kDefaultIgnoreIndex;  // class-index targets only
  double label_smoothing = 0.0;                // in [0, 1]
  Reduction reduction = kDefaultReduction;
  double temperature = 1.0;    // logits are divided by it first (as Softmax)
  double base = kNaturalBase;  // losses and gradients in units of log(base)
};

// Class-index targets (`rows` int32). With label smoothing e and weights w:
//   loss_i = (1 - e) * w[y] * (-log p[y]) + (e / C) * sum_c w[c] * (-log p[c])
// 'mean' divides the sum by sum_i w[y_i] over rows whose target is not ignored
// (PyTorch's weighted mean). If that sum is 0 (every target ignored, or only
// zero-weight targets) the mean is NaN, as in PyTorch, and so is the gradient of every
// row that is not ignored.
// `out`: `rows` floats for kNone, else 1. `grad` (may be null): rows*classes floats,
// d(loss)/d(x) of the reduced loss (of the sum of per-row losses for kNone).
Status CrossEntropy(const float* logits, const int32_t* target, size_t rows,
                    size_t classes, const CrossEntropyOptions& options, float* out,
                    float* grad);

// Probability targets (rows*classes floats, each row a distribution t):
//   loss_i = -sum_c w[c] * t'[c] * log p[c],  t' = (1 - e) * t + e / C
// 'mean' divides by `rows` (PyTorch). ignore_index does not apply.
// A class with t'[c] * w[c] == 0 contributes 0 even where log p[c] = -inf.
Status CrossEntropyProbs(const float* logits, const float* target, size_t rows,
                         size_t classes, const CrossEntropyOptions& options, float* out,
                         float* grad);

// torch.nn.functional.nll_loss: loss_i = -w[y_i] * log_probs[i, y_i], with the same
// ignore_index and weighted-mean rules as CrossEntropy. A zero weight makes the term
// 0 even at log_probs = -inf; a NaN stays NaN.
struct NllLossOptions {
  const float* weight = nullptr;  // per-class rescaling, `classes` floats, or null
  int32_t ignore_index = kDefaultIgnoreIndex;
  Reduction reduction = kDefaultReduction;
  double base =
      kNaturalBase;  // log_probs are natural logs; the loss is in log(base) units
};
Status NllLoss(const float* log_probs, const int32_t* target, size_t rows, size_t classes,
               const NllLossOptions& options, float* out);

// --- binary cross-entropy -----------------------------------------------------
// Elementwise over n = rows*classes values. `out`: n floats for kNone, else 1. `grad`
// (may be null): n floats.
struct BinaryOptions {
  const float* weight = nullptr;      // null, `classes` floats (broadcast over rows) or n
  size_t weight_len = 0;              // 0 (no weight), classes or n
  const float* pos_weight = nullptr;  // null, `classes` floats or n (logits only)
  Reduction reduction = kDefaultReduction;
  double base =
      kNaturalBase;  // losses and gradients in units of log(base); Mse ignores it
  size_t pos_weight_len = 0;  // with pos_weight: classes or n (0 means classes)
};

// BinaryCrossEntropy (F.binary_cross_entropy): p must lie in [0, 1] (else
// kValueOutOfRange, operand 0); logs are clamped at -100 as PyTorch does:
//   loss = -w * (y * max(log p, -100) + (1 - y) * max(log(1 - p), -100))
//   grad = w * (p - y) / max(p * (1 - p), 1e-12)   (then / n for 'mean')
// pos_weight must be null (kInvalidOption).
Status BinaryCrossEntropy(const float* p, const float* y, size_t rows, size_t classes,
                          const BinaryOptions& options, float* out, float* grad);

// BinaryCrossEntropyWithLogits (F.binary_cross_entropy_with_logits), stable form:
//   loss = w * ((1 - y) * softplus(z) + pw * y * softplus(-z))
//   grad = w * ((1 - y) * sigmoid(z) - pw * y * sigmoid(-z))
// A term whose factor (1 - y or y) is 0 contributes 0, so z = +-inf gives the limits
// (0 for a matching label, +inf otherwise) where PyTorch returns NaN; a zero weight
// gives 0 there too.
Status BinaryCrossEntropyWithLogits(const float* z, const float* y, size_t rows,
                                    size_t classes, const BinaryOptions& options,
                                    float* out, float* grad);

// sigmoid(z) = 1 / (1 + exp(-z)); `grad` (may be null) receives s * (1 - s).
Status Sigmoid(const float* z, size_t n, float* out, float* grad);

// Mean squared error: loss = (a - y)^2 per element; grad = 2 * (a - y) (/ n for mean).
Status Mse(const float* a, const float* y, size_t n, Reduction reduction, float* out,
           float* grad);

// --- information theory (per row; p, q rows used as given, not renormalised) ----
// `base` > 0 and != 1: results are divided by ln(base) (2: bits, 10: bans/hartleys).
// Values must lie in [0, 1] (else kValueOutOfRange, naming p or q).
//   SelfInformation (elementwise): -log p          (p = 0 -> +inf; -inf if base < 1)
//   Entropy:                       -sum p log p
//   DistributionCrossEntropy:      -sum p log q    (+inf where q = 0 < p)
//   KLDivergence:                  sum p log(p/q)  (+inf where q = 0 < p)
//   JSDivergence:  (KL(p||m) + KL(q||m)) / 2, m = (p + q) / 2; at most ln 2 nats for
//                  normalised rows.
Status SelfInformation(const float* p, size_t n, double base, float* out);
Status Entropy(const float* p, size_t rows, size_t classes, double base, float* out);
Status DistributionCrossEntropy(const float* p, const float* q, size_t rows,
                                size_t classes, double base, float* out);
Status KLDivergence(const float* p, const float* q, size_t rows, size_t classes,
                    double base, float* out);
Status JSDivergence(const float* p, const float* q, size_t rows, size_t classes,
                    double base, float* out);

// --- elementwise, scipy.special semantics on every real input ------------------
//   Entr:    out = -x log x   (x > 0), 0 at x = 0, -inf for x < 0
//   RelEntr: out = x log(x / y) (x > 0, y > 0), 0 at x = 0 <= y, +inf otherwise
// NaN in gives NaN out. Max error: < 2e-7 relative (rel_entr's log(x / y) stays
// accurate as y approaches x).
Status Entr(const float* x, size_t n, float* out);
Status RelEntr(const float* x, const float* y, size_t n, float* out);

// torch.nn.functional.kl_div: `input` holds log-probabilities, `target` probabilities
// in [0, 1] (log-probabilities in [-inf, 0] with log_target; else kValueOutOfRange,
// operand 1). Pointwise, in nats:
//   target (log target - input),  or with log_target  exp(target) (target - input);
// a zero target (-inf with log_target) gives 0 whatever the input but NaN (PyTorch: NaN
// at input = -inf). Reductions over n = rows * classes: kNone (n floats), kSum,
// kMean (/ n), kBatchMean (/ rows).
Status KlDiv(const float* input, const float* target, size_t rows, size_t classes,
             bool log_target, Reduction reduction, float* out);

// --- layout ---------------------------------------------------------------------
// Permutes a row-major tensor of `ndim` (1..32) dimensions `shape` (each >= 0):
// out's axis k is x's axis perm[k]. Lets the row kernels reduce along any axis.
// kInvalidSize for a product that overflows, kInvalidOption for a perm that is no
// permutation of [0, ndim). out must not alias x.
Status Permute(const float* x, const int32_t* shape, const int32_t* perm, size_t ndim,
               float* out);

// The Highway target the dispatcher picks for these kernels on this machine.
const char* ActiveTargetName();

}  // namespace xent

#endif  // SOFTMAX_XENT_KERNELS_H_
