// RUN: kiln-opt %s --kiln-results-to-destinations --split-input-file | FileCheck %s

// Each result gets a destination argument, marked with the result's index,
// and is materialized into it; inputs are marked read-only for bufferization.
// CHECK-LABEL: func.func @two_results
// CHECK-SAME: (%[[X:.*]]: tensor<4xf32> {bufferization.writable = false}, %[[D0:.*]]: tensor<4xf32> {kiln.destination = 0 : i64}, %[[D1:.*]]: tensor<f32> {kiln.destination = 1 : i64}) -> (tensor<4xf32>, tensor<f32>)
// CHECK: %[[R0:.*]] = bufferization.materialize_in_destination %{{.*}} in %[[D0]]
// CHECK: %[[R1:.*]] = bufferization.materialize_in_destination %{{.*}} in %[[D1]]
// CHECK: return %[[R0]], %[[R1]]
func.func @two_results(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<f32>) {
  %s = kiln.reduce_sum %x dims = [0] : tensor<4xf32> -> tensor<f32>
  %n = kiln.neg %x : tensor<4xf32>
  return %n, %s : tensor<4xf32>, tensor<f32>
}

// -----

// Private functions are not entry points and keep their signature.
// CHECK-LABEL: func.func private @helper(%{{.*}}: tensor<4xf32>) -> tensor<4xf32>
// CHECK-NOT: materialize_in_destination
func.func private @helper(%x: tensor<4xf32>) -> tensor<4xf32> {
  return %x : tensor<4xf32>
}
