//===- serialize.h - saving and loading tensors and modules -----*- C++ -*-===//
//
// Files are in the safetensors format (https://github.com/huggingface/
// safetensors), so PyTorch, numpy and JAX read what kiln writes and kiln
// reads what they write.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_SERIALIZE_H
#define KILN_SERIALIZE_H

#include "kiln/Error.h"
#include "kiln/Tensor.h"
#include "kiln/nn.h"

#include <concepts>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace kiln {

/// Writes `tensors`, in order, to the safetensors file `path`. Pending
/// values are computed first; CUDA tensors are written from a host copy.
/// The file is written beside `path` and then renamed over it, so a failed
/// save leaves an existing file as it was. Names must be unique UTF-8
/// strings other than `__metadata__`.
void save(const std::vector<std::pair<std::string, Tensor>> &tensors,
          const std::string &path, KILN_HERE);
/// Writes one tensor, named "tensor".
void save(const Tensor &tensor, const std::string &path, KILN_HERE);
/// Writes `module.state_dict()`, as torch::save does for a module.
void save(const nn::Module &module, const std::string &path, KILN_HERE);
/// Writes the state_dict() of the module a shared pointer or module holder
/// points to.
template <std::derived_from<nn::Module> ModuleType>
void save(const std::shared_ptr<ModuleType> &module, const std::string &path,
          KILN_HERE) {
  if (!module)
    throw Error("kiln.save: the module pointer is empty", where);
  save(*module, path, where);
}
template <typename Impl>
void save(const nn::ModuleHolder<Impl> &module, const std::string &path,
          KILN_HERE) {
  save(module.ptr(), path, where);
}

/// The tensors of the safetensors file `path`, in the order of their data,
/// as CPU tensors. The whole file is checked first: a malformed one raises
/// kiln::Error saying what is wrong with which tensor.
std::vector<std::pair<std::string, Tensor>>
load_tensors(const std::string &path, KILN_HERE);
/// The tensor of a safetensors file that holds exactly one.
Tensor load(const std::string &path, KILN_HERE);
/// Loads `path` into `module` with load_state_dict (strict), as torch::load
/// does for a module: its tensors keep their identity and device.
void load(nn::Module &module, const std::string &path, KILN_HERE);
/// Loads into the module a shared pointer or module holder points to.
template <std::derived_from<nn::Module> ModuleType>
void load(const std::shared_ptr<ModuleType> &module, const std::string &path,
          KILN_HERE) {
  if (!module)
    throw Error("kiln.load: the module pointer is empty", where);
  load(*module, path, where);
}
template <typename Impl>
void load(const nn::ModuleHolder<Impl> &module, const std::string &path,
          KILN_HERE) {
  load(module.ptr(), path, where);
}

} // namespace kiln

#endif // KILN_SERIALIZE_H
