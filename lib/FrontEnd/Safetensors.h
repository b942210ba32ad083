//===- Safetensors.h - the safetensors file format --------------*- C++ -*-===//
//
// Reading and writing the bytes of a safetensors file: an 8-byte
// little-endian header length, a JSON header naming each tensor's dtype,
// shape and data_offsets, then the tensors' data packed without gaps.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_LIB_FRONTEND_SAFETENSORS_H
#define KILN_LIB_FRONTEND_SAFETENSORS_H

#include "kiln/runtime/DType.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kiln::detail {

/// One tensor of a safetensors file.
struct SafetensorsEntry {
  std::string name;
  runtime::DType dtype;
  std::vector<int64_t> shape;
  /// Its data, row-major and little-endian: in the file read, or the values
  /// to write.
  llvm::StringRef bytes;
};

/// The tensors of the safetensors file whose contents are `file`, in the
/// order of their data; their bytes point into `file`. Fails, saying what is
/// wrong and with which tensor, unless the whole file is well formed.
llvm::Expected<std::vector<SafetensorsEntry>>
parseSafetensors(llvm::StringRef file);

/// Writes `entries`, in order, as a safetensors file at `path`: to a
/// temporary file beside it, then renamed over it.
llvm::Error writeSafetensors(const std::string &path,
                             const std::vector<SafetensorsEntry> &entries);

} // namespace kiln::detail

#endif // KILN_LIB_FRONTEND_SAFETENSORS_H
