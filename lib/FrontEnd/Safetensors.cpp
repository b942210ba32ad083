//===- Safetensors.cpp - the safetensors file format ----------------------===//
//
// Follows the format's reference implementation: the header is at most
// 100 MB, padded with spaces so the data starts 8-byte aligned, and the
// tensors' byte ranges must not overlap and must cover the data section.
//
//===----------------------------------------------------------------------===//

#include "Safetensors.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <bit>
#include <optional>

namespace kiln::detail {

// Tensors' bytes are copied as they are between files and host buffers.
static_assert(std::endian::native == std::endian::little,
              "safetensors data is little-endian, as kiln's host buffers");

namespace {

constexpr uint64_t kMaxHeaderSize = 100'000'000;
constexpr llvm::StringLiteral kMetadataKey("__metadata__");

llvm::Error formatError(const llvm::Twine &why) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), why);
}

std::string quoted(llvm::StringRef name) { return ("'" + name + "'").str(); }

/// The keys of the JSON object `header` in order, after checking what
/// llvm::json, which parsed it already, lets through: that no object repeats
/// a key (llvm::json keeps one) and that every number is an integer
/// (llvm::json reads 2.0 as 2).
llvm::Expected<std::vector<std::string>> keysInOrder(llvm::StringRef header) {
  std::vector<std::string> keys;
  // The keys seen in each enclosing object; none for arrays.
  std::vector<std::optional<llvm::StringSet<>>> scopes;
  bool expectKey = false;
  for (size_t at = 0; at < header.size(); ++at) {
    char c = header[at];
    if (c == '{' || c == '[') {
      scopes.emplace_back();
      if (c == '{')
        scopes.back().emplace();
      expectKey = c == '{';
    } else if ((c == '}' || c == ']') && !scopes.empty()) {
      scopes.pop_back();
    } else if (c == ',' && !scopes.empty()) {
      expectKey = scopes.back().has_value();
    } else if (c == ':') {
      expectKey = false;
    } else if (c == '-' || llvm::isDigit(c)) {
      auto inNumber = [](char d) {
        return llvm::isDigit(d) || llvm::StringRef("+-.eE").contains(d);
      };
      size_t end = std::min(header.size(), header.find_if_not(inNumber, at));
      llvm::StringRef number = header.slice(at, end);
      if (number.find_first_of(".eE") != llvm::StringRef::npos)
        return formatError("the number " + number + " is not an integer");
      at = end - 1;
    } else if (c == '"') {
      size_t end = at + 1;
      while (end < header.size() && header[end] != '"')
        end += header[end] == '\\' ? 2 : 1;
      llvm::StringRef token = header.slice(at, end + 1);
      at = end;
      if (!expectKey || scopes.empty() || !scopes.back())
        continue;
      llvm::Expected<llvm::json::Value> key = llvm::json::parse(token);
      if (!key)
        return key.takeError();
      std::string name = key->getAsString()->str();
      if (!scopes.back()->insert(name).second)
        return formatError(scopes.size() == 1
                               ? "tensor " + quoted(name) + " appears twice"
                               : "the entry of " + quoted(keys.back()) +
                                     " repeats the key " + quoted(name));
      if (scopes.size() == 1)
        keys.push_back(std::move(name));
    }
  }
  return keys;
}

/// `value` as a non-negative integer.
std::optional<uint64_t> count(const llvm::json::Value &value) {
  std::optional<int64_t> integer = value.getAsInteger();
  if (!integer || *integer < 0)
    return std::nullopt;
  return static_cast<uint64_t>(*integer);
}

std::string jsonText(const llvm::json::Value &value) {
  std::string text;
  llvm::raw_string_ostream(text) << value;
  return text;
}

/// A tensor's entry as read from the header, its bytes still as offsets.
struct Parsed {
  SafetensorsEntry entry;
  uint64_t begin, end;
};

llvm::Expected<Parsed> parseEntry(const std::string &name,
                                  const llvm::json::Value &value,
                                  uint64_t dataSize) {
  auto fail = [&](const llvm::Twine &why) {
    return formatError("tensor " + quoted(name) + ": " + why);
  };
  const llvm::json::Object *fields = value.getAsObject();
  if (!fields)
    return fail("its entry " + jsonText(value) + " is not a JSON object");
  for (const auto &field : *fields) {
    llvm::StringRef key = field.first;
    if (key != "dtype" && key != "shape" && key != "data_offsets")
      return fail("unknown field " + quoted(key));
  }

  Parsed parsed;
  parsed.entry.name = name;
  std::optional<llvm::StringRef> dtypeName = fields->getString("dtype");
  if (!dtypeName)
    return fail("no \"dtype\" string");
  std::optional<runtime::DType> dtype =
      runtime::dtypeFromSafetensorsName(*dtypeName);
  if (!dtype)
    return fail("dtype " + quoted(*dtypeName) +
                " is not one kiln reads (F32, F64, F16, BF16, I64, I32, BOOL)");
  parsed.entry.dtype = *dtype;

  const llvm::json::Value *shapeValue = fields->get("shape");
  const llvm::json::Array *shape =
      shapeValue ? shapeValue->getAsArray() : nullptr;
  if (!shape)
    return fail("no \"shape\" array");
  // The byte size, saturated at UINT64_MAX so huge shapes cannot wrap.
  uint64_t bytes = runtime::info(*dtype).size;
  for (const llvm::json::Value &size : *shape) {
    std::optional<uint64_t> dim = count(size);
    if (!dim)
      return fail("shape " + jsonText(*shapeValue) +
                  " is not a list of non-negative integers");
    parsed.entry.shape.push_back(static_cast<int64_t>(*dim));
    bytes = llvm::SaturatingMultiply(bytes, *dim);
  }

  const llvm::json::Value *offsetsValue = fields->get("data_offsets");
  const llvm::json::Array *offsets =
      offsetsValue ? offsetsValue->getAsArray() : nullptr;
  std::optional<uint64_t> begin, end;
  if (offsets && offsets->size() == 2) {
    begin = count((*offsets)[0]);
    end = count((*offsets)[1]);
  }
  if (!begin || !end || *begin > *end)
    return fail("data_offsets must be [begin, end] with 0 <= begin <= end, "
                "not " +
                (offsetsValue ? jsonText(*offsetsValue) : "missing"));
  std::string range =
      ("data_offsets [" + llvm::Twine(*begin) + ", " + llvm::Twine(*end) + "]")
          .str();
  if (*end > dataSize)
    return fail(range + " run past the end of the " + llvm::Twine(dataSize) +
                "-byte data section");
  if (*end - *begin != bytes)
    return fail("shape " + jsonText(*shapeValue) + " of " + *dtypeName +
                " needs " +
                (bytes == UINT64_MAX ? std::string("over 2^64")
                                     : std::to_string(bytes)) +
                " bytes, but " + range + " hold " + llvm::Twine(*end - *begin));
  parsed.begin = *begin;
  parsed.end = *end;
  return parsed;
}

/// The JSON header for `entries`, packed in order, padded with spaces to a
/// multiple of 8 bytes.
std::string formatHeader(const std::vector<SafetensorsEntry> &entries) {
  std::string header;
  llvm::raw_string_ostream stream(header);
  llvm::json::OStream json(stream);
  int64_t offset = 0;
  json.object([&] {
    json.attributeObject(kMetadataKey, [&] { json.attribute("format", "pt"); });
    for (const SafetensorsEntry &entry : entries)
      json.attributeObject(entry.name, [&] {
        json.attribute(
            "dtype",
            llvm::StringRef(runtime::info(entry.dtype).safetensorsName));
        json.attributeArray("shape", [&] {
          for (int64_t size : entry.shape)
            json.value(size);
        });
        json.attributeArray("data_offsets", [&] {
          json.value(offset);
          offset += static_cast<int64_t>(entry.bytes.size());
          json.value(offset);
        });
      });
  });
  header.append((8 - header.size() % 8) % 8, ' ');
  return header;
}

} // namespace

llvm::Expected<std::vector<SafetensorsEntry>>
parseSafetensors(llvm::StringRef file) {
  if (file.size() < 8)
    return formatError("the file has " + llvm::Twine(file.size()) +
                       " bytes, fewer than the 8 of the header length");
  uint64_t headerSize = llvm::support::endian::read64le(file.data());
  if (headerSize > kMaxHeaderSize)
    return formatError("the header length " + llvm::Twine(headerSize) +
                       " exceeds the limit of " + llvm::Twine(kMaxHeaderSize) +
                       " bytes");
  if (headerSize > file.size() - 8)
    return formatError("the header length " + llvm::Twine(headerSize) +
                       " runs past the end of the file (" +
                       llvm::Twine(file.size()) + " bytes)");
  llvm::StringRef header = file.substr(8, headerSize);
  llvm::StringRef data = file.drop_front(8 + headerSize);

  llvm::Expected<llvm::json::Value> json = llvm::json::parse(header);
  if (!json)
    return formatError("the header is not JSON: " +
                       llvm::toString(json.takeError()));
  const llvm::json::Object *object = json->getAsObject();
  if (!object)
    return formatError("the header is not a JSON object");
  llvm::Expected<std::vector<std::string>> names = keysInOrder(header);
  if (!names)
    return names.takeError();

  std::vector<Parsed> tensors;
  for (const std::string &name : *names) {
    const llvm::json::Value *value = object->get(name);
    if (!value)
      return formatError("cannot read the entry of " + quoted(name));
    if (name == kMetadataKey) {
      const llvm::json::Object *metadata = value->getAsObject();
      bool strings = metadata && llvm::all_of(*metadata, [](const auto &field) {
                       return field.second.getAsString().has_value();
                     });
      if (!strings)
        return formatError("__metadata__ must map strings to strings, not " +
                           jsonText(*value));
      continue;
    }
    llvm::Expected<Parsed> parsed = parseEntry(name, *value, data.size());
    if (!parsed)
      return parsed.takeError();
    tensors.push_back(std::move(*parsed));
  }

  // In data order (empty tensors before the one starting where they sit),
  // each tensor must start where the one before ended.
  std::stable_sort(tensors.begin(), tensors.end(),
                   [](const Parsed &a, const Parsed &b) {
                     return std::tie(a.begin, a.end) < std::tie(b.begin, b.end);
                   });
  uint64_t cursor = 0;
  const Parsed *previous = nullptr;
  auto range = [](const Parsed &t) {
    return ("[" + llvm::Twine(t.begin) + ", " + llvm::Twine(t.end) + "]").str();
  };
  for (const Parsed &tensor : tensors) {
    if (tensor.begin < cursor)
      return formatError("tensor " + quoted(tensor.entry.name) + " (bytes " +
                         range(tensor) + ") overlaps tensor " +
                         quoted(previous->entry.name) + " (bytes " +
                         range(*previous) + ")");
    if (tensor.begin > cursor)
      return formatError("data bytes [" + llvm::Twine(cursor) + ", " +
                         llvm::Twine(tensor.begin) +
                         ") belong to no tensor (a gap before tensor " +
                         quoted(tensor.entry.name) + ")");
    cursor = tensor.end;
    previous = &tensor;
  }
  if (cursor != data.size())
    return formatError("data bytes [" + llvm::Twine(cursor) + ", " +
                       llvm::Twine(data.size()) + ") belong to no tensor");

  std::vector<SafetensorsEntry> entries;
  for (Parsed &tensor : tensors) {
    tensor.entry.bytes = data.slice(tensor.begin, tensor.end);
    entries.push_back(std::move(tensor.entry));
  }
  return entries;
}

llvm::Error writeSafetensors(const std::string &path,
                             const std::vector<SafetensorsEntry> &entries) {
  llvm::StringSet<> names;
  for (const SafetensorsEntry &entry : entries) {
    if (!llvm::json::isUTF8(entry.name))
      return formatError("tensor name " + quoted(entry.name) +
                         " is not valid UTF-8");
    if (entry.name == kMetadataKey)
      return formatError("__metadata__ is reserved, not a tensor name");
    if (!names.insert(entry.name).second)
      return formatError("tensor name " + quoted(entry.name) +
                         " is given twice");
  }

  std::string header = formatHeader(entries);
  auto writeAll = [&](llvm::raw_fd_ostream &os) {
    char length[8];
    llvm::support::endian::write64le(length, header.size());
    os.write(length, sizeof(length));
    os << header;
    for (const SafetensorsEntry &entry : entries)
      os << entry.bytes;
    os.flush();
    std::error_code written = os.error();
    os.clear_error();
    return written;
  };

  // Devices such as /dev/null are written to, never replaced.
  llvm::sys::fs::file_status status;
  if (!llvm::sys::fs::status(path, status) &&
      status.type() != llvm::sys::fs::file_type::regular_file &&
      status.type() != llvm::sys::fs::file_type::directory_file) {
    std::error_code opened;
    llvm::raw_fd_ostream os(path, opened);
    if (opened)
      return llvm::errorCodeToError(opened);
    return llvm::errorCodeToError(writeAll(os));
  }

  // Files are written beside `path` and renamed over it once every byte is
  // out. Not with llvm::writeToOutput: a failed write (a full disk) ends the
  // process there.
  llvm::Expected<llvm::sys::fs::TempFile> temp =
      llvm::sys::fs::TempFile::create(path + ".tmp-%%%%%%");
  if (!temp)
    return temp.takeError();
  std::error_code written;
  {
    llvm::raw_fd_ostream os(temp->FD, /*shouldClose=*/false);
    written = writeAll(os);
  }
  if (written) {
    llvm::consumeError(temp->discard());
    return llvm::errorCodeToError(written);
  }
  return temp->keep(path);
}

} // namespace kiln::detail
