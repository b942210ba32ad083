//===- Support.cpp - dtypes and errors ------------------------------------===//

#include "Lazy.h"

#include "kiln/Dtype.h"
#include "kiln/Error.h"
#include "kiln/runtime/DType.h"


namespace kiln {

namespace {
std::string withLocation(const std::string &message,
                         const std::source_location &where) {
  if (where.line() == 0)
    return message;
  return message + " (at " + where.file_name() + ":" +
         std::to_string(where.line()) + ")";
}
} // namespace

size_t elementSize(Dtype dtype) {
  return runtime::info(detail::toRuntime(dtype)).size;
}

std::string_view toString(Dtype dtype) {
  return runtime::info(detail::toRuntime(dtype)).torchName;
}

bool isFloatingPoint(Dtype dtype) {
  return runtime::info(detail::toRuntime(dtype)).isFloat;
}

Error::Error(const std::string &message, std::source_location where)
    : std::runtime_error(withLocation(message, where)), text(message),
      location(where) {}

Error::Error(const std::string &message)
    : std::runtime_error(message), text(message) {}

} // namespace kiln
