//===- Npy.cpp - numpy .npy reading and writing ---------------------------===//

#include "kiln/runtime/Npy.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

namespace kiln::runtime {

namespace {

constexpr llvm::StringLiteral kMagic("\x93NUMPY");
// Shapes beyond this many elements are rejected before allocating.
constexpr int64_t kMaxElements = int64_t{1} << 40;

llvm::Error npyError(const std::string &path, const llvm::Twine &why) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 path + ": not a valid .npy file: " + why);
}

/// Finds `'key':` in a header dict and returns the text after it.
std::optional<llvm::StringRef> valueOf(llvm::StringRef header,
                                       llvm::StringRef key) {
  size_t at = header.find(("'" + key + "'").str());
  if (at == llvm::StringRef::npos)
    return std::nullopt;
  llvm::StringRef rest = header.drop_front(at + key.size() + 2).ltrim();
  if (!rest.consume_front(":"))
    return std::nullopt;
  return rest.ltrim();
}

} // namespace

llvm::Expected<HostTensor> readNpy(const std::string &path) {
  auto file = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                          /*RequiresNullTerminator=*/false);
  if (!file)
    return llvm::createStringError(file.getError(),
                                   path + ": " + file.getError().message());
  llvm::StringRef bytes = (*file)->getBuffer();
  if (!bytes.starts_with(kMagic) || bytes.size() < 10)
    return npyError(path, "missing the \\x93NUMPY magic");
  uint8_t major = bytes[6];
  size_t lengthBytes = major == 1 ? 2 : 4;
  if (major < 1 || major > 3 || bytes.size() < 8 + lengthBytes)
    return npyError(path, "unsupported format version " + llvm::Twine(major));
  size_t headerLength = 0;
  for (size_t i = 0; i < lengthBytes; ++i)
    headerLength |= static_cast<size_t>(static_cast<uint8_t>(bytes[8 + i]))
                    << (8 * i);
  size_t dataOffset = 8 + lengthBytes + headerLength;
  if (dataOffset > bytes.size())
    return npyError(path, "header runs past the end of the file");
  llvm::StringRef header = bytes.slice(8 + lengthBytes, dataOffset);

  auto descr = valueOf(header, "descr");
  auto order = valueOf(header, "fortran_order");
  auto shapeText = valueOf(header, "shape");
  if (!descr || !order || !shapeText)
    return npyError(path, "header lacks descr, fortran_order or shape");
  if (!order->starts_with("False"))
    return npyError(path, "Fortran-ordered arrays are not supported");
  llvm::StringRef code = descr->drop_front().take_until(
      [](char c) { return c == '\'' || c == '"'; });
  auto dtype = dtypeFromNpyCode(code);
  if (!dtype)
    return npyError(path, "unsupported dtype '" + code + "'");

  HostTensor tensor;
  tensor.spec.dtype = *dtype;
  llvm::StringRef dims = shapeText->drop_front().take_until(
      [](char c) { return c == ')'; });
  if (!shapeText->starts_with("(") || dims.size() + 1 >= shapeText->size())
    return npyError(path, "malformed shape");
  llvm::SmallVector<llvm::StringRef> parts;
  dims.split(parts, ',', -1, /*KeepEmpty=*/false);
  int64_t numel = 1;
  for (llvm::StringRef part : parts) {
    int64_t size;
    if (part.trim().getAsInteger(10, size) || size < 0)
      return npyError(path, "malformed shape '(" + dims + ")'");
    if (size > 0 && numel > kMaxElements / size)
      return npyError(path, "shape '(" + dims + ")' is too large");
    numel *= size;
    tensor.spec.shape.push_back(size);
  }
  size_t expected = tensor.spec.byteSize();
  if (bytes.size() - dataOffset != expected)
    return npyError(path, "shape (" + dims + ") of " + code + " needs " +
                              llvm::Twine(expected) + " data bytes, found " +
                              llvm::Twine(bytes.size() - dataOffset));
  tensor.buffer = HostBuffer(expected);
  std::memcpy(tensor.buffer.data(), bytes.data() + dataOffset, expected);
  return tensor;
}

llvm::Error writeNpy(const std::string &path, const TensorSpec &spec,
                     const void *data) {
  std::string shape = "(";
  for (int64_t size : spec.shape)
    shape += std::to_string(size) + ", ";
  if (spec.shape.size() > 1)
    shape.resize(shape.size() - 2);
  else if (spec.shape.size() == 1)
    shape.pop_back();
  shape += ")";
  std::string header = "{'descr': '" + std::string(info(spec.dtype).npyCode) +
                       "', 'fortran_order': False, 'shape': " + shape + ", }";
  // Version 1: 10 bytes of preamble, header padded with spaces so the data
  // starts on a 64-byte boundary, ending in a newline.
  size_t total = (10 + header.size() + 1 + 63) / 64 * 64;
  header.append(total - 10 - header.size() - 1, ' ');
  header += '\n';

  // writeToOutput writes a unique temporary file and renames it over `path`.
  return llvm::writeToOutput(path, [&](llvm::raw_ostream &os) {
    uint16_t length = static_cast<uint16_t>(header.size());
    os << kMagic << '\x01' << '\x00' << static_cast<char>(length & 0xff)
       << static_cast<char>(length >> 8) << header;
    os.write(static_cast<const char *>(data), spec.byteSize());
    return llvm::Error::success();
  });
}

} // namespace kiln::runtime
