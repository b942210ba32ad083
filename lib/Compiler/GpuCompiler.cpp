//===- GpuCompiler.cpp - kiln IR to a host object with PTX kernels --------===//

#include "kiln/Compiler/GpuCompiler.h"

#include "HostObject.h"
#include "kiln/Compiler/Passes.h"
#include "kiln/runtime/GpuLibraryCalls.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <cstdlib>
#include <dlfcn.h>

using namespace mlir;

namespace {

/// The translation of `gpu.binary` loads kernels from global constructors,
/// which a JIT-linked object does not run. They become the entry point's
/// initializer, which the runtime calls once; the destructors, which unload
/// modules the runtime's cache owns, are dropped.
llvm::Error moveConstructorsToInitializer(llvm::Module &module,
                                          const std::string &initializer) {
  llvm::LLVMContext &context = module.getContext();
  auto *fn = llvm::Function::Create(
      llvm::FunctionType::get(llvm::Type::getVoidTy(context), false),
      llvm::GlobalValue::ExternalLinkage, initializer, module);
  llvm::IRBuilder<> builder(llvm::BasicBlock::Create(context, "entry", fn));
  if (auto *ctors = module.getNamedGlobal("llvm.global_ctors")) {
    if (auto *entries =
            llvm::dyn_cast<llvm::ConstantArray>(ctors->getInitializer()))
      for (llvm::Value *entry : entries->operands()) {
        auto *fields = llvm::dyn_cast<llvm::ConstantStruct>(entry);
        auto *constructor =
            fields && fields->getNumOperands() >= 2
                ? llvm::dyn_cast<llvm::Function>(fields->getOperand(1))
                : nullptr;
        if (!constructor)
          return llvm::createStringError(
              "kiln: unexpected global constructor in a GPU program");
        builder.CreateCall(constructor);
      }
    ctors->eraseFromParent();
  }
  if (auto *dtors = module.getNamedGlobal("llvm.global_dtors"))
    dtors->eraseFromParent();
  builder.CreateRetVoid();
  return llvm::Error::success();
}

bool isFile(const std::string &path) {
  return !path.empty() && llvm::sys::fs::is_regular_file(path);
}

} // namespace

std::string kiln::findLibdevice() {
  constexpr const char *kName = "libdevice.10.bc";
  if (const char *explicitPath = std::getenv("KILN_LIBDEVICE"))
    return isFile(explicitPath) ? explicitPath : "";
  std::vector<std::string> candidates;
  Dl_info self;
  if (dladdr(reinterpret_cast<void *>(&findLibdevice), &self) &&
      self.dli_fname) {
    llvm::StringRef folder = llvm::sys::path::parent_path(self.dli_fname);
    candidates.push_back((folder + "/" + kName).str());
  }
  for (const char *variable : {"CUDA_HOME", "CUDA_PATH"})
    if (const char *root = std::getenv(variable))
      candidates.push_back(std::string(root) + "/nvvm/libdevice/" + kName);
  candidates.push_back(std::string("/usr/local/cuda/nvvm/libdevice/") + kName);
  for (const std::string &candidate : candidates)
    if (isFile(candidate))
      return candidate;
  return "";
}

/// A PTX version that knows architecture sm_`arch`: the oldest one in the
/// PTX ISA's table of targets, except sm_90's 8.0, the version run on an
/// H200. Architectures not listed take the newest version LLVM 22 emits.
static const char *ptxVersionFor(int arch) {
  static constexpr std::pair<int, const char *> kFirstPtx[] = {
      {70, "+ptx60"},  {72, "+ptx61"},  {75, "+ptx63"},  {80, "+ptx70"},
      {86, "+ptx71"},  {87, "+ptx74"},  {89, "+ptx78"},  {90, "+ptx80"},
      {100, "+ptx86"}, {101, "+ptx86"}, {103, "+ptx88"}, {120, "+ptx87"},
      {121, "+ptx88"}};
  for (auto [known, version] : kFirstPtx)
    if (known == arch)
      return version;
  return "+ptx88";
}

kiln::GpuTarget kiln::gpuTargetFor(int major, int minor) {
  GpuTarget target;
  int arch = major * 10 + minor;
  target.chip = "sm_" + std::to_string(arch);
  target.features = ptxVersionFor(arch);
  target.libdevice = findLibdevice();
  return target;
}

llvm::Expected<kiln::runtime::CpuArtifact>
kiln::compileForGpu(ModuleOp module, const GpuCompileOptions &options) {
  auto lower = [&](OpPassManager &pm) {
    buildLinalgToGpuPipeline(pm, options.target);
  };
  auto finish = [](llvm::Module &llvmModule) -> llvm::Error {
    for (llvm::Function &fn : llvmModule)
      if (fn.getName().starts_with("_kiln_entry_"))
        return moveConstructorsToInitializer(llvmModule,
                                             (fn.getName() + "_init").str());
    return llvm::createStringError("kiln: the GPU program has no entry point");
  };
  return detail::compileHostObject(module, options,
                                   buildKilnToGpuLinalgPipeline, lower, finish);
}

std::string kiln::gpuArtifactVersion(const GpuTarget &target) {
  return cpuArtifactVersion() + "; gpu " + target.chip + " " +
         target.features + (target.libdevice.empty() ? "" : " libdevice") +
         "; library calls v" +
         std::to_string(kiln::runtime::kGpuLibraryCallsVersion) +
         "; gpu pipeline " + gpuPipelineText(target);
}
