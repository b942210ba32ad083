//===- ArtifactCache.cpp - compiled programs on disk ----------------------===//

#include "kiln/runtime/ArtifactCache.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Support/xxhash.h"

#include <cstdlib>
#include <cstring>

namespace kiln::runtime {

namespace {

constexpr llvm::StringLiteral kMagic("KILNART1");
// A sanity bound on every count and length read from a file.
constexpr uint64_t kMaxLength = uint64_t{1} << 32;

class Writer {
public:
  void u64(uint64_t value) { bytes.append(reinterpret_cast<char *>(&value), 8); }
  void text(const std::string &value) {
    u64(value.size());
    bytes += value;
  }
  void spec(const TensorSpec &spec) {
    u64(static_cast<uint64_t>(spec.dtype));
    u64(spec.shape.size());
    for (int64_t size : spec.shape)
      u64(static_cast<uint64_t>(size));
  }
  std::string bytes;
};

/// Reads fields, failing (never reading past the end) on short input.
class Reader {
public:
  explicit Reader(llvm::StringRef bytes) : rest(bytes) {}
  bool u64(uint64_t &value) {
    if (rest.size() < 8)
      return false;
    std::memcpy(&value, rest.data(), 8);
    rest = rest.drop_front(8);
    return true;
  }
  bool text(std::string &value) {
    uint64_t size;
    if (!u64(size) || size > rest.size())
      return false;
    value = rest.take_front(size).str();
    rest = rest.drop_front(size);
    return true;
  }
  bool tensorSpec(TensorSpec &spec) {
    uint64_t dtype, rank;
    if (!u64(dtype) || dtype > static_cast<uint64_t>(DType::b1) || !u64(rank) ||
        rank > 64)
      return false;
    spec.dtype = static_cast<DType>(dtype);
    spec.shape.resize(rank);
    for (int64_t &size : spec.shape) {
      uint64_t value;
      if (!u64(value) || value > kMaxLength)
        return false;
      size = static_cast<int64_t>(value);
    }
    return true;
  }
  bool specs(std::vector<TensorSpec> &specs) {
    uint64_t count;
    if (!u64(count) || count > 4096)
      return false;
    specs.resize(count);
    for (TensorSpec &spec : specs)
      if (!tensorSpec(spec))
        return false;
    return true;
  }
  bool done() const { return rest.empty(); }

private:
  llvm::StringRef rest;
};

llvm::Error invalid(const llvm::Twine &why) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), why);
}

} // namespace

std::string serializeArtifact(const std::string &key, const std::string &version,
                              const CpuArtifact &artifact) {
  Writer w;
  w.bytes = kMagic.str();
  w.text(version);
  w.text(key);
  w.text(artifact.symbol);
  w.u64(artifact.inputs.size());
  for (const TensorSpec &spec : artifact.inputs)
    w.spec(spec);
  w.u64(artifact.outputs.size());
  for (const TensorSpec &spec : artifact.outputs)
    w.spec(spec);
  w.u64(artifact.faultSites.size());
  for (const std::string &site : artifact.faultSites)
    w.text(site);
  w.text(artifact.object);
  uint64_t checksum = llvm::xxh3_64bits(llvm::StringRef(w.bytes));
  w.u64(checksum);
  return std::move(w.bytes);
}

llvm::Expected<CpuArtifact> deserializeArtifact(const std::string &blob,
                                                const std::string &key,
                                                const std::string &version) {
  llvm::StringRef bytes(blob);
  if (!bytes.starts_with(kMagic) || bytes.size() < kMagic.size() + 8)
    return invalid("not a kiln artifact");
  llvm::StringRef body = bytes.drop_back(8);
  uint64_t checksum;
  std::memcpy(&checksum, bytes.data() + body.size(), 8);
  if (checksum != llvm::xxh3_64bits(body))
    return invalid("checksum mismatch (a corrupt or truncated entry)");
  Reader r(body.drop_front(kMagic.size()));
  std::string storedVersion, storedKey;
  if (!r.text(storedVersion) || !r.text(storedKey))
    return invalid("truncated header");
  if (storedVersion != version)
    return invalid("written by another kiln, LLVM, CPU or pipeline (" +
                   storedVersion + ")");
  if (storedKey != key)
    return invalid("the entry belongs to another graph (hash collision)");
  CpuArtifact artifact;
  uint64_t sites;
  if (!r.text(artifact.symbol) || !r.specs(artifact.inputs) ||
      !r.specs(artifact.outputs) || !r.u64(sites) || sites > 4096)
    return invalid("malformed descriptor");
  artifact.faultSites.resize(sites);
  for (std::string &site : artifact.faultSites)
    if (!r.text(site))
      return invalid("malformed descriptor");
  if (!r.text(artifact.object) || !r.done())
    return invalid("malformed object");
  return artifact;
}

ArtifactCache::ArtifactCache(std::string folder, std::string version)
    : folder(std::move(folder)), version(std::move(version)) {}

std::string ArtifactCache::defaultFolder() {
  if (const char *explicitFolder = std::getenv("KILN_CACHE_DIR")) {
    llvm::StringRef value(explicitFolder);
    if (value == "0" || value.equals_insensitive("off"))
      return "";
    return value.str();
  }
  llvm::SmallString<128> path;
  if (const char *xdg = std::getenv("XDG_CACHE_HOME"); xdg && *xdg)
    path = xdg;
  else if (!llvm::sys::path::home_directory(path))
    return "";
  else
    llvm::sys::path::append(path, ".cache");
  llvm::sys::path::append(path, "kiln");
  return std::string(path);
}

std::string ArtifactCache::pathFor(const std::string &key) const {
  uint64_t hash = llvm::xxh3_64bits(llvm::StringRef(version + '\0' + key));
  llvm::SmallString<128> path(folder);
  llvm::sys::path::append(path, llvm::utohexstr(hash) + ".kiln");
  return std::string(path);
}

std::optional<CpuArtifact> ArtifactCache::lookup(const std::string &key) const {
  if (!enabled())
    return std::nullopt;
  std::string path = pathFor(key);
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file)
    return std::nullopt;
  auto artifact = deserializeArtifact((*file)->getBuffer().str(), key, version);
  if (!artifact) {
    llvm::errs() << "kiln: warning: ignoring cache entry " << path << ": "
                 << llvm::toString(artifact.takeError()) << "\n";
    return std::nullopt;
  }
  return std::move(*artifact);
}

void ArtifactCache::store(const std::string &key,
                          const CpuArtifact &artifact) const {
  if (!enabled())
    return;
  if (std::error_code error = llvm::sys::fs::create_directories(folder)) {
    llvm::errs() << "kiln: warning: cannot create cache folder " << folder
                 << ": " << error.message() << "\n";
    return;
  }
  // A unique temporary file renamed over the entry: readers in other
  // threads and processes see the old entry or the new one, never half.
  if (llvm::Error error = llvm::writeToOutput(
          pathFor(key), [&](llvm::raw_ostream &os) {
            os << serializeArtifact(key, version, artifact);
            return llvm::Error::success();
          }))
    llvm::errs() << "kiln: warning: cannot write cache entry in " << folder
                 << ": " << llvm::toString(std::move(error)) << "\n";
}

} // namespace kiln::runtime
