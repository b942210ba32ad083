//===- Pipelines.cpp - kiln's CPU and GPU pass pipelines ------------------===//

#include "kiln/Compiler/Pipelines.h"

#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/raw_ostream.h"

namespace {

/// Appends textual `pipeline` to `pm`. The texts are fixed, so a parse error
/// is a bug in kiln, not in the user's input.
void appendPipeline(mlir::OpPassManager &pm, llvm::StringRef pipeline) {
  std::string errors;
  llvm::raw_string_ostream os(errors);
  if (mlir::failed(mlir::parsePassPipeline(pipeline, pm, os)))
    llvm::report_fatal_error(llvm::Twine("invalid kiln pipeline: ") + errors);
}

} // namespace

// Gradients first: kiln-autodiff derives the `_grad` functions that calls
// refer to, and inlining brings them into the entry point.
constexpr const char *kDifferentiate =
    "kiln-autodiff,inline,symbol-dce,canonicalize,cse,";
constexpr const char *kToLinalg =
    "convert-kiln-to-linalg,kiln-fuse-elementwise,canonicalize,cse";
// On the GPU, cuDNN takes convolutions and pooling before they are lowered,
// and elementwise results are recomputed by their readers rather than go
// through device memory.
constexpr const char *kToGpuLinalg =
    "kiln-gpu-dnn-calls,convert-kiln-to-linalg,"
    "kiln-fuse-elementwise{recompute=1},canonicalize,cse";

static std::string kilnToLinalgText() {
  return std::string(kDifferentiate) + kToLinalg;
}

static std::string kilnToGpuLinalgText() {
  return std::string(kDifferentiate) + kToGpuLinalg;
}

void kiln::buildKilnToLinalgPipeline(mlir::OpPassManager &pm) {
  appendPipeline(pm, kilnToLinalgText());
}

void kiln::buildKilnToGpuLinalgPipeline(mlir::OpPassManager &pm) {
  appendPipeline(pm, kilnToGpuLinalgText());
}

// Both targets bufferize alike: results are computed straight into buffers
// the runtime owns, and inputs are never written.
constexpr const char *kBufferize =
    "kiln-results-to-destinations,eliminate-empty-tensors,"
    "one-shot-bufferize{bufferize-function-boundaries=1 "
    "function-boundary-type-conversion=identity-layout-map},"
    "kiln-drop-destination-results,"
    "canonicalize,buffer-deallocation-pipeline";

constexpr const char *kCpuTiling =
    "func.func(kiln-cpu-tile-and-vectorize,kiln-cpu-fuse-rows,"
    "kiln-cpu-interchange-window-loops,kiln-cpu-vectorize-transposes),"
    "canonicalize,"
    "cse";
// The OpenMP lowering needs memref.alloca_scope lowered (by
// finalize-memref-to-llvm) before scf-to-cf splits loop bodies into blocks.
// Vector transfers unroll into 1-D loads and stores: left as loops over a
// stack temporary, they would grow the stack on every iteration of the
// loops around them unless LLVM happened to unroll those loops.
// Buffers come from aligned_alloc: malloc's pointer, aligned by integer
// arithmetic, loses the provenance that tells LLVM two buffers do not
// alias, and loops reading one buffer while writing another stay scalar.
constexpr const char *kBuffersToParallelLoops =
    "func.func(kiln-free-block-temporaries,kiln-flatten-empty-arguments),"
    "kiln-lower-strided-copies,"
    "scf-forall-to-parallel,convert-linalg-to-parallel-loops,"
    "func.func(kiln-cpu-split-parallel-loops),"
    "convert-vector-to-scf{full-unroll=1},convert-scf-to-openmp,"
    "kiln-cpu-partition-worksharing-loops,";
constexpr const char *kParallelLoopsToLLVM =
    "func.func(kiln-approximate-math),"
    "expand-strided-metadata,lower-affine,"
    "finalize-memref-to-llvm{use-aligned-alloc=1},"
    "convert-scf-to-cf,convert-math-to-llvm,convert-math-to-libm,"
    "convert-vector-to-llvm,convert-arith-to-llvm,"
    "convert-func-to-llvm{use-bare-ptr-memref-call-conv=1},"
    "convert-openmp-to-llvm,convert-cf-to-llvm,convert-ub-to-llvm,"
    "reconcile-unrealized-casts,"
    "kiln-emit-entry-wrappers";

/// The CPU pipeline after buildKilnToLinalgPipeline, as text.
static std::string linalgToLLVMText(const kiln::CpuTarget &target) {
  std::string text = std::string(kCpuTiling) + "," + kBufferize + "," +
                     kBuffersToParallelLoops;
  if (target.streamMinBytes)
    text += "func.func(kiln-cpu-stream-results{min-bytes=" +
            std::to_string(target.streamMinBytes) + "}),";
  return text + kParallelLoopsToLLVM;
}

void kiln::buildLinalgToLLVMPipeline(mlir::OpPassManager &pm,
                                     const CpuTarget &target) {
  appendPipeline(pm, linalgToLLVMText(target));
}

// Bufferized like the CPU pipeline; then matmuls become cuBLAS calls, every
// other loop nest a kernel, and host allocations device allocations. The
// kernels are outlined, lowered to NVVM and serialized to PTX, which the
// host object embeds; the host code calls the runtime's mgpu* entry points.
// gpu-async-region makes the host's GPU ops asynchronous, the form
// gpu-to-llvm lowers; the runtime puts every stream on kiln's one stream.
// The host function keeps the bare-pointer convention (lowered before
// gpu-to-llvm, which would otherwise claim it); kernels take descriptors.
constexpr const char *kGpuLoops =
    "func.func(kiln-flatten-empty-arguments),kiln-gpu-library-calls,"
    "kiln-lower-strided-copies{all-copies=1},"
    "convert-linalg-to-parallel-loops,canonicalize,"
    "func.func(kiln-gpu-map-loops),kiln-gpu-device-memory,"
    "gpu-kernel-outlining,func.func(gpu-async-region),"
    "lower-affine,convert-scf-to-cf,";

// Kernels are lowered first, so math ops in them become libdevice calls
// rather than LLVM intrinsics NVPTX cannot select.
constexpr const char *kGpuToLLVM =
    "gpu.module(expand-strided-metadata,lower-affine,convert-gpu-to-nvvm,"
    "canonicalize,cse,reconcile-unrealized-casts),"
    "expand-strided-metadata,lower-affine,finalize-memref-to-llvm,"
    "convert-math-to-llvm,convert-arith-to-llvm,convert-index-to-llvm,"
    "convert-func-to-llvm{use-bare-ptr-memref-call-conv=1},"
    "convert-cf-to-llvm,canonicalize,cse,"
    "gpu-to-llvm,reconcile-unrealized-casts,"
    "gpu-module-to-binary{format=isa},"
    "kiln-emit-entry-wrappers";

/// The GPU pipeline after buildKilnToGpuLinalgPipeline, as text.
static std::string linalgToGpuText(const kiln::GpuTarget &target) {
  std::string attach = "nvvm-attach-target{chip=" + target.chip +
                       " features=" + target.features + " O=3";
  if (!target.libdevice.empty())
    attach += " l=" + target.libdevice;
  return std::string(kBufferize) + "," + kGpuLoops + attach + "}," +
         kGpuToLLVM;
}

std::string kiln::gpuPipelineText(const GpuTarget &target) {
  return kilnToGpuLinalgText() + "," + linalgToGpuText(target);
}

void kiln::buildLinalgToGpuPipeline(mlir::OpPassManager &pm,
                                    const GpuTarget &target) {
  appendPipeline(pm, linalgToGpuText(target));
}

void kiln::buildGpuPipeline(mlir::OpPassManager &pm, const GpuTarget &target) {
  buildKilnToGpuLinalgPipeline(pm);
  buildLinalgToGpuPipeline(pm, target);
}

void kiln::buildCpuPipeline(mlir::OpPassManager &pm, const CpuTarget &target) {
  buildKilnToLinalgPipeline(pm);
  buildLinalgToLLVMPipeline(pm, target);
}

std::string kiln::cpuPipelineText(const CpuTarget &target) {
  return kilnToLinalgText() + "," + linalgToLLVMText(target);
}

namespace {
struct CpuPipelineOptions : mlir::PassPipelineOptions<CpuPipelineOptions> {
  Option<uint64_t> streamMinBytes{
      *this, "stream-min-bytes",
      llvm::cl::desc("Store write-only results of at least this many bytes "
                     "nontemporally (x86); 0, never")};
};

struct GpuPipelineOptions
    : mlir::PassPipelineOptions<GpuPipelineOptions> {
  Option<std::string> chip{*this, "chip",
                           llvm::cl::desc("The GPU architecture (sm_XY)"),
                           llvm::cl::init(kiln::GpuTarget().chip)};
  Option<std::string> features{
      *this, "features", llvm::cl::desc("PTX features, such as +ptx80"),
      llvm::cl::init(kiln::GpuTarget().features)};
  Option<std::string> libdevice{
      *this, "libdevice",
      llvm::cl::desc("libdevice.10.bc, for math functions in kernels")};
};
} // namespace

void kiln::registerPipelines() {
  mlir::PassPipelineRegistration<CpuPipelineOptions>(
      "kiln-cpu-pipeline",
      "Compile kiln IR to the LLVM dialect for the host CPU",
      [](mlir::OpPassManager &pm, const CpuPipelineOptions &options) {
        buildCpuPipeline(pm, {options.streamMinBytes});
      });
  mlir::PassPipelineRegistration<GpuPipelineOptions>(
      "kiln-gpu-pipeline",
      "Compile kiln IR to the LLVM dialect for the host, with PTX kernels "
      "for an NVIDIA GPU",
      [](mlir::OpPassManager &pm, const GpuPipelineOptions &options) {
        buildGpuPipeline(pm, {options.chip, options.features,
                              options.libdevice});
      });
}
