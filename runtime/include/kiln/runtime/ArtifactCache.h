//===- ArtifactCache.h - compiled programs on disk --------------*- C++ -*-===//
//
// A persistent cache of CPU artifacts, so a second run of a program compiles
// nothing. Entries are versioned (kiln, LLVM, host CPU, pipeline), carry
// their full key and a checksum, and are written to a temporary file and
// renamed, so readers in other threads or processes never see half an entry.
// A corrupt or stale entry is a miss with a warning.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNTIME_ARTIFACTCACHE_H
#define KILN_RUNTIME_ARTIFACTCACHE_H

#include "kiln/runtime/Artifact.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <optional>
#include <string>

namespace kiln::runtime {

/// Serializes `artifact` with `key` and `version` into one self-checking
/// blob.
std::string serializeArtifact(const std::string &key, const std::string &version,
                              const CpuArtifact &artifact);

/// Reads a blob written by serializeArtifact. Fails, saying why, when the
/// blob is truncated, corrupt, or written for another key or version.
llvm::Expected<CpuArtifact> deserializeArtifact(const std::string &blob,
                                                const std::string &key,
                                                const std::string &version);

/// The most bytes a cache folder's entries of one kind (CPU artifacts, GPU
/// binaries) take before the least recently used are removed: entries of
/// other versions (an older build of kiln) are never read again, so without
/// a bound a folder would grow with every build.
inline constexpr uint64_t kDefaultCacheBytes = uint64_t(1) << 30;

class ArtifactCache {
public:
  /// A cache in `folder`, whose entries take at most `maxBytes` (the least
  /// recently used go first); an empty folder disables it.
  ArtifactCache(std::string folder, std::string version,
                uint64_t maxBytes = kDefaultCacheBytes);

  /// The folder named by KILN_CACHE_DIR, else $XDG_CACHE_HOME/kiln, else
  /// ~/.cache/kiln; empty (disabled) when KILN_CACHE_DIR is "0" or "off".
  static std::string defaultFolder();

  bool enabled() const { return !folder.empty(); }
  /// The entry for `key`, if a valid one is on disk. Invalid entries are
  /// reported on standard error and treated as absent.
  std::optional<CpuArtifact> lookup(const std::string &key) const;
  /// Stores the entry for `key`; failures (a full disk, a read-only folder)
  /// are reported and ignored: the cache is an optimization.
  void store(const std::string &key, const CpuArtifact &artifact) const;

private:
  std::string folder;
  std::string version;
  uint64_t maxBytes;
};

} // namespace kiln::runtime

#endif // KILN_RUNTIME_ARTIFACTCACHE_H
