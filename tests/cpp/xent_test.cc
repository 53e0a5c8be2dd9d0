// CrossEntropy (class and probability targets, weights, ignore_index, label smoothing,
// reductions, temperature; fused gradient) and NllLoss against the oracle, plus the
// identities the tutorials state.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "src/kernels/kernels.h"
#include "tests/cpp/oracle.h"

using xent::Status;
using xent_test::ForEachTarget;

TEST_CASE("cross-entropy and nll_loss match the mpmath oracle") {
  ForEachTarget([] { xent_test::CheckFamily("xent"); });
}

TEST_CASE("seed 003: cross-entropy of [1, 2, 0.5] for class 0 is 1.4643688") {
  ForEachTarget([] {
    const float x[3] = {1.0f, 2.0f, 0.5f};
    const int32_t y[1] = {0};
    float loss = 0.0f;
    REQUIRE(xent::CrossEntropy(x, y, 1, 3, {}, &loss, nullptr) == Status::kOk);
    CHECK(loss == Approx(1.4643688).epsilon(1e-6));  // the post prints 1.38
  });
}

TEST_CASE("both forms agree: -log softmax[y] = logsumexp - z[y]") {
  ForEachTarget([] {
    std::vector<float> x(9 * 13);
    for (size_t i = 0; i < x.size(); ++i) x[i] = std::cos(float(i) * 0.7f) * 6.0f;
    std::vector<int32_t> y(9);
    for (size_t r = 0; r < 9; ++r) y[r] = int32_t((r * 5) % 13);
    std::vector<float> lse(9), ls(x.size()), loss(9);
    xent::CrossEntropyOptions o;
    o.reduction = xent::Reduction::kNone;
    REQUIRE(xent::LogSumExp(x.data(), 9, 13, 1.0f, lse.data()) == Status::kOk);
    REQUIRE(xent::LogSoftmax(x.data(), 9, 13, 1.0f, ls.data()) == Status::kOk);
    REQUIRE(xent::CrossEntropy(x.data(), y.data(), 9, 13, o, loss.data(), nullptr) ==
            Status::kOk);
    for (size_t r = 0; r < 9; ++r) {
      CHECK(loss[r] == Approx(lse[r] - x[r * 13 + y[r]]).epsilon(2e-6));
      CHECK(loss[r] == Approx(-ls[r * 13 + y[r]]).epsilon(2e-6));
    }
  });
}

TEST_CASE("the fused gradient equals a central finite difference") {
  ForEachTarget([] {
    const size_t rows = 3, C = 6;
    std::vector<float> x(rows * C);
    for (size_t i = 0; i < x.size(); ++i) x[i] = std::sin(float(i) * 1.3f) * 2.0f;
    const std::vector<int32_t> y = {2, 5, 0};
    const float w[C] = {1.0f, 0.5f, 2.0f, 1.0f, 1.5f, 0.75f};
    xent::CrossEntropyOptions o;
    o.weight = w;
    o.label_smoothing = 0.1f;
    o.temperature = 1.5f;
    std::vector<float> grad(x.size());
    float loss;
    REQUIRE(xent::CrossEntropy(x.data(), y.data(), rows, C, o, &loss, grad.data()) ==
            Status::kOk);
    // Differences of a float loss: h = 1e-2 keeps rounding below the O(h^2) error.
    const float h = 1e-2f;
    for (size_t i = 0; i < x.size(); ++i) {
      std::vector<float> xp = x, xm = x;
      xp[i] += h;
      xm[i] -= h;
      float lp, lm;
      REQUIRE(xent::CrossEntropy(xp.data(), y.data(), rows, C, o, &lp, nullptr) ==
              Status::kOk);
      REQUIRE(xent::CrossEntropy(xm.data(), y.data(), rows, C, o, &lm, nullptr) ==
              Status::kOk);
      const double fd = (double(lp) - double(lm)) / (double(xp[i]) - double(xm[i]));
      CHECK(grad[i] == Approx(fd).margin(2e-4));
    }
  });
}

TEST_CASE("grad may alias the logits") {
  ForEachTarget([] {
    // 3 classes: shorter than a vector; 37: vectors plus a remainder, which the kernels
    // load and store through a stack buffer (tail-inl.h).
    for (size_t classes : {3, 37}) {
      const size_t rows = 3, n = rows * classes;
      std::vector<float> x(n);
      for (size_t i = 0; i < n; ++i) x[i] = 3.0f * std::sin(0.7f * float(i));
      const int32_t y[3] = {1, 0, 2};
      xent::CrossEntropyOptions o;
      o.label_smoothing = 0.2f;
      std::vector<float> grad(n);
      float l1, l2;
      REQUIRE(xent::CrossEntropy(x.data(), y, rows, classes, o, &l1, grad.data()) ==
              Status::kOk);
      REQUIRE(xent::CrossEntropy(x.data(), y, rows, classes, o, &l2, x.data()) ==
              Status::kOk);
      CHECK(l1 == l2);
      CHECK(x == grad);
    }
  });
}
