//===- KilnOps.h - kiln dialect operations ----------------------*- C++ -*-===//

#ifndef KILN_DIALECT_KILN_IR_KILNOPS_H
#define KILN_DIALECT_KILN_IR_KILNOPS_H

#include "kiln/Dialect/Kiln/IR/KilnDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "kiln/Dialect/Kiln/IR/KilnEnums.h.inc"
#include "kiln/Dialect/Kiln/IR/KilnInterfaces.h.inc"

namespace kiln::ir::detail {
/// Gradient rules shared by the ops of one base class (KilnGradients.cpp):
/// each looks the op up in its table of per-op rules.
llvm::LogicalResult buildUnaryVjp(mlir::Operation *op, mlir::OpBuilder &builder,
                                  mlir::ValueRange cotangents,
                                  llvm::SmallVectorImpl<mlir::Value> &gradients);
llvm::LogicalResult
buildBinaryVjp(mlir::Operation *op, mlir::OpBuilder &builder,
               mlir::ValueRange cotangents,
               llvm::SmallVectorImpl<mlir::Value> &gradients);
llvm::LogicalResult
buildReduceVjp(mlir::Operation *op, mlir::OpBuilder &builder,
               mlir::ValueRange cotangents,
               llvm::SmallVectorImpl<mlir::Value> &gradients);
} // namespace kiln::ir::detail

#define GET_OP_CLASSES
#include "kiln/Dialect/Kiln/IR/KilnOps.h.inc"

#endif // KILN_DIALECT_KILN_IR_KILNOPS_H
