// RUN: kiln-opt %s --pass-pipeline='builtin.module(func.func(kiln-cpu-fuse-rows,canonicalize,cse))' --split-input-file | FileCheck %s

#rows = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

// Softmax: the last op is tiled into blocks of 4 rows (64 rows, at least 16
// blocks) and both reductions, their fills and the exponentials are fused
// into each block (once, after CSE); nothing is left outside.
// CHECK-LABEL: func.func @softmax(
// CHECK-NOT: linalg.
// CHECK: scf.forall (%{{.+}}) = (0) to (64) step (4)
// CHECK: linalg.fill {{.+}} -> tensor<4xf32>
// CHECK: linalg.reduce ins(%{{.+}} : tensor<4x128xf32>)
// CHECK: linalg.generic {{.+}} ins(%{{.+}}, %{{.+}} : tensor<4x128xf32>, tensor<4xf32>)
// CHECK: math.exp
// CHECK: linalg.fill {{.+}} -> tensor<4xf32>
// CHECK: linalg.reduce ins(%{{.+}} : tensor<4x128xf32>)
// CHECK: linalg.generic {{.+}} ins(%{{.+}}, %{{.+}} : tensor<4x128xf32>, tensor<4xf32>)
// CHECK: arith.divf
// CHECK: scf.forall.in_parallel
// CHECK-NOT: linalg.
// CHECK: return
func.func @softmax(%x: tensor<64x128xf32>) -> tensor<64x128xf32> {
  %lowest = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %empty_row = tensor.empty() : tensor<64xf32>
  %empty = tensor.empty() : tensor<64x128xf32>
  %max_init = linalg.fill ins(%lowest : f32) outs(%empty_row : tensor<64xf32>) -> tensor<64xf32>
  %max = linalg.reduce ins(%x : tensor<64x128xf32>) outs(%max_init : tensor<64xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %m = arith.maximumf %in, %acc : f32
      linalg.yield %m : f32
    }
  %e = linalg.generic {indexing_maps = [#rows, #row, #rows], iterator_types = ["parallel", "parallel"]}
      ins(%x, %max : tensor<64x128xf32>, tensor<64xf32>) outs(%empty : tensor<64x128xf32>) {
    ^bb0(%a: f32, %m: f32, %out: f32):
      %d = arith.subf %a, %m : f32
      %v = math.exp %d : f32
      linalg.yield %v : f32
  } -> tensor<64x128xf32>
  %sum_init = linalg.fill ins(%zero : f32) outs(%empty_row : tensor<64xf32>) -> tensor<64xf32>
  %sum = linalg.reduce ins(%e : tensor<64x128xf32>) outs(%sum_init : tensor<64xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  %r = linalg.generic {indexing_maps = [#rows, #row, #rows], iterator_types = ["parallel", "parallel"]}
      ins(%e, %sum : tensor<64x128xf32>, tensor<64xf32>) outs(%empty : tensor<64x128xf32>) {
    ^bb0(%a: f32, %s: f32, %out: f32):
      %v = arith.divf %a, %s : f32
      linalg.yield %v : f32
  } -> tensor<64x128xf32>
  return %r : tensor<64x128xf32>
}

// -----

#rows = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>
#cols = affine_map<(d0, d1) -> (d1)>
#vec = affine_map<(d0) -> (d0)>

// A bias every block reads whole is computed once, outside the blocks; the
// row reduction is fused.
// CHECK-LABEL: func.func @bias(
// CHECK: %[[B:.+]] = linalg.generic {{.+}} ins(%{{.+}} : tensor<128xf32>)
// CHECK: scf.forall
// CHECK: %[[MAX:.+]] = linalg.reduce
// CHECK: linalg.generic {{.+}} ins(%{{.+}}, %[[MAX]], %[[B]] : tensor<4x128xf32>, tensor<4xf32>, tensor<128xf32>)
func.func @bias(%x: tensor<64x128xf32>, %b: tensor<128xf32>) -> tensor<64x128xf32> {
  %lowest = arith.constant 0xFF800000 : f32
  %empty_vec = tensor.empty() : tensor<128xf32>
  %empty_row = tensor.empty() : tensor<64xf32>
  %empty = tensor.empty() : tensor<64x128xf32>
  %eb = linalg.generic {indexing_maps = [#vec, #vec], iterator_types = ["parallel"]}
      ins(%b : tensor<128xf32>) outs(%empty_vec : tensor<128xf32>) {
    ^bb0(%a: f32, %out: f32):
      %v = math.exp %a : f32
      linalg.yield %v : f32
  } -> tensor<128xf32>
  %max_init = linalg.fill ins(%lowest : f32) outs(%empty_row : tensor<64xf32>) -> tensor<64xf32>
  %max = linalg.reduce ins(%x : tensor<64x128xf32>) outs(%max_init : tensor<64xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %m = arith.maximumf %in, %acc : f32
      linalg.yield %m : f32
    }
  %r = linalg.generic {indexing_maps = [#rows, #row, #cols, #rows], iterator_types = ["parallel", "parallel"]}
      ins(%x, %max, %eb : tensor<64x128xf32>, tensor<64xf32>, tensor<128xf32>) outs(%empty : tensor<64x128xf32>) {
    ^bb0(%a: f32, %m: f32, %c: f32, %out: f32):
      %d = arith.subf %a, %m : f32
      %v = arith.addf %d, %c : f32
      linalg.yield %v : f32
  } -> tensor<64x128xf32>
  return %r : tensor<64x128xf32>
}

// -----

#rows = affine_map<(d0, d1) -> (d0, d1)>

// Left alone: a chain without a row reduction (elementwise fusion made it
// one op already) and one with too few rows for 16 blocks of at least 2.
// CHECK-LABEL: func.func @left_alone(
// CHECK-NOT: scf.forall
func.func @left_alone(%x: tensor<64x128xf32>, %y: tensor<16x128xf32>) -> (tensor<64x128xf32>, tensor<16xf32>) {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<64x128xf32>
  %r = linalg.generic {indexing_maps = [#rows, #rows], iterator_types = ["parallel", "parallel"]}
      ins(%x : tensor<64x128xf32>) outs(%empty : tensor<64x128xf32>) {
    ^bb0(%a: f32, %out: f32):
      %v = math.exp %a : f32
      linalg.yield %v : f32
  } -> tensor<64x128xf32>
  %empty_row = tensor.empty() : tensor<16xf32>
  %init = linalg.fill ins(%zero : f32) outs(%empty_row : tensor<16xf32>) -> tensor<16xf32>
  %sum = linalg.reduce ins(%y : tensor<16x128xf32>) outs(%init : tensor<16xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
    }
  return %r, %sum : tensor<64x128xf32>, tensor<16xf32>
}

// -----

#rows = affine_map<(d0, d1) -> (d0, d1)>
#row = affine_map<(d0, d1) -> (d0)>

// A row statistic the caller reads too is computed once, in the blocks,
// which yield it: one max reduction in all.
// CHECK-LABEL: func.func @shared(
// CHECK-NOT: arith.maximumf
// CHECK: %[[BLOCKS:.+]]:2 = scf.forall
// CHECK: arith.maximumf
// CHECK-NOT: arith.maximumf
// CHECK: return %[[BLOCKS]]#0, %[[BLOCKS]]#1
func.func @shared(%x: tensor<64x128xf32>) -> (tensor<64x128xf32>, tensor<64xf32>) {
  %lowest = arith.constant 0xFF800000 : f32
  %empty_row = tensor.empty() : tensor<64xf32>
  %empty = tensor.empty() : tensor<64x128xf32>
  %init = linalg.fill ins(%lowest : f32) outs(%empty_row : tensor<64xf32>) -> tensor<64xf32>
  %max = linalg.reduce ins(%x : tensor<64x128xf32>) outs(%init : tensor<64xf32>) dimensions = [1]
    (%in: f32, %acc: f32) {
      %m = arith.maximumf %in, %acc : f32
      linalg.yield %m : f32
    }
  %r = linalg.generic {indexing_maps = [#rows, #row, #rows], iterator_types = ["parallel", "parallel"]}
      ins(%x, %max : tensor<64x128xf32>, tensor<64xf32>) outs(%empty : tensor<64x128xf32>) {
    ^bb0(%a: f32, %m: f32, %out: f32):
      %d = arith.subf %a, %m : f32
      linalg.yield %d : f32
  } -> tensor<64x128xf32>
  return %r, %max : tensor<64x128xf32>, tensor<64xf32>
}

// -----

#rows = affine_map<(d0, d1) -> (d0, d1)>
#kept = affine_map<(d0, d1) -> (d0, 0)>

// The front end's softmax (its reductions are generics, as
// convert-kiln-to-linalg makes them) reads each row statistic through a
// reshape to [rows, 1]: the chain runs through the reshapes, so the maximum, the
// exponentials, the sum and the division share one block of rows.
// CHECK-LABEL: func.func @softmax_through_reshapes(
// CHECK-NOT: linalg.
// CHECK: scf.forall (%{{.+}}) = (0) to (64) step (4)
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "reduction"]} ins(%{{.+}} : tensor<4x128xf32>)
// CHECK: math.exp
// CHECK: linalg.generic {{.+}} iterator_types = ["parallel", "reduction"]} ins(%{{.+}} : tensor<4x128xf32>)
// CHECK: arith.divf
// CHECK: scf.forall.in_parallel
// CHECK-NOT: linalg.
// CHECK: return
func.func @softmax_through_reshapes(%x: tensor<64x128xf32>) -> tensor<64x128xf32> {
  %lowest = arith.constant 0xFF800000 : f32
  %zero = arith.constant 0.0 : f32
  %empty_row = tensor.empty() : tensor<64xf32>
  %empty = tensor.empty() : tensor<64x128xf32>
  %max_init = linalg.fill ins(%lowest : f32) outs(%empty_row : tensor<64xf32>) -> tensor<64xf32>
  %max = linalg.generic {indexing_maps = [#rows, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]}
      ins(%x : tensor<64x128xf32>) outs(%max_init : tensor<64xf32>) {
    ^bb0(%in: f32, %acc: f32):
      %m = arith.maximumf %in, %acc : f32
      linalg.yield %m : f32
  } -> tensor<64xf32>
  %max_view = tensor.expand_shape %max [[0, 1]] output_shape [64, 1] : tensor<64xf32> into tensor<64x1xf32>
  %e = linalg.generic {indexing_maps = [#rows, #kept, #rows], iterator_types = ["parallel", "parallel"]}
      ins(%x, %max_view : tensor<64x128xf32>, tensor<64x1xf32>) outs(%empty : tensor<64x128xf32>) {
    ^bb0(%a: f32, %m: f32, %out: f32):
      %d = arith.subf %a, %m : f32
      %v = math.exp %d : f32
      linalg.yield %v : f32
  } -> tensor<64x128xf32>
  %sum_init = linalg.fill ins(%zero : f32) outs(%empty_row : tensor<64xf32>) -> tensor<64xf32>
  %sum = linalg.generic {indexing_maps = [#rows, affine_map<(d0, d1) -> (d0)>], iterator_types = ["parallel", "reduction"]}
      ins(%e : tensor<64x128xf32>) outs(%sum_init : tensor<64xf32>) {
    ^bb0(%in: f32, %acc: f32):
      %s = arith.addf %in, %acc : f32
      linalg.yield %s : f32
  } -> tensor<64xf32>
  %sum_view = tensor.expand_shape %sum [[0, 1]] output_shape [64, 1] : tensor<64xf32> into tensor<64x1xf32>
  %r = linalg.generic {indexing_maps = [#rows, #kept, #rows], iterator_types = ["parallel", "parallel"]}
      ins(%e, %sum_view : tensor<64x128xf32>, tensor<64x1xf32>) outs(%empty : tensor<64x128xf32>) {
    ^bb0(%a: f32, %s: f32, %out: f32):
      %v = arith.divf %a, %s : f32
      linalg.yield %v : f32
  } -> tensor<64x128xf32>
  return %r : tensor<64x128xf32>
}
