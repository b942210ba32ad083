// RUN: kiln-opt %s --kiln-autodiff --split-input-file | FileCheck %s

// A value used twice: the gradients of both uses are summed.
// CHECK-LABEL: func.func @fan_out_grad
// CHECK: %[[A:.*]] = kiln.mul %arg1, %arg0
// CHECK: %[[SUM:.*]] = kiln.add %[[A]], %[[A]]
// CHECK: return %{{.*}}, %[[SUM]]
func.func @fan_out(%x: tensor<3xf32>) -> tensor<3xf32> attributes {kiln.grad} {
  %0 = kiln.mul %x, %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// An argument no result depends on gets zeros; an integer argument is not
// differentiated unless asked; forward work no output needs is dropped.
// CHECK-LABEL: func.func @unused_grad(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>, %arg2: tensor<3xi64>, %arg3: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
// CHECK: %[[Z:.*]] = kiln.constant dense<0.000000e+00> : tensor<3xf32>
// CHECK-NOT: kiln.exp
// CHECK: %[[N:.*]] = kiln.neg %arg3
// CHECK: %[[S:.*]] = kiln.add %[[N]], %arg3
// CHECK: %[[GX:.*]] = kiln.add %[[S]], %arg3
// CHECK: return %{{.*}}, %[[GX]], %[[Z]]
func.func @unused(%x: tensor<3xf32>, %y: tensor<3xf32>, %i: tensor<3xi64>) -> tensor<3xf32> attributes {kiln.grad} {
  %0 = kiln.neg %x : tensor<3xf32>
  %1 = kiln.exp %0 : tensor<3xf32>
  %2 = kiln.add %x, %x : tensor<3xf32>
  %3 = kiln.sub %2, %x : tensor<3xf32>
  return %3 : tensor<3xf32>
}

// -----

// Two results, two seeds; only argument 1 is differentiated.
// CHECK-LABEL: func.func @two_results_grad(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>, %arg2: tensor<3xf32>, %arg3: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
// CHECK: %[[P:.*]] = kiln.mul %arg0, %arg1
// CHECK: %[[E:.*]] = kiln.exp %arg1
// CHECK-DAG: %[[G1:.*]] = kiln.mul %arg2, %arg0
// CHECK-DAG: %[[G2:.*]] = kiln.mul %arg3, %[[E]]
// CHECK: %[[G:.*]] = kiln.add %[[G2]], %[[G1]]
// CHECK: return %[[P]], %[[E]], %[[G]]
func.func @two_results(%a: tensor<3xf32>, %b: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>) attributes {kiln.grad = {wrt = [1]}} {
  %0 = kiln.mul %a, %b : tensor<3xf32>
  %1 = kiln.exp %b : tensor<3xf32>
  return %0, %1 : tensor<3xf32>, tensor<3xf32>
}

// -----

// Softmax from exp, reduce_sum, broadcast and div.
// CHECK-LABEL: func.func @softmax_grad
// CHECK-DAG: kiln.reduce_sum %{{.*}} dims = [1] : tensor<2x4xf32> -> tensor<2xf32>
// CHECK-DAG: kiln.broadcast %{{.*}} dims = [0] : tensor<2xf32> -> tensor<2x4xf32>
// CHECK: kiln.neg
// CHECK: return
func.func @softmax(%x: tensor<2x4xf32>) -> tensor<2x4xf32> attributes {kiln.grad} {
  %0 = kiln.exp %x : tensor<2x4xf32>
  %1 = kiln.reduce_sum %0 dims = [1] : tensor<2x4xf32> -> tensor<2xf32>
  %2 = kiln.broadcast %1 dims = [0] : tensor<2xf32> -> tensor<2x4xf32>
  %3 = kiln.div %0, %2 : tensor<2x4xf32>
  return %3 : tensor<2x4xf32>
}

// -----

// A gradient that stops at an integer value: the compare gets none.
// CHECK-LABEL: func.func @mask_grad
// CHECK: %[[M:.*]] = kiln.cast %{{.*}} : tensor<3xi1> -> tensor<3xf32>
// CHECK: %[[G:.*]] = kiln.mul %arg1, %[[M]]
// CHECK: return %{{.*}}, %[[G]]
func.func @mask(%x: tensor<3xf32>) -> tensor<3xf32> attributes {kiln.grad} {
  %z = kiln.constant dense<0.0> : tensor<3xf32>
  %0 = kiln.compare gt, %x, %z : tensor<3xf32>
  %1 = kiln.cast %0 : tensor<3xi1> -> tensor<3xf32>
  %2 = kiln.mul %x, %1 : tensor<3xf32>
  return %2 : tensor<3xf32>
}
