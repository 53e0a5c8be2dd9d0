// SelfInformation, Entropy, DistributionCrossEntropy, KLDivergence, JSDivergence
// against the oracle, and the identities between them.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "src/kernels/kernels.h"
#include "tests/cpp/oracle.h"

using xent::Status;
using xent_test::ForEachTarget;

TEST_CASE("information-theory kernels match the mpmath oracle") {
  ForEachTarget([] { xent_test::CheckFamily("entropy"); });
}

TEST_CASE("H(p, q) = H(p) + KL(p || q) and 0 <= JS <= ln 2, in every base") {
  ForEachTarget([] {
    const size_t rows = 5, C = 7;
    std::vector<float> p(rows * C), q(rows * C);
    for (size_t r = 0; r < rows; ++r) {
      double sp = 0, sq = 0;
      for (size_t c = 0; c < C; ++c) {
        p[r * C + c] = 0.05f + std::fabs(std::sin(float(r * C + c)));
        q[r * C + c] = (c == r ? 0.0f : 0.1f) + std::fabs(std::cos(float(r + 3 * c)));
        sp += p[r * C + c];
        sq += q[r * C + c];
      }
      for (size_t c = 0; c < C; ++c) {
        p[r * C + c] = float(p[r * C + c] / sp);
        q[r * C + c] = float(q[r * C + c] / sq);
      }
    }
    for (double base : {M_E, 2.0, 10.0}) {
      std::vector<float> h(rows), hpq(rows), kl(rows), js(rows);
      REQUIRE(xent::Entropy(p.data(), rows, C, base, h.data()) == Status::kOk);
      REQUIRE(xent::DistributionCrossEntropy(p.data(), q.data(), rows, C, base,
                                             hpq.data()) == Status::kOk);
      REQUIRE(xent::KLDivergence(p.data(), q.data(), rows, C, base, kl.data()) ==
              Status::kOk);
      REQUIRE(xent::JSDivergence(p.data(), q.data(), rows, C, base, js.data()) ==
              Status::kOk);
      for (size_t r = 0; r < rows; ++r) {
        INFO("base " << base << " row " << r);
        CHECK(hpq[r] == Approx(h[r] + kl[r]).epsilon(2e-6));
        CHECK(kl[r] > 0.0f);
        CHECK(js[r] >= 0.0f);
        CHECK(js[r] <= std::log(2.0) / std::log(base) + 1e-6);
      }
    }
  });
}

TEST_CASE("KL(p || p) = 0 and self-information of a certain event is +0") {
  ForEachTarget([] {
    const float p[4] = {0.1f, 0.2f, 0.3f, 0.4f};
    float kl, js, info[4];
    REQUIRE(xent::KLDivergence(p, p, 1, 4, M_E, &kl) == Status::kOk);
    REQUIRE(xent::JSDivergence(p, p, 1, 4, M_E, &js) == Status::kOk);
    CHECK(kl == 0.0f);
    CHECK(js == 0.0f);
    const float one[4] = {1.0f, 1.0f, 0.5f, 0.0f};
    REQUIRE(xent::SelfInformation(one, 4, 2.0, info) == Status::kOk);
    CHECK(info[0] == 0.0f);
    CHECK(!std::signbit(info[0]));
    CHECK(info[2] == 1.0f);  // one bit
    CHECK(info[3] == INFINITY);
  });
}
