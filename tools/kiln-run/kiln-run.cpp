//===- kiln-run.cpp - compile and run a function from a .mlir file --------===//
//
// kiln-run FILE.mlir [--entry f] [--input a.npy,b.npy | --random-inputs
//   --seed N] [--output r.npy,...] [--expected e.npy,... --rtol R --atol A]
//   [--repeat N] [--print-ir-after-all] [--print-stages]
//
// Bad input (a missing or malformed file, an argument of the wrong shape or
// dtype) gives a one-line error and exit code 1.
//
//===----------------------------------------------------------------------===//

#include "ArrayPrinter.h"

#include "kiln/Compiler/CpuCompiler.h"
#include "kiln/Compiler/InitAll.h"
#include "kiln/runtime/CpuExecutable.h"
#include "kiln/runtime/Npy.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>
#include <random>

using namespace llvm;
using kiln::runtime::HostTensor;
using kiln::runtime::TensorSpec;

namespace {

cl::opt<std::string> inputFile(cl::Positional, cl::desc("<input .mlir>"),
                               cl::Required);
cl::opt<std::string> entryName("entry", cl::desc("Function to run"),
                               cl::init(""));
cl::list<std::string> inputPaths("input", cl::CommaSeparated,
                                 cl::desc("One .npy file per argument"));
cl::opt<bool> randomInputs("random-inputs",
                           cl::desc("Generate arguments instead of reading"));
cl::opt<uint64_t> seed("seed", cl::desc("Seed for --random-inputs"),
                       cl::init(0));
cl::list<std::string> outputPaths("output", cl::CommaSeparated,
                                  cl::desc("Write results to these .npy files"));
cl::list<std::string> expectedPaths(
    "expected", cl::CommaSeparated,
    cl::desc("Compare results with these .npy files (non-zero exit if off)"));
cl::opt<double> rtol("rtol", cl::desc("Relative tolerance of --expected"),
                     cl::init(1e-5));
cl::opt<double> atol("atol", cl::desc("Absolute tolerance of --expected"),
                     cl::init(1e-6));
cl::opt<unsigned> repeat("repeat", cl::desc("Run N times and report timing"),
                         cl::init(1));
cl::opt<bool> printIRAfterAll("print-ir-after-all",
                              cl::desc("Print the IR after every pass"));
cl::opt<bool> printStages("print-stages",
                          cl::desc("Print the IR at each compilation stage"));
cl::opt<bool> quiet("quiet", cl::desc("Do not print the results"));

[[noreturn]] void fail(const Twine &message) {
  errs() << "kiln-run: error: " << message << "\n";
  std::exit(1);
}

void failOn(Error error) {
  if (error)
    fail(toString(std::move(error)));
}

/// Uniform in [-1, 1) for floats, [0, 10) for integers, fair coins for bools.
HostTensor randomTensor(const TensorSpec &spec, std::mt19937_64 &generator) {
  HostTensor tensor{spec, kiln::runtime::HostBuffer(spec.byteSize())};
  std::uniform_real_distribution<double> real(-1.0, 1.0);
  std::uniform_int_distribution<int> integer(0, 9);
  for (int64_t i = 0; i < spec.numel(); ++i) {
    double value;
    switch (spec.dtype) {
    case kiln::runtime::DType::i64:
    case kiln::runtime::DType::i32:
      value = integer(generator);
      break;
    case kiln::runtime::DType::b1:
      value = integer(generator) % 2;
      break;
    default:
      value = real(generator);
    }
    kiln::runtime::storeElement(spec.dtype, tensor.buffer.data(), i, value);
  }
  return tensor;
}

std::vector<HostTensor> loadInputs(const kiln::runtime::CpuArtifact &artifact) {
  std::vector<HostTensor> inputs;
  if (randomInputs) {
    std::mt19937_64 generator(seed);
    for (const TensorSpec &spec : artifact.inputs)
      inputs.push_back(randomTensor(spec, generator));
    return inputs;
  }
  if (inputPaths.size() != artifact.inputs.size())
    fail("the function takes " + Twine(artifact.inputs.size()) +
         " arguments but " + Twine(inputPaths.size()) +
         " --input files were given (or use --random-inputs)");
  for (auto [i, path] : llvm::enumerate(inputPaths)) {
    auto tensor = kiln::runtime::readNpy(path);
    if (!tensor)
      fail(toString(tensor.takeError()));
    if (tensor->spec != artifact.inputs[i])
      fail(path + ": argument " + Twine(i) + " must be " +
           artifact.inputs[i].str() + ", the file holds " + tensor->spec.str());
    inputs.push_back(std::move(*tensor));
  }
  return inputs;
}

/// Compares result `index` with an expected .npy; returns false and reports
/// the worst element when they differ beyond rtol/atol.
bool matchesExpected(size_t index, const HostTensor &result,
                     const std::string &path) {
  auto expected = kiln::runtime::readNpy(path);
  if (!expected)
    fail(toString(expected.takeError()));
  if (expected->spec != result.spec) {
    errs() << "result " << index << " is " << result.spec.str() << " but "
           << path << " holds " << expected->spec.str() << "\n";
    return false;
  }
  int64_t mismatches = 0, worst = -1;
  double worstExcess = 0;
  for (int64_t i = 0; i < result.spec.numel(); ++i) {
    double got = kiln::runtime::loadElement(result.spec.dtype, result.buffer.data(), i);
    double want = kiln::runtime::loadElement(result.spec.dtype, expected->buffer.data(), i);
    if ((std::isnan(got) && std::isnan(want)) || got == want)
      continue;
    double excess = std::fabs(got - want) - (atol + rtol * std::fabs(want));
    if (excess > 0 || std::isnan(excess)) {
      ++mismatches;
      if (worst < 0 || excess > worstExcess || std::isnan(excess)) {
        worst = i;
        worstExcess = excess;
      }
    }
  }
  if (mismatches == 0)
    return true;
  errs() << "result " << index << " differs from " << path << " in "
         << mismatches << " of " << result.spec.numel()
         << " elements; worst at flat index " << worst << ": got "
         << kiln::runtime::loadElement(result.spec.dtype, result.buffer.data(), worst)
         << ", expected "
         << kiln::runtime::loadElement(result.spec.dtype, expected->buffer.data(), worst)
         << " (rtol " << rtol << ", atol " << atol << ")\n";
  return false;
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM init(argc, argv);
  cl::ParseCommandLineOptions(argc, argv, "kiln-run: compile and run a function\n");

  mlir::DialectRegistry registry;
  kiln::registerAllDialects(registry);
  kiln::registerAllPasses();
  mlir::MLIRContext context(registry);
  context.loadAllAvailableDialects();

  SourceMgr sourceMgr;
  mlir::SourceMgrDiagnosticHandler parseDiagnostics(sourceMgr, &context);
  auto module =
      mlir::parseSourceFile<mlir::ModuleOp>(inputFile, sourceMgr, &context);
  if (!module)
    fail("cannot parse " + inputFile);

  kiln::CpuCompileOptions options;
  options.entry = entryName;
  options.printIRAfterAll = printIRAfterAll;
  options.printStages = printStages;
  auto compileStart = std::chrono::steady_clock::now();
  auto artifact = kiln::compileForCpu(*module, options);
  if (!artifact)
    fail(toString(artifact.takeError()));
  auto executable = kiln::runtime::CpuExecutable::load(std::move(*artifact));
  if (!executable)
    fail(toString(executable.takeError()));
  std::chrono::duration<double> compileTime =
      std::chrono::steady_clock::now() - compileStart;
  const auto &descriptor = (*executable)->artifact();

  std::vector<HostTensor> inputs = loadInputs(descriptor);
  std::vector<HostTensor> outputs;
  SmallVector<void *> inputBuffers, outputBuffers;
  for (HostTensor &input : inputs)
    inputBuffers.push_back(input.buffer.data());
  for (const TensorSpec &spec : descriptor.outputs) {
    outputs.push_back({spec, kiln::runtime::HostBuffer(spec.byteSize())});
    outputBuffers.push_back(outputs.back().buffer.data());
  }

  // The first run warms caches and page tables; --repeat times the rest.
  failOn((*executable)->run(inputBuffers, outputBuffers));
  if (repeat > 1) {
    auto start = std::chrono::steady_clock::now();
    for (unsigned i = 0; i < repeat; ++i)
      failOn((*executable)->run(inputBuffers, outputBuffers));
    std::chrono::duration<double> elapsed =
        std::chrono::steady_clock::now() - start;
    outs() << "compiled and loaded in "
           << format("%.1f", compileTime.count() * 1e3) << " ms\n"
           << "ran " << repeat << " times: "
           << format("%.3f", elapsed.count() * 1e6 / repeat) << " us per run\n";
  }

  if (!outputPaths.empty() && outputPaths.size() != outputs.size())
    fail("the function has " + Twine(outputs.size()) + " results but " +
         Twine(outputPaths.size()) + " --output files were given");
  if (!expectedPaths.empty() && expectedPaths.size() != outputs.size())
    fail("the function has " + Twine(outputs.size()) + " results but " +
         Twine(expectedPaths.size()) + " --expected files were given");
  bool matched = true;
  for (auto [i, result] : llvm::enumerate(outputs)) {
    if (!quiet) {
      outs() << "result " << i << ": " << result.spec.str() << "\n";
      kiln::printArray(outs(), result.spec, result.buffer.data());
    }
    if (!outputPaths.empty())
      failOn(kiln::runtime::writeNpy(outputPaths[i], result.spec,
                                     result.buffer.data()));
    if (!expectedPaths.empty())
      matched &= matchesExpected(i, result, expectedPaths[i]);
  }
  return matched ? 0 : 1;
}
