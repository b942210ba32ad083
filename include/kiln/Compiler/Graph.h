//===- Graph.h - a traced graph, as the front end hands it over -*- C++ -*-===//
//
// The front end cuts its lazy nodes into this plain description; the compiler
// driver turns it into a kiln function. No MLIR types appear here, so the
// front end's headers stay free of MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_COMPILER_GRAPH_H
#define KILN_COMPILER_GRAPH_H

#include "kiln/runtime/Artifact.h"

#include <cstdint>
#include <string>
#include <vector>

namespace kiln {

/// Every operation a graph node can be: the function's arguments and the ops
/// of the kiln dialect.
enum class OpKind : uint8_t {
  // Function arguments: materialized tensors and run-time scalars.
  Argument,
  // Creation and conversion.
  Iota, Cast,
  // Unary elementwise.
  Neg, Abs, Relu, Exp, Log, Sqrt, Rsqrt, Tanh, Sigmoid, Gelu, Silu, Sin, Cos,
  Erf, Reciprocal,
  // Binary elementwise.
  Add, Sub, Mul, Div, Pow, Maximum, Minimum,
  Compare, Select,
  // Reductions and linear algebra.
  ReduceSum, ReduceMax, ReduceMin, Argmax, Matmul,
  // Shape manipulation.
  Broadcast, Reshape, Transpose, Slice, Concat, Pad,
  // Indexing.
  Gather, ScatterAdd,
  // Random numbers (the seed is an argument).
  RandomUniform, RandomNormal,
  // Convolution and pooling (NCHW).
  Conv2d, MaxPool2d, AvgPool2d,
  // The gradient of a function of the graph (see GraphNode).
  Gradient,
};

/// The kiln op name of `kind`, e.g. "kiln.add"; "argument" for arguments.
const char *opName(OpKind kind);

/// One node of a graph. Inputs refer to earlier nodes by position.
///
/// Attributes by kind: Gradient: {function, i}: the gradient of
/// `Graph::functions[function]` with respect to its argument `wrt[i]`; the
/// node's inputs are the function's arguments, then the seed;
/// Iota, Argmax, Concat, Gather, ScatterAdd: {dim};
/// Compare: {predicate as kiln.compare numbers it}; ReduceSum/Max/Min and
/// Broadcast: the dims; Transpose: the permutation; Slice: start, limit and
/// strides, concatenated; Pad: low then high; Conv2d: stride (2), padding
/// (2), dilation (2), groups; MaxPool2d, AvgPool2d: kernel, stride and
/// padding (2 each).
struct GraphNode {
  OpKind kind;
  runtime::TensorSpec result;
  std::vector<int32_t> inputs;
  std::vector<int64_t> attributes;
  /// The user's call site, for diagnostics: "file:line".
  std::string location;
};

/// A function: `arguments` lists the Argument nodes in order, `results` the
/// nodes it returns, `functions` the functions Gradient nodes differentiate
/// (each with one result; a function's Gradient nodes, for gradients of
/// gradients, refer to earlier entries of the top-level graph's list).
struct Graph {
  std::vector<GraphNode> nodes;
  std::vector<int32_t> arguments;
  std::vector<int32_t> results;
  std::vector<Graph> functions;
  /// For functions: the argument positions gradients are taken against.
  std::vector<int64_t> wrt;
};

} // namespace kiln

#endif // KILN_COMPILER_GRAPH_H
