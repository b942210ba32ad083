// RUN: kiln-opt %s --kiln-fuse-elementwise --split-input-file | FileCheck %s
// RUN: kiln-opt %s --kiln-fuse-elementwise=recompute=1 --split-input-file | FileCheck %s --check-prefix=RECOMPUTE

// A matmul whose result is viewed as feature maps stays a matmul: the
// reshape is not propagated into it (upstream's pass turns it into a 5-D
// linalg.generic). The elementwise consumer still takes the reshape.
// CHECK-LABEL: func.func @matmul_result_reshaped
// CHECK:         %[[MM:.+]] = linalg.matmul ins(%{{.+}}, %{{.+}} : tensor<4x8xf32>, tensor<8x18xf32>)
// CHECK:         %[[VIEW:.+]] = tensor.expand_shape %[[MM]] {{\[}}[0], [1, 2, 3]] output_shape [4, 2, 3, 3]
// CHECK:         linalg.generic {{.+}} ins(%[[VIEW]] : tensor<4x2x3x3xf32>)
// CHECK-NOT:     linalg.generic
func.func @matmul_result_reshaped(%a: tensor<4x8xf32>, %b: tensor<8x18xf32>) -> tensor<4x2x3x3xf32> {
  %z = arith.constant 0.0 : f32
  %e = tensor.empty() : tensor<4x18xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<4x18xf32>) -> tensor<4x18xf32>
  %m = linalg.matmul ins(%a, %b : tensor<4x8xf32>, tensor<8x18xf32>) outs(%f : tensor<4x18xf32>) -> tensor<4x18xf32>
  %v = tensor.expand_shape %m [[0], [1, 2, 3]] output_shape [4, 2, 3, 3] : tensor<4x18xf32> into tensor<4x2x3x3xf32>
  %e2 = tensor.empty() : tensor<4x2x3x3xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>, affine_map<(d0, d1, d2, d3) -> (d0, d1, d2, d3)>], iterator_types = ["parallel", "parallel", "parallel", "parallel"]} ins(%v : tensor<4x2x3x3xf32>) outs(%e2 : tensor<4x2x3x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %m0 = arith.maximumf %in, %z : f32
    linalg.yield %m0 : f32
  } -> tensor<4x2x3x3xf32>
  return %r : tensor<4x2x3x3xf32>
}

// -----

// A matmul reading a collapsed tensor keeps its operand reshape too.
// CHECK-LABEL: func.func @matmul_operand_collapsed
// CHECK:         %[[FLAT:.+]] = tensor.collapse_shape
// CHECK:         linalg.matmul ins(%[[FLAT]], %{{.+}} : tensor<4x18xf32>, tensor<18x5xf32>)
func.func @matmul_operand_collapsed(%x: tensor<4x2x3x3xf32>, %b: tensor<18x5xf32>) -> tensor<4x5xf32> {
  %z = arith.constant 0.0 : f32
  %flat = tensor.collapse_shape %x [[0], [1, 2, 3]] : tensor<4x2x3x3xf32> into tensor<4x18xf32>
  %e = tensor.empty() : tensor<4x5xf32>
  %f = linalg.fill ins(%z : f32) outs(%e : tensor<4x5xf32>) -> tensor<4x5xf32>
  %m = linalg.matmul ins(%flat, %b : tensor<4x18xf32>, tensor<18x5xf32>) outs(%f : tensor<4x5xf32>) -> tensor<4x5xf32>
  return %m : tensor<4x5xf32>
}

// -----

// Elementwise producers and consumers fuse into one generic, and a reshape
// between generics is propagated (the generic is expanded), as upstream.
// CHECK-LABEL: func.func @elementwise_chain
// CHECK-SAME:    %[[X:.+]]: tensor<6xf32>
// CHECK:         %[[V:.+]] = tensor.expand_shape %[[X]] {{\[}}[0, 1]] output_shape [2, 3]
// CHECK:         %[[R:.+]] = linalg.generic {{.+}} ins(%[[V]] : tensor<2x3xf32>)
// CHECK:           arith.mulf
// CHECK:           arith.addf
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[R]]
func.func @elementwise_chain(%x: tensor<6xf32>) -> tensor<2x3xf32> {
  %e = tensor.empty() : tensor<6xf32>
  %sq = linalg.generic {indexing_maps = [affine_map<(d0) -> (d0)>, affine_map<(d0) -> (d0)>], iterator_types = ["parallel"]} ins(%x : tensor<6xf32>) outs(%e : tensor<6xf32>) {
  ^bb0(%in: f32, %out: f32):
    %p = arith.mulf %in, %in : f32
    linalg.yield %p : f32
  } -> tensor<6xf32>
  %v = tensor.expand_shape %sq [[0, 1]] output_shape [2, 3] : tensor<6xf32> into tensor<2x3xf32>
  %e2 = tensor.empty() : tensor<2x3xf32>
  %r = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d0, d1)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%v : tensor<2x3xf32>) outs(%e2 : tensor<2x3xf32>) {
  ^bb0(%in: f32, %out: f32):
    %s = arith.addf %in, %in : f32
    linalg.yield %s : f32
  } -> tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// -----

// SGD with momentum: the new momentum is returned and read by the
// parameter's update. The two fuse into one op that yields both, so the
// momentum is written once and not read back; nothing is recomputed.
// CHECK-LABEL: func.func @momentum_and_update
// CHECK-SAME: (%[[P:.+]]: tensor<1024xf32>, %[[BUF:.+]]: tensor<1024xf32>, %[[G:.+]]: tensor<1024xf32>, %[[M:.+]]: tensor<f32>, %[[LR:.+]]: tensor<f32>)
// CHECK:         %[[BOTH:.+]]:2 = linalg.generic
// CHECK-SAME:      ins(%[[P]], %[[BUF]], %[[M]], %[[G]], %[[LR]] :
// CHECK:           %[[SCALED:.+]] = arith.mulf
// CHECK-NEXT:      %[[NEW_BUF:.+]] = arith.addf %[[SCALED]]
// CHECK-NEXT:      %[[STEP:.+]] = arith.mulf %[[NEW_BUF]]
// CHECK-NEXT:      %[[NEW_P:.+]] = arith.subf %{{.+}}, %[[STEP]]
// CHECK-NEXT:      linalg.yield %[[NEW_BUF]], %[[NEW_P]]
// CHECK-NOT:     linalg.generic
// CHECK:         return %[[BOTH]]#1, %[[BOTH]]#0
#id = affine_map<(d0) -> (d0)>
#scalar = affine_map<(d0) -> ()>
func.func @momentum_and_update(%p: tensor<1024xf32>, %buf: tensor<1024xf32>, %g: tensor<1024xf32>, %m: tensor<f32>, %lr: tensor<f32>) -> (tensor<1024xf32>, tensor<1024xf32>) {
  %e = tensor.empty() : tensor<1024xf32>
  %new_buf = linalg.generic {indexing_maps = [#id, #scalar, #id, #id], iterator_types = ["parallel"]} ins(%buf, %m, %g : tensor<1024xf32>, tensor<f32>, tensor<1024xf32>) outs(%e : tensor<1024xf32>) {
  ^bb0(%b: f32, %mm: f32, %gg: f32, %o: f32):
    %0 = arith.mulf %b, %mm : f32
    %1 = arith.addf %0, %gg : f32
    linalg.yield %1 : f32
  } -> tensor<1024xf32>
  %new_p = linalg.generic {indexing_maps = [#id, #id, #scalar, #id], iterator_types = ["parallel"]} ins(%p, %new_buf, %lr : tensor<1024xf32>, tensor<1024xf32>, tensor<f32>) outs(%e : tensor<1024xf32>) {
  ^bb0(%pp: f32, %b: f32, %l: f32, %o: f32):
    %0 = arith.mulf %b, %l : f32
    %1 = arith.subf %pp, %0 : f32
    linalg.yield %1 : f32
  } -> tensor<1024xf32>
  return %new_p, %new_buf : tensor<1024xf32>, tensor<1024xf32>
}

// -----

// A producer that an earlier op (a reduction) also reads stays on its own:
// the fused op, placed at the consumer, would come after that reader. The
// consumer does not recompute it either.
// CHECK-LABEL: func.func @producer_also_reduced
// CHECK:         %[[SQUARE:.+]] = linalg.generic
// CHECK:         linalg.generic {{.+}} ins(%[[SQUARE]] :
// CHECK:         linalg.generic {{.+}} ins(%[[SQUARE]] :
#id2 = affine_map<(d0) -> (d0)>
#to_scalar = affine_map<(d0) -> ()>
func.func @producer_also_reduced(%x: tensor<64xf32>) -> (tensor<64xf32>, tensor<f32>) {
  %e = tensor.empty() : tensor<64xf32>
  %square = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel"]} ins(%x : tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%a: f32, %o: f32):
    %0 = arith.mulf %a, %a : f32
    linalg.yield %0 : f32
  } -> tensor<64xf32>
  %z = arith.constant 0.0 : f32
  %e0 = tensor.empty() : tensor<f32>
  %init = linalg.fill ins(%z : f32) outs(%e0 : tensor<f32>) -> tensor<f32>
  %sum = linalg.generic {indexing_maps = [#id2, #to_scalar], iterator_types = ["reduction"]} ins(%square : tensor<64xf32>) outs(%init : tensor<f32>) {
  ^bb0(%a: f32, %acc: f32):
    %0 = arith.addf %a, %acc : f32
    linalg.yield %0 : f32
  } -> tensor<f32>
  %neg = linalg.generic {indexing_maps = [#id2, #id2], iterator_types = ["parallel"]} ins(%square : tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%a: f32, %o: f32):
    %0 = arith.negf %a : f32
    linalg.yield %0 : f32
  } -> tensor<64xf32>
  return %neg, %sum : tensor<64xf32>, tensor<f32>
}

// -----

// A consumer reading the producer twice, as an input and as its init,
// leaves it alone: the fused op would read its own result. (Two inputs
// reading it are merged into one by canonicalization first, and fuse.)
// CHECK-LABEL: func.func @consumer_reads_producer_twice
// CHECK:         %[[SUM:.+]] = linalg.generic
// CHECK:         %[[PRODUCT:.+]] = linalg.generic {{.+}} ins(%[[SUM]] : tensor<64xf32>) outs(%[[SUM]] : tensor<64xf32>)
// CHECK:         return %[[PRODUCT]], %[[SUM]]
#id3 = affine_map<(d0) -> (d0)>
func.func @consumer_reads_producer_twice(%a: tensor<64xf32>, %b: tensor<64xf32>) -> (tensor<64xf32>, tensor<64xf32>) {
  %e = tensor.empty() : tensor<64xf32>
  %sum = linalg.generic {indexing_maps = [#id3, #id3, #id3], iterator_types = ["parallel"]} ins(%a, %b : tensor<64xf32>, tensor<64xf32>) outs(%e : tensor<64xf32>) {
  ^bb0(%x: f32, %y: f32, %o: f32):
    %0 = arith.addf %x, %y : f32
    linalg.yield %0 : f32
  } -> tensor<64xf32>
  %product = linalg.generic {indexing_maps = [#id3, #id3], iterator_types = ["parallel"]} ins(%sum : tensor<64xf32>) outs(%sum : tensor<64xf32>) {
  ^bb0(%x: f32, %o: f32):
    %0 = arith.mulf %x, %o : f32
    linalg.yield %0 : f32
  } -> tensor<64xf32>
  return %product, %sum : tensor<64xf32>, tensor<64xf32>
}

// -----

// Softmax's exponentials feed a row sum and the normalization. By default
// they are computed once and read back by both; with `recompute`, each
// reader computes them and they are never written.
// CHECK-LABEL: func.func @shared_exponentials(
// CHECK-COUNT-1: math.exp
// CHECK-NOT: math.exp
// RECOMPUTE-LABEL: func.func @shared_exponentials(
// RECOMPUTE: linalg.generic
// RECOMPUTE-SAME: iterator_types = ["parallel", "reduction"]
// RECOMPUTE: math.exp
// RECOMPUTE: arith.addf
// RECOMPUTE: linalg.generic
// RECOMPUTE-SAME: iterator_types = ["parallel", "parallel"]
// RECOMPUTE: math.exp
// RECOMPUTE: arith.mulf
// RECOMPUTE-NOT: linalg.generic
func.func @shared_exponentials(%x: tensor<4x8xf32>) -> tensor<4x8xf32> {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %e = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x8xf32>) outs(%empty : tensor<4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = math.exp %in : f32
    linalg.yield %v : f32
  } -> tensor<4x8xf32>
  %rows = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%rows : tensor<4xf32>) -> tensor<4xf32>
  %sum = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>], iterator_types = ["parallel", "reduction"]} ins(%e : tensor<4x8xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %v = arith.addf %in, %acc : f32
    linalg.yield %v : f32
  } -> tensor<4xf32>
  %y = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%e, %sum : tensor<4x8xf32>, tensor<4xf32>) outs(%empty : tensor<4x8xf32>) {
  ^bb0(%in: f32, %s: f32, %out: f32):
    %v = arith.mulf %in, %s : f32
    linalg.yield %v : f32
  } -> tensor<4x8xf32>
  return %y : tensor<4x8xf32>
}

// -----

// A producer that is also returned is written anyway: its readers do not
// recompute it.
// CHECK-LABEL: func.func @returned_producer(
// RECOMPUTE-LABEL: func.func @returned_producer(
// RECOMPUTE-COUNT-1: math.exp
// RECOMPUTE-NOT: math.exp
func.func @returned_producer(%x: tensor<4x8xf32>) -> (tensor<4x8xf32>, tensor<4xf32>) {
  %zero = arith.constant 0.0 : f32
  %empty = tensor.empty() : tensor<4x8xf32>
  %e = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i, j)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<4x8xf32>) outs(%empty : tensor<4x8xf32>) {
  ^bb0(%in: f32, %out: f32):
    %v = math.exp %in : f32
    linalg.yield %v : f32
  } -> tensor<4x8xf32>
  %rows = tensor.empty() : tensor<4xf32>
  %init = linalg.fill ins(%zero : f32) outs(%rows : tensor<4xf32>) -> tensor<4xf32>
  %sum = linalg.generic {indexing_maps = [affine_map<(i, j) -> (i, j)>, affine_map<(i, j) -> (i)>], iterator_types = ["parallel", "reduction"]} ins(%e : tensor<4x8xf32>) outs(%init : tensor<4xf32>) {
  ^bb0(%in: f32, %acc: f32):
    %v = arith.addf %in, %acc : f32
    linalg.yield %v : f32
  } -> tensor<4xf32>
  return %e, %sum : tensor<4x8xf32>, tensor<4xf32>
}
