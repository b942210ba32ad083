//===- MNIST.cpp - reading MNIST-format IDX files -------------------------===//

#include "Trace.h"

#include "kiln/Functions.h"
#include "kiln/data/MNIST.h"

#include <zlib.h>

#include <filesystem>

namespace kiln::data::datasets {

namespace {

/// The whole (possibly gzipped) file; zlib reads plain files unchanged.
std::string readFile(const std::string &path, SourceLocation where) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (!file)
    kiln::detail::fail("kiln.data.MNIST", "cannot open " + path, where);
  std::string bytes;
  char chunk[1 << 16];
  int read;
  while ((read = gzread(file, chunk, sizeof(chunk))) > 0)
    bytes.append(chunk, read);
  bool failed = read < 0;
  gzclose(file);
  if (failed)
    kiln::detail::fail("kiln.data.MNIST", path + ": corrupt gzip data", where);
  return bytes;
}

uint32_t bigEndian(const std::string &bytes, size_t offset) {
  uint32_t value = 0;
  for (size_t i = 0; i < 4; ++i)
    value = value << 8 | static_cast<uint8_t>(bytes[offset + i]);
  return value;
}

/// The unsigned bytes of an IDX file with `rank` dimensions, and its shape.
std::string readIdx(const std::string &path, uint32_t rank,
                    std::vector<int64_t> &shape, SourceLocation where) {
  std::string bytes = readFile(path, where);
  size_t header = 4 + 4 * rank;
  if (bytes.size() < header || bigEndian(bytes, 0) != (0x800u | rank))
    kiln::detail::fail("kiln.data.MNIST",
                       path + ": not an IDX file of unsigned bytes with " +
                           std::to_string(rank) + " dimensions",
                       where);
  uint64_t count = 1;
  for (uint32_t d = 0; d < rank; ++d) {
    shape.push_back(bigEndian(bytes, 4 + 4 * d));
    count *= static_cast<uint64_t>(shape.back());
  }
  if (bytes.size() - header != count)
    kiln::detail::fail("kiln.data.MNIST",
                       path + ": the header promises " + std::to_string(count) +
                           " bytes of data, the file has " +
                           std::to_string(bytes.size() - header),
                       where);
  return bytes.substr(header);
}

/// `root/name`, or `root/name.gz` when only that exists.
std::string find(const std::string &root, const std::string &name) {
  std::string plain = root + "/" + name;
  return std::filesystem::exists(plain) ? plain : plain + ".gz";
}

} // namespace

MNIST::MNIST(const std::string &root, Mode mode, SourceLocation where)
    : training(mode == Mode::kTrain) {
  where = kiln::detail::callSite(where);
  created = where;
  std::string prefix = mode == Mode::kTrain ? "train" : "t10k";
  std::vector<int64_t> imageShape, labelShape;
  std::string pixels =
      readIdx(find(root, prefix + "-images-idx3-ubyte"), 3, imageShape, where);
  std::string labels =
      readIdx(find(root, prefix + "-labels-idx1-ubyte"), 1, labelShape, where);
  if (imageShape[0] != labelShape[0])
    kiln::detail::fail("kiln.data.MNIST",
                       root + ": " + std::to_string(imageShape[0]) +
                           " images but " + std::to_string(labelShape[0]) +
                           " labels",
                       where);
  std::vector<float> scaled(pixels.size());
  for (size_t i = 0; i < pixels.size(); ++i)
    scaled[i] = static_cast<uint8_t>(pixels[i]) / 255.0f;
  imageTensor =
      from_blob(scaled.data(), {imageShape[0], 1, imageShape[1], imageShape[2]},
                kFloat32, where);
  std::vector<int64_t> classes(labels.begin(), labels.end());
  for (int64_t &c : classes)
    c = static_cast<uint8_t>(c);
  targetTensor = from_blob(classes.data(), {labelShape[0]}, kInt64, where);
}

Example<> MNIST::get(size_t index) {
  return {detail::copyRow(imageTensor, index, "kiln.data.MNIST", created),
          detail::copyRow(targetTensor, index, "kiln.data.MNIST", created)};
}

std::optional<size_t> MNIST::size() const {
  return static_cast<size_t>(targetTensor.size(0));
}

} // namespace kiln::data::datasets
