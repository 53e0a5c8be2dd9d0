// The public API of kernels.h: checks what a C++ caller or a fuzzer could get wrong
// (null pointers, zero or overflowing sizes, options out of range, class indices and
// probabilities out of range), returns a Status that says which element, and only then
// calls the kernels through dispatch.h. Nothing here aborts and no output is written
// before every check has passed.

#include <cmath>
#include <limits>

#include "src/kernels/dispatch.h"
#include "src/kernels/kernels.h"

namespace xent {

const char* StatusMessage(StatusCode code) {
  switch (code) {
    case StatusCode::kOk:
      return "ok";
    case StatusCode::kNullPointer:
      return "a required pointer is null";
    case StatusCode::kInvalidSize:
      return "invalid size: classes must be >= 1 and the sizes must not overflow";
    case StatusCode::kInvalidOption:
      return "an option is out of range";
    case StatusCode::kTargetOutOfRange:
      return "a class index is outside [0, classes) and is not ignore_index";
    case StatusCode::kValueOutOfRange:
      return "a probability is outside [0, 1] or NaN";
  }
  return "unknown status";
}

const char* ActiveTargetName() { return dispatch::TargetName(); }

namespace {

// rows * classes elements of 4 bytes must be addressable.
bool SizeOk(size_t rows, size_t classes) {
  if (classes == 0) return false;
  return rows <= std::numeric_limits<size_t>::max() / sizeof(float) / classes;
}

// A pointer may be null only when it addresses nothing.
bool PtrOk(const void* p, size_t count) { return p != nullptr || count == 0; }

// In float's normal range, so that the kernels' float rounding of t, and 1 / t, are
// normal and finite.
bool TemperatureOk(double t) {
  return t >= double(std::numeric_limits<float>::min()) &&
         t <= double(std::numeric_limits<float>::max());
}

// Every reduction but kBatchMean, which is KlDiv's alone.
bool ReductionOk(Reduction r) {
  return r == Reduction::kNone || r == Reduction::kMean || r == Reduction::kSum;
}

// kOk, or kValueOutOfRange naming input `operand` and its first value outside [0, 1].
Status CheckProbabilities(const float* p, size_t n, int32_t operand) {
  for (size_t i = 0; i < n; ++i) {
    if (!(p[i] >= 0.0f && p[i] <= 1.0f)) {  // also rejects NaN
      return Status(StatusCode::kValueOutOfRange, operand, i);
    }
  }
  return StatusCode::kOk;
}

// kOk, or kValueOutOfRange naming input `operand` and its first value that is not a
// log-probability (in [-inf, 0]).
Status CheckLogProbabilities(const float* p, size_t n, int32_t operand) {
  for (size_t i = 0; i < n; ++i) {
    if (!(p[i] <= 0.0f)) return Status(StatusCode::kValueOutOfRange, operand, i);
  }
  return StatusCode::kOk;
}

// kOk, or kTargetOutOfRange naming input `operand` and its first index that is
// neither a class nor ignore_index.
Status CheckTargets(const int32_t* target, size_t rows, size_t classes,
                    int32_t ignore_index, int32_t operand) {
  for (size_t r = 0; r < rows; ++r) {
    const int32_t y = target[r];
    if (y != ignore_index && (y < 0 || static_cast<size_t>(y) >= classes)) {
      return Status(StatusCode::kTargetOutOfRange, operand, r);
    }
  }
  return StatusCode::kOk;
}

// Scale that turns nats into `base` units; 0 if the base is invalid.
double BaseScale(double base) {
  if (!(base > 0.0) || base == 1.0 || !std::isfinite(base)) return 0.0;
  return base == kNaturalBase ? 1.0 : 1.0 / std::log(base);
}

// Writes a reduced result: kNone rows were already written by the kernel. A mean over
// a zero denominator is NaN whatever the total (0/0 with ignored rows; a positive
// total over zero-weight targets, which PyTorch also reports as NaN).
void Finish(Reduction reduction, double total, double denominator, float* out) {
  if (reduction == Reduction::kSum) out[0] = static_cast<float>(total);
  if (reduction == Reduction::kMean) {
    out[0] = denominator == 0.0 ? std::numeric_limits<float>::quiet_NaN()
                                : static_cast<float>(total / denominator);
  }
}

size_t OutCount(Reduction reduction, size_t rows) {
  return reduction == Reduction::kNone ? rows : 1;
}

using RowFn = void (*)(const float*, size_t, size_t, double, float*);

Status SoftmaxFamily(RowFn fn, const float* x, size_t rows, size_t classes, double t,
                     size_t out_count, float* out) {
  if (!SizeOk(rows, classes)) return StatusCode::kInvalidSize;
  if (!PtrOk(x, rows * classes) || !PtrOk(out, out_count))
    return StatusCode::kNullPointer;
  if (!TemperatureOk(t)) return StatusCode::kInvalidOption;
  if (rows) fn(x, rows, classes, t, out);
  return StatusCode::kOk;
}

// Shared checks of CrossEntropy*, filling everything but the denominator.
Status PrepareXent(const float* logits, size_t rows, size_t classes,
                   const CrossEntropyOptions& o, float* out, float* grad, XentArgs* a) {
  if (!SizeOk(rows, classes)) return StatusCode::kInvalidSize;
  const size_t n = rows * classes;
  if (!PtrOk(logits, n) || !PtrOk(out, OutCount(o.reduction, rows))) {
    return StatusCode::kNullPointer;
  }
  if (!TemperatureOk(o.temperature) || !ReductionOk(o.reduction) ||
      !(o.label_smoothing >= 0.0 && o.label_smoothing <= 1.0) ||
      BaseScale(o.base) == 0.0) {
    return StatusCode::kInvalidOption;
  }
  a->rows = rows;
  a->classes = classes;
  a->weight = o.weight;
  a->weight_sum = double(classes);
  a->weight_max = 1.0;
  if (o.weight) {
    a->weight_sum = 0.0;
    for (size_t c = 0; c < classes; ++c) {
      a->weight_sum += o.weight[c];
      a->weight_max = std::fmax(a->weight_max, std::fabs(double(o.weight[c])));
    }
  }
  a->ignore_index = o.ignore_index;
  a->smoothing = o.label_smoothing;
  a->t = Temperature(o.temperature);
  a->loss_scale = BaseScale(o.base);
  a->row_loss = o.reduction == Reduction::kNone ? out : nullptr;
  a->grad = grad;
  return StatusCode::kOk;
}

// 'mean' divides by the sum of w[y] over the rows that are not ignored.
double TargetWeightSum(const int32_t* target, size_t rows, const float* weight,
                       int32_t ignore_index) {
  double sum = 0.0;
  for (size_t r = 0; r < rows; ++r) {
    if (target[r] != ignore_index) sum += weight ? weight[target[r]] : 1.0;
  }
  return sum;
}

Status BinaryFamily(BinaryKind kind, const float* a, const float* y, size_t rows,
                    size_t classes, const BinaryOptions& o, float* out, float* grad) {
  if (!SizeOk(rows, classes)) return StatusCode::kInvalidSize;
  const size_t n = rows * classes;
  if (!PtrOk(a, n) || !PtrOk(y, n) || !PtrOk(out, OutCount(o.reduction, n))) {
    return StatusCode::kNullPointer;
  }
  if (o.weight == nullptr && o.weight_len != 0) return StatusCode::kNullPointer;
  if (o.weight && o.weight_len != classes && o.weight_len != n) {
    return StatusCode::kInvalidSize;
  }
  // Mse is no log loss: its base is always e.
  const double loss_scale = kind == BinaryKind::kMse ? 1.0 : BaseScale(o.base);
  if (!ReductionOk(o.reduction) || loss_scale == 0.0) return StatusCode::kInvalidOption;
  if (o.pos_weight && kind != BinaryKind::kBceLogits) return StatusCode::kInvalidOption;
  const size_t pw_len = o.pos_weight_len ? o.pos_weight_len : classes;
  if (o.pos_weight && pw_len != classes && pw_len != n) return StatusCode::kInvalidSize;
  const bool pw_per_element = o.pos_weight && pw_len == n && pw_len != classes;
  if (kind == BinaryKind::kBce) {
    const Status s = CheckProbabilities(a, n, 0);
    if (!s.ok()) return s;
  }
  BinaryArgs args;
  // Without a per-class operand, the rows are one long row: fewer tails.
  const bool per_class =
      (o.pos_weight && !pw_per_element) || (o.weight && o.weight_len != n);
  args.rows = per_class ? rows : (n ? 1 : 0);
  args.classes = per_class ? classes : n;
  args.weight = o.weight;
  args.weight_per_element = o.weight && o.weight_len == n;
  args.pos_weight = o.pos_weight;
  args.pos_weight_per_element = pw_per_element;
  args.grad_scale = o.reduction == Reduction::kMean ? loss_scale / double(n) : loss_scale;
  args.loss_scale = loss_scale;
  args.loss = o.reduction == Reduction::kNone ? out : nullptr;
  args.grad = grad;
  const double total = n ? dispatch::Binary(kind, a, y, args) : 0.0;  // caller's units
  Finish(o.reduction, total, double(n), out);
  return StatusCode::kOk;
}

Status InfoFamily(InfoKind kind, const float* p, const float* q, size_t rows,
                  size_t classes, double base, float* out) {
  if (!SizeOk(rows, classes)) return StatusCode::kInvalidSize;
  const size_t n = rows * classes;
  const bool needs_q = kind != InfoKind::kEntropy;
  if (!PtrOk(p, n) || (needs_q && !PtrOk(q, n)) || !PtrOk(out, rows)) {
    return StatusCode::kNullPointer;
  }
  const double scale = BaseScale(base);
  if (scale == 0.0) return StatusCode::kInvalidOption;
  Status s = CheckProbabilities(p, n, 0);
  if (s.ok() && needs_q) s = CheckProbabilities(q, n, 1);
  if (!s.ok()) return s;
  if (rows) dispatch::Info(kind, p, needs_q ? q : nullptr, rows, classes, scale, out);
  return StatusCode::kOk;
}

using PairRowFn = void (*)(const float*, const float*, size_t, size_t, float*);

Status BackwardFamily(PairRowFn fn, const float* y, const float* dy, size_t rows,
                      size_t classes, float* dx) {
  if (!SizeOk(rows, classes)) return StatusCode::kInvalidSize;
  const size_t n = rows * classes;
  if (!PtrOk(y, n) || !PtrOk(dy, n) || !PtrOk(dx, n)) return StatusCode::kNullPointer;
  if (rows) fn(y, dy, rows, classes, dx);
  return StatusCode::kOk;
}

}  // namespace

namespace {

Status AxisFamily(AxisOp op, const float* x, size_t outer, size_t len, size_t inner,
                  double t, float* out) {
  if (!SizeOk(outer, len) || (inner != 0 && !SizeOk(outer * len, inner))) {
    return StatusCode::kInvalidSize;
  }
  const size_t n = outer * len * inner;
  if (!PtrOk(x, n) || !PtrOk(out, op == AxisOp::kLogSumExp ? outer * inner : n)) {
    return StatusCode::kNullPointer;
  }
  if (!TemperatureOk(t)) return StatusCode::kInvalidOption;
  if (n) dispatch::AlongAxis(op, x, outer, len, inner, t, out);
  return StatusCode::kOk;
}

}  // namespace

Status SoftmaxAxis(const float* x, size_t outer, size_t len, size_t inner,
                   double temperature, float* out) {
  return AxisFamily(AxisOp::kSoftmax, x, outer, len, inner, temperature, out);
}
Status LogSoftmaxAxis(const float* x, size_t outer, size_t len, size_t inner,
                      double temperature, float* out) {
  return AxisFamily(AxisOp::kLogSoftmax, x, outer, len, inner, temperature, out);
}
Status LogSumExpAxis(const float* x, size_t outer, size_t len, size_t inner,
                     double temperature, float* out) {
  return AxisFamily(AxisOp::kLogSumExp, x, outer, len, inner, temperature, out);
}

Status LogSumExpWeighted(const float* x, const float* b, size_t rows, size_t classes,
                         double temperature, float* out, float* sign) {
  if (!SizeOk(rows, classes)) return StatusCode::kInvalidSize;
  if (!PtrOk(x, rows * classes) || !PtrOk(out, rows)) return StatusCode::kNullPointer;
  if (!TemperatureOk(temperature)) return StatusCode::kInvalidOption;
  if (rows) dispatch::LogSumExpWeighted(x, b, rows, classes, temperature, out, sign);
  return StatusCode::kOk;
}

Status SoftmaxEntropy(const float* x, size_t rows, size_t classes, double temperature,
                      double base, float* out, float* grad) {
  if (!SizeOk(rows, classes)) return StatusCode::kInvalidSize;
  if (!PtrOk(x, rows * classes) || !PtrOk(out, rows)) return StatusCode::kNullPointer;
  const double scale = BaseScale(base);
  if (!TemperatureOk(temperature) || scale == 0.0) return StatusCode::kInvalidOption;
  if (rows) dispatch::SoftmaxEntropy(x, rows, classes, temperature, scale, out, grad);
  return StatusCode::kOk;
}

Status SoftmaxBackward(const float* y, const float* dy, size_t rows, size_t classes,
                       float* dx) {
  return BackwardFamily(dispatch::SoftmaxBackward, y, dy, rows, classes, dx);
}

Status LogSoftmaxBackward(const float* y, const float* dy, size_t rows, size_t classes,
                          float* dx) {
  return BackwardFamily(dispatch::LogSoftmaxBackward, y, dy, rows, classes, dx);
}

Status Entr(const float* x, size_t n, float* out) {
  if (!SizeOk(n, 1)) return StatusCode::kInvalidSize;
  if (!PtrOk(x, n) || !PtrOk(out, n)) return StatusCode::kNullPointer;
  if (n) (void)dispatch::Pointwise(PointKind::kEntr, x, nullptr, n, out);
  return StatusCode::kOk;
}

Status RelEntr(const float* x, const float* y, size_t n, float* out) {
  if (!SizeOk(n, 1)) return StatusCode::kInvalidSize;
  if (!PtrOk(x, n) || !PtrOk(y, n) || !PtrOk(out, n)) return StatusCode::kNullPointer;
  if (n) (void)dispatch::Pointwise(PointKind::kRelEntr, x, y, n, out);
  return StatusCode::kOk;
}

Status KlDiv(const float* input, const float* target, size_t rows, size_t classes,
             bool log_target, Reduction reduction, float* out) {
  if (!SizeOk(rows, classes)) return StatusCode::kInvalidSize;
  const size_t n = rows * classes;
  if (!PtrOk(input, n) || !PtrOk(target, n) || !PtrOk(out, OutCount(reduction, n))) {
    return StatusCode::kNullPointer;
  }
  if (!ReductionOk(reduction) && reduction != Reduction::kBatchMean) {
    return StatusCode::kInvalidOption;
  }
  const Status s = log_target ? CheckLogProbabilities(target, n, 1)
                              : CheckProbabilities(target, n, 1);
  if (!s.ok()) return s;
  const PointKind kind = log_target ? PointKind::kKlDivLogTarget : PointKind::kKlDiv;
  const double total =
      n ? dispatch::Pointwise(kind, input, target, n,
                              reduction == Reduction::kNone ? out : nullptr)
        : 0.0;
  if (reduction == Reduction::kBatchMean) {
    out[0] = rows ? static_cast<float>(total / double(rows))
                  : std::numeric_limits<float>::quiet_NaN();
  } else {
    Finish(reduction, total, double(n), out);
  }
  return StatusCode::kOk;
}

Status Softmax(const float* x, size_t rows, size_t classes, double temperature,
               float* out) {
  return SoftmaxFamily(dispatch::Softmax, x, rows, classes, temperature, rows * classes,
                       out);
}

Status LogSoftmax(const float* x, size_t rows, size_t classes, double temperature,
                  float* out) {
  return SoftmaxFamily(dispatch::LogSoftmax, x, rows, classes, temperature,
                       rows * classes, out);
}

Status LogSumExp(const float* x, size_t rows, size_t classes, double temperature,
                 float* out) {
  return SoftmaxFamily(dispatch::LogSumExp, x, rows, classes, temperature, rows, out);
}

Status CrossEntropy(const float* logits, const int32_t* target, size_t rows,
                    size_t classes, const CrossEntropyOptions& options, float* out,
                    float* grad) {
  XentArgs a;
  Status s = PrepareXent(logits, rows, classes, options, out, grad, &a);
  if (!s.ok()) return s;
  if (!PtrOk(target, rows)) return StatusCode::kNullPointer;
  s = CheckTargets(target, rows, classes, options.ignore_index, 1);
  if (!s.ok()) return s;
  const double denominator =
      TargetWeightSum(target, rows, options.weight, options.ignore_index);
  // A mean over a zero weight sum is NaN (Finish), and so is its gradient.
  a.grad_scale = options.reduction != Reduction::kMean ? a.loss_scale
                 : denominator == 0.0 ? std::numeric_limits<double>::quiet_NaN()
                                      : a.loss_scale / denominator;
  const double total = rows ? dispatch::CrossEntropyIndex(logits, target, a) : 0.0;
  Finish(options.reduction, total * a.loss_scale, denominator, out);
  return StatusCode::kOk;
}

Status CrossEntropyProbs(const float* logits, const float* target, size_t rows,
                         size_t classes, const CrossEntropyOptions& options, float* out,
                         float* grad) {
  XentArgs a;
  const Status s = PrepareXent(logits, rows, classes, options, out, grad, &a);
  if (!s.ok()) return s;
  if (!PtrOk(target, rows * classes)) return StatusCode::kNullPointer;
  const double denominator = double(rows);
  a.grad_scale =
      a.loss_scale * (options.reduction == Reduction::kMean ? 1.0 / denominator : 1.0);
  const double total = rows ? dispatch::CrossEntropyProb(logits, target, a) : 0.0;
  Finish(options.reduction, total * a.loss_scale, denominator, out);
  return StatusCode::kOk;
}

Status NllLoss(const float* log_probs, const int32_t* target, size_t rows, size_t classes,
               const NllLossOptions& options, float* out) {
  if (!SizeOk(rows, classes)) return StatusCode::kInvalidSize;
  if (!PtrOk(log_probs, rows * classes) || !PtrOk(target, rows) ||
      !PtrOk(out, OutCount(options.reduction, rows))) {
    return StatusCode::kNullPointer;
  }
  const double scale = BaseScale(options.base);
  if (!ReductionOk(options.reduction) || scale == 0.0) return StatusCode::kInvalidOption;
  const Status s = CheckTargets(target, rows, classes, options.ignore_index, 1);
  if (!s.ok()) return s;
  // A gather: one element per row, nothing to vectorise.
  double total = 0.0;
  for (size_t r = 0; r < rows; ++r) {
    const int32_t y = target[r];
    double loss = 0.0;
    if (y != options.ignore_index) {
      const double w = options.weight ? options.weight[y] : 1.0;
      // 0 * (-inf) = 0: a zero-weight class contributes nothing, but NaN stays NaN.
      const double lp = log_probs[r * classes + size_t(y)];
      loss = w != 0.0 ? -w * lp * scale : (std::isnan(lp) ? lp : 0.0);
    }
    if (options.reduction == Reduction::kNone) out[r] = static_cast<float>(loss);
    total += loss;
  }
  Finish(options.reduction, total,
         TargetWeightSum(target, rows, options.weight, options.ignore_index), out);
  return StatusCode::kOk;
}

Status BinaryCrossEntropy(const float* p, const float* y, size_t rows, size_t classes,
                          const BinaryOptions& options, float* out, float* grad) {
  return BinaryFamily(BinaryKind::kBce, p, y, rows, classes, options, out, grad);
}

Status BinaryCrossEntropyWithLogits(const float* z, const float* y, size_t rows,
                                    size_t classes, const BinaryOptions& options,
                                    float* out, float* grad) {
  return BinaryFamily(BinaryKind::kBceLogits, z, y, rows, classes, options, out, grad);
}

Status Mse(const float* a, const float* y, size_t n, Reduction reduction, float* out,
           float* grad) {
  BinaryOptions o;
  o.reduction = reduction;
  return BinaryFamily(BinaryKind::kMse, a, y, n ? 1 : 0, n ? n : 1, o, out, grad);
}

Status Sigmoid(const float* z, size_t n, float* out, float* grad) {
  if (!SizeOk(n, 1)) return StatusCode::kInvalidSize;
  if (!PtrOk(z, n) || !PtrOk(out, n)) return StatusCode::kNullPointer;
  if (n) dispatch::Sigmoid(z, n, out, grad);
  return StatusCode::kOk;
}

Status SelfInformation(const float* p, size_t n, double base, float* out) {
  if (!SizeOk(n, 1)) return StatusCode::kInvalidSize;
  if (!PtrOk(p, n) || !PtrOk(out, n)) return StatusCode::kNullPointer;
  const double scale = BaseScale(base);
  if (scale == 0.0) return StatusCode::kInvalidOption;
  const Status s = CheckProbabilities(p, n, 0);
  if (!s.ok()) return s;
  if (n) dispatch::SelfInformation(p, n, scale, out);
  return StatusCode::kOk;
}

Status Entropy(const float* p, size_t rows, size_t classes, double base, float* out) {
  return InfoFamily(InfoKind::kEntropy, p, nullptr, rows, classes, base, out);
}
Status DistributionCrossEntropy(const float* p, const float* q, size_t rows,
                                size_t classes, double base, float* out) {
  return InfoFamily(InfoKind::kCrossEntropy, p, q, rows, classes, base, out);
}
Status KLDivergence(const float* p, const float* q, size_t rows, size_t classes,
                    double base, float* out) {
  return InfoFamily(InfoKind::kKL, p, q, rows, classes, base, out);
}
Status JSDivergence(const float* p, const float* q, size_t rows, size_t classes,
                    double base, float* out) {
  return InfoFamily(InfoKind::kJS, p, q, rows, classes, base, out);
}

}  // namespace xent
