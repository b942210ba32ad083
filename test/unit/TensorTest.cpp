//===- TensorTest.cpp - the lazy C++ front end ----------------------------===//
//
// Values are checked against numbers computed independently here (by hand or
// with plain loops), never against kiln itself.
//
//===----------------------------------------------------------------------===//

#include "kiln/kiln.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>
#include <thread>

namespace {

using kiln::Tensor;

void expectValues(const Tensor &t, const std::vector<double> &expected,
                  double tolerance = 1e-6) {
  std::vector<double> got = t.to_vector<double>();
  ASSERT_EQ(got.size(), expected.size());
  for (size_t i = 0; i < got.size(); ++i)
    EXPECT_NEAR(got[i], expected[i], tolerance) << "element " << i;
}

TEST(TensorTest, ArithmeticBroadcastsLikeNumpy) {
  Tensor a = kiln::tensor({{1, 2, 3}, {4, 5, 6}});
  Tensor b = kiln::tensor({10, 20, 30});
  Tensor c = a + b * 2 - 1;
  EXPECT_EQ(c.sizes(), (std::vector<int64_t>{2, 3}));
  expectValues(c, {20, 41, 62, 23, 44, 65});
  Tensor column = kiln::tensor({{1}, {2}});
  expectValues(column * b, {10, 20, 30, 20, 40, 60});
}

TEST(TensorTest, TypePromotionFollowsPyTorch) {
  Tensor i = kiln::tensor({1, 2, 3}, kiln::kInt64);
  Tensor f = kiln::tensor({0.5, 0.5, 0.5});
  Tensor d = kiln::tensor({1, 1, 1}, kiln::kFloat64);
  EXPECT_EQ((i + f).dtype(), kiln::kFloat32);
  EXPECT_EQ((i + 2).dtype(), kiln::kInt64);
  EXPECT_EQ((i * 2.5).dtype(), kiln::kFloat32);
  EXPECT_EQ((f + d).dtype(), kiln::kFloat64);
  EXPECT_EQ((i / 2).dtype(), kiln::kFloat32); // true division
  expectValues(i / 2, {0.5, 1.0, 1.5});
  // A 0-d float64 tensor does not widen a float32 tensor.
  Tensor scalar64 = kiln::full({}, 2, kiln::kFloat64);
  EXPECT_EQ((f * scalar64).dtype(), kiln::kFloat32);
  EXPECT_EQ((i < f).dtype(), kiln::kBool);
}

TEST(TensorTest, ReductionsAndMatmul) {
  Tensor a = kiln::tensor({{1, 2, 3}, {4, 5, 6}});
  EXPECT_DOUBLE_EQ(a.sum().item<double>(), 21);
  expectValues(a.sum(0), {5, 7, 9});
  expectValues(a.mean(1, /*keepdim=*/true), {2, 5});
  EXPECT_EQ(a.mean(1, true).sizes(), (std::vector<int64_t>{2, 1}));
  auto [values, indices] = a.max(1);
  expectValues(values, {3, 6});
  expectValues(indices, {2, 2});
  Tensor b = kiln::tensor({{1, 0}, {0, 1}, {1, 1}});
  expectValues(a.matmul(b), {4, 5, 10, 11});
  expectValues(kiln::matmul(kiln::tensor({1, 2, 3}), b), {4, 5});
}

/// Large full reductions run as partial results of equal parts combined at
/// the end; they must still match a sum in order.
TEST(TensorTest, LargeFullReductionsMatchTheHost) {
  Tensor x = kiln::rand({300, 600}) - 0.5;
  std::vector<float> values = x.to_vector<float>();
  double sum = 0;
  for (float value : values)
    sum += value;
  EXPECT_NEAR(x.sum().item<double>(), sum, 1e-2);
  EXPECT_EQ(x.max().item<float>(),
            *std::max_element(values.begin(), values.end()));
  EXPECT_EQ(x.min().item<float>(),
            *std::min_element(values.begin(), values.end()));
  // Integers are exact: 0 + 1 + ... + (2^17 - 1).
  int64_t n = 1 << 17;
  EXPECT_EQ(kiln::arange(n, kiln::kInt64).sum().item<int64_t>(),
            n * (n - 1) / 2);
}

TEST(TensorTest, ShapesAndIndexing) {
  Tensor a = kiln::arange(24).reshape({2, 3, 4});
  expectValues(a[1][2], {20, 21, 22, 23});
  expectValues(a.select(2, -1).flatten(), {3, 7, 11, 15, 19, 23});
  expectValues(a.narrow(1, 1, 1).reshape({-1}), {4, 5, 6, 7, 16, 17, 18, 19});
  expectValues(a.slice(2, 1, std::nullopt, 2)[0][0], {1, 3});
  EXPECT_EQ(a.permute({2, 0, 1}).sizes(), (std::vector<int64_t>{4, 2, 3}));
  expectValues(a.transpose(0, 2)[3][2], {11, 23});
  EXPECT_EQ(a.unsqueeze(1).sizes(), (std::vector<int64_t>{2, 1, 3, 4}));
  EXPECT_EQ(kiln::ones({3, 1}).expand({2, 3, 4}).sizes(),
            (std::vector<int64_t>{2, 3, 4}));
  expectValues(kiln::cat({kiln::tensor({1, 2}), kiln::tensor({3})}), {1, 2, 3});
  EXPECT_EQ(kiln::stack({kiln::ones({2}), kiln::zeros({2})}, 1).sizes(),
            (std::vector<int64_t>{2, 2}));
}

/// Comparisons and where take numbers as PyTorch's do: a number never
/// widens a tensor's dtype unless its kind (float over integer) is higher.
TEST(TensorTest, ComparisonsAndWhereTakeNumbers) {
  Tensor x = kiln::tensor({-1.5, 0.0, 0.7, 2.0});
  expectValues(x.eq(0).to(kiln::kFloat32), {0, 1, 0, 0});
  expectValues(x.ne(0).to(kiln::kFloat32), {1, 0, 1, 1});
  expectValues(x.lt(0.7).to(kiln::kFloat32), {1, 1, 0, 0});
  expectValues(x.le(0.7).to(kiln::kFloat32), {1, 1, 1, 0});
  expectValues(x.gt(0).to(kiln::kFloat32), {0, 0, 1, 1});
  expectValues(x.ge(2).to(kiln::kFloat32), {0, 0, 0, 1});
  EXPECT_EQ(x.gt(0).dtype(), kiln::kBool);

  Tensor kept = x.where(x.gt(0), -1);
  EXPECT_EQ(kept.dtype(), x.dtype());
  expectValues(kept, {-1, -1, 0.7, 2});
  Tensor labels = kiln::tensor({3, 1, 4}, kiln::kInt64);
  Tensor masked = labels.where(labels.ne(1), 0);
  EXPECT_EQ(masked.dtype(), kiln::kInt64);
  expectValues(masked, {3, 0, 4});
  Tensor halves = kiln::where(labels.gt(2), 0.5, labels);
  EXPECT_EQ(halves.dtype(), kiln::kFloat32);
  expectValues(halves, {0.5, 1, 0.5});
  EXPECT_THROW((void)labels.where(labels, 0), kiln::Error);
}

TEST(TensorTest, MathMatchesLibm) {
  Tensor x = kiln::tensor({-1.5, 0.0, 0.7, 2.0});
  std::vector<double> v = {-1.5, 0.0, 0.7, 2.0};
  std::vector<double> expected;
  for (double e : v)
    expected.push_back(std::tanh(e));
  expectValues(x.tanh(), expected);
  expected.clear();
  double total = 0;
  for (double e : v)
    total += std::exp(e);
  for (double e : v)
    expected.push_back(std::exp(e) / total);
  expectValues(x.softmax(0), expected);
  expectValues(x.clamp(-1, 1), {-1, 0, 0.7, 1});
  expectValues(kiln::where(x > 0, x, kiln::zeros({4})), {0, 0, 0.7, 2});
}

/// exp, log, tanh and erf run as polynomial approximations on the CPU: they
/// must match libm to a few ulp and at the edges, infinities, zeros and NaN
/// included.
TEST(TensorTest, ApproximatedMathMatchesLibmAtTheEdges) {
  const float inf = std::numeric_limits<float>::infinity();
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::vector<float> anywhere = {-inf, -200, -88, -10, -1e-3f, -0.0f, 0,  1e-6f,
                                 0.5f, 1,    10,  80,  200,    inf,   nan};
  // Subnormal inputs are left out: log takes them as the smallest normal
  // float (kiln-approximate-math says so).
  std::vector<float> positive = {0, 2e-38f, 1e-6f, 0.5f, 1,
                                 2, 1e30f,  inf,   -1,   nan};
  struct Case {
    const char *name;
    const std::vector<float> &inputs;
    Tensor (*compute)(const Tensor &);
    float (*reference)(float);
  };
  const Case cases[] = {
      {"exp", anywhere, [](const Tensor &t) { return t.exp(); },
       [](float v) { return std::exp(v); }},
      {"tanh", anywhere, [](const Tensor &t) { return t.tanh(); },
       [](float v) { return std::tanh(v); }},
      {"erf", anywhere, [](const Tensor &t) { return kiln::erf(t); },
       [](float v) { return std::erf(v); }},
      {"log", positive, [](const Tensor &t) { return t.log(); },
       [](float v) { return std::log(v); }},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.name);
    std::vector<float> got =
        c.compute(kiln::from_blob(c.inputs.data(),
                                  {static_cast<int64_t>(c.inputs.size())}))
            .to_vector<float>();
    for (size_t i = 0; i < got.size(); ++i) {
      float want = c.reference(c.inputs[i]);
      SCOPED_TRACE("input " + std::to_string(c.inputs[i]));
      if (std::isnan(want))
        EXPECT_TRUE(std::isnan(got[i])) << got[i];
      else if (std::isinf(want) || want == 0)
        EXPECT_EQ(got[i], want);
      else
        EXPECT_NEAR(got[i], want, 4e-6 * std::abs(want) + 1e-37);
    }
  }
}

/// Units in the last place between two positive normal floats.
int64_t ulpDistance(float a, float b) {
  int32_t ia, ib;
  std::memcpy(&ia, &a, sizeof a);
  std::memcpy(&ib, &b, sizeof b);
  return std::abs(static_cast<int64_t>(ia) - ib);
}

/// The worst distance, in ulp, from kiln's exp to the correctly rounded
/// value over evenly spaced inputs in [lowest, highest].
std::pair<int64_t, float> worstExpUlps(float lowest, float highest) {
  const int count = 1 << 17;
  std::vector<float> inputs(count);
  for (int i = 0; i < count; ++i)
    inputs[i] = lowest + (highest - lowest) * i / (count - 1);
  std::vector<float> got =
      kiln::from_blob(inputs.data(), {count}).exp().to_vector<float>();
  std::pair<int64_t, float> worst{0, 0};
  for (int i = 0; i < count; ++i) {
    float want = static_cast<float>(std::exp(static_cast<double>(inputs[i])));
    worst = std::max(worst, {ulpDistance(got[i], want), inputs[i]});
  }
  return worst;
}

/// exp's approximation wherever its result is a normal float: within 1 ulp,
/// except above 127.5 ln 2, where 2^k stops at 2^127 and the polynomial
/// runs up to twice as far from 0 as it was fitted for (as in MLIR's).
TEST(TensorTest, ExpIsWithinAFewUlpWhereverItsResultIsNormal) {
  auto [below, at] = worstExpUlps(-87.3f, 88.37f);
  EXPECT_LE(below, 1) << "at exp(" << at << ")";
  auto [top, topAt] = worstExpUlps(88.37f, 88.72f);
  EXPECT_LE(top, 5) << "at exp(" << topAt << ")";
}

/// Empty tensors of any shape compute, as in PyTorch: a product over an
/// empty contraction is zeros, its gradients are empty.
TEST(TensorTest, EmptyTensorsComputeAndDifferentiate) {
  Tensor a = kiln::randn({2, 0}).requires_grad_();
  Tensor b = kiln::randn({0, 3}).requires_grad_();
  Tensor product = a.matmul(b);
  EXPECT_EQ(product.sizes(), (std::vector<int64_t>{2, 3}));
  expectValues(product, {0, 0, 0, 0, 0, 0});
  product.sum().backward();
  EXPECT_EQ(a.grad().sizes(), (std::vector<int64_t>{2, 0}));
  EXPECT_EQ(b.grad().sizes(), (std::vector<int64_t>{0, 3}));
  EXPECT_TRUE(a.grad().to_vector<float>().empty());
  Tensor negated = -kiln::ones({3, 0, 2});
  EXPECT_EQ(negated.sizes(), (std::vector<int64_t>{3, 0, 2}));
  EXPECT_TRUE(negated.to_vector<float>().empty());
}

TEST(TensorTest, InPlaceOpsUpdateEveryHandle) {
  Tensor a = kiln::zeros({3});
  Tensor alias = a;
  a.add_(kiln::ones({3}));
  a += kiln::tensor({1, 2, 3});
  expectValues(alias, {2, 3, 4});
  a.fill_(7);
  expectValues(alias, {7, 7, 7});
  Tensor i = kiln::zeros({2}, kiln::kInt64);
  EXPECT_THROW(i.add_(kiln::ones({2})), kiln::Error);
}

TEST(TensorTest, ShapeErrorsNameTheOpTheShapesAndTheCaller) {
  Tensor a = kiln::ones({2, 3});
  Tensor b = kiln::ones({4, 5});
  int line = __LINE__ + 2;
  try {
    a.matmul(b); // this line is reported
    FAIL() << "expected kiln::Error";
  } catch (const kiln::Error &error) {
    std::string what = error.what();
    EXPECT_NE(what.find("kiln.matmul"), std::string::npos) << what;
    EXPECT_NE(what.find("[2, 3]"), std::string::npos) << what;
    EXPECT_NE(what.find("[4, 5]"), std::string::npos) << what;
    EXPECT_NE(what.find("TensorTest.cpp:" + std::to_string(line)),
              std::string::npos)
        << what;
  }
  EXPECT_THROW(a.reshape({4}), kiln::Error);
  EXPECT_THROW(a[5], kiln::Error);
  EXPECT_THROW(Tensor().sum(), kiln::Error);
}

TEST(TensorTest, OperatorsReportTheEnclosingCallSite) {
  Tensor a = kiln::ones({2});
  Tensor b = kiln::ones({3});
  kiln::CallSite site; // stands for a module's forward()
  int line = __LINE__ - 1;
  try {
    (void)(a + b);
    FAIL() << "expected kiln::Error";
  } catch (const kiln::Error &error) {
    EXPECT_EQ(error.where().line(), static_cast<unsigned>(line));
    EXPECT_NE(std::string(error.what()).find("cannot be broadcast"),
              std::string::npos);
  }
}

TEST(TensorTest, SameGraphCompilesOnceAndScalarsDoNotRecompile) {
  Tensor x = kiln::arange(8, kiln::kFloat32);
  auto step = [&](double scale) {
    return ((x * scale).exp() + 1).sum().item<double>();
  };
  step(0.1);
  kiln::Stats before = kiln::stats();
  double total = 0;
  for (int i = 0; i < 5; ++i)
    total += step(0.01 * i); // a changing scalar: same program
  kiln::Stats after = kiln::stats();
  // Misses in memory are what reach the disk cache or the compiler.
  EXPECT_EQ(after.memoryCacheMisses, before.memoryCacheMisses);
  EXPECT_EQ(after.graphsCompiled, before.graphsCompiled);
  EXPECT_EQ(after.graphsRun, before.graphsRun + 5);
  double expected = 0;
  for (int i = 0; i < 5; ++i)
    for (int j = 0; j < 8; ++j)
      expected += std::exp(0.01 * i * j) + 1;
  EXPECT_NEAR(total, expected, 1e-3);
  // A new shape is a new program.
  (kiln::arange(9, kiln::kFloat32) * 0.5).exp().sum().item<double>();
  EXPECT_EQ(kiln::stats().memoryCacheMisses, after.memoryCacheMisses + 1);
}

TEST(TensorTest, RandomIsSeededAndShaped) {
  kiln::manual_seed(42);
  std::vector<double> first = kiln::rand({1000}).to_vector<double>();
  kiln::manual_seed(42);
  std::vector<double> again = kiln::rand({1000}).to_vector<double>();
  EXPECT_EQ(first, again);
  double mean = 0;
  for (double v : first) {
    EXPECT_GE(v, 0);
    EXPECT_LT(v, 1);
    mean += v / 1000;
  }
  EXPECT_NEAR(mean, 0.5, 0.05);
  double scalar = kiln::rand({}).item<double>(); // 0-d: one element
  EXPECT_TRUE(scalar >= 0 && scalar < 1) << scalar;
  EXPECT_TRUE(std::isfinite(kiln::randn({}).item<double>()));
  Tensor n = kiln::randint(3, 7, {200});
  EXPECT_EQ(n.dtype(), kiln::kInt64);
  for (double v : n.to_vector<double>()) {
    EXPECT_GE(v, 3);
    EXPECT_LT(v, 7);
  }
}

TEST(TensorTest, PrintsLikeLibtorch) {
  std::ostringstream os;
  os << kiln::tensor({{1, 2}, {3, 4}}, kiln::kInt64);
  EXPECT_EQ(os.str(), " 1 2\n 3 4\n[ CPULongType{2,2} ]");
  os.str("");
  os << kiln::tensor({0.5, 1.25});
  EXPECT_EQ(os.str(), "0.5000\n1.2500\n[ CPUFloatType{2} ]");
}

} // namespace

namespace {

TEST(TensorViewTest, WritesThroughViewsReachTheBase) {
  Tensor x = kiln::zeros({2, 3});
  x[0].fill_(1);
  expectValues(x, {1, 1, 1, 0, 0, 0});
  Tensor flat = x.view({6});
  flat.add_(kiln::ones({6}));
  expectValues(x, {2, 2, 2, 1, 1, 1});
  x.t().mul_(kiln::tensor({{1, 10}, {1, 10}, {1, 10}}));
  expectValues(x, {2, 2, 2, 10, 10, 10});
  x.narrow(1, 1, 2).zero_();
  expectValues(x, {2, 0, 0, 10, 0, 0});
  x.select(1, 0).copy_(kiln::tensor({7, 8}));
  expectValues(x, {7, 0, 0, 8, 0, 0});
  // A view of a view.
  x.unsqueeze(0)[0][1].fill_(3);
  expectValues(x, {7, 0, 0, 3, 3, 3});
  x.detach().mul_(2);
  expectValues(x, {14, 0, 0, 6, 6, 6});
}

TEST(TensorViewTest, ViewsSeeLaterWritesToTheBase) {
  Tensor x = kiln::arange(6, kiln::kFloat32).reshape({2, 3});
  Tensor column = x.select(1, 2);
  Tensor transposed = x.t();
  expectValues(column, {2, 5});
  x.add_(kiln::ones({2, 3}));
  expectValues(column, {3, 6});
  expectValues(transposed, {1, 4, 2, 5, 3, 6});
}

TEST(TensorViewTest, UnwritableViewsRefuseWrites) {
  Tensor x = kiln::zeros({4});
  EXPECT_THROW(x.slice(0, 0, 4, 2).fill_(1), kiln::Error);
  EXPECT_THROW(kiln::zeros({1, 3}).expand({2, 3}).add_(kiln::ones({2, 3})),
               kiln::Error);
  expectValues(x, {0, 0, 0, 0});
  expectValues(x.slice(0, 1, std::nullopt, 2), {0, 0}); // reading is fine
}

} // namespace

namespace {

TEST(TensorThreadTest, TracingAndComputingFromSeveralThreads) {
  // A tensor made on one thread (as a data loader's) is used on others,
  // which trace and compute concurrently.
  Tensor shared = kiln::arange(64, kiln::kFloat32).reshape({8, 8});
  std::vector<double> sums(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      double total = 0;
      for (int step = 0; step < 20; ++step) {
        Tensor y = (shared * static_cast<double>(t + 1) + step).sum(1);
        total += y.sum().item<double>();
      }
      sums[t] = total;
    });
  for (std::thread &thread : threads)
    thread.join();
  // sum over steps of (t+1) * 2016 + 64 * step.
  for (int t = 0; t < 4; ++t)
    EXPECT_DOUBLE_EQ(sums[t], 20 * (t + 1) * 2016.0 + 64 * 190.0);
}

} // namespace

namespace {

TEST(TensorIndexingTest, GatherIndexSelectScatterAdd) {
  Tensor x = kiln::tensor({{1, 2, 3}, {4, 5, 6}});
  Tensor idx = kiln::tensor({{2, 0}, {1, 1}}, kiln::kInt64);
  expectValues(x.gather(1, idx), {3, 1, 5, 5});
  expectValues(x.index_select(1, kiln::tensor({2, 0}, kiln::kInt64)),
               {3, 1, 6, 4});
  Tensor rows = kiln::tensor({1, 1, 0}, kiln::kInt64).reshape({3, 1});
  Tensor updates = kiln::tensor({{10}, {20}, {30}});
  expectValues(kiln::zeros({2, 1}).scatter_add(0, rows, updates), {30, 30});
}

TEST(TensorIndexingTest, ScatterAddLeavesItsInputsAlone) {
  // The program must not update the destination's buffer in place: the
  // input tensor (and every tensor sharing its value) keeps its values.
  Tensor dest = kiln::ones({3, 2});
  (void)dest.sum().item<float>();
  Tensor index = kiln::tensor({{0, 0}, {2, 1}}, kiln::kInt64);
  Tensor sum = dest.scatter_add(0, index, kiln::ones({2, 2}));
  expectValues(sum, {2, 2, 1, 2, 2, 1});
  expectValues(dest, {1, 1, 1, 1, 1, 1});
}

TEST(TensorFactoryTest, RequiresGradOptionMakesALeaf) {
  Tensor w = kiln::zeros({3}, kiln::requires_grad());
  EXPECT_TRUE(w.requires_grad());
  (w * 2).sum().backward();
  expectValues(w.grad(), {2, 2, 2});
  EXPECT_FALSE(kiln::zeros({3}, w.options()).requires_grad());
}

TEST(TensorIndexingTest, OutOfRangeIndexIsAnErrorNamingTheGather) {
  Tensor x = kiln::ones({2, 3});
  Tensor bad = kiln::tensor({{0, 3}}, kiln::kInt64); // 3 is past the end
  int line = __LINE__ + 1;
  Tensor picked = x.gather(1, bad);
  try {
    picked.sum().item<float>();
    FAIL() << "expected kiln::Error";
  } catch (const kiln::Error &error) {
    std::string what = error.what();
    EXPECT_NE(what.find("index out of range in kiln.gather at"),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("TensorTest.cpp:" + std::to_string(line)),
              std::string::npos)
        << what;
  }
  EXPECT_THROW(x.gather(1, kiln::ones({1, 2})), kiln::Error); // float index
}

} // namespace

namespace {

TEST(TensorTableTest, PromotionTableMatchesPyTorch) {
  using kiln::Dtype;
  struct Row {
    Dtype a, b, result;
  };
  // torch.promote_types for dimensioned tensors.
  const Row rows[] = {
      {kiln::kBool, kiln::kBool, kiln::kBool},
      {kiln::kBool, kiln::kInt32, kiln::kInt32},
      {kiln::kInt32, kiln::kInt64, kiln::kInt64},
      {kiln::kInt64, kiln::kFloat16, kiln::kFloat16},
      {kiln::kInt32, kiln::kBFloat16, kiln::kBFloat16},
      {kiln::kFloat16, kiln::kBFloat16, kiln::kFloat32},
      {kiln::kFloat16, kiln::kFloat32, kiln::kFloat32},
      {kiln::kBFloat16, kiln::kFloat64, kiln::kFloat64},
      {kiln::kFloat32, kiln::kFloat64, kiln::kFloat64},
      {kiln::kBool, kiln::kFloat64, kiln::kFloat64},
  };
  for (const Row &row : rows) {
    Tensor a = kiln::ones({2}, row.a), b = kiln::ones({2}, row.b);
    EXPECT_EQ(kiln::maximum(a, b).dtype(), row.result)
        << toString(row.a) << " + " << toString(row.b);
    EXPECT_EQ(kiln::maximum(b, a).dtype(), row.result);
  }
}

TEST(TensorTableTest, BroadcastingTable) {
  struct Row {
    std::vector<int64_t> a, b, result;
  };
  const Row rows[] = {
      {{3}, {}, {3}},
      {{2, 1}, {1, 3}, {2, 3}},
      {{4, 1, 5}, {3, 1}, {4, 3, 5}},
      {{1}, {2, 3, 4}, {2, 3, 4}},
      {{0, 3}, {1, 3}, {0, 3}},
  };
  for (const Row &row : rows)
    EXPECT_EQ((kiln::ones(row.a) + kiln::ones(row.b)).sizes(), row.result);
  EXPECT_THROW(kiln::ones({2, 3}) + kiln::ones({3, 2}), kiln::Error);
  EXPECT_THROW(kiln::ones({4}) * kiln::ones({5}), kiln::Error);
}

TEST(TensorOpsTest, MoreOpsAgainstHandComputedValues) {
  Tensor x = kiln::tensor({{1, -2, 3}, {-4, 5, -6}});
  expectValues(x.pow(2), {1, 4, 9, 16, 25, 36});
  expectValues(x.clamp(std::nullopt, 0), {0, -2, 0, -4, 0, -6});
  auto [low, where] = x.min(1, /*keepdim=*/true);
  EXPECT_EQ(low.sizes(), (std::vector<int64_t>{2, 1}));
  expectValues(low, {-2, -6});
  expectValues(where, {1, 2});
  expectValues(x.argmax(0), {0, 1, 0});
  expectValues(x.abs().sum(), {21});
  expectValues(x.eq(kiln::tensor({1, 5, 0})).to(kiln::kInt64),
               {1, 0, 0, 0, 1, 0});
  expectValues(x.flatten().slice(0, 1, 5, 2), {-2, -4});
  expectValues(kiln::linspace(0, 1, 5), {0, 0.25, 0.5, 0.75, 1});
  expectValues(kiln::eye(2), {1, 0, 0, 1});
  expectValues(kiln::full({2}, 7, kiln::kInt32), {7, 7});
  expectValues(kiln::tensor({2.7, -2.7}).to(kiln::kInt64), {2, -2});
  Tensor row = kiln::tensor({1, 2, 3});
  double m = std::max({1.0, 2.0, 3.0}), z = 0;
  for (double v : {1.0, 2.0, 3.0})
    z += std::exp(v - m);
  std::vector<double> expected;
  for (double v : {1.0, 2.0, 3.0})
    expected.push_back(v - m - std::log(z));
  expectValues(row.log_softmax(0), expected, 1e-5);
  expectValues(kiln::stack({row, row * 2}).sum(0), {3, 6, 9});
  expectValues(row.where(row > 1.5, kiln::zeros({3})), {0, 2, 3});
  expectValues(kiln::clamp(row, 2), {2, 2, 3});
  expectValues(kiln::transpose(kiln::reshape(row, {3, 1}), 0, 1), {1, 2, 3});
  EXPECT_DOUBLE_EQ(kiln::mean(row).item<double>(), 2);
}

// CUDA devices are tested in test/gpu.
TEST(TensorDeviceTest, CpuTensorsStayAndStatsCount) {
  Tensor x = kiln::ones({2});
  EXPECT_EQ(x.to(kiln::kCPU).device(), kiln::Device(kiln::kCPU));
  EXPECT_EQ(x.to(kiln::kCPU).unsafeImpl(), x.unsafeImpl());
  kiln::Stats before = kiln::stats();
  Tensor y = kiln::ones({3}) * 2 + 1;
  EXPECT_GE(kiln::stats().nodesTraced, before.nodesTraced + 2);
  expectValues(y, {3, 3, 3});
  EXPECT_EQ(kiln::stats().graphsRun, before.graphsRun + 1);
}

} // namespace

namespace {

TEST(TensorIndexingTest, IndexWithIntegersSlicesNoneAndEllipsis) {
  using kiln::Slice;
  Tensor x = kiln::arange(24, kiln::kFloat32).reshape({2, 3, 4});
  expectValues(x.index({1, Slice(1), 2}), {18, 22});
  EXPECT_EQ(x.index({kiln::Ellipsis, 0}).sizes(), (std::vector<int64_t>{2, 3}));
  expectValues(x.index({kiln::Ellipsis, 0})[1], {12, 16, 20});
  EXPECT_EQ(x.index({kiln::None, 0}).sizes(), (std::vector<int64_t>{1, 3, 4}));
  expectValues(x.index({0, 0, Slice(std::nullopt, std::nullopt, 2)}), {0, 2});
  x.index({Slice(), 1, Slice(0, 2)}).fill_(-1); // a view: writes reach x
  expectValues(x[1][1], {-1, -1, 18, 19});
  EXPECT_THROW(x.index({0, 0, 0, 0}), kiln::Error);
}

} // namespace

namespace {

TEST(TensorRobustnessTest, DimensionsOfScalarsAreErrors) {
  Tensor s = kiln::full({}, 3);
  EXPECT_THROW(s.size(0), kiln::Error);
  EXPECT_THROW(s.argmax(0), kiln::Error);
  EXPECT_THROW(s.softmax(0), kiln::Error);
  EXPECT_THROW(kiln::cat({s, s}), kiln::Error);
  EXPECT_DOUBLE_EQ(s.sum().item<double>(), 3);
}

TEST(TensorRobustnessTest, AFaultingTensorDoesNotPoisonOthersSharingItsGraph) {
  Tensor x = kiln::ones({2, 3});
  Tensor y = x * 2;
  Tensor bad = y.gather(1, kiln::tensor({{0, 9}}, kiln::kInt64));
  Tensor fine = y + 1;
  expectValues(fine, {3, 3, 3, 3, 3, 3}); // `bad` shares y but is not needed
  EXPECT_THROW(bad.sum().item<float>(), kiln::Error);
  EXPECT_THROW(bad.sum().item<float>(), kiln::Error); // and stays an error
}

TEST(TensorRobustnessTest, CloneOwnsItsBuffer) {
  Tensor a = kiln::tensor({1, 2});
  Tensor b = a.clone();
  a.data_ptr<float>()[0] = 5;
  expectValues(b, {1, 2});
  Tensor lazy = a * 1;
  Tensor copy = lazy.clone();
  lazy.data_ptr<float>()[1] = 7;
  expectValues(copy, {5, 2});
}

TEST(TensorRobustnessTest, BadFactoryArgumentsAreErrors) {
  EXPECT_THROW(kiln::zeros({int64_t{1} << 40, int64_t{1} << 40}), kiln::Error);
  EXPECT_THROW(kiln::zeros({-1}), kiln::Error);
  EXPECT_THROW(kiln::arange(0, INFINITY), kiln::Error);
  EXPECT_THROW(kiln::tensor({{1, 2}, {3}}), kiln::Error);
}

TEST(TensorRobustnessTest, ScalarComparisonsAndLargeIntegersPrint) {
  Tensor x = kiln::tensor({1, 2, 3});
  expectValues((x != 2).to(kiln::kInt32), {1, 0, 1});
  expectValues((x <= 2).to(kiln::kInt32), {1, 1, 0});
  expectValues((x >= 2).to(kiln::kInt32), {0, 1, 1});
  std::ostringstream os;
  os << kiln::tensor({1e20, 1.0}, kiln::kFloat64);
  EXPECT_NE(os.str().find("1.0000e+20"), std::string::npos) << os.str();
}

} // namespace
