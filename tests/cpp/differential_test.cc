// The random differential test (tests/data/oracle-differential.txt, 5040 cases from
// scripts/gen_differential.py: every function, option and reduction, with logits up to
// +-3.4e38, huge offsets, -inf masks, subnormals, temperatures of 1e-3 to 1e3) against
// mpmath, on every target.
#include <catch2/catch.hpp>

#include "tests/cpp/oracle.h"

TEST_CASE("the random differential cases match the mpmath oracle") {
  xent_test::ForEachTarget([] { xent_test::CheckFamily("differential"); });
}
