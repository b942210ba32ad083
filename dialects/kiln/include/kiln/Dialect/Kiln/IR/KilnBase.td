//===- KilnBase.td - kiln dialect, types and base classes --*- tablegen -*-===//
//
// The kiln dialect: tensor ops traced from the C++ front end. Everything here
// works on statically shaped builtin tensors; run-time scalars are 0-d tensor
// operands so that a changing value never changes the IR.
//
//===----------------------------------------------------------------------===//

#ifndef KILN_DIALECT_KILN_IR_KILNBASE_TD
#define KILN_DIALECT_KILN_IR_KILNBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "kiln/Dialect/Kiln/IR/KilnInterfaces.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def Kiln_Dialect : Dialect {
  let name = "kiln";
  let summary = "Tensor operations traced from kiln's eager front end";
  let description = [{
    Ops on statically shaped ranked tensors of f32, f64, f16, bf16, i64, i32
    and i1. Binary elementwise ops take operands of one type; broadcasting is
    explicit (`kiln.broadcast`), as are casts.
  }];
  let cppNamespace = "::kiln::ir";
  let hasConstantMaterializer = 1;
}

//===----------------------------------------------------------------------===//
// Type constraints.
//===----------------------------------------------------------------------===//

def Kiln_FloatElement : AnyTypeOf<[F32, F64, F16, BF16]>;
def Kiln_IntElement : AnyTypeOf<[I64, I32]>;

def Kiln_Tensor : StaticShapeTensorOf<[F32, F64, F16, BF16, I64, I32, I1]>;
def Kiln_FloatTensor : StaticShapeTensorOf<[F32, F64, F16, BF16]>;
def Kiln_NumericTensor : StaticShapeTensorOf<[F32, F64, F16, BF16, I64, I32]>;
def Kiln_IndexTensor : StaticShapeTensorOf<[I64, I32]>;
def Kiln_BoolTensor : StaticShapeTensorOf<[I1]>;
def Kiln_SeedTensor : 0DTensorOf<[I64]>;
def Kiln_ScalarTensor : 0DTensorOf<[F32, F64, F16, BF16, I64, I32, I1]>;

//===----------------------------------------------------------------------===//
// Attributes.
//===----------------------------------------------------------------------===//

def Kiln_ComparePredicateAttr : I64EnumAttr<
    "ComparePredicate", "elementwise comparison predicate",
    [
      I64EnumAttrCase<"eq", 0>,
      I64EnumAttrCase<"ne", 1>,
      I64EnumAttrCase<"lt", 2>,
      I64EnumAttrCase<"le", 3>,
      I64EnumAttrCase<"gt", 4>,
      I64EnumAttrCase<"ge", 5>,
    ]> {
  let cppNamespace = "::kiln::ir";
}

//===----------------------------------------------------------------------===//
// Base classes.
//===----------------------------------------------------------------------===//

class Kiln_Op<string mnemonic, list<Trait> traits = []>
    : Op<Kiln_Dialect, mnemonic, traits>;

/// Ops of one shape share one gradient entry point; the per-op rule is a row
/// of the table that `helper` (in KilnGradients.cpp) dispatches on.
class Kiln_SharedVjp<string helper> {
  code definition = [{
    ::llvm::LogicalResult $cppClass::buildVjp(
        ::mlir::OpBuilder &builder, ::mlir::ValueRange cotangents,
        ::llvm::SmallVectorImpl<::mlir::Value> &gradients) {
      return ::kiln::ir::detail::}] # helper # [{(*this, builder, cotangents,
                                               gradients);
    }
  }];
}

/// Elementwise op of one operand; the result has the operand's type.
class Kiln_UnaryOp<string mnemonic, Type TensorType, string summaryText,
                   list<Trait> traits = []>
    : Kiln_Op<mnemonic, !listconcat(traits, [Pure, SameOperandsAndResultType,
        DeclareOpInterfaceMethods<Kiln_DifferentiableOpInterface>])> {
  let summary = summaryText;
  let extraClassDefinition = Kiln_SharedVjp<"buildUnaryVjp">.definition;
  let arguments = (ins TensorType:$operand);
  let results = (outs TensorType:$result);
  let assemblyFormat = "$operand attr-dict `:` type($result)";
}

class Kiln_FloatUnaryOp<string mnemonic, string summaryText,
                        list<Trait> traits = []>
    : Kiln_UnaryOp<mnemonic, Kiln_FloatTensor, summaryText, traits>;

/// Elementwise op of two operands of one type; the result has that type too.
class Kiln_BinaryOp<string mnemonic, Type TensorType, string summaryText,
                    list<Trait> traits = []>
    : Kiln_Op<mnemonic, !listconcat(traits, [Pure, SameOperandsAndResultType,
        DeclareOpInterfaceMethods<Kiln_DifferentiableOpInterface>])> {
  let summary = summaryText;
  let extraClassDefinition = Kiln_SharedVjp<"buildBinaryVjp">.definition;
  let arguments = (ins TensorType:$lhs, TensorType:$rhs);
  let results = (outs TensorType:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` type($result)";
}

/// Reduction over a set of dimensions, which are dropped from the result.
class Kiln_ReduceOp<string mnemonic, Type TensorType, string summaryText>
    : Kiln_Op<mnemonic, [Pure, InferTypeOpAdaptor,
        DeclareOpInterfaceMethods<Kiln_DifferentiableOpInterface>]> {
  let summary = summaryText;
  let extraClassDefinition = Kiln_SharedVjp<"buildReduceVjp">.definition;
  let arguments = (ins TensorType:$operand, DenseI64ArrayAttr:$dims);
  let results = (outs TensorType:$result);
  let assemblyFormat = [{
    $operand `dims` `=` $dims attr-dict `:` type($operand) `->` type($result)
  }];
}

/// 2-D convolution over NCHW inputs and OIHW (grouped: O x C/groups x H x W)
/// weights. The forward op and its two gradient convolutions share the
/// attributes and the shape rule.
class Kiln_ConvOp<string mnemonic, string summaryText, dag operands,
                  list<Trait> traits = []>
    : Kiln_Op<mnemonic, !listconcat(traits, [Pure])> {
  let summary = summaryText;
  let arguments = !con(operands, (ins
      DenseI64ArrayAttr:$stride,
      DenseI64ArrayAttr:$padding,
      DenseI64ArrayAttr:$dilation,
      I64Attr:$groups));
  let results = (outs Kiln_FloatTensor:$result);
}

/// 2-D pooling over NCHW inputs; the forward ops and their gradients share the
/// window attributes and the shape rule.
class Kiln_PoolOp<string mnemonic, string summaryText, dag operands,
                  list<Trait> traits = []>
    : Kiln_Op<mnemonic, !listconcat(traits, [Pure])> {
  let summary = summaryText;
  let arguments = !con(operands, (ins
      DenseI64ArrayAttr:$kernel,
      DenseI64ArrayAttr:$stride,
      DenseI64ArrayAttr:$padding));
  let results = (outs Kiln_FloatTensor:$result);
}

/// Counter-based random numbers: the same seed gives the same tensor.
class Kiln_RandomOp<string mnemonic, string summaryText>
    : Kiln_Op<mnemonic, [Pure]> {
  let summary = summaryText;
  let arguments = (ins Kiln_SeedTensor:$seed);
  let results = (outs Kiln_FloatTensor:$result);
  let assemblyFormat = "$seed attr-dict `:` type($seed) `->` type($result)";
}

#endif // KILN_DIALECT_KILN_IR_KILNBASE_TD
