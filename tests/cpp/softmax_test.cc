// Softmax, LogSoftmax, LogSumExp: the oracle cases (lengths 1..32771, misaligned,
// logits in [90, 100], +-1e30, +-3e38, -inf entries, temperature, the seeds' worked
// examples) on every target, plus the properties the page relies on.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "src/kernels/kernels.h"
#include "tests/cpp/oracle.h"

using xent::Status;
using xent_test::ForEachTarget;

TEST_CASE("softmax family matches the mpmath oracle") {
  ForEachTarget([] { xent_test::CheckFamily("softmax"); });
}

TEST_CASE("softmax of seed 003's logits is PyTorch's, not the post's") {
  ForEachTarget([] {
    const float x[3] = {1.0f, 2.0f, 0.5f};
    float p[3];
    REQUIRE(xent::Softmax(x, 1, 3, 1.0f, p) == Status::kOk);
    // torch.softmax(torch.tensor([1., 2., .5]), 0); the post prints [0.245, 0.665,
    // 0.090].
    CHECK(p[0] == Approx(0.2312239).epsilon(1e-6));
    CHECK(p[1] == Approx(0.6285317).epsilon(1e-6));
    CHECK(p[2] == Approx(0.1402444).epsilon(1e-6));
  });
}

TEST_CASE("softmax is shift invariant and works in place") {
  ForEachTarget([] {
    std::vector<float> x(37), shifted(37), a(37), b(37);
    for (size_t i = 0; i < x.size(); ++i) {
      // Multiples of 2^-10 in (-4, 4): adding 64 is exact in float.
      x[i] = std::round(std::sin(float(i)) * 4096.0f) / 1024.0f;
      shifted[i] = x[i] + 64.0f;
    }
    REQUIRE(xent::Softmax(x.data(), 1, 37, 1.0f, a.data()) == Status::kOk);
    REQUIRE(xent::Softmax(shifted.data(), 1, 37, 1.0f, b.data()) == Status::kOk);
    double sum = 0.0;
    for (size_t i = 0; i < a.size(); ++i) {
      CHECK(b[i] == Approx(a[i]).epsilon(2e-6));
      sum += a[i];
    }
    CHECK(sum == Approx(1.0).epsilon(1e-6));
    std::vector<float> inplace = x;
    REQUIRE(xent::Softmax(inplace.data(), 1, 37, 1.0f, inplace.data()) == Status::kOk);
    CHECK(inplace == a);
    inplace = x;
    std::vector<float> ls(37);
    REQUIRE(xent::LogSoftmax(x.data(), 1, 37, 1.0f, ls.data()) == Status::kOk);
    REQUIRE(xent::LogSoftmax(inplace.data(), 1, 37, 1.0f, inplace.data()) == Status::kOk);
    CHECK(inplace == ls);
  });
}

TEST_CASE("temperature sharpens and flattens the distribution") {
  ForEachTarget([] {
    const float x[4] = {1.0f, 3.0f, 2.0f, 0.0f};
    float cold[4], hot[4], base[4];
    REQUIRE(xent::Softmax(x, 1, 4, 1.0f, base) == Status::kOk);
    REQUIRE(xent::Softmax(x, 1, 4, 0.25f, cold) == Status::kOk);
    REQUIRE(xent::Softmax(x, 1, 4, 8.0f, hot) == Status::kOk);
    CHECK(cold[1] > base[1]);
    CHECK(hot[1] < base[1]);
    CHECK(hot[3] > base[3]);
    // T -> large: nearly uniform; tiny T: nearly one-hot.
    float flat[4], sharp[4];
    REQUIRE(xent::Softmax(x, 1, 4, 1e6f, flat) == Status::kOk);
    REQUIRE(xent::Softmax(x, 1, 4, 1e-6f, sharp) == Status::kOk);
    for (float v : flat) CHECK(v == Approx(0.25f).epsilon(1e-5));
    CHECK(sharp[1] == 1.0f);
    CHECK(sharp[0] == 0.0f);
  });
}

// Found by scripts/fuzz.sh: with a temperature, (x - max) / T overflows to -inf and the
// rounding correction became infinite, turning exp(-inf) * (1 + inf) into NaN.
TEST_CASE("regression: huge logit differences with a temperature give 0, not NaN") {
  ForEachTarget([] {
    const float x[2] = {-1.34278e38f, 0.0f};
    float p[2], lp[2], lse[1];
    for (float t : {0.05f, 0.5f, 1.0f}) {
      INFO("temperature " << t);
      REQUIRE(xent::Softmax(x, 1, 2, t, p) == Status::kOk);
      CHECK(p[0] == 0.0f);
      CHECK(p[1] == 1.0f);
      REQUIRE(xent::LogSoftmax(x, 1, 2, t, lp) == Status::kOk);
      CHECK(lp[1] == 0.0f);
      CHECK(lp[0] < -1e38f);
      REQUIRE(xent::LogSumExp(x, 1, 2, t, lse) == Status::kOk);
      CHECK(lse[0] == 0.0f);
    }
    const int32_t y[1] = {1};
    float loss;
    xent::CrossEntropyOptions o;
    o.temperature = 0.05f;
    REQUIRE(xent::CrossEntropy(x, y, 1, 2, o, &loss, nullptr) == Status::kOk);
    CHECK(loss == 0.0f);
  });
}
