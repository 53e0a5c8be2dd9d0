// BinaryCrossEntropy, BinaryCrossEntropyWithLogits, Sigmoid and Mse against the oracle,
// and the BCE-vs-MSE facts the tutorials (seeds 001 and 004) argue from.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "src/kernels/kernels.h"
#include "tests/cpp/oracle.h"

using xent::Reduction;
using xent::Status;
using xent_test::ForEachTarget;

TEST_CASE("binary losses, sigmoid and mse match the mpmath oracle") {
  ForEachTarget([] { xent_test::CheckFamily("binary"); });
}

TEST_CASE("seed 004: BCE(p, q) is smallest at q = p, where it equals H(p), not 0") {
  ForEachTarget([] {
    const float p = 0.3f;
    std::vector<float> q(99), y(99, p), loss(99);
    for (size_t i = 0; i < q.size(); ++i) q[i] = float(i + 1) / 100.0f;
    REQUIRE(xent::BinaryCrossEntropy(
                q.data(), y.data(), 1, 99,
                xent::BinaryOptions{nullptr, 0, nullptr, Reduction::kNone}, loss.data(),
                nullptr) == Status::kOk);
    size_t best = 0;
    for (size_t i = 1; i < loss.size(); ++i) {
      if (loss[i] < loss[best]) best = i;
    }
    CHECK(q[best] == Approx(p));
    const float two[2] = {p, 1.0f - p};
    float h;
    REQUIRE(xent::Entropy(two, 1, 2, M_E, &h) == Status::kOk);
    CHECK(loss[best] == Approx(h).epsilon(1e-6));
    CHECK(h > 0.6f);
  });
}

TEST_CASE(
    "seed 001: through a sigmoid, MSE's gradient vanishes at saturation, BCE's does "
    "not") {
  ForEachTarget([] {
    // Label 1, logit -8: the neuron is confidently wrong.
    const float z = -8.0f, label = 1.0f;
    float a, da_dz;
    REQUIRE(xent::Sigmoid(&z, 1, &a, &da_dz) == Status::kOk);
    float mse, dmse_da, bce, dbce_dz;
    REQUIRE(xent::Mse(&a, &label, 1, Reduction::kSum, &mse, &dmse_da) == Status::kOk);
    REQUIRE(xent::BinaryCrossEntropyWithLogits(
                &z, &label, 1, 1,
                xent::BinaryOptions{nullptr, 0, nullptr, Reduction::kSum}, &bce,
                &dbce_dz) == Status::kOk);
    const float dmse_dz = dmse_da * da_dz;
    CHECK(std::fabs(dmse_dz) < 1e-3f);                  // 2 (a - 1) a (1 - a) ~ -6.7e-4
    CHECK(dbce_dz == Approx(a - label).epsilon(1e-6));  // a - y ~ -1
    CHECK(std::fabs(dbce_dz) > 500 * std::fabs(dmse_dz));
  });
}

TEST_CASE("BCE with logits gives limits, not NaN, at infinite logits") {
  ForEachTarget([] {
    const float z[4] = {INFINITY, -INFINITY, INFINITY, -INFINITY};
    const float y[4] = {1.0f, 0.0f, 0.0f, 1.0f};
    float loss[4], grad[4];
    REQUIRE(xent::BinaryCrossEntropyWithLogits(
                z, y, 1, 4, xent::BinaryOptions{nullptr, 0, nullptr, Reduction::kNone},
                loss, grad) == Status::kOk);
    CHECK(loss[0] == 0.0f);
    CHECK(loss[1] == 0.0f);
    CHECK(loss[2] == INFINITY);
    CHECK(loss[3] == INFINITY);
    CHECK(grad[0] == 0.0f);
    CHECK(grad[2] == 1.0f);
    CHECK(grad[3] == -1.0f);
  });
}
