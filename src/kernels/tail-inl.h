// Tail-safe loads and stores of the last, partial vector of a row, per target.
//
// Highway 1.0.3 has no LoadN/StoreN, and its WASM MaskedLoad/BlendedStore touch a whole
// vector past the end (a trap at the end of the wasm heap, and a racy read-modify-write
// elsewhere). The tails here go through a stack buffer instead and never touch memory
// beyond `count` elements. The full-vector case is a plain LoadU/StoreU.
//
// Per-target code: include only from files that are themselves compiled per target.

// Toggled include guard, as in hwy/contrib/dot/dot-inl.h.
#if defined(SOFTMAX_XENT_TAIL_INL_H_) == defined(HWY_TARGET_TOGGLE)
#ifdef SOFTMAX_XENT_TAIL_INL_H_
#undef SOFTMAX_XENT_TAIL_INL_H_
#else
#define SOFTMAX_XENT_TAIL_INL_H_
#endif

#include <stddef.h>

#include "hwy/highway.h"

HWY_BEFORE_NAMESPACE();
namespace xent {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

constexpr size_t kMaxLanes = HWY_MAX_BYTES / sizeof(float);

// Copies count (< kMaxLanes) floats. Written as a fixed-length loop of guarded copies
// so that compilers do not turn it into a memcpy call, which in wasm costs more than
// the copy (a 3-class softmax took twice as long).
HWY_INLINE void CopyFew(float* HWY_RESTRICT to, const float* HWY_RESTRICT from,
                        size_t count) {
  for (size_t i = 0; i < kMaxLanes; ++i) {
    if (i < count) to[i] = from[i];
  }
}

// The first `count` (< Lanes(d)) floats at p, the other lanes `fill`.
template <class D>
HWY_INLINE hn::Vec<D> LoadTail(D d, const float* HWY_RESTRICT p, size_t count,
                               float fill) {
  HWY_ALIGN float buf[kMaxLanes];
  hn::Store(hn::Set(d, fill), d, buf);
  CopyFew(buf, p, count);
  return hn::Load(d, buf);
}

// Stores the first `count` (< Lanes(d)) lanes of v.
template <class D>
HWY_INLINE void StoreTail(hn::Vec<D> v, D d, float* HWY_RESTRICT p, size_t count) {
  HWY_ALIGN float buf[kMaxLanes] = {};  // all stored; = {} only quiets GCC's warning
  hn::Store(v, d, buf);
  CopyFew(p, buf, count);
}

// The first `count` (<= Lanes(d)) floats at p, the rest `fill`.
template <class D>
HWY_INLINE hn::Vec<D> LoadNOr(D d, const float* HWY_RESTRICT p, size_t count,
                              float fill) {
  return count == hn::Lanes(d) ? hn::LoadU(d, p) : LoadTail(d, p, count, fill);
}

// Stores the first `count` (<= Lanes(d)) lanes of v.
template <class D>
HWY_INLINE void StoreN(hn::Vec<D> v, D d, float* HWY_RESTRICT p, size_t count) {
  if (count == hn::Lanes(d)) {
    hn::StoreU(v, d, p);
  } else {
    StoreTail(v, d, p, count);
  }
}

// Lanes left in a row of n from element i: Lanes(d), or fewer for the last vector.
template <class D>
HWY_INLINE size_t LanesLeft(D d, size_t i, size_t n) {
  const size_t N = hn::Lanes(d);
  return n - i < N ? n - i : N;
}

}  // namespace HWY_NAMESPACE
}  // namespace xent
HWY_AFTER_NAMESPACE();

#endif  // SOFTMAX_XENT_TAIL_INL_H_
