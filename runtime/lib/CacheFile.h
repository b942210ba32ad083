//===- CacheFile.h - self-checking cache entries on disk --------*- C++ -*-===//
//
// What kiln's disk caches (CPU artifacts, GPU binaries) share: an entry is
// a magic string, the version it was written for, its full key, a payload
// and an xxh3 checksum of all that; it is written to a unique temporary file
// and renamed, so readers never see half an entry, and a bad entry is a miss
// with a warning.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_RUNTIME_LIB_CACHEFILE_H
#define KILN_RUNTIME_LIB_CACHEFILE_H

#include "kiln/runtime/ArtifactCache.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/MemoryBuffer.h"

#include <optional>
#include <string>

namespace kiln::runtime {

/// How one kind of entry identifies itself and words its rejections.
struct CacheEntryFormat {
  /// The entry's first bytes.
  llvm::StringLiteral magic;
  /// What the entry is, after "not " ("a kiln artifact").
  llvm::StringLiteral what;
  /// Why another version may be found ("written by another kiln, ...").
  llvm::StringLiteral otherVersion;
  /// Why another key may be found ("the entry belongs to another graph").
  llvm::StringLiteral otherKey;
};

/// Appends the header of an entry (magic, version, key) to `bytes`.
void beginCacheEntry(const CacheEntryFormat &format, llvm::StringRef version,
                     llvm::StringRef key, std::string &bytes);

/// Appends the checksum of everything in `bytes`, which began with
/// beginCacheEntry and continued with the payload.
void endCacheEntry(std::string &bytes);

/// The payload of `blob` after checking its magic, checksum, version and
/// key; fails, saying why, on the first check that does not pass.
llvm::Expected<llvm::StringRef> openCacheEntry(const CacheEntryFormat &format,
                                               llvm::StringRef blob,
                                               llvm::StringRef version,
                                               llvm::StringRef key);

/// Appends `value` to `bytes` as 8 little-endian-host bytes.
void appendU64(std::string &bytes, uint64_t value);

/// Appends `value` to `bytes` preceded by its length.
void appendText(std::string &bytes, llvm::StringRef value);

/// Reads the fields appendU64 and appendText wrote, failing (never reading
/// past the end) on short input.
class CacheReader {
public:
  explicit CacheReader(llvm::StringRef bytes) : rest(bytes) {}
  bool u64(uint64_t &value);
  bool text(std::string &value);
  bool done() const { return rest.empty(); }
  /// What has not been read yet.
  llvm::StringRef remaining() const { return rest; }

private:
  llvm::StringRef rest;
};

/// A folder of entries for one version, one file per key named by a hash of
/// the version and the key. An empty folder disables it. A lookup that hits
/// marks its entry used; a store removes the least recently used entries
/// (of this extension, whatever their version) while they take more than
/// `maxBytes`.
class CacheFolder {
public:
  CacheFolder(std::string folder, std::string version,
              llvm::StringRef extension,
              uint64_t maxBytes = kDefaultCacheBytes);

  bool enabled() const { return !folder.empty(); }

  /// The entry for `key` decoded by `decode`, if a file for it exists and
  /// `decode` accepts it. A rejected file is reported on standard error as
  /// ignored and treated as absent.
  template <typename T>
  std::optional<T>
  lookup(llvm::StringRef key,
         llvm::function_ref<llvm::Expected<T>(llvm::StringRef)> decode) const {
    if (!enabled())
      return std::nullopt;
    std::string path = pathFor(key);
    auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
    if (!file)
      return std::nullopt;
    llvm::Expected<T> value = decode((*file)->getBuffer());
    if (!value) {
      warnIgnored(path, value.takeError());
      return std::nullopt;
    }
    markUsed(path);
    return std::move(*value);
  }

  /// Writes `blob` as the entry for `key`. Failures (a full disk, a
  /// read-only folder) are reported and ignored: caches are optimizations.
  void store(llvm::StringRef key, llvm::StringRef blob) const;

  /// Reports that the entry at `path` is ignored, and why.
  static void warnIgnored(llvm::StringRef path, llvm::Error why);

private:
  std::string pathFor(llvm::StringRef key) const;
  /// Sets the entry's modification time to now: the order trim() keeps.
  static void markUsed(llvm::StringRef path);
  /// Removes the least recently used entries beyond maxBytes.
  void trim() const;

  std::string folder;
  std::string version;
  std::string extension;
  uint64_t maxBytes;
};

} // namespace kiln::runtime

#endif // KILN_RUNTIME_LIB_CACHEFILE_H
