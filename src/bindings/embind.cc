// Entry points for JavaScript. Each numeric one is a plain C function exported from the
// wasm module (xent_*), one per function of kernels.h, with the same parameters in the
// same order (inputs, shape, options, outputs), option structs flattened field by
// field, pointers as heap offsets. web/lib/contract.js lists them; tests/js/
// contract.test.js checks that list against this module. No maths and no checks here:
// api.cc validates, core.js turns a status into a TypeError/RangeError. A failing
// status keeps where it failed (xent_error_operand, xent_error_index), so JS need not
// search again.
//
// They are not embind functions because embind's invoker, built without dynamic code
// (-sDYNAMIC_EXECUTION=0, for the strict CSP), costs ~200 ns per call in V8: more
// than a whole 10-class softmax in plain JavaScript. embind binds the string helpers.
#include <emscripten/bind.h>
#include <emscripten/em_macros.h>
#include <stdint.h>
#include <stdio.h>

#include <string>
#include <utility>

#include "src/kernels/kernels.h"

namespace {

using xent::Reduction;
using xent::Status;

float* F(uintptr_t p) { return reinterpret_cast<float*>(p); }
const int32_t* I(uintptr_t p) { return reinterpret_cast<const int32_t*>(p); }
Reduction R(int32_t r) { return static_cast<Reduction>(r); }

Status g_last;  // the last failing status

int32_t Report(Status s) {
  if (!s.ok()) g_last = s;
  return static_cast<int32_t>(s.code);
}

}  // namespace

extern "C" {

// Where the last failing call failed: the input it names (-1 if none) and the element.
EMSCRIPTEN_KEEPALIVE int32_t xent_error_operand() { return g_last.operand; }
EMSCRIPTEN_KEEPALIVE double xent_error_index() {
  return static_cast<double>(g_last.index);
}

EMSCRIPTEN_KEEPALIVE int32_t xent_softmax(uintptr_t x, size_t rows, size_t classes,
                                          double temperature, uintptr_t out) {
  return Report(xent::Softmax(F(x), rows, classes, temperature, F(out)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_log_softmax(uintptr_t x, size_t rows, size_t classes,
                                              double temperature, uintptr_t out) {
  return Report(xent::LogSoftmax(F(x), rows, classes, temperature, F(out)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_log_sum_exp(uintptr_t x, size_t rows, size_t classes,
                                              double temperature, uintptr_t out) {
  return Report(xent::LogSumExp(F(x), rows, classes, temperature, F(out)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_softmax_axis(uintptr_t x, size_t outer, size_t len,
                                               size_t inner, double temperature,
                                               uintptr_t out) {
  return Report(xent::SoftmaxAxis(F(x), outer, len, inner, temperature, F(out)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_log_softmax_axis(uintptr_t x, size_t outer, size_t len,
                                                   size_t inner, double temperature,
                                                   uintptr_t out) {
  return Report(xent::LogSoftmaxAxis(F(x), outer, len, inner, temperature, F(out)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_log_sum_exp_axis(uintptr_t x, size_t outer, size_t len,
                                                   size_t inner, double temperature,
                                                   uintptr_t out) {
  return Report(xent::LogSumExpAxis(F(x), outer, len, inner, temperature, F(out)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_log_sum_exp_weighted(uintptr_t x, uintptr_t b,
                                                       size_t rows, size_t classes,
                                                       double temperature,
                                                       uintptr_t out, uintptr_t sign) {
  return Report(
      xent::LogSumExpWeighted(F(x), F(b), rows, classes, temperature, F(out), F(sign)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_softmax_entropy(uintptr_t x, size_t rows, size_t classes,
                                                  double temperature, double base,
                                                  uintptr_t out, uintptr_t grad) {
  return Report(
      xent::SoftmaxEntropy(F(x), rows, classes, temperature, base, F(out), F(grad)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_softmax_backward(uintptr_t y, uintptr_t dy, size_t rows,
                                                   size_t classes, uintptr_t dx) {
  return Report(xent::SoftmaxBackward(F(y), F(dy), rows, classes, F(dx)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_log_softmax_backward(uintptr_t y, uintptr_t dy,
                                                       size_t rows, size_t classes,
                                                       uintptr_t dx) {
  return Report(xent::LogSoftmaxBackward(F(y), F(dy), rows, classes, F(dx)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_permute(uintptr_t x, uintptr_t shape, uintptr_t perm,
                                          size_t ndim, uintptr_t out) {
  return Report(xent::Permute(F(x), I(shape), I(perm), ndim, F(out)));
}

EMSCRIPTEN_KEEPALIVE int32_t xent_cross_entropy(uintptr_t logits, uintptr_t target,
                                                size_t rows, size_t classes,
                                                uintptr_t weight, int32_t ignore_index,
                                                double label_smoothing, int32_t reduction,
                                                double temperature, double base,
                                                uintptr_t out, uintptr_t grad) {
  const xent::CrossEntropyOptions o{F(weight),    ignore_index, label_smoothing,
                                    R(reduction), temperature,  base};
  return Report(
      xent::CrossEntropy(F(logits), I(target), rows, classes, o, F(out), F(grad)));
}
EMSCRIPTEN_KEEPALIVE int32_t
xent_cross_entropy_probs(uintptr_t logits, uintptr_t target, size_t rows, size_t classes,
                         uintptr_t weight, double label_smoothing, int32_t reduction,
                         double temperature, double base, uintptr_t out, uintptr_t grad) {
  xent::CrossEntropyOptions o;  // ignore_index does not apply
  o.weight = F(weight);
  o.label_smoothing = label_smoothing;
  o.reduction = R(reduction);
  o.temperature = temperature;
  o.base = base;
  return Report(
      xent::CrossEntropyProbs(F(logits), F(target), rows, classes, o, F(out), F(grad)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_nll_loss(uintptr_t log_probs, uintptr_t target,
                                           size_t rows, size_t classes, uintptr_t weight,
                                           int32_t ignore_index, int32_t reduction,
                                           double base, uintptr_t out) {
  const xent::NllLossOptions o{F(weight), ignore_index, R(reduction), base};
  return Report(xent::NllLoss(F(log_probs), I(target), rows, classes, o, F(out)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_binary_cross_entropy(
    uintptr_t p, uintptr_t y, size_t rows, size_t classes, uintptr_t weight,
    size_t weight_len, int32_t reduction, double base, uintptr_t out, uintptr_t grad) {
  const xent::BinaryOptions o{F(weight), weight_len, nullptr, R(reduction), base};
  return Report(xent::BinaryCrossEntropy(F(p), F(y), rows, classes, o, F(out), F(grad)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_binary_cross_entropy_with_logits(
    uintptr_t z, uintptr_t y, size_t rows, size_t classes, uintptr_t weight,
    size_t weight_len, uintptr_t pos_weight, size_t pos_weight_len, int32_t reduction,
    double base, uintptr_t out, uintptr_t grad) {
  const xent::BinaryOptions o{F(weight),    weight_len, F(pos_weight),
                              R(reduction), base,       pos_weight_len};
  return Report(
      xent::BinaryCrossEntropyWithLogits(F(z), F(y), rows, classes, o, F(out), F(grad)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_sigmoid(uintptr_t z, size_t n, uintptr_t out,
                                          uintptr_t grad) {
  return Report(xent::Sigmoid(F(z), n, F(out), F(grad)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_mse(uintptr_t a, uintptr_t y, size_t n,
                                      int32_t reduction, uintptr_t out, uintptr_t grad) {
  return Report(xent::Mse(F(a), F(y), n, R(reduction), F(out), F(grad)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_self_information(uintptr_t p, size_t n, double base,
                                                   uintptr_t out) {
  return Report(xent::SelfInformation(F(p), n, base, F(out)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_entr(uintptr_t x, size_t n, uintptr_t out) {
  return Report(xent::Entr(F(x), n, F(out)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_rel_entr(uintptr_t x, uintptr_t y, size_t n,
                                           uintptr_t out) {
  return Report(xent::RelEntr(F(x), F(y), n, F(out)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_kl_div(uintptr_t input, uintptr_t target, size_t rows,
                                         size_t classes, int32_t log_target,
                                         int32_t reduction, uintptr_t out) {
  return Report(
      xent::KlDiv(F(input), F(target), rows, classes, log_target != 0, R(reduction), F(out)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_entropy(uintptr_t p, size_t rows, size_t classes,
                                          double base, uintptr_t out) {
  return Report(xent::Entropy(F(p), rows, classes, base, F(out)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_distribution_cross_entropy(uintptr_t p, uintptr_t q,
                                                             size_t rows, size_t classes,
                                                             double base, uintptr_t out) {
  return Report(xent::DistributionCrossEntropy(F(p), F(q), rows, classes, base, F(out)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_kl_divergence(uintptr_t p, uintptr_t q, size_t rows,
                                                size_t classes, double base,
                                                uintptr_t out) {
  return Report(xent::KLDivergence(F(p), F(q), rows, classes, base, F(out)));
}
EMSCRIPTEN_KEEPALIVE int32_t xent_js_divergence(uintptr_t p, uintptr_t q, size_t rows,
                                                size_t classes, double base,
                                                uintptr_t out) {
  return Report(xent::JSDivergence(F(p), F(q), rows, classes, base, F(out)));
}
}  // extern "C"

namespace {

std::string StatusMessage(int32_t code) {
  return xent::StatusMessage(static_cast<xent::StatusCode>(code));
}
std::string ActiveTarget() { return xent::ActiveTargetName(); }

std::string Number(double v) {
  char buf[32];
  snprintf(buf, sizeof(buf), "%.9g", v);
  return buf;
}

// The constants of kernels.h that web/lib/contract.js repeats, as JSON, so that
// tests/js/contract.test.js can compare the two.
std::string Constants() {
  using C = xent::StatusCode;
  std::string json = "{\"status\":{";
  const std::pair<const char*, C> codes[] = {{"ok", C::kOk},
                                             {"nullPointer", C::kNullPointer},
                                             {"invalidSize", C::kInvalidSize},
                                             {"invalidOption", C::kInvalidOption},
                                             {"targetOutOfRange", C::kTargetOutOfRange},
                                             {"valueOutOfRange", C::kValueOutOfRange}};
  for (const auto& [name, code] : codes) {
    json += std::string(code == C::kOk ? "" : ",") + "\"" + name +
            "\":" + std::to_string(static_cast<int32_t>(code));
  }
  json += "},\"reduction\":{\"none\":" + std::to_string(int32_t(Reduction::kNone)) +
          ",\"mean\":" + std::to_string(int32_t(Reduction::kMean)) +
          ",\"sum\":" + std::to_string(int32_t(Reduction::kSum)) +
          ",\"batchmean\":" + std::to_string(int32_t(Reduction::kBatchMean)) + "}";
  const xent::CrossEntropyOptions o;
  json += ",\"defaults\":{\"ignoreIndex\":" + Number(o.ignore_index) +
          ",\"labelSmoothing\":" + Number(o.label_smoothing) +
          ",\"temperature\":" + Number(o.temperature) +
          ",\"reduction\":" + Number(int32_t(o.reduction)) +
          ",\"base\":" + Number(o.base) + "}}";
  return json;
}

}  // namespace

EMSCRIPTEN_BINDINGS(softmax_xent) {
  emscripten::function("_statusMessage", &StatusMessage);
  emscripten::function("_activeTarget", &ActiveTarget);
  emscripten::function("_constants", &Constants);
}
