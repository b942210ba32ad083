//===- CacheFile.cpp - self-checking cache entries on disk ----------------===//

#include "CacheFile.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <chrono>
#include <cstring>
#include <vector>

namespace kiln::runtime {

namespace {
llvm::Error invalid(const llvm::Twine &why) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), why);
}
} // namespace

void appendU64(std::string &bytes, uint64_t value) {
  bytes.append(reinterpret_cast<const char *>(&value), 8);
}

void appendText(std::string &bytes, llvm::StringRef value) {
  appendU64(bytes, value.size());
  bytes += value;
}

bool CacheReader::u64(uint64_t &value) {
  if (rest.size() < 8)
    return false;
  std::memcpy(&value, rest.data(), 8);
  rest = rest.drop_front(8);
  return true;
}

bool CacheReader::text(std::string &value) {
  uint64_t size;
  if (!u64(size) || size > rest.size())
    return false;
  value = rest.take_front(size).str();
  rest = rest.drop_front(size);
  return true;
}

void beginCacheEntry(const CacheEntryFormat &format, llvm::StringRef version,
                     llvm::StringRef key, std::string &bytes) {
  bytes += format.magic;
  appendText(bytes, version);
  appendText(bytes, key);
}

void endCacheEntry(std::string &bytes) {
  appendU64(bytes, llvm::xxh3_64bits(llvm::StringRef(bytes)));
}

llvm::Expected<llvm::StringRef> openCacheEntry(const CacheEntryFormat &format,
                                               llvm::StringRef blob,
                                               llvm::StringRef version,
                                               llvm::StringRef key) {
  if (!blob.starts_with(format.magic) || blob.size() < format.magic.size() + 8)
    return invalid("not " + format.what);
  llvm::StringRef body = blob.drop_back(8);
  uint64_t checksum;
  std::memcpy(&checksum, blob.data() + body.size(), 8);
  if (checksum != llvm::xxh3_64bits(body))
    return invalid("checksum mismatch (a corrupt or truncated entry)");
  CacheReader header(body.drop_front(format.magic.size()));
  std::string storedVersion, storedKey;
  if (!header.text(storedVersion) || !header.text(storedKey))
    return invalid("truncated header");
  if (storedVersion != version)
    return invalid(format.otherVersion + " (" + storedVersion + ")");
  if (storedKey != key)
    return invalid(format.otherKey);
  return header.remaining();
}

CacheFolder::CacheFolder(std::string folder, std::string version,
                         llvm::StringRef extension, uint64_t maxBytes)
    : folder(std::move(folder)), version(std::move(version)),
      extension(extension), maxBytes(maxBytes) {}

std::string CacheFolder::pathFor(llvm::StringRef key) const {
  std::string hashed = version + '\0';
  hashed += key;
  uint64_t hash = llvm::xxh3_64bits(llvm::StringRef(hashed));
  llvm::SmallString<128> path(folder);
  llvm::sys::path::append(path, llvm::utohexstr(hash) + extension);
  return std::string(path);
}

void CacheFolder::warnIgnored(llvm::StringRef path, llvm::Error why) {
  llvm::errs() << "kiln: warning: ignoring cache entry " << path << ": "
               << llvm::toString(std::move(why)) << "\n";
}

void CacheFolder::store(llvm::StringRef key, llvm::StringRef blob) const {
  if (!enabled())
    return;
  if (std::error_code error = llvm::sys::fs::create_directories(folder)) {
    llvm::errs() << "kiln: warning: cannot create cache folder " << folder
                 << ": " << error.message() << "\n";
    return;
  }
  // A unique temporary file renamed over the entry: readers in other
  // threads and processes see the old entry or the new one, never half.
  if (llvm::Error error =
          llvm::writeToOutput(pathFor(key), [&](llvm::raw_ostream &os) {
            os << blob;
            return llvm::Error::success();
          }))
    llvm::errs() << "kiln: warning: cannot write cache entry in " << folder
                 << ": " << llvm::toString(std::move(error)) << "\n";
  trim();
}

void CacheFolder::markUsed(llvm::StringRef path) {
  // Best effort: an entry that cannot be touched is only evicted sooner.
  int fd;
  if (llvm::sys::fs::openFileForWrite(path, fd, llvm::sys::fs::CD_OpenExisting,
                                      llvm::sys::fs::OF_Append))
    return;
  (void)llvm::sys::fs::setLastAccessAndModificationTime(
      fd, std::chrono::system_clock::now());
  llvm::sys::Process::SafelyCloseFileDescriptor(fd);
}

void CacheFolder::trim() const {
  struct Entry {
    std::string path;
    llvm::sys::TimePoint<> used;
    uint64_t bytes;
  };
  std::vector<Entry> entries;
  uint64_t total = 0;
  std::error_code error;
  for (llvm::sys::fs::directory_iterator it(folder, error), end;
       it != end && !error; it.increment(error)) {
    if (llvm::sys::path::extension(it->path()) != extension)
      continue;
    llvm::ErrorOr<llvm::sys::fs::basic_file_status> status = it->status();
    if (!status || status->type() != llvm::sys::fs::file_type::regular_file)
      continue;
    entries.push_back(
        {it->path(), status->getLastModificationTime(), status->getSize()});
    total += status->getSize();
  }
  if (total <= maxBytes)
    return;
  llvm::sort(entries,
             [](const Entry &a, const Entry &b) { return a.used < b.used; });
  // Another process may remove the same entry first: not an error.
  for (const Entry &entry : entries) {
    if (total <= maxBytes)
      break;
    (void)llvm::sys::fs::remove(entry.path);
    total -= entry.bytes;
  }
}

} // namespace kiln::runtime
