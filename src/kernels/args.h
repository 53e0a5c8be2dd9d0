// Argument bundles shared by the per-target kernels and kernels.cc. Kept outside the
// per-target namespaces so every target's entry point has the same signature.
#ifndef SOFTMAX_XENT_ARGS_H_
#define SOFTMAX_XENT_ARGS_H_

#include <stddef.h>
#include <stdint.h>

namespace xent {

struct XentArgs {
  size_t rows, classes;
  const float* weight;  // null: all ones
  double weight_sum;    // sum of weight (classes if null)
  int32_t ignore_index;
  float smoothing;    // e
  float t;            // temperature
  double grad_scale;  // 1 / denominator for 'mean', else 1
  float* row_loss;    // per-row losses, or null
  float* grad;        // rows * classes, or null
};

enum class BinaryKind { kBce, kBceLogits, kMse };

struct BinaryArgs {
  size_t rows, classes;
  const float* weight;      // null, `classes` floats, or rows * classes floats
  bool weight_per_element;  // weight has rows * classes floats
  const float* pos_weight;  // null or `classes` floats (kBceLogits only)
  float grad_scale;         // 1 / n for 'mean', else 1
  float* loss;              // per-element losses, or null
  float* grad;              // per-element gradients, or null
};

enum class InfoKind { kEntropy, kCrossEntropy, kKL, kJS };

}  // namespace xent

#endif  // SOFTMAX_XENT_ARGS_H_
