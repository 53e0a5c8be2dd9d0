// The seam between the validated public API (api.cc) and the per-target kernels
// (kernels.cc): argument bundles kept outside the per-target namespaces, so every
// target's entry point has the same signature, and the functions that call
// HWY_DYNAMIC_DISPATCH. Everything here assumes valid arguments (api.cc checks them).
#ifndef SOFTMAX_XENT_DISPATCH_H_
#define SOFTMAX_XENT_DISPATCH_H_

#include <stddef.h>
#include <stdint.h>

namespace xent {

// A temperature t (double) as the float lanes need it: its float rounding hi, 1 / hi,
// and tau = (t - hi) / hi, so that v / t = (v / hi) (1 - tau) to well below a float's
// precision (tau <= 2^-24). Carrying t in double matters: rounding 0.1 to float moves
// exp(-8 / t) by 1.2e-6 relative.
struct Temperature {
  Temperature() : Temperature(1.0) {}
  // T = 1, every call's default, skips the two divisions (a small call notices them).
  explicit Temperature(double t)
      : t(t),
        hi(static_cast<float>(t)),
        inv(t == 1.0 ? 1.0f : 1.0f / hi),
        tau(t == 1.0 ? 0.0f : static_cast<float>((t - double(hi)) / double(hi))) {}
  double t;
  float hi, inv, tau;
};

struct XentArgs {
  size_t rows, classes;
  const float* weight;  // null: all ones
  double weight_sum;    // sum of weight (classes if null)
  double weight_max;    // max(1, max |weight|)
  int32_t ignore_index;
  double smoothing;  // e
  Temperature t;
  double grad_scale;  // loss_scale / denominator for 'mean', else loss_scale
  double loss_scale;  // 1 / ln(base): nats to the caller's units
  float* row_loss;    // per-row losses, or null
  float* grad;        // rows * classes, or null
};

enum class BinaryKind { kBce, kBceLogits, kMse };

struct BinaryArgs {
  size_t rows, classes;
  const float* weight;      // null, `classes` floats, or rows * classes floats
  bool weight_per_element;  // weight has rows * classes floats
  const float* pos_weight;  // null, `classes` floats, or rows * classes (kBceLogits)
  bool pos_weight_per_element;  // pos_weight has rows * classes floats
  double grad_scale;        // loss_scale / n for 'mean', else loss_scale
  double loss_scale;        // 1 / ln(base): nats to the caller's units
  float* loss;              // per-element losses, or null
  float* grad;              // per-element gradients, or null
};

enum class InfoKind { kEntropy, kCrossEntropy, kKL, kJS };

// The softmax family along an axis that is not the last (axis-inl.h).
enum class AxisOp { kSoftmax, kLogSoftmax, kLogSumExp };

// Elementwise functions of PointwiseN (entropy-inl.h).
enum class PointKind { kEntr, kRelEntr, kKlDiv, kKlDivLogTarget };

namespace dispatch {

// rows >= 1 (n >= 1) in every call.
void Softmax(const float* x, size_t rows, size_t classes, double t, float* out);
void LogSoftmax(const float* x, size_t rows, size_t classes, double t, float* out);
void LogSumExp(const float* x, size_t rows, size_t classes, double t, float* out);
// Along an axis, x of [outer, len, inner] (axis-inl.h).
void AlongAxis(AxisOp op, const float* x, size_t outer, size_t len, size_t inner, double t,
               float* out);
// b may be null (all ones); sign may be null.
void LogSumExpWeighted(const float* x, const float* b, size_t rows, size_t classes,
                       double t, float* out, float* sign);
// `scale` turns nats into the caller's units; grad may be null.
void SoftmaxEntropy(const float* x, size_t rows, size_t classes, double t, double scale,
                    float* out, float* grad);
void SoftmaxBackward(const float* y, const float* dy, size_t rows, size_t classes,
                     float* dx);
void LogSoftmaxBackward(const float* y, const float* dy, size_t rows, size_t classes,
                        float* dx);
// Returns the sum of the n values (in double); `out` (n floats) may be null. b is
// unused by kEntr.
double Pointwise(PointKind kind, const float* a, const float* b, size_t n, float* out);
// These return the sum of the row (element) losses: in nats for the cross-entropies,
// in the caller's units (loss_scale applied) for Binary.
double CrossEntropyIndex(const float* x, const int32_t* target, const XentArgs& a);
double CrossEntropyProb(const float* x, const float* target, const XentArgs& a);
double Binary(BinaryKind kind, const float* a, const float* y, const BinaryArgs& args);
void Sigmoid(const float* z, size_t n, float* out, float* grad);
// `scale` turns nats into the caller's units; q is null for kEntropy.
void Info(InfoKind kind, const float* p, const float* q, size_t rows, size_t classes,
          double scale, float* out);
void SelfInformation(const float* p, size_t n, double scale, float* out);
const char* TargetName();

}  // namespace dispatch
}  // namespace xent

#endif  // SOFTMAX_XENT_DISPATCH_H_
