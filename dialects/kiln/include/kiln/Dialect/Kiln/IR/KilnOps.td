//===- KilnOps.td - kiln dialect operations ----------------*- tablegen -*-===//

#ifndef KILN_DIALECT_KILN_IR_KILNOPS_TD
#define KILN_DIALECT_KILN_IR_KILNOPS_TD

include "kiln/Dialect/Kiln/IR/KilnBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"

//===----------------------------------------------------------------------===//
// Creation and conversion.
//===----------------------------------------------------------------------===//

def Kiln_ConstantOp : Kiln_Op<"constant",
    [ConstantLike, Pure, InferTypeOpAdaptor]> {
  let summary = "A tensor constant";
  let arguments = (ins ElementsAttr:$value);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

def Kiln_IotaOp : Kiln_Op<"iota", [Pure]> {
  let summary = "Counts 0, 1, 2, ... along one dimension";
  let arguments = (ins I64Attr:$dim);
  let results = (outs Kiln_NumericTensor:$result);
  let assemblyFormat = "`dim` `=` $dim attr-dict `:` type($result)";
  let hasVerifier = 1;
}

def Kiln_CastOp : Kiln_Op<"cast", [Pure, SameOperandsAndResultShape,
    DeclareOpInterfaceMethods<Kiln_DifferentiableOpInterface>]> {
  let summary = "Converts the element type (C++ static_cast rules)";
  let arguments = (ins Kiln_Tensor:$operand);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand) `->` type($result)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise ops. A new one is a line here plus its lowering rule.
//===----------------------------------------------------------------------===//

def Kiln_NegOp : Kiln_UnaryOp<"neg", Kiln_NumericTensor, "Negation"> {
  let hasFolder = 1;
}
def Kiln_AbsOp : Kiln_UnaryOp<"abs", Kiln_NumericTensor, "Absolute value">;
def Kiln_ReluOp : Kiln_UnaryOp<"relu", Kiln_NumericTensor, "max(x, 0)">;
def Kiln_ExpOp : Kiln_FloatUnaryOp<"exp", "Exponential">;
def Kiln_LogOp : Kiln_FloatUnaryOp<"log", "Natural logarithm">;
def Kiln_SqrtOp : Kiln_FloatUnaryOp<"sqrt", "Square root">;
def Kiln_RsqrtOp : Kiln_FloatUnaryOp<"rsqrt", "Reciprocal square root">;
def Kiln_TanhOp : Kiln_FloatUnaryOp<"tanh", "Hyperbolic tangent">;
def Kiln_SigmoidOp : Kiln_FloatUnaryOp<"sigmoid", "1 / (1 + exp(-x))">;
def Kiln_GeluOp : Kiln_FloatUnaryOp<"gelu", "x * Phi(x), the exact (erf) form">;
def Kiln_SiluOp : Kiln_FloatUnaryOp<"silu", "x * sigmoid(x)">;
def Kiln_SinOp : Kiln_FloatUnaryOp<"sin", "Sine">;
def Kiln_CosOp : Kiln_FloatUnaryOp<"cos", "Cosine">;
def Kiln_ErfOp : Kiln_FloatUnaryOp<"erf", "Error function">;
def Kiln_ReciprocalOp : Kiln_FloatUnaryOp<"reciprocal", "1 / x">;

def Kiln_AddOp : Kiln_BinaryOp<"add", Kiln_NumericTensor, "Addition",
                               [Commutative]>;
def Kiln_SubOp : Kiln_BinaryOp<"sub", Kiln_NumericTensor, "Subtraction">;
def Kiln_MulOp : Kiln_BinaryOp<"mul", Kiln_NumericTensor, "Multiplication",
                               [Commutative]>;
def Kiln_DivOp : Kiln_BinaryOp<"div", Kiln_NumericTensor,
                               "Division (truncating for integers)">;
def Kiln_PowOp : Kiln_BinaryOp<"pow", Kiln_FloatTensor, "lhs ** rhs">;
def Kiln_MaximumOp : Kiln_BinaryOp<"maximum", Kiln_NumericTensor,
                                   "Elementwise maximum (NaN propagates)",
                                   [Commutative]>;
def Kiln_MinimumOp : Kiln_BinaryOp<"minimum", Kiln_NumericTensor,
                                   "Elementwise minimum (NaN propagates)",
                                   [Commutative]>;

def Kiln_CompareOp : Kiln_Op<"compare",
    [Pure, AllTypesMatch<["lhs", "rhs"]>, InferTypeOpAdaptor]> {
  let summary = "Elementwise comparison giving a boolean tensor";
  let arguments = (ins Kiln_ComparePredicateAttr:$predicate,
                       Kiln_NumericTensor:$lhs, Kiln_NumericTensor:$rhs);
  let results = (outs Kiln_BoolTensor:$result);
  let assemblyFormat = "$predicate `,` $lhs `,` $rhs attr-dict `:` type($lhs)";
}

def Kiln_SelectOp : Kiln_Op<"select",
    [Pure, AllTypesMatch<["on_true", "on_false", "result"]>,
     AllShapesMatch<["condition", "result"]>,
     DeclareOpInterfaceMethods<Kiln_DifferentiableOpInterface>]> {
  let summary = "Elementwise condition ? on_true : on_false";
  let arguments = (ins Kiln_BoolTensor:$condition, Kiln_Tensor:$on_true,
                       Kiln_Tensor:$on_false);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $condition `,` $on_true `,` $on_false attr-dict `:` type($condition) `,`
    type($result)
  }];
}

//===----------------------------------------------------------------------===//
// Reductions.
//===----------------------------------------------------------------------===//

def Kiln_ReduceSumOp : Kiln_ReduceOp<"reduce_sum", Kiln_NumericTensor,
                                     "Sum over dimensions">;
def Kiln_ReduceMaxOp : Kiln_ReduceOp<"reduce_max", Kiln_NumericTensor,
                                     "Maximum over dimensions">;
def Kiln_ReduceMinOp : Kiln_ReduceOp<"reduce_min", Kiln_NumericTensor,
                                     "Minimum over dimensions">;

def Kiln_ArgmaxOp : Kiln_Op<"argmax", [Pure, InferTypeOpAdaptor]> {
  let summary = "Index (i64) of the first maximum along one dimension";
  let arguments = (ins Kiln_NumericTensor:$operand, I64Attr:$dim);
  let results = (outs StaticShapeTensorOf<[I64]>:$result);
  let assemblyFormat = [{
    $operand `dim` `=` $dim attr-dict `:` type($operand) `->` type($result)
  }];
}

//===----------------------------------------------------------------------===//
// Linear algebra.
//===----------------------------------------------------------------------===//

def Kiln_MatmulOp : Kiln_Op<"matmul", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Kiln_DifferentiableOpInterface>]> {
  let summary = "Batched matrix product [B..., M, K] x [B..., K, N]";
  let description = [{
    Both operands have the same rank (at least 2), element type and batch
    dimensions; the front end broadcasts batch dimensions explicitly. With
    K = 0 the product is zeros, as in PyTorch (it folds to a constant).
  }];
  let arguments = (ins Kiln_NumericTensor:$lhs, Kiln_NumericTensor:$rhs);
  let results = (outs Kiln_NumericTensor:$result);
  let assemblyFormat = [{
    $lhs `,` $rhs attr-dict `:` type($lhs) `,` type($rhs) `->` type($result)
  }];
  let hasCanonicalizer = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Shape manipulation.
//===----------------------------------------------------------------------===//

def Kiln_BroadcastOp : Kiln_Op<"broadcast", [Pure,
    DeclareOpInterfaceMethods<Kiln_DifferentiableOpInterface>]> {
  let summary = "Broadcasts into a larger shape (dims maps operand to result)";
  let description = [{
    Operand dimension `i` becomes result dimension `dims[i]`; `dims` is
    strictly increasing and each operand size is 1 or the result size.
  }];
  let arguments = (ins Kiln_Tensor:$operand, DenseI64ArrayAttr:$dims);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $operand `dims` `=` $dims attr-dict `:` type($operand) `->` type($result)
  }];
  let hasVerifier = 1;
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Kiln_ReshapeOp : Kiln_Op<"reshape", [Pure,
    DeclareOpInterfaceMethods<Kiln_DifferentiableOpInterface>]> {
  let summary = "Reshapes to a type with the same number of elements";
  let arguments = (ins Kiln_Tensor:$operand);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = "$operand attr-dict `:` type($operand) `->` type($result)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def Kiln_TransposeOp : Kiln_Op<"transpose", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Kiln_DifferentiableOpInterface>]> {
  let summary = "Permutes dimensions: result dim i is operand dim perm[i]";
  let arguments = (ins Kiln_Tensor:$operand, DenseI64ArrayAttr:$permutation);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $operand `permutation` `=` $permutation attr-dict `:` type($operand) `->`
    type($result)
  }];
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def Kiln_SliceOp : Kiln_Op<"slice", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Kiln_DifferentiableOpInterface>]> {
  let summary = "Strided slice [start, limit) with positive strides";
  let arguments = (ins Kiln_Tensor:$operand, DenseI64ArrayAttr:$start,
                       DenseI64ArrayAttr:$limit, DenseI64ArrayAttr:$strides);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $operand `start` `=` $start `limit` `=` $limit `strides` `=` $strides
    attr-dict `:` type($operand) `->` type($result)
  }];
  let hasFolder = 1;
}

def Kiln_ConcatOp : Kiln_Op<"concat", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Kiln_DifferentiableOpInterface>]> {
  let summary = "Concatenates tensors along one dimension";
  let arguments = (ins Variadic<Kiln_Tensor>:$inputs, I64Attr:$dim);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $inputs `dim` `=` $dim attr-dict `:` functional-type($inputs, $result)
  }];
  let hasFolder = 1;
}

def Kiln_PadOp : Kiln_Op<"pad", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Kiln_DifferentiableOpInterface>]> {
  let summary = "Pads each dimension with a run-time scalar value";
  let arguments = (ins Kiln_Tensor:$operand, Kiln_ScalarTensor:$value,
                       DenseI64ArrayAttr:$low, DenseI64ArrayAttr:$high);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $operand `,` $value `low` `=` $low `high` `=` $high attr-dict `:`
    type($operand) `,` type($value) `->` type($result)
  }];
}

//===----------------------------------------------------------------------===//
// Indexing. Indices are checked at run time by the generated code.
//===----------------------------------------------------------------------===//

def Kiln_GatherOp : Kiln_Op<"gather", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Kiln_DifferentiableOpInterface>]> {
  let summary = "torch.gather: result[i][j] = source[indices[i][j]][j] (dim 0)";
  let arguments = (ins Kiln_Tensor:$source, Kiln_IndexTensor:$indices,
                       I64Attr:$dim);
  let results = (outs Kiln_Tensor:$result);
  let assemblyFormat = [{
    $source `,` $indices `dim` `=` $dim attr-dict `:` type($source) `,`
    type($indices) `->` type($result)
  }];
}

def Kiln_ScatterAddOp : Kiln_Op<"scatter_add", [Pure, InferTypeOpAdaptor,
    DeclareOpInterfaceMethods<Kiln_DifferentiableOpInterface>]> {
  let summary = "torch.scatter_add: dest[indices[i][j]][j] += updates[i][j]";
  let arguments = (ins Kiln_NumericTensor:$dest, Kiln_IndexTensor:$indices,
                       Kiln_NumericTensor:$updates, I64Attr:$dim);
  let results = (outs Kiln_NumericTensor:$result);
  let assemblyFormat = [{
    $dest `,` $indices `,` $updates `dim` `=` $dim attr-dict `:` type($dest)
    `,` type($indices) `,` type($updates) `->` type($result)
  }];
}

//===----------------------------------------------------------------------===//
// Convolution and pooling (NCHW).
//===----------------------------------------------------------------------===//

def Kiln_Conv2dOp : Kiln_ConvOp<"conv2d", "2-D convolution (cross-correlation)",
    (ins Kiln_FloatTensor:$input, Kiln_FloatTensor:$weight),
    [InferTypeOpAdaptor, DeclareOpInterfaceMethods<Kiln_DifferentiableOpInterface>]> {
  let assemblyFormat = [{
    $input `,` $weight `stride` `=` $stride `padding` `=` $padding
    `dilation` `=` $dilation `groups` `=` $groups attr-dict `:`
    type($input) `,` type($weight) `->` type($result)
  }];
}

def Kiln_Conv2dBackwardInputOp : Kiln_ConvOp<"conv2d_backward_input",
    "Gradient of conv2d with respect to its input",
    (ins Kiln_FloatTensor:$grad_output, Kiln_FloatTensor:$weight),
    [DeclareOpInterfaceMethods<Kiln_DifferentiableOpInterface>]> {
  let assemblyFormat = [{
    $grad_output `,` $weight `stride` `=` $stride `padding` `=` $padding
    `dilation` `=` $dilation `groups` `=` $groups attr-dict `:`
    type($grad_output) `,` type($weight) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Kiln_Conv2dBackwardWeightOp : Kiln_ConvOp<"conv2d_backward_weight",
    "Gradient of conv2d with respect to its weight",
    (ins Kiln_FloatTensor:$input, Kiln_FloatTensor:$grad_output),
    [DeclareOpInterfaceMethods<Kiln_DifferentiableOpInterface>]> {
  let assemblyFormat = [{
    $input `,` $grad_output `stride` `=` $stride `padding` `=` $padding
    `dilation` `=` $dilation `groups` `=` $groups attr-dict `:`
    type($input) `,` type($grad_output) `->` type($result)
  }];
  let hasVerifier = 1;
}

def Kiln_MaxPool2dOp : Kiln_PoolOp<"max_pool2d", "2-D max pooling",
    (ins Kiln_FloatTensor:$input),
    [InferTypeOpAdaptor, DeclareOpInterfaceMethods<Kiln_DifferentiableOpInterface>]> {
  let assemblyFormat = [{
    $input `kernel` `=` $kernel `stride` `=` $stride `padding` `=` $padding
    attr-dict `:` type($input) `->` type($result)
  }];
}

def Kiln_AvgPool2dOp : Kiln_PoolOp<"avg_pool2d",
    "2-D average pooling (padding counts toward the divisor)",
    (ins Kiln_FloatTensor:$input),
    [InferTypeOpAdaptor, DeclareOpInterfaceMethods<Kiln_DifferentiableOpInterface>]> {
  let assemblyFormat = [{
    $input `kernel` `=` $kernel `stride` `=` $stride `padding` `=` $padding
    attr-dict `:` type($input) `->` type($result)
  }];
}

def Kiln_MaxPool2dGradOp : Kiln_PoolOp<"max_pool2d_grad",
    "Gradient of max_pool2d: routes each gradient to its window's first maximum",
    (ins Kiln_FloatTensor:$input, Kiln_FloatTensor:$grad_output),
    [AllTypesMatch<["input", "result"]>,
     DeclareOpInterfaceMethods<Kiln_DifferentiableOpInterface>]> {
  let assemblyFormat = [{
    $input `,` $grad_output `kernel` `=` $kernel `stride` `=` $stride
    `padding` `=` $padding attr-dict `:` type($input) `,` type($grad_output)
  }];
  let hasVerifier = 1;
}

def Kiln_AvgPool2dGradOp : Kiln_PoolOp<"avg_pool2d_grad",
    "Gradient of avg_pool2d: spreads each gradient evenly over its window",
    (ins Kiln_FloatTensor:$grad_output),
    [DeclareOpInterfaceMethods<Kiln_DifferentiableOpInterface>]> {
  let assemblyFormat = [{
    $grad_output `kernel` `=` $kernel `stride` `=` $stride `padding` `=`
    $padding attr-dict `:` type($grad_output) `->` type($result)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Random numbers.
//===----------------------------------------------------------------------===//

def Kiln_RandomUniformOp : Kiln_RandomOp<"random_uniform",
                                         "Uniform numbers in [0, 1)">;
def Kiln_RandomNormalOp : Kiln_RandomOp<"random_normal",
                                        "Standard normal numbers">;

#endif // KILN_DIALECT_KILN_IR_KILNOPS_TD
