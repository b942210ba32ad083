//===- ArrayPrinter.cpp - numpy-style printing of results -----------------===//

#include "ArrayPrinter.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

using kiln::runtime::DType;

namespace {

constexpr int64_t kSummaryThreshold = 1000;
constexpr int64_t kEdgeItems = 3;

void printElement(llvm::raw_ostream &os, DType dtype, double value) {
  if (dtype == DType::b1) {
    os << (value != 0 ? "True" : "False");
  } else if (!kiln::runtime::info(dtype).isFloat) {
    os << static_cast<int64_t>(value);
  } else if (std::isnan(value)) {
    os << "nan";
  } else if (std::isinf(value)) {
    os << (value < 0 ? "-inf" : "inf");
  } else if (value == std::trunc(value) && std::fabs(value) < 1e16) {
    os << static_cast<int64_t>(value) << ".";
  } else {
    os << llvm::format("%.8g", value);
  }
}

struct Printer {
  llvm::raw_ostream &os;
  const kiln::runtime::TensorSpec &spec;
  const void *data;
  bool summarize;

  /// Prints the sub-array at `dim` starting at flat `offset`.
  void print(size_t dim, int64_t offset, int64_t stride, int indent) {
    if (dim == spec.shape.size()) {
      printElement(os, spec.dtype, kiln::runtime::loadElement(spec.dtype, data, offset));
      return;
    }
    int64_t size = spec.shape[dim];
    int64_t inner = stride / std::max<int64_t>(size, 1);
    os << "[";
    for (int64_t i = 0; i < size; ++i) {
      if (summarize && size > 2 * kEdgeItems && i == kEdgeItems) {
        os << "...";
        i = size - kEdgeItems - 1;
        separate(dim, indent);
        continue;
      }
      print(dim + 1, offset + i * inner, inner, indent + 1);
      if (i + 1 < size)
        separate(dim, indent);
    }
    os << "]";
  }

  void separate(size_t dim, int indent) {
    os << ",";
    if (dim + 1 == spec.shape.size()) {
      os << " ";
      return;
    }
    os << std::string(spec.shape.size() - dim - 1, '\n');
    os.indent(indent + 1);
  }
};

} // namespace

void kiln::printArray(llvm::raw_ostream &os, const runtime::TensorSpec &spec,
                      const void *data) {
  os << "array(";
  Printer printer{os, spec, data, spec.numel() > kSummaryThreshold};
  printer.print(0, 0, spec.numel(), /*indent=*/6);
  os << ", dtype=" << runtime::info(spec.dtype).numpyName << ")\n";
}
