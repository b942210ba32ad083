//===- CpuCompiler.cpp - kiln IR to a program for the host CPU ------------===//

#include "kiln/Compiler/CpuCompiler.h"

#include "HostObject.h"
#include "SourceFingerprint.h"
#include "kiln/Compiler/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/TargetParser/Triple.h"

/// The size of CPU 0's last-level cache as Linux reports it (`32768K`), or
/// 32 MiB where it does not.
static uint64_t lastLevelCacheBytes() {
  constexpr uint64_t kUnknown = 32u << 20;
  auto text = llvm::MemoryBuffer::getFile(
      "/sys/devices/system/cpu/cpu0/cache/index3/size", /*IsText=*/true);
  if (!text)
    return kUnknown;
  llvm::StringRef size = (*text)->getBuffer().trim();
  uint64_t kib = 0;
  if (!size.consume_back("K") || size.getAsInteger(10, kib) || kib == 0)
    return kUnknown;
  return kib << 10;
}

kiln::CpuTarget kiln::hostCpuTarget() {
  static const CpuTarget host = [] {
    CpuTarget target;
    // The stores are fenced with x86's sfence. A result of half the cache,
    // written while its inputs are read, has left the cache by the time
    // anything could read it.
    if (llvm::Triple(llvm::sys::getProcessTriple()).isX86())
      target.streamMinBytes = lastLevelCacheBytes() / 2;
    return target;
  }();
  return host;
}

llvm::Expected<kiln::runtime::CpuArtifact>
kiln::compileForCpu(mlir::ModuleOp input, const CpuCompileOptions &options) {
  CpuTarget target = hostCpuTarget();
  return detail::compileHostObject(
      input, options, buildKilnToLinalgPipeline,
      [&](mlir::OpPassManager &pm) { buildLinalgToLLVMPipeline(pm, target); },
      [](llvm::Module &) { return llvm::Error::success(); });
}

std::string kiln::cpuArtifactVersion() {
  std::string version = "kiln " KILN_VERSION
                        " (compiler " KILN_COMPILER_FINGERPRINT
                        "); LLVM " LLVM_VERSION_STRING "; cpu ";
  version += llvm::sys::getHostCPUName();
  std::vector<std::string> features;
  for (const auto &feature : llvm::sys::getHostCPUFeatures())
    if (feature.second)
      features.push_back(feature.first().str());
  llvm::sort(features);
  for (const std::string &feature : features)
    version += " +" + feature;
  return version + "; pipeline " + cpuPipelineText(hostCpuTarget());
}
