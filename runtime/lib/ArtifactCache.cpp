//===- ArtifactCache.cpp - compiled programs on disk ----------------------===//

#include "kiln/runtime/ArtifactCache.h"

#include "CacheFile.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Path.h"

#include <cstdlib>

namespace kiln::runtime {

namespace {

constexpr CacheEntryFormat kArtifactFormat{
    "KILNART1", "a kiln artifact",
    "written by another kiln, LLVM, CPU or pipeline",
    "the entry belongs to another graph (hash collision)"};
constexpr llvm::StringLiteral kExtension(".kiln");
// A sanity bound on every count and length read from a file.
constexpr uint64_t kMaxLength = uint64_t{1} << 32;

void appendSpec(std::string &bytes, const TensorSpec &spec) {
  appendU64(bytes, static_cast<uint64_t>(spec.dtype));
  appendU64(bytes, spec.shape.size());
  for (int64_t size : spec.shape)
    appendU64(bytes, static_cast<uint64_t>(size));
}

/// Reads an artifact's descriptor fields.
class Reader : public CacheReader {
public:
  using CacheReader::CacheReader;
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
};

llvm::Error invalid(const llvm::Twine &why) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), why);
}

} // namespace

std::string serializeArtifact(const std::string &key, const std::string &version,
                              const CpuArtifact &artifact) {
  std::string bytes;
  beginCacheEntry(kArtifactFormat, version, key, bytes);
  appendText(bytes, artifact.symbol);
  appendU64(bytes, artifact.inputs.size());
  for (const TensorSpec &spec : artifact.inputs)
    appendSpec(bytes, spec);
  appendU64(bytes, artifact.outputs.size());
  for (const TensorSpec &spec : artifact.outputs)
    appendSpec(bytes, spec);
  appendU64(bytes, artifact.faultSites.size());
  for (const std::string &site : artifact.faultSites)
    appendText(bytes, site);
  appendText(bytes, artifact.object);
  endCacheEntry(bytes);
  return bytes;
}

llvm::Expected<CpuArtifact> deserializeArtifact(const std::string &blob,
                                                const std::string &key,
                                                const std::string &version) {
  llvm::Expected<llvm::StringRef> payload =
      openCacheEntry(kArtifactFormat, blob, version, key);
  if (!payload)
    return payload.takeError();
  Reader r(*payload);
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

ArtifactCache::ArtifactCache(std::string folder, std::string version,
                             uint64_t maxBytes)
    : folder(std::move(folder)), version(std::move(version)),
      maxBytes(maxBytes) {}

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

std::optional<CpuArtifact> ArtifactCache::lookup(const std::string &key) const {
  return CacheFolder(folder, version, kExtension, maxBytes)
      .lookup<CpuArtifact>(key, [&](llvm::StringRef blob) {
        return deserializeArtifact(blob.str(), key, version);
      });
}

void ArtifactCache::store(const std::string &key,
                          const CpuArtifact &artifact) const {
  CacheFolder(folder, version, kExtension, maxBytes)
      .store(key, serializeArtifact(key, version, artifact));
}

} // namespace kiln::runtime
