// RUN: kiln-opt %s --kiln-autodiff --split-input-file | FileCheck %s

// Gradient rules of the elementwise ops: what each emits for a seed %arg1
// (unary) or %arg2 (binary). Numbers: test/Integration/CPU/gradcheck.mlir.

// CHECK-LABEL: func.func @neg_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[G:.*]] = kiln.neg %arg1
// CHECK: return %{{.*}}, %[[G]]
func.func @neg(%x: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.neg %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @abs_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
// CHECK: kiln.compare lt, %arg0
// CHECK: kiln.compare gt, %arg0
// CHECK: %[[SIGN:.*]] = kiln.sub
// CHECK: %[[G:.*]] = kiln.mul %arg1, %[[SIGN]]
func.func @abs(%x: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.abs %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @relu_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[POS:.*]] = kiln.compare gt, %arg0
// CHECK: %[[G:.*]] = kiln.select %[[POS]], %arg1
func.func @relu(%x: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.relu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @exp_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[Y:.*]] = kiln.exp %arg0
// CHECK: %[[G:.*]] = kiln.mul %arg1, %[[Y]]
// CHECK: return %[[Y]], %[[G]]
func.func @exp(%x: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.exp %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @log_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[G:.*]] = kiln.div %arg1, %arg0
func.func @log(%x: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.log %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @sqrt_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[Y:.*]] = kiln.sqrt %arg0
// CHECK: %[[H:.*]] = kiln.mul %arg1,
// CHECK: kiln.div %[[H]], %[[Y]]
func.func @sqrt(%x: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.sqrt %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @rsqrt_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[K:.*]] = kiln.constant dense<-5.000000e-01>
// CHECK: %[[Y:.*]] = kiln.rsqrt %arg0
// CHECK: %[[SQ:.*]] = kiln.mul %[[Y]], %[[Y]]
// CHECK: %[[CUBE:.*]] = kiln.mul %[[Y]], %[[SQ]]
// CHECK: %[[S:.*]] = kiln.mul %arg1, %[[K]]
// CHECK: kiln.mul %[[S]], %[[CUBE]]
func.func @rsqrt(%x: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.rsqrt %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @tanh_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[ONE:.*]] = kiln.constant dense<1.000000e+00>
// CHECK: %[[Y:.*]] = kiln.tanh %arg0
// CHECK: %[[SQ:.*]] = kiln.mul %[[Y]], %[[Y]]
// CHECK: %[[D:.*]] = kiln.sub %[[ONE]], %[[SQ]]
// CHECK: kiln.mul %arg1, %[[D]]
func.func @tanh(%x: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.tanh %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @sigmoid_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[Y:.*]] = kiln.sigmoid %arg0
// CHECK: %[[R:.*]] = kiln.sub %{{.*}}, %[[Y]]
// CHECK: %[[D:.*]] = kiln.mul %[[Y]], %[[R]]
// CHECK: kiln.mul %arg1, %[[D]]
func.func @sigmoid(%x: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.sigmoid %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @gelu_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
// CHECK: kiln.erf
// CHECK: kiln.exp
// CHECK: kiln.add
func.func @gelu(%x: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.gelu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @silu_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[S:.*]] = kiln.sigmoid %arg0
// CHECK: kiln.sub %{{.*}}, %[[S]]
// CHECK: kiln.mul %[[S]],
func.func @silu(%x: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.silu %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @sin_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[C:.*]] = kiln.cos %arg0
// CHECK: kiln.mul %arg1, %[[C]]
func.func @sin(%x: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.sin %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @cos_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[S:.*]] = kiln.sin %arg0
// CHECK: %[[P:.*]] = kiln.mul %arg1, %[[S]]
// CHECK: kiln.neg %[[P]]
func.func @cos(%x: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.cos %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @erf_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[K:.*]] = kiln.constant dense<1.12837923>
// CHECK: kiln.mul %arg0, %arg0
// CHECK: kiln.neg
// CHECK: %[[E:.*]] = kiln.exp
// CHECK: kiln.mul %[[E]], %[[K]]
func.func @erf(%x: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.erf %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @reciprocal_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[Y:.*]] = kiln.reciprocal %arg0
// CHECK: %[[SQ:.*]] = kiln.mul %[[Y]], %[[Y]]
// CHECK: %[[P:.*]] = kiln.mul %arg1, %[[SQ]]
// CHECK: kiln.neg %[[P]]
func.func @reciprocal(%x: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.reciprocal %x : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @add_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>, %arg2: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
// CHECK: return %{{.*}}, %arg2, %arg2
func.func @add(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.add %a, %b : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @sub_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>, %arg2: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[N:.*]] = kiln.neg %arg2
// CHECK: return %{{.*}}, %arg2, %[[N]]
func.func @sub(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.sub %a, %b : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @mul_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>, %arg2: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[GA:.*]] = kiln.mul %arg2, %arg1
// CHECK: %[[GB:.*]] = kiln.mul %arg2, %arg0
// CHECK: return %{{.*}}, %[[GA]], %[[GB]]
func.func @mul(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.mul %a, %b : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @div_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>, %arg2: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[Y:.*]] = kiln.div %arg0, %arg1
// CHECK: %[[GA:.*]] = kiln.div %arg2, %arg1
// CHECK: %[[CY:.*]] = kiln.mul %arg2, %[[Y]]
// CHECK: %[[Q:.*]] = kiln.div %[[CY]], %arg1
// CHECK: %[[GB:.*]] = kiln.neg %[[Q]]
// CHECK: return %[[Y]], %[[GA]], %[[GB]]
func.func @div(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.div %a, %b : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @pow_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>, %arg2: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[Y:.*]] = kiln.pow %arg0, %arg1
// CHECK: %[[E:.*]] = kiln.sub %arg1,
// CHECK: kiln.pow %arg0, %[[E]]
// CHECK: %[[L:.*]] = kiln.log %arg0
// CHECK: kiln.mul %[[Y]], %[[L]]
func.func @pow(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.pow %a, %b : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @maximum_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>, %arg2: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[M:.*]] = kiln.compare ge, %arg0, %arg1
// CHECK: %[[GA:.*]] = kiln.select %[[M]], %arg2, %[[Z:.*]] :
// CHECK: %[[GB:.*]] = kiln.select %[[M]], %[[Z]], %arg2
func.func @maximum(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.maximum %a, %b : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @minimum_grad(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>, %arg2: tensor<4xf32>) -> (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>)
// CHECK: %[[M:.*]] = kiln.compare le, %arg0, %arg1
// CHECK: kiln.select %[[M]], %arg2
// CHECK: kiln.select %[[M]], %{{.*}}, %arg2
func.func @minimum(%a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.minimum %a, %b : tensor<4xf32>
  return %0 : tensor<4xf32>
}
