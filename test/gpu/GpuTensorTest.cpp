//===- GpuTensorTest.cpp - the front end's ops on the GPU against the CPU -===//
//
// Each check runs the same computation on both devices and compares (rtol
// 1e-3, atol 1e-5 for f32). Without a CUDA device they are skipped, saying
// why; the device errors that need no GPU run everywhere.
//
//===----------------------------------------------------------------------===//

#include "kiln/kiln.h"
#include "kiln/runtime/Cuda.h"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>

namespace {

using kiln::Tensor;
namespace F = kiln::nn::functional;
namespace cuda = kiln::runtime::cuda;

#define SKIP_WITHOUT_GPU()                                                     \
  if (!cuda::available())                                                      \
  GTEST_SKIP() << "no CUDA device: " << cuda::unavailableReason()

void expectClose(const Tensor &gpu, const Tensor &cpu, double rtol = 1e-3,
                 double atol = 1e-5) {
  ASSERT_EQ(gpu.device().type, kiln::kCUDA);
  ASSERT_EQ(gpu.sizes(), cpu.sizes());
  std::vector<double> got = gpu.to_vector<double>();
  std::vector<double> want = cpu.to_vector<double>();
  for (size_t i = 0; i < got.size(); ++i) {
    if (std::isnan(want[i])) {
      ASSERT_TRUE(std::isnan(got[i])) << "element " << i << ": " << got[i];
      continue;
    }
    ASSERT_NEAR(got[i], want[i], atol + rtol * std::abs(want[i]))
        << "element " << i;
  }
}

/// Runs `f` on CPU inputs and on their copies on the GPU; compares.
void compareDevices(std::vector<Tensor> inputs,
                    const std::function<Tensor(std::vector<Tensor>)> &f,
                    double rtol = 1e-3, double atol = 1e-5) {
  std::vector<Tensor> onGpu;
  for (const Tensor &input : inputs)
    onGpu.push_back(input.to(kiln::kCUDA));
  expectClose(f(onGpu), f(inputs), rtol, atol);
}

TEST(GpuDeviceErrors, MixingDevicesInOneOpIsAnError) {
  // A pending CUDA tensor needs no GPU until it is computed.
  Tensor onGpu = kiln::rand({2, 3}, kiln::device(kiln::kCUDA));
  Tensor onCpu = kiln::ones({2, 3});
  EXPECT_EQ(onGpu.device().type, kiln::kCUDA);
  try {
    (void)(onCpu + onGpu);
    FAIL() << "mixing devices was accepted";
  } catch (const kiln::Error &error) {
    EXPECT_NE(std::string(error.what()).find(
                  "expected all tensors to be on the same device, but found "
                  "cpu and cuda:0"),
              std::string::npos)
        << error.what();
  }
}

TEST(GpuDeviceErrors, MovingATensorThatRequiresGradIsRefused) {
  Tensor w = kiln::ones({2}).requires_grad_();
  try {
    (void)w.to(kiln::kCUDA);
    FAIL() << "a differentiable move was accepted";
  } catch (const kiln::Error &error) {
    EXPECT_NE(std::string(error.what()).find("not differentiable yet"),
              std::string::npos)
        << error.what();
  }
}

TEST(GpuDeviceErrors, OnlyDeviceZeroIsUsed) {
  EXPECT_THROW((void)kiln::ones({2}).to(kiln::Device(kiln::kCUDA, 1)),
               kiln::Error);
}

TEST(GpuDeviceErrors, LayersMakeTheirConstantsOnTheInputsDevice) {
  // Traced without a GPU: a constant made on the CPU would be a device
  // mismatch at the op that mixes it with the input.
  kiln::TensorOptions onGpu = kiln::device(kiln::kCUDA);
  Tensor logits = kiln::rand({4, 3}, onGpu);
  Tensor target = kiln::randint(0, 3, {4}, onGpu.dtype(kiln::kInt64));
  Tensor weight = kiln::rand({3}, onGpu);
  Tensor table = kiln::rand({5, 2}, onGpu);
  std::vector<Tensor> results = {
      F::cross_entropy(logits, target,
                       F::CrossEntropyFuncOptions()
                           .weight(weight)
                           .ignore_index(1)
                           .label_smoothing(0.1)),
      F::nll_loss(logits, target, F::NLLLossFuncOptions().ignore_index(2)),
      F::embedding(target, table, F::EmbeddingFuncOptions().padding_idx(0)),
      F::dropout(logits, F::DropoutFuncOptions().p(0.5).training(true)),
      kiln::nn::init::uniform_(kiln::rand({2}, onGpu), -1, 1)};
  for (const Tensor &result : results)
    EXPECT_EQ(result.device().type, kiln::kCUDA);
}

TEST(GpuDeviceErrors, NoDeviceIsAClearError) {
  if (cuda::available())
    GTEST_SKIP() << "a CUDA device is present";
  try {
    (void)kiln::ones({2}).to(kiln::kCUDA);
    FAIL() << "a CUDA tensor was made without a device";
  } catch (const kiln::Error &error) {
    EXPECT_NE(std::string(error.what()).find("libcuda"), std::string::npos)
        << error.what();
  }
}

TEST(GpuTensor, TransfersRoundTripExactly) {
  SKIP_WITHOUT_GPU();
  Tensor x = kiln::randn({3, 5});
  Tensor there = x.to(kiln::kCUDA);
  EXPECT_EQ(there.device().type, kiln::kCUDA);
  EXPECT_EQ(there.to(kiln::kCUDA).unsafeImpl(), there.unsafeImpl());
  Tensor back = there.to(kiln::kCPU);
  EXPECT_EQ(back.device().type, kiln::kCPU);
  EXPECT_EQ(back.to_vector<float>(), x.to_vector<float>());
}

TEST(GpuTensor, ElementwiseChains) {
  SKIP_WITHOUT_GPU();
  compareDevices({kiln::randn({64, 33}), kiln::randn({64, 33}),
                  kiln::randn({33})},
                 [](std::vector<Tensor> v) {
                   return kiln::gelu(v[0] * v[1] + v[2]).tanh() * 2.0 -
                          kiln::sigmoid(v[0]).exp();
                 });
  compareDevices({kiln::rand({1000}, kiln::kFloat64)},
                 [](std::vector<Tensor> v) { return kiln::sqrt(v[0]).log(); },
                 1e-9, 1e-12);
}

TEST(GpuTensor, Reductions) {
  SKIP_WITHOUT_GPU();
  Tensor x = kiln::randn({37, 129});
  compareDevices({x}, [](std::vector<Tensor> v) { return v[0].sum(); });
  compareDevices({x}, [](std::vector<Tensor> v) { return v[0].mean(1); });
  compareDevices({x},
                 [](std::vector<Tensor> v) { return kiln::softmax(v[0], 1); });
  compareDevices(
      {x}, [](std::vector<Tensor> v) { return kiln::log_softmax(v[0], 0); });
  compareDevices({x}, [](std::vector<Tensor> v) { return v[0].argmax(1); });
}

TEST(GpuTensor, RowReductionsSpreadOverWarpsAndBlocks) {
  SKIP_WITHOUT_GPU();
  // Rows shorter than a warp, not a multiple of it, and long; a NaN, which
  // the row's maximum must keep; integers, combined exactly.
  for (int64_t columns : {5, 129, 4096}) {
    SCOPED_TRACE(columns);
    // Sums in another order: within a few ulp of the row's magnitude.
    compareDevices(
        {kiln::randn({70, columns})},
        [](std::vector<Tensor> v) {
          return kiln::stack({v[0].sum(1), std::get<0>(v[0].max(1)),
                              std::get<0>(v[0].min(1)), v[0].pow(2).mean(1)});
        },
        1e-3, 1e-3);
  }
  Tensor withNan = kiln::randn({3, 100});
  withNan = withNan.where(kiln::arange(100).ne(77), NAN);
  compareDevices({withNan},
                 [](std::vector<Tensor> v) { return std::get<0>(v[0].max(1)); });
  compareDevices({(kiln::randn({9, 300}) * 100).to(kiln::kInt32)},
                 [](std::vector<Tensor> v) { return std::get<0>(v[0].max(1)); });
  // Enough rows that a row's initial values, reductions and normalization
  // run as one launch, a block per row.
  compareDevices({kiln::randn({1500, 77}), kiln::randn({77}),
                  kiln::randn({77})},
                 [](std::vector<Tensor> v) {
                   return kiln::cat(
                       {kiln::softmax(v[0], 1), kiln::log_softmax(v[0], 1),
                        kiln::layer_norm(v[0], std::vector<int64_t>{77}, v[1],
                                         v[2])},
                       1);
                 });
  // Rows of rows: one reduction per (row, column) pair, not a row group.
  compareDevices({kiln::randn({1100, 3, 40})}, [](std::vector<Tensor> v) {
    return kiln::softmax(v[0], 2);
  });
  // The gradients of layer norm and of cross-entropy over a large batch,
  // whose backward passes hold row groups too.
  compareDevices({kiln::randn({1100, 10}), kiln::randn({10})},
                 [](std::vector<Tensor> v) {
                   Tensor x = v[0].requires_grad_(), w = v[1].requires_grad_();
                   Tensor target = kiln::argmax(v[0].detach() * -1.0, 1);
                   Tensor y = kiln::layer_norm(x, std::vector<int64_t>{10}, w);
                   Tensor loss = F::cross_entropy(y, target);
                   auto grads = kiln::autograd::grad({loss}, {x, w});
                   return kiln::cat({grads[0].reshape({-1}), grads[1]});
                 });
}

/// One row of the op table: a name for the failure message and the
/// computation, run on both devices.
struct OpCase {
  const char *name;
  std::function<Tensor(std::vector<Tensor>)> compute;
};

TEST(GpuTensor, OpTableMatchesTheCpu) {
  SKIP_WITHOUT_GPU();
  const OpCase cases[] = {
      {"abs sin erf", [](auto v) { return v[0].abs() + v[0].sin() + v[0].erf(); }},
      {"pow clamp", [](auto v) { return v[0].pow(2).clamp(0.1, 2.0); }},
      {"where gt", [](auto v) { return v[0].where(v[0].gt(v[1]), v[1]); }},
      {"eq as float", [](auto v) { return v[0].eq(v[0]).to(kiln::kFloat32); }},
      {"max", [](auto v) { return v[0].max(); }},
      {"transpose reshape", [](auto v) { return v[0].t().reshape({-1}); }},
      {"cat stack", [](auto v) {
         return kiln::stack({kiln::cat({v[0], v[1]}), kiln::cat({v[1], v[0]})});
       }},
      {"narrow", [](auto v) { return v[0].narrow(1, 2, 5) * 3.0; }},
      {"index_select", [](auto v) {
         return v[0].index_select(
             0, kiln::tensor({5, 0, 3}, kiln::kInt64).to(v[0].device()));
       }},
      {"scatter_add", [](auto v) {
         Tensor index = kiln::tensor({{1, 0, 2, 3, 4, 5, 0, 1}}, kiln::kInt64)
                            .to(v[0].device());
         return v[0].scatter_add(0, index, v[1].narrow(0, 0, 1).narrow(1, 0, 8));
       }},
      {"layer_norm", [](auto v) {
         return kiln::layer_norm(v[0], std::vector<int64_t>{8});
       }},
      {"log_softmax", [](auto v) { return kiln::log_softmax(v[0], 0); }},
      {"cast f64", [](auto v) { return v[0].to(kiln::kFloat64).exp(); }},
      {"cross_entropy with options", [](auto v) {
         Tensor target =
             kiln::tensor({0, 3, 1, 7, 1, 3}, kiln::kInt64).to(v[0].device());
         return F::cross_entropy(v[0], target,
                                 F::CrossEntropyFuncOptions()
                                     .weight(v[1].select(0, 0).abs())
                                     .ignore_index(1)
                                     .label_smoothing(0.1));
       }},
      {"embedding with padding", [](auto v) {
         Tensor rows = kiln::tensor({{0, 2}, {5, 0}}, kiln::kInt64)
                           .to(v[0].device());
         return F::embedding(rows, v[0], F::EmbeddingFuncOptions().padding_idx(0));
       }},
  };
  Tensor a = kiln::randn({6, 8}), b = kiln::randn({6, 8});
  for (const OpCase &op : cases) {
    SCOPED_TRACE(op.name);
    compareDevices({a, b}, op.compute);
  }
}

TEST(GpuTensor, MatmulsThroughCublas) {
  SKIP_WITHOUT_GPU();
  compareDevices({kiln::randn({64, 128}), kiln::randn({128, 48})},
                 [](std::vector<Tensor> v) { return kiln::matmul(v[0], v[1]); });
  // Transposed operands and a batch.
  compareDevices({kiln::randn({128, 64}), kiln::randn({48, 128})},
                 [](std::vector<Tensor> v) {
                   return kiln::matmul(v[0].t(), v[1].t());
                 });
  compareDevices({kiln::randn({4, 16, 32}), kiln::randn({4, 32, 8})},
                 [](std::vector<Tensor> v) { return kiln::matmul(v[0], v[1]); });
  compareDevices({kiln::randn({32, 32}, kiln::kFloat64),
                  kiln::randn({32, 32}, kiln::kFloat64)},
                 [](std::vector<Tensor> v) { return kiln::matmul(v[0], v[1]); },
                 1e-9, 1e-12);
}

TEST(GpuTensor, ConvolutionAndPoolingThroughCudnn) {
  SKIP_WITHOUT_GPU();
  compareDevices({kiln::randn({2, 4, 9, 8}), kiln::randn({6, 4, 3, 3}),
                  kiln::randn({6})},
                 [](std::vector<Tensor> v) {
                   return kiln::conv2d(v[0], v[1], v[2], 2, 1);
                 });
  // Groups, dilation and uneven stride and padding; f64.
  compareDevices({kiln::randn({2, 6, 11, 9}), kiln::randn({4, 3, 3, 2})},
                 [](std::vector<Tensor> v) {
                   return kiln::conv2d(v[0], v[1], {}, {2, 1}, {1, 0}, {2, 1},
                                       2);
                 });
  compareDevices({kiln::randn({2, 3, 7, 7}, kiln::kFloat64),
                  kiln::randn({5, 3, 3, 3}, kiln::kFloat64)},
                 [](std::vector<Tensor> v) {
                   return kiln::conv2d(v[0], v[1], {}, 2, 1);
                 },
                 1e-9, 1e-12);
  compareDevices({kiln::randn({2, 4, 9, 8})}, [](std::vector<Tensor> v) {
    return kiln::max_pool2d(v[0], 2) + kiln::avg_pool2d(v[0], 2);
  });
  // Padded windows: -inf for max (padding never wins), zeros counted in the
  // average.
  compareDevices({kiln::randn({2, 3, 7, 6})}, [](std::vector<Tensor> v) {
    return kiln::max_pool2d(v[0], 3, 2, 1) + kiln::avg_pool2d(v[0], 3, 2, 1);
  });
  // The gradients of both with respect to input and weight, with groups and
  // a stride.
  compareDevices({kiln::randn({2, 4, 9, 9}), kiln::randn({6, 2, 3, 3})},
                 [](std::vector<Tensor> v) {
                   Tensor x = v[0].requires_grad_(), w = v[1].requires_grad_();
                   Tensor y = kiln::max_pool2d(
                       kiln::conv2d(x, w, {}, 2, 1, 1, 2), 2);
                   y = y + kiln::avg_pool2d(y, 3, 1, 1);
                   auto grads = kiln::autograd::grad({y.pow(2).sum()}, {x, w});
                   return kiln::cat({grads[0].reshape({-1}),
                                     grads[1].reshape({-1})});
                 });
}

TEST(GpuTensor, IndexFaultsNameTheOp) {
  SKIP_WITHOUT_GPU();
  Tensor x = kiln::randn({4, 3}).to(kiln::kCUDA);
  Tensor index = kiln::tensor({{0}, {7}, {1}, {2}}, kiln::kInt64)
                     .to(kiln::kCUDA);
  try {
    (void)x.gather(1, index).to_vector<float>();
    FAIL() << "an out-of-range index was accepted";
  } catch (const kiln::Error &error) {
    EXPECT_NE(std::string(error.what()).find("index out of range in "
                                             "kiln.gather"),
              std::string::npos)
        << error.what();
  }
}

/// Trains a small MLP for a few SGD steps from the same start on both
/// devices; the parameters must agree.
TEST(GpuTensor, TrainingStepsMatchTheCpu) {
  SKIP_WITHOUT_GPU();
  auto train = [](kiln::Device device, std::vector<Tensor> start,
                  const Tensor &images, const Tensor &labels) {
    kiln::nn::Linear first(20, 16), second(16, 4);
    std::vector<Tensor> parameters = first->parameters();
    for (const Tensor &p : second->parameters())
      parameters.push_back(p);
    {
      kiln::NoGradGuard noGrad;
      for (size_t i = 0; i < parameters.size(); ++i)
        parameters[i].copy_(start[i]);
    }
    first->to(device);
    second->to(device);
    kiln::optim::SGD optimizer(parameters,
                               kiln::optim::SGDOptions(0.1).momentum(0.9));
    Tensor x = images.to(device), y = labels.to(device);
    for (int step = 0; step < 4; ++step) {
      optimizer.zero_grad();
      Tensor loss =
          F::cross_entropy(second->forward(kiln::relu(first->forward(x))), y);
      loss.backward();
      optimizer.step();
    }
    return parameters;
  };
  std::vector<Tensor> start = {kiln::randn({16, 20}) * 0.2,
                               kiln::randn({16}) * 0.2,
                               kiln::randn({4, 16}) * 0.2,
                               kiln::randn({4}) * 0.2};
  Tensor images = kiln::randn({32, 20});
  Tensor labels = kiln::randint(0, 4, {32}, kiln::kInt64);
  std::vector<Tensor> onGpu = train(kiln::kCUDA, start, images, labels);
  std::vector<Tensor> onCpu = train(kiln::kCPU, start, images, labels);
  for (size_t i = 0; i < onGpu.size(); ++i)
    expectClose(onGpu[i], onCpu[i]);
}

TEST(GpuTensor, RepeatedStepsReuseDeviceMemory) {
  SKIP_WITHOUT_GPU();
  Tensor w = kiln::randn({256, 256}).to(kiln::kCUDA);
  auto step = [&] { w = kiln::tanh(kiln::matmul(w, w) * 0.01); };
  step();
  (void)w.sum().item<float>();
  uint64_t allocated = cuda::memoryStats().allocatedBytes;
  for (int i = 0; i < 20; ++i)
    step();
  (void)w.sum().item<float>();
  EXPECT_LE(cuda::memoryStats().allocatedBytes, allocated);
  EXPECT_GT(cuda::memoryStats().cacheHits, 0u);
}

} // namespace
