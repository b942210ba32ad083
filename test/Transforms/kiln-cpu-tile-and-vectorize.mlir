// RUN: kiln-opt %s --pass-pipeline="builtin.module(func.func(kiln-cpu-tile-and-vectorize{mr=8 nr=32 blocks-per-core=1}),canonicalize,cse)" | FileCheck %s

// The matmul becomes thread blocks (scf.forall), register tiles, and a K
// loop carrying an 8x32 accumulator vector that starts at zero (the fill,
// fused into each tile, folds away): eight rows, each one FMA of a
// broadcast A element with a row of B, four steps of K (32 FMAs) per
// iteration.
// The convolution's windows copy (below) reads input[n, c, oh + kh, ow + kw].
// CHECK-DAG: affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 + d4, d3 + d5)>
// CHECK-LABEL: func.func @matmul
// CHECK: %[[ZEROS:.+]] = arith.constant dense<0.000000e+00> : vector<8x32xf32>
// CHECK: scf.forall
// CHECK-NOT: linalg.fill
// CHECK: scf.for
// CHECK: scf.for
// CHECK-NOT: vector.transfer_read {{.*}} : tensor<8x32xf32>, vector<8x32xf32>
// CHECK: scf.for {{.*}} = %c0 to %c128 step %c4 iter_args(%[[ACC:.*]] = %[[ZEROS]]) -> (vector<8x32xf32>)
// CHECK-COUNT-32: vector.fma {{.*}} : vector<32xf32>
// CHECK-NOT: vector.fma
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
// CHECK-COUNT-6: vector.fma {{.*}} : vector<10xf32>
// CHECK: vector.transfer_write {{.*}} : vector<6x10xf32>, tensor<6x10xf32>
func.func @odd_sizes(%a: tensor<6x7xf32>, %b: tensor<7x10xf32>) -> tensor<6x10xf32> {
  %e = tensor.empty() : tensor<6x10xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<6x10xf32>) -> tensor<6x10xf32>
  %m = linalg.matmul ins(%a, %b : tensor<6x7xf32>, tensor<7x10xf32>) outs(%f : tensor<6x10xf32>) -> tensor<6x10xf32>
  return %m : tensor<6x10xf32>
}

// B's rows 16 KiB apart: each block copies its chunk of B to a contiguous
// buffer, which its 64 rows of A reuse. A single row of A (a matrix-vector
// product) reads B once, so it reads it in place.
// CHECK-LABEL: func.func @packed
// CHECK: scf.forall
// CHECK: linalg.copy ins(%{{.+}} : tensor<8x256xf32>)
// CHECK-LABEL: func.func @row
// CHECK-NOT: linalg.copy
// CHECK: return
func.func @packed(%a: tensor<64x8xf32>, %b: tensor<8x4096xf32>) -> tensor<64x4096xf32> {
  %e = tensor.empty() : tensor<64x4096xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<64x4096xf32>) -> tensor<64x4096xf32>
  %m = linalg.matmul ins(%a, %b : tensor<64x8xf32>, tensor<8x4096xf32>) outs(%f : tensor<64x4096xf32>) -> tensor<64x4096xf32>
  return %m : tensor<64x4096xf32>
}
func.func @row(%a: tensor<1x8xf32>, %b: tensor<8x4096xf32>) -> tensor<1x4096xf32> {
  %e = tensor.empty() : tensor<1x4096xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<1x4096xf32>) -> tensor<1x4096xf32>
  %m = linalg.matmul ins(%a, %b : tensor<1x8xf32>, tensor<8x4096xf32>) outs(%f : tensor<1x4096xf32>) -> tensor<1x4096xf32>
  return %m : tensor<1x4096xf32>
}

// A column count that no power-of-two tile of 8 or more divides (196 =
// 4 * 7 * 7, 28) takes the largest divisor that fits one 64-byte vector:
// 14 floats, 7 doubles; never 28, which LLVM would split into scalars.
// CHECK-LABEL: func.func @columns_within_a_vector
// CHECK: vector.fma {{.*}} : vector<14xf32>
// CHECK: vector.fma {{.*}} : vector<7xf64>
// CHECK: vector.fma {{.*}} : vector<14xf32>
// CHECK-NOT: vector<28xf32>
// CHECK: return
func.func @columns_within_a_vector(%a: tensor<8x4xf32>, %b: tensor<4x196xf32>, %c: tensor<8x4xf64>, %d: tensor<4x196xf64>, %g: tensor<8x4xf32>, %h: tensor<4x28xf32>) -> (tensor<8x196xf32>, tensor<8x196xf64>, tensor<8x28xf32>) {
  %e = tensor.empty() : tensor<8x196xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<8x196xf32>) -> tensor<8x196xf32>
  %m = linalg.matmul ins(%a, %b : tensor<8x4xf32>, tensor<4x196xf32>) outs(%f : tensor<8x196xf32>) -> tensor<8x196xf32>
  %e64 = tensor.empty() : tensor<8x196xf64>
  %z64 = arith.constant 0.0 : f64
  %f64 = linalg.fill ins(%z64 : f64) outs(%e64 : tensor<8x196xf64>) -> tensor<8x196xf64>
  %m64 = linalg.matmul ins(%c, %d : tensor<8x4xf64>, tensor<4x196xf64>) outs(%f64 : tensor<8x196xf64>) -> tensor<8x196xf64>
  %e28 = tensor.empty() : tensor<8x28xf32>
  %f28 = linalg.fill ins(%z : f32) outs(%e28 : tensor<8x28xf32>) -> tensor<8x28xf32>
  %m28 = linalg.matmul ins(%g, %h : tensor<8x4xf32>, tensor<4x28xf32>) outs(%f28 : tensor<8x28xf32>) -> tensor<8x28xf32>
  return %m, %m64, %m28 : tensor<8x196xf32>, tensor<8x196xf64>, tensor<8x28xf32>
}

// A convolution becomes a copy of its input's windows, [N, C, KH, KW, OH,
// OW] with affine indexing (each block copies the windows of its own output
// rows), viewed as columns, and a matmul of the filter with them, tiled and
// vectorized like any matmul (F = 16 rows, OH*OW = 64 columns, C*KH*KW = 18
// reduced).
// CHECK-LABEL: func.func @conv
// CHECK-NOT: linalg.conv_2d_nchw_fchw
// CHECK: tensor.collapse_shape {{.*}} : tensor<16x2x3x3xf32> into tensor<16x18xf32>
// CHECK: scf.forall
// CHECK: %[[COPY:.+]] = linalg.generic {{.*}} ins(%{{.+}} : tensor<1x2x10x10xf32>) outs(%{{.+}} : tensor<1x2x3x3x8x8xf32>)
// CHECK: tensor.collapse_shape %[[COPY]] {{.*}} : tensor<1x2x3x3x8x8xf32> into tensor<18x64xf32>
// CHECK: scf.for {{.*}} iter_args({{.*}}) -> (vector<8x32xf32>)
// CHECK-COUNT-8: vector.fma {{.*}} : vector<32xf32>
func.func @conv(%x: tensor<1x2x10x10xf32>, %w: tensor<16x2x3x3xf32>) -> tensor<1x16x8x8xf32> {
  %e = tensor.empty() : tensor<1x16x8x8xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  %c = linalg.conv_2d_nchw_fchw ins(%x, %w : tensor<1x2x10x10xf32>, tensor<16x2x3x3xf32>) outs(%f : tensor<1x16x8x8xf32>) -> tensor<1x16x8x8xf32>
  return %c : tensor<1x16x8x8xf32>
}

// Empty iteration spaces have nothing to tile: left as they are, no crash.
// CHECK-LABEL: func.func @empty
// CHECK: linalg.matmul ins({{.*}} : tensor<0x4xf32>, tensor<4x5xf32>)
// CHECK: linalg.matmul ins({{.*}} : tensor<3x0xf32>, tensor<0x5xf32>)
func.func @empty(%a: tensor<0x4xf32>, %b: tensor<4x5xf32>, %c: tensor<3x0xf32>, %d: tensor<0x5xf32>) -> (tensor<0x5xf32>, tensor<3x5xf32>) {
  %z = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<0x5xf32>
  %f0 = linalg.fill ins(%z : f32) outs(%e0 : tensor<0x5xf32>) -> tensor<0x5xf32>
  %m0 = linalg.matmul ins(%a, %b : tensor<0x4xf32>, tensor<4x5xf32>) outs(%f0 : tensor<0x5xf32>) -> tensor<0x5xf32>
  %e1 = tensor.empty() : tensor<3x5xf32>
  %f1 = linalg.fill ins(%z : f32) outs(%e1 : tensor<3x5xf32>) -> tensor<3x5xf32>
  %m1 = linalg.matmul ins(%c, %d : tensor<3x0xf32>, tensor<0x5xf32>) outs(%f1 : tensor<3x5xf32>) -> tensor<3x5xf32>
  return %m0, %m1 : tensor<0x5xf32>, tensor<3x5xf32>
}

// An elementwise op reading the product element for element (a momentum
// update of a weight gradient) runs in the product's register tiles: each
// 8x16 tile's sums go from the accumulators to the update, whose results
// leave the blocks beside the product.
// CHECK-LABEL: func.func @update_in_register_tiles
// CHECK: scf.forall {{.*}} -> (tensor<16x200xf32>, tensor<16x200xf32>)
// CHECK: %[[ACC:.+]] = scf.for {{.*}} -> (vector<8x8xf32>)
// CHECK: %[[SUMS:.+]] = vector.transfer_write %[[ACC]], {{.*}} : vector<8x8xf32>, tensor<8x8xf32>
// CHECK: %[[NEXT:.+]] = arith.addf %{{.+}}, %[[ACC]] : vector<8x8xf32>
// CHECK: vector.transfer_write %[[NEXT]], {{.*}} : vector<8x8xf32>, tensor<8x8xf32>
// CHECK: tensor.insert_slice %[[SUMS]]
// CHECK: scf.forall.in_parallel
// CHECK-COUNT-2: tensor.parallel_insert_slice
// CHECK-NOT: linalg.generic
// CHECK: return
func.func @update_in_register_tiles(%a: tensor<16x8xf32>, %b: tensor<8x200xf32>, %v: tensor<16x200xf32>, %mu: tensor<f32>) -> (tensor<16x200xf32>, tensor<16x200xf32>) {
  %e = tensor.empty() : tensor<16x200xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<16x200xf32>) -> tensor<16x200xf32>
  %g = linalg.matmul ins(%a, %b : tensor<16x8xf32>, tensor<8x200xf32>) outs(%f : tensor<16x200xf32>) -> tensor<16x200xf32>
  %next = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> ()>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v, %mu, %g : tensor<16x200xf32>, tensor<f32>, tensor<16x200xf32>) outs(%e : tensor<16x200xf32>) {
  ^bb0(%in: f32, %in_mu: f32, %in_g: f32, %out: f32):
    %0 = arith.mulf %in, %in_mu : f32
    %1 = arith.addf %0, %in_g : f32
    linalg.yield %1 : f32
  } -> tensor<16x200xf32>
  return %g, %next : tensor<16x200xf32>, tensor<16x200xf32>
}

// Rows 1 KiB apart start in only 4 of the L1's 64 sets, so an 8-row tile's
// rows of each operand would evict each other: the update runs once per
// block, over the block's rows, after its register tiles.
// CHECK-LABEL: func.func @update_in_blocks
// CHECK: scf.forall {{.*}} -> (tensor<16x256xf32>, tensor<16x256xf32>)
// CHECK: scf.for {{.*}} -> (vector<8x32xf32>)
// CHECK-NOT: arith.addf {{.*}} : vector
// CHECK: linalg.generic {{.*}} outs(%{{.+}} : tensor<8x256xf32>)
// CHECK: scf.forall.in_parallel
// CHECK-COUNT-2: tensor.parallel_insert_slice
func.func @update_in_blocks(%a: tensor<16x8xf32>, %b: tensor<8x256xf32>, %v: tensor<16x256xf32>) -> (tensor<16x256xf32>, tensor<16x256xf32>) {
  %e = tensor.empty() : tensor<16x256xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<16x256xf32>) -> tensor<16x256xf32>
  %g = linalg.matmul ins(%a, %b : tensor<16x8xf32>, tensor<8x256xf32>) outs(%f : tensor<16x256xf32>) -> tensor<16x256xf32>
  %next = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v, %g : tensor<16x256xf32>, tensor<16x256xf32>) outs(%e : tensor<16x256xf32>) {
  ^bb0(%in: f32, %in_g: f32, %out: f32):
    %0 = arith.addf %in, %in_g : f32
    linalg.yield %0 : f32
  } -> tensor<16x256xf32>
  return %g, %next : tensor<16x256xf32>, tensor<16x256xf32>
}

// Only an elementwise reader of the whole product, element for element,
// joins the blocks: a transposed reader stays outside.
// CHECK-LABEL: func.func @transposed_reader_stays
// CHECK: scf.forall.in_parallel
// CHECK: linalg.generic
// CHECK-SAME: ins(%{{.+}} : tensor<16x16xf32>)
func.func @transposed_reader_stays(%a: tensor<16x8xf32>, %b: tensor<8x16xf32>) -> tensor<16x16xf32> {
  %e = tensor.empty() : tensor<16x16xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<16x16xf32>) -> tensor<16x16xf32>
  %g = linalg.matmul ins(%a, %b : tensor<16x8xf32>, tensor<8x16xf32>) outs(%f : tensor<16x16xf32>) -> tensor<16x16xf32>
  %t = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%g : tensor<16x16xf32>) outs(%e : tensor<16x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %0 = arith.addf %in, %in : f32
    linalg.yield %0 : f32
  } -> tensor<16x16xf32>
  return %t : tensor<16x16xf32>
}

// K in chunks (512 = 2 x 256): the block's fill stays before the chunk loop,
// and each register tile reads and writes its partial sums.
// CHECK-LABEL: func.func @chunked_k
// CHECK: scf.forall
// CHECK: linalg.fill
// CHECK: scf.for {{.*}} = %c0 to %c512 step %c256
// CHECK: vector.transfer_read {{.*}} : tensor<8x32xf32>, vector<8x32xf32>
func.func @chunked_k(%a: tensor<16x512xf32>, %b: tensor<512x32xf32>) -> tensor<16x32xf32> {
  %e = tensor.empty() : tensor<16x32xf32>
  %z = arith.constant 0.0 : f32
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<16x32xf32>) -> tensor<16x32xf32>
  %m = linalg.matmul ins(%a, %b : tensor<16x512xf32>, tensor<512x32xf32>) outs(%f : tensor<16x32xf32>) -> tensor<16x32xf32>
  return %m : tensor<16x32xf32>
}
