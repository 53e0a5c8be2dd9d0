// Entry points for JavaScript. The numeric ones are plain C functions exported from the
// wasm module (xent_*) and called directly by web/lib/core.js: thin wrappers that turn
// heap offsets into pointers, call the public C++ API and return its status. No maths
// and no checks here: kernels.cc validates, core.js turns a status into a
// TypeError/RangeError. They are not embind functions because embind's invoker, built
// without dynamic code (-sDYNAMIC_EXECUTION=0, for the strict CSP), costs ~200 ns per
// call in V8: more than a whole 10-class softmax in plain JavaScript. embind binds the
// two string-returning helpers (_statusMessage, _activeTarget).
#include <emscripten/bind.h>
#include <emscripten/em_macros.h>
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

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE int32_t xent_softmax(uintptr_t x, uintptr_t out, size_t rows,
                                          size_t classes, float t) {
  return S(xent::Softmax(F(x), F(out), rows, classes, t));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_log_softmax(uintptr_t x, uintptr_t out, size_t rows,
                                              size_t classes, float t) {
  return S(xent::LogSoftmax(F(x), F(out), rows, classes, t));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_log_sum_exp(uintptr_t x, uintptr_t out, size_t rows,
                                              size_t classes, float t) {
  return S(xent::LogSumExp(F(x), F(out), rows, classes, t));
}

EMSCRIPTEN_KEEPALIVE int32_t xent_cross_entropy(uintptr_t logits, uintptr_t target,
                                                size_t rows, size_t classes,
                                                uintptr_t weight, int32_t ignore_index,
                                                float smoothing, int32_t reduction,
                                                float t, uintptr_t out, uintptr_t grad) {
  return S(xent::CrossEntropy(F(logits), I(target), rows, classes,
                              XentOptions(weight, ignore_index, smoothing, reduction, t),
                              F(out), F(grad)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_cross_entropy_probs(uintptr_t logits, uintptr_t target,
                                                      size_t rows, size_t classes,
                                                      uintptr_t weight, float smoothing,
                                                      int32_t reduction, float t,
                                                      uintptr_t out, uintptr_t grad) {
  return S(xent::CrossEntropyProbs(F(logits), F(target), rows, classes,
                                   XentOptions(weight, -100, smoothing, reduction, t),
                                   F(out), F(grad)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_nll_loss(uintptr_t log_probs, uintptr_t target,
                                           size_t rows, size_t classes, uintptr_t weight,
                                           int32_t ignore_index, int32_t reduction,
                                           uintptr_t out) {
  return S(xent::NllLoss(F(log_probs), I(target), rows, classes, F(weight), ignore_index,
                         R(reduction), F(out)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_binary_cross_entropy(
    uintptr_t p, uintptr_t y, size_t rows, size_t classes, uintptr_t weight,
    size_t weight_len, int32_t reduction, uintptr_t out, uintptr_t grad) {
  return S(xent::BinaryCrossEntropy(F(p), F(y), rows, classes, F(weight), weight_len,
                                    R(reduction), F(out), F(grad)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_binary_cross_entropy_with_logits(
    uintptr_t z, uintptr_t y, size_t rows, size_t classes, uintptr_t weight,
    size_t weight_len, uintptr_t pos_weight, int32_t reduction, uintptr_t out,
    uintptr_t grad) {
  return S(xent::BinaryCrossEntropyWithLogits(F(z), F(y), rows, classes, F(weight),
                                              weight_len, F(pos_weight), R(reduction),
                                              F(out), F(grad)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_sigmoid(uintptr_t z, uintptr_t out, size_t n,
                                          uintptr_t grad) {
  return S(xent::Sigmoid(F(z), F(out), n, F(grad)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_mse(uintptr_t a, uintptr_t y, size_t n,
                                      int32_t reduction, uintptr_t out, uintptr_t grad) {
  return S(xent::Mse(F(a), F(y), n, R(reduction), F(out), F(grad)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_self_information(uintptr_t p, uintptr_t out, size_t n,
                                                   double base) {
  return S(xent::SelfInformation(F(p), F(out), n, base));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_entropy(uintptr_t p, uintptr_t out, size_t rows,
                                          size_t classes, double base) {
  return S(xent::Entropy(F(p), F(out), rows, classes, base));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_distribution_cross_entropy(uintptr_t p, uintptr_t q,
                                                             uintptr_t out, size_t rows,
                                                             size_t classes,
                                                             double base) {
  return S(xent::DistributionCrossEntropy(F(p), F(q), F(out), rows, classes, base));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_kl_divergence(uintptr_t p, uintptr_t q, uintptr_t out,
                                                size_t rows, size_t classes,
                                                double base) {
  return S(xent::KLDivergence(F(p), F(q), F(out), rows, classes, base));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_js_divergence(uintptr_t p, uintptr_t q, uintptr_t out,
                                                size_t rows, size_t classes,
                                                double base) {
  return S(xent::JSDivergence(F(p), F(q), F(out), rows, classes, base));
}
}  // extern "C"

namespace {

std::string StatusMessage(int32_t status) {
  return xent::StatusMessage(static_cast<Status>(status));
}
std::string ActiveTarget() { return xent::ActiveTargetName(); }

}  // namespace

EMSCRIPTEN_BINDINGS(softmax_xent) {
  emscripten::function("_statusMessage", &StatusMessage);
  emscripten::function("_activeTarget", &ActiveTarget);
}
