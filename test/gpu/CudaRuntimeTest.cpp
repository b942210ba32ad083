//===- CudaRuntimeTest.cpp - the driver layer and programs' entry points --===//
//
// The first tests need no GPU. The others skip themselves without one.
//
//===----------------------------------------------------------------------===//

#include "GpuModuleCache.h"

#include "kiln/runtime/Cuda.h"
#include "kiln/runtime/CudaLibraries.h"
#include "kiln/runtime/DType.h"
#include "kiln/runtime/DeviceBuffer.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <dlfcn.h>
#include <fstream>
#include <map>
#include <vector>

using namespace kiln::runtime;
using namespace kiln::runtime::cuda;

namespace {

/// A fresh temporary folder, removed at the end of the test.
class TempFolder {
public:
  TempFolder() {
    llvm::SmallString<128> path;
    EXPECT_FALSE(llvm::sys::fs::createUniqueDirectory("kiln-gpu-test", path));
    folder = std::string(path);
  }
  ~TempFolder() { llvm::sys::fs::remove_directories(folder); }
  std::string path(llvm::StringRef relative) const {
    return (llvm::Twine(folder) + "/" + relative).str();
  }
  /// Creates the folder `relative` and its parents.
  std::string makeFolder(llvm::StringRef relative) const {
    std::string result = path(relative);
    EXPECT_FALSE(llvm::sys::fs::create_directories(result));
    return result;
  }

  std::string folder;
};

/// Sets an environment variable for the rest of the scope.
class ScopedEnvironment {
public:
  ScopedEnvironment(const char *name, const std::string &value) : name(name) {
    if (const char *old = std::getenv(name))
      previous = old;
    setenv(name, value.c_str(), 1);
  }
  ~ScopedEnvironment() {
    if (previous)
      setenv(name, previous->c_str(), 1);
    else
      unsetenv(name);
  }

private:
  const char *name;
  std::optional<std::string> previous;
};

/// The entry point `name` as compiled programs get it.
template <typename Function> Function entryPoint(llvm::StringRef name) {
  for (auto &[symbol, address] : programEntryPoints())
    if (symbol == name)
      return reinterpret_cast<Function>(address);
  ADD_FAILURE() << "no entry point " << name.str();
  return nullptr;
}

using ModuleLoadJIT = void *(*)(void *, int);
using ModuleGetFunction = void *(*)(void *, const char *);
using LaunchKernel = void (*)(void *, intptr_t, intptr_t, intptr_t, intptr_t,
                              intptr_t, intptr_t, int32_t, void *, void **,
                              void **, size_t);
using StreamCreate = void *(*)();
using MemAlloc = void *(*)(uint64_t, void *, bool);
using MemFree = void (*)(void *, void *);
using Memcpy = void (*)(void *, void *, size_t, void *);
using Memset32 = void (*)(void *, uint32_t, size_t, void *);
using Matmul = void (*)(intptr_t, intptr_t, intptr_t, intptr_t, intptr_t,
                        intptr_t, intptr_t, intptr_t, intptr_t, intptr_t,
                        intptr_t, intptr_t, intptr_t, intptr_t, intptr_t,
                        intptr_t, intptr_t, intptr_t, intptr_t, intptr_t);
using Convolution = void (*)(intptr_t, intptr_t, void *, void *, void *,
                             intptr_t, intptr_t, intptr_t, intptr_t, intptr_t,
                             intptr_t, intptr_t, intptr_t, intptr_t, intptr_t,
                             intptr_t, intptr_t, intptr_t, intptr_t, intptr_t,
                             intptr_t);
using Pooling = void (*)(intptr_t, intptr_t, const void *, void *, intptr_t,
                         intptr_t, intptr_t, intptr_t, intptr_t, intptr_t,
                         intptr_t, intptr_t, intptr_t, intptr_t, intptr_t,
                         intptr_t);

std::string finishMessage() {
  llvm::Error error = finishProgram();
  return error ? llvm::toString(std::move(error)) : "";
}

//===----------------------------------------------------------------------===//
// Without a GPU.
//===----------------------------------------------------------------------===//

TEST(CudaLibrariesTest, CandidatesFollowTheSearchOrder) {
  TempFolder temp;
  std::string venvLib =
      temp.makeFolder("venv/lib/python3.12/site-packages/nvidia/cublas/lib");
  // A python3 on PATH whose prefix holds a dist-packages NVIDIA library...
  temp.makeFolder("usr/bin");
  std::string distLib =
      temp.makeFolder("usr/lib/python3.11/dist-packages/nvidia/cudnn/lib");
  std::ofstream(temp.path("usr/bin/python3.11")).close();
  llvm::sys::fs::setPermissions(temp.path("usr/bin/python3.11"),
                                llvm::sys::fs::all_exe |
                                    llvm::sys::fs::owner_read);
  // ... reached through a symbolic link in another prefix's bin/, as in a
  // virtual environment.
  temp.makeFolder("env/bin");
  std::string envLib =
      temp.makeFolder("env/lib/python3.11/site-packages/nvidia/nccl/lib");
  ASSERT_FALSE(llvm::sys::fs::create_link(temp.path("usr/bin/python3.11"),
                                          temp.path("env/bin/python3")));

  std::map<std::string, std::string> environment = {
      {"KILN_CUDA_LIBRARY_PATH", "/opt/a::/opt/b"},
      {"CUDA_HOME", "/opt/cuda"},
      {"VIRTUAL_ENV", temp.path("venv")},
      {"PATH", "/nonexistent:" + temp.path("env/bin")}};
  auto lookup = [&](llvm::StringRef name) -> std::optional<std::string> {
    auto it = environment.find(name.str());
    if (it == environment.end())
      return std::nullopt;
    return it->second;
  };
  std::vector<std::string> candidates =
      libraryCandidates("libfake.so.1", lookup);
  ASSERT_GE(candidates.size(), 8u);
  EXPECT_EQ(candidates[0], "libfake.so.1");
  EXPECT_EQ(candidates[1], "/opt/a/libfake.so.1");
  EXPECT_EQ(candidates[2], "/opt/b/libfake.so.1");
  EXPECT_EQ(candidates[3], "/opt/cuda/lib64/libfake.so.1");
  EXPECT_EQ(candidates[4], "/usr/local/cuda/lib64/libfake.so.1");
  EXPECT_EQ(candidates[5], venvLib + "/libfake.so.1");
  EXPECT_EQ(candidates[6], envLib + "/libfake.so.1");
  EXPECT_EQ(candidates[7], distLib + "/libfake.so.1");
  for (const std::string &candidate : candidates)
    EXPECT_EQ(std::count(candidates.begin(), candidates.end(), candidate), 1)
        << candidate;
}

TEST(CudaLibrariesTest, FailureListsEveryPlaceTried) {
  TempFolder temp;
  ScopedEnvironment path("KILN_CUDA_LIBRARY_PATH", temp.folder);
  llvm::Expected<void *> library =
      openLibrary("a test library", {"libkiln-missing.so.7"});
  ASSERT_FALSE(library);
  std::string message = llvm::toString(library.takeError());
  EXPECT_NE(message.find("cannot load a test library (libkiln-missing.so.7)"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("\n  libkiln-missing.so.7: "), std::string::npos)
      << message;
  EXPECT_NE(message.find("\n  " + temp.folder +
                         "/libkiln-missing.so.7: cannot open shared object "
                         "file: No such file or directory"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("/usr/local/cuda/lib64/libkiln-missing.so.7"),
            std::string::npos)
      << message;
}

TEST(CudaLibrariesTest, OpensALibraryFromKilnCudaLibraryPath) {
  // The C library under a name only KILN_CUDA_LIBRARY_PATH leads to.
  Dl_info info;
  ASSERT_TRUE(dladdr(reinterpret_cast<void *>(&std::getenv), &info));
  TempFolder temp;
  ASSERT_FALSE(llvm::sys::fs::create_link(info.dli_fname,
                                          temp.path("libkiln-found.so.1")));
  ScopedEnvironment path("KILN_CUDA_LIBRARY_PATH",
                         "/nonexistent:" + temp.folder);
  llvm::Expected<void *> library = openLibrary(
      "a test library", {"libkiln-missing.so.7", "libkiln-found.so.1"});
  ASSERT_TRUE(bool(library)) << llvm::toString(library.takeError());
  EXPECT_NE(*library, nullptr);
}

TEST(CudaTest, UnavailableWithoutADriverSaysWhy) {
  if (available())
    GTEST_SKIP() << "a CUDA device is present";
  std::string reason = unavailableReason();
  EXPECT_EQ(reason.rfind("CUDA is unavailable: ", 0), 0u) << reason;
  if (!dlopen("libcuda.so.1", RTLD_LAZY)) {
    EXPECT_NE(reason.find("cannot load the CUDA driver (libcuda.so.1)"),
              std::string::npos)
        << reason;
  }
  llvm::Expected<const DeviceInfo &> info = device();
  ASSERT_FALSE(info);
  EXPECT_EQ(llvm::toString(info.takeError()), reason);

  llvm::Expected<DeviceBuffer> buffer = DeviceBuffer::allocate(16);
  ASSERT_FALSE(buffer);
  EXPECT_EQ(llvm::toString(buffer.takeError()), reason);
  char byte = 0;
  llvm::Error copy = copyToDevice(&byte, &byte, 1);
  EXPECT_EQ(llvm::toString(std::move(copy)), reason);
  EXPECT_EQ(memoryStats().reservedBytes, 0u);
  EXPECT_EQ(moduleCacheStats().compiled, 0u);
}

TEST(CudaTest, EntryPointsKeepTheFirstErrorUntilFinishProgram) {
  if (available())
    GTEST_SKIP() << "a CUDA device is present";
  EXPECT_EQ(entryPoint<MemAlloc>("mgpuMemAlloc")(64, nullptr, false), nullptr);
  EXPECT_EQ(entryPoint<StreamCreate>("mgpuStreamCreate")(), nullptr);
  entryPoint<MemFree>("mgpuMemFree")(nullptr, nullptr);
  std::string message = finishMessage();
  EXPECT_EQ(message, "mgpuMemAlloc: " + unavailableReason());
  EXPECT_EQ(finishMessage(), "");
}

TEST(CudaTest, EmptyLaunchesDoNothing) {
  entryPoint<LaunchKernel>("mgpuLaunchKernel")(nullptr, 0, 1, 1, 1, 1, 1, 0,
                                               nullptr, nullptr, nullptr, 0);
  entryPoint<LaunchKernel>("mgpuLaunchKernel")(nullptr, 4, -1, 1, 1, 1, 1, 0,
                                               nullptr, nullptr, nullptr, 0);
  EXPECT_EQ(finishMessage(), "");
}

TEST(CudaTest, ListsEveryEntryPoint) {
  std::vector<std::string> names;
  for (auto &[name, address] : programEntryPoints()) {
    EXPECT_NE(address, nullptr) << name;
    names.push_back(name);
  }
  for (const char *expected :
       {"mgpuModuleLoadJIT", "mgpuModuleLoad", "mgpuModuleUnload",
        "mgpuModuleGetFunction", "mgpuLaunchKernel", "mgpuStreamCreate",
        "mgpuStreamSynchronize", "mgpuStreamDestroy", "mgpuMemAlloc",
        "mgpuMemFree", "mgpuMemcpy", "mgpuMemset32", "kiln_gpu_matmul",
        "kiln_gpu_convolution", "kiln_gpu_pooling"})
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end())
        << expected;
}

TEST(GpuBinaryDiskCacheTest, FolderFollowsTheArtifactCache) {
  {
    ScopedEnvironment off("KILN_CACHE_DIR", "off");
    EXPECT_EQ(GpuBinaryDiskCache::defaultFolder(), "");
  }
  ScopedEnvironment folder("KILN_CACHE_DIR", "/somewhere/kiln");
  EXPECT_EQ(GpuBinaryDiskCache::defaultFolder(), "/somewhere/kiln/gpu");
}

TEST(GpuBinaryDiskCacheTest, StoresChecksAndRejects) {
  TempFolder temp;
  std::string binary("\177ELF cubin\0bytes", 16);
  GpuBinaryDiskCache cache(temp.path("gpu"), "v1");
  EXPECT_FALSE(cache.lookup("key"));
  cache.store("key", binary);
  EXPECT_EQ(cache.lookup("key"), binary);
  EXPECT_FALSE(cache.lookup("other key"));

  // Another driver or GPU writes its own entries.
  testing::internal::CaptureStderr();
  EXPECT_FALSE(GpuBinaryDiskCache(temp.path("gpu"), "v2").lookup("key"));
  EXPECT_EQ(testing::internal::GetCapturedStderr(), "");

  std::error_code error;
  llvm::sys::fs::directory_iterator entry(temp.path("gpu"), error);
  ASSERT_FALSE(error);
  std::string file = entry->path();
  EXPECT_EQ(llvm::sys::path::extension(file), ".cubin");
  {
    std::fstream stream(file, std::ios::in | std::ios::out | std::ios::binary);
    stream.seekp(-12, std::ios::end);
    stream.write("XX", 2);
  }
  testing::internal::CaptureStderr();
  EXPECT_FALSE(cache.lookup("key"));
  std::string warning = testing::internal::GetCapturedStderr();
  EXPECT_NE(warning.find("kiln: warning: ignoring cache entry " + file +
                         ": checksum mismatch"),
            std::string::npos)
      << warning;

  // Storing again replaces the entry, with no temporary file left behind.
  cache.store("key", binary);
  EXPECT_EQ(cache.lookup("key"), binary);
  int files = 0;
  for (llvm::sys::fs::directory_iterator it(temp.path("gpu"), error), end;
       !error && it != end; it.increment(error))
    ++files;
  EXPECT_EQ(files, 1);
}

TEST(GpuBinaryDiskCacheTest, DisabledWithoutAFolder) {
  GpuBinaryDiskCache cache("", "v1");
  cache.store("key", "bytes");
  EXPECT_FALSE(cache.lookup("key"));
}

//===----------------------------------------------------------------------===//
// With a GPU.
//===----------------------------------------------------------------------===//

class GpuTest : public testing::Test {
protected:
  void SetUp() override {
    if (!available())
      GTEST_SKIP() << "no CUDA device: " << unavailableReason();
    ASSERT_EQ(finishMessage(), "") << "an earlier test left an error";
  }
  void TearDown() override {
    if (available()) {
      EXPECT_EQ(finishMessage(), "");
    }
  }
};

/// PTX for the device: `add_one(float *data, uint32_t n)` adds 1 to each of
/// the first n floats.
std::string addOnePtx() {
  const DeviceInfo &info = llvm::cantFail(device());
  // The lowest PTX ISA that knows the architecture (7.8: sm_89, sm_90).
  const char *version = info.major >= 10 ? "8.8" : "7.8";
  return std::string(".version ") + version + "\n.target " + info.arch() +
         "\n.address_size 64\n" + R"(
.visible .entry add_one(
	.param .u64 add_one_param_0,
	.param .u32 add_one_param_1
)
{
	.reg .pred 	%p<2>;
	.reg .b32 	%r<6>;
	.reg .f32 	%f<3>;
	.reg .b64 	%rd<5>;

	ld.param.u64 	%rd1, [add_one_param_0];
	ld.param.u32 	%r2, [add_one_param_1];
	mov.u32 	%r3, %ctaid.x;
	mov.u32 	%r4, %ntid.x;
	mov.u32 	%r5, %tid.x;
	mad.lo.s32 	%r1, %r3, %r4, %r5;
	setp.ge.u32 	%p1, %r1, %r2;
	@%p1 bra 	$L__BB0_2;
	cvta.to.global.u64 	%rd2, %rd1;
	mul.wide.u32 	%rd3, %r1, 4;
	add.s64 	%rd4, %rd2, %rd3;
	ld.global.f32 	%f1, [%rd4];
	add.f32 	%f2, %f1, 0f3F800000;
	st.global.f32 	[%rd4], %f2;
$L__BB0_2:
	ret;
}
)";
}

TEST_F(GpuTest, DescribesTheDevice) {
  const DeviceInfo &info = llvm::cantFail(device());
  EXPECT_FALSE(info.name.empty());
  EXPECT_GE(info.major, 5);
  EXPECT_GT(info.multiprocessors, 0);
  EXPECT_GT(info.totalBytes, uint64_t{1} << 30);
  EXPECT_GE(info.driverVersion, 11000);
  EXPECT_EQ(info.arch(), "sm_" + std::to_string(info.major * 10 + info.minor));
}

TEST_F(GpuTest, CopiesRoundTrip) {
  std::vector<float> input(1000), output(1000, -1);
  for (size_t i = 0; i < input.size(); ++i)
    input[i] = 0.5f * i;
  size_t bytes = input.size() * sizeof(float);
  llvm::Expected<DeviceBuffer> first = DeviceBuffer::allocate(bytes);
  llvm::Expected<DeviceBuffer> second = DeviceBuffer::allocate(bytes);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->size(), bytes);
  ASSERT_FALSE(bool(copyToDevice(first->data(), input.data(), bytes)));
  ASSERT_FALSE(bool(copyOnDevice(second->data(), first->data(), bytes)));
  ASSERT_FALSE(bool(copyToHost(output.data(), second->data(), bytes)));
  EXPECT_EQ(output, input);
  EXPECT_FALSE(bool(synchronize()));
}

TEST_F(GpuTest, BuffersReturnToTheCache) {
  // Without cached blocks, which may be larger than needed.
  emptyCache();
  MemoryStats before = memoryStats();
  void *address;
  {
    llvm::Expected<DeviceBuffer> buffer = DeviceBuffer::allocate(3000);
    ASSERT_TRUE(bool(buffer));
    DeviceBuffer copy = *buffer;
    EXPECT_EQ(copy.useCount(), 2);
    address = copy.data();
    EXPECT_EQ(memoryStats().allocatedBytes, before.allocatedBytes + 3072);
  }
  EXPECT_EQ(memoryStats().allocatedBytes, before.allocatedBytes);
  llvm::Expected<DeviceBuffer> again = DeviceBuffer::allocate(3000);
  ASSERT_TRUE(bool(again));
  EXPECT_EQ(again->data(), address);
  EXPECT_GT(memoryStats().cacheHits, before.cacheHits);
}

TEST_F(GpuTest, RunsAPtxKernelThroughTheEntryPoints) {
  std::string ptx = addOnePtx();
  void *module = entryPoint<ModuleLoadJIT>("mgpuModuleLoadJIT")(ptx.data(), 3);
  ASSERT_NE(module, nullptr) << finishMessage();
  void *function =
      entryPoint<ModuleGetFunction>("mgpuModuleGetFunction")(module, "add_one");
  ASSERT_NE(function, nullptr) << finishMessage();
  void *stream = entryPoint<StreamCreate>("mgpuStreamCreate")();
  ASSERT_NE(stream, nullptr);

  uint32_t n = 1000;
  size_t bytes = n * sizeof(float);
  auto memAlloc = entryPoint<MemAlloc>("mgpuMemAlloc");
  auto copy = entryPoint<Memcpy>("mgpuMemcpy");
  void *data = memAlloc(bytes, stream, false);
  void *ones = memAlloc(bytes, stream, false);
  ASSERT_TRUE(data && ones) << finishMessage();
  std::vector<float> host(n);
  for (uint32_t i = 0; i < n; ++i)
    host[i] = static_cast<float>(i);
  copy(data, host.data(), bytes, stream);
  // 0x3f800000 is 1.0f.
  entryPoint<Memset32>("mgpuMemset32")(ones, 0x3f800000u, n, stream);

  auto launch = entryPoint<LaunchKernel>("mgpuLaunchKernel");
  for (void *buffer : {data, ones}) {
    void *params[] = {&buffer, &n};
    launch(function, (n + 255) / 256, 1, 1, 256, 1, 1, 0, stream, params,
           nullptr, 2);
  }
  std::vector<float> result(n), twos(n);
  copy(result.data(), data, bytes, stream);
  copy(twos.data(), ones, bytes, stream);
  entryPoint<MemFree>("mgpuMemFree")(data, stream);
  entryPoint<MemFree>("mgpuMemFree")(ones, stream);
  ASSERT_EQ(finishMessage(), "");
  for (uint32_t i = 0; i < n; ++i) {
    ASSERT_EQ(result[i], static_cast<float>(i) + 1) << "at " << i;
    ASSERT_EQ(twos[i], 2.0f) << "at " << i;
  }
}

TEST_F(GpuTest, LoadingTheSamePtxTwiceHitsTheMemoryCache) {
  std::string ptx = addOnePtx();
  auto load = entryPoint<ModuleLoadJIT>("mgpuModuleLoadJIT");
  void *first = load(ptx.data(), 2);
  ModuleCacheStats before = moduleCacheStats();
  void *second = load(ptx.data(), 2);
  ModuleCacheStats after = moduleCacheStats();
  ASSERT_NE(first, nullptr) << finishMessage();
  EXPECT_EQ(second, first);
  EXPECT_EQ(after.memoryHits, before.memoryHits + 1);
  EXPECT_EQ(after.compiled, before.compiled);
  EXPECT_EQ(after.diskHits, before.diskHits);
}

TEST_F(GpuTest, CompiledModulesAreKeptOnDisk) {
  TempFolder temp;
  std::string ptx = addOnePtx();
  const DeviceInfo &info = llvm::cantFail(device());
  {
    GpuModuleCache cold(info, temp.folder);
    ASSERT_TRUE(bool(cold.loadPtx(ptx, 3)));
    EXPECT_EQ(cold.stats().compiled, 1u);
    EXPECT_EQ(cold.stats().diskHits, 0u);
  }
  GpuModuleCache warm(info, temp.folder);
  llvm::Expected<CUmodule> module = warm.loadPtx(ptx, 3);
  ASSERT_TRUE(bool(module)) << llvm::toString(module.takeError());
  EXPECT_EQ(warm.stats().compiled, 0u);
  EXPECT_EQ(warm.stats().diskHits, 1u);
  CUfunction function = nullptr;
  EXPECT_EQ(driver().cuModuleGetFunction(&function, *module, "add_one"),
            CUDA_SUCCESS);

  // Another optimization level is another binary.
  ASSERT_TRUE(bool(warm.loadPtx(ptx, 1)));
  EXPECT_EQ(warm.stats().compiled, 1u);
}

TEST_F(GpuTest, LoadsCubinsFromCompiledPtx) {
  TempFolder temp;
  std::string ptx = addOnePtx();
  const DeviceInfo &info = llvm::cantFail(device());
  ASSERT_TRUE(bool(GpuModuleCache(info, temp.folder).loadPtx(ptx, 3)));
  std::error_code error;
  llvm::sys::fs::directory_iterator entry(temp.folder, error);
  ASSERT_FALSE(error);
  auto file = llvm::MemoryBuffer::getFile(entry->path());
  ASSERT_TRUE(bool(file));
  // The entry's payload is the cubin, an ELF file.
  llvm::StringRef blob = (*file)->getBuffer();
  size_t elf = blob.find("\177ELF");
  ASSERT_NE(elf, llvm::StringRef::npos);
  std::string cubin = blob.drop_front(elf).drop_back(8).str();
  auto load = entryPoint<void *(*)(void *, size_t)>("mgpuModuleLoad");
  ModuleCacheStats before = moduleCacheStats();
  void *module = load(cubin.data(), cubin.size());
  ASSERT_NE(module, nullptr) << finishMessage();
  EXPECT_EQ(load(cubin.data(), cubin.size()), module);
  ModuleCacheStats after = moduleCacheStats();
  // The first load is new unless this process loaded the same cubin before.
  EXPECT_EQ(after.binariesLoaded + after.memoryHits,
            before.binariesLoaded + before.memoryHits + 2);
  EXPECT_GE(after.memoryHits, before.memoryHits + 1);
  EXPECT_EQ(after.compiled, before.compiled);
  EXPECT_NE(
      entryPoint<ModuleGetFunction>("mgpuModuleGetFunction")(module, "add_one"),
      nullptr);
}

TEST_F(GpuTest, BadPtxIsAStickyErrorNamingTheDriverError) {
  std::string ptx = ".version 7.8\n.target " + llvm::cantFail(device()).arch() +
                    "\n.address_size 64\nthis is not PTX;\n";
  void *module = entryPoint<ModuleLoadJIT>("mgpuModuleLoadJIT")(ptx.data(), 3);
  EXPECT_EQ(module, nullptr);
  // Later entry points do nothing, and add no error of their own.
  EXPECT_EQ(entryPoint<ModuleGetFunction>("mgpuModuleGetFunction")(module, "k"),
            nullptr);
  EXPECT_EQ(entryPoint<MemAlloc>("mgpuMemAlloc")(64, nullptr, false), nullptr);
  std::string message = finishMessage();
  EXPECT_EQ(message.rfind("mgpuModuleLoadJIT: ", 0), 0u) << message;
  EXPECT_NE(message.find("CUDA_ERROR_INVALID_PTX"), std::string::npos)
      << message;
  // The error was handed over: the next program starts clean.
  std::string good = addOnePtx();
  EXPECT_NE(entryPoint<ModuleLoadJIT>("mgpuModuleLoadJIT")(good.data(), 3),
            nullptr);
}

TEST_F(GpuTest, AbsurdAllocationsFailWithoutLeaking) {
  void *kept = llvm::cantFail(allocate(1000));
  MemoryStats before = memoryStats();
  uint64_t pebibyte = uint64_t{1} << 50;
  llvm::Expected<void *> block = allocate(pebibyte);
  ASSERT_FALSE(block);
  std::string message = llvm::toString(block.takeError());
  EXPECT_EQ(
      message.rfind("CUDA out of memory: tried to allocate 1.00 PiB; ", 0), 0u)
      << message;
  EXPECT_NE(message.find(" allocated by kiln, "), std::string::npos);
  EXPECT_NE(message.find(" reserved, "), std::string::npos);
  EXPECT_NE(message.find(" free on the device"), std::string::npos);
  MemoryStats after = memoryStats();
  EXPECT_EQ(after.allocatedBytes, before.allocatedBytes);
  EXPECT_LE(after.reservedBytes, before.reservedBytes);
  EXPECT_EQ(after.allocations, before.allocations);
  EXPECT_EQ(after.oomRetries, before.oomRetries + 1);
  deallocate(kept);
  emptyCache();
  EXPECT_EQ(memoryStats().reservedBytes, memoryStats().allocatedBytes);

  // Through the entry point, the error is sticky.
  EXPECT_EQ(entryPoint<MemAlloc>("mgpuMemAlloc")(pebibyte, nullptr, false),
            nullptr);
  std::string sticky = finishMessage();
  EXPECT_EQ(sticky.rfind("mgpuMemAlloc: CUDA out of memory", 0), 0u) << sticky;
}

/// A matrix in device memory, as kiln_gpu_matmul's operands describe it.
struct DeviceMatrix {
  intptr_t address, offset, batchStride, rowStride, columnStride;
};

/// C[b] += A[b] B[b] on the host, with the same element strides.
template <typename T>
void referenceMatmul(int64_t batch, int64_t m, int64_t n, int64_t k,
                     const std::vector<T> &a, const DeviceMatrix &da,
                     const std::vector<T> &b, const DeviceMatrix &db,
                     std::vector<T> &c, const DeviceMatrix &dc) {
  for (int64_t p = 0; p < batch; ++p)
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        T sum = 0;
        for (int64_t q = 0; q < k; ++q)
          sum += a[da.offset + p * da.batchStride + i * da.rowStride +
                   q * da.columnStride] *
                 b[db.offset + p * db.batchStride + q * db.rowStride +
                   j * db.columnStride];
        c[dc.offset + p * dc.batchStride + i * dc.rowStride +
          j * dc.columnStride] += sum;
      }
}

/// A device copy of `host`, freed at the end of the test.
template <typename T> intptr_t upload(const std::vector<T> &host) {
  void *block = llvm::cantFail(allocate(host.size() * sizeof(T)));
  llvm::cantFail(copyToDevice(block, host.data(), host.size() * sizeof(T)));
  return reinterpret_cast<intptr_t>(block);
}

struct MatmulCase {
  const char *name;
  int64_t batch, m, n, k;
  // Addresses (0 here), offsets and strides.
  DeviceMatrix a, b, c;
};

/// The extent of the buffer `matrix` (rows x columns, `batch` times) needs.
int64_t extent(const DeviceMatrix &matrix, int64_t batch, int64_t rows,
               int64_t columns) {
  return matrix.offset + (batch - 1) * matrix.batchStride +
         (rows - 1) * matrix.rowStride + (columns - 1) * matrix.columnStride +
         1;
}

template <typename T> void checkMatmul(DType dtype, double tolerance) {
  const MatmulCase cases[] = {
      // Row-major, one matrix.
      {"plain", 1, 5, 7, 3, {0, 0, 0, 3, 1}, {0, 0, 0, 7, 1}, {0, 0, 0, 7, 1}},
      // A and B stored transposed (column-major).
      {"transposed",
       1,
       6,
       4,
       5,
       {0, 0, 0, 1, 6},
       {0, 0, 0, 1, 5},
       {0, 0, 0, 4, 1}},
      // Batched, with offsets, padded rows and one operand transposed.
      {"batched",
       3,
       4,
       5,
       6,
       {0, 2, 30, 7, 1},
       {0, 1, 40, 1, 6},
       {0, 3, 33, 8, 1}},
      // A batch sharing one B (batch stride 0), B transposed.
      {"shared B",
       4,
       3,
       2,
       5,
       {0, 0, 15, 5, 1},
       {0, 0, 0, 1, 5},
       {0, 0, 6, 2, 1}},
      // Row and column vectors, whose unit dimension's stride is arbitrary.
      {"vectors",
       2,
       1,
       1,
       9,
       {0, 0, 9, 123, 1},
       {0, 0, 9, 1, 77},
       {0, 0, 1, 55, 1}},
  };
  auto matmul = entryPoint<Matmul>("kiln_gpu_matmul");
  for (const MatmulCase &test : cases) {
    SCOPED_TRACE(test.name);
    DeviceMatrix a = test.a, b = test.b, c = test.c;
    std::vector<T> hostA(extent(a, test.batch, test.m, test.k)),
        hostB(extent(b, test.batch, test.k, test.n)),
        hostC(extent(c, test.batch, test.m, test.n));
    int counter = 0;
    for (std::vector<T> *host : {&hostA, &hostB, &hostC})
      for (T &value : *host)
        value = static_cast<T>(((counter++ * 37) % 19) - 9) / 4;
    a.address = upload(hostA);
    b.address = upload(hostB);
    c.address = upload(hostC);
    std::vector<T> expected = hostC;
    referenceMatmul(test.batch, test.m, test.n, test.k, hostA, a, hostB, b,
                    expected, c);
    matmul(static_cast<intptr_t>(dtype), test.batch, test.m, test.n, test.k,
           a.address, a.offset, a.batchStride, a.rowStride, a.columnStride,
           b.address, b.offset, b.batchStride, b.rowStride, b.columnStride,
           c.address, c.offset, c.batchStride, c.rowStride, c.columnStride);
    ASSERT_EQ(finishMessage(), "");
    std::vector<T> result(hostC.size());
    ASSERT_FALSE(
        bool(copyToHost(result.data(), reinterpret_cast<void *>(c.address),
                        result.size() * sizeof(T))));
    for (size_t i = 0; i < result.size(); ++i)
      EXPECT_NEAR(result[i], expected[i], tolerance) << "element " << i;
    for (intptr_t address : {a.address, b.address, c.address})
      deallocate(reinterpret_cast<void *>(address));
  }
}

TEST_F(GpuTest, MatmulF32MatchesTheHost) {
  checkMatmul<float>(DType::f32, 1e-4);
}

TEST_F(GpuTest, MatmulF64MatchesTheHost) {
  checkMatmul<double>(DType::f64, 1e-12);
}

TEST_F(GpuTest, MatmulRejectsOtherTypesAndStrides) {
  void *block = llvm::cantFail(allocate(4096));
  auto address = reinterpret_cast<intptr_t>(block);
  auto matmul = entryPoint<Matmul>("kiln_gpu_matmul");
  matmul(static_cast<intptr_t>(DType::f16), 1, 2, 2, 2, address, 0, 0, 2, 1,
         address, 0, 0, 2, 1, address, 0, 0, 2, 1);
  std::string message = finishMessage();
  EXPECT_NE(message.find("kiln_gpu_matmul: cuBLAS matmuls take f32 or f64, "
                         "not f16"),
            std::string::npos)
      << message;
  // C's columns must be contiguous.
  matmul(static_cast<intptr_t>(DType::f32), 1, 2, 2, 2, address, 0, 0, 2, 1,
         address, 0, 0, 2, 1, address, 0, 0, 1, 2);
  message = finishMessage();
  EXPECT_NE(message.find("cuBLAS cannot read these strides"), std::string::npos)
      << message;
  deallocate(block);
}

/// The library entry points check what the compiler cannot promise: known
/// kinds and dtypes, and channels that divide into the groups. Their
/// numbers are checked against the CPU by kiln-gpu-tests.
TEST_F(GpuTest, ConvolutionAndPoolingRejectBadArguments) {
  void *block = llvm::cantFail(allocate(4096));
  auto convolution = entryPoint<Convolution>("kiln_gpu_convolution");
  auto pooling = entryPoint<Pooling>("kiln_gpu_pooling");
  auto f32 = static_cast<intptr_t>(DType::f32);
  // 1x2x4x4 input, 2 filters of 3x3 over 2 channels, 1x2x2x2 output.
  convolution(0, static_cast<intptr_t>(DType::f16), block, block, block, 1, 2,
              4, 4, 2, 3, 3, 2, 2, 0, 0, 1, 1, 1, 1, 1);
  std::string message = finishMessage();
  EXPECT_NE(message.find("kiln_gpu_convolution: cuDNN convolutions take f32 "
                         "or f64, not f16"),
            std::string::npos)
      << message;
  convolution(3, f32, block, block, block, 1, 2, 4, 4, 2, 3, 3, 2, 2, 0, 0, 1,
              1, 1, 1, 1);
  message = finishMessage();
  EXPECT_NE(message.find("unknown convolution kind 3"), std::string::npos)
      << message;
  convolution(0, f32, block, block, block, 1, 2, 4, 4, 2, 3, 3, 2, 2, 0, 0, 1,
              1, 1, 1, 3);
  message = finishMessage();
  EXPECT_NE(message.find("must divide into 3 groups"), std::string::npos)
      << message;
  // A 4x4 input and a 3x3 filter give 2x2, not 3x3.
  convolution(0, f32, block, block, block, 1, 2, 4, 4, 2, 3, 3, 3, 3, 0, 0, 1,
              1, 1, 1, 1);
  message = finishMessage();
  EXPECT_NE(message.find("a 4x4 convolution cannot give a 3x3 output"),
            std::string::npos)
      << message;
  pooling(0, f32, block, block, 1, 2, 4, 4, 0, 2, 2, 2, 0, 0, 2, 2);
  message = finishMessage();
  EXPECT_NE(message.find("kiln_gpu_pooling: a convolution or pooling size is "
                         "out of cuDNN's range: 0"),
            std::string::npos)
      << message;
  deallocate(block);
}

} // namespace
