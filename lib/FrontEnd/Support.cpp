//===- Support.cpp - dtypes and errors ------------------------------------===//

#include "kiln/Dtype.h"
#include "kiln/Error.h"

#include <array>

namespace kiln {

namespace {
struct DtypeInfo {
  std::string_view name;
  size_t size;
  bool floating;
};
constexpr std::array<DtypeInfo, 7> kDtypes = {{
    {"float", 4, true},
    {"double", 8, true},
    {"half", 2, true},
    {"bfloat16", 2, true},
    {"long", 8, false},
    {"int", 4, false},
    {"bool", 1, false},
}};

std::string withLocation(const std::string &message,
                         const std::source_location &where) {
  if (where.line() == 0)
    return message;
  return message + " (at " + where.file_name() + ":" +
         std::to_string(where.line()) + ")";
}
} // namespace

size_t elementSize(Dtype dtype) {
  return kDtypes[static_cast<size_t>(dtype)].size;
}

std::string_view toString(Dtype dtype) {
  return kDtypes[static_cast<size_t>(dtype)].name;
}

bool isFloatingPoint(Dtype dtype) {
  return kDtypes[static_cast<size_t>(dtype)].floating;
}

Error::Error(const std::string &message, std::source_location where)
    : std::runtime_error(withLocation(message, where)), text(message),
      location(where) {}

Error::Error(const std::string &message)
    : std::runtime_error(message), text(message) {}

} // namespace kiln
