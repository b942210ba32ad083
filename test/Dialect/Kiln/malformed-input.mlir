// Bad input to kiln-opt must give a diagnostic and a non-zero exit, never a
// crash: `not` without --crash fails when kiln-opt dies on a signal.

// RUN: rm -rf %t && split-file %s %t

// Bytes that are not text at all.
// RUN: printf '\x00\xff garbage' > %t/garbage.bin
// RUN: not kiln-opt %t/garbage.bin 2>&1 | FileCheck %s --check-prefix=GARBAGE
// GARBAGE: garbage.bin:1:{{[0-9]+}}: error: unexpected character

// The bytecode magic followed by junk.
// RUN: printf 'ML\xefR\x06garbage' > %t/magic.mlirbc
// RUN: not kiln-opt %t/magic.mlirbc 2>&1 | FileCheck %s --check-prefix=MAGIC
// MAGIC: magic.mlirbc:0:0: error: bytecode version {{[0-9]+}} is newer than the current version

// Valid kiln bytecode, cut short. The whole file must load first, or the
// truncation would prove nothing.
// RUN: kiln-opt %t/valid.mlir --emit-bytecode -o %t/valid.mlirbc
// RUN: kiln-opt %t/valid.mlirbc | FileCheck %s --check-prefix=VALID
// VALID: kiln.matmul
// VALID: kiln.broadcast
// RUN: head -c 100 %t/valid.mlirbc > %t/truncated.mlirbc
// RUN: not kiln-opt %t/truncated.mlirbc 2>&1 | FileCheck %s --check-prefix=TRUNCATED-BC
// TRUNCATED-BC: truncated.mlirbc:0:0: error: attempting to parse {{[0-9]+}} bytes when only {{[0-9]+}} remain

// RUN: not kiln-opt %t/unknown-custom.mlir 2>&1 | FileCheck %s --check-prefix=UNKNOWN-CUSTOM
// UNKNOWN-CUSTOM: unknown-custom.mlir:2:8: error: custom op 'kiln.frobnicate' is unknown

// RUN: not kiln-opt %t/unknown-generic.mlir 2>&1 | FileCheck %s --check-prefix=UNKNOWN-GENERIC
// UNKNOWN-GENERIC: unknown-generic.mlir:2:8: error: unregistered operation 'kiln.frobnicate' found in dialect ('kiln') that does not allow unknown operations

// RUN: not kiln-opt %t/unknown-dialect.mlir 2>&1 | FileCheck %s --check-prefix=UNKNOWN-DIALECT
// UNKNOWN-DIALECT: unknown-dialect.mlir:2:{{[0-9]+}}: error: operation being parsed with an unregistered dialect

// RUN: not kiln-opt %t/operand-type.mlir 2>&1 | FileCheck %s --check-prefix=OPERAND-TYPE
// OPERAND-TYPE: operand-type.mlir:2:21: error: use of value '%y' expects different type than prior uses: 'tensor<2xf32>' vs 'tensor<2xf64>'

// RUN: not kiln-opt %t/scalar-operand.mlir 2>&1 | FileCheck %s --check-prefix=SCALAR
// SCALAR: scalar-operand.mlir:2:22: error: custom op 'kiln.neg' invalid kind of type specified: expected builtin.tensor, but found 'i32'

// RUN: not kiln-opt %t/memref-operand.mlir 2>&1 | FileCheck %s --check-prefix=MEMREF
// MEMREF: memref-operand.mlir:2:8: error: 'kiln.matmul' op operand #0 must be statically shaped tensor of {{.*}} but got 'memref<2x2xf32>'

// RUN: not kiln-opt %t/operand-count.mlir 2>&1 | FileCheck %s --check-prefix=OPERAND-COUNT
// OPERAND-COUNT: operand-count.mlir:2:8: error: 'kiln.conv2d' op expected 2 operands, but found 1

// RUN: not kiln-opt %t/result-count.mlir 2>&1 | FileCheck %s --check-prefix=RESULT-COUNT
// RESULT-COUNT: result-count.mlir:2:3: error: 'kiln.matmul' op requires one result

// RUN: not kiln-opt %t/missing-attr.mlir 2>&1 | FileCheck %s --check-prefix=MISSING-ATTR
// MISSING-ATTR: missing-attr.mlir:2:8: error: 'kiln.broadcast' op requires attribute 'dims'

// RUN: not kiln-opt %t/attr-kind.mlir 2>&1 | FileCheck %s --check-prefix=ATTR-KIND
// ATTR-KIND: attr-kind.mlir:2:8: error: invalid properties {dims = 1 : i64} for op kiln.broadcast

// RUN: not kiln-opt %t/truncated-body.mlir 2>&1 | FileCheck %s --check-prefix=TRUNCATED-BODY
// TRUNCATED-BODY: truncated-body.mlir:{{[0-9]+}}:{{[0-9]+}}: error: expected operation name in quotes

// RUN: not kiln-opt %t/truncated-op.mlir 2>&1 | FileCheck %s --check-prefix=TRUNCATED-OP
// TRUNCATED-OP: truncated-op.mlir:{{[0-9]+}}:{{[0-9]+}}: error: custom op 'kiln.transpose' expected integer value

// RUN: not kiln-opt %t/truncated-type.mlir 2>&1 | FileCheck %s --check-prefix=TRUNCATED-TYPE
// TRUNCATED-TYPE: truncated-type.mlir:1:{{[0-9]+}}: error: expected non-function type

// A bad op in one function fails the whole file, after the good one parsed.
// RUN: not kiln-opt %t/bad-after-good.mlir 2>&1 | FileCheck %s --check-prefix=BAD-AFTER-GOOD
// BAD-AFTER-GOOD: bad-after-good.mlir:6:8: error: 'kiln.reshape' op cannot reshape 'tensor<2x3xf32>' (6 elements) to 'tensor<7xf32>' (7 elements)
// BAD-AFTER-GOOD-NOT: func.func

//--- valid.mlir
func.func @f(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>, %c: tensor<4xf32>) -> tensor<2x4xf32> {
  %0 = kiln.matmul %a, %b : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<2x4xf32>
  %1 = kiln.broadcast %c dims = [1] : tensor<4xf32> -> tensor<2x4xf32>
  %2 = kiln.add %0, %1 : tensor<2x4xf32>
  %3 = kiln.compare gt, %2, %1 : tensor<2x4xf32>
  %4 = kiln.select %3, %2, %1 : tensor<2x4xi1>, tensor<2x4xf32>
  return %4 : tensor<2x4xf32>
}

//--- unknown-custom.mlir
func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = kiln.frobnicate %x : tensor<2xf32>
  return %0 : tensor<2xf32>
}

//--- unknown-generic.mlir
func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = "kiln.frobnicate"(%x) : (tensor<2xf32>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

//--- unknown-dialect.mlir
func.func @f() {
  "foo.bar"() : () -> ()
  return
}

//--- operand-type.mlir
func.func @f(%x: tensor<2xf32>, %y: tensor<2xf64>) -> tensor<2xf32> {
  %0 = kiln.add %x, %y : tensor<2xf32>
  return %0 : tensor<2xf32>
}

//--- scalar-operand.mlir
func.func @f(%s: i32) -> i32 {
  %0 = kiln.neg %s : i32
  return %0 : i32
}

//--- memref-operand.mlir
func.func @f(%m: memref<2x2xf32>) -> tensor<2x2xf32> {
  %0 = "kiln.matmul"(%m, %m) : (memref<2x2xf32>, memref<2x2xf32>) -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

//--- operand-count.mlir
func.func @f(%x: tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32> {
  %0 = "kiln.conv2d"(%x) <{stride = array<i64: 1, 1>, padding = array<i64: 0, 0>, dilation = array<i64: 1, 1>, groups = 1 : i64}> : (tensor<1x1x4x4xf32>) -> tensor<1x1x4x4xf32>
  return %0 : tensor<1x1x4x4xf32>
}

//--- result-count.mlir
func.func @f(%x: tensor<2x2xf32>) {
  "kiln.matmul"(%x, %x) : (tensor<2x2xf32>, tensor<2x2xf32>) -> ()
  return
}

//--- missing-attr.mlir
func.func @f(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = "kiln.broadcast"(%x) : (tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

//--- attr-kind.mlir
func.func @f(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  %0 = "kiln.broadcast"(%x) <{dims = 1 : i64}> : (tensor<3xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

//--- truncated-body.mlir
func.func @f(%x: tensor<2xf32>) -> tensor<2xf32> {
  %0 = kiln.neg %x : tensor<2xf32>
  return %0 : tensor<2xf32>
//--- truncated-op.mlir
func.func @f(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  %0 = kiln.transpose %x permutation = [1,
//--- truncated-type.mlir
func.func @f(%x: tensor<2x
//--- bad-after-good.mlir
func.func @good(%x: tensor<2x3xf32>) -> tensor<6xf32> {
  %0 = kiln.reshape %x : tensor<2x3xf32> -> tensor<6xf32>
  return %0 : tensor<6xf32>
}
func.func @bad(%x: tensor<2x3xf32>) -> tensor<7xf32> {
  %0 = kiln.reshape %x : tensor<2x3xf32> -> tensor<7xf32>
  return %0 : tensor<7xf32>
}
