//===- CpuExecutable.h - load and run CPU artifacts -------------*- C++ -*-===//

#ifndef KILN_RUNTIME_CPUEXECUTABLE_H
#define KILN_RUNTIME_CPUEXECUTABLE_H

#include "kiln/runtime/Artifact.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <memory>

namespace llvm::orc {
class LLJIT;
} // namespace llvm::orc

namespace kiln::runtime {

/// A CPU artifact linked into this process with LLVM's ORC JIT linker.
class CpuExecutable {
public:
  /// Links `artifact`'s object; fails if it does not define its entry symbol
  /// or refers to symbols this process lacks.
  static llvm::Expected<std::unique_ptr<CpuExecutable>>
  load(CpuArtifact artifact);
  ~CpuExecutable();

  /// Runs the program on caller-owned buffers laid out as the artifact's
  /// descriptor says. Fails, naming the op, when the program reports bad data.
  llvm::Error run(llvm::ArrayRef<void *> inputs,
                  llvm::ArrayRef<void *> outputs) const;

  const CpuArtifact &artifact() const { return descriptor; }

private:
  using EntryFn = void (*)(void **);
  CpuExecutable(CpuArtifact artifact, std::unique_ptr<llvm::orc::LLJIT> jit,
                EntryFn entry);

  CpuArtifact descriptor;
  std::unique_ptr<llvm::orc::LLJIT> jit;
  EntryFn entry;
};

/// Initializes LLVM's native target and its assembly printer, once: the
/// compiler and the runtime's linker both need them.
void initializeNativeTarget();

/// The number of threads compiled programs run their parallel loops on.
int parallelThreadCount();

} // namespace kiln::runtime

#endif // KILN_RUNTIME_CPUEXECUTABLE_H
