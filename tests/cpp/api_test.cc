// The public API's argument checks: every bad argument returns a status, writes
// nothing, and the next call still works; empty batches follow PyTorch.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "src/kernels/kernels.h"

using xent::Reduction;
using xent::Status;

namespace {
constexpr float kSentinel = -7.0f;
}

TEST_CASE("softmax family rejects bad sizes, pointers and temperatures") {
  const float x[3] = {1, 2, 3};
  float out[3] = {kSentinel, kSentinel, kSentinel};
  CHECK(xent::Softmax(x, 1, 0, 1.0f, out) == Status::kInvalidSize);
  CHECK(xent::Softmax(nullptr, 1, 3, 1.0f, out) == Status::kNullPointer);
  CHECK(xent::Softmax(x, 1, 3, 1.0f, nullptr) == Status::kNullPointer);
  // Temperatures outside float's normal range: the kernels need float(t) and 1 / t.
  for (double t : {0.0, -1.0, std::numeric_limits<double>::quiet_NaN(),
                   std::numeric_limits<double>::infinity(), 1e-40, 1e-300, 3.5e38}) {
    CHECK(xent::LogSoftmax(x, 1, 3, t, out) == Status::kInvalidOption);
  }
  const size_t huge = std::numeric_limits<size_t>::max() / 2;
  CHECK(xent::LogSumExp(x, huge, 3, 1.0f, out) == Status::kInvalidSize);
  CHECK(xent::Softmax(x, 3, huge, 1.0f, out) == Status::kInvalidSize);
  for (float v : out) CHECK(v == kSentinel);
  // Empty batch: nothing to do, null pointers allowed.
  CHECK(xent::Softmax(nullptr, 0, 3, 1.0f, nullptr) == Status::kOk);
  REQUIRE(xent::Softmax(x, 1, 3, 1.0f, out) == Status::kOk);
  CHECK(out[0] + out[1] + out[2] == Approx(1.0f));
}

TEST_CASE("cross-entropy rejects bad targets and options, writing nothing") {
  const float x[6] = {1, 2, 3, 0, 0, 0};
  float loss = kSentinel;
  std::vector<float> grad(6, kSentinel);
  xent::CrossEntropyOptions o;
  for (int32_t bad : {3, -1, -101, std::numeric_limits<int32_t>::min()}) {
    const int32_t y[2] = {0, bad};
    CHECK(xent::CrossEntropy(x, y, 2, 3, o, &loss, grad.data()) ==
          Status::kTargetOutOfRange);
    CHECK(xent::NllLoss(x, y, 2, 3, xent::NllLossOptions{nullptr, -100, Reduction::kMean},
                        &loss) == Status::kTargetOutOfRange);
  }
  const int32_t y[2] = {0, 2};
  for (float e : {-0.1f, 1.5f, std::numeric_limits<float>::quiet_NaN()}) {
    xent::CrossEntropyOptions bad = o;
    bad.label_smoothing = e;
    CHECK(xent::CrossEntropy(x, y, 2, 3, bad, &loss, grad.data()) ==
          Status::kInvalidOption);
  }
  xent::CrossEntropyOptions bad = o;
  bad.reduction = static_cast<Reduction>(7);
  CHECK(xent::CrossEntropy(x, y, 2, 3, bad, &loss, nullptr) == Status::kInvalidOption);
  CHECK(xent::CrossEntropyProbs(x, x, 2, 3, bad, &loss, nullptr) ==
        Status::kInvalidOption);
  CHECK(xent::NllLoss(x, y, 2, 3,
                      xent::NllLossOptions{nullptr, -100, static_cast<Reduction>(-1)},
                      &loss) == Status::kInvalidOption);
  bad = o;
  bad.temperature = 0.0f;
  CHECK(xent::CrossEntropy(x, y, 2, 3, bad, &loss, nullptr) == Status::kInvalidOption);
  CHECK(xent::CrossEntropy(x, nullptr, 2, 3, o, &loss, nullptr) == Status::kNullPointer);
  CHECK(xent::CrossEntropy(x, y, 2, 0, o, &loss, nullptr) == Status::kInvalidSize);
  CHECK(loss == kSentinel);
  for (float g : grad) CHECK(g == kSentinel);
  // A valid ignore_index outside [0, C) is fine.
  const int32_t ignored[2] = {-100, 1};
  REQUIRE(xent::CrossEntropy(x, ignored, 2, 3, o, &loss, grad.data()) == Status::kOk);
  CHECK(loss == Approx(std::log(3.0)).epsilon(1e-6));
  CHECK(grad[0] == 0.0f);
}

TEST_CASE("empty batches follow PyTorch: sum 0, mean NaN, none empty") {
  xent::CrossEntropyOptions o;
  float loss = kSentinel;
  REQUIRE(xent::CrossEntropy(nullptr, nullptr, 0, 4, o, &loss, nullptr) == Status::kOk);
  CHECK(std::isnan(loss));
  o.reduction = Reduction::kSum;
  REQUIRE(xent::CrossEntropy(nullptr, nullptr, 0, 4, o, &loss, nullptr) == Status::kOk);
  CHECK(loss == 0.0f);
  o.reduction = Reduction::kNone;
  REQUIRE(xent::CrossEntropy(nullptr, nullptr, 0, 4, o, nullptr, nullptr) == Status::kOk);
  REQUIRE(
      xent::BinaryCrossEntropy(nullptr, nullptr, 0, 1,
                               xent::BinaryOptions{nullptr, 0, nullptr, Reduction::kMean},
                               &loss, nullptr) == Status::kOk);
  CHECK(std::isnan(loss));
  REQUIRE(xent::Mse(nullptr, nullptr, 0, Reduction::kSum, &loss, nullptr) == Status::kOk);
  CHECK(loss == 0.0f);
  REQUIRE(xent::Entropy(nullptr, 0, 3, 2.0, nullptr) == Status::kOk);
}

TEST_CASE("binary losses reject probabilities outside [0, 1] and bad weights") {
  const float y[3] = {0, 1, 1};
  float loss = kSentinel;
  for (float bad : {-0.01f, 1.01f, std::numeric_limits<float>::quiet_NaN()}) {
    const float p[3] = {0.5f, bad, 0.5f};
    CHECK(xent::BinaryCrossEntropy(
              p, y, 1, 3, xent::BinaryOptions{nullptr, 0, nullptr, Reduction::kMean},
              &loss, nullptr) == Status::kValueOutOfRange);
  }
  const float p[3] = {0.5f, 0.5f, 0.5f};
  const float w[2] = {1, 1};
  CHECK(xent::BinaryCrossEntropy(p, y, 1, 3,
                                 xent::BinaryOptions{w, 2, nullptr, Reduction::kMean},
                                 &loss, nullptr) == Status::kInvalidSize);
  CHECK(xent::BinaryCrossEntropy(
            p, y, 1, 3, xent::BinaryOptions{nullptr, 3, nullptr, Reduction::kMean}, &loss,
            nullptr) == Status::kNullPointer);
  CHECK(xent::BinaryCrossEntropyWithLogits(
            p, y, 1, 3,
            xent::BinaryOptions{nullptr, 0, nullptr, static_cast<Reduction>(3)}, &loss,
            nullptr) == Status::kInvalidOption);
  CHECK(loss == kSentinel);
}

TEST_CASE("information functions reject bad bases and non-probabilities") {
  const float p[3] = {0.2f, 0.3f, 0.5f};
  const float neg[3] = {-0.2f, 0.7f, 0.5f};
  float out = kSentinel;
  for (double base : {0.0, -2.0, 1.0, std::nan(""), double(INFINITY)}) {
    CHECK(xent::Entropy(p, 1, 3, base, &out) == Status::kInvalidOption);
    CHECK(xent::SelfInformation(p, 1, base, &out) == Status::kInvalidOption);
  }
  CHECK(xent::Entropy(neg, 1, 3, 2.0, &out) == Status::kValueOutOfRange);
  CHECK(xent::KLDivergence(p, neg, 1, 3, 2.0, &out) == Status::kValueOutOfRange);
  CHECK(xent::JSDivergence(neg, p, 1, 3, 2.0, &out) == Status::kValueOutOfRange);
  CHECK(xent::KLDivergence(p, nullptr, 1, 3, 2.0, &out) == Status::kNullPointer);
  CHECK(out == kSentinel);
  REQUIRE(xent::Entropy(p, 1, 3, 2.0, &out) == Status::kOk);
  CHECK(out > 1.0f);
}

TEST_CASE("every status has a message") {
  for (int s = 0; s <= 5; ++s) {
    CHECK(std::string(xent::StatusMessage(static_cast<xent::StatusCode>(s))) !=
          "unknown status");
  }
}

TEST_CASE("a failing status names the input and the element that failed") {
  const float x[6] = {1, 2, 3, 0, 0, 0};
  const float p[4] = {0.2f, 0.3f, 0.5f, 1.0f};
  const float q[4] = {0.2f, 0.3f, 0.5f, -0.5f};
  const float nan_p[4] = {0.2f, std::nanf(""), 0.5f, 0.0f};
  float out[4];
  const int32_t y[2] = {0, 7};
  xent::Status s = xent::CrossEntropy(x, y, 2, 3, {}, out, nullptr);
  CHECK(s == Status::kTargetOutOfRange);
  CHECK(s.operand == 1);
  CHECK(s.index == 1);
  s = xent::NllLoss(x, y, 2, 3, {}, out);
  CHECK((s == Status::kTargetOutOfRange && s.operand == 1 && s.index == 1));
  s = xent::KLDivergence(p, q, 2, 2, 2.0, out);
  CHECK((s == Status::kValueOutOfRange && s.operand == 1 && s.index == 3));
  s = xent::JSDivergence(nan_p, q, 2, 2, 2.0, out);
  CHECK((s == Status::kValueOutOfRange && s.operand == 0 && s.index == 1));
  s = xent::SelfInformation(q, 4, 2.0, out);
  CHECK((s == Status::kValueOutOfRange && s.operand == 0 && s.index == 3));
  s = xent::BinaryCrossEntropy(q, p, 1, 4, {}, out, nullptr);
  CHECK((s == Status::kValueOutOfRange && s.operand == 0 && s.index == 3));
  s = xent::Softmax(x, 1, 0, 1.0f, out);
  CHECK((s == Status::kInvalidSize && s.operand == -1));
}

TEST_CASE("every loss takes a base: nats divided by ln(base), gradients too") {
  const float x[6] = {1, 2, 0.5f, -1, 0, 3};
  const int32_t y[2] = {0, 2};
  float nats = 0, bits = 0;
  std::vector<float> g_nats(6), g_bits(6);
  xent::CrossEntropyOptions o;
  REQUIRE(xent::CrossEntropy(x, y, 2, 3, o, &nats, g_nats.data()) == Status::kOk);
  o.base = 2.0;
  REQUIRE(xent::CrossEntropy(x, y, 2, 3, o, &bits, g_bits.data()) == Status::kOk);
  CHECK(bits == Approx(nats / std::log(2.0)).epsilon(1e-6));
  for (size_t i = 0; i < 6; ++i) CHECK(g_bits[i] == Approx(g_nats[i] / std::log(2.0)).epsilon(1e-6));
  xent::NllLossOptions n;
  n.base = 10.0;
  float nll = 0;
  REQUIRE(xent::NllLoss(x, y, 2, 3, n, &nll) == Status::kOk);
  CHECK(nll == Approx(-(x[0] + x[5]) / 2 / std::log(10.0)).epsilon(1e-6));
  const float p[2] = {0.25f, 0.5f}, t[2] = {1, 0};
  xent::BinaryOptions b;
  b.base = 2.0;
  b.reduction = Reduction::kSum;
  float bce = 0;
  REQUIRE(xent::BinaryCrossEntropy(p, t, 1, 2, b, &bce, nullptr) == Status::kOk);
  CHECK(bce == Approx(3.0).epsilon(1e-6));  // -log2(1/4) - log2(1/2)
  for (double bad : {0.0, 1.0, -2.0, std::nan("")}) {
    o.base = bad;
    CHECK(xent::CrossEntropy(x, y, 2, 3, o, &bits, nullptr) == Status::kInvalidOption);
    b.base = bad;
    CHECK(xent::BinaryCrossEntropy(p, t, 1, 2, b, &bce, nullptr) == Status::kInvalidOption);
  }
}
