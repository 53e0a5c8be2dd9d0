// The kernels behind the N-D API: weighted logsumexp, softmax entropy, the backward
// passes, entr, rel_entr and kl_div against the oracle; Permute against a plain
// index-by-index reference; their argument checks.
#include <catch2/catch.hpp>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "src/kernels/kernels.h"
#include "tests/cpp/oracle.h"

using xent::Reduction;
using xent::Status;
using xent_test::ForEachTarget;

TEST_CASE("tensor kernels match the mpmath oracle") {
  ForEachTarget([] { xent_test::CheckFamily("tensor"); });
}

namespace {

// out[k-th axis = x's axis perm[k]], element by element.
std::vector<float> NaivePermute(const std::vector<float>& x, const std::vector<int32_t>& shape,
                                const std::vector<int32_t>& perm) {
  const size_t nd = shape.size();
  std::vector<size_t> in_stride(nd, 1), out_shape(nd);
  for (size_t k = nd - 1; k-- > 0;) in_stride[k] = in_stride[k + 1] * size_t(shape[k + 1]);
  for (size_t k = 0; k < nd; ++k) out_shape[k] = size_t(shape[perm[k]]);
  std::vector<float> out(x.size());
  std::vector<size_t> idx(nd, 0);
  for (size_t i = 0; i < x.size(); ++i) {
    size_t at = 0;
    for (size_t k = 0; k < nd; ++k) at += idx[k] * in_stride[perm[k]];
    out[i] = x[at];
    for (size_t k = nd; k-- > 0;) {
      if (++idx[k] < out_shape[k]) break;
      idx[k] = 0;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("Permute matches an element-by-element reference for every permutation") {
  const std::vector<std::vector<int32_t>> shapes = {
      {7}, {3, 5}, {1, 17}, {4, 3, 5}, {2, 33, 18}, {2, 3, 4, 5}, {8, 21, 3, 17}, {2, 1, 3, 1, 2}};
  size_t checked = 0;
  for (const auto& shape : shapes) {
    size_t n = 1;
    for (int32_t s : shape) n *= size_t(s);
    std::vector<float> x(n);
    for (size_t i = 0; i < n; ++i) x[i] = float(i);
    std::vector<int32_t> perm(shape.size());
    for (size_t k = 0; k < perm.size(); ++k) perm[k] = int32_t(k);
    do {
      std::vector<float> out(n, -1.0f);
      REQUIRE(xent::Permute(x.data(), shape.data(), perm.data(), shape.size(), out.data()) ==
              Status::kOk);
      CHECK(out == NaivePermute(x, shape, perm));
      ++checked;
    } while (std::next_permutation(perm.begin(), perm.end()));
  }
  CHECK(checked > 150);
}

TEST_CASE("Permute rejects what is no permutation or shape") {
  const float x[6] = {};
  float out[6];
  const int32_t shape[2] = {2, 3}, bad_shape[2] = {2, -3};
  const int32_t twice[2] = {0, 0}, outside[2] = {0, 2}, ok[2] = {1, 0};
  CHECK(xent::Permute(x, shape, twice, 2, out) == Status::kInvalidOption);
  CHECK(xent::Permute(x, shape, outside, 2, out) == Status::kInvalidOption);
  CHECK(xent::Permute(x, bad_shape, ok, 2, out) == Status::kInvalidSize);
  CHECK(xent::Permute(x, shape, ok, 0, out) == Status::kInvalidSize);
  CHECK(xent::Permute(nullptr, shape, ok, 2, out) == Status::kNullPointer);
  CHECK(xent::Permute(x, nullptr, ok, 2, out) == Status::kNullPointer);
}

TEST_CASE("kl_div checks its target and is the only batchmean") {
  const float input[4] = {-1, -2, -0.5f, -3};
  const float bad[4] = {0.5f, 1.5f, 0, 0};
  const float good[4] = {0.25f, 0.25f, 0.25f, 0.25f};
  float loss[4];
  const Status s = xent::KlDiv(input, bad, 2, 2, false, Reduction::kSum, loss);
  CHECK(s == Status::kValueOutOfRange);
  CHECK(s.operand == 1);
  CHECK(s.index == 1);
  const float bad_log[4] = {-1, -2, 0.5f, -3};
  const Status sl = xent::KlDiv(input, bad_log, 2, 2, true, Reduction::kSum, loss);
  CHECK(sl == Status::kValueOutOfRange);
  CHECK(sl.index == 2);
  REQUIRE(xent::KlDiv(input, good, 2, 2, false, Reduction::kBatchMean, loss) == Status::kOk);
  float sum;
  REQUIRE(xent::KlDiv(input, good, 2, 2, false, Reduction::kSum, &sum) == Status::kOk);
  CHECK(loss[0] == Approx(sum / 2));
  CHECK(xent::KlDiv(input, good, 2, 2, false, static_cast<Reduction>(4), loss) ==
        Status::kInvalidOption);
  float out[2];
  const int32_t target[2] = {0, 1};
  xent::CrossEntropyOptions o;
  o.reduction = Reduction::kBatchMean;
  CHECK(xent::CrossEntropy(input, target, 2, 2, o, out, nullptr) == Status::kInvalidOption);
}

TEST_CASE("softmax entropy's gradient and the backward passes may overwrite their input") {
  ForEachTarget([] {
    std::vector<float> x = {0.3f, -1.2f, 2.5f, 0.0f, 1.0f, -0.7f, 4.0f, 1.5f, 0.25f};
    std::vector<float> h(3), g(9), h2(3);
    REQUIRE(xent::SoftmaxEntropy(x.data(), 3, 3, 0.7, M_E, h.data(), g.data()) == Status::kOk);
    std::vector<float> alias = x;
    REQUIRE(xent::SoftmaxEntropy(alias.data(), 3, 3, 0.7, M_E, h2.data(), alias.data()) ==
            Status::kOk);
    CHECK(alias == g);
    CHECK(h2 == h);
    std::vector<float> y(9), dy = {1, -1, 0.5f, 2, 0, -3, 0.1f, 0.2f, 0.3f}, dx(9);
    REQUIRE(xent::Softmax(x.data(), 3, 3, 1.0, y.data()) == Status::kOk);
    REQUIRE(xent::SoftmaxBackward(y.data(), dy.data(), 3, 3, dx.data()) == Status::kOk);
    std::vector<float> in_place = dy;
    REQUIRE(xent::SoftmaxBackward(y.data(), in_place.data(), 3, 3, in_place.data()) ==
            Status::kOk);
    CHECK(in_place == dx);
    // The gradient of a loss L = sum(dy * softmax(x)) by central differences.
    for (size_t c = 0; c < 3; ++c) {
      double f[2];
      for (int side = 0; side < 2; ++side) {
        std::vector<double> z(x.begin(), x.begin() + 3);
        z[c] += side ? 1e-4 : -1e-4;
        double mx = std::max({z[0], z[1], z[2]}), s = 0;
        for (double v : z) s += std::exp(v - mx);
        f[side] = 0;
        for (size_t k = 0; k < 3; ++k) f[side] += dy[k] * std::exp(z[k] - mx) / s;
      }
      CHECK(dx[c] == Approx((f[1] - f[0]) / 2e-4).epsilon(1e-5));
    }
  });
}
