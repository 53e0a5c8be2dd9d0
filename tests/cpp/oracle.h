// Reads the mpmath reference data in tests/data (written by scripts/gen_oracle.py),
// runs each case through the public API and checks the accuracy bar:
//   plain outputs:      |got - want| <= 1e-6 * |want|   (+ 1e-6 * 2^-126 + 2^-149:
//                        subnormal results are kept, to within one subnormal step)
//   log-domain outputs: |got - want| <= 1e-6 * (1 + |want|)
//   cancelling sums (gradients, KL, JS): |got - want| <= 1e-6 * mag, where mag is the
//                        oracle's sum of |terms|, the size of what cancels.
// Infinities and NaN must match exactly. The worst error per function is printed at
// the end of the run.
#ifndef SOFTMAX_XENT_TESTS_ORACLE_H_
#define SOFTMAX_XENT_TESTS_ORACLE_H_

#include <stdint.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace xent_test {

struct OracleCase {
  std::string name, op;
  size_t rows = 0, classes = 0;
  std::map<std::string, std::string> opt;
  std::map<std::string, std::vector<float>> in;
  std::map<std::string, std::vector<int32_t>> ints;
  std::map<std::string, std::vector<double>> want, mag;

  std::string Opt(const std::string& key, const std::string& fallback) const {
    auto it = opt.find(key);
    return it == opt.end() ? fallback : it->second;
  }
};

// All cases of tests/data/oracle-<family>.txt.
const std::vector<OracleCase>& Cases(const std::string& family);

// Runs fn once per Highway target this CPU supports (natively), with the dispatcher
// forced to that target, each in a Catch2 section named after it. On WebAssembly the
// single compiled target runs once.
void ForEachTarget(const std::function<void()>& fn);

// Runs every case of `family` whose op is in `ops` (all if empty), with inputs at an
// aligned and at a misaligned address, and checks every output against the oracle.
void CheckFamily(const std::string& family, const std::vector<std::string>& ops = {});

// Records one compared value for the end-of-run report.
void RecordError(const std::string& function, double relative_error);

// Float values as the kernels see them.
std::vector<float> ToFloat(const std::vector<double>& v);

}  // namespace xent_test

#endif  // SOFTMAX_XENT_TESTS_ORACLE_H_
