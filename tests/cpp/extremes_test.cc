// The inputs that once broke the accuracy bar (tests/data/oracle-extremes.txt, one or
// more cases per class: x - max past float's range, float sums that overflow, small
// smoothing losses, terms below e^-87.3 and subnormal probabilities, products formed
// from subnormals, edge conventions), on every target.
#include <catch2/catch.hpp>

#include "tests/cpp/oracle.h"

TEST_CASE("the extremes match the mpmath oracle") {
  xent_test::ForEachTarget([] { xent_test::CheckFamily("extremes"); });
}
