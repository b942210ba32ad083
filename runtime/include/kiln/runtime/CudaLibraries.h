//===- CudaLibraries.h - finding NVIDIA's shared libraries ------*- C++ -*-===//
//
// kiln links no CUDA library: it opens the driver and cuBLAS at run time,
// so it builds and starts on machines without them. This is where it looks.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNTIME_CUDALIBRARIES_H
#define KILN_RUNTIME_CUDALIBRARIES_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace kiln::runtime::cuda {

/// Reads an environment variable; none when it is unset.
using EnvironmentLookup =
    llvm::function_ref<std::optional<std::string>(llvm::StringRef name)>;

/// The process environment, as an EnvironmentLookup.
std::optional<std::string> processEnvironment(llvm::StringRef name);

/// Where to look for `soname`, in order: the soname alone (the system
/// loader's own search), each folder of KILN_CUDA_LIBRARY_PATH
/// (colon-separated), the CUDA toolkit's lib64 under $CUDA_HOME, $CUDA_PATH
/// and /usr/local/cuda, then the `nvidia/*/lib` folders of Python packages
/// (site-packages and dist-packages of every python3* under lib/) in
/// $VIRTUAL_ENV, $CONDA_PREFIX, the prefix of each python3 on $PATH (as
/// found, so that virtual environments count, and with symbolic links
/// resolved), /usr/local and /usr. No path appears twice.
std::vector<std::string> libraryCandidates(llvm::StringRef soname,
                                           EnvironmentLookup getenv);

/// Opens the first library that loads, trying each of `sonames` (most
/// preferred first) at every place libraryCandidates names. The handle is
/// never closed. Fails naming `library` ("the CUDA driver") and every path
/// tried, with the loader's reason.
llvm::Expected<void *> openLibrary(llvm::StringRef library,
                                   llvm::ArrayRef<llvm::StringRef> sonames);

} // namespace kiln::runtime::cuda

#endif // KILN_RUNTIME_CUDALIBRARIES_H
