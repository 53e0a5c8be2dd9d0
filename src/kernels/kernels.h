// softmax-xent public C++ API: softmax, cross-entropy and the information-theory
// family over float32 row-major [rows, classes] data, reducing along the last axis.
//
// Conventions (shared by every function):
// - Natural log (nats) unless a `base` is given; `0 * log 0 = 0`.
// - Every function validates its arguments and returns a Status; nothing throws and
//   nothing aborts. On any non-kOk status no output has been written.
// - Pointers may be null only when the matching element count is 0.
// - Outputs may alias inputs of the same shape (in-place use is supported).
// - rows == 0 is an empty batch: per-row outputs are empty, a 'sum' is 0 and a 'mean'
//   is NaN (0/0), as in PyTorch.
#ifndef SOFTMAX_XENT_KERNELS_H_
#define SOFTMAX_XENT_KERNELS_H_

#include <stddef.h>
#include <stdint.h>

namespace xent {

enum class Status : int32_t {
  kOk = 0,
  kNullPointer = 1,       // a required pointer is null
  kInvalidSize = 2,       // classes == 0, a size that overflows, a length mismatch
  kInvalidOption = 3,     // temperature, label smoothing, base or reduction out of range
  kTargetOutOfRange = 4,  // a class index outside [0, classes) that is not ignore_index
  kValueOutOfRange = 5,   // a probability outside [0, 1], or NaN where one is required
};

// A short English description of a status, for logs and error messages.
const char* StatusMessage(Status status);

enum class Reduction : int32_t { kNone = 0, kMean = 1, kSum = 2 };

// --- softmax family -----------------------------------------------------------
// z = x / temperature (temperature > 0 and finite). Per row:
//   Softmax:    out[c] = exp(z[c] - max z) / sum_j exp(z[j] - max z)
//   LogSoftmax: out[c] = z[c] - logsumexp(z)
//   LogSumExp:  out[row] = max z + log sum_j exp(z[j] - max z)   (out has `rows` floats)
// Edges: a NaN anywhere makes the row NaN. Rows holding +inf entries give the limit in
// which those entries grow together: each +inf class gets 1/k (k = number of +inf),
// the rest 0 (PyTorch returns NaN). A row of only -inf is the limit of equal logits:
// uniform 1/classes, log-softmax -log(classes) (PyTorch: NaN); its logsumexp is -inf.
Status Softmax(const float* x, float* out, size_t rows, size_t classes,
               float temperature);
Status LogSoftmax(const float* x, float* out, size_t rows, size_t classes,
                  float temperature);
Status LogSumExp(const float* x, float* out, size_t rows, size_t classes,
                 float temperature);

// --- cross-entropy from logits (torch.nn.functional.cross_entropy) ------------
struct CrossEntropyOptions {
  const float* weight = nullptr;  // per-class rescaling, `classes` floats, or null
  int32_t ignore_index = -100;    // class-index targets only
  float label_smoothing = 0.0f;   // in [0, 1]
  Reduction reduction = Reduction::kMean;
  float temperature = 1.0f;  // logits are divided by it first
};

// Class-index targets (`rows` int32). With label smoothing e and weights w:
//   loss_i = (1 - e) * w[y] * (-log p[y]) + (e / C) * sum_c w[c] * (-log p[c])
// 'mean' divides the sum by sum_i w[y_i] over rows whose target is not ignored
// (PyTorch's weighted mean); if every target is ignored that is 0/0 = NaN, as in PyTorch.
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
// ignore_index and weighted-mean rules as CrossEntropy. `weight` may be null.
Status NllLoss(const float* log_probs, const int32_t* target, size_t rows, size_t classes,
               const float* weight, int32_t ignore_index, Reduction reduction,
               float* out);

// --- binary cross-entropy -----------------------------------------------------
// Elementwise over n = rows*classes values; `weight` (may be null) has n floats or
// `classes` floats (broadcast over rows); `pos_weight` (may be null) has `classes`
// floats. `out`: n floats for kNone, else 1. `grad` (may be null): n floats.
//
// BinaryCrossEntropy (F.binary_cross_entropy): p must lie in [0, 1] (else
// kValueOutOfRange); logs are clamped at -100 as PyTorch does:
//   loss = -w * (y * max(log p, -100) + (1 - y) * max(log(1 - p), -100))
//   grad = w * (p - y) / max(p * (1 - p), 1e-12)   (then / n for 'mean')
Status BinaryCrossEntropy(const float* p, const float* y, size_t rows, size_t classes,
                          const float* weight, size_t weight_len, Reduction reduction,
                          float* out, float* grad);

// BinaryCrossEntropyWithLogits (F.binary_cross_entropy_with_logits), stable form:
//   loss = w * ((1 - y) * softplus(z) + pw * y * softplus(-z))
//   grad = w * ((1 - y) * sigmoid(z) - pw * y * sigmoid(-z))
// A term whose factor (1 - y or y) is 0 contributes 0, so z = +-inf gives the limits
// (0 for a matching label, +inf otherwise) where PyTorch returns NaN.
Status BinaryCrossEntropyWithLogits(const float* z, const float* y, size_t rows,
                                    size_t classes, const float* weight,
                                    size_t weight_len, const float* pos_weight,
                                    Reduction reduction, float* out, float* grad);

// sigmoid(z) = 1 / (1 + exp(-z)); `grad` (may be null) receives s * (1 - s).
Status Sigmoid(const float* z, float* out, size_t n, float* grad);

// Mean squared error: loss = (a - y)^2 per element; grad = 2 * (a - y) (/ n for mean).
Status Mse(const float* a, const float* y, size_t n, Reduction reduction, float* out,
           float* grad);

// --- information theory (per row; p, q rows used as given, not renormalised) ----
// `base` > 0 and != 1: results are divided by ln(base) (2: bits, 10: bans/hartleys).
// Values must lie in [0, 1] (else kValueOutOfRange).
//   SelfInformation (elementwise): -log p          (p = 0 -> +inf)
//   Entropy:                       -sum p log p
//   DistributionCrossEntropy:      -sum p log q    (+inf where q = 0 < p)
//   KLDivergence:                  sum p log(p/q)  (+inf where q = 0 < p)
//   JSDivergence:  (KL(p||m) + KL(q||m)) / 2, m = (p + q) / 2; at most ln 2 nats for
//                  normalised rows.
Status SelfInformation(const float* p, float* out, size_t n, double base);
Status Entropy(const float* p, float* out, size_t rows, size_t classes, double base);
Status DistributionCrossEntropy(const float* p, const float* q, float* out, size_t rows,
                                size_t classes, double base);
Status KLDivergence(const float* p, const float* q, float* out, size_t rows,
                    size_t classes, double base);
Status JSDivergence(const float* p, const float* q, float* out, size_t rows,
                    size_t classes, double base);

// The Highway target the dispatcher picks for these kernels on this machine.
const char* ActiveTargetName();

}  // namespace xent

#endif  // SOFTMAX_XENT_KERNELS_H_
