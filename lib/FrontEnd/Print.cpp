//===- Print.cpp - printing tensors as libtorch does ----------------------===//

#include "Trace.h"

#include "kiln/runtime/DType.h"

#include <cmath>
#include <iomanip>
#include <ostream>
#include <sstream>

namespace kiln {

namespace {

/// Formats every value alike: integers as integers, other values with four
/// decimals (scientific when they span many orders of magnitude).
struct Formatter {
  bool integral = true, scientific = false;
  int width = 1;

  explicit Formatter(const std::vector<double> &values) {
    double largest = 0, smallest = INFINITY;
    for (double v : values) {
      if (!std::isfinite(v))
        continue;
      // Beyond 2^53 every double is whole but int64 may not hold it.
      integral &= v == std::trunc(v) && std::fabs(v) < 9007199254740992.0;
      largest = std::max(largest, std::fabs(v));
      if (v != 0)
        smallest = std::min(smallest, std::fabs(v));
    }
    scientific = !integral && (largest >= 1e5 || (smallest < 1e-4 && largest > 0) ||
                               largest / smallest > 1e5);
    for (double v : values)
      width = std::max(width, static_cast<int>(format(v).size()));
  }

  std::string format(double v) const {
    std::ostringstream os;
    if (std::isnan(v))
      os << "nan";
    else if (std::isinf(v))
      os << (v < 0 ? "-inf" : "inf");
    else if (integral)
      os << static_cast<int64_t>(v);
    else if (scientific)
      os << std::scientific << std::setprecision(4) << v;
    else
      os << std::fixed << std::setprecision(4) << v;
    return os.str();
  }
};

void printMatrix(std::ostream &os, const std::vector<double> &values,
                 size_t offset, int64_t rows, int64_t columns,
                 const Formatter &formatter) {
  for (int64_t r = 0; r < rows; ++r) {
    for (int64_t c = 0; c < columns; ++c)
      os << ' ' << std::setw(formatter.width)
         << formatter.format(values[offset + r * columns + c]);
    os << '\n';
  }
}

} // namespace

std::ostream &operator<<(std::ostream &os, const Tensor &tensor) {
  if (!tensor.defined())
    return os << "[ Tensor (undefined) ]";
  std::vector<int64_t> shape = tensor.sizes();
  std::vector<double> values = tensor.to_vector<double>();
  Formatter formatter(values);
  if (shape.empty()) {
    os << formatter.format(values[0]) << '\n';
  } else if (shape.size() == 1) {
    for (double v : values)
      os << std::setw(formatter.width) << formatter.format(v) << '\n';
  } else {
    int64_t rows = shape[shape.size() - 2], columns = shape.back();
    int64_t matrices = rows * columns > 0 ? static_cast<int64_t>(values.size()) /
                                            (rows * columns)
                                      : 0;
    for (int64_t m = 0; m < matrices; ++m) {
      if (shape.size() > 2) {
        os << '(';
        int64_t rest = m;
        std::vector<int64_t> index(shape.size() - 2);
        for (size_t d = index.size(); d-- > 0;) {
          index[d] = rest % shape[d];
          rest /= shape[d];
        }
        for (int64_t i : index)
          os << i + 1 << ',';
        os << ".,.) = \n";
      }
      printMatrix(os, values, m * rows * columns, rows, columns, formatter);
      if (shape.size() > 2 && m + 1 < matrices)
        os << '\n';
    }
  }
  os << "[ " << runtime::info(detail::toRuntime(tensor.dtype())).torchTypeName
     << '{';
  for (size_t i = 0; i < shape.size(); ++i)
    os << (i ? "," : "") << shape[i];
  return os << "} ]";
}

} // namespace kiln
