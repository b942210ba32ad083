//===- ExpandingArray.h - `3` or `{3, 5}` for per-dimension sizes -*- C++ -*-===//

#ifndef KILN_EXPANDINGARRAY_H
#define KILN_EXPANDINGARRAY_H

#include "kiln/Error.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <source_location>
#include <string>

namespace kiln {

/// A size per spatial dimension, given as one number for all (`3`) or one
/// each (`{3, 5}`), as libtorch's ExpandingArray.
template <size_t D> class ExpandingArray {
public:
  ExpandingArray(int64_t value) { values.fill(value); }
  ExpandingArray(std::initializer_list<int64_t> list,
                 std::source_location where = std::source_location::current()) {
    if (list.size() != D)
      throw Error("expected " + std::to_string(D) +
                      " sizes, one per spatial dimension, got " +
                      std::to_string(list.size()),
                  where);
    std::copy(list.begin(), list.end(), values.begin());
  }
  /// The size for spatial dimension `i`.
  int64_t operator[](size_t i) const { return values[i]; }
  const int64_t *begin() const { return values.data(); }
  const int64_t *end() const { return values.data() + D; }

private:
  std::array<int64_t, D> values;
};

} // namespace kiln

#endif // KILN_EXPANDINGARRAY_H
