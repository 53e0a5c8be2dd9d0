// embind entry points: thin wrappers that turn wasm heap offsets into pointers, call
// the public C++ API and return its status. No maths and no checks here: kernels.cc
// validates, web/lib/index.js turns a status into a TypeError/RangeError.
// Names carry a leading underscore: they are internal to the package.
#include <emscripten/bind.h>
#include <stdint.h>

#include <string>

#include "src/kernels/kernels.h"

namespace {

using xent::Reduction;
using xent::Status;

float* F(uintptr_t p) { return reinterpret_cast<float*>(p); }
const int32_t* I(uintptr_t p) { return reinterpret_cast<const int32_t*>(p); }
int32_t S(Status s) { return static_cast<int32_t>(s); }
Reduction R(int32_t r) { return static_cast<Reduction>(r); }

int32_t Softmax(uintptr_t x, uintptr_t out, size_t rows, size_t classes, float t) {
  return S(xent::Softmax(F(x), F(out), rows, classes, t));
}
int32_t LogSoftmax(uintptr_t x, uintptr_t out, size_t rows, size_t classes, float t) {
  return S(xent::LogSoftmax(F(x), F(out), rows, classes, t));
}
int32_t LogSumExp(uintptr_t x, uintptr_t out, size_t rows, size_t classes, float t) {
  return S(xent::LogSumExp(F(x), F(out), rows, classes, t));
}

xent::CrossEntropyOptions XentOptions(uintptr_t weight, int32_t ignore_index,
                                      float smoothing, int32_t reduction, float t) {
  xent::CrossEntropyOptions o;
  o.weight = F(weight);
  o.ignore_index = ignore_index;
  o.label_smoothing = smoothing;
  o.reduction = R(reduction);
  o.temperature = t;
  return o;
}

int32_t CrossEntropy(uintptr_t logits, uintptr_t target, size_t rows, size_t classes,
                     uintptr_t weight, int32_t ignore_index, float smoothing,
                     int32_t reduction, float t, uintptr_t out, uintptr_t grad) {
  return S(xent::CrossEntropy(F(logits), I(target), rows, classes,
                              XentOptions(weight, ignore_index, smoothing, reduction, t),
                              F(out), F(grad)));
}
int32_t CrossEntropyProbs(uintptr_t logits, uintptr_t target, size_t rows, size_t classes,
                          uintptr_t weight, float smoothing, int32_t reduction, float t,
                          uintptr_t out, uintptr_t grad) {
  return S(xent::CrossEntropyProbs(F(logits), F(target), rows, classes,
                                   XentOptions(weight, -100, smoothing, reduction, t),
                                   F(out), F(grad)));
}
int32_t NllLoss(uintptr_t log_probs, uintptr_t target, size_t rows, size_t classes,
                uintptr_t weight, int32_t ignore_index, int32_t reduction,
                uintptr_t out) {
  return S(xent::NllLoss(F(log_probs), I(target), rows, classes, F(weight), ignore_index,
                         R(reduction), F(out)));
}
int32_t BinaryCrossEntropy(uintptr_t p, uintptr_t y, size_t rows, size_t classes,
                           uintptr_t weight, size_t weight_len, int32_t reduction,
                           uintptr_t out, uintptr_t grad) {
  return S(xent::BinaryCrossEntropy(F(p), F(y), rows, classes, F(weight), weight_len,
                                    R(reduction), F(out), F(grad)));
}
int32_t BinaryCrossEntropyWithLogits(uintptr_t z, uintptr_t y, size_t rows,
                                     size_t classes, uintptr_t weight, size_t weight_len,
                                     uintptr_t pos_weight, int32_t reduction,
                                     uintptr_t out, uintptr_t grad) {
  return S(xent::BinaryCrossEntropyWithLogits(F(z), F(y), rows, classes, F(weight),
                                              weight_len, F(pos_weight), R(reduction),
                                              F(out), F(grad)));
}
int32_t Sigmoid(uintptr_t z, uintptr_t out, size_t n, uintptr_t grad) {
  return S(xent::Sigmoid(F(z), F(out), n, F(grad)));
}
int32_t Mse(uintptr_t a, uintptr_t y, size_t n, int32_t reduction, uintptr_t out,
            uintptr_t grad) {
  return S(xent::Mse(F(a), F(y), n, R(reduction), F(out), F(grad)));
}
int32_t SelfInformation(uintptr_t p, uintptr_t out, size_t n, double base) {
  return S(xent::SelfInformation(F(p), F(out), n, base));
}
int32_t Entropy(uintptr_t p, uintptr_t out, size_t rows, size_t classes, double base) {
  return S(xent::Entropy(F(p), F(out), rows, classes, base));
}
int32_t DistributionCrossEntropy(uintptr_t p, uintptr_t q, uintptr_t out, size_t rows,
                                 size_t classes, double base) {
  return S(xent::DistributionCrossEntropy(F(p), F(q), F(out), rows, classes, base));
}
int32_t KLDivergence(uintptr_t p, uintptr_t q, uintptr_t out, size_t rows, size_t classes,
                     double base) {
  return S(xent::KLDivergence(F(p), F(q), F(out), rows, classes, base));
}
int32_t JSDivergence(uintptr_t p, uintptr_t q, uintptr_t out, size_t rows, size_t classes,
                     double base) {
  return S(xent::JSDivergence(F(p), F(q), F(out), rows, classes, base));
}
std::string StatusMessage(int32_t status) {
  return xent::StatusMessage(static_cast<Status>(status));
}
std::string ActiveTarget() { return xent::ActiveTargetName(); }

}  // namespace

EMSCRIPTEN_BINDINGS(softmax_xent) {
  emscripten::function("_softmax", &Softmax);
  emscripten::function("_logSoftmax", &LogSoftmax);
  emscripten::function("_logSumExp", &LogSumExp);
  emscripten::function("_crossEntropy", &CrossEntropy);
  emscripten::function("_crossEntropyProbs", &CrossEntropyProbs);
  emscripten::function("_nllLoss", &NllLoss);
  emscripten::function("_binaryCrossEntropy", &BinaryCrossEntropy);
  emscripten::function("_binaryCrossEntropyWithLogits", &BinaryCrossEntropyWithLogits);
  emscripten::function("_sigmoid", &Sigmoid);
  emscripten::function("_mse", &Mse);
  emscripten::function("_selfInformation", &SelfInformation);
  emscripten::function("_entropy", &Entropy);
  emscripten::function("_distributionCrossEntropy", &DistributionCrossEntropy);
  emscripten::function("_klDivergence", &KLDivergence);
  emscripten::function("_jsDivergence", &JSDivergence);
  emscripten::function("_statusMessage", &StatusMessage);
  emscripten::function("_activeTarget", &ActiveTarget);
}
