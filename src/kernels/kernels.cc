// Per-target entry points and the public API (kernels.h), after hwy/examples/skeleton.cc:
// foreach_target.h compiles this file once per attainable target; HWY_EXPORT builds
// the dispatch tables and the plain functions at the bottom validate their arguments,
// then call HWY_DYNAMIC_DISPATCH. On WebAssembly only one target is compiled and the
// dispatch becomes a direct call.

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "src/kernels/kernels.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "src/kernels/binary-inl.h"
#include "src/kernels/entropy-inl.h"
#include "src/kernels/softmax-inl.h"
#include "src/kernels/xent-inl.h"

HWY_BEFORE_NAMESPACE();
namespace xent {
namespace HWY_NAMESPACE {

// Temperature 1 skips the division (and its remainder) entirely.
HWY_NOINLINE void SoftmaxImpl(const float* x, float* out, size_t rows, size_t classes,
                              float t) {
  t == 1.0f ? SoftmaxRows<false>(x, out, rows, classes, t)
            : SoftmaxRows<true>(x, out, rows, classes, t);
}
HWY_NOINLINE void LogSoftmaxImpl(const float* x, float* out, size_t rows, size_t classes,
                                 float t) {
  t == 1.0f ? LogSoftmaxRows<false>(x, out, rows, classes, t)
            : LogSoftmaxRows<true>(x, out, rows, classes, t);
}
HWY_NOINLINE void LogSumExpImpl(const float* x, float* out, size_t rows, size_t classes,
                                float t) {
  t == 1.0f ? LogSumExpRows<false>(x, out, rows, classes, t)
            : LogSumExpRows<true>(x, out, rows, classes, t);
}
HWY_NOINLINE double CrossEntropyIndexImpl(const float* x, const int32_t* target,
                                          const XentArgs& a) {
  return a.t == 1.0f ? CrossEntropyIndexRows<false>(x, target, a)
                     : CrossEntropyIndexRows<true>(x, target, a);
}
HWY_NOINLINE double CrossEntropyProbImpl(const float* x, const float* target,
                                         const XentArgs& a) {
  return a.t == 1.0f ? CrossEntropyProbRows<false>(x, target, a)
                     : CrossEntropyProbRows<true>(x, target, a);
}
HWY_NOINLINE void InfoImpl(InfoKind kind, const float* p, const float* q, float* out,
                           size_t rows, size_t classes, double scale) {
  switch (kind) {
    case InfoKind::kEntropy:
      return InfoRows<InfoKind::kEntropy>(p, q, out, rows, classes, scale);
    case InfoKind::kCrossEntropy:
      return InfoRows<InfoKind::kCrossEntropy>(p, q, out, rows, classes, scale);
    case InfoKind::kKL:
      return InfoRows<InfoKind::kKL>(p, q, out, rows, classes, scale);
    case InfoKind::kJS:
      return InfoRows<InfoKind::kJS>(p, q, out, rows, classes, scale);
  }
}
HWY_NOINLINE void SelfInformationImpl(const float* p, float* out, size_t n,
                                      double scale) {
  SelfInformationN(p, out, n, scale);
}
HWY_NOINLINE double BinaryImpl(BinaryKind kind, const float* a, const float* y,
                               const BinaryArgs& args) {
  switch (kind) {
    case BinaryKind::kBce:
      return BinaryRows<BinaryKind::kBce>(a, y, args);
    case BinaryKind::kBceLogits:
      return BinaryRows<BinaryKind::kBceLogits>(a, y, args);
    case BinaryKind::kMse:
      return BinaryRows<BinaryKind::kMse>(a, y, args);
  }
  return 0.0;
}
HWY_NOINLINE void SigmoidImpl(const float* z, float* out, size_t n, float* grad) {
  SigmoidN(z, out, n, grad);
}
HWY_NOINLINE const char* TargetNameImpl() { return hwy::TargetName(HWY_TARGET); }

}  // namespace HWY_NAMESPACE
}  // namespace xent
HWY_AFTER_NAMESPACE();

#if HWY_ONCE

#include <cmath>
#include <limits>

#include "src/kernels/kernels.h"

namespace xent {

HWY_EXPORT(SoftmaxImpl);
HWY_EXPORT(LogSoftmaxImpl);
HWY_EXPORT(LogSumExpImpl);
HWY_EXPORT(CrossEntropyIndexImpl);
HWY_EXPORT(CrossEntropyProbImpl);
HWY_EXPORT(InfoImpl);
HWY_EXPORT(SelfInformationImpl);
HWY_EXPORT(BinaryImpl);
HWY_EXPORT(SigmoidImpl);
HWY_EXPORT(TargetNameImpl);

const char* StatusMessage(Status status) {
  switch (status) {
    case Status::kOk:
      return "ok";
    case Status::kNullPointer:
      return "a required pointer is null";
    case Status::kInvalidSize:
      return "invalid size: classes must be >= 1 and the sizes must not overflow";
    case Status::kInvalidOption:
      return "an option is out of range";
    case Status::kTargetOutOfRange:
      return "a class index is outside [0, classes) and is not ignore_index";
    case Status::kValueOutOfRange:
      return "a probability is outside [0, 1] or NaN";
  }
  return "unknown status";
}

const char* ActiveTargetName() { return HWY_DYNAMIC_DISPATCH(TargetNameImpl)(); }

namespace {

// rows * classes elements of 4 bytes must be addressable.
bool SizeOk(size_t rows, size_t classes) {
  if (classes == 0) return false;
  return rows <= std::numeric_limits<size_t>::max() / sizeof(float) / classes;
}

// A pointer may be null only when it addresses nothing.
bool PtrOk(const void* p, size_t count) { return p != nullptr || count == 0; }

bool TemperatureOk(float t) { return t > 0.0f && std::isfinite(t); }

bool ReductionOk(Reduction r) {
  return r == Reduction::kNone || r == Reduction::kMean || r == Reduction::kSum;
}

bool ProbabilitiesOk(const float* p, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (!(p[i] >= 0.0f && p[i] <= 1.0f)) return false;  // also rejects NaN
  }
  return true;
}

// Scale that turns nats into `base` units; 0 if the base is invalid.
double BaseScale(double base) {
  if (!(base > 0.0) || base == 1.0 || !std::isfinite(base)) return 0.0;
  return 1.0 / std::log(base);
}

// Writes a reduced or per-row result: kNone rows were already written by the kernel.
void Finish(Reduction reduction, double total, double denominator, float* out) {
  if (reduction == Reduction::kSum) out[0] = static_cast<float>(total);
  if (reduction == Reduction::kMean) out[0] = static_cast<float>(total / denominator);
}

size_t OutCount(Reduction reduction, size_t rows) {
  return reduction == Reduction::kNone ? rows : 1;
}

using RowFn = void (*)(const float*, float*, size_t, size_t, float);

Status SoftmaxFamily(RowFn fn, const float* x, float* out, size_t rows, size_t classes,
                     size_t out_count, float t) {
  if (!SizeOk(rows, classes)) return Status::kInvalidSize;
  if (!PtrOk(x, rows * classes) || !PtrOk(out, out_count)) return Status::kNullPointer;
  if (!TemperatureOk(t)) return Status::kInvalidOption;
  if (rows) fn(x, out, rows, classes, t);
  return Status::kOk;
}

// Shared checks of CrossEntropy*, filling everything but the denominator.
Status PrepareXent(const float* logits, size_t rows, size_t classes,
                   const CrossEntropyOptions& o, float* out, float* grad, XentArgs* a) {
  if (!SizeOk(rows, classes)) return Status::kInvalidSize;
  const size_t n = rows * classes;
  if (!PtrOk(logits, n) || !PtrOk(out, OutCount(o.reduction, rows))) {
    return Status::kNullPointer;
  }
  if (!TemperatureOk(o.temperature) || !ReductionOk(o.reduction) ||
      !(o.label_smoothing >= 0.0f && o.label_smoothing <= 1.0f)) {
    return Status::kInvalidOption;
  }
  a->rows = rows;
  a->classes = classes;
  a->weight = o.weight;
  a->weight_sum = double(classes);
  if (o.weight) {
    a->weight_sum = 0.0;
    for (size_t c = 0; c < classes; ++c) a->weight_sum += o.weight[c];
  }
  a->ignore_index = o.ignore_index;
  a->smoothing = o.label_smoothing;
  a->t = o.temperature;
  a->row_loss = o.reduction == Reduction::kNone ? out : nullptr;
  a->grad = grad;
  return Status::kOk;
}

}  // namespace

Status Softmax(const float* x, float* out, size_t rows, size_t classes,
               float temperature) {
  return SoftmaxFamily(
      [](const float* x, float* out, size_t rows, size_t classes, float t) {
        HWY_DYNAMIC_DISPATCH(SoftmaxImpl)(x, out, rows, classes, t);
      },
      x, out, rows, classes, rows * classes, temperature);
}

Status LogSoftmax(const float* x, float* out, size_t rows, size_t classes,
                  float temperature) {
  return SoftmaxFamily(
      [](const float* x, float* out, size_t rows, size_t classes, float t) {
        HWY_DYNAMIC_DISPATCH(LogSoftmaxImpl)(x, out, rows, classes, t);
      },
      x, out, rows, classes, rows * classes, temperature);
}

Status LogSumExp(const float* x, float* out, size_t rows, size_t classes,
                 float temperature) {
  return SoftmaxFamily(
      [](const float* x, float* out, size_t rows, size_t classes, float t) {
        HWY_DYNAMIC_DISPATCH(LogSumExpImpl)(x, out, rows, classes, t);
      },
      x, out, rows, classes, rows, temperature);
}

Status CrossEntropy(const float* logits, const int32_t* target, size_t rows,
                    size_t classes, const CrossEntropyOptions& options, float* out,
                    float* grad) {
  XentArgs a;
  const Status s = PrepareXent(logits, rows, classes, options, out, grad, &a);
  if (s != Status::kOk) return s;
  if (!PtrOk(target, rows)) return Status::kNullPointer;
  double denominator = 0.0;  // sum of w[y] over rows that are not ignored
  for (size_t r = 0; r < rows; ++r) {
    const int32_t y = target[r];
    if (y == options.ignore_index) continue;
    if (y < 0 || static_cast<size_t>(y) >= classes) return Status::kTargetOutOfRange;
    denominator += options.weight ? options.weight[y] : 1.0;
  }
  a.grad_scale = options.reduction == Reduction::kMean ? 1.0 / denominator : 1.0;
  const double total =
      rows ? HWY_DYNAMIC_DISPATCH(CrossEntropyIndexImpl)(logits, target, a) : 0.0;
  Finish(options.reduction, total, denominator, out);
  return Status::kOk;
}

Status CrossEntropyProbs(const float* logits, const float* target, size_t rows,
                         size_t classes, const CrossEntropyOptions& options, float* out,
                         float* grad) {
  XentArgs a;
  const Status s = PrepareXent(logits, rows, classes, options, out, grad, &a);
  if (s != Status::kOk) return s;
  if (!PtrOk(target, rows * classes)) return Status::kNullPointer;
  const double denominator = double(rows);
  a.grad_scale = options.reduction == Reduction::kMean ? 1.0 / denominator : 1.0;
  const double total =
      rows ? HWY_DYNAMIC_DISPATCH(CrossEntropyProbImpl)(logits, target, a) : 0.0;
  Finish(options.reduction, total, denominator, out);
  return Status::kOk;
}

Status NllLoss(const float* log_probs, const int32_t* target, size_t rows, size_t classes,
               const float* weight, int32_t ignore_index, Reduction reduction,
               float* out) {
  if (!SizeOk(rows, classes)) return Status::kInvalidSize;
  if (!PtrOk(log_probs, rows * classes) || !PtrOk(target, rows) ||
      !PtrOk(out, OutCount(reduction, rows))) {
    return Status::kNullPointer;
  }
  if (!ReductionOk(reduction)) return Status::kInvalidOption;
  for (size_t r = 0; r < rows; ++r) {
    const int32_t y = target[r];
    if (y != ignore_index && (y < 0 || static_cast<size_t>(y) >= classes)) {
      return Status::kTargetOutOfRange;
    }
  }
  // A gather: one element per row, nothing to vectorise.
  double total = 0.0, denominator = 0.0;
  for (size_t r = 0; r < rows; ++r) {
    const int32_t y = target[r];
    double loss = 0.0;
    if (y != ignore_index) {
      const double w = weight ? weight[y] : 1.0;
      // 0 * (-inf) = 0: a zero-weight class contributes nothing.
      loss = w != 0.0 ? -w * double(log_probs[r * classes + size_t(y)]) : 0.0;
      denominator += w;
    }
    if (reduction == Reduction::kNone) out[r] = static_cast<float>(loss);
    total += loss;
  }
  Finish(reduction, total, denominator, out);
  return Status::kOk;
}

namespace {

Status BinaryFamily(BinaryKind kind, const float* a, const float* y, size_t rows,
                    size_t classes, const float* weight, size_t weight_len,
                    const float* pos_weight, Reduction reduction, float* out,
                    float* grad) {
  if (!SizeOk(rows, classes)) return Status::kInvalidSize;
  const size_t n = rows * classes;
  if (!PtrOk(a, n) || !PtrOk(y, n) || !PtrOk(out, OutCount(reduction, n))) {
    return Status::kNullPointer;
  }
  if (weight == nullptr && weight_len != 0) return Status::kNullPointer;
  if (weight && weight_len != classes && weight_len != n) return Status::kInvalidSize;
  if (!ReductionOk(reduction)) return Status::kInvalidOption;
  if (kind == BinaryKind::kBce && !ProbabilitiesOk(a, n)) {
    return Status::kValueOutOfRange;
  }
  BinaryArgs args;
  // Without a per-class operand, the rows are one long row: fewer tails.
  const bool per_class = pos_weight || (weight && weight_len != n);
  args.rows = per_class ? rows : (n ? 1 : 0);
  args.classes = per_class ? classes : n;
  args.weight = weight;
  args.weight_per_element = weight && weight_len == n;
  args.pos_weight = pos_weight;
  args.grad_scale =
      reduction == Reduction::kMean ? static_cast<float>(1.0 / double(n)) : 1.0f;
  args.loss = reduction == Reduction::kNone ? out : nullptr;
  args.grad = grad;
  const double total = n ? HWY_DYNAMIC_DISPATCH(BinaryImpl)(kind, a, y, args) : 0.0;
  Finish(reduction, total, double(n), out);
  return Status::kOk;
}

Status InfoFamily(InfoKind kind, const float* p, const float* q, float* out, size_t rows,
                  size_t classes, double base) {
  if (!SizeOk(rows, classes)) return Status::kInvalidSize;
  const size_t n = rows * classes;
  const bool needs_q = kind != InfoKind::kEntropy;
  if (!PtrOk(p, n) || (needs_q && !PtrOk(q, n)) || !PtrOk(out, rows)) {
    return Status::kNullPointer;
  }
  const double scale = BaseScale(base);
  if (scale == 0.0) return Status::kInvalidOption;
  if (!ProbabilitiesOk(p, n) || (needs_q && !ProbabilitiesOk(q, n))) {
    return Status::kValueOutOfRange;
  }
  if (rows)
    HWY_DYNAMIC_DISPATCH(InfoImpl)
    (kind, p, needs_q ? q : nullptr, out, rows, classes, scale);
  return Status::kOk;
}

}  // namespace

Status BinaryCrossEntropy(const float* p, const float* y, size_t rows, size_t classes,
                          const float* weight, size_t weight_len, Reduction reduction,
                          float* out, float* grad) {
  return BinaryFamily(BinaryKind::kBce, p, y, rows, classes, weight, weight_len, nullptr,
                      reduction, out, grad);
}

Status BinaryCrossEntropyWithLogits(const float* z, const float* y, size_t rows,
                                    size_t classes, const float* weight,
                                    size_t weight_len, const float* pos_weight,
                                    Reduction reduction, float* out, float* grad) {
  return BinaryFamily(BinaryKind::kBceLogits, z, y, rows, classes, weight, weight_len,
                      pos_weight, reduction, out, grad);
}

Status Mse(const float* a, const float* y, size_t n, Reduction reduction, float* out,
           float* grad) {
  return BinaryFamily(BinaryKind::kMse, a, y, n ? 1 : 0, n ? n : 1, nullptr, 0, nullptr,
                      reduction, out, grad);
}

Status Sigmoid(const float* z, float* out, size_t n, float* grad) {
  if (!SizeOk(n, 1)) return Status::kInvalidSize;
  if (!PtrOk(z, n) || !PtrOk(out, n)) return Status::kNullPointer;
  if (n) HWY_DYNAMIC_DISPATCH(SigmoidImpl)(z, out, n, grad);
  return Status::kOk;
}

Status SelfInformation(const float* p, float* out, size_t n, double base) {
  if (!SizeOk(n, 1)) return Status::kInvalidSize;
  if (!PtrOk(p, n) || !PtrOk(out, n)) return Status::kNullPointer;
  const double scale = BaseScale(base);
  if (scale == 0.0) return Status::kInvalidOption;
  if (!ProbabilitiesOk(p, n)) return Status::kValueOutOfRange;
  if (n) HWY_DYNAMIC_DISPATCH(SelfInformationImpl)(p, out, n, scale);
  return Status::kOk;
}

Status Entropy(const float* p, float* out, size_t rows, size_t classes, double base) {
  return InfoFamily(InfoKind::kEntropy, p, nullptr, out, rows, classes, base);
}
Status DistributionCrossEntropy(const float* p, const float* q, float* out, size_t rows,
                                size_t classes, double base) {
  return InfoFamily(InfoKind::kCrossEntropy, p, q, out, rows, classes, base);
}
Status KLDivergence(const float* p, const float* q, float* out, size_t rows,
                    size_t classes, double base) {
  return InfoFamily(InfoKind::kKL, p, q, out, rows, classes, base);
}
Status JSDivergence(const float* p, const float* q, float* out, size_t rows,
                    size_t classes, double base) {
  return InfoFamily(InfoKind::kJS, p, q, out, rows, classes, base);
}

}  // namespace xent

#endif  // HWY_ONCE
