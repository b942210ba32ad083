//===- HostObject.cpp - kiln IR to a relocatable object for the host ------===//

#include "HostObject.h"
#include "NontemporalStores.h"


#include "kiln/Compiler/Passes.h"
#include "kiln/Compiler/Pipelines.h"
#include "kiln/runtime/CpuExecutable.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Target/LLVMIR/Export.h"
#include "llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h"
#include "llvm/IR/LegacyPassManager.h"
#include "llvm/IR/Module.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Host.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Target/TargetMachine.h"


using namespace mlir;

namespace {

/// Collects the diagnostics emitted while it lives, to return them in errors.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(MLIRContext *context)
      : os(text), handler(context, [this](Diagnostic &diag) {
          os << diag.getLocation() << ": " << diag << "\n";
          for (Diagnostic &note : diag.getNotes())
            os << "  note: " << note << "\n";
          return success();
        }) {}

  llvm::Error error(const llvm::Twine &what) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   what + (text.empty() ? "" : ":\n") + text);
  }

private:
  std::string text;
  llvm::raw_string_ostream os;
  ScopedDiagnosticHandler handler;
};

llvm::Expected<kiln::runtime::TensorSpec> specOf(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  std::string spelled;
  llvm::raw_string_ostream os(spelled);
  if (tensor)
    tensor.getElementType().print(os);
  auto dtype = kiln::runtime::dtypeFromIRName(spelled);
  if (!tensor || !tensor.hasStaticShape() || !dtype) {
    std::string text;
    llvm::raw_string_ostream typeText(text);
    type.print(typeText);
    return llvm::createStringError(
        "kiln programs take and return statically shaped tensors of f32, f64, "
        "f16, bf16, i64, i32 or i1; got " +
        text);
  }
  ArrayRef<int64_t> shape = tensor.getShape();
  return kiln::runtime::TensorSpec{*dtype, {shape.begin(), shape.end()}};
}

llvm::Expected<func::FuncOp> findEntry(ModuleOp module,
                                       llvm::StringRef entry) {
  if (!entry.empty()) {
    if (auto fn = module.lookupSymbol<func::FuncOp>(entry))
      if (!fn.isExternal())
        return fn;
    return llvm::createStringError("no function named '" + entry +
                                   "' to compile");
  }
  func::FuncOp found;
  for (auto fn : module.getOps<func::FuncOp>()) {
    if (fn.isExternal() || fn.isPrivate())
      continue;
    if (found)
      return llvm::createStringError(
          "the module has several public functions; name the entry");
    found = fn;
  }
  if (!found)
    return llvm::createStringError("the module has no function to compile");
  return found;
}

/// Fills the artifact's descriptor from the entry's signature on tensors,
/// where the conversion to linalg has appended the fault status (if any).
llvm::Error describeEntry(func::FuncOp fn, kiln::runtime::CpuArtifact &artifact) {
  artifact.symbol = kiln::entryWrapperName(fn.getName());
  for (Type type : fn.getArgumentTypes()) {
    auto spec = specOf(type);
    if (!spec)
      return spec.takeError();
    artifact.inputs.push_back(std::move(*spec));
  }
  ArrayRef<Type> results = fn.getResultTypes();
  if (auto sites = fn->getAttrOfType<ArrayAttr>("kiln.fault_sites")) {
    for (auto site : sites.getAsValueRange<StringAttr>())
      artifact.faultSites.push_back(site.str());
    results = results.drop_back();
  }
  for (Type type : results) {
    auto spec = specOf(type);
    if (!spec)
      return spec.takeError();
    artifact.outputs.push_back(std::move(*spec));
  }
  return llvm::Error::success();
}

/// Writes `printable` to `path`; a dump that cannot be written is reported
/// and does not fail the compilation.
template <typename T> void dumpTo(const std::string &path, const T &printable) {
  std::error_code error;
  llvm::raw_fd_ostream os(path, error);
  if (error) {
    llvm::errs() << "kiln: warning: cannot write " << path << ": "
                 << error.message() << "\n";
    return;
  }
  os << printable << "\n";
}

llvm::Expected<std::unique_ptr<llvm::TargetMachine>> hostTargetMachine() {
  kiln::runtime::initializeNativeTarget();
  auto builder = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!builder)
    return builder.takeError();
  builder->setCodeGenOptLevel(llvm::CodeGenOptLevel::Aggressive);
  builder->setRelocationModel(llvm::Reloc::PIC_);
  return builder->createTargetMachine();
}

/// LLVM's -O3 without its loop unrolling. Vectorization and interleaving
/// stay; unrolling is done where it pays, on MLIR's register tiles. Fully
/// unrolled row loops (16 rows of 64 vectors in a softmax block) ran slower
/// out of the instruction cache, short output rows unrolled away left LLVM
/// to vectorize the loop around them with gathers and scatters, and the code
/// took longer to generate. Nontemporal stores are hidden from the loop
/// vectorizer, which would leave their loops scalar.
void optimize(llvm::Module &module, llvm::TargetMachine *targetMachine) {
  llvm::PipelineTuningOptions tuning;
  tuning.LoopUnrolling = false;
  tuning.LoopInterleaving = true;
  tuning.LoopVectorization = true;
  tuning.SLPVectorization = true;
  llvm::LoopAnalysisManager loops;
  llvm::FunctionAnalysisManager functions;
  llvm::CGSCCAnalysisManager sccs;
  llvm::ModuleAnalysisManager modules;
  llvm::PassBuilder builder(targetMachine, tuning);
  builder.registerModuleAnalyses(modules);
  builder.registerCGSCCAnalyses(sccs);
  builder.registerFunctionAnalyses(functions);
  builder.registerLoopAnalyses(loops);
  builder.crossRegisterProxies(loops, functions, sccs, modules);
  kiln::detail::prepareNontemporalStores(module);
  builder.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3)
      .run(module, modules);
  kiln::detail::restoreNontemporalStores(module);
}

llvm::Error runStage(ModuleOp module, DiagnosticCollector &diagnostics,
                     const kiln::CpuCompileOptions &options,
                     llvm::StringRef stage,
                     llvm::function_ref<void(OpPassManager &)> build) {
  PassManager pm(module->getContext(), ModuleOp::getOperationName());
  build(pm);
  llvm::raw_ostream &irStream = options.irStream ? *options.irStream : llvm::errs();
  if (options.printIRAfterAll) {
    module->getContext()->disableMultithreading();
    pm.enableIRPrinting(
        [](Pass *, Operation *) { return false; },
        [](Pass *, Operation *) { return true; },
        /*printModuleScope=*/true, /*printAfterOnlyOnChange=*/false,
        /*printAfterOnlyOnFailure=*/false, irStream);
  }
  if (failed(pm.run(module)))
    return diagnostics.error("kiln: " + stage + " failed");
  if (options.printStages)
    irStream << "// ----- kiln: after " << stage << " -----\n"
             << *module << "\n";
  return llvm::Error::success();
}

} // namespace

llvm::Expected<kiln::runtime::CpuArtifact> kiln::detail::compileHostObject(
    ModuleOp input, const CpuCompileOptions &options,
    llvm::function_ref<void(OpPassManager &)> lowerToLinalg,
    llvm::function_ref<void(OpPassManager &)> lowerToLLVM,
    llvm::function_ref<llvm::Error(llvm::Module &)> finishModule) {
  OwningOpRef<ModuleOp> module(input.clone());
  DiagnosticCollector diagnostics(module->getContext());
  llvm::raw_ostream &irStream = options.irStream ? *options.irStream : llvm::errs();
  if (options.printStages)
    irStream << "// ----- kiln: input -----\n" << *module << "\n";
  bool dump = !options.dumpPrefix.empty();
  // Written first: a failing compilation is when the input is wanted.
  if (dump)
    dumpTo(options.dumpPrefix + ".kiln.mlir", input);

  kiln::runtime::CpuArtifact artifact;
  auto entry = findEntry(*module, options.entry);
  if (!entry)
    return entry.takeError();
  std::string entryName = entry->getName().str();
  // Other entry points of the module are compiled when they are asked for.
  for (auto fn : llvm::make_early_inc_range(module->getOps<func::FuncOp>()))
    if (fn != *entry && fn.isPublic() &&
        SymbolTable::symbolKnownUseEmpty(fn, *module))
      fn.erase();
  if (llvm::Error error = runStage(*module, diagnostics, options,
                                   "kiln-to-linalg", lowerToLinalg))
    return std::move(error);
  auto lowered = module->lookupSymbol<func::FuncOp>(entryName);
  if (dump)
    dumpTo(options.dumpPrefix + ".linalg.mlir", *module);
  if (llvm::Error error = describeEntry(lowered, artifact))
    return std::move(error);
  if (llvm::Error error = runStage(*module, diagnostics, options,
                                   "linalg-to-llvm", lowerToLLVM))
    return std::move(error);

  auto targetMachine = hostTargetMachine();
  if (!targetMachine)
    return targetMachine.takeError();
  llvm::LLVMContext llvmContext;
  auto llvmModule = translateModuleToLLVMIR(*module, llvmContext, entryName);
  if (!llvmModule)
    return diagnostics.error("kiln: translation to LLVM IR failed");
  if (llvm::Error error = finishModule(*llvmModule))
    return std::move(error);
  llvmModule->setDataLayout((*targetMachine)->createDataLayout());
  llvmModule->setTargetTriple((*targetMachine)->getTargetTriple());
  optimize(*llvmModule, targetMachine->get());
  if (options.printStages)
    irStream << "; ----- kiln: optimized LLVM IR -----\n" << *llvmModule << "\n";
  if (dump)
    dumpTo(options.dumpPrefix + ".ll", *llvmModule);

  llvm::SmallVector<char, 0> object;
  llvm::raw_svector_ostream objectStream(object);
  llvm::legacy::PassManager codegen;
  if ((*targetMachine)
          ->addPassesToEmitFile(codegen, objectStream, nullptr,
                                llvm::CodeGenFileType::ObjectFile))
    return llvm::createStringError("kiln: the host target cannot emit objects");
  codegen.run(*llvmModule);
  artifact.object.assign(object.begin(), object.end());
  return artifact;
}

