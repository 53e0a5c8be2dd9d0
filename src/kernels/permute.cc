// Permute (kernels.h): moves a tensor's axes so that the row kernels, which reduce
// along the last axis, can reduce along any. Plain C++: it moves data and computes
// nothing. Axes that stay neighbours are merged first, so moving one axis to the end
// (or back) is the 3-D swap [outer, a, b] -> [outer, b, a], done in tiles that keep
// both the reads and the writes within a few cache lines; anything else walks the
// output in order with an odometer over the input's strides.

#include <stddef.h>
#include <stdint.h>

#include <limits>

#include "src/kernels/kernels.h"

namespace xent {
namespace {

constexpr size_t kMaxDims = 32;
constexpr size_t kTile = 16;

// out[o][j][i] = x[o][i][j] for x of shape [outer, a, b].
void Swap(const float* x, size_t outer, size_t a, size_t b, float* out) {
  for (size_t o = 0; o < outer; ++o) {
    const float* xo = x + o * a * b;
    float* oo = out + o * a * b;
    for (size_t i0 = 0; i0 < a; i0 += kTile) {
      const size_t i1 = i0 + kTile < a ? i0 + kTile : a;
      for (size_t j0 = 0; j0 < b; j0 += kTile) {
        const size_t j1 = j0 + kTile < b ? j0 + kTile : b;
        for (size_t j = j0; j < j1; ++j) {
          for (size_t i = i0; i < i1; ++i) oo[j * a + i] = xo[i * b + j];
        }
      }
    }
  }
}

}  // namespace

Status Permute(const float* x, const int32_t* shape, const int32_t* perm, size_t ndim,
               float* out) {
  if (shape == nullptr || perm == nullptr) return StatusCode::kNullPointer;
  if (ndim == 0 || ndim > kMaxDims) return StatusCode::kInvalidSize;
  size_t n = 1;
  bool seen[kMaxDims] = {};
  for (size_t k = 0; k < ndim; ++k) {
    if (shape[k] < 0) return StatusCode::kInvalidSize;
    const size_t s = static_cast<size_t>(shape[k]);
    if (s != 0 && n > std::numeric_limits<size_t>::max() / sizeof(float) / s) {
      return StatusCode::kInvalidSize;
    }
    n *= s;
    if (perm[k] < 0 || static_cast<size_t>(perm[k]) >= ndim || seen[perm[k]]) {
      return StatusCode::kInvalidOption;
    }
    seen[perm[k]] = true;
  }
  if (n == 0) return StatusCode::kOk;
  if (x == nullptr || out == nullptr) return StatusCode::kNullPointer;

  // Merge runs of the output's axes that are consecutive in the input: each run is one
  // axis of the merged problem (in output order), with its input position.
  size_t dims[kMaxDims], from[kMaxDims], m = 0;
  for (size_t k = 0; k < ndim; ++k) {
    const size_t s = static_cast<size_t>(shape[perm[k]]);
    if (m > 0 && size_t(perm[k]) == from[m - 1] + 1) {
      dims[m - 1] *= s;
      from[m - 1] = size_t(perm[k]);  // the run's last input axis
      continue;
    }
    dims[m] = s;
    from[m] = size_t(perm[k]);
    ++m;
  }
  // Input strides of each merged axis: the product of the input dims after its run.
  size_t stride[kMaxDims];
  for (size_t k = 0; k < m; ++k) {
    size_t st = 1;
    for (size_t j = from[k] + 1; j < ndim; ++j) st *= size_t(shape[j]);
    stride[k] = st;
  }
  if (m == 1) {
    for (size_t i = 0; i < n; ++i) out[i] = x[i];
    return StatusCode::kOk;
  }
  // [a, b] -> [b, a] or [outer, a, b] -> [outer, b, a].
  if (m == 2 && stride[1] == dims[0]) {
    Swap(x, 1, dims[1], dims[0], out);
    return StatusCode::kOk;
  }
  if (m == 3 && stride[0] == dims[1] * dims[2] && stride[2] == dims[1] && stride[1] == 1) {
    Swap(x, dims[0], dims[2], dims[1], out);
    return StatusCode::kOk;
  }
  size_t index[kMaxDims] = {};
  const size_t last = m - 1, len = dims[last], step = stride[last];
  size_t at = 0;  // input offset of the current output row
  for (size_t i = 0; i < n; i += len) {
    for (size_t j = 0; j < len; ++j) out[i + j] = x[at + j * step];
    for (size_t k = last; k-- > 0;) {
      at += stride[k];
      if (++index[k] < dims[k]) break;
      at -= stride[k] * dims[k];
      index[k] = 0;
    }
  }
  return StatusCode::kOk;
}

}  // namespace xent
