//===- DialectTest.cpp - building kiln IR from C++ ------------------------===//
//
// The front end builds kiln ops through these builders, so result types must
// be inferred from operands, shape errors must come back as diagnostics (not
// asserts), and folds must fire when ops are created through a folder.
//
//===----------------------------------------------------------------------===//

#include "kiln/Compiler/InitAll.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser/Parser.h"

#include <gtest/gtest.h>

using namespace mlir;

namespace {

class KilnDialectTest : public ::testing::Test {
protected:
  KilnDialectTest() {
    DialectRegistry registry;
    kiln::registerAllDialects(registry);
    context.appendDialectRegistry(registry);
    context.loadAllAvailableDialects();
  }

  RankedTensorType f32(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, Float32Type::get(&context));
  }

  /// A function taking `inputs` whose body the test fills in.
  func::FuncOp makeFunction(ArrayRef<Type> inputs) {
    OpBuilder builder(&context);
    module = ModuleOp::create(builder.getUnknownLoc());
    builder.setInsertionPointToEnd(module->getBody());
    auto fn = func::FuncOp::create(builder, builder.getUnknownLoc(), "f",
                                   builder.getFunctionType(inputs, {}));
    fn.addEntryBlock();
    return fn;
  }

  MLIRContext context;
  OwningOpRef<ModuleOp> module;
};

TEST_F(KilnDialectTest, MatmulInfersBatchedResultType) {
  auto fn = makeFunction({f32({3, 2, 5}), f32({3, 5, 7})});
  OpBuilder builder = OpBuilder::atBlockBegin(&fn.front());
  auto matmul = kiln::ir::MatmulOp::create(builder, builder.getUnknownLoc(),
                                       fn.getArgument(0), fn.getArgument(1));
  EXPECT_EQ(matmul.getType(), f32({3, 2, 7}));
}

TEST_F(KilnDialectTest, ReduceDropsReducedDimensions) {
  auto fn = makeFunction({f32({2, 3, 4})});
  OpBuilder builder = OpBuilder::atBlockBegin(&fn.front());
  auto sum = kiln::ir::ReduceSumOp::create(builder, builder.getUnknownLoc(),
                                       fn.getArgument(0),
                                       ArrayRef<int64_t>{0, 2});
  EXPECT_EQ(sum.getType(), f32({3}));
}

TEST_F(KilnDialectTest, ShapeErrorIsADiagnosticNamingOpAndShapes) {
  auto fn = makeFunction({f32({2, 3}), f32({4, 5})});
  OpBuilder builder = OpBuilder::atBlockBegin(&fn.front());
  SmallVector<Type> inferred;
  std::string message;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    message = diag.str();
    return success();
  });
  kiln::ir::MatmulOp::Adaptor adaptor({fn.getArgument(0), fn.getArgument(1)});
  EXPECT_TRUE(failed(kiln::ir::MatmulOp::inferReturnTypes(
      &context, builder.getUnknownLoc(), adaptor, inferred)));
  EXPECT_NE(message.find("'kiln.matmul'"), std::string::npos) << message;
  EXPECT_NE(message.find("tensor<2x3xf32>"), std::string::npos) << message;
  EXPECT_NE(message.find("K = 4"), std::string::npos) << message;
}

TEST_F(KilnDialectTest, ConvolutionResultFollowsPyTorchShapeRule) {
  // PyTorch: Conv2d(3, 8, kernel 3, stride 2, padding 1) on 1x3x32x32 gives
  // 1x8x16x16.
  auto fn = makeFunction({f32({1, 3, 32, 32}), f32({8, 3, 3, 3})});
  OpBuilder builder = OpBuilder::atBlockBegin(&fn.front());
  auto conv = kiln::ir::Conv2dOp::create(
      builder, builder.getUnknownLoc(), fn.getArgument(0), fn.getArgument(1),
      ArrayRef<int64_t>{2, 2}, ArrayRef<int64_t>{1, 1},
      ArrayRef<int64_t>{1, 1}, 1);
  EXPECT_EQ(conv.getType(), f32({1, 8, 16, 16}));
}

TEST_F(KilnDialectTest, CreateOrFoldRemovesDoubleTranspose) {
  auto fn = makeFunction({f32({2, 3, 4})});
  OpBuilder builder = OpBuilder::atBlockBegin(&fn.front());
  Location loc = builder.getUnknownLoc();
  Value once = kiln::ir::TransposeOp::create(builder, loc, fn.getArgument(0),
                                         ArrayRef<int64_t>{2, 0, 1});
  Value twice = builder.createOrFold<kiln::ir::TransposeOp>(
      loc, once, ArrayRef<int64_t>{1, 2, 0});
  EXPECT_EQ(twice, fn.getArgument(0));
}

TEST_F(KilnDialectTest, ParsedModuleVerifies) {
  auto parsed = parseSourceString<ModuleOp>(R"mlir(
    func.func @f(%x: tensor<4x8xf32>, %s: tensor<f32>) -> tensor<4xf32> {
      %b = kiln.broadcast %s dims = [] : tensor<f32> -> tensor<4x8xf32>
      %m = kiln.mul %x, %b : tensor<4x8xf32>
      %r = kiln.reduce_sum %m dims = [1] : tensor<4x8xf32> -> tensor<4xf32>
      return %r : tensor<4xf32>
    })mlir",
                                            &context);
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(succeeded(verify(*parsed)));
}

} // namespace
