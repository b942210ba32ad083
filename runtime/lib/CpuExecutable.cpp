//===- CpuExecutable.cpp - link CPU artifacts with ORC --------------------===//

#include "kiln/runtime/CpuExecutable.h"

#include "llvm/ExecutionEngine/Orc/AbsoluteSymbols.h"
#include "llvm/ExecutionEngine/Orc/ExecutionUtils.h"
#include "llvm/ExecutionEngine/Orc/LLJIT.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/TargetSelect.h"

#include <mutex>

// Compiled programs parallelize with OpenMP; the runtime links LLVM's libomp
// so that the programs' __kmpc_* calls resolve in this process.
extern "C" int omp_get_max_threads(void);

namespace kiln::runtime {

void initializeNativeTarget() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
  });
}

int parallelThreadCount() { return omp_get_max_threads(); }

CpuExecutable::CpuExecutable(CpuArtifact artifact,
                             std::unique_ptr<llvm::orc::LLJIT> jit,
                             EntryFn entry)
    : descriptor(std::move(artifact)), jit(std::move(jit)), entry(entry) {}

CpuExecutable::~CpuExecutable() = default;

llvm::Expected<std::unique_ptr<CpuExecutable>>
CpuExecutable::load(CpuArtifact artifact, const Symbols &extraSymbols) {
  initializeNativeTarget();
  auto jit = llvm::orc::LLJITBuilder().create();
  if (!jit)
    return jit.takeError();
  char prefix = (*jit)->getDataLayout().getGlobalPrefix();
  auto processSymbols =
      llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(prefix);
  if (!processSymbols)
    return processSymbols.takeError();
  llvm::orc::JITDylib &library = (*jit)->getMainJITDylib();
  library.addGenerator(std::move(*processSymbols));
  if (!extraSymbols.empty()) {
    llvm::orc::SymbolMap symbols;
    for (const auto &[name, address] : extraSymbols)
      symbols[(*jit)->mangleAndIntern(name)] = {
          llvm::orc::ExecutorAddr::fromPtr(address),
          llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
    if (llvm::Error error =
            library.define(llvm::orc::absoluteSymbols(std::move(symbols))))
      return std::move(error);
  }

  auto object = llvm::MemoryBuffer::getMemBufferCopy(artifact.object,
                                                     artifact.symbol + ".o");
  if (llvm::Error error = (*jit)->addObjectFile(std::move(object)))
    return std::move(error);
  auto address = (*jit)->lookup(artifact.symbol);
  if (!address)
    return address.takeError();
  auto entry = address->toPtr<EntryFn>();
  if (auto initializer = (*jit)->lookup(artifact.symbol + "_init"))
    initializer->toPtr<void (*)()>()();
  else
    llvm::consumeError(initializer.takeError());
  return std::unique_ptr<CpuExecutable>(
      new CpuExecutable(std::move(artifact), std::move(*jit), entry));
}

void CpuExecutable::call(llvm::ArrayRef<void *> inputs,
                         llvm::ArrayRef<void *> outputs, void *status) const {
  llvm::SmallVector<void *, 16> buffers(inputs.begin(), inputs.end());
  buffers.append(outputs.begin(), outputs.end());
  if (!descriptor.faultSites.empty())
    buffers.push_back(status);
  entry(buffers.data());
}

llvm::Error CpuExecutable::faultError(int32_t status) const {
  if (status == 0)
    return llvm::Error::success();
  size_t site = static_cast<size_t>(status) - 1;
  if (site >= descriptor.faultSites.size())
    return llvm::createStringError("%s reported unknown fault %d",
                                   descriptor.symbol.c_str(), status);
  return llvm::createStringError("index out of range in %s",
                                 descriptor.faultSites[site].c_str());
}

llvm::Error CpuExecutable::checkArity(llvm::ArrayRef<void *> inputs,
                                      llvm::ArrayRef<void *> outputs) const {
  if (inputs.size() != descriptor.inputs.size() ||
      outputs.size() != descriptor.outputs.size())
    return llvm::createStringError(
        "%s takes %zu inputs and %zu outputs, got %zu and %zu",
        descriptor.symbol.c_str(), descriptor.inputs.size(),
        descriptor.outputs.size(), inputs.size(), outputs.size());
  return llvm::Error::success();
}

llvm::Error CpuExecutable::run(llvm::ArrayRef<void *> inputs,
                               llvm::ArrayRef<void *> outputs) const {
  if (llvm::Error error = checkArity(inputs, outputs))
    return error;
  int32_t status = 0;
  call(inputs, outputs, &status);
  return faultError(status);
}

} // namespace kiln::runtime
