//===- CompilerTest.cpp - the compiler API and running its artifacts -----===//

#include "kiln/Compiler/CpuCompiler.h"
#include "kiln/Compiler/GpuCompiler.h"
#include "kiln/Compiler/InitAll.h"
#include "kiln/runtime/CpuExecutable.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

class CompilerTest : public ::testing::Test {
protected:
  CompilerTest() {
    mlir::DialectRegistry registry;
    kiln::registerAllDialects(registry);
    kiln::registerAllPasses();
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
    // Parse errors are checked through the returned module, not printed.
    context.getDiagEngine().registerHandler(
        [](mlir::Diagnostic &) { return mlir::success(); });
  }

  mlir::OwningOpRef<mlir::ModuleOp> parse(const char *source) {
    return mlir::parseSourceString<mlir::ModuleOp>(source, &context);
  }

  mlir::MLIRContext context;
};

constexpr const char *kAxpy = R"mlir(
  func.func @axpy(%a: tensor<f32>, %x: tensor<4xf32>, %y: tensor<4xf32>)
      -> (tensor<4xf32>, tensor<4xf32>) {
    %ab = kiln.broadcast %a dims = [] : tensor<f32> -> tensor<4xf32>
    %ax = kiln.mul %ab, %x : tensor<4xf32>
    %r = kiln.add %ax, %y : tensor<4xf32>
    return %r, %x : tensor<4xf32>, tensor<4xf32>
  })mlir";

TEST_F(CompilerTest, ArtifactDescribesAndComputes) {
  auto module = parse(kAxpy);
  ASSERT_TRUE(module);
  auto artifact = kiln::compileForCpu(*module);
  ASSERT_TRUE(static_cast<bool>(artifact)) << llvm::toString(artifact.takeError());
  using kiln::runtime::DType;
  using kiln::runtime::TensorSpec;
  EXPECT_EQ(artifact->inputs,
            (std::vector<TensorSpec>{{DType::f32, {}}, {DType::f32, {4}},
                                     {DType::f32, {4}}}));
  EXPECT_EQ(artifact->outputs, (std::vector<TensorSpec>{{DType::f32, {4}},
                                                        {DType::f32, {4}}}));
  EXPECT_TRUE(artifact->faultSites.empty());
  EXPECT_FALSE(artifact->object.empty());

  auto executable = kiln::runtime::CpuExecutable::load(std::move(*artifact));
  ASSERT_TRUE(static_cast<bool>(executable))
      << llvm::toString(executable.takeError());
  float a = 2, x[4] = {1, 2, 3, 4}, y[4] = {10, 20, 30, 40}, r[4], copy[4];
  ASSERT_FALSE(llvm::errorToBool((*executable)->run({&a, x, y}, {r, copy})));
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(r[i], a * x[i] + y[i]);
    EXPECT_EQ(copy[i], x[i]);
  }
  // A scalar that changes at run time is an argument: same program, new value.
  a = -1;
  ASSERT_FALSE(llvm::errorToBool((*executable)->run({&a, x, y}, {r, copy})));
  EXPECT_EQ(r[3], 36);
}

TEST_F(CompilerTest, WrongBufferCountIsAnError) {
  auto module = parse(kAxpy);
  auto artifact = kiln::compileForCpu(*module);
  ASSERT_TRUE(static_cast<bool>(artifact));
  auto executable = kiln::runtime::CpuExecutable::load(std::move(*artifact));
  ASSERT_TRUE(static_cast<bool>(executable));
  float a = 0;
  llvm::Error error = (*executable)->run({&a}, {});
  ASSERT_TRUE(static_cast<bool>(error));
  EXPECT_NE(llvm::toString(std::move(error)).find("takes 3 inputs and 2 outputs"),
            std::string::npos);
}

TEST_F(CompilerTest, UnsupportedSignatureIsAnErrorNotACrash) {
  auto module = parse(R"mlir(
    func.func @f(%x: tensor<4xi8>) -> tensor<4xi8> {
      return %x : tensor<4xi8>
    })mlir");
  ASSERT_TRUE(module);
  auto artifact = kiln::compileForCpu(*module);
  ASSERT_FALSE(static_cast<bool>(artifact));
  EXPECT_NE(llvm::toString(artifact.takeError()).find("tensor<4xi8>"),
            std::string::npos);
}

TEST_F(CompilerTest, AmbiguousOrMissingEntryIsAnError) {
  auto module = parse(R"mlir(
    func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> { return %x : tensor<4xf32> }
    func.func @g(%x: tensor<4xf32>) -> tensor<4xf32> { return %x : tensor<4xf32> }
  )mlir");
  ASSERT_TRUE(module);
  auto ambiguous = kiln::compileForCpu(*module);
  ASSERT_FALSE(static_cast<bool>(ambiguous));
  EXPECT_NE(llvm::toString(ambiguous.takeError()).find("several public"),
            std::string::npos);
  kiln::CpuCompileOptions options;
  options.entry = "h";
  auto missing = kiln::compileForCpu(*module, options);
  ASSERT_FALSE(static_cast<bool>(missing));
  EXPECT_NE(llvm::toString(missing.takeError()).find("no function named 'h'"),
            std::string::npos);
  options.entry = "g";
  auto chosen = kiln::compileForCpu(*module, options);
  EXPECT_TRUE(static_cast<bool>(chosen)) << llvm::toString(chosen.takeError());
}

TEST_F(CompilerTest, PipelineFailureCarriesDiagnostics) {
  // An unregistered op survives parsing with allowUnregisteredDialects but
  // cannot be lowered; the error must carry the pipeline's diagnostic.
  context.allowUnregisteredDialects();
  auto module = parse(R"mlir(
    func.func @f(%x: tensor<4xf32>) -> tensor<4xf32> {
      %0 = "mystery.op"(%x) : (tensor<4xf32>) -> tensor<4xf32>
      return %0 : tensor<4xf32>
    })mlir");
  ASSERT_TRUE(module);
  auto artifact = kiln::compileForCpu(*module);
  ASSERT_FALSE(static_cast<bool>(artifact));
  std::string message = llvm::toString(artifact.takeError());
  EXPECT_NE(message.find("failed"), std::string::npos) << message;
  EXPECT_NE(message.find("mystery.op"), std::string::npos) << message;
}

// A result of at least the host's streaming size is stored nontemporally
// where its buffer is aligned, and by ordinary stores where it is not; both
// hold every element. Hosts that do not stream (not x86) skip.
TEST_F(CompilerTest, LargeResultsStreamWhereAligned) {
  uint64_t minBytes = kiln::hostCpuTarget().streamMinBytes;
  if (minBytes == 0)
    GTEST_SKIP() << "this host does not store results nontemporally";
  constexpr int64_t kColumns = 1024;
  int64_t rows = llvm::divideCeil(minBytes, kColumns * sizeof(float));
  std::string shape =
      "tensor<" + std::to_string(rows) + "x" + std::to_string(kColumns) +
      "xf32>";
  std::string source = "func.func @square_plus_one(%x: " + shape + ") -> " +
                       shape + " {\n  %0 = kiln.mul %x, %x : " + shape +
                       "\n  %one = kiln.constant dense<1.0> : " + shape +
                       "\n  %1 = kiln.add %0, %one : " + shape +
                       "\n  return %1 : " + shape + "\n}";
  auto module = parse(source.c_str());
  ASSERT_TRUE(module);
  std::string stages;
  llvm::raw_string_ostream stream(stages);
  kiln::CpuCompileOptions options;
  options.printStages = true;
  options.irStream = &stream;
  auto artifact = kiln::compileForCpu(*module, options);
  ASSERT_TRUE(static_cast<bool>(artifact))
      << llvm::toString(artifact.takeError());
  size_t optimized = stages.find("optimized LLVM IR");
  ASSERT_NE(optimized, std::string::npos);
  EXPECT_NE(stages.find("align 64, !nontemporal", optimized),
            std::string::npos);
  EXPECT_NE(stages.find("llvm.x86.sse.sfence", optimized), std::string::npos);

  auto executable = kiln::runtime::CpuExecutable::load(std::move(*artifact));
  ASSERT_TRUE(static_cast<bool>(executable))
      << llvm::toString(executable.takeError());
  size_t count = rows * kColumns;
  std::vector<float> x(count);
  for (size_t i = 0; i < count; ++i)
    x[i] = static_cast<float>(i % 2047) - 1023;
  // One float past a 64-byte boundary: the loops take their ordinary copy.
  for (size_t misalignment : {size_t(0), size_t(1)}) {
    size_t bytes = (count + 16) * sizeof(float);
    float *block = static_cast<float *>(std::aligned_alloc(64, bytes));
    float *out = block + misalignment;
    std::fill(out, out + count, -1.0f);
    ASSERT_FALSE(llvm::errorToBool((*executable)->run({x.data()}, {out})));
    size_t wrong = 0;
    for (size_t i = 0; i < count; ++i)
      wrong += out[i] != x[i] * x[i] + 1;
    EXPECT_EQ(wrong, 0u) << "misaligned by " << misalignment << " floats";
    std::free(block);
  }
}

TEST_F(CompilerTest, InputModuleIsLeftUnchanged) {
  auto module = parse(kAxpy);
  std::string before;
  llvm::raw_string_ostream(before) << *module;
  ASSERT_TRUE(static_cast<bool>(kiln::compileForCpu(*module)));
  std::string after;
  llvm::raw_string_ostream(after) << *module;
  EXPECT_EQ(before, after);
}

// Cached programs are keyed by a version that names this build's compiler
// (a hash of its sources), its LLVM, the CPU and the pipeline: a program
// compiled by another build is never loaded.
TEST_F(CompilerTest, ArtifactVersionNamesCompilerBuildCpuAndPipeline) {
  std::string version = kiln::cpuArtifactVersion();
  size_t compiler = version.find("(compiler ");
  ASSERT_NE(compiler, std::string::npos) << version;
  // 16 hex digits of a hash, then ")".
  std::string fingerprint = version.substr(compiler + 10, 17);
  EXPECT_EQ(fingerprint.back(), ')') << version;
  fingerprint.pop_back();
  EXPECT_EQ(fingerprint.find_first_not_of("0123456789abcdef"),
            std::string::npos)
      << version;
  EXPECT_NE(version.find("; LLVM "), std::string::npos) << version;
  EXPECT_NE(version.find("; cpu "), std::string::npos) << version;
  EXPECT_NE(version.find("; pipeline " +
                         kiln::cpuPipelineText(kiln::hostCpuTarget())),
            std::string::npos)
      << version;
}

} // namespace

namespace {

/// What a GPU program asked of the runtime, recorded by stand-in entry
/// points: the program runs its host code here, without a GPU.
struct GpuCalls {
  std::vector<std::string> modules;
  int launches = 0, matmuls = 0, allocations = 0, frees = 0;
  /// Each library call: its kind, dtype, buffers and geometry.
  struct LibraryCall {
    intptr_t kind, dtype;
    std::vector<void *> buffers;
    std::vector<intptr_t> geometry;
  };
  std::vector<LibraryCall> convolutions, poolings;
};
GpuCalls gpuCalls;

extern "C" void *fakeModuleLoadJIT(void *ptx, int) {
  gpuCalls.modules.push_back(static_cast<const char *>(ptx));
  return &gpuCalls;
}
extern "C" void *fakeGetFunction(void *, const char *) { return &gpuCalls; }
extern "C" void *fakeStreamCreate() { return &gpuCalls; }
extern "C" void fakeStreamNoOp(void *) {}
extern "C" void fakeLaunch(void *, intptr_t, intptr_t, intptr_t, intptr_t,
                           intptr_t, intptr_t, int32_t, void *, void **,
                           void **, size_t) {
  ++gpuCalls.launches;
}
extern "C" void *fakeMemAlloc(uint64_t bytes, void *, bool) {
  ++gpuCalls.allocations;
  return std::malloc(bytes);
}
extern "C" void fakeMemFree(void *ptr, void *) {
  ++gpuCalls.frees;
  std::free(ptr);
}
extern "C" void fakeMatmul(intptr_t, intptr_t, intptr_t, intptr_t, intptr_t,
                           intptr_t, intptr_t, intptr_t, intptr_t, intptr_t,
                           intptr_t, intptr_t, intptr_t, intptr_t, intptr_t,
                           intptr_t, intptr_t, intptr_t, intptr_t, intptr_t) {
  ++gpuCalls.matmuls;
}
extern "C" void fakeConvolution(intptr_t kind, intptr_t dtype, void *x,
                                void *w, void *y, intptr_t n, intptr_t c,
                                intptr_t h, intptr_t width, intptr_t f,
                                intptr_t kh, intptr_t kw, intptr_t oh,
                                intptr_t ow, intptr_t padH, intptr_t padW,
                                intptr_t strideH, intptr_t strideW,
                                intptr_t dilationH, intptr_t dilationW,
                                intptr_t groups) {
  gpuCalls.convolutions.push_back(
      {kind,
       dtype,
       {x, w, y},
       {n, c, h, width, f, kh, kw, oh, ow, padH, padW, strideH, strideW,
        dilationH, dilationW, groups}});
}
extern "C" void fakePooling(intptr_t kind, intptr_t dtype, void *x, void *y,
                            intptr_t n, intptr_t c, intptr_t h, intptr_t w,
                            intptr_t oh, intptr_t ow, intptr_t kh, intptr_t kw,
                            intptr_t padH, intptr_t padW, intptr_t strideH,
                            intptr_t strideW) {
  gpuCalls.poolings.push_back(
      {kind,
       dtype,
       {x, y},
       {n, c, h, w, oh, ow, kh, kw, padH, padW, strideH, strideW}});
}

/// The stand-ins for every runtime function GPU programs call.
kiln::runtime::CpuExecutable::Symbols fakeEntryPoints() {
  return {
      {"mgpuModuleLoadJIT", reinterpret_cast<void *>(&fakeModuleLoadJIT)},
      {"mgpuModuleUnload", reinterpret_cast<void *>(&fakeStreamNoOp)},
      {"mgpuModuleGetFunction", reinterpret_cast<void *>(&fakeGetFunction)},
      {"mgpuStreamCreate", reinterpret_cast<void *>(&fakeStreamCreate)},
      {"mgpuStreamSynchronize", reinterpret_cast<void *>(&fakeStreamNoOp)},
      {"mgpuStreamDestroy", reinterpret_cast<void *>(&fakeStreamNoOp)},
      {"mgpuLaunchKernel", reinterpret_cast<void *>(&fakeLaunch)},
      {"mgpuMemAlloc", reinterpret_cast<void *>(&fakeMemAlloc)},
      {"mgpuMemFree", reinterpret_cast<void *>(&fakeMemFree)},
      {"kiln_gpu_matmul", reinterpret_cast<void *>(&fakeMatmul)},
      {"kiln_gpu_convolution", reinterpret_cast<void *>(&fakeConvolution)},
      {"kiln_gpu_pooling", reinterpret_cast<void *>(&fakePooling)}};
}

/// Compiles programs for sm_90 and runs their host code on the stand-ins.
class GpuCompilerTest : public CompilerTest {
protected:
  /// `source` compiled and loaded, with the recorded calls cleared; null,
  /// after reporting why, when either fails.
  std::unique_ptr<kiln::runtime::CpuExecutable> load(const char *source) {
    auto module = parse(source);
    EXPECT_TRUE(module);
    if (!module)
      return nullptr;
    options.target = kiln::gpuTargetFor(9, 0);
    auto artifact = kiln::compileForGpu(*module, options);
    if (!artifact) {
      ADD_FAILURE() << llvm::toString(artifact.takeError());
      return nullptr;
    }
    gpuCalls = {};
    auto program =
        kiln::runtime::CpuExecutable::load(*artifact, fakeEntryPoints());
    if (!program) {
      ADD_FAILURE() << llvm::toString(program.takeError());
      return nullptr;
    }
    return std::move(*program);
  }

  kiln::GpuCompileOptions options;
};

TEST_F(GpuCompilerTest, GpuProgramLoadsPtxAndLaunchesKernels) {
  auto program = load(R"mlir(
    func.func @layer(%x: tensor<8x16xf32>, %w: tensor<16x4xf32>)
        -> tensor<8x4xf32> {
      %0 = kiln.matmul %x, %w : tensor<8x16xf32>, tensor<16x4xf32>
          -> tensor<8x4xf32>
      %1 = kiln.exp %0 : tensor<8x4xf32>
      %2 = kiln.add %1, %0 : tensor<8x4xf32>
      return %2 : tensor<8x4xf32>
    })mlir");
  ASSERT_TRUE(program);
  // Loading ran the initializer: one PTX module per kernel, for sm_90.
  ASSERT_FALSE(gpuCalls.modules.empty());
  for (const std::string &ptx : gpuCalls.modules) {
    EXPECT_NE(ptx.find(".target sm_90"), std::string::npos);
    EXPECT_NE(ptx.find(".visible .entry"), std::string::npos);
    if (!options.target.libdevice.empty()) {
      EXPECT_EQ(ptx.find(".extern .func"), std::string::npos)
          << "libdevice was not linked:\n" << ptx;
    }
  }
  std::vector<float> x(8 * 16), w(16 * 4), out(8 * 4);
  ASSERT_FALSE(static_cast<bool>(
      program->run({x.data(), w.data()}, {out.data()})));
  EXPECT_EQ(gpuCalls.matmuls, 1);
  EXPECT_GE(gpuCalls.launches, 1);
  EXPECT_EQ(gpuCalls.allocations, gpuCalls.frees);
}

/// Convolutions and pooling reach cuDNN's entry points with the buffers in
/// the order the runtime reads them and the geometry from the ops.
TEST_F(GpuCompilerTest, GpuProgramCallsCudnnForConvolutionAndPooling) {
  auto program = load(R"mlir(
    func.func @features(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>)
        -> tensor<2x4x4x4xf32> {
      %0 = kiln.conv2d %x, %w stride = [1, 1] padding = [1, 1]
          dilation = [1, 1] groups = 1
          : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x4x8x8xf32>
      %1 = kiln.max_pool2d %0 kernel = [2, 2] stride = [2, 2]
          padding = [0, 0] : tensor<2x4x8x8xf32> -> tensor<2x4x4x4xf32>
      return %1 : tensor<2x4x4x4xf32>
    })mlir");
  ASSERT_TRUE(program);
  std::vector<float> x(2 * 3 * 8 * 8), w(4 * 3 * 3 * 3), out(2 * 4 * 4 * 4);
  ASSERT_FALSE(static_cast<bool>(
      program->run({x.data(), w.data()}, {out.data()})));

  ASSERT_EQ(gpuCalls.convolutions.size(), 1u);
  const GpuCalls::LibraryCall &conv = gpuCalls.convolutions[0];
  EXPECT_EQ(conv.kind, 0);
  EXPECT_EQ(conv.dtype, 0);
  EXPECT_EQ(conv.buffers[0], x.data());
  EXPECT_EQ(conv.buffers[1], w.data());
  EXPECT_EQ(conv.geometry, (std::vector<intptr_t>{2, 3, 8, 8, 4, 3, 3, 8, 8,
                                                  1, 1, 1, 1, 1, 1, 1}));
  ASSERT_EQ(gpuCalls.poolings.size(), 1u);
  const GpuCalls::LibraryCall &pool = gpuCalls.poolings[0];
  EXPECT_EQ(pool.kind, 0);
  // Pooling reads the convolution's output, a device temporary, into
  // another one that a copy kernel moves into the program's result.
  EXPECT_EQ(pool.buffers[0], conv.buffers[2]);
  EXPECT_NE(pool.buffers[1], conv.buffers[2]);
  EXPECT_NE(pool.buffers[1], out.data());
  EXPECT_EQ(pool.geometry,
            (std::vector<intptr_t>{2, 4, 8, 8, 4, 4, 2, 2, 0, 0, 2, 2}));
  EXPECT_EQ(gpuCalls.allocations, gpuCalls.frees);
}

} // namespace
