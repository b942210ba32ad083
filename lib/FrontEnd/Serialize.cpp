//===- Serialize.cpp - kiln::save and kiln::load --------------------------===//
//
// Tensors and modules to and from safetensors files (Safetensors.cpp holds
// the format).
//
//===----------------------------------------------------------------------===//

#include "Lazy.h"
#include "Safetensors.h"

#include "kiln/Functions.h"
#include "kiln/serialize.h"

#include "llvm/Support/MemoryBuffer.h"

namespace kiln {

using detail::fail;

void save(const std::vector<std::pair<std::string, Tensor>> &tensors,
          const std::string &path, SourceLocation where) {
  where = detail::callSite(where);
  std::vector<detail::NodePtr> nodes;
  for (const auto &[name, tensor] : tensors) {
    if (!tensor.defined())
      fail("kiln.save", "tensor '" + name + "' is undefined", where);
    nodes.push_back(detail::currentNode(tensor.unsafeImpl()));
  }
  // One program per device computes every pending value.
  detail::compute(nodes, where);
  std::vector<runtime::HostBuffer> values;
  std::vector<detail::SafetensorsEntry> entries;
  for (size_t i = 0; i < nodes.size(); ++i) {
    values.push_back(detail::hostValue(nodes[i], where));
    const runtime::TensorSpec &spec = nodes[i]->spec;
    entries.push_back(
        {tensors[i].first, spec.dtype, spec.shape,
         llvm::StringRef(static_cast<const char *>(values.back().data()),
                         spec.byteSize())});
  }
  if (llvm::Error error = detail::writeSafetensors(path, entries))
    fail("kiln.save",
         "cannot write '" + path + "': " + llvm::toString(std::move(error)),
         where);
}

void save(const Tensor &tensor, const std::string &path, SourceLocation where) {
  save({{"tensor", tensor}}, path, where);
}

void save(const nn::Module &module, const std::string &path,
          SourceLocation where) {
  save(module.state_dict(), path, where);
}

std::vector<std::pair<std::string, Tensor>>
load_tensors(const std::string &path, SourceLocation where) {
  where = detail::callSite(where);
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file)
    fail("kiln.load",
         "cannot read '" + path + "': " + file.getError().message(), where);
  auto entries = detail::parseSafetensors((*file)->getBuffer());
  if (!entries)
    fail("kiln.load",
         "'" + path + "' is not a valid safetensors file: " +
             llvm::toString(entries.takeError()),
         where);
  std::vector<std::pair<std::string, Tensor>> tensors;
  for (const detail::SafetensorsEntry &entry : *entries) {
    Tensor tensor;
    try {
      tensor = from_blob(entry.bytes.data(), entry.shape,
                         detail::fromRuntime(entry.dtype), where);
    } catch (const Error &error) {
      fail("kiln.load",
           "'" + path + "': tensor '" + entry.name + "': " + error.message(),
           where);
    }
    // Compiled code assumes bool bytes are 0 or 1 (LLVM's i1 in memory);
    // other writers may store any nonzero byte for true.
    if (entry.dtype == runtime::DType::b1)
      for (uint8_t &byte : llvm::MutableArrayRef<uint8_t>(
               tensor.data_ptr<uint8_t>(where), entry.bytes.size()))
        byte = byte != 0;
    tensors.emplace_back(entry.name, std::move(tensor));
  }
  return tensors;
}

Tensor load(const std::string &path, SourceLocation where) {
  where = detail::callSite(where);
  auto tensors = load_tensors(path, where);
  if (tensors.size() != 1)
    fail("kiln.load",
         "'" + path + "' holds " + std::to_string(tensors.size()) +
             " tensors, not one (kiln::load_tensors reads any number)",
         where);
  return tensors.front().second;
}

void load(nn::Module &module, const std::string &path, SourceLocation where) {
  where = detail::callSite(where);
  auto tensors = load_tensors(path, where);
  try {
    module.load_state_dict(tensors, /*strict=*/true, where);
  } catch (const Error &error) {
    fail("kiln.load",
         "'" + path + "' does not fit the module: " + error.message(), where);
  }
}

} // namespace kiln
