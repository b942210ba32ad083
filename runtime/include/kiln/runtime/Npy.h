//===- Npy.h - numpy .npy files ---------------------------------*- C++ -*-===//

#ifndef KILN_RUNTIME_NPY_H
#define KILN_RUNTIME_NPY_H

#include "kiln/runtime/Artifact.h"
#include "kiln/runtime/HostBuffer.h"

#include "llvm/Support/Error.h"

#include <string>

namespace kiln::runtime {

/// A dense tensor in host memory.
struct HostTensor {
  TensorSpec spec;
  HostBuffer buffer;
};

/// Reads a C-ordered `.npy` file (format versions 1-3). Every field of the
/// header and the data length are checked; a bad file is an error naming it.
llvm::Expected<HostTensor> readNpy(const std::string &path);

/// Writes `data` (laid out as `spec`) to `path` through a temporary file and
/// a rename, so `path` never holds a half-written file.
llvm::Error writeNpy(const std::string &path, const TensorSpec &spec,
                     const void *data);

} // namespace kiln::runtime

#endif // KILN_RUNTIME_NPY_H
