// Native throughput of the softmax and cross-entropy kernels: the ceiling the
// WebAssembly build is compared against by scripts/bench-kernels.mjs.
//
// Same shapes, data and ops as the JS benchmark: logits from the LCG below in
// [-10, 10], class targets from the same generator, one thread. Runs Highway's dynamic
// dispatch (the best target this CPU has), then, for comparison with WASM SIMD128,
// the 128-bit SSE4 target if the CPU has it. Prints one JSON object to stdout:
//   {"target": "AVX3", "results": [{"target", "op", "rows", "classes",
//    "elementsPerSecond", "maxError"}, ...]}
// maxError is the worst error against a double-precision reference of the same op,
// relative to the bar's scale (|want| for probabilities and losses, 1 + |want| for
// log-domain values, the row's largest |gradient| for gradients).
//
// Usage: xent_bench [--quick]   (--quick: fewer samples, for a smoke run)

#include <stdint.h>
#include <stdio.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "hwy/targets.h"
#include "src/kernels/kernels.h"

namespace {

// The generator scripts/bench-kernels.mjs uses: a 32-bit LCG, top 24 bits -> [0, 1).
class Lcg {
 public:
  explicit Lcg(uint32_t seed) : state_(seed) {}
  double Next() {
    state_ = state_ * 1664525u + 1013904223u;
    return static_cast<double>(state_ >> 8) / 16777216.0;
  }

 private:
  uint32_t state_;
};

struct Shape {
  size_t rows, classes;
};

struct Result {
  std::string target;
  std::string op;
  Shape shape;
  double elements_per_second;
  double max_error;
};

// A benchmarked call that fails would measure nothing: stop.
void Require(xent::Status s) {
  if (!s.ok()) {
    fprintf(stderr, "bench: %s\n", xent::StatusMessage(s.code));
    exit(1);
  }
}

double MedianSeconds(const std::function<void()>& fn, size_t elements, bool quick) {
  using Clock = std::chrono::steady_clock;
  // Enough calls per sample for ~5 ms, so timer resolution and loop overhead vanish.
  const size_t calls = std::max<size_t>(1, (quick ? 200000 : 2000000) / elements);
  for (size_t i = 0; i < calls * 3; ++i) fn();  // warm-up
  std::vector<double> samples;
  const int count = quick ? 3 : 15;
  for (int s = 0; s < count; ++s) {
    const auto t0 = Clock::now();
    for (size_t i = 0; i < calls; ++i) fn();
    const std::chrono::duration<double> dt = Clock::now() - t0;
    samples.push_back(dt.count() / static_cast<double>(calls));
  }
  std::sort(samples.begin(), samples.end());
  return samples[samples.size() / 2];
}

// Double-precision references, per row.
void RefLogSoftmax(const float* x, size_t n, std::vector<double>* out) {
  double m = -INFINITY;
  for (size_t i = 0; i < n; ++i) m = std::max(m, double(x[i]));
  double s = 0;
  for (size_t i = 0; i < n; ++i) s += std::exp(double(x[i]) - m);
  const double ls = std::log(s);
  out->resize(n);
  for (size_t i = 0; i < n; ++i) (*out)[i] = double(x[i]) - m - ls;
}

double Check(const std::string& op, const std::vector<float>& x,
             const std::vector<int32_t>& y, Shape sh, const std::vector<float>& out,
             const std::vector<float>& grad) {
  double worst = 0;
  std::vector<double> lp;
  double loss = 0;
  for (size_t r = 0; r < sh.rows; ++r) {
    const float* xr = x.data() + r * sh.classes;
    RefLogSoftmax(xr, sh.classes, &lp);
    loss -= lp[y[r]];
    if (op == "softmax") {
      for (size_t c = 0; c < sh.classes; ++c) {
        const double want = std::exp(lp[c]);
        worst = std::max(worst, std::fabs(out[r * sh.classes + c] - want) / want);
      }
    } else if (op == "logSoftmax") {
      for (size_t c = 0; c < sh.classes; ++c) {
        const double err = std::fabs(out[r * sh.classes + c] - lp[c]);
        worst = std::max(worst, err / (1 + std::fabs(lp[c])));
      }
    } else if (op == "logSumExp") {
      const double want = double(xr[0]) - lp[0];
      worst = std::max(worst, std::fabs(out[r] - want) / (1 + std::fabs(want)));
    } else if (op == "crossEntropyWithGrad") {
      double row_max = 0;
      std::vector<double> g(sh.classes);
      for (size_t c = 0; c < sh.classes; ++c) {
        g[c] = (std::exp(lp[c]) - (c == size_t(y[r]) ? 1.0 : 0.0)) / double(sh.rows);
        row_max = std::max(row_max, std::fabs(g[c]));
      }
      for (size_t c = 0; c < sh.classes; ++c) {
        worst = std::max(worst, std::fabs(grad[r * sh.classes + c] - g[c]) / row_max);
      }
    }
  }
  if (op == "crossEntropy" || op == "crossEntropyWithGrad") {
    const double want = loss / double(sh.rows);
    worst = std::max(worst, std::fabs(out[0] - want) / std::fabs(want));
  }
  return worst;
}

void RunAll(bool quick, std::vector<Result>* results) {
  const std::vector<Shape> shapes = {
      {1, 10}, {64, 1000}, {1024, 1000}, {32, 32000}, {4, 262144}};
  const std::vector<std::string> ops = {"softmax", "logSoftmax", "logSumExp",
                                        "crossEntropy", "crossEntropyWithGrad"};
  for (const Shape& sh : shapes) {
    const size_t n = sh.rows * sh.classes;
    Lcg lcg(20261122u + static_cast<uint32_t>(n));
    std::vector<float> x(n);
    for (float& v : x) v = static_cast<float>(lcg.Next() * 20.0 - 10.0);
    std::vector<int32_t> y(sh.rows);
    for (int32_t& v : y) v = static_cast<int32_t>(lcg.Next() * double(sh.classes));
    std::vector<float> out(n), grad(n);
    xent::CrossEntropyOptions mean;
    for (const std::string& op : ops) {
      std::function<void()> fn;
      if (op == "softmax") {
        fn = [&] { Require(xent::Softmax(x.data(), sh.rows, sh.classes, 1.0f, out.data())); };
      } else if (op == "logSoftmax") {
        fn = [&] { Require(xent::LogSoftmax(x.data(), sh.rows, sh.classes, 1.0f, out.data())); };
      } else if (op == "logSumExp") {
        fn = [&] { Require(xent::LogSumExp(x.data(), sh.rows, sh.classes, 1.0f, out.data())); };
      } else if (op == "crossEntropy") {
        fn = [&] {
          Require(xent::CrossEntropy(x.data(), y.data(), sh.rows, sh.classes, mean,
                                   out.data(), nullptr));
        };
      } else {
        fn = [&] {
          Require(xent::CrossEntropy(x.data(), y.data(), sh.rows, sh.classes, mean,
                                   out.data(), grad.data()));
        };
      }
      const double seconds = MedianSeconds(fn, n, quick);
      fn();
      results->push_back({xent::ActiveTargetName(), op, sh, double(n) / seconds,
                          Check(op, x, y, sh, out, grad)});
    }
  }
}

}  // namespace

int main(int argc, char** argv) {
  const bool quick = argc > 1 && std::string(argv[1]) == "--quick";
  const std::string best = xent::ActiveTargetName();
  std::vector<Result> results;
  RunAll(quick, &results);
  bool has_sse4 = false;
  for (int64_t t : hwy::SupportedAndGeneratedTargets()) has_sse4 |= t == HWY_SSE4;
  if (has_sse4 && best != hwy::TargetName(HWY_SSE4)) {
    hwy::SetSupportedTargetsForTest(HWY_SSE4);
    RunAll(quick, &results);
    hwy::SetSupportedTargetsForTest(0);
  }
  printf("{\"target\": \"%s\", \"results\": [\n", best.c_str());
  for (size_t i = 0; i < results.size(); ++i) {
    const Result& r = results[i];
    printf(
        "  {\"target\": \"%s\", \"op\": \"%s\", \"rows\": %zu, \"classes\": %zu, "
        "\"elementsPerSecond\": "
        "%.6g, "
        "\"maxError\": %.3g}%s\n",
        r.target.c_str(), r.op.c_str(), r.shape.rows, r.shape.classes,
        r.elements_per_second, r.max_error, i + 1 < results.size() ? "," : "");
  }
  printf("]}\n");
  return 0;
}
