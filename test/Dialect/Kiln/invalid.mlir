// RUN: kiln-opt %s -split-input-file -verify-diagnostics

// One case per verifier branch in KilnOps.cpp and per ODS constraint. Ops with
// inferred result types report the shape error, then that inference failed.
// The "expects ranked tensor ..." guards in inferReturnTypes have no case: the
// ODS operand checks run before inference and the custom parsers accept only
// ranked tensors, so only C++ builders can reach them.

//===----------------------------------------------------------------------===//
// ODS type constraints.
//===----------------------------------------------------------------------===//

func.func @dynamic_shape(%x: tensor<?x3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{'kiln.neg' op operand #0 must be statically shaped tensor of 32-bit float or 64-bit float or 16-bit float or bfloat16 type or 64-bit signless integer or 32-bit signless integer values, but got 'tensor<?x3xf32>'}}
  %0 = kiln.neg %x : tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @dynamic_result(%x: tensor<3xf32>) -> tensor<?x3xf32> {
  // expected-error @+1 {{'kiln.broadcast' op result #0 must be statically shaped tensor of 32-bit float or 64-bit float or 16-bit float or bfloat16 type or 64-bit signless integer or 32-bit signless integer or 1-bit signless integer values, but got 'tensor<?x3xf32>'}}
  %0 = kiln.broadcast %x dims = [1] : tensor<3xf32> -> tensor<?x3xf32>
  return %0 : tensor<?x3xf32>
}

// -----

func.func @i8_operand(%x: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error @+1 {{'kiln.add' op operand #0 must be statically shaped tensor of 32-bit float or 64-bit float or 16-bit float or bfloat16 type or 64-bit signless integer or 32-bit signless integer values, but got 'tensor<4xi8>'}}
  %0 = kiln.add %x, %x : tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

func.func @unsigned_operand(%x: tensor<4xui32>) -> tensor<4xui32> {
  // expected-error @+1 {{'kiln.abs' op operand #0 must be statically shaped tensor of 32-bit float or 64-bit float or 16-bit float or bfloat16 type or 64-bit signless integer or 32-bit signless integer values, but got 'tensor<4xui32>'}}
  %0 = kiln.abs %x : tensor<4xui32>
  return %0 : tensor<4xui32>
}

// -----

func.func @i8_constant() -> tensor<2xi8> {
  // expected-error @+1 {{'kiln.constant' op result #0 must be statically shaped tensor of 32-bit float or 64-bit float or 16-bit float or bfloat16 type or 64-bit signless integer or 32-bit signless integer or 1-bit signless integer values, but got 'tensor<2xi8>'}}
  %0 = kiln.constant dense<1> : tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

func.func @f8_result(%seed: tensor<i64>) -> tensor<2xf8E4M3FN> {
  // expected-error @+1 {{'kiln.random_uniform' op result #0 must be statically shaped tensor of 32-bit float or 64-bit float or 16-bit float or bfloat16 type values, but got 'tensor<2xf8E4M3FN>'}}
  %0 = kiln.random_uniform %seed : tensor<i64> -> tensor<2xf8E4M3FN>
  return %0 : tensor<2xf8E4M3FN>
}

// -----

func.func @integer_to_float_op(%x: tensor<4xi32>) -> tensor<4xi32> {
  // expected-error @+1 {{'kiln.exp' op operand #0 must be statically shaped tensor of 32-bit float or 64-bit float or 16-bit float or bfloat16 type values, but got 'tensor<4xi32>'}}
  %0 = kiln.exp %x : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @integer_pow(%x: tensor<4xi64>) -> tensor<4xi64> {
  // expected-error @+1 {{'kiln.pow' op operand #0 must be statically shaped tensor of 32-bit float or 64-bit float or 16-bit float or bfloat16 type values, but got 'tensor<4xi64>'}}
  %0 = kiln.pow %x, %x : tensor<4xi64>
  return %0 : tensor<4xi64>
}

// -----

func.func @bool_neg(%x: tensor<4xi1>) -> tensor<4xi1> {
  // expected-error @+1 {{'kiln.neg' op operand #0 must be statically shaped tensor of 32-bit float or 64-bit float or 16-bit float or bfloat16 type or 64-bit signless integer or 32-bit signless integer values, but got 'tensor<4xi1>'}}
  %0 = kiln.neg %x : tensor<4xi1>
  return %0 : tensor<4xi1>
}

// -----

func.func @unary_type_change(%x: tensor<4xf32>) -> tensor<4xf64> {
  // expected-error @+1 {{'kiln.tanh' op requires the same type for all operands and results}}
  %0 = "kiln.tanh"(%x) : (tensor<4xf32>) -> tensor<4xf64>
  return %0 : tensor<4xf64>
}

// -----

func.func @binary_mismatch(%a: tensor<4xf32>, %b: tensor<4xf64>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.add' op requires the same type for all operands and results}}
  %0 = "kiln.add"(%a, %b) : (tensor<4xf32>, tensor<4xf64>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @binary_shape_mismatch(%a: tensor<4xf32>, %b: tensor<2x2xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{'kiln.mul' op requires the same type for all operands and results}}
  %0 = "kiln.mul"(%a, %b) : (tensor<4xf32>, tensor<2x2xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @seed_not_0d(%seed: tensor<1xi64>) -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.random_normal' op operand #0 must be 0D tensor of 64-bit signless integer values, but got 'tensor<1xi64>'}}
  %0 = kiln.random_normal %seed : tensor<1xi64> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @seed_i32(%seed: tensor<i32>) -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.random_uniform' op operand #0 must be 0D tensor of 64-bit signless integer values, but got 'tensor<i32>'}}
  %0 = kiln.random_uniform %seed : tensor<i32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @random_int(%seed: tensor<i64>) -> tensor<2xi32> {
  // expected-error @+1 {{'kiln.random_normal' op result #0 must be statically shaped tensor of 32-bit float or 64-bit float or 16-bit float or bfloat16 type values, but got 'tensor<2xi32>'}}
  %0 = kiln.random_normal %seed : tensor<i64> -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

// -----

func.func @cast_shape(%x: tensor<2x3xf32>) -> tensor<6xi32> {
  // expected-error @+1 {{'kiln.cast' op requires the same shape for all operands and results}}
  %0 = kiln.cast %x : tensor<2x3xf32> -> tensor<6xi32>
  return %0 : tensor<6xi32>
}

// -----

func.func @cast_i8(%x: tensor<2xf32>) -> tensor<2xi8> {
  // expected-error @+1 {{'kiln.cast' op result #0 must be statically shaped tensor of 32-bit float or 64-bit float or 16-bit float or bfloat16 type or 64-bit signless integer or 32-bit signless integer or 1-bit signless integer values, but got 'tensor<2xi8>'}}
  %0 = kiln.cast %x : tensor<2xf32> -> tensor<2xi8>
  return %0 : tensor<2xi8>
}

//===----------------------------------------------------------------------===//
// Creation.
//===----------------------------------------------------------------------===//

// -----

func.func @constant_vector() {
  // expected-error @+1 {{'kiln.constant' op expects a ranked tensor value}}
  %0 = kiln.constant dense<1.0> : vector<2xf32>
  return
}

// -----

func.func @constant_wrong_result() -> tensor<3xf32> {
  // expected-error @+2 {{'kiln.constant' op inferred type(s) 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @+1 {{'kiln.constant' op failed to infer returned types}}
  %0 = "kiln.constant"() <{value = dense<1.0> : tensor<2xf32>}> : () -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @iota_0d() -> tensor<i64> {
  // expected-error @+1 {{'kiln.iota' op result 'tensor<i64>' must have at least one dimension}}
  %0 = kiln.iota dim = 0 : tensor<i64>
  return %0 : tensor<i64>
}

// -----

func.func @iota_dim(%x: tensor<2xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'kiln.iota' op dimension 2 is out of range for rank 2}}
  %0 = kiln.iota dim = 2 : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @iota_negative_dim() -> tensor<4xi32> {
  // expected-error @+1 {{'kiln.iota' op dimension -1 is out of range for rank 1}}
  %0 = kiln.iota dim = -1 : tensor<4xi32>
  return %0 : tensor<4xi32>
}

// -----

func.func @iota_bool() -> tensor<4xi1> {
  // expected-error @+1 {{'kiln.iota' op result #0 must be statically shaped tensor of 32-bit float or 64-bit float or 16-bit float or bfloat16 type or 64-bit signless integer or 32-bit signless integer values, but got 'tensor<4xi1>'}}
  %0 = kiln.iota dim = 0 : tensor<4xi1>
  return %0 : tensor<4xi1>
}

//===----------------------------------------------------------------------===//
// Compare and select.
//===----------------------------------------------------------------------===//

// -----

func.func @compare_bool(%x: tensor<2xi1>) -> tensor<2xi1> {
  // expected-error @+1 {{'kiln.compare' op operand #0 must be statically shaped tensor of 32-bit float or 64-bit float or 16-bit float or bfloat16 type or 64-bit signless integer or 32-bit signless integer values, but got 'tensor<2xi1>'}}
  %0 = kiln.compare eq, %x, %x : tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @compare_mismatch(%a: tensor<2xf32>, %b: tensor<2xf64>) -> tensor<2xi1> {
  // expected-error @+1 {{'kiln.compare' op failed to verify that all of {lhs, rhs} have same type}}
  %0 = "kiln.compare"(%a, %b) <{predicate = 0 : i64}> : (tensor<2xf32>, tensor<2xf64>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @compare_wrong_result(%a: tensor<2xf32>) -> tensor<3xi1> {
  // expected-error @+2 {{'kiln.compare' op inferred type(s) 'tensor<2xi1>' are incompatible with return type(s) of operation 'tensor<3xi1>'}}
  // expected-error @+1 {{'kiln.compare' op failed to infer returned types}}
  %0 = "kiln.compare"(%a, %a) <{predicate = 0 : i64}> : (tensor<2xf32>, tensor<2xf32>) -> tensor<3xi1>
  return %0 : tensor<3xi1>
}

// -----

func.func @compare_bad_predicate(%a: tensor<2xf32>) -> tensor<2xi1> {
  // expected-error @+1 {{invalid properties {predicate = 6 : i64} for op kiln.compare: Invalid attribute `predicate` in property conversion: 6 : i64}}
  %0 = "kiln.compare"(%a, %a) <{predicate = 6 : i64}> : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
  return %0 : tensor<2xi1>
}

// -----

func.func @compare_unknown_predicate(%a: tensor<2xf32>) -> tensor<2xi1> {
  // expected-error @+1 {{custom op 'kiln.compare' expected string or keyword containing one of the following enum values for attribute 'predicate' [eq, ne, lt, le, gt, ge]}}
  %0 = kiln.compare lte, %a, %a : tensor<2xf32>
  return %0 : tensor<2xi1>
}

// -----

func.func @select_branches(%c: tensor<2xi1>, %t: tensor<2xf32>, %f: tensor<2xf16>) -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.select' op failed to verify that all of {on_true, on_false, result} have same type}}
  %0 = "kiln.select"(%c, %t, %f) : (tensor<2xi1>, tensor<2xf32>, tensor<2xf16>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @select_condition_shape(%c: tensor<3xi1>, %t: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.select' op failed to verify that all of {condition, result} have same shape}}
  %0 = kiln.select %c, %t, %t : tensor<3xi1>, tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @select_condition_type(%c: tensor<2xi32>, %t: tensor<2xf32>) -> tensor<2xf32> {
  // expected-error @+1 {{'kiln.select' op operand #0 must be statically shaped tensor of 1-bit signless integer values, but got 'tensor<2xi32>'}}
  %0 = kiln.select %c, %t, %t : tensor<2xi32>, tensor<2xf32>
  return %0 : tensor<2xf32>
}

//===----------------------------------------------------------------------===//
// Reductions.
//===----------------------------------------------------------------------===//

// -----

func.func @reduce_dim(%x: tensor<2x3x4xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'kiln.reduce_sum' op dimension 3 is out of range for rank 3}}
  // expected-error @+1 {{'kiln.reduce_sum' op failed to infer returned types}}
  %0 = kiln.reduce_sum %x dims = [3] : tensor<2x3x4xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @reduce_negative_dim(%x: tensor<2x3xi64>) -> tensor<2xi64> {
  // expected-error @+2 {{'kiln.reduce_max' op dimension -1 is out of range for rank 2}}
  // expected-error @+1 {{'kiln.reduce_max' op failed to infer returned types}}
  %0 = kiln.reduce_max %x dims = [-1] : tensor<2x3xi64> -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

func.func @reduce_repeated(%x: tensor<2x3xf32>) -> tensor<f32> {
  // expected-error @+2 {{'kiln.reduce_min' op dimension 1 is repeated in dims [1, 0, 1]}}
  // expected-error @+1 {{'kiln.reduce_min' op failed to infer returned types}}
  %0 = kiln.reduce_min %x dims = [1, 0, 1] : tensor<2x3xf32> -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @reduce_wrong_result(%x: tensor<2x3xf32>) -> tensor<3xf32> {
  // expected-error @+2 {{'kiln.reduce_sum' op inferred type(s) 'tensor<2xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error @+1 {{'kiln.reduce_sum' op failed to infer returned types}}
  %0 = kiln.reduce_sum %x dims = [1] : tensor<2x3xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

func.func @reduce_bool(%x: tensor<2xi1>) -> tensor<i1> {
  // expected-error @+1 {{'kiln.reduce_sum' op operand #0 must be statically shaped tensor of 32-bit float or 64-bit float or 16-bit float or bfloat16 type or 64-bit signless integer or 32-bit signless integer values, but got 'tensor<2xi1>'}}
  %0 = kiln.reduce_sum %x dims = [0] : tensor<2xi1> -> tensor<i1>
  return %0 : tensor<i1>
}

// -----

func.func @argmax_dim(%x: tensor<2x3xf32>) -> tensor<2xi64> {
  // expected-error @+2 {{'kiln.argmax' op dimension 2 is out of range for rank 2}}
  // expected-error @+1 {{'kiln.argmax' op failed to infer returned types}}
  %0 = kiln.argmax %x dim = 2 : tensor<2x3xf32> -> tensor<2xi64>
  return %0 : tensor<2xi64>
}

// -----

func.func @argmax_0d(%x: tensor<f32>) -> tensor<i64> {
  // expected-error @+2 {{'kiln.argmax' op dimension 0 is out of range for rank 0}}
  // expected-error @+1 {{'kiln.argmax' op failed to infer returned types}}
  %0 = kiln.argmax %x dim = 0 : tensor<f32> -> tensor<i64>
  return %0 : tensor<i64>
}

// -----

func.func @argmax_i32_result(%x: tensor<2x3xf32>) -> tensor<2xi32> {
  // expected-error @+1 {{'kiln.argmax' op result #0 must be statically shaped tensor of 64-bit signless integer values, but got 'tensor<2xi32>'}}
  %0 = kiln.argmax %x dim = 1 : tensor<2x3xf32> -> tensor<2xi32>
  return %0 : tensor<2xi32>
}

//===----------------------------------------------------------------------===//
// Matmul.
//===----------------------------------------------------------------------===//

// -----

func.func @matmul_types(%a: tensor<2x3xf32>, %b: tensor<3x4xf64>) -> tensor<2x4xf32> {
  // expected-error @+2 {{'kiln.matmul' op operands 'tensor<2x3xf32>' and 'tensor<3x4xf64>' have different element types}}
  // expected-error @+1 {{'kiln.matmul' op failed to infer returned types}}
  %0 = kiln.matmul %a, %b : tensor<2x3xf32>, tensor<3x4xf64> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @matmul_rank_1(%a: tensor<3xf32>) -> tensor<f32> {
  // expected-error @+2 {{'kiln.matmul' op expects operands of one rank, at least 2, got 'tensor<3xf32>' and 'tensor<3xf32>'}}
  // expected-error @+1 {{'kiln.matmul' op failed to infer returned types}}
  %0 = kiln.matmul %a, %a : tensor<3xf32>, tensor<3xf32> -> tensor<f32>
  return %0 : tensor<f32>
}

// -----

func.func @matmul_ranks_differ(%a: tensor<2x3xi32>, %b: tensor<1x3x4xi32>) -> tensor<1x2x4xi32> {
  // expected-error @+2 {{'kiln.matmul' op expects operands of one rank, at least 2, got 'tensor<2x3xi32>' and 'tensor<1x3x4xi32>'}}
  // expected-error @+1 {{'kiln.matmul' op failed to infer returned types}}
  %0 = kiln.matmul %a, %b : tensor<2x3xi32>, tensor<1x3x4xi32> -> tensor<1x2x4xi32>
  return %0 : tensor<1x2x4xi32>
}

// -----

func.func @matmul_batch(%a: tensor<2x4x3xf32>, %b: tensor<3x3x5xf32>) -> tensor<2x4x5xf32> {
  // expected-error @+2 {{'kiln.matmul' op batch dimensions of 'tensor<2x4x3xf32>' and 'tensor<3x3x5xf32>' differ}}
  // expected-error @+1 {{'kiln.matmul' op failed to infer returned types}}
  %0 = kiln.matmul %a, %b : tensor<2x4x3xf32>, tensor<3x3x5xf32> -> tensor<2x4x5xf32>
  return %0 : tensor<2x4x5xf32>
}

// -----

func.func @matmul_contracting(%a: tensor<2x3xf32>, %b: tensor<4x5xf32>) -> tensor<2x5xf32> {
  // expected-error @+2 {{'kiln.matmul' op contracting dimensions differ: 'tensor<2x3xf32>' has K = 3 but 'tensor<4x5xf32>' has K = 4}}
  // expected-error @+1 {{'kiln.matmul' op failed to infer returned types}}
  %0 = kiln.matmul %a, %b : tensor<2x3xf32>, tensor<4x5xf32> -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

func.func @matmul_wrong_result(%a: tensor<2x3xf32>, %b: tensor<3x4xf32>) -> tensor<4x2xf32> {
  // expected-error @+2 {{'kiln.matmul' op inferred type(s) 'tensor<2x4xf32>' are incompatible with return type(s) of operation 'tensor<4x2xf32>'}}
  // expected-error @+1 {{'kiln.matmul' op failed to infer returned types}}
  %0 = kiln.matmul %a, %b : tensor<2x3xf32>, tensor<3x4xf32> -> tensor<4x2xf32>
  return %0 : tensor<4x2xf32>
}

//===----------------------------------------------------------------------===//
// Broadcast and reshape.
//===----------------------------------------------------------------------===//

// -----

func.func @broadcast_types(%x: tensor<3xf32>) -> tensor<2x3xf64> {
  // expected-error @+1 {{'kiln.broadcast' op operand 'tensor<3xf32>' and result 'tensor<2x3xf64>' have different element types}}
  %0 = kiln.broadcast %x dims = [1] : tensor<3xf32> -> tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

// -----

func.func @broadcast_dims_count(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'kiln.broadcast' op dims [0, 1] must map each of the 1 dimensions of 'tensor<3xf32>'}}
  %0 = kiln.broadcast %x dims = [0, 1] : tensor<3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @broadcast_dims_past_rank(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'kiln.broadcast' op dims [2] are out of range for the 2 dimensions of 'tensor<2x3xf32>'}}
  %0 = kiln.broadcast %x dims = [2] : tensor<3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @broadcast_dims_negative(%x: tensor<3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'kiln.broadcast' op dims [-1] are out of range for the 2 dimensions of 'tensor<2x3xf32>'}}
  %0 = kiln.broadcast %x dims = [-1] : tensor<3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @broadcast_dims_order(%x: tensor<3x3xf32>) -> tensor<3x3xf32> {
  // expected-error @+1 {{'kiln.broadcast' op dims [1, 0] must be strictly increasing}}
  %0 = kiln.broadcast %x dims = [1, 0] : tensor<3x3xf32> -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @broadcast_dims_repeated(%x: tensor<1x1xf32>) -> tensor<3x3xf32> {
  // expected-error @+1 {{'kiln.broadcast' op dims [1, 1] must be strictly increasing}}
  %0 = kiln.broadcast %x dims = [1, 1] : tensor<1x1xf32> -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @broadcast_sizes(%x: tensor<2xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'kiln.broadcast' op cannot broadcast 'tensor<2xf32>' to 'tensor<2x3xf32>': dimension 0 of size 2 maps to size 3}}
  %0 = kiln.broadcast %x dims = [1] : tensor<2xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @reshape_types(%x: tensor<2x3xf32>) -> tensor<6xi32> {
  // expected-error @+1 {{'kiln.reshape' op operand 'tensor<2x3xf32>' and result 'tensor<6xi32>' have different element types}}
  %0 = kiln.reshape %x : tensor<2x3xf32> -> tensor<6xi32>
  return %0 : tensor<6xi32>
}

// -----

func.func @reshape_count(%x: tensor<2x3xf32>) -> tensor<5xf32> {
  // expected-error @+1 {{'kiln.reshape' op cannot reshape 'tensor<2x3xf32>' (6 elements) to 'tensor<5xf32>' (5 elements)}}
  %0 = kiln.reshape %x : tensor<2x3xf32> -> tensor<5xf32>
  return %0 : tensor<5xf32>
}

// -----

// 2^62 * 4 elements wrap around to 0 in int64_t; that must not pass for an
// empty tensor.
func.func @reshape_count_overflow(%x: tensor<4611686018427387904x4xf32>) -> tensor<0xf32> {
  // expected-error @+1 {{'kiln.reshape' op cannot reshape 'tensor<4611686018427387904x4xf32>' (too many elements) to 'tensor<0xf32>' (0 elements)}}
  %0 = kiln.reshape %x : tensor<4611686018427387904x4xf32> -> tensor<0xf32>
  return %0 : tensor<0xf32>
}

//===----------------------------------------------------------------------===//
// Transpose, slice, concat, pad.
//===----------------------------------------------------------------------===//

// -----

func.func @transpose_length(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'kiln.transpose' op permutation [0] is not a permutation of the 2 dimensions of 'tensor<2x3xf32>'}}
  // expected-error @+1 {{'kiln.transpose' op failed to infer returned types}}
  %0 = kiln.transpose %x permutation = [0] : tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @transpose_range(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+2 {{'kiln.transpose' op permutation [2, 0] is not a permutation of the 2 dimensions of 'tensor<2x3xf32>'}}
  // expected-error @+1 {{'kiln.transpose' op failed to infer returned types}}
  %0 = kiln.transpose %x permutation = [2, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @transpose_negative(%x: tensor<2x3xf32>) -> tensor<3x2xf32> {
  // expected-error @+2 {{'kiln.transpose' op permutation [-1, 0] is not a permutation of the 2 dimensions of 'tensor<2x3xf32>'}}
  // expected-error @+1 {{'kiln.transpose' op failed to infer returned types}}
  %0 = kiln.transpose %x permutation = [-1, 0] : tensor<2x3xf32> -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

func.func @transpose_repeated(%x: tensor<3x3xi1>) -> tensor<3x3xi1> {
  // expected-error @+2 {{'kiln.transpose' op permutation [1, 1] is not a permutation of the 2 dimensions of 'tensor<3x3xi1>'}}
  // expected-error @+1 {{'kiln.transpose' op failed to infer returned types}}
  %0 = kiln.transpose %x permutation = [1, 1] : tensor<3x3xi1> -> tensor<3x3xi1>
  return %0 : tensor<3x3xi1>
}

// -----

func.func @slice_counts(%x: tensor<4x4xf32>) -> tensor<2x4xf32> {
  // expected-error @+2 {{'kiln.slice' op start, limit and strides need 2 values each for 'tensor<4x4xf32>'}}
  // expected-error @+1 {{'kiln.slice' op failed to infer returned types}}
  %0 = kiln.slice %x start = [0, 0] limit = [2, 4] strides = [1] : tensor<4x4xf32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @slice_negative_start(%x: tensor<4x4xf32>) -> tensor<3x4xf32> {
  // expected-error @+2 {{'kiln.slice' op range [-1, 2) is out of bounds for dimension 0 of 'tensor<4x4xf32>'}}
  // expected-error @+1 {{'kiln.slice' op failed to infer returned types}}
  %0 = kiln.slice %x start = [-1, 0] limit = [2, 4] strides = [1, 1] : tensor<4x4xf32> -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

func.func @slice_start_after_limit(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+2 {{'kiln.slice' op range [3, 2) is out of bounds for dimension 1 of 'tensor<4x4xf32>'}}
  // expected-error @+1 {{'kiln.slice' op failed to infer returned types}}
  %0 = kiln.slice %x start = [0, 3] limit = [4, 2] strides = [1, 1] : tensor<4x4xf32> -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @slice_limit(%x: tensor<4x4xf32>) -> tensor<4x5xf32> {
  // expected-error @+2 {{'kiln.slice' op range [0, 5) is out of bounds for dimension 1 of 'tensor<4x4xf32>'}}
  // expected-error @+1 {{'kiln.slice' op failed to infer returned types}}
  %0 = kiln.slice %x start = [0, 0] limit = [4, 5] strides = [1, 1] : tensor<4x4xf32> -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// -----

func.func @slice_stride(%x: tensor<4x4xf32>) -> tensor<4x4xf32> {
  // expected-error @+2 {{'kiln.slice' op stride 0 in dimension 1 must be positive}}
  // expected-error @+1 {{'kiln.slice' op failed to infer returned types}}
  %0 = kiln.slice %x start = [0, 0] limit = [4, 4] strides = [1, 0] : tensor<4x4xf32> -> tensor<4x4xf32>
  return %0 : tensor<4x4xf32>
}

// -----

func.func @concat_empty() -> tensor<2xf32> {
  // expected-error @+2 {{'kiln.concat' op expects at least one input}}
  // expected-error @+1 {{'kiln.concat' op failed to infer returned types}}
  %0 = kiln.concat dim = 0 : () -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @concat_dim(%a: tensor<2x3xf32>) -> tensor<2x6xf32> {
  // expected-error @+2 {{'kiln.concat' op dimension 2 is out of range for rank 2}}
  // expected-error @+1 {{'kiln.concat' op failed to infer returned types}}
  %0 = kiln.concat %a, %a dim = 2 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x6xf32>
  return %0 : tensor<2x6xf32>
}

// -----

func.func @concat_element_types(%a: tensor<2x3xf32>, %b: tensor<2x3xf64>) -> tensor<4x3xf32> {
  // expected-error @+2 {{'kiln.concat' op cannot concatenate 'tensor<2x3xf32>' and 'tensor<2x3xf64>' along dimension 0}}
  // expected-error @+1 {{'kiln.concat' op failed to infer returned types}}
  %0 = kiln.concat %a, %b dim = 0 : (tensor<2x3xf32>, tensor<2x3xf64>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @concat_ranks(%a: tensor<2x3xf32>, %b: tensor<2xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{'kiln.concat' op cannot concatenate 'tensor<2x3xf32>' and 'tensor<2xf32>' along dimension 0}}
  // expected-error @+1 {{'kiln.concat' op failed to infer returned types}}
  %0 = kiln.concat %a, %b dim = 0 : (tensor<2x3xf32>, tensor<2xf32>) -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

// The third input differs off the concatenation dimension.
func.func @concat_sizes(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) -> tensor<6x3xf32> {
  // expected-error @+2 {{'kiln.concat' op cannot concatenate 'tensor<2x3xf32>' and 'tensor<2x4xf32>' along dimension 0}}
  // expected-error @+1 {{'kiln.concat' op failed to infer returned types}}
  %0 = kiln.concat %a, %a, %b dim = 0 : (tensor<2x3xf32>, tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<6x3xf32>
  return %0 : tensor<6x3xf32>
}

// -----

func.func @concat_overflow(%a: tensor<4611686018427387904xf32>) -> tensor<4xf32> {
  // expected-error @+2 {{'kiln.concat' op concatenated size of dimension 0 overflows}}
  // expected-error @+1 {{'kiln.concat' op failed to infer returned types}}
  %0 = kiln.concat %a, %a, %a dim = 0 : (tensor<4611686018427387904xf32>, tensor<4611686018427387904xf32>, tensor<4611686018427387904xf32>) -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

func.func @pad_value_type(%x: tensor<2x3xf32>, %v: tensor<f64>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'kiln.pad' op padding value 'tensor<f64>' does not match the element type of 'tensor<2x3xf32>'}}
  // expected-error @+1 {{'kiln.pad' op failed to infer returned types}}
  %0 = kiln.pad %x, %v low = [0, 0] high = [0, 0] : tensor<2x3xf32>, tensor<f64> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @pad_value_not_0d(%x: tensor<2x3xf32>, %v: tensor<1xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'kiln.pad' op operand #1 must be 0D tensor of 32-bit float or 64-bit float or 16-bit float or bfloat16 type or 64-bit signless integer or 32-bit signless integer or 1-bit signless integer values, but got 'tensor<1xf32>'}}
  %0 = kiln.pad %x, %v low = [0, 0] high = [0, 0] : tensor<2x3xf32>, tensor<1xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @pad_counts(%x: tensor<2x3xf32>, %v: tensor<f32>) -> tensor<3x3xf32> {
  // expected-error @+2 {{'kiln.pad' op low and high need 2 values each for 'tensor<2x3xf32>'}}
  // expected-error @+1 {{'kiln.pad' op failed to infer returned types}}
  %0 = kiln.pad %x, %v low = [1] high = [0, 0] : tensor<2x3xf32>, tensor<f32> -> tensor<3x3xf32>
  return %0 : tensor<3x3xf32>
}

// -----

func.func @pad_negative(%x: tensor<2x3xf32>, %v: tensor<f32>) -> tensor<2x2xf32> {
  // expected-error @+2 {{'kiln.pad' op padding must be non-negative, got low [0, -1] and high [0, 0]}}
  // expected-error @+1 {{'kiln.pad' op failed to infer returned types}}
  %0 = kiln.pad %x, %v low = [0, -1] high = [0, 0] : tensor<2x3xf32>, tensor<f32> -> tensor<2x2xf32>
  return %0 : tensor<2x2xf32>
}

// -----

func.func @pad_overflow(%x: tensor<2xf32>, %v: tensor<f32>) -> tensor<2xf32> {
  // expected-error @+2 {{'kiln.pad' op padded size of dimension 0 of 'tensor<2xf32>' overflows with low [0] and high [9223372036854775807]}}
  // expected-error @+1 {{'kiln.pad' op failed to infer returned types}}
  %0 = kiln.pad %x, %v low = [0] high = [9223372036854775807] : tensor<2xf32>, tensor<f32> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

//===----------------------------------------------------------------------===//
// Gather and scatter_add (checkIndexShape).
//===----------------------------------------------------------------------===//

// -----

func.func @gather_rank(%s: tensor<4x3xf32>, %i: tensor<2xi64>) -> tensor<2xf32> {
  // expected-error @+2 {{'kiln.gather' op indices 'tensor<2xi64>' must have the rank of 'tensor<4x3xf32>'}}
  // expected-error @+1 {{'kiln.gather' op failed to infer returned types}}
  %0 = kiln.gather %s, %i dim = 0 : tensor<4x3xf32>, tensor<2xi64> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

func.func @gather_dim(%s: tensor<4x3xf32>, %i: tensor<2x3xi64>) -> tensor<2x3xf32> {
  // expected-error @+2 {{'kiln.gather' op dimension 2 is out of range for rank 2}}
  // expected-error @+1 {{'kiln.gather' op failed to infer returned types}}
  %0 = kiln.gather %s, %i dim = 2 : tensor<4x3xf32>, tensor<2x3xi64> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @gather_larger(%s: tensor<4x3xf32>, %i: tensor<2x4xi32>) -> tensor<2x4xf32> {
  // expected-error @+2 {{'kiln.gather' op indices 'tensor<2x4xi32>' are larger than 'tensor<4x3xf32>' in dimension 1}}
  // expected-error @+1 {{'kiln.gather' op failed to infer returned types}}
  %0 = kiln.gather %s, %i dim = 0 : tensor<4x3xf32>, tensor<2x4xi32> -> tensor<2x4xf32>
  return %0 : tensor<2x4xf32>
}

// -----

func.func @gather_float_indices(%s: tensor<4x3xf32>, %i: tensor<2x3xf32>) -> tensor<2x3xf32> {
  // expected-error @+1 {{'kiln.gather' op operand #1 must be statically shaped tensor of 64-bit signless integer or 32-bit signless integer values, but got 'tensor<2x3xf32>'}}
  %0 = kiln.gather %s, %i dim = 0 : tensor<4x3xf32>, tensor<2x3xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

func.func @gather_wrong_result(%s: tensor<4x3xf32>, %i: tensor<2x3xi64>) -> tensor<2x3xi64> {
  // expected-error @+2 {{'kiln.gather' op inferred type(s) 'tensor<2x3xf32>' are incompatible with return type(s) of operation 'tensor<2x3xi64>'}}
  // expected-error @+1 {{'kiln.gather' op failed to infer returned types}}
  %0 = kiln.gather %s, %i dim = 0 : tensor<4x3xf32>, tensor<2x3xi64> -> tensor<2x3xi64>
  return %0 : tensor<2x3xi64>
}

// -----

func.func @scatter_updates_type(%d: tensor<4x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xf64>) -> tensor<4x3xf32> {
  // expected-error @+2 {{'kiln.scatter_add' op updates 'tensor<2x3xf64>' do not match the element type of 'tensor<4x3xf32>'}}
  // expected-error @+1 {{'kiln.scatter_add' op failed to infer returned types}}
  %0 = kiln.scatter_add %d, %i, %u dim = 0 : tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x3xf64> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @scatter_updates_shape(%d: tensor<4x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x2xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{'kiln.scatter_add' op updates 'tensor<2x2xf32>' must have the shape of indices 'tensor<2x3xi64>'}}
  // expected-error @+1 {{'kiln.scatter_add' op failed to infer returned types}}
  %0 = kiln.scatter_add %d, %i, %u dim = 0 : tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x2xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @scatter_rank(%d: tensor<4x3xi32>, %i: tensor<2xi32>, %u: tensor<2xi32>) -> tensor<4x3xi32> {
  // expected-error @+2 {{'kiln.scatter_add' op indices 'tensor<2xi32>' must have the rank of 'tensor<4x3xi32>'}}
  // expected-error @+1 {{'kiln.scatter_add' op failed to infer returned types}}
  %0 = kiln.scatter_add %d, %i, %u dim = 0 : tensor<4x3xi32>, tensor<2xi32>, tensor<2xi32> -> tensor<4x3xi32>
  return %0 : tensor<4x3xi32>
}

// -----

func.func @scatter_dim(%d: tensor<4x3xf32>, %i: tensor<2x3xi64>, %u: tensor<2x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{'kiln.scatter_add' op dimension -1 is out of range for rank 2}}
  // expected-error @+1 {{'kiln.scatter_add' op failed to infer returned types}}
  %0 = kiln.scatter_add %d, %i, %u dim = -1 : tensor<4x3xf32>, tensor<2x3xi64>, tensor<2x3xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @scatter_larger(%d: tensor<4x3xf32>, %i: tensor<5x3xi64>, %u: tensor<5x3xf32>) -> tensor<4x3xf32> {
  // expected-error @+2 {{'kiln.scatter_add' op indices 'tensor<5x3xi64>' are larger than 'tensor<4x3xf32>' in dimension 0}}
  // expected-error @+1 {{'kiln.scatter_add' op failed to infer returned types}}
  %0 = kiln.scatter_add %d, %i, %u dim = 1 : tensor<4x3xf32>, tensor<5x3xi64>, tensor<5x3xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}

// -----

func.func @scatter_bool(%d: tensor<4xi1>, %i: tensor<2xi64>, %u: tensor<2xi1>) -> tensor<4xi1> {
  // expected-error @+1 {{'kiln.scatter_add' op operand #0 must be statically shaped tensor of 32-bit float or 64-bit float or 16-bit float or bfloat16 type or 64-bit signless integer or 32-bit signless integer values, but got 'tensor<4xi1>'}}
  %0 = kiln.scatter_add %d, %i, %u dim = 0 : tensor<4xi1>, tensor<2xi64>, tensor<2xi1> -> tensor<4xi1>
  return %0 : tensor<4xi1>
}

//===----------------------------------------------------------------------===//
// conv2d (conv2dResultShape, checkWindowAttr, windowOutputSize).
//===----------------------------------------------------------------------===//

// -----

func.func @conv_rank(%x: tensor<1x4x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+2 {{'kiln.conv2d' op expects a 4-D NCHW input and a 4-D OIHW weight, got 'tensor<1x4x8xf32>' and 'tensor<6x4x3x3xf32>'}}
  // expected-error @+1 {{'kiln.conv2d' op failed to infer returned types}}
  %0 = kiln.conv2d %x, %w stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 1 : tensor<1x4x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func.func @conv_weight_rank(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+2 {{'kiln.conv2d' op expects a 4-D NCHW input and a 4-D OIHW weight, got 'tensor<1x4x8x8xf32>' and 'tensor<6x4x3xf32>'}}
  // expected-error @+1 {{'kiln.conv2d' op failed to infer returned types}}
  %0 = kiln.conv2d %x, %w stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 1 : tensor<1x4x8x8xf32>, tensor<6x4x3xf32> -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func.func @conv_element_types(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf16>) -> tensor<1x6x6x6xf32> {
  // expected-error @+2 {{'kiln.conv2d' op input 'tensor<1x4x8x8xf32>' and weight 'tensor<6x4x3x3xf16>' have different element types}}
  // expected-error @+1 {{'kiln.conv2d' op failed to infer returned types}}
  %0 = kiln.conv2d %x, %w stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 1 : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf16> -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func.func @conv_integer(%x: tensor<1x4x8x8xi32>, %w: tensor<6x4x3x3xi32>) -> tensor<1x6x6x6xi32> {
  // expected-error @+1 {{'kiln.conv2d' op operand #0 must be statically shaped tensor of 32-bit float or 64-bit float or 16-bit float or bfloat16 type values, but got 'tensor<1x4x8x8xi32>'}}
  %0 = kiln.conv2d %x, %w stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 1 : tensor<1x4x8x8xi32>, tensor<6x4x3x3xi32> -> tensor<1x6x6x6xi32>
  return %0 : tensor<1x6x6x6xi32>
}

// -----

func.func @conv_stride_count(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+2 {{'kiln.conv2d' op stride needs 2 values, got 1}}
  // expected-error @+1 {{'kiln.conv2d' op failed to infer returned types}}
  %0 = kiln.conv2d %x, %w stride = [1] padding = [0, 0] dilation = [1, 1] groups = 1 : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func.func @conv_stride_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+2 {{'kiln.conv2d' op stride [1, 0] has a value below 1}}
  // expected-error @+1 {{'kiln.conv2d' op failed to infer returned types}}
  %0 = kiln.conv2d %x, %w stride = [1, 0] padding = [0, 0] dilation = [1, 1] groups = 1 : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func.func @conv_padding_count(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+2 {{'kiln.conv2d' op padding needs 2 values, got 4}}
  // expected-error @+1 {{'kiln.conv2d' op failed to infer returned types}}
  %0 = kiln.conv2d %x, %w stride = [1, 1] padding = [0, 0, 0, 0] dilation = [1, 1] groups = 1 : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func.func @conv_padding_negative(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+2 {{'kiln.conv2d' op padding [-1, 0] has a value below 0}}
  // expected-error @+1 {{'kiln.conv2d' op failed to infer returned types}}
  %0 = kiln.conv2d %x, %w stride = [1, 1] padding = [-1, 0] dilation = [1, 1] groups = 1 : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func.func @conv_dilation_count(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+2 {{'kiln.conv2d' op dilation needs 2 values, got 0}}
  // expected-error @+1 {{'kiln.conv2d' op failed to infer returned types}}
  %0 = kiln.conv2d %x, %w stride = [1, 1] padding = [0, 0] dilation = [] groups = 1 : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func.func @conv_dilation_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+2 {{'kiln.conv2d' op dilation [0, 1] has a value below 1}}
  // expected-error @+1 {{'kiln.conv2d' op failed to infer returned types}}
  %0 = kiln.conv2d %x, %w stride = [1, 1] padding = [0, 0] dilation = [0, 1] groups = 1 : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

func.func @conv_groups_zero(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+2 {{'kiln.conv2d' op groups must be positive, got 0}}
  // expected-error @+1 {{'kiln.conv2d' op failed to infer returned types}}
  %0 = kiln.conv2d %x, %w stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 0 : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

// A 0x3 kernel would give an output larger than the input.
func.func @conv_empty_kernel(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x0x3xf32>) -> tensor<1x6x9x6xf32> {
  // expected-error @+2 {{'kiln.conv2d' op weight 'tensor<6x4x0x3xf32>' has an empty kernel}}
  // expected-error @+1 {{'kiln.conv2d' op failed to infer returned types}}
  %0 = kiln.conv2d %x, %w stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 1 : tensor<1x4x8x8xf32>, tensor<6x4x0x3xf32> -> tensor<1x6x9x6xf32>
  return %0 : tensor<1x6x9x6xf32>
}

// -----

func.func @conv_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<6x3x3x3xf32>) -> tensor<1x6x6x6xf32> {
  // expected-error @+2 {{'kiln.conv2d' op input 'tensor<1x4x8x8xf32>' has 4 channels but weight 'tensor<6x3x3x3xf32>' with groups = 2 expects 3 channels per group}}
  // expected-error @+1 {{'kiln.conv2d' op failed to infer returned types}}
  %0 = kiln.conv2d %x, %w stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 2 : tensor<1x4x8x8xf32>, tensor<6x3x3x3xf32> -> tensor<1x6x6x6xf32>
  return %0 : tensor<1x6x6x6xf32>
}

// -----

// weight channels * groups = 4 * 2^62 wraps around to 0 in int64_t.
func.func @conv_channels_overflow(%x: tensor<1x0x8x8xf32>, %w: tensor<4x4x3x3xf32>) -> tensor<1x4x6x6xf32> {
  // expected-error @+2 {{'kiln.conv2d' op input 'tensor<1x0x8x8xf32>' has 0 channels but weight 'tensor<4x4x3x3xf32>' with groups = 4611686018427387904 expects 4 channels per group}}
  // expected-error @+1 {{'kiln.conv2d' op failed to infer returned types}}
  %0 = kiln.conv2d %x, %w stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 4611686018427387904 : tensor<1x0x8x8xf32>, tensor<4x4x3x3xf32> -> tensor<1x4x6x6xf32>
  return %0 : tensor<1x4x6x6xf32>
}

// -----

func.func @conv_output_channels(%x: tensor<1x4x8x8xf32>, %w: tensor<5x2x3x3xf32>) -> tensor<1x5x6x6xf32> {
  // expected-error @+2 {{'kiln.conv2d' op output channels 5 are not divisible by groups = 2}}
  // expected-error @+1 {{'kiln.conv2d' op failed to infer returned types}}
  %0 = kiln.conv2d %x, %w stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 2 : tensor<1x4x8x8xf32>, tensor<5x2x3x3xf32> -> tensor<1x5x6x6xf32>
  return %0 : tensor<1x5x6x6xf32>
}

// -----

// A dilated 3x3 kernel spans 2 * (3 - 1) + 1 = 5 > 4 columns.
func.func @conv_window(%x: tensor<1x4x8x4xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x4x1xf32> {
  // expected-error @+2 {{'kiln.conv2d' op window of extent 5 is larger than the padded input 4 in spatial dimension 1 of 'tensor<1x4x8x4xf32>'}}
  // expected-error @+1 {{'kiln.conv2d' op failed to infer returned types}}
  %0 = kiln.conv2d %x, %w stride = [1, 1] padding = [0, 0] dilation = [2, 2] groups = 1 : tensor<1x4x8x4xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x4x1xf32>
  return %0 : tensor<1x6x4x1xf32>
}

// -----

func.func @conv_dilation_overflow(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32> {
  // expected-error @+2 {{'kiln.conv2d' op window of size 3 and dilation 9223372036854775807 overflows in spatial dimension 0}}
  // expected-error @+1 {{'kiln.conv2d' op failed to infer returned types}}
  %0 = kiln.conv2d %x, %w stride = [1, 1] padding = [0, 0] dilation = [9223372036854775807, 1] groups = 1 : tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32> -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

func.func @conv_padding_overflow(%x: tensor<1x1x4x4xf32>, %w: tensor<1x1x3x3xf32>) -> tensor<1x1x2x2xf32> {
  // expected-error @+2 {{'kiln.conv2d' op padding 4611686018427387904 overflows spatial dimension 1 of 'tensor<1x1x4x4xf32>'}}
  // expected-error @+1 {{'kiln.conv2d' op failed to infer returned types}}
  %0 = kiln.conv2d %x, %w stride = [1, 1] padding = [0, 4611686018427387904] dilation = [1, 1] groups = 1 : tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32> -> tensor<1x1x2x2xf32>
  return %0 : tensor<1x1x2x2xf32>
}

// -----

func.func @conv_wrong_result(%x: tensor<1x4x8x8xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<1x6x8x8xf32> {
  // expected-error @+2 {{'kiln.conv2d' op inferred type(s) 'tensor<1x6x6x6xf32>' are incompatible with return type(s) of operation 'tensor<1x6x8x8xf32>'}}
  // expected-error @+1 {{'kiln.conv2d' op failed to infer returned types}}
  %0 = kiln.conv2d %x, %w stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 1 : tensor<1x4x8x8xf32>, tensor<6x4x3x3xf32> -> tensor<1x6x8x8xf32>
  return %0 : tensor<1x6x8x8xf32>
}

//===----------------------------------------------------------------------===//
// Convolution gradients (verifyConvGrad, checkSameShape).
//===----------------------------------------------------------------------===//

// -----

func.func @conv_bwd_input_shape(%dy: tensor<2x6x5x5xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<2x4x8x8xf32> {
  // expected-error @+1 {{'kiln.conv2d_backward_input' op grad_output 'tensor<2x6x5x5xf32>' does not match shape [2, 6, 6, 6] given by the forward op's shape rule}}
  %0 = kiln.conv2d_backward_input %dy, %w stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 1 : tensor<2x6x5x5xf32>, tensor<6x4x3x3xf32> -> tensor<2x4x8x8xf32>
  return %0 : tensor<2x4x8x8xf32>
}

// -----

func.func @conv_bwd_input_grad_type(%dy: tensor<2x6x6x6xf16>, %w: tensor<6x4x3x3xf32>) -> tensor<2x4x8x8xf32> {
  // expected-error @+1 {{'kiln.conv2d_backward_input' op grad_output 'tensor<2x6x6x6xf16>' and 'tensor<2x4x8x8xf32>' have different element types}}
  %0 = kiln.conv2d_backward_input %dy, %w stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 1 : tensor<2x6x6x6xf16>, tensor<6x4x3x3xf32> -> tensor<2x4x8x8xf32>
  return %0 : tensor<2x4x8x8xf32>
}

// -----

// The forward rule runs on (result, weight): here the result has 3 channels.
func.func @conv_bwd_input_channels(%dy: tensor<2x6x6x6xf32>, %w: tensor<6x4x3x3xf32>) -> tensor<2x3x8x8xf32> {
  // expected-error @+1 {{'kiln.conv2d_backward_input' op input 'tensor<2x3x8x8xf32>' has 3 channels but weight 'tensor<6x4x3x3xf32>' with groups = 1 expects 4 channels per group}}
  %0 = kiln.conv2d_backward_input %dy, %w stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 1 : tensor<2x6x6x6xf32>, tensor<6x4x3x3xf32> -> tensor<2x3x8x8xf32>
  return %0 : tensor<2x3x8x8xf32>
}

// -----

func.func @conv_bwd_weight_shape(%x: tensor<2x4x8x8xf32>, %dy: tensor<2x6x6x6xf32>) -> tensor<6x4x5x5xf32> {
  // expected-error @+1 {{'kiln.conv2d_backward_weight' op grad_output 'tensor<2x6x6x6xf32>' does not match shape [2, 6, 4, 4] given by the forward op's shape rule}}
  %0 = kiln.conv2d_backward_weight %x, %dy stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 1 : tensor<2x4x8x8xf32>, tensor<2x6x6x6xf32> -> tensor<6x4x5x5xf32>
  return %0 : tensor<6x4x5x5xf32>
}

// -----

func.func @conv_bwd_weight_grad_type(%x: tensor<2x4x8x8xbf16>, %dy: tensor<2x6x6x6xf32>) -> tensor<6x4x3x3xbf16> {
  // expected-error @+1 {{'kiln.conv2d_backward_weight' op grad_output 'tensor<2x6x6x6xf32>' and 'tensor<2x4x8x8xbf16>' have different element types}}
  %0 = kiln.conv2d_backward_weight %x, %dy stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 1 : tensor<2x4x8x8xbf16>, tensor<2x6x6x6xf32> -> tensor<6x4x3x3xbf16>
  return %0 : tensor<6x4x3x3xbf16>
}

// -----

func.func @conv_bwd_weight_groups(%x: tensor<2x4x8x8xf32>, %dy: tensor<2x6x6x6xf32>) -> tensor<6x4x3x3xf32> {
  // expected-error @+1 {{'kiln.conv2d_backward_weight' op groups must be positive, got -1}}
  %0 = kiln.conv2d_backward_weight %x, %dy stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = -1 : tensor<2x4x8x8xf32>, tensor<2x6x6x6xf32> -> tensor<6x4x3x3xf32>
  return %0 : tensor<6x4x3x3xf32>
}

//===----------------------------------------------------------------------===//
// Pooling (pool2dResultShape, checkWindowAttr, windowOutputSize).
//===----------------------------------------------------------------------===//

// -----

func.func @pool_rank(%x: tensor<3x7x7xf32>) -> tensor<3x3x3xf32> {
  // expected-error @+2 {{'kiln.max_pool2d' op expects a 4-D NCHW input, got 'tensor<3x7x7xf32>'}}
  // expected-error @+1 {{'kiln.max_pool2d' op failed to infer returned types}}
  %0 = kiln.max_pool2d %x kernel = [2, 2] stride = [2, 2] padding = [0, 0] : tensor<3x7x7xf32> -> tensor<3x3x3xf32>
  return %0 : tensor<3x3x3xf32>
}

// -----

func.func @pool_integer(%x: tensor<1x3x7x7xi64>) -> tensor<1x3x3x3xi64> {
  // expected-error @+1 {{'kiln.max_pool2d' op operand #0 must be statically shaped tensor of 32-bit float or 64-bit float or 16-bit float or bfloat16 type values, but got 'tensor<1x3x7x7xi64>'}}
  %0 = kiln.max_pool2d %x kernel = [2, 2] stride = [2, 2] padding = [0, 0] : tensor<1x3x7x7xi64> -> tensor<1x3x3x3xi64>
  return %0 : tensor<1x3x3x3xi64>
}

// -----

func.func @pool_kernel_count(%x: tensor<1x3x7x7xf32>) -> tensor<1x3x3x3xf32> {
  // expected-error @+2 {{'kiln.max_pool2d' op kernel needs 2 values, got 1}}
  // expected-error @+1 {{'kiln.max_pool2d' op failed to infer returned types}}
  %0 = kiln.max_pool2d %x kernel = [2] stride = [2, 2] padding = [0, 0] : tensor<1x3x7x7xf32> -> tensor<1x3x3x3xf32>
  return %0 : tensor<1x3x3x3xf32>
}

// -----

func.func @pool_kernel_zero(%x: tensor<1x3x7x7xf32>) -> tensor<1x3x3x3xf32> {
  // expected-error @+2 {{'kiln.avg_pool2d' op kernel [0, 2] has a value below 1}}
  // expected-error @+1 {{'kiln.avg_pool2d' op failed to infer returned types}}
  %0 = kiln.avg_pool2d %x kernel = [0, 2] stride = [2, 2] padding = [0, 0] : tensor<1x3x7x7xf32> -> tensor<1x3x3x3xf32>
  return %0 : tensor<1x3x3x3xf32>
}

// -----

func.func @pool_stride_count(%x: tensor<1x3x7x7xf32>) -> tensor<1x3x3x3xf32> {
  // expected-error @+2 {{'kiln.avg_pool2d' op stride needs 2 values, got 3}}
  // expected-error @+1 {{'kiln.avg_pool2d' op failed to infer returned types}}
  %0 = kiln.avg_pool2d %x kernel = [2, 2] stride = [2, 2, 2] padding = [0, 0] : tensor<1x3x7x7xf32> -> tensor<1x3x3x3xf32>
  return %0 : tensor<1x3x3x3xf32>
}

// -----

func.func @pool_stride_zero(%x: tensor<1x3x7x7xf32>) -> tensor<1x3x3x3xf32> {
  // expected-error @+2 {{'kiln.max_pool2d' op stride [0, 2] has a value below 1}}
  // expected-error @+1 {{'kiln.max_pool2d' op failed to infer returned types}}
  %0 = kiln.max_pool2d %x kernel = [2, 2] stride = [0, 2] padding = [0, 0] : tensor<1x3x7x7xf32> -> tensor<1x3x3x3xf32>
  return %0 : tensor<1x3x3x3xf32>
}

// -----

func.func @pool_padding_count(%x: tensor<1x3x7x7xf32>) -> tensor<1x3x3x3xf32> {
  // expected-error @+2 {{'kiln.max_pool2d' op padding needs 2 values, got 1}}
  // expected-error @+1 {{'kiln.max_pool2d' op failed to infer returned types}}
  %0 = kiln.max_pool2d %x kernel = [2, 2] stride = [2, 2] padding = [0] : tensor<1x3x7x7xf32> -> tensor<1x3x3x3xf32>
  return %0 : tensor<1x3x3x3xf32>
}

// -----

func.func @pool_padding_negative(%x: tensor<1x3x7x7xf32>) -> tensor<1x3x3x3xf32> {
  // expected-error @+2 {{'kiln.max_pool2d' op padding [0, -1] has a value below 0}}
  // expected-error @+1 {{'kiln.max_pool2d' op failed to infer returned types}}
  %0 = kiln.max_pool2d %x kernel = [2, 2] stride = [2, 2] padding = [0, -1] : tensor<1x3x7x7xf32> -> tensor<1x3x3x3xf32>
  return %0 : tensor<1x3x3x3xf32>
}

// -----

func.func @pool_padding_half(%x: tensor<1x3x7x7xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error @+2 {{'kiln.max_pool2d' op padding [1, 2] exceeds half of kernel [3, 3]}}
  // expected-error @+1 {{'kiln.max_pool2d' op failed to infer returned types}}
  %0 = kiln.max_pool2d %x kernel = [3, 3] stride = [2, 2] padding = [1, 2] : tensor<1x3x7x7xf32> -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

// 2 * padding would overflow; the half-kernel rule must still catch it.
func.func @pool_padding_half_huge(%x: tensor<1x3x7x7xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error @+2 {{'kiln.avg_pool2d' op padding [4611686018427387904, 0] exceeds half of kernel [3, 3]}}
  // expected-error @+1 {{'kiln.avg_pool2d' op failed to infer returned types}}
  %0 = kiln.avg_pool2d %x kernel = [3, 3] stride = [2, 2] padding = [4611686018427387904, 0] : tensor<1x3x7x7xf32> -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

func.func @pool_window(%x: tensor<1x3x7x2xf32>) -> tensor<1x3x3x1xf32> {
  // expected-error @+2 {{'kiln.avg_pool2d' op window of extent 3 is larger than the padded input 2 in spatial dimension 1 of 'tensor<1x3x7x2xf32>'}}
  // expected-error @+1 {{'kiln.avg_pool2d' op failed to infer returned types}}
  %0 = kiln.avg_pool2d %x kernel = [3, 3] stride = [2, 2] padding = [0, 0] : tensor<1x3x7x2xf32> -> tensor<1x3x3x1xf32>
  return %0 : tensor<1x3x3x1xf32>
}

// -----

func.func @pool_padding_overflow(%x: tensor<1x3x7x7xf32>) -> tensor<1x3x1x7xf32> {
  // expected-error @+2 {{'kiln.max_pool2d' op padding 4611686018427387903 overflows spatial dimension 0 of 'tensor<1x3x7x7xf32>'}}
  // expected-error @+1 {{'kiln.max_pool2d' op failed to infer returned types}}
  %0 = kiln.max_pool2d %x kernel = [9223372036854775807, 1] stride = [1, 1] padding = [4611686018427387903, 0] : tensor<1x3x7x7xf32> -> tensor<1x3x1x7xf32>
  return %0 : tensor<1x3x1x7xf32>
}

// -----

func.func @pool_wrong_result(%x: tensor<1x3x7x7xf32>) -> tensor<1x3x4x4xf32> {
  // expected-error @+2 {{'kiln.avg_pool2d' op inferred type(s) 'tensor<1x3x3x3xf32>' are incompatible with return type(s) of operation 'tensor<1x3x4x4xf32>'}}
  // expected-error @+1 {{'kiln.avg_pool2d' op failed to infer returned types}}
  %0 = kiln.avg_pool2d %x kernel = [2, 2] stride = [2, 2] padding = [0, 0] : tensor<1x3x7x7xf32> -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

//===----------------------------------------------------------------------===//
// Pooling gradients (verifyPoolGrad, checkSameShape).
//===----------------------------------------------------------------------===//

// -----

func.func @max_pool_grad_shape(%x: tensor<1x3x7x7xf32>, %dy: tensor<1x3x4x4xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @+1 {{'kiln.max_pool2d_grad' op grad_output 'tensor<1x3x4x4xf32>' does not match shape [1, 3, 3, 3] given by the forward op's shape rule}}
  %0 = kiln.max_pool2d_grad %x, %dy kernel = [2, 2] stride = [2, 2] padding = [0, 0] : tensor<1x3x7x7xf32>, tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

func.func @max_pool_grad_type(%x: tensor<1x3x7x7xf32>, %dy: tensor<1x3x3x3xf64>) -> tensor<1x3x7x7xf32> {
  // expected-error @+1 {{'kiln.max_pool2d_grad' op grad_output 'tensor<1x3x3x3xf64>' and 'tensor<1x3x7x7xf32>' have different element types}}
  %0 = kiln.max_pool2d_grad %x, %dy kernel = [2, 2] stride = [2, 2] padding = [0, 0] : tensor<1x3x7x7xf32>, tensor<1x3x3x3xf64>
  return %0 : tensor<1x3x7x7xf32>
}

// -----

func.func @max_pool_grad_result(%x: tensor<1x3x7x7xf32>, %dy: tensor<1x3x3x3xf32>) -> tensor<1x3x6x6xf32> {
  // expected-error @+1 {{'kiln.max_pool2d_grad' op failed to verify that all of {input, result} have same type}}
  %0 = "kiln.max_pool2d_grad"(%x, %dy) <{kernel = array<i64: 2, 2>, stride = array<i64: 2, 2>, padding = array<i64: 0, 0>}> : (tensor<1x3x7x7xf32>, tensor<1x3x3x3xf32>) -> tensor<1x3x6x6xf32>
  return %0 : tensor<1x3x6x6xf32>
}

// -----

func.func @max_pool_grad_rank(%x: tensor<3x7x7xf32>, %dy: tensor<3x3x3xf32>) -> tensor<3x7x7xf32> {
  // expected-error @+1 {{'kiln.max_pool2d_grad' op expects a 4-D NCHW input, got 'tensor<3x7x7xf32>'}}
  %0 = kiln.max_pool2d_grad %x, %dy kernel = [2, 2] stride = [2, 2] padding = [0, 0] : tensor<3x7x7xf32>, tensor<3x3x3xf32>
  return %0 : tensor<3x7x7xf32>
}

// -----

func.func @avg_pool_grad_shape(%dy: tensor<1x3x3x3xf32>) -> tensor<1x3x8x8xf32> {
  // expected-error @+1 {{'kiln.avg_pool2d_grad' op grad_output 'tensor<1x3x3x3xf32>' does not match shape [1, 3, 4, 4] given by the forward op's shape rule}}
  %0 = kiln.avg_pool2d_grad %dy kernel = [2, 2] stride = [2, 2] padding = [0, 0] : tensor<1x3x3x3xf32> -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

func.func @avg_pool_grad_type(%dy: tensor<1x3x3x3xbf16>) -> tensor<1x3x7x7xf16> {
  // expected-error @+1 {{'kiln.avg_pool2d_grad' op grad_output 'tensor<1x3x3x3xbf16>' and 'tensor<1x3x7x7xf16>' have different element types}}
  %0 = kiln.avg_pool2d_grad %dy kernel = [2, 2] stride = [2, 2] padding = [0, 0] : tensor<1x3x3x3xbf16> -> tensor<1x3x7x7xf16>
  return %0 : tensor<1x3x7x7xf16>
}

// -----

func.func @avg_pool_grad_padding(%dy: tensor<1x3x4x4xf32>) -> tensor<1x3x7x7xf32> {
  // expected-error @+1 {{'kiln.avg_pool2d_grad' op padding [2, 2] exceeds half of kernel [3, 3]}}
  %0 = kiln.avg_pool2d_grad %dy kernel = [3, 3] stride = [2, 2] padding = [2, 2] : tensor<1x3x4x4xf32> -> tensor<1x3x7x7xf32>
  return %0 : tensor<1x3x7x7xf32>
}
