//===- GraphCompiler.cpp - traced graphs to kiln IR -----------------------===//

#include "kiln/Compiler/GraphCompiler.h"
#include "kiln/Compiler/GraphToKiln.h"

#include "kiln/Compiler/InitAll.h"
#include "kiln/Dialect/Kiln/IR/KilnOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"

using namespace mlir;
namespace ir = kiln::ir;

namespace {

Type elementType(MLIRContext *context, kiln::runtime::DType dtype) {
  using kiln::runtime::DType;
  Builder b(context);
  switch (dtype) {
  case DType::f32:
    return b.getF32Type();
  case DType::f64:
    return b.getF64Type();
  case DType::f16:
    return b.getF16Type();
  case DType::bf16:
    return b.getBF16Type();
  case DType::i64:
    return b.getI64Type();
  case DType::i32:
    return b.getI32Type();
  case DType::b1:
    return b.getI1Type();
  }
  llvm_unreachable("unknown dtype");
}

RankedTensorType tensorType(MLIRContext *context,
                            const kiln::runtime::TensorSpec &spec) {
  return RankedTensorType::get(spec.shape, elementType(context, spec.dtype));
}

/// What building one node needs.
struct NodeContext {
  OpBuilder &b;
  Location loc;
  const kiln::GraphNode &node;
  RankedTensorType type;
  SmallVector<Value> inputs;
};

using NodeBuilder = Value (*)(NodeContext &);

template <typename OpT> Value unary(NodeContext &c) {
  return OpT::create(c.b, c.loc, c.inputs[0]);
}

template <typename OpT> Value binary(NodeContext &c) {
  return OpT::create(c.b, c.loc, c.inputs[0], c.inputs[1]);
}

template <typename OpT> Value reduce(NodeContext &c) {
  return OpT::create(c.b, c.loc, c.inputs[0], c.node.attributes);
}

template <typename OpT> Value random(NodeContext &c) {
  return OpT::create(c.b, c.loc, c.type, c.inputs[0]);
}

ArrayRef<int64_t> attributePart(const kiln::GraphNode &node, size_t part,
                                size_t parts) {
  size_t size = node.attributes.size() / parts;
  return ArrayRef<int64_t>(node.attributes).slice(part * size, size);
}

template <typename OpT> Value pool(NodeContext &c) {
  return OpT::create(c.b, c.loc, c.type, c.inputs[0],
                     attributePart(c.node, 0, 3), attributePart(c.node, 1, 3),
                     attributePart(c.node, 2, 3));
}

Value buildNode(NodeContext &c) {
  using kiln::OpKind;
  switch (c.node.kind) {
  case OpKind::Argument:
    llvm_unreachable("arguments are block arguments");
  case OpKind::Iota:
    return ir::IotaOp::create(c.b, c.loc, c.type, c.node.attributes[0]);
  case OpKind::Cast:
    return ir::CastOp::create(c.b, c.loc, c.type, c.inputs[0]);
  case OpKind::Neg: return unary<ir::NegOp>(c);
  case OpKind::Abs: return unary<ir::AbsOp>(c);
  case OpKind::Relu: return unary<ir::ReluOp>(c);
  case OpKind::Exp: return unary<ir::ExpOp>(c);
  case OpKind::Log: return unary<ir::LogOp>(c);
  case OpKind::Sqrt: return unary<ir::SqrtOp>(c);
  case OpKind::Rsqrt: return unary<ir::RsqrtOp>(c);
  case OpKind::Tanh: return unary<ir::TanhOp>(c);
  case OpKind::Sigmoid: return unary<ir::SigmoidOp>(c);
  case OpKind::Gelu: return unary<ir::GeluOp>(c);
  case OpKind::Silu: return unary<ir::SiluOp>(c);
  case OpKind::Sin: return unary<ir::SinOp>(c);
  case OpKind::Cos: return unary<ir::CosOp>(c);
  case OpKind::Erf: return unary<ir::ErfOp>(c);
  case OpKind::Reciprocal: return unary<ir::ReciprocalOp>(c);
  case OpKind::Add: return binary<ir::AddOp>(c);
  case OpKind::Sub: return binary<ir::SubOp>(c);
  case OpKind::Mul: return binary<ir::MulOp>(c);
  case OpKind::Div: return binary<ir::DivOp>(c);
  case OpKind::Pow: return binary<ir::PowOp>(c);
  case OpKind::Maximum: return binary<ir::MaximumOp>(c);
  case OpKind::Minimum: return binary<ir::MinimumOp>(c);
  case OpKind::Matmul: return binary<ir::MatmulOp>(c);
  case OpKind::Compare:
    return ir::CompareOp::create(
        c.b, c.loc,
        static_cast<ir::ComparePredicate>(c.node.attributes[0]), c.inputs[0],
        c.inputs[1]);
  case OpKind::Select:
    return ir::SelectOp::create(c.b, c.loc, c.inputs[0], c.inputs[1],
                                c.inputs[2]);
  case OpKind::ReduceSum: return reduce<ir::ReduceSumOp>(c);
  case OpKind::ReduceMax: return reduce<ir::ReduceMaxOp>(c);
  case OpKind::ReduceMin: return reduce<ir::ReduceMinOp>(c);
  case OpKind::Argmax:
    return ir::ArgmaxOp::create(c.b, c.loc, c.inputs[0], c.node.attributes[0]);
  case OpKind::Broadcast:
    return ir::BroadcastOp::create(c.b, c.loc, c.type, c.inputs[0],
                                   c.node.attributes);
  case OpKind::Reshape:
    return ir::ReshapeOp::create(c.b, c.loc, c.type, c.inputs[0]);
  case OpKind::Transpose:
    return ir::TransposeOp::create(c.b, c.loc, c.inputs[0], c.node.attributes);
  case OpKind::Slice:
    return ir::SliceOp::create(c.b, c.loc, c.inputs[0],
                               attributePart(c.node, 0, 3),
                               attributePart(c.node, 1, 3),
                               attributePart(c.node, 2, 3));
  case OpKind::Concat:
    return ir::ConcatOp::create(c.b, c.loc, c.inputs, c.node.attributes[0]);
  case OpKind::Pad:
    return ir::PadOp::create(c.b, c.loc, c.inputs[0], c.inputs[1],
                             attributePart(c.node, 0, 2),
                             attributePart(c.node, 1, 2));
  case OpKind::Gather:
    return ir::GatherOp::create(c.b, c.loc, c.inputs[0], c.inputs[1],
                                c.node.attributes[0]);
  case OpKind::ScatterAdd:
    return ir::ScatterAddOp::create(c.b, c.loc, c.inputs[0], c.inputs[1],
                                    c.inputs[2], c.node.attributes[0]);
  case OpKind::RandomUniform: return random<ir::RandomUniformOp>(c);
  case OpKind::RandomNormal: return random<ir::RandomNormalOp>(c);
  case OpKind::Conv2d: {
    ArrayRef<int64_t> a = c.node.attributes;
    return ir::Conv2dOp::create(c.b, c.loc, c.type, c.inputs[0], c.inputs[1],
                                a.slice(0, 2), a.slice(2, 2), a.slice(4, 2),
                                static_cast<uint64_t>(a[6]));
  }
  case OpKind::MaxPool2d: return pool<ir::MaxPool2dOp>(c);
  case OpKind::AvgPool2d: return pool<ir::AvgPool2dOp>(c);
  case OpKind::Gradient:
    llvm_unreachable("gradients are calls, built by emitFunction");
  }
  llvm_unreachable("unknown op kind");
}

Location nodeLocation(MLIRContext *context, const std::string &where) {
  StringRef text(where);
  auto [file, line] = text.rsplit(':');
  unsigned number = 0;
  if (!file.empty() && !line.getAsInteger(10, number))
    return FileLineColLoc::get(context, file, number, 0);
  return UnknownLoc::get(context);
}

} // namespace

const char *kiln::opName(OpKind kind) {
  static constexpr const char *kNames[] = {
      "argument",        "kiln.iota",       "kiln.cast",
      "kiln.neg",        "kiln.abs",        "kiln.relu",
      "kiln.exp",        "kiln.log",        "kiln.sqrt",
      "kiln.rsqrt",      "kiln.tanh",       "kiln.sigmoid",
      "kiln.gelu",       "kiln.silu",       "kiln.sin",
      "kiln.cos",        "kiln.erf",        "kiln.reciprocal",
      "kiln.add",        "kiln.sub",        "kiln.mul",
      "kiln.div",        "kiln.pow",        "kiln.maximum",
      "kiln.minimum",    "kiln.compare",    "kiln.select",
      "kiln.reduce_sum", "kiln.reduce_max", "kiln.reduce_min",
      "kiln.argmax",     "kiln.matmul",     "kiln.broadcast",
      "kiln.reshape",    "kiln.transpose",  "kiln.slice",
      "kiln.concat",     "kiln.pad",        "kiln.gather",
      "kiln.scatter_add", "kiln.random_uniform", "kiln.random_normal",
      "kiln.conv2d",     "kiln.max_pool2d", "kiln.avg_pool2d",
      "kiln.gradient",
  };
  static_assert(std::size(kNames) ==
                static_cast<size_t>(OpKind::Gradient) + 1);
  return kNames[static_cast<size_t>(kind)];
}

namespace {

/// Emits `graph` as `func.func @name`. A Gradient node becomes a call of the
/// `_grad` function kiln-autodiff derives from `@history<i>`, the function
/// emitted for `functions[i]`.
func::FuncOp emitFunction(OpBuilder &b, MLIRContext &context,
                          const kiln::Graph &graph, StringRef name,
                          ArrayRef<kiln::Graph> functions) {
  using kiln::OpKind;
  Location unknown = UnknownLoc::get(&context);
  SmallVector<Type> argumentTypes, resultTypes;
  for (int32_t index : graph.arguments)
    argumentTypes.push_back(tensorType(&context, graph.nodes[index].result));
  for (int32_t index : graph.results)
    resultTypes.push_back(tensorType(&context, graph.nodes[index].result));
  auto fn = func::FuncOp::create(b, unknown, name,
                                 b.getFunctionType(argumentTypes, resultTypes));
  OpBuilder::InsertionGuard guard(b);
  Block *body = fn.addEntryBlock();
  b.setInsertionPointToStart(body);

  std::vector<Value> values(graph.nodes.size());
  for (auto [position, index] : llvm::enumerate(graph.arguments))
    values[index] = body->getArgument(position);
  for (auto [index, node] : llvm::enumerate(graph.nodes)) {
    if (node.kind == OpKind::Argument)
      continue;
    NodeContext c{b, nodeLocation(&context, node.location), node,
                  tensorType(&context, node.result), {}};
    for (int32_t input : node.inputs)
      c.inputs.push_back(values[input]);
    if (node.kind != OpKind::Gradient) {
      values[index] = buildNode(c);
      continue;
    }
    // (arguments..., seed) -> (result, gradients of the `wrt` arguments...)
    const kiln::Graph &history = functions[node.attributes[0]];
    SmallVector<Type> types = {
        tensorType(&context, history.nodes[history.results[0]].result)};
    for (int64_t position : history.wrt)
      types.push_back(tensorType(
          &context, history.nodes[history.arguments[position]].result));
    std::string callee =
        "history" + std::to_string(node.attributes[0]) + "_grad";
    auto call = func::CallOp::create(b, c.loc, callee, types, c.inputs);
    values[index] = call.getResult(1 + node.attributes[1]);
  }
  SmallVector<Value> results;
  for (int32_t index : graph.results)
    results.push_back(values[index]);
  func::ReturnOp::create(b, unknown, results);
  return fn;
}

} // namespace

OwningOpRef<ModuleOp> kiln::buildKilnModule(MLIRContext &context,
                                            const Graph &graph) {
  OpBuilder b(&context);
  OwningOpRef<ModuleOp> module = ModuleOp::create(UnknownLoc::get(&context));
  b.setInsertionPointToEnd(module->getBody());
  // Each function is differentiated as soon as it is emitted: a later one
  // (a gradient of a gradient) may call its gradient, inlined before it is
  // differentiated in turn. The functions stay public meanwhile, so inlining
  // keeps them for later callers.
  SmallVector<func::FuncOp> emitted;
  for (auto [i, history] : llvm::enumerate(graph.functions)) {
    std::string name = "history" + std::to_string(i);
    func::FuncOp fn = emitFunction(b, context, history, name, graph.functions);
    fn->setAttr("kiln.grad",
                b.getDictionaryAttr(b.getNamedAttr(
                    "wrt", b.getI64ArrayAttr(history.wrt))));
    PassManager pm(&context, ModuleOp::getOperationName());
    std::string errors;
    llvm::raw_string_ostream os(errors);
    if (failed(parsePassPipeline("inline,kiln-autodiff", pm, os)) ||
        failed(pm.run(*module)))
      return nullptr;
    emitted.push_back(fn);
    emitted.push_back(module->lookupSymbol<func::FuncOp>(name + "_grad"));
  }
  // Private, the pipeline's inlining and symbol-dce remove them once used.
  for (func::FuncOp fn : emitted)
    fn.setPrivate();
  emitFunction(b, context, graph, "main", graph.functions);
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

namespace kiln {
namespace {

/// Builds `graph` into a kiln module in a context of its own and compiles
/// its `main` with `compile`.
template <typename Options, typename Compile>
llvm::Expected<kiln::runtime::CpuArtifact>
compileGraphWith(const Graph &graph, Options options, Compile compile) {
  registerAllPasses();
  DialectRegistry registry;
  registerAllDialects(registry);
  MLIRContext context(registry, MLIRContext::Threading::DISABLED);
  context.loadAllAvailableDialects();
  std::string diagnostics;
  llvm::raw_string_ostream os(diagnostics);
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    os << diag.getLocation() << ": " << diag << "\n";
    return success();
  });
  auto module = buildKilnModule(context, graph);
  if (!module)
    return llvm::createStringError("kiln: the traced graph is invalid:\n" +
                                   diagnostics);
  options.entry = "main";
  return compile(*module, options);
}

} // namespace
} // namespace kiln

llvm::Expected<kiln::runtime::CpuArtifact>
kiln::compileGraph(const Graph &graph, const CpuCompileOptions &options) {
  return compileGraphWith(graph, options, compileForCpu);
}

llvm::Expected<kiln::runtime::CpuArtifact>
kiln::compileGraphForGpu(const Graph &graph, const GpuCompileOptions &options) {
  return compileGraphWith(graph, options, compileForGpu);
}
