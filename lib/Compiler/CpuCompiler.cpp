//===- CpuCompiler.cpp - kiln IR to a program for the host CPU ------------===//

#include "kiln/Compiler/CpuCompiler.h"

#include "HostObject.h"
#include "SourceFingerprint.h"
#include "kiln/Compiler/Pipelines.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/TargetParser/Host.h"

llvm::Expected<kiln::runtime::CpuArtifact>
kiln::compileForCpu(mlir::ModuleOp input, const CpuCompileOptions &options) {
  return detail::compileHostObject(
      input, options, buildKilnToLinalgPipeline, buildLinalgToLLVMPipeline,
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
  return version + "; pipeline " + cpuPipelineText();
}
