//===- Artifact.h - what the compiler hands the runtime ---------*- C++ -*-===//
//
// The compiler's product for the CPU: a relocatable object plus a descriptor
// of its entry point. The runtime loads it without MLIR; the disk cache stores
// exactly this.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNTIME_ARTIFACT_H
#define KILN_RUNTIME_ARTIFACT_H

#include "kiln/runtime/DType.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kiln::runtime {

/// The type of one argument or result: a dense row-major tensor.
struct TensorSpec {
  DType dtype = DType::f32;
  std::vector<int64_t> shape;

  int64_t numel() const;
  size_t byteSize() const;
  /// `tensor<2x3xf32>`, as kiln IR spells the type.
  std::string str() const;
  bool operator==(const TensorSpec &) const = default;
};

/// A compiled CPU program.
///
/// The object defines `symbol` as `void symbol(void **buffers)`, where
/// `buffers` holds one pointer per input, then one per output, then, when
/// `faultSites` is not empty, one to an i32 status that the program sets to 0
/// on success or to the 1-based position in `faultSites` of the op that found
/// bad data (an index out of range). A GPU program is an artifact of the same
/// form whose buffers are device memory; its object also defines
/// `void <symbol>_init()`, which loads its kernels.
struct CpuArtifact {
  std::string symbol;
  std::vector<TensorSpec> inputs;
  std::vector<TensorSpec> outputs;
  std::vector<std::string> faultSites;
  std::string object;
};

} // namespace kiln::runtime

#endif // KILN_RUNTIME_ARTIFACT_H
