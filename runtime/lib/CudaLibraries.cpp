//===- CudaLibraries.cpp - finding NVIDIA's shared libraries --------------===//

#include "kiln/runtime/CudaLibraries.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>
#include <dlfcn.h>
#include <glob.h>

namespace kiln::runtime::cuda {

namespace {

/// Candidate paths in order, without repeats.
class CandidateList {
public:
  explicit CandidateList(llvm::StringRef soname) : soname(soname) {}
  void addPath(llvm::StringRef path) {
    if (!path.empty() && seen.insert(path).second)
      paths.push_back(path.str());
  }
  void addFolder(llvm::StringRef folder) {
    if (folder.empty())
      return;
    llvm::SmallString<256> path(folder);
    llvm::sys::path::append(path, soname);
    addPath(path);
  }
  /// Every folder matching the glob `pattern`.
  void addFolders(const std::string &pattern) {
    glob_t matches;
    if (glob(pattern.c_str(), GLOB_ONLYDIR, nullptr, &matches) == 0)
      for (size_t i = 0; i < matches.gl_pathc; ++i)
        addFolder(matches.gl_pathv[i]);
    globfree(&matches);
  }
  std::vector<std::string> take() { return std::move(paths); }

private:
  llvm::StringRef soname;
  llvm::StringSet<> seen;
  std::vector<std::string> paths;
};

/// The installation prefixes of the python3 executables on `path`: each
/// folder above the bin/ holding one, and the same for its resolved target.
std::vector<std::string> pythonPrefixes(llvm::StringRef path) {
  std::vector<std::string> prefixes;
  llvm::SmallVector<llvm::StringRef> folders;
  path.split(folders, ':', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  for (llvm::StringRef folder : folders) {
    llvm::SmallString<256> python(folder);
    llvm::sys::path::append(python, "python3");
    if (!llvm::sys::fs::can_execute(python))
      continue;
    prefixes.push_back(llvm::sys::path::parent_path(folder).str());
    llvm::SmallString<256> resolved;
    if (!llvm::sys::fs::real_path(python, resolved))
      prefixes.push_back(
          llvm::sys::path::parent_path(llvm::sys::path::parent_path(resolved))
              .str());
  }
  return prefixes;
}

} // namespace

std::optional<std::string> processEnvironment(llvm::StringRef name) {
  if (const char *value = std::getenv(name.str().c_str()))
    return std::string(value);
  return std::nullopt;
}

std::vector<std::string> libraryCandidates(llvm::StringRef soname,
                                           EnvironmentLookup getenv) {
  CandidateList list(soname);
  list.addPath(soname);
  if (std::optional<std::string> folders = getenv("KILN_CUDA_LIBRARY_PATH")) {
    llvm::SmallVector<llvm::StringRef> split;
    llvm::StringRef(*folders).split(split, ':', -1, /*KeepEmpty=*/false);
    for (llvm::StringRef folder : split)
      list.addFolder(folder);
  }

  std::vector<std::string> toolkits;
  for (const char *variable : {"CUDA_HOME", "CUDA_PATH"})
    if (std::optional<std::string> toolkit = getenv(variable))
      toolkits.push_back(*toolkit);
  toolkits.push_back("/usr/local/cuda");
  for (const std::string &toolkit : toolkits)
    if (!toolkit.empty())
      list.addFolder(toolkit + "/lib64");

  std::vector<std::string> prefixes;
  for (const char *variable : {"VIRTUAL_ENV", "CONDA_PREFIX"})
    if (std::optional<std::string> prefix = getenv(variable))
      prefixes.push_back(*prefix);
  if (std::optional<std::string> path = getenv("PATH"))
    for (std::string &prefix : pythonPrefixes(*path))
      prefixes.push_back(std::move(prefix));
  prefixes.push_back("/usr/local");
  prefixes.push_back("/usr");
  for (const std::string &prefix : prefixes) {
    if (prefix.empty())
      continue;
    for (const char *packages : {"site-packages", "dist-packages"})
      list.addFolders(prefix + "/lib/python3*/" + packages + "/nvidia/*/lib");
  }
  return list.take();
}

llvm::Expected<void *> openLibrary(llvm::StringRef library,
                                   llvm::ArrayRef<llvm::StringRef> sonames) {
  std::string tried;
  llvm::raw_string_ostream os(tried);
  for (llvm::StringRef soname : sonames) {
    for (const std::string &path :
         libraryCandidates(soname, processEnvironment)) {
      if (void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL))
        return handle;
      // dlerror usually starts with the path: keep only the reason.
      const char *error = dlerror();
      llvm::StringRef reason(error ? error : "unknown error");
      reason.consume_front(path + ": ");
      os << "\n  " << path << ": " << reason;
    }
  }
  return llvm::createStringError(
      llvm::inconvertibleErrorCode(),
      "cannot load " + library + " (" + llvm::join(sonames, ", ") +
          "); tried, in order:" + tried +
          "\nset KILN_CUDA_LIBRARY_PATH to the folder that holds it");
}

} // namespace kiln::runtime::cuda
