// Accumulators, per target: BlockSum (float vectors summed in blocks, block totals
// carried in double) and the three sinks that AddStoreExpMinusShift (row-inl.h) feeds
// with a row's exponentials:
//   SumAll       every term;
//   SumExcept    every term but one element's (a cross-entropy row's target class);
//   SumBelowMax  the terms below the row max, and how many entries equal it.
// A sink has Add(i, x, e) for the vector of terms e of elements [i, i + N) (their
// inputs x) and Add4(i, x, e) for four consecutive vectors.
//
// Per-target code: include only from files that are themselves compiled per target.

#if defined(SOFTMAX_XENT_SUM_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef SOFTMAX_XENT_SUM_INL_H_
#undef SOFTMAX_XENT_SUM_INL_H_
#else
#define SOFTMAX_XENT_SUM_INL_H_
#endif

#include <stddef.h>
#include <stdint.h>

#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace xent {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// Sums float vectors in blocks and carries the block totals in double, so a 32000-long
// row keeps ~1 ulp instead of the ~sqrt(n) ulp of one float accumulator.
template <class D>
class BlockSum {
 public:
  using V = hn::Vec<D>;
  explicit BlockSum(D d) : d_(d), acc_(hn::Zero(d)) {}
  HWY_INLINE void Add(V v) {
    acc_ = hn::Add(acc_, v);
    if (++count_ == kFlushEvery) Flush();
  }
  HWY_INLINE double Total() {
    Flush();
    return total_;
  }

 private:
  static constexpr size_t kFlushEvery = 16;
  HWY_INLINE void Flush() {
    total_ += static_cast<double>(hn::GetLane(hn::SumOfLanes(d_, acc_)));
    acc_ = hn::Zero(d_);
    count_ = 0;
  }
  D d_;
  V acc_;
  size_t count_ = 0;
  double total_ = 0.0;
};

template <class D>
class SumAll {
 public:
  using V = hn::Vec<D>;
  explicit SumAll(D d) : sum_(d) {}
  HWY_INLINE void Add(size_t /*i*/, V /*x*/, V e) { sum_.Add(e); }
  HWY_INLINE void Add4(size_t /*i*/, const V* /*x*/, const V* e) {
    sum_.Add(hn::Add(hn::Add(e[0], e[1]), hn::Add(e[2], e[3])));
  }
  HWY_INLINE double Total() { return sum_.Total(); }

 private:
  BlockSum<D> sum_;
};

// The loss of a cross-entropy row is then formed as log1p(rest * e^-d[y]), which keeps
// its relative accuracy when the prediction is confident and rest is tiny: added to the
// target's own term (~1) in one float sum, rest would be lost below ulp(1). Costs one
// scalar comparison per call, not a vector operation per element.
template <class D>
class SumExcept {
 public:
  using V = hn::Vec<D>;
  SumExcept(D d, size_t skip) : d_(d), skip_(skip), sum_(d) {}
  HWY_INLINE void Add(size_t i, V /*x*/, V e) {
    if (skip_ - i < hn::Lanes(d_)) e = Drop(e, skip_ - i);
    sum_.Add(e);
  }
  HWY_INLINE void Add4(size_t i, const V* /*x*/, const V* e) {
    const size_t N = hn::Lanes(d_);
    if (skip_ - i < 4 * N) {
      V kept[4] = {e[0], e[1], e[2], e[3]};
      const size_t k = skip_ - i;
      kept[k / N] = Drop(kept[k / N], k % N);
      sum_.Add(hn::Add(hn::Add(kept[0], kept[1]), hn::Add(kept[2], kept[3])));
    } else {
      sum_.Add(hn::Add(hn::Add(e[0], e[1]), hn::Add(e[2], e[3])));
    }
  }
  // Sum of the terms of every element but `skip`.
  HWY_INLINE double Total() { return sum_.Total(); }

 private:
  HWY_INLINE V Drop(V e, size_t lane) {
    const hn::RebindToSigned<D> di;
    const auto at = hn::Eq(hn::Iota(di, 0), hn::Set(di, static_cast<int32_t>(lane)));
    return hn::IfThenZeroElse(hn::RebindMask(d_, at), e);
  }
  D d_;
  size_t skip_;
  BlockSum<D> sum_;
};

// For a shift of exactly the row max m (terms of 1 at the max). A loss with
// probability targets needs log s = log1p((ties - 1) + rest) precisely when the rest
// is tiny (a confident prediction): added into one float sum, the rest would be lost
// below ulp(1) of the max's own term.
template <class D>
class SumBelowMax {
 public:
  using V = hn::Vec<D>;
  using DI = hn::RebindToSigned<D>;
  SumBelowMax(D d, float m) : d_(d), m_(hn::Set(d, m)), rest_(d), ties_(hn::Zero(DI())) {}
  HWY_INLINE void Add(size_t /*i*/, V x, V e) {
    const auto tie = hn::Eq(x, m_);
    rest_.Add(hn::IfThenZeroElse(tie, e));
    ties_ = hn::Sub(ties_, hn::BitCast(DI(), hn::VecFromMask(d_, tie)));  // lanes of -1
  }
  HWY_INLINE void Add4(size_t /*i*/, const V* x, const V* e) {
    const auto t0 = hn::Eq(x[0], m_), t1 = hn::Eq(x[1], m_);
    const auto t2 = hn::Eq(x[2], m_), t3 = hn::Eq(x[3], m_);
    rest_.Add(
        hn::Add(hn::Add(hn::IfThenZeroElse(t0, e[0]), hn::IfThenZeroElse(t1, e[1])),
                hn::Add(hn::IfThenZeroElse(t2, e[2]), hn::IfThenZeroElse(t3, e[3]))));
    const DI di;
    const auto m01 = hn::Add(hn::BitCast(di, hn::VecFromMask(d_, t0)),
                             hn::BitCast(di, hn::VecFromMask(d_, t1)));
    const auto m23 = hn::Add(hn::BitCast(di, hn::VecFromMask(d_, t2)),
                             hn::BitCast(di, hn::VecFromMask(d_, t3)));
    ties_ = hn::Sub(ties_, hn::Add(m01, m23));
  }
  // Sum of the terms of entries below m.
  HWY_INLINE double Rest() { return rest_.Total(); }
  // Number of entries equal to m.
  HWY_INLINE double Ties() {
    HWY_ALIGN int32_t lanes[HWY_MAX_BYTES / sizeof(int32_t)];
    hn::Store(ties_, DI(), lanes);
    double k = 0;
    for (size_t i = 0; i < hn::Lanes(DI()); ++i) k += lanes[i];
    return k;
  }

 private:
  D d_;
  V m_;
  BlockSum<D> rest_;
  hn::Vec<DI> ties_;
};

}  // namespace HWY_NAMESPACE
}  // namespace xent
HWY_AFTER_NAMESPACE();

#endif  // SOFTMAX_XENT_SUM_INL_H_
