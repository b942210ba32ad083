//===- DeviceAllocatorTest.cpp - the caching allocator on a fake device ---===//

#include "kiln/runtime/DeviceAllocator.h"

#include <gtest/gtest.h>

#include <map>
#include <thread>
#include <vector>

using namespace kiln::runtime::cuda;

namespace {

constexpr uint64_t MiB = uint64_t{1} << 20;

/// A device with `capacity` bytes that hands out made-up addresses.
class FakeDevice : public DeviceMemoryBackend {
public:
  explicit FakeDevice(uint64_t capacity) : capacity(capacity) {}

  llvm::Expected<void *> allocate(uint64_t bytes) override {
    if (broken)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "the fake device is broken");
    if (used + bytes > capacity)
      return nullptr;
    used += bytes;
    void *block = reinterpret_cast<void *>(next);
    next += bytes;
    blocks[block] = bytes;
    return block;
  }
  void free(void *block) override {
    auto it = blocks.find(block);
    ASSERT_NE(it, blocks.end()) << "freed twice or never allocated";
    used -= it->second;
    blocks.erase(it);
  }
  uint64_t freeBytes() override { return capacity - used; }
  void synchronize() override { ++synchronizations; }

  uint64_t capacity;
  uint64_t used = 0;
  uintptr_t next = 0x100000;
  std::map<void *, uint64_t> blocks;
  int synchronizations = 0;
  bool broken = false;
};

void *allocateOrFail(DeviceAllocator &allocator, uint64_t bytes) {
  llvm::Expected<void *> block = allocator.allocate(bytes);
  if (!block) {
    ADD_FAILURE() << llvm::toString(block.takeError());
    return nullptr;
  }
  return *block;
}

TEST(DeviceAllocatorTest, RoundsSmallTo512BytesAndLargeTo2MiB) {
  EXPECT_EQ(DeviceAllocator::roundedSize(0), 512u);
  EXPECT_EQ(DeviceAllocator::roundedSize(1), 512u);
  EXPECT_EQ(DeviceAllocator::roundedSize(512), 512u);
  EXPECT_EQ(DeviceAllocator::roundedSize(513), 1024u);
  EXPECT_EQ(DeviceAllocator::roundedSize(MiB), MiB);
  EXPECT_EQ(DeviceAllocator::roundedSize(MiB + 1), 2 * MiB);
  EXPECT_EQ(DeviceAllocator::roundedSize(3 * MiB), 4 * MiB);
  EXPECT_EQ(DeviceAllocator::roundedSize(4 * MiB), 4 * MiB);
}

TEST(DeviceAllocatorTest, ReusesFreedBlocks) {
  FakeDevice device(64 * MiB);
  DeviceAllocator allocator(device);
  void *first = allocateOrFail(allocator, 1000);
  EXPECT_TRUE(allocator.deallocate(first));
  void *second = allocateOrFail(allocator, 900);
  EXPECT_EQ(second, first);
  MemoryStats stats = allocator.stats();
  EXPECT_EQ(stats.allocations, 2u);
  EXPECT_EQ(stats.cacheHits, 1u);
  EXPECT_EQ(stats.deviceAllocations, 1u);
  EXPECT_EQ(stats.allocatedBytes, 1024u);
  EXPECT_EQ(stats.reservedBytes, 1024u);
  EXPECT_EQ(device.blocks.size(), 1u);
}

TEST(DeviceAllocatorTest, ZeroByteAllocationsAreDistinct) {
  FakeDevice device(64 * MiB);
  DeviceAllocator allocator(device);
  void *a = allocateOrFail(allocator, 0);
  void *b = allocateOrFail(allocator, 0);
  EXPECT_NE(a, nullptr);
  EXPECT_NE(a, b);
}

TEST(DeviceAllocatorTest, PicksTheSmallestFittingBlock) {
  FakeDevice device(256 * MiB);
  DeviceAllocator allocator(device);
  void *small = allocateOrFail(allocator, 2048);
  void *medium = allocateOrFail(allocator, 4096);
  allocator.deallocate(medium);
  allocator.deallocate(small);
  EXPECT_EQ(allocateOrFail(allocator, 1500), small);
  EXPECT_EQ(allocateOrFail(allocator, 3000), medium);
}

TEST(DeviceAllocatorTest, LargeRequestsTakeBlocksAtMostTwiceTheirSize) {
  FakeDevice device(256 * MiB);
  DeviceAllocator allocator(device);
  void *big = allocateOrFail(allocator, 8 * MiB);
  allocator.deallocate(big);
  // 2 MiB would waste three quarters of the block: a new one.
  void *two = allocateOrFail(allocator, 2 * MiB);
  EXPECT_NE(two, big);
  // 3 MiB rounds to 4 MiB: half the block is fine.
  EXPECT_EQ(allocateOrFail(allocator, 3 * MiB), big);
  EXPECT_EQ(allocator.stats().allocatedBytes, 10 * MiB);
}

TEST(DeviceAllocatorTest, SmallRequestsNeverTakeLargeBlocks) {
  FakeDevice device(256 * MiB);
  DeviceAllocator allocator(device);
  void *large = allocateOrFail(allocator, 2 * MiB);
  allocator.deallocate(large);
  EXPECT_NE(allocateOrFail(allocator, 1000), large);
  EXPECT_EQ(allocator.stats().cacheHits, 0u);
}

TEST(DeviceAllocatorTest, TracksPeakAllocatedBytes) {
  FakeDevice device(256 * MiB);
  DeviceAllocator allocator(device);
  void *a = allocateOrFail(allocator, 4 * MiB);
  void *b = allocateOrFail(allocator, 2 * MiB);
  allocator.deallocate(a);
  allocator.deallocate(b);
  MemoryStats stats = allocator.stats();
  EXPECT_EQ(stats.peakAllocatedBytes, 6 * MiB);
  EXPECT_EQ(stats.allocatedBytes, 0u);
  EXPECT_EQ(stats.reservedBytes, 6 * MiB);
}

TEST(DeviceAllocatorTest, OutOfMemoryEmptiesTheCacheAndRetries) {
  FakeDevice device(4 * MiB);
  DeviceAllocator allocator(device);
  void *cachedBlock = allocateOrFail(allocator, MiB);
  allocator.deallocate(cachedBlock);
  // 3.5 MiB rounds to 4 MiB; only 3 MiB are free until the cache is emptied.
  void *block = allocateOrFail(allocator, 3 * MiB + MiB / 2);
  EXPECT_NE(block, nullptr);
  MemoryStats stats = allocator.stats();
  EXPECT_EQ(stats.oomRetries, 1u);
  EXPECT_EQ(stats.reservedBytes, 4 * MiB);
  EXPECT_EQ(stats.allocatedBytes, 4 * MiB);
  EXPECT_EQ(device.blocks.size(), 1u);
  // Cached blocks go back only once queued work is done.
  EXPECT_GE(device.synchronizations, 1);
}

TEST(DeviceAllocatorTest, OutOfMemoryTwiceNamesTheFigures) {
  FakeDevice device(4 * MiB);
  DeviceAllocator allocator(device);
  void *held = allocateOrFail(allocator, MiB);
  void *cachedBlock = allocateOrFail(allocator, 2 * MiB);
  allocator.deallocate(cachedBlock);
  llvm::Expected<void *> block = allocator.allocate(8 * MiB);
  ASSERT_FALSE(block);
  EXPECT_EQ(llvm::toString(block.takeError()),
            "CUDA out of memory: tried to allocate 8.00 MiB; 1.00 MiB "
            "allocated by kiln, 1.00 MiB reserved, 3.00 MiB free on the "
            "device");
  MemoryStats stats = allocator.stats();
  EXPECT_EQ(stats.oomRetries, 1u);
  EXPECT_EQ(stats.allocations, 2u);
  EXPECT_EQ(stats.allocatedBytes, MiB);
  EXPECT_EQ(device.blocks.size(), 1u);
  EXPECT_TRUE(allocator.deallocate(held));
}

TEST(DeviceAllocatorTest, OtherDeviceErrorsAreReturned) {
  FakeDevice device(4 * MiB);
  device.broken = true;
  DeviceAllocator allocator(device);
  llvm::Expected<void *> block = allocator.allocate(100);
  ASSERT_FALSE(block);
  EXPECT_EQ(llvm::toString(block.takeError()), "the fake device is broken");
  EXPECT_EQ(allocator.stats().oomRetries, 0u);
}

TEST(DeviceAllocatorTest, EmptyCacheReturnsEveryCachedBlock) {
  FakeDevice device(256 * MiB);
  DeviceAllocator allocator(device);
  std::vector<void *> blocks;
  for (uint64_t bytes : {100u, 5000u, 300000u, 3000000u, 9000000u})
    blocks.push_back(allocateOrFail(allocator, bytes));
  void *kept = allocateOrFail(allocator, 700);
  for (void *block : blocks)
    allocator.deallocate(block);
  allocator.emptyCache();
  EXPECT_EQ(device.blocks.size(), 1u);
  EXPECT_EQ(allocator.stats().reservedBytes, 1024u);
  allocator.deallocate(kept);
  allocator.emptyCache();
  EXPECT_TRUE(device.blocks.empty());
  EXPECT_EQ(device.used, 0u);
  MemoryStats stats = allocator.stats();
  EXPECT_EQ(stats.reservedBytes, 0u);
  EXPECT_EQ(stats.allocatedBytes, 0u);
}

TEST(DeviceAllocatorTest, DestructionReturnsCachedBlocks) {
  FakeDevice device(256 * MiB);
  {
    DeviceAllocator allocator(device);
    allocator.deallocate(allocateOrFail(allocator, 3 * MiB));
  }
  EXPECT_TRUE(device.blocks.empty());
}

TEST(DeviceAllocatorTest, RejectsUnknownAndDoubleFrees) {
  FakeDevice device(256 * MiB);
  DeviceAllocator allocator(device);
  int local;
  EXPECT_FALSE(allocator.deallocate(&local));
  void *block = allocateOrFail(allocator, 10);
  EXPECT_TRUE(allocator.deallocate(block));
  EXPECT_FALSE(allocator.deallocate(block));
  EXPECT_EQ(allocator.stats().allocatedBytes, 0u);
}

TEST(DeviceAllocatorTest, IsThreadSafe) {
  FakeDevice device(uint64_t{1} << 40);
  DeviceAllocator allocator(device);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        void *block = allocateOrFail(allocator, 512 * (1 + (i + t) % 7));
        allocator.deallocate(block);
      }
    });
  for (std::thread &thread : threads)
    thread.join();
  MemoryStats stats = allocator.stats();
  EXPECT_EQ(stats.allocations, 2000u);
  EXPECT_EQ(stats.allocatedBytes, 0u);
  EXPECT_EQ(stats.cacheHits + stats.deviceAllocations, 2000u);
  EXPECT_LE(stats.deviceAllocations, 4u * 7u);
}

} // namespace
