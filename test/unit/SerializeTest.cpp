//===- SerializeTest.cpp - safetensors files, state_dict ------------------===//

#include "kiln/kiln.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

using kiln::Tensor;
using NamedTensors = std::vector<std::pair<std::string, Tensor>>;

class SerializeTest : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::SmallString<128> dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("kiln-serialize", dir));
    folder = std::string(dir);
  }
  void TearDown() override { llvm::sys::fs::remove_directories(folder); }

  std::string path(const std::string &name) const {
    return folder + "/" + name;
  }

  std::string write(const std::string &name, const std::string &bytes) {
    std::error_code error;
    llvm::raw_fd_ostream os(path(name), error);
    EXPECT_FALSE(error) << error.message();
    os << bytes;
    return path(name);
  }

  static std::string read(const std::string &file) {
    auto buffer = llvm::MemoryBuffer::getFile(file);
    return buffer ? (*buffer)->getBuffer().str() : "<unreadable>";
  }

  /// A safetensors file: the 8-byte little-endian length of `header`, then
  /// `header` and `data`.
  static std::string safetensors(const std::string &header,
                                 const std::string &data) {
    std::string bytes;
    for (int i = 0; i < 8; ++i)
      bytes += static_cast<char>((uint64_t{header.size()} >> (8 * i)) & 0xff);
    return bytes + header + data;
  }

  std::vector<std::string> folderContents() const {
    std::vector<std::string> names;
    std::error_code error;
    for (llvm::sys::fs::directory_iterator it(folder, error), end;
         it != end && !error; it.increment(error))
      names.push_back(std::string(llvm::sys::path::filename(it->path())));
    std::sort(names.begin(), names.end());
    return names;
  }

  std::string folder;
};

void expectSame(const Tensor &got, const Tensor &expected) {
  EXPECT_EQ(got.dtype(), expected.dtype());
  EXPECT_EQ(got.sizes(), expected.sizes());
  EXPECT_EQ(got.device(), kiln::Device(kiln::kCPU));
  EXPECT_EQ(got.to_vector<double>(), expected.to_vector<double>());
}

TEST_F(SerializeTest, EveryDtypeShapeAndNameRoundTrips) {
  NamedTensors tensors = {
      {"f32", kiln::tensor({{1.5, -2}, {3.25, 1e-3}})},
      {"f64", kiln::tensor({0.1, -1e300}, kiln::kFloat64)},
      {"f16", kiln::tensor({0.5, -1.25, 1024, 65504}, kiln::kFloat16)},
      {"bf16", kiln::tensor({1.5, -2, 0.0078125, 256}, kiln::kBFloat16)},
      {"i64", kiln::tensor({-1, 1099511627776, 0}, kiln::kInt64)},
      {"i32", kiln::tensor({{-2147483648.0}, {2147483647.0}}, kiln::kInt32)},
      {"bool", kiln::tensor({1, 0, 1, 1}, kiln::kBool)},
      {"scalar", kiln::full({}, 3.5)},
      {"empty", kiln::zeros({0, 3}, kiln::kInt32)},
      {"empty middle", kiln::ones({3, 0, 2}, kiln::kBFloat16)},
      {"layer.0.weight", kiln::ones({1})},
      {"ünïcødé ✓", kiln::ones({1})},
      {"quote\" back\\slash/", kiln::ones({1})},
      {"tab\tnewline\n\x01", kiln::ones({1})},
      {"", kiln::ones({1})},
      {"{\"a\": [1, 2]}", kiln::ones({1})},
  };
  kiln::save(tensors, path("all.safetensors"));
  NamedTensors loaded = kiln::load_tensors(path("all.safetensors"));
  ASSERT_EQ(loaded.size(), tensors.size());
  for (size_t i = 0; i < tensors.size(); ++i) {
    SCOPED_TRACE(tensors[i].first);
    EXPECT_EQ(loaded[i].first, tensors[i].first);
    expectSame(loaded[i].second, tensors[i].second);
  }
  EXPECT_EQ(folderContents(), std::vector<std::string>{"all.safetensors"});
}

TEST_F(SerializeTest, WritesTheSafetensorsLayout) {
  kiln::save({{"x", kiln::tensor({1.0, 2.0})}}, path("x.safetensors"));
  std::string header = R"({"__metadata__":{"format":"pt"},)"
                       R"("x":{"dtype":"F32","shape":[2],)"
                       R"("data_offsets":[0,8]}})";
  header.append((8 - header.size() % 8) % 8, ' '); // data 8-byte aligned
  float data[2] = {1, 2};
  EXPECT_EQ(read(path("x.safetensors")),
            safetensors(header, std::string(reinterpret_cast<char *>(data),
                                            sizeof(data))));
}

TEST_F(SerializeTest, OneTensorSavesAndLoads) {
  Tensor t = kiln::arange(6, kiln::kInt64).reshape({2, 3});
  kiln::save(t, path("t.safetensors"));
  expectSame(kiln::load(path("t.safetensors")), t);
  NamedTensors loaded = kiln::load_tensors(path("t.safetensors"));
  ASSERT_EQ(loaded.size(), 1u);
  EXPECT_EQ(loaded[0].first, "tensor");

  kiln::save({{"a", t}, {"b", t}}, path("two.safetensors"));
  try {
    kiln::load(path("two.safetensors"));
    FAIL() << "expected kiln::Error";
  } catch (const kiln::Error &error) {
    EXPECT_NE(std::string(error.what()).find("holds 2 tensors"),
              std::string::npos)
        << error.what();
  }
}

TEST_F(SerializeTest, PendingValuesAreComputedInOneProgram) {
  Tensor a = kiln::arange(4, kiln::kFloat32), b = kiln::full({4}, 2.0);
  Tensor sum = a + b, product = a * b;
  kiln::Stats before = kiln::stats();
  kiln::save({{"sum", sum}, {"product", product}}, path("p.safetensors"));
  EXPECT_EQ(kiln::stats().graphsRun - before.graphsRun, 1);
  NamedTensors loaded = kiln::load_tensors(path("p.safetensors"));
  EXPECT_EQ(loaded[0].second.to_vector<double>(),
            (std::vector<double>{2, 3, 4, 5}));
  EXPECT_EQ(loaded[1].second.to_vector<double>(),
            (std::vector<double>{0, 2, 4, 6}));
}

TEST_F(SerializeTest, BadNamesAndUndefinedTensorsAreNotSaved) {
  auto expectSaveError = [&](const NamedTensors &tensors,
                             const std::string &fragment) {
    try {
      kiln::save(tensors, path("bad.safetensors"));
      ADD_FAILURE() << "expected kiln::Error about " << fragment;
    } catch (const kiln::Error &error) {
      EXPECT_NE(std::string(error.what()).find(fragment), std::string::npos)
          << error.what();
    }
  };
  Tensor t = kiln::ones({1});
  expectSaveError({{"a", t}, {"a", t}}, "tensor name 'a' is given twice");
  expectSaveError({{"__metadata__", t}}, "__metadata__ is reserved");
  expectSaveError({{"\xff", t}}, "is not valid UTF-8");
  expectSaveError({{"u", Tensor()}}, "tensor 'u' is undefined");
  EXPECT_TRUE(folderContents().empty());
}

TEST_F(SerializeTest, BoolBytesBecomeZeroOrOne) {
  std::string file = write(
      "bool.safetensors",
      safetensors(R"({"b":{"dtype":"BOOL","shape":[4],"data_offsets":[0,4]}})",
                  std::string("\x00\x01\x02\xff", 4)));
  Tensor b = kiln::load(file);
  const uint8_t *bytes = b.data_ptr<uint8_t>();
  EXPECT_EQ(std::vector<uint8_t>(bytes, bytes + 4),
            (std::vector<uint8_t>{0, 1, 1, 1}));
}

TEST_F(SerializeTest, MalformedFilesRaiseClearErrors) {
  // A valid one-tensor header, and its data.
  auto entry = [](const std::string &name, const std::string &dtype,
                  const std::string &shape, const std::string &offsets) {
    return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape +
           ",\"data_offsets\":" + offsets + "}";
  };
  std::string a = entry("a", "F32", "[2]", "[0,8]");
  std::string eight(8, '\0');
  auto withLength = [](uint64_t length, const std::string &rest) {
    std::string bytes;
    for (int i = 0; i < 8; ++i)
      bytes += static_cast<char>((length >> (8 * i)) & 0xff);
    return bytes + rest;
  };
  struct Case {
    const char *label;
    std::string bytes;
    std::string fragment;
  };
  std::vector<Case> cases = {
      {"empty file", "", "the file has 0 bytes, fewer than the 8"},
      {"short file", "abc", "the file has 3 bytes"},
      {"truncated header", safetensors("{" + a + "}", eight).substr(0, 30),
       "header length 54 runs past the end of the file (30 bytes)"},
      {"header length past the file", withLength(1000, "{}"),
       "header length 1000 runs past the end of the file (10 bytes)"},
      {"header too large", withLength(200'000'000, "{}"),
       "header length 200000000 exceeds the limit of 100000000 bytes"},
      {"not JSON", safetensors("{not json}", ""), "the header is not JSON"},
      {"invalid UTF-8", safetensors("{\"\xff\":1}", ""),
       "the header is not JSON"},
      {"not an object", safetensors("[1, 2]", ""),
       "the header is not a JSON object"},
      {"truncated data", safetensors("{" + a + "}", "1234"),
       "tensor 'a': data_offsets [0, 8] run past the end of the 4-byte data "
       "section"},
      {"offsets past the end",
       safetensors("{" + entry("a", "F32", "[4]", "[0,16]") + "}", eight),
       "tensor 'a': data_offsets [0, 16] run past the end of the 8-byte"},
      {"overlapping offsets",
       safetensors("{" + a + "," + entry("b", "F32", "[2]", "[4,12]") + "}",
                   std::string(12, '\0')),
       "tensor 'b' (bytes [4, 12]) overlaps tensor 'a' (bytes [0, 8])"},
      {"empty tensor inside another",
       safetensors("{" + a + "," + entry("e", "F32", "[0]", "[4,4]") + "}",
                   eight),
       "tensor 'e' (bytes [4, 4]) overlaps tensor 'a'"},
      {"a gap",
       safetensors("{" + entry("a", "F32", "[1]", "[0,4]") + "," +
                       entry("b", "F32", "[1]", "[8,12]") + "}",
                   std::string(12, '\0')),
       "data bytes [4, 8) belong to no tensor (a gap before tensor 'b')"},
      {"a gap at the start",
       safetensors("{" + entry("a", "F32", "[1]", "[4,8]") + "}", eight),
       "data bytes [0, 4) belong to no tensor"},
      {"trailing bytes",
       safetensors("{" + entry("a", "F32", "[1]", "[0,4]") + "}", eight),
       "data bytes [4, 8) belong to no tensor"},
      {"shape x dtype is not the byte length",
       safetensors("{" + entry("a", "F32", "[3]", "[0,8]") + "}", eight),
       "tensor 'a': shape [3] of F32 needs 12 bytes, but data_offsets [0, 8] "
       "hold 8"},
      {"shape overflowing 64 bits",
       safetensors("{" +
                       entry("a", "F32", "[4294967296,4294967296,4294967296]",
                             "[0,8]") +
                       "}",
                   eight),
       "needs over 2^64 bytes"},
      {"duplicate names", safetensors("{" + a + "," + a + "}", eight),
       "tensor 'a' appears twice"},
      {"duplicate field",
       safetensors(R"({"a":{"dtype":"F32","dtype":"F32","shape":[2],)"
                   R"("data_offsets":[0,8]}})",
                   eight),
       "the entry of 'a' repeats the key 'dtype'"},
      {"duplicate names spelled differently",
       safetensors("{" + a + "," + entry("\\u0061", "F32", "[0]", "[8,8]") +
                       "}",
                   eight),
       "tensor 'a' appears twice"},
      {"unknown dtype",
       safetensors("{" + entry("a", "F8_E4M3", "[8]", "[0,8]") + "}", eight),
       "tensor 'a': dtype 'F8_E4M3' is not one kiln reads"},
      {"missing dtype",
       safetensors(R"({"a":{"shape":[2],"data_offsets":[0,8]}})", eight),
       "tensor 'a': no \"dtype\" string"},
      {"negative shape",
       safetensors("{" + entry("a", "F32", "[-2]", "[0,8]") + "}", eight),
       "tensor 'a': shape [-2] is not a list of non-negative integers"},
      {"fractional shape",
       safetensors("{" + entry("a", "F32", "[2.0]", "[0,8]") + "}", eight),
       "the number 2.0 is not an integer"},
      {"offsets reversed",
       safetensors("{" + entry("a", "F32", "[2]", "[8,0]") + "}", eight),
       "tensor 'a': data_offsets must be [begin, end] with 0 <= begin <= end, "
       "not [8,0]"},
      {"one offset",
       safetensors("{" + entry("a", "F32", "[2]", "[8]") + "}", eight),
       "data_offsets must be [begin, end]"},
      {"unknown field",
       safetensors(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8],)"
                   R"("strides":[1]}})",
                   eight),
       "tensor 'a': unknown field 'strides'"},
      {"entry not an object", safetensors(R"({"a":[1,2]})", ""),
       "tensor 'a': its entry [1,2] is not a JSON object"},
      {"metadata not strings",
       safetensors(R"({"__metadata__":{"epoch":3}})", ""),
       "__metadata__ must map strings to strings"},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.label);
    std::string file = write("bad.safetensors", c.bytes);
    int line = __LINE__ + 2;
    try {
      kiln::load_tensors(file);
      ADD_FAILURE() << "expected kiln::Error";
    } catch (const kiln::Error &error) {
      std::string what = error.what();
      EXPECT_NE(what.find("kiln.load: '" + file +
                          "' is not a valid safetensors file: "),
                std::string::npos)
          << what;
      EXPECT_NE(what.find(c.fragment), std::string::npos) << what;
      EXPECT_EQ(error.where().line(), static_cast<unsigned>(line));
      EXPECT_TRUE(llvm::StringRef(error.where().file_name())
                      .ends_with("SerializeTest.cpp"));
    }
  }
  EXPECT_THROW(kiln::load_tensors(path("missing.safetensors")), kiln::Error);
}

TEST_F(SerializeTest, EmptyAndMetadataOnlyFilesHoldNoTensors) {
  kiln::save(NamedTensors{}, path("none.safetensors"));
  EXPECT_TRUE(kiln::load_tensors(path("none.safetensors")).empty());
  std::string file =
      write("meta.safetensors",
            safetensors(R"({"__metadata__":{"format":"pt","note":"hi"}})", ""));
  EXPECT_TRUE(kiln::load_tensors(file).empty());
}

TEST_F(SerializeTest, AFailedSaveLeavesTheExistingFile) {
  std::string target = path("model.safetensors");
  kiln::save(kiln::ones({4}), target);
  std::string before = read(target);

  // A folder that cannot be written: root writes anyway, so only others
  // check this.
  if (geteuid() != 0) {
    ASSERT_EQ(chmod(folder.c_str(), 0555), 0);
    EXPECT_THROW(kiln::save(kiln::zeros({4}), target), kiln::Error);
    ASSERT_EQ(chmod(folder.c_str(), 0755), 0);
  }
  EXPECT_THROW(kiln::save(kiln::zeros({4}), path("no/such/folder/x")),
               kiln::Error);

  // Writes failing half way (a file size limit holds for root too).
  rlimit old;
  ASSERT_EQ(getrlimit(RLIMIT_FSIZE, &old), 0);
  rlimit small = old;
  small.rlim_cur = 4096;
  auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
  ASSERT_EQ(setrlimit(RLIMIT_FSIZE, &small), 0);
  std::string message;
  try {
    kiln::save(kiln::zeros({100000}), target);
  } catch (const kiln::Error &error) {
    message = error.what();
  }
  setrlimit(RLIMIT_FSIZE, &old);
  std::signal(SIGXFSZ, oldHandler);
  EXPECT_NE(message.find("kiln.save: cannot write '" + target + "'"),
            std::string::npos)
      << message;

  EXPECT_EQ(read(target), before);
  EXPECT_EQ(folderContents(), std::vector<std::string>{"model.safetensors"});
}

// The tensors of test/unit/data/make_safetensors_fixture.py.
NamedTensors fixtureTensors() {
  return {
      {"steps", kiln::full({}, 7, kiln::kInt64)},
      {"double", kiln::tensor({0.1}, kiln::kFloat64)},
      {"empty", kiln::zeros({0, 2})},
      {"weight", kiln::tensor({{0.5, -1.0, 2.25}, {3.0, -0.125, 100.0}})},
      {"ids", kiln::tensor({-1, 0, 2147483647.0}, kiln::kInt32)},
      {"half", kiln::tensor({1.5, -2.0}, kiln::kFloat16)},
      {"mask", kiln::tensor({1, 0, 0, 1}, kiln::kBool)},
  };
}

TEST_F(SerializeTest, ReadsAFileWrittenByPython) {
  NamedTensors loaded =
      kiln::load_tensors(KILN_TEST_DATA_DIR "/python_written.safetensors");
  NamedTensors expected = fixtureTensors();
  ASSERT_EQ(loaded.size(), expected.size());
  for (size_t i = 0; i < loaded.size(); ++i) {
    SCOPED_TRACE(expected[i].first);
    EXPECT_EQ(loaded[i].first, expected[i].first); // in data order
    expectSame(loaded[i].second, expected[i].second);
  }
}

// make_safetensors_fixture.py --check reads the file this writes to
// $KILN_SAFETENSORS_OUT, to check that Python reads kiln's files.
TEST_F(SerializeTest, WritesFilesPythonReads) {
  const char *out = std::getenv("KILN_SAFETENSORS_OUT");
  std::string file = out ? out : path("for_python.safetensors");
  kiln::save(fixtureTensors(), file);
  NamedTensors loaded = kiln::load_tensors(file);
  ASSERT_EQ(loaded.size(), fixtureTensors().size());
}

struct Net : kiln::nn::Module {
  Net() {
    steps = register_buffer("steps", kiln::zeros({}, kiln::kInt64));
    register_module("fc1", fc1.ptr());
    register_module("fc2", fc2.ptr());
  }
  kiln::nn::Linear fc1{3, 4}, fc2{4, 2};
  Tensor steps;
};

std::vector<std::string> namesOf(const NamedTensors &tensors) {
  std::vector<std::string> names;
  for (const auto &[name, tensor] : tensors)
    names.push_back(name);
  return names;
}

TEST_F(SerializeTest, ModuleStateDictSavesAndLoadsInPlace) {
  kiln::manual_seed(1);
  Net trained;
  trained.steps.fill_(12);
  EXPECT_EQ(namesOf(trained.state_dict()),
            (std::vector<std::string>{"steps", "fc1.weight", "fc1.bias",
                                      "fc2.weight", "fc2.bias"}));
  kiln::save(trained, path("net.safetensors"));

  kiln::manual_seed(2);
  Net fresh;
  NamedTensors before = fresh.state_dict();
  kiln::load(fresh, path("net.safetensors"));
  // The copies were computed by load: reading them runs nothing.
  kiln::Stats loaded = kiln::stats();
  fresh.fc1->weight.to_vector<double>();
  EXPECT_EQ(kiln::stats().graphsRun, loaded.graphsRun);
  NamedTensors after = fresh.state_dict(), expected = trained.state_dict();
  ASSERT_EQ(after.size(), expected.size());
  for (size_t i = 0; i < after.size(); ++i) {
    SCOPED_TRACE(after[i].first);
    // The same tensor objects, which optimizers hold, with the new values.
    EXPECT_EQ(after[i].second.unsafeImpl(), before[i].second.unsafeImpl());
    expectSame(after[i].second, expected[i].second);
  }
  EXPECT_TRUE(fresh.fc1->weight.requires_grad());
  EXPECT_TRUE(fresh.fc1->weight.is_leaf());
  EXPECT_FALSE(fresh.steps.requires_grad());

  // Training the loaded module reaches its tensors.
  Tensor loss = fresh.fc2(fresh.fc1(kiln::ones({1, 3}))).sum();
  loss.backward();
  EXPECT_TRUE(fresh.fc1->weight.grad().defined());
}

TEST_F(SerializeTest, ModuleHoldersAndSharedPointersSaveAndLoad) {
  kiln::nn::Linear a(2, 3), b(2, 3);
  kiln::save(a, path("linear.safetensors"));
  kiln::load(b, path("linear.safetensors"));
  expectSame(b->weight, a->weight);
  expectSame(b->bias, a->bias);

  auto first = std::make_shared<Net>(), second = std::make_shared<Net>();
  kiln::save(first, path("net.safetensors"));
  kiln::load(second, path("net.safetensors"));
  expectSame(second->fc2->weight, first->fc2->weight);

  kiln::nn::Linear wider(3, 3);
  try {
    kiln::load(wider, path("linear.safetensors"));
    FAIL() << "expected kiln::Error";
  } catch (const kiln::Error &error) {
    std::string what = error.what();
    EXPECT_NE(
        what.find(path("linear.safetensors") + "' does not fit the module"),
        std::string::npos)
        << what;
    EXPECT_NE(what.find("weight (float [3, 2] given, float [3, 3] expected)"),
              std::string::npos)
        << what;
  }
  kiln::nn::Linear empty(nullptr);
  EXPECT_THROW(kiln::save(empty, path("x.safetensors")), kiln::Error);
}

TEST_F(SerializeTest, LoadStateDictReportsEveryMismatchAndChangesNothing) {
  kiln::nn::Linear model(2, 3);
  std::vector<double> weight = model->weight.to_vector<double>();
  auto expectError = [&](const NamedTensors &dict,
                         std::vector<std::string> fragments,
                         bool strict = true) {
    try {
      model->load_state_dict(dict, strict);
      ADD_FAILURE() << "expected kiln::Error";
    } catch (const kiln::Error &error) {
      std::string what = error.what();
      for (const std::string &fragment : fragments)
        EXPECT_NE(what.find(fragment), std::string::npos) << what;
      EXPECT_TRUE(llvm::StringRef(error.where().file_name())
                      .ends_with("SerializeTest.cpp"));
    }
    EXPECT_EQ(model->weight.to_vector<double>(), weight);
  };
  Tensor w = kiln::zeros({3, 2}), b = kiln::zeros({3});
  expectError({{"weight", w}}, {"missing keys: bias"});
  expectError({{"weight", w}, {"bias", b}, {"extra", b}, {"more", b}},
              {"unexpected keys: extra, more"});
  expectError({{"weight", kiln::zeros({2, 3})}, {"bias", b}},
              {"mismatched values: weight (float [2, 3] given, float [3, 2] "
               "expected)"});
  expectError({{"weight", w.to(kiln::kFloat64)}, {"bias", b}},
              {"weight (double [3, 2] given, float [3, 2] expected)"});
  expectError({{"weight", w}, {"weight", w}, {"bias", b}},
              {"keys given twice: weight"});
  expectError({{"weight", kiln::zeros({1})}, {"extra", b}},
              {"missing keys: bias", "unexpected keys: extra",
               "weight (float [1] given"});
  // Not strict: names may be missing or extra, shapes must still match.
  expectError({{"weight", kiln::zeros({1})}}, {"weight (float [1] given"},
              /*strict=*/false);
  model->load_state_dict({{"weight", w}, {"extra", b}}, /*strict=*/false);
  EXPECT_EQ(model->weight.to_vector<double>(), std::vector<double>(6, 0));
}

} // namespace
