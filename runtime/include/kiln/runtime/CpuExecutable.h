//===- CpuExecutable.h - load and run CPU artifacts -------------*- C++ -*-===//

#ifndef KILN_RUNTIME_CPUEXECUTABLE_H
#define KILN_RUNTIME_CPUEXECUTABLE_H

#include "kiln/runtime/Artifact.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace llvm::orc {
class LLJIT;
} // namespace llvm::orc

namespace kiln::runtime {

/// A CPU artifact linked into this process with LLVM's ORC JIT linker.
class CpuExecutable {
public:
  /// Functions a program may call besides this process's exported symbols
  /// (the GPU runtime's entry points), by name.
  using Symbols = std::vector<std::pair<std::string, void *>>;

  /// Links `artifact`'s object, resolving its calls against `extraSymbols`
  /// and this process; fails if it does not define its entry symbol or
  /// refers to symbols neither has. When the object defines
  /// `<symbol>_init`, calls it once (GPU programs load their kernels there).
  static llvm::Expected<std::unique_ptr<CpuExecutable>>
  load(CpuArtifact artifact, const Symbols &extraSymbols = {});
  ~CpuExecutable();

  /// Runs the program on caller-owned buffers laid out as the artifact's
  /// descriptor says. Fails, naming the op, when the program reports bad data.
  llvm::Error run(llvm::ArrayRef<void *> inputs,
                  llvm::ArrayRef<void *> outputs) const;

  /// Calls the program on `inputs` and `outputs` with its fault status
  /// written to `status` (an int32 in the memory the program runs on), when
  /// the artifact has fault sites.
  void call(llvm::ArrayRef<void *> inputs, llvm::ArrayRef<void *> outputs,
            void *status) const;

  /// The error a nonzero fault status reports, naming the op.
  llvm::Error faultError(int32_t status) const;

  /// Fails unless there are as many inputs and outputs as the descriptor
  /// lists.
  llvm::Error checkArity(llvm::ArrayRef<void *> inputs,
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
