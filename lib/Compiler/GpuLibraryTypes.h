//===- GpuLibraryTypes.h - the types cuBLAS and cuDNN compute ---*- C++ -*-===//

#ifndef KILN_LIB_COMPILER_GPULIBRARYTYPES_H
#define KILN_LIB_COMPILER_GPULIBRARYTYPES_H

#include "kiln/runtime/DType.h"

#include "mlir/IR/Types.h"

#include <optional>

namespace kiln::detail {

/// The DType the runtime's library calls take for `element`: f32 or f64,
/// which the calls hand to cuBLAS and cuDNN; none for other types.
inline std::optional<runtime::DType> gpuLibraryDType(mlir::Type element) {
  if (element.isF32())
    return runtime::DType::f32;
  if (element.isF64())
    return runtime::DType::f64;
  return std::nullopt;
}

} // namespace kiln::detail

#endif // KILN_LIB_COMPILER_GPULIBRARYTYPES_H
