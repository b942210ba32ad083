// RUN: kiln-opt %s --pass-pipeline="builtin.module(func.func(kiln-cpu-tile-and-vectorize{mr=8 nr=32 blocks-per-core=1}),canonicalize,cse)" | FileCheck %s

// The matmul becomes thread blocks (scf.forall, the fill fused in), register
// tiles, and a K loop carrying an 8x32 accumulator vector: eight rows, each
// one FMA of a broadcast A element with a row of B.
// CHECK-LABEL: func.func @matmul
// CHECK: scf.forall
// CHECK: linalg.fill
// CHECK: scf.for
// CHECK: scf.for
// CHECK: vector.transfer_read {{.*}} : tensor<8x32xf32>, vector<8x32xf32>
// CHECK: scf.for {{.*}} iter_args(%[[ACC:.*]] = %{{.*}}) -> (vector<8x32xf32>)
// CHECK-COUNT-8: vector.fma {{.*}} : vector<32xf32>
// CHECK: scf.yield {{.*}} : vector<8x32xf32>
// CHECK: vector.transfer_write {{.*}} : vector<8x32xf32>, tensor<8x32xf32>
// CHECK: scf.forall.in_parallel
func.func @matmul(%a: tensor<64x128xf32>, %b: tensor<128x64xf32>) -> tensor<64x64xf32> {
  %e = tensor.empty() : tensor<64x64xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<64x64xf32>) -> tensor<64x64xf32>
  %m = linalg.matmul ins(%a, %b : tensor<64x128xf32>, tensor<128x64xf32>) outs(%f : tensor<64x64xf32>) -> tensor<64x64xf32>
  return %m : tensor<64x64xf32>
}

// Odd sizes pick register tiles that divide them, so tiles stay static.
// CHECK-LABEL: func.func @odd_sizes
// CHECK: vector.transfer_read {{.*}} vector<6x10xf32>
// CHECK-COUNT-6: vector.fma {{.*}} : vector<10xf32>
func.func @odd_sizes(%a: tensor<6x7xf32>, %b: tensor<7x10xf32>) -> tensor<6x10xf32> {
  %e = tensor.empty() : tensor<6x10xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<6x10xf32>) -> tensor<6x10xf32>
  %m = linalg.matmul ins(%a, %b : tensor<6x7xf32>, tensor<7x10xf32>) outs(%f : tensor<6x10xf32>) -> tensor<6x10xf32>
  return %m : tensor<6x10xf32>
}
