// RUN: kiln-opt %s --pass-pipeline="builtin.module(func.func(kiln-cpu-interchange-window-loops))" --split-input-file | FileCheck %s

// Max pooling's loops (n, c, oy, ox, i, j) become (n, c, i, j, oy, ox): the
// named op is generalized and the window loops moved outside the output's
// rows and columns.
// CHECK-DAG: #[[IN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4 * 2 + d2, d5 * 2 + d3)>
// CHECK-DAG: #[[WIN:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d2, d3)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d4, d5)>
// CHECK-LABEL: func.func @max_pool
// CHECK-NOT:     linalg.pooling_nchw_max
// CHECK:         linalg.generic {indexing_maps = [#[[IN]], #[[WIN]], #[[OUT]]], iterator_types = ["parallel", "parallel", "reduction", "reduction", "parallel", "parallel"]}
// CHECK:           arith.maximumf
func.func @max_pool(%x: tensor<2x3x8x8xf32>) -> tensor<2x3x4x4xf32> {
  %init = arith.constant 0xFF800000 : f32
  %w = tensor.empty() : tensor<2x2xf32>
  %e = tensor.empty() : tensor<2x3x4x4xf32>
  %f = linalg.fill ins(%init : f32) outs(%e : tensor<2x3x4x4xf32>) -> tensor<2x3x4x4xf32>
  %p = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%x, %w : tensor<2x3x8x8xf32>, tensor<2x2xf32>) outs(%f : tensor<2x3x4x4xf32>) -> tensor<2x3x4x4xf32>
  return %p : tensor<2x3x4x4xf32>
}

// -----

// Row reductions (softmax's sum), matmuls and windows larger than
// max-window (64) keep their order.
// CHECK-LABEL: func.func @not_windows
// CHECK:         linalg.generic {{.+}} iterator_types = ["parallel", "reduction"]
// CHECK:         linalg.matmul
// CHECK:         linalg.pooling_nchw_sum
func.func @not_windows(%x: tensor<4x16xf32>, %a: tensor<4x8xf32>, %b: tensor<8x4xf32>, %img: tensor<1x1x18x18xf32>) -> (tensor<4xf32>, tensor<4x4xf32>, tensor<1x1x2x2xf32>) {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<4xf32>) -> tensor<4xf32>
  %s = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]} ins(%x : tensor<4x16xf32>) outs(%f : tensor<4xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %r = arith.addf %in, %acc : f32
    linalg.yield %r : f32
  } -> tensor<4xf32>
  %e2 = tensor.empty() : tensor<4x4xf32>
  %f2 = linalg.fill ins(%z : f32) outs(%e2 : tensor<4x4xf32>) -> tensor<4x4xf32>
  %m = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x4xf32>) outs(%f2 : tensor<4x4xf32>) -> tensor<4x4xf32>
  %w = tensor.empty() : tensor<9x9xf32>
  %e3 = tensor.empty() : tensor<1x1x2x2xf32>
  %f3 = linalg.fill ins(%z : f32) outs(%e3 : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  %p = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<9> : tensor<2xi64>} ins(%img, %w : tensor<1x1x18x18xf32>, tensor<9x9xf32>) outs(%f3 : tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32>
  return %s, %m, %p : tensor<4xf32>, tensor<4x4xf32>, tensor<1x1x2x2xf32>
}
