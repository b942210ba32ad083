// RUN: kiln-opt %s --pass-pipeline="builtin.module(func.func(kiln-cpu-vectorize-transposes),canonicalize,cse)" --split-input-file | FileCheck %s

// A 32x48 transpose: 16x16 tiles in an scf.forall, each read as 16 rows,
// transposed with shuffles and written as 16 rows.
// CHECK-LABEL: func.func @transpose
// CHECK:         scf.forall (%[[I:.+]], %[[J:.+]]) = (0, 0) to (48, 32) step (16, 16)
// CHECK:           %[[IN:.+]] = tensor.extract_slice %{{.+}}[%[[J]], %[[I]]] [16, 16] [1, 1] : tensor<32x48xf32> to tensor<16x16xf32>
// CHECK:           vector.transfer_read %[[IN]]{{.+}} : tensor<16x16xf32>, vector<16x16xf32>
// CHECK-NOT:       vector.transpose
// CHECK:           vector.shuffle {{.+}} : vector<16xf32>, vector<16xf32>
// CHECK:           vector.transfer_write {{.+}} : vector<16x16xf32>, tensor<16x16xf32>
func.func @transpose(%x: tensor<32x48xf32>) -> tensor<48x32xf32> {
  %e = tensor.empty() : tensor<48x32xf32>
  %t = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%x : tensor<32x48xf32>) outs(%e : tensor<48x32xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<48x32xf32>
  return %t : tensor<48x32xf32>
}

// -----

// Left as loops: sizes that are not whole tiles, 64-bit elements and a
// transpose that computes.
// CHECK-LABEL: func.func @not_tiled
// CHECK-NOT:     scf.forall
// CHECK-COUNT-3: linalg.generic
func.func @not_tiled(%a: tensor<10x16xf32>, %b: tensor<16x16xf64>, %c: tensor<16x16xf32>) -> (tensor<16x10xf32>, tensor<16x16xf64>, tensor<16x16xf32>) {
  %ea = tensor.empty() : tensor<16x10xf32>
  %ta = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%a : tensor<10x16xf32>) outs(%ea : tensor<16x10xf32>) {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<16x10xf32>
  %eb = tensor.empty() : tensor<16x16xf64>
  %tb = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%b : tensor<16x16xf64>) outs(%eb : tensor<16x16xf64>) {
  ^bb0(%in: f64, %out: f64):
    linalg.yield %in : f64
  } -> tensor<16x16xf64>
  %ec = tensor.empty() : tensor<16x16xf32>
  %tc = linalg.generic {indexing_maps = [affine_map<(d0, d1) -> (d1, d0)>, affine_map<(d0, d1) -> (d0, d1)>], iterator_types = ["parallel", "parallel"]} ins(%c : tensor<16x16xf32>) outs(%ec : tensor<16x16xf32>) {
  ^bb0(%in: f32, %out: f32):
    %n = arith.negf %in : f32
    linalg.yield %n : f32
  } -> tensor<16x16xf32>
  return %ta, %tb, %tc : tensor<16x10xf32>, tensor<16x16xf64>, tensor<16x16xf32>
}
