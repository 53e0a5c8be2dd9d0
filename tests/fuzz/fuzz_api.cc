// libFuzzer harness over the public C++ API (kernels.h): the input bytes choose a
// function, the shape, the options (valid or not) and the raw float data, NaN and
// infinities included. Built with AddressSanitizer + UndefinedBehaviorSanitizer by
// scripts/fuzz.sh. Beyond "no crash, no UB", it checks what must hold for any input:
// a bad argument returns a status and writes nothing; softmax rows of finite logits
// sum to 1; probabilities lie in [0, 1]; JS and H(p, q) are not negative.
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmath>
#include <cstdlib>
#include <vector>

#include "src/kernels/kernels.h"

namespace {

class Bytes {
 public:
  Bytes(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  template <typename T>
  T Take() {
    T v{};
    const size_t n = size_ < sizeof(T) ? size_ : sizeof(T);
    memcpy(&v, data_, n);
    data_ += n;
    size_ -= n;
    return v;
  }
  float Float() {
    // Mostly ordinary values, sometimes raw bit patterns (NaN, inf, denormals, huge).
    const uint8_t kind = Take<uint8_t>();
    if (kind < 200) return static_cast<float>(Take<int16_t>()) / 256.0f;
    return Take<float>();
  }
  size_t left() const { return size_; }

 private:
  const uint8_t* data_;
  size_t size_;
};

void Check(bool ok) {
  if (!ok) abort();
}

constexpr float kSentinel = -12345.0f;

bool Untouched(const std::vector<float>& v) {
  for (float x : v) {
    if (x != kSentinel) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Bytes in(data, size);
  const uint8_t op = in.Take<uint8_t>() % 22;
  const size_t rows = in.Take<uint8_t>() % 9;
  const size_t classes = in.Take<uint8_t>() % 40;  // 0 is invalid on purpose
  const size_t n = rows * classes;
  std::vector<float> x(n), y(n), w(classes ? classes : 1);
  for (float& v : x) v = in.Float();
  for (float& v : y) v = in.Float();
  for (float& v : w) v = in.Float();
  std::vector<int32_t> target(rows);
  for (int32_t& t : target) t = static_cast<int32_t>(in.Take<int8_t>()) % 48;
  const float temperature =
      in.Take<uint8_t>() < 230 ? 0.05f + in.Take<uint8_t>() / 16.0f : in.Float();
  xent::CrossEntropyOptions o;
  o.temperature = temperature;
  o.label_smoothing = in.Take<uint8_t>() < 200 ? in.Take<uint8_t>() / 255.0f : in.Float();
  o.reduction = static_cast<xent::Reduction>(in.Take<uint8_t>() % 4);  // 3 is invalid
  o.ignore_index = in.Take<uint8_t>() % 4 == 0 ? 1 : -100;
  o.weight = in.Take<uint8_t>() % 2 ? w.data() : nullptr;
  const double base = in.Take<uint8_t>() < 230 ? 2.0 : static_cast<double>(in.Float());
  // Outputs large enough for every function, pre-filled to detect writes on error.
  std::vector<float> out(n + rows + 1, kSentinel), grad(n, kSentinel);
  const float* px = n ? x.data() : nullptr;
  xent::Status s = xent::Status::kOk;
  switch (op) {
    case 0:
    case 1:
    case 2: {
      s = op == 0   ? xent::Softmax(px, rows, classes, temperature, out.data())
          : op == 1 ? xent::LogSoftmax(px, rows, classes, temperature, out.data())
                    : xent::LogSumExp(px, rows, classes, temperature, out.data());
      if (s == xent::Status::kOk && op == 0) {
        for (size_t r = 0; r < rows; ++r) {
          bool finite = true;
          double sum = 0.0;
          for (size_t c = 0; c < classes; ++c) {
            finite &= std::isfinite(x[r * classes + c]);
            const float p = out[r * classes + c];
            if (!std::isnan(p)) Check(p >= 0.0f && p <= 1.0f);
            sum += p;
          }
          if (finite) Check(std::fabs(sum - 1.0) < 1e-5);
        }
      }
      break;
    }
    case 3:
    case 4: {
      s = xent::CrossEntropy(px, rows ? target.data() : nullptr, rows, classes, o,
                             out.data(), op == 4 ? grad.data() : nullptr);
      break;
    }
    case 5:
      s = xent::CrossEntropyProbs(px, n ? y.data() : nullptr, rows, classes, o,
                                  out.data(), grad.data());
      break;
    case 6:
      s = xent::NllLoss(px, rows ? target.data() : nullptr, rows, classes,
                        xent::NllLossOptions{o.weight, o.ignore_index, o.reduction},
                        out.data());
      break;
    case 7:
      s = xent::BinaryCrossEntropy(
          px, n ? y.data() : nullptr, rows, classes,
          xent::BinaryOptions{o.weight, o.weight ? classes : 0, nullptr, o.reduction},
          out.data(), grad.data());
      break;
    case 8:
      s = xent::BinaryCrossEntropyWithLogits(
          px, n ? y.data() : nullptr, rows, classes,
          xent::BinaryOptions{o.weight, o.weight ? classes : 0, w.data(), o.reduction},
          out.data(), grad.data());
      break;
    case 9:
      s = xent::Sigmoid(px, n, out.data(), grad.data());
      break;
    case 10:
      s = xent::Mse(px, n ? y.data() : nullptr, n, o.reduction, out.data(), grad.data());
      break;
    case 11:
      s = xent::SelfInformation(px, n, base, out.data());
      break;
    case 12:
      s = xent::Entropy(px, rows, classes, base, out.data());
      break;
    case 14:
    case 15:
    case 16: {
      // Along an axis: [outer, len, inner] = [rows, classes / k, k] for a divisor k.
      const size_t k = 1 + in.Take<uint8_t>() % 5;
      const size_t len = classes / k;
      s = op == 14   ? xent::SoftmaxAxis(px, rows, len, k, temperature, out.data())
          : op == 15 ? xent::LogSoftmaxAxis(px, rows, len, k, temperature, out.data())
                     : xent::LogSumExpAxis(px, rows, len, k, temperature, out.data());
      break;
    }
    case 17:
      s = xent::LogSumExpWeighted(px, in.Take<uint8_t>() % 2 && n ? y.data() : nullptr, rows,
                                  classes, temperature, out.data(), grad.data());
      break;
    case 18:
      s = xent::SoftmaxEntropy(px, rows, classes, temperature, base, out.data(),
                               in.Take<uint8_t>() % 2 ? grad.data() : nullptr);
      if (s == xent::Status::kOk && base > 1.0) {
        for (size_t r = 0; r < rows; ++r) Check(!(out[r] < -1e-6f));  // H >= 0, or NaN
      }
      break;
    case 19:
      s = in.Take<uint8_t>() % 2
              ? xent::SoftmaxBackward(px, n ? y.data() : nullptr, rows, classes, grad.data())
              : xent::LogSoftmaxBackward(px, n ? y.data() : nullptr, rows, classes, grad.data());
      break;
    case 20: {
      const uint8_t which = in.Take<uint8_t>() % 3;
      s = which == 0 ? xent::Entr(px, n, grad.data())
          : which == 1
              ? xent::RelEntr(px, n ? y.data() : nullptr, n, grad.data())
              : xent::KlDiv(px, n ? y.data() : nullptr, rows, classes, in.Take<uint8_t>() % 2,
                            static_cast<xent::Reduction>(in.Take<uint8_t>() % 5), out.data());
      break;
    }
    case 21: {
      // A permutation of [rows, classes, 2] (or not one: the bytes choose).
      const int32_t shape[3] = {int32_t(rows), int32_t(classes / 2), 2};
      const int32_t perm[3] = {in.Take<uint8_t>() % 3, in.Take<uint8_t>() % 3, in.Take<uint8_t>() % 3};
      std::vector<float> moved(n, kSentinel);
      s = xent::Permute(px, shape, perm, 3, moved.data());
      if (s == xent::Status::kOk) {
        double a = 0, b = 0;  // a permutation keeps every value: same sum of bits
        for (size_t i = 0; i < rows * (classes / 2) * 2; ++i) {
          uint32_t ux, um;
          memcpy(&ux, &x[i], 4);
          memcpy(&um, &moved[i], 4);
          a += ux;
          b += um;
        }
        Check(a == b);
      }
      break;
    }
    default: {
      // KL of rows that are not normalised may be negative; JS and H(p, q) never are.
      const int which = static_cast<int>(in.left() % 3);
      const float* py = n ? y.data() : nullptr;
      s = which == 0 ? xent::KLDivergence(px, py, rows, classes, base, out.data())
          : which == 1
              ? xent::JSDivergence(px, py, rows, classes, base, out.data())
              : xent::DistributionCrossEntropy(px, py, rows, classes, base, out.data());
      if (s == xent::Status::kOk && which != 0 && base > 1.0) {
        for (size_t r = 0; r < rows; ++r) Check(!(out[r] < 0.0f));  // >= 0, or NaN/inf
      }
      break;
    }
  }
  if (s != xent::Status::kOk) {
    Check(Untouched(out) && Untouched(grad));
    Check(xent::StatusMessage(s.code)[0] != '\0');
  }
  return 0;
}
