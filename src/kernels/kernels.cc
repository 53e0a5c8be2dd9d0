// Per-target entry points and their dispatch, after hwy/examples/skeleton.cc:
// foreach_target.h compiles this file once per attainable target, HWY_EXPORT builds the
// dispatch tables and the functions of dispatch.h at the bottom call
// HWY_DYNAMIC_DISPATCH. On WebAssembly only one target is compiled and the dispatch
// becomes a direct call. Arguments were validated by api.cc.

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "src/kernels/kernels.cc"
#include "hwy/foreach_target.h"  // IWYU pragma: keep
#include "hwy/highway.h"
#include "src/kernels/axis-inl.h"
#include "src/kernels/backward-inl.h"
#include "src/kernels/binary-inl.h"
#include "src/kernels/entropy-inl.h"
#include "src/kernels/softmax-inl.h"
#include "src/kernels/xent-inl.h"

HWY_BEFORE_NAMESPACE();
namespace xent {
namespace HWY_NAMESPACE {

// Temperature 1 skips the division (and its remainder) entirely.
HWY_NOINLINE void SoftmaxImpl(const float* x, size_t rows, size_t classes, double t,
                              float* out) {
  const Temperature temp(t);
  t == 1.0 ? SoftmaxRows<false>(x, rows, classes, temp, out)
           : SoftmaxRows<true>(x, rows, classes, temp, out);
}
HWY_NOINLINE void LogSoftmaxImpl(const float* x, size_t rows, size_t classes, double t,
                              float* out) {
  const Temperature temp(t);
  t == 1.0 ? LogSoftmaxRows<false>(x, rows, classes, temp, out)
           : LogSoftmaxRows<true>(x, rows, classes, temp, out);
}
HWY_NOINLINE void LogSumExpImpl(const float* x, size_t rows, size_t classes, double t,
                              float* out) {
  const Temperature temp(t);
  t == 1.0 ? LogSumExpRows<false>(x, rows, classes, temp, out)
           : LogSumExpRows<true>(x, rows, classes, temp, out);
}
template <AxisOp kOp>
HWY_INLINE void AlongAxisOp(const float* x, size_t outer, size_t len, size_t inner,
                            double t, float* out) {
  const Temperature temp(t);
  t == 1.0 ? ColumnsAlongAxis<kOp, false>(x, outer, len, inner, temp, out)
           : ColumnsAlongAxis<kOp, true>(x, outer, len, inner, temp, out);
}
HWY_NOINLINE void AlongAxisImpl(AxisOp op, const float* x, size_t outer, size_t len,
                                size_t inner, double t, float* out) {
  switch (op) {
    case AxisOp::kSoftmax:
      return AlongAxisOp<AxisOp::kSoftmax>(x, outer, len, inner, t, out);
    case AxisOp::kLogSoftmax:
      return AlongAxisOp<AxisOp::kLogSoftmax>(x, outer, len, inner, t, out);
    case AxisOp::kLogSumExp:
      return AlongAxisOp<AxisOp::kLogSumExp>(x, outer, len, inner, t, out);
  }
}
HWY_NOINLINE void LogSumExpWeightedImpl(const float* x, const float* b, size_t rows,
                                        size_t classes, double t, float* out,
                                        float* sign) {
  const Temperature temp(t);
  t == 1.0 ? LogSumExpWeightedRows<false>(x, b, rows, classes, temp, out, sign)
           : LogSumExpWeightedRows<true>(x, b, rows, classes, temp, out, sign);
}
HWY_NOINLINE void SoftmaxEntropyImpl(const float* x, size_t rows, size_t classes,
                                     double t, double scale, float* out, float* grad) {
  const Temperature temp(t);
  t == 1.0 ? SoftmaxEntropyRows<false>(x, rows, classes, temp, scale, out, grad)
           : SoftmaxEntropyRows<true>(x, rows, classes, temp, scale, out, grad);
}
HWY_NOINLINE void SoftmaxBackwardImpl(const float* y, const float* dy, size_t rows,
                                      size_t classes, float* dx) {
  SoftmaxBackwardRows<false>(y, dy, rows, classes, dx);
}
HWY_NOINLINE void LogSoftmaxBackwardImpl(const float* y, const float* dy, size_t rows,
                                         size_t classes, float* dx) {
  SoftmaxBackwardRows<true>(y, dy, rows, classes, dx);
}
HWY_NOINLINE double PointwiseImpl(PointKind kind, const float* a, const float* b,
                                  size_t n, float* out) {
  switch (kind) {
    case PointKind::kEntr:
      return PointwiseN<PointKind::kEntr>(a, nullptr, n, out);
    case PointKind::kRelEntr:
      return PointwiseN<PointKind::kRelEntr>(a, b, n, out);
    case PointKind::kKlDiv:
      return PointwiseN<PointKind::kKlDiv>(a, b, n, out);
    case PointKind::kKlDivLogTarget:
      return PointwiseN<PointKind::kKlDivLogTarget>(a, b, n, out);
  }
  return 0.0;
}
HWY_NOINLINE double CrossEntropyIndexImpl(const float* x, const int32_t* target,
                                          const XentArgs& a) {
  return a.t.t == 1.0 ? CrossEntropyIndexRows<false>(x, target, a)
                     : CrossEntropyIndexRows<true>(x, target, a);
}
HWY_NOINLINE double CrossEntropyProbImpl(const float* x, const float* target,
                                         const XentArgs& a) {
  return a.t.t == 1.0 ? CrossEntropyProbRows<false>(x, target, a)
                     : CrossEntropyProbRows<true>(x, target, a);
}
HWY_NOINLINE void InfoImpl(InfoKind kind, const float* p, const float* q, size_t rows,
                           size_t classes, double scale, float* out) {
  switch (kind) {
    case InfoKind::kEntropy:
      return InfoRows<InfoKind::kEntropy>(p, q, rows, classes, scale, out);
    case InfoKind::kCrossEntropy:
      return InfoRows<InfoKind::kCrossEntropy>(p, q, rows, classes, scale, out);
    case InfoKind::kKL:
      return InfoRows<InfoKind::kKL>(p, q, rows, classes, scale, out);
    case InfoKind::kJS:
      return InfoRows<InfoKind::kJS>(p, q, rows, classes, scale, out);
  }
}
HWY_NOINLINE void SelfInformationImpl(const float* p, size_t n, double scale,
                                      float* out) {
  SelfInformationN(p, n, scale, out);
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
HWY_NOINLINE void SigmoidImpl(const float* z, size_t n, float* out, float* grad) {
  SigmoidN(z, n, out, grad);
}
HWY_NOINLINE const char* TargetNameImpl() { return hwy::TargetName(HWY_TARGET); }

}  // namespace HWY_NAMESPACE
}  // namespace xent
HWY_AFTER_NAMESPACE();

#if HWY_ONCE

#include "src/kernels/dispatch.h"

namespace xent {

HWY_EXPORT(SoftmaxImpl);
HWY_EXPORT(LogSoftmaxImpl);
HWY_EXPORT(LogSumExpImpl);
HWY_EXPORT(AlongAxisImpl);
HWY_EXPORT(LogSumExpWeightedImpl);
HWY_EXPORT(SoftmaxEntropyImpl);
HWY_EXPORT(SoftmaxBackwardImpl);
HWY_EXPORT(LogSoftmaxBackwardImpl);
HWY_EXPORT(PointwiseImpl);
HWY_EXPORT(CrossEntropyIndexImpl);
HWY_EXPORT(CrossEntropyProbImpl);
HWY_EXPORT(InfoImpl);
HWY_EXPORT(SelfInformationImpl);
HWY_EXPORT(BinaryImpl);
HWY_EXPORT(SigmoidImpl);
HWY_EXPORT(TargetNameImpl);

namespace dispatch {

void Softmax(const float* x, size_t rows, size_t classes, double t, float* out) {
  HWY_DYNAMIC_DISPATCH(SoftmaxImpl)(x, rows, classes, t, out);
}
void LogSoftmax(const float* x, size_t rows, size_t classes, double t, float* out) {
  HWY_DYNAMIC_DISPATCH(LogSoftmaxImpl)(x, rows, classes, t, out);
}
void LogSumExp(const float* x, size_t rows, size_t classes, double t, float* out) {
  HWY_DYNAMIC_DISPATCH(LogSumExpImpl)(x, rows, classes, t, out);
}
void AlongAxis(AxisOp op, const float* x, size_t outer, size_t len, size_t inner, double t,
               float* out) {
  HWY_DYNAMIC_DISPATCH(AlongAxisImpl)(op, x, outer, len, inner, t, out);
}
void LogSumExpWeighted(const float* x, const float* b, size_t rows, size_t classes,
                       double t, float* out, float* sign) {
  HWY_DYNAMIC_DISPATCH(LogSumExpWeightedImpl)(x, b, rows, classes, t, out, sign);
}
void SoftmaxEntropy(const float* x, size_t rows, size_t classes, double t, double scale,
                    float* out, float* grad) {
  HWY_DYNAMIC_DISPATCH(SoftmaxEntropyImpl)(x, rows, classes, t, scale, out, grad);
}
void SoftmaxBackward(const float* y, const float* dy, size_t rows, size_t classes,
                     float* dx) {
  HWY_DYNAMIC_DISPATCH(SoftmaxBackwardImpl)(y, dy, rows, classes, dx);
}
void LogSoftmaxBackward(const float* y, const float* dy, size_t rows, size_t classes,
                        float* dx) {
  HWY_DYNAMIC_DISPATCH(LogSoftmaxBackwardImpl)(y, dy, rows, classes, dx);
}
double Pointwise(PointKind kind, const float* a, const float* b, size_t n, float* out) {
  return HWY_DYNAMIC_DISPATCH(PointwiseImpl)(kind, a, b, n, out);
}
double CrossEntropyIndex(const float* x, const int32_t* target, const XentArgs& a) {
  return HWY_DYNAMIC_DISPATCH(CrossEntropyIndexImpl)(x, target, a);
}
double CrossEntropyProb(const float* x, const float* target, const XentArgs& a) {
  return HWY_DYNAMIC_DISPATCH(CrossEntropyProbImpl)(x, target, a);
}
double Binary(BinaryKind kind, const float* a, const float* y, const BinaryArgs& args) {
  return HWY_DYNAMIC_DISPATCH(BinaryImpl)(kind, a, y, args);
}
void Sigmoid(const float* z, size_t n, float* out, float* grad) {
  HWY_DYNAMIC_DISPATCH(SigmoidImpl)(z, n, out, grad);
}
void Info(InfoKind kind, const float* p, const float* q, size_t rows, size_t classes,
          double scale, float* out) {
  HWY_DYNAMIC_DISPATCH(InfoImpl)(kind, p, q, rows, classes, scale, out);
}
void SelfInformation(const float* p, size_t n, double scale, float* out) {
  HWY_DYNAMIC_DISPATCH(SelfInformationImpl)(p, n, scale, out);
}
const char* TargetName() { return HWY_DYNAMIC_DISPATCH(TargetNameImpl)(); }

}  // namespace dispatch
}  // namespace xent

#endif  // HWY_ONCE
