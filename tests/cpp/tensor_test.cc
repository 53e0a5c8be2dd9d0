// The kernels behind the N-D API: weighted logsumexp, softmax entropy, the backward
// passes, entr, rel_entr and kl_div against the oracle; Permute against a plain
// index-by-index reference; their argument checks.
#include <catch2/catch.hpp>
#include <algorithm>
#include <array>
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

namespace {

// |got - want| within the oracle's bar: 1e-6 relative, or 1e-6 (1 + |want|) in the log
// domain; NaN only where NaN is expected, infinities exactly.
bool WithinBar(float got, float want, bool log_domain) {
  if (std::isnan(want) || std::isinf(want)) {
    return (std::isnan(want) && std::isnan(got)) || got == want;
  }
  const double scale = log_domain ? 1.0 + std::fabs(want) : std::fabs(want);
  return std::fabs(double(got) - double(want)) <= 1e-6 * scale + 0x1p-149 * 2;
}

}  // namespace

TEST_CASE("the column kernels along an axis agree with the row kernels on moved data") {
  ForEachTarget([] {
    // [outer, len, inner] with inner a few lanes plus a tail; special columns among
    // ordinary ones so both the vector tiles and the double fallback run.
    for (const auto& dims : std::vector<std::array<int32_t, 3>>{
             {1, 21, 37}, {2, 3, 5}, {3, 1, 4}, {2, 200, 9}, {1, 2, 1}}) {
      const size_t outer = dims[0], len = dims[1], inner = dims[2];
      const size_t n = outer * len * inner;
      std::vector<float> x(n);
      uint32_t u = 12345;
      for (float& v : x) {
        u = u * 1664525u + 1013904223u;
        v = float(u >> 8) / 16777216.0f * 40.0f - 20.0f;
      }
      if (inner > 3) {
        for (size_t k = 0; k < len; ++k) x[k * inner + 1] = -HUGE_VALF;  // all -inf column
        x[(len / 2) * inner + 2] = HUGE_VALF;                             // one +inf
        x[(len - 1) * inner + 3] = std::nanf("");                         // NaN
        if (outer > 1) x[len * inner + 0] = 3e38f;                        // wide column
      }
      // The rows along the axis: [outer, inner, len].
      const int32_t shape[3] = {dims[0], dims[1], dims[2]}, perm[3] = {0, 2, 1};
      const int32_t back_shape[3] = {dims[0], dims[2], dims[1]};
      std::vector<float> rows(n), row_out(n), want(n), got(n);
      REQUIRE(xent::Permute(x.data(), shape, perm, 3, rows.data()) == Status::kOk);
      for (double t : {1.0, 0.37}) {
        for (int op = 0; op < 3; ++op) {
          INFO("shape " << outer << "x" << len << "x" << inner << ", op " << op << ", T " << t);
          const size_t out_n = op == 2 ? outer * inner : n;
          if (op == 0) {
            REQUIRE(xent::Softmax(rows.data(), outer * inner, len, t, row_out.data()) == Status::kOk);
            REQUIRE(xent::SoftmaxAxis(x.data(), outer, len, inner, t, got.data()) == Status::kOk);
          } else if (op == 1) {
            REQUIRE(xent::LogSoftmax(rows.data(), outer * inner, len, t, row_out.data()) == Status::kOk);
            REQUIRE(xent::LogSoftmaxAxis(x.data(), outer, len, inner, t, got.data()) == Status::kOk);
          } else {
            REQUIRE(xent::LogSumExp(rows.data(), outer * inner, len, t, row_out.data()) == Status::kOk);
            REQUIRE(xent::LogSumExpAxis(x.data(), outer, len, inner, t, got.data()) == Status::kOk);
          }
          if (op == 2) {
            want.assign(row_out.begin(), row_out.begin() + out_n);
          } else {
            REQUIRE(xent::Permute(row_out.data(), back_shape, perm, 3, want.data()) == Status::kOk);
          }
          size_t bad = 0;
          for (size_t i = 0; i < out_n; ++i) {
            if (!WithinBar(got[i], want[i], op != 0)) {
              ++bad;
              UNSCOPED_INFO("i " << i << ": got " << got[i] << ", want " << want[i]);
            }
          }
          CHECK(bad == 0);
        }
      }
      // In place: out may alias x.
      std::vector<float> in_place = x, separate(n);
      REQUIRE(xent::SoftmaxAxis(x.data(), outer, len, inner, 1.0, separate.data()) == Status::kOk);
      REQUIRE(xent::SoftmaxAxis(in_place.data(), outer, len, inner, 1.0, in_place.data()) == Status::kOk);
      for (size_t i = 0; i < n; ++i) {
        CHECK((in_place[i] == separate[i] || (std::isnan(in_place[i]) && std::isnan(separate[i]))));
      }
    }
  });
  float out[4];
  const float x[4] = {};
  CHECK(xent::SoftmaxAxis(x, 1, 0, 4, 1.0, out) == Status::kInvalidSize);
  CHECK(xent::LogSumExpAxis(x, 1, 4, 1, 0.0, out) == Status::kInvalidOption);
  CHECK(xent::LogSoftmaxAxis(nullptr, 1, 4, 1, 1.0, out) == Status::kNullPointer);
}
