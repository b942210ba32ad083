//===- RuntimeTest.cpp - buffers, dtypes, .npy files ----------------------===//

#include "kiln/runtime/ArtifactCache.h"
#include "kiln/runtime/DType.h"
#include "kiln/runtime/HostBuffer.h"
#include "kiln/runtime/Npy.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <map>
#include <string>

using namespace kiln::runtime;

namespace {

TEST(HostBufferTest, IsAlignedZeroedAndShared) {
  HostBuffer buffer(100);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(buffer.data()) % HostBuffer::kAlignment,
            0u);
  EXPECT_EQ(buffer.size(), 100u);
  for (size_t i = 0; i < buffer.size(); ++i)
    EXPECT_EQ(static_cast<const char *>(buffer.data())[i], 0);
  HostBuffer copy = buffer;
  EXPECT_EQ(copy.data(), buffer.data());
  EXPECT_EQ(buffer.useCount(), 2);
}

TEST(HostBufferTest, LargeFreedBlocksAreReusedForTheSameSize) {
  HostBuffer::releaseCached();
  const size_t size = 3 << 20;
  void *first = nullptr;
  {
    HostBuffer buffer = HostBuffer::uninitialized(size);
    first = buffer.data();
    std::memset(first, 0x5a, size);
    HostBuffer small(1000);
  }
  // The small buffer went back to malloc; the large one is kept.
  EXPECT_EQ(HostBuffer::cachedBytes(), size);
  HostBuffer again(size);
  EXPECT_EQ(again.data(), first);
  EXPECT_EQ(HostBuffer::cachedBytes(), 0u);
  // Reused for a zero-filled buffer, the block is zeroed again.
  const auto *bytes = static_cast<const unsigned char *>(again.data());
  EXPECT_EQ(bytes[0], 0);
  EXPECT_EQ(bytes[size - 1], 0);
  // A block in use is never handed out twice.
  HostBuffer other = HostBuffer::uninitialized(size);
  EXPECT_NE(other.data(), again.data());
  HostBuffer differentSize = HostBuffer::uninitialized(size + 4096);
  EXPECT_NE(differentSize.data(), again.data());
}

TEST(HostBufferTest, ReleasingTheCacheFreesItsBlocks) {
  { HostBuffer buffer = HostBuffer::uninitialized(2 << 20); }
  EXPECT_GE(HostBuffer::cachedBytes(), size_t(2) << 20);
  HostBuffer::releaseCached();
  EXPECT_EQ(HostBuffer::cachedBytes(), 0u);
}

TEST(DTypeTest, HalfAndBFloat16RoundToNearestEven) {
  float data = 0;
  uint16_t half = 0;
  // 1 + 2^-11 lies halfway between two halves and rounds to the even one, 1.
  storeElement(DType::f16, &half, 0, 1.0 + std::ldexp(1.0, -11));
  EXPECT_EQ(half, 0x3c00);
  storeElement(DType::f16, &half, 0, 65504.0);
  EXPECT_EQ(loadElement(DType::f16, &half, 0), 65504.0);
  storeElement(DType::f16, &half, 0, 1e6);
  EXPECT_TRUE(std::isinf(loadElement(DType::f16, &half, 0)));
  storeElement(DType::f16, &half, 0,
               std::ldexp(1.0, -24)); // smallest subnormal
  EXPECT_EQ(half, 0x0001);
  EXPECT_EQ(loadElement(DType::f16, &half, 0), std::ldexp(1.0, -24));
  uint16_t brain = 0;
  storeElement(DType::bf16, &brain, 0, 1.0 + std::ldexp(1.0, -8));
  EXPECT_EQ(brain, 0x3f80);
  storeElement(DType::bf16, &brain, 0, -2.5);
  EXPECT_EQ(loadElement(DType::bf16, &brain, 0), -2.5);
  storeElement(DType::f32, &data, 0, 0.1);
  EXPECT_EQ(loadElement(DType::f32, &data, 0), static_cast<double>(0.1f));
}

TEST(DTypeTest, NamesRoundTrip) {
  for (DType dtype : {DType::f32, DType::f64, DType::f16, DType::bf16,
                      DType::i64, DType::i32, DType::b1}) {
    EXPECT_EQ(dtypeFromIRName(info(dtype).irName), dtype);
    EXPECT_EQ(dtypeFromNpyCode(info(dtype).npyCode), dtype);
    EXPECT_EQ(dtypeFromSafetensorsName(info(dtype).safetensorsName), dtype);
  }
  EXPECT_FALSE(dtypeFromIRName("i8"));
  EXPECT_FALSE(dtypeFromNpyCode(">f4"));
  EXPECT_FALSE(dtypeFromSafetensorsName("F8_E4M3"));
}

class NpyTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<128> dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("kiln-npy", dir));
    folder = std::string(dir);
  }
  void TearDown() override { llvm::sys::fs::remove_directories(folder); }

  std::string write(const std::string &name, const std::string &bytes) {
    std::string path = folder + "/" + name;
    std::error_code error;
    llvm::raw_fd_ostream os(path, error);
    os << bytes;
    return path;
  }

  /// A version-1 file with `header` (padded to 64 bytes) and `data`.
  static std::string npy(std::string header, const std::string &data) {
    size_t total = (10 + header.size() + 1 + 63) / 64 * 64;
    header.append(total - 10 - header.size() - 1, ' ');
    header += '\n';
    std::string bytes = "\x93NUMPY\x01";
    bytes += '\0';
    bytes += static_cast<char>(header.size());
    bytes += '\0';
    return bytes + header + data;
  }

  std::string errorOf(const std::string &path) {
    auto result = readNpy(path);
    EXPECT_FALSE(result);
    return result ? "" : llvm::toString(result.takeError());
  }

  std::string folder;
};

TEST_F(NpyTest, WriteThenReadRoundTrips) {
  TensorSpec spec{DType::i32, {2, 3}};
  int32_t values[6] = {1, -2, 3, -4, 5, 2147483647};
  std::string path = folder + "/a.npy";
  ASSERT_FALSE(llvm::errorToBool(writeNpy(path, spec, values)));
  auto tensor = readNpy(path);
  ASSERT_TRUE(static_cast<bool>(tensor)) << llvm::toString(tensor.takeError());
  EXPECT_EQ(tensor->spec, spec);
  EXPECT_EQ(std::memcmp(tensor->buffer.data(), values, sizeof(values)), 0);
  EXPECT_FALSE(llvm::sys::fs::exists(path + ".tmp"));
}

TEST_F(NpyTest, ScalarRoundTrips) {
  TensorSpec spec{DType::f64, {}};
  double value = 2.5;
  std::string path = folder + "/s.npy";
  ASSERT_FALSE(llvm::errorToBool(writeNpy(path, spec, &value)));
  auto tensor = readNpy(path);
  ASSERT_TRUE(static_cast<bool>(tensor));
  EXPECT_EQ(tensor->spec, spec);
  EXPECT_EQ(*static_cast<double *>(tensor->buffer.data()), 2.5);
}

TEST_F(NpyTest, RejectsMalformedFiles) {
  std::string header =
      "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }";
  EXPECT_NE(errorOf(write("ok-but-short.npy", npy(header, "abc")))
                .find("needs 8 data bytes, found 3"),
            std::string::npos);
  EXPECT_NE(errorOf(write("magic.npy", "hello")).find("magic"),
            std::string::npos);
  EXPECT_NE(errorOf(write("fortran.npy",
                          npy("{'descr': '<f4', 'fortran_order': True, "
                              "'shape': (2,), }",
                              std::string(8, '\0'))))
                .find("Fortran"),
            std::string::npos);
  EXPECT_NE(
      errorOf(write("dtype.npy", npy("{'descr': '<c8', 'fortran_order': False, "
                                     "'shape': (2,), }",
                                     std::string(16, '\0'))))
          .find("unsupported dtype '<c8'"),
      std::string::npos);
  EXPECT_NE(
      errorOf(write("shape.npy", npy("{'descr': '<f4', 'fortran_order': False, "
                                     "'shape': (2, x), }",
                                     std::string(8, '\0'))))
          .find("malformed shape"),
      std::string::npos);
  EXPECT_NE(
      errorOf(write("huge.npy", npy("{'descr': '<f4', 'fortran_order': False, "
                                    "'shape': (4294967296, 4294967296), }",
                                    "")))
          .find("too large"),
      std::string::npos);
  std::string longHeader = "\x93NUMPY\x01";
  longHeader += '\0';
  longHeader += "\xff\x7f{";
  EXPECT_NE(errorOf(write("header.npy", longHeader)).find("past the end"),
            std::string::npos);
  EXPECT_NE(errorOf(folder + "/absent.npy").find("absent.npy"),
            std::string::npos);
}

} // namespace

namespace {

using kiln::runtime::CpuArtifact;

CpuArtifact sampleArtifact() {
  CpuArtifact artifact;
  artifact.symbol = "_kiln_entry_main";
  artifact.inputs = {{DType::f32, {2, 3}}, {DType::i64, {}}};
  artifact.outputs = {{DType::b1, {4}}};
  artifact.faultSites = {"kiln.gather at a.cpp:3"};
  artifact.object = std::string("\x7f"
                                "ELF\0object bytes",
                                17);
  return artifact;
}

TEST(ArtifactCacheTest, SerializedArtifactRoundTrips) {
  CpuArtifact artifact = sampleArtifact();
  std::string blob = serializeArtifact("key", "v1", artifact);
  auto back = deserializeArtifact(blob, "key", "v1");
  ASSERT_TRUE(static_cast<bool>(back)) << llvm::toString(back.takeError());
  EXPECT_EQ(back->symbol, artifact.symbol);
  EXPECT_EQ(back->inputs, artifact.inputs);
  EXPECT_EQ(back->outputs, artifact.outputs);
  EXPECT_EQ(back->faultSites, artifact.faultSites);
  EXPECT_EQ(back->object, artifact.object);
}

TEST(ArtifactCacheTest, RejectsOtherKeysVersionsAndDamage) {
  std::string blob = serializeArtifact("key", "v1", sampleArtifact());
  auto reason = [](llvm::Expected<CpuArtifact> result) {
    EXPECT_FALSE(static_cast<bool>(result));
    return result ? std::string() : llvm::toString(result.takeError());
  };
  EXPECT_NE(
      reason(deserializeArtifact(blob, "other", "v1")).find("another graph"),
      std::string::npos);
  EXPECT_NE(reason(deserializeArtifact(blob, "key", "v2")).find("another kiln"),
            std::string::npos);
  for (size_t cut : {size_t{0}, size_t{5}, blob.size() / 2, blob.size() - 1})
    EXPECT_FALSE(
        reason(deserializeArtifact(blob.substr(0, cut), "key", "v1")).empty())
        << "truncated to " << cut;
  for (size_t at = 8; at < blob.size(); at += 7) {
    std::string damaged = blob;
    damaged[at] ^= 0x5a;
    EXPECT_FALSE(reason(deserializeArtifact(damaged, "key", "v1")).empty())
        << "byte " << at;
  }
}

/// The cache folder's entries, with their modification times.
std::map<std::string, llvm::sys::TimePoint<>>
cacheEntries(const llvm::SmallString<128> &dir) {
  std::map<std::string, llvm::sys::TimePoint<>> entries;
  std::error_code error;
  for (llvm::sys::fs::directory_iterator it(dir, error), end;
       it != end && !error; it.increment(error)) {
    llvm::sys::fs::file_status status;
    if (!llvm::sys::fs::status(it->path(), status))
      entries[it->path()] = status.getLastModificationTime();
  }
  return entries;
}

/// Sets the modification time of `path` to `age` ago.
void age(const std::string &path, std::chrono::minutes age) {
  int fd;
  ASSERT_FALSE(llvm::sys::fs::openFileForWrite(
      path, fd, llvm::sys::fs::CD_OpenExisting, llvm::sys::fs::OF_Append));
  EXPECT_FALSE(llvm::sys::fs::setLastAccessAndModificationTime(
      fd, std::chrono::system_clock::now() - age));
  llvm::sys::Process::SafelyCloseFileDescriptor(fd);
}

// A store beyond the folder's bound removes the least recently used entries;
// a lookup that hits counts as a use. Entries of other versions (older
// builds) go the same way.
TEST(ArtifactCacheTest, StoresBeyondTheBoundEvictTheLeastRecentlyUsed) {
  llvm::SmallString<128> dir;
  ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("kiln-cache", dir));
  CpuArtifact artifact = sampleArtifact();
  uint64_t entryBytes = serializeArtifact("a", "v1", artifact).size();
  ArtifactCache older(std::string(dir), "v0", 2 * entryBytes + 16);
  ArtifactCache cache(std::string(dir), "v1", 2 * entryBytes + 16);

  cache.store("a", artifact);
  for (const auto &[path, time] : cacheEntries(dir))
    age(path, std::chrono::minutes(90));
  older.store("a", artifact);
  ASSERT_EQ(cacheEntries(dir).size(), 2u);
  for (const auto &[path, time] : cacheEntries(dir))
    if (time > std::chrono::system_clock::now() - std::chrono::minutes(10))
      age(path, std::chrono::minutes(60));
  // The v1 entry, the older of the two, is used now: the v0 one becomes
  // the least recently used.
  ASSERT_TRUE(cache.lookup("a").has_value());

  cache.store("b", artifact);
  EXPECT_EQ(cacheEntries(dir).size(), 2u);
  EXPECT_FALSE(older.lookup("a").has_value()) << "the LRU entry stayed";
  EXPECT_TRUE(cache.lookup("a").has_value());
  EXPECT_TRUE(cache.lookup("b").has_value());
  llvm::sys::fs::remove_directories(dir);
}

} // namespace
