// RUN: kiln-opt %s --convert-kiln-to-linalg --split-input-file | FileCheck %s

// Fault-status ABI: a function with gather/scatter_add gets a trailing
// tensor<i32> result (0, or the 1-based position of the first faulting op in
// kiln.fault_sites) and the kiln.fault_sites attribute, one "<op> at
// <file>:<line>:<column>" per checked op in program order. Indices are
// clamped before use, so nothing is read or written out of bounds.

// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1) -> (d0, d1)>
// CHECK-DAG: #[[ALL:.+]] = affine_map<(d0, d1) -> ()>
// CHECK-LABEL: func.func @gather(
// CHECK-SAME:    %[[SRC:.+]]: tensor<4x5xf32>, %[[IDX:.+]]: tensor<3x5xi64>) -> (tensor<3x5xf32>, tensor<i32>)
// CHECK-SAME:    attributes {kiln.fault_sites = ["kiln.gather at model.py:12:8"]}
// The fault flag: does any index fall outside [0, 4)?
// CHECK:         %[[FALSE:.+]] = arith.constant false
// CHECK:         %[[FINIT:.+]] = linalg.fill ins(%[[FALSE]] : i1) outs(%{{.+}} : tensor<i1>)
// CHECK:         %[[FAULT:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[ALL]]], iterator_types = ["reduction", "reduction"]} ins(%[[IDX]] : tensor<3x5xi64>) outs(%[[FINIT]] : tensor<i1>)
// CHECK-NEXT:    ^bb0(%[[I:.+]]: i64, %[[ACC:.+]]: i1):
// CHECK-NEXT:      %[[C0:.+]] = arith.constant 0 : i64
// CHECK-NEXT:      %[[NEG:.+]] = arith.cmpi slt, %[[I]], %[[C0]] : i64
// CHECK-NEXT:      %[[C4:.+]] = arith.constant 4 : i64
// CHECK-NEXT:      %[[BIG:.+]] = arith.cmpi sge, %[[I]], %[[C4]] : i64
// CHECK-NEXT:      %[[BAD:.+]] = arith.ori %[[NEG]], %[[BIG]] : i1
// CHECK-NEXT:      %[[ANY:.+]] = arith.ori %[[ACC]], %[[BAD]] : i1
// CHECK-NEXT:      linalg.yield %[[ANY]] : i1
// The gather itself reads the source at the clamped index.
// CHECK:         %[[INIT:.+]] = tensor.empty() : tensor<3x5xf32>
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#[[ID]], #[[ID]]], iterator_types = ["parallel", "parallel"]} ins(%[[IDX]] : tensor<3x5xi64>) outs(%[[INIT]] : tensor<3x5xf32>)
// CHECK-NEXT:    ^bb0(%[[J:.+]]: i64, %{{.+}}: f32):
// CHECK-NEXT:      %[[JI:.+]] = arith.index_cast %[[J]] : i64 to index
// CHECK-NEXT:      %[[LO:.+]] = arith.constant 0 : index
// CHECK-NEXT:      %[[HI:.+]] = arith.constant 3 : index
// CHECK-NEXT:      %[[M:.+]] = arith.maxsi %[[JI]], %[[LO]] : index
// CHECK-NEXT:      %[[CL:.+]] = arith.minsi %[[M]], %[[HI]] : index
// CHECK-NEXT:      %[[COL:.+]] = linalg.index 1 : index
// CHECK-NEXT:      %[[V:.+]] = tensor.extract %[[SRC]][%[[CL]], %[[COL]]] : tensor<4x5xf32>
// CHECK-NEXT:      linalg.yield %[[V]] : f32
// CHECK:         %[[OK:.+]] = arith.constant 0 : i32
// CHECK:         %[[F:.+]] = tensor.extract %[[FAULT]][] : tensor<i1>
// CHECK:         %[[ONE:.+]] = arith.constant 1 : i32
// CHECK:         %[[ST:.+]] = arith.select %[[F]], %[[ONE]], %[[OK]] : i32
// CHECK:         %[[STATUS:.+]] = tensor.from_elements %[[ST]] : tensor<i32>
// CHECK:         return %[[R]], %[[STATUS]] : tensor<3x5xf32>, tensor<i32>
func.func @gather(%src: tensor<4x5xf32>, %idx: tensor<3x5xi64>) -> tensor<3x5xf32> {
  %0 = kiln.gather %src, %idx dim = 0 : tensor<4x5xf32>, tensor<3x5xi64> -> tensor<3x5xf32> loc("model.py":12:8)
  return %0 : tensor<3x5xf32>
}

// -----

// i32 indices along dim 1 of a boolean source.
// CHECK-LABEL: func.func @gather_i1_dim1(
// CHECK-SAME:    %[[SRC:.+]]: tensor<2x6xi1>, %[[IDX:.+]]: tensor<2x3xi32>) -> (tensor<2x3xi1>, tensor<i32>)
// CHECK:         linalg.generic {{.*}} ins(%[[IDX]] : tensor<2x3xi32>) outs(%{{.+}} : tensor<i1>)
// CHECK:           %[[C6:.+]] = arith.constant 6 : i32
// CHECK:           arith.cmpi sge, %{{.+}}, %[[C6]] : i32
// CHECK:         linalg.generic {{.*}} ins(%[[IDX]] : tensor<2x3xi32>) outs(%{{.+}} : tensor<2x3xi1>)
// CHECK-NEXT:    ^bb0(%[[J:.+]]: i32, %{{.+}}: i1):
// CHECK-NEXT:      %[[ROW:.+]] = linalg.index 0 : index
// CHECK-NEXT:      %[[JI:.+]] = arith.index_cast %[[J]] : i32 to index
// CHECK:           %[[CL:.+]] = arith.minsi %{{.+}}, %{{.+}} : index
// CHECK-NEXT:      %[[V:.+]] = tensor.extract %[[SRC]][%[[ROW]], %[[CL]]] : tensor<2x6xi1>
// CHECK-NEXT:      linalg.yield %[[V]] : i1
func.func @gather_i1_dim1(%src: tensor<2x6xi1>, %idx: tensor<2x3xi32>) -> tensor<2x3xi1> {
  %0 = kiln.gather %src, %idx dim = 1 : tensor<2x6xi1>, tensor<2x3xi32> -> tensor<2x3xi1>
  return %0 : tensor<2x3xi1>
}

// -----

// scatter_add: an scf.for nest over the updates, in order, adding into the
// destination at the clamped index.
// CHECK-LABEL: func.func @scatter_add(
// CHECK-SAME:    %[[DEST:.+]]: tensor<4x5xf32>, %[[IDX:.+]]: tensor<3x5xi64>, %[[UPD:.+]]: tensor<3x5xf32>) -> (tensor<4x5xf32>, tensor<i32>)
// CHECK-SAME:    attributes {kiln.fault_sites = ["kiln.scatter_add at train.py:3:1"]}
// CHECK:         %[[FAULT:.+]] = linalg.generic {{.*}} ins(%[[IDX]] : tensor<3x5xi64>) outs(%{{.+}} : tensor<i1>)
// CHECK:         %[[C0:.+]] = arith.constant 0 : index
// CHECK:         %[[C3:.+]] = arith.constant 3 : index
// CHECK:         %[[C1:.+]] = arith.constant 1 : index
// CHECK:         %[[C5:.+]] = arith.constant 5 : index
// CHECK:         %[[R:.+]] = scf.for %[[I:.+]] = %[[C0]] to %[[C3]] step %[[C1]] iter_args(%[[A0:.+]] = %[[DEST]]) -> (tensor<4x5xf32>) {
// CHECK-NEXT:      %[[INNER:.+]] = scf.for %[[J:.+]] = %{{.+}} to %[[C5]] step %{{.+}} iter_args(%[[A1:.+]] = %[[A0]]) -> (tensor<4x5xf32>) {
// CHECK-NEXT:        %[[K:.+]] = tensor.extract %[[IDX]][%[[I]], %[[J]]] : tensor<3x5xi64>
// CHECK-NEXT:        %[[U:.+]] = tensor.extract %[[UPD]][%[[I]], %[[J]]] : tensor<3x5xf32>
// CHECK-NEXT:        %[[KI:.+]] = arith.index_cast %[[K]] : i64 to index
// CHECK-NEXT:        %[[LO:.+]] = arith.constant 0 : index
// CHECK-NEXT:        %[[HI:.+]] = arith.constant 3 : index
// CHECK-NEXT:        %[[M:.+]] = arith.maxsi %[[KI]], %[[LO]] : index
// CHECK-NEXT:        %[[ROW:.+]] = arith.minsi %[[M]], %[[HI]] : index
// CHECK-NEXT:        %[[OLD:.+]] = tensor.extract %[[A1]][%[[ROW]], %[[J]]] : tensor<4x5xf32>
// CHECK-NEXT:        %[[SUM:.+]] = arith.addf %[[OLD]], %[[U]] : f32
// CHECK-NEXT:        %[[NEW:.+]] = tensor.insert %[[SUM]] into %[[A1]][%[[ROW]], %[[J]]] : tensor<4x5xf32>
// CHECK-NEXT:        scf.yield %[[NEW]] : tensor<4x5xf32>
// CHECK-NEXT:      }
// CHECK-NEXT:      scf.yield %[[INNER]] : tensor<4x5xf32>
// CHECK-NEXT:    }
// CHECK:         %[[F:.+]] = tensor.extract %[[FAULT]][] : tensor<i1>
// CHECK:         %[[ST:.+]] = arith.select %[[F]], %{{.+}}, %{{.+}} : i32
// CHECK:         %[[STATUS:.+]] = tensor.from_elements %[[ST]] : tensor<i32>
// CHECK:         return %[[R]], %[[STATUS]] : tensor<4x5xf32>, tensor<i32>
func.func @scatter_add(%dest: tensor<4x5xf32>, %idx: tensor<3x5xi64>, %upd: tensor<3x5xf32>) -> tensor<4x5xf32> {
  %0 = kiln.scatter_add %dest, %idx, %upd dim = 0 : tensor<4x5xf32>, tensor<3x5xi64>, tensor<3x5xf32> -> tensor<4x5xf32> loc("train.py":3:1)
  return %0 : tensor<4x5xf32>
}

// -----

// CHECK-LABEL: func.func @scatter_add_i32_dim1
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             %[[K:.+]] = tensor.extract %{{.+}} : tensor<2x2xi32>
// CHECK:             %[[U:.+]] = tensor.extract %{{.+}} : tensor<2x2xi32>
// CHECK:             %[[KI:.+]] = arith.index_cast %[[K]] : i32 to index
// CHECK:             %[[HI:.+]] = arith.constant 4 : index
// CHECK:             %[[COL:.+]] = arith.minsi %{{.+}}, %[[HI]] : index
// CHECK:             %[[OLD:.+]] = tensor.extract %{{.+}}[%{{.+}}, %[[COL]]] : tensor<3x5xi32>
// CHECK:             %[[SUM:.+]] = arith.addi %[[OLD]], %[[U]] : i32
// CHECK:             tensor.insert %[[SUM]] into %{{.+}}[%{{.+}}, %[[COL]]] : tensor<3x5xi32>
func.func @scatter_add_i32_dim1(%dest: tensor<3x5xi32>, %idx: tensor<2x2xi32>, %upd: tensor<2x2xi32>) -> tensor<3x5xi32> {
  %0 = kiln.scatter_add %dest, %idx, %upd dim = 1 : tensor<3x5xi32>, tensor<2x2xi32>, tensor<2x2xi32> -> tensor<3x5xi32>
  return %0 : tensor<3x5xi32>
}

// -----

// Several checked ops: one site each, in program order, and the status is
// the position of the first one that faulted:
// status = f1 ? 1 : (f2 ? 2 : (f3 ? 3 : 0)). Locations are taken from the
// first file location inside fused or named ones.
// CHECK-LABEL: func.func @several(
// CHECK-SAME:    -> (tensor<3x5xf32>, tensor<4x5xf32>, tensor<i32>)
// CHECK-SAME:    attributes {kiln.fault_sites = ["kiln.gather at a.py:1:2", "kiln.scatter_add at b.py:3:4", "kiln.gather at an unknown location"]}
// CHECK:         %[[F1:.+]] = linalg.generic {{.*}} outs(%{{.+}} : tensor<i1>)
// CHECK:         %[[G1:.+]] = linalg.generic {{.*}} outs(%{{.+}} : tensor<3x5xf32>)
// CHECK:         %[[F2:.+]] = linalg.generic {{.*}} outs(%{{.+}} : tensor<i1>)
// CHECK:         %[[S:.+]] = scf.for
// CHECK:         %[[F3:.+]] = linalg.generic {{.*}} outs(%{{.+}} : tensor<i1>)
// CHECK:         %[[G3:.+]] = linalg.generic {{.*}} outs(%{{.+}} : tensor<3x5xf32>)
// CHECK:         %[[ADD:.+]] = linalg.generic {{.*}} ins(%[[G1]], %[[G3]] : tensor<3x5xf32>, tensor<3x5xf32>)
// CHECK:         %[[OK:.+]] = arith.constant 0 : i32
// CHECK:         %[[E3:.+]] = tensor.extract %[[F3]][] : tensor<i1>
// CHECK:         %[[C3:.+]] = arith.constant 3 : i32
// CHECK:         %[[S3:.+]] = arith.select %[[E3]], %[[C3]], %[[OK]] : i32
// CHECK:         %[[E2:.+]] = tensor.extract %[[F2]][] : tensor<i1>
// CHECK:         %[[C2:.+]] = arith.constant 2 : i32
// CHECK:         %[[S2:.+]] = arith.select %[[E2]], %[[C2]], %[[S3]] : i32
// CHECK:         %[[E1:.+]] = tensor.extract %[[F1]][] : tensor<i1>
// CHECK:         %[[C1:.+]] = arith.constant 1 : i32
// CHECK:         %[[S1:.+]] = arith.select %[[E1]], %[[C1]], %[[S2]] : i32
// CHECK:         %[[STATUS:.+]] = tensor.from_elements %[[S1]] : tensor<i32>
// CHECK:         return %[[ADD]], %[[S]], %[[STATUS]] : tensor<3x5xf32>, tensor<4x5xf32>, tensor<i32>
func.func @several(%src: tensor<4x5xf32>, %idx: tensor<3x5xi64>, %upd: tensor<3x5xf32>) -> (tensor<3x5xf32>, tensor<4x5xf32>) {
  %0 = kiln.gather %src, %idx dim = 0 : tensor<4x5xf32>, tensor<3x5xi64> -> tensor<3x5xf32> loc("a.py":1:2)
  %1 = kiln.scatter_add %src, %idx, %upd dim = 0 : tensor<4x5xf32>, tensor<3x5xi64>, tensor<3x5xf32> -> tensor<4x5xf32> loc(fused["b.py":3:4, "c.py":5:6])
  %2 = kiln.gather %src, %idx dim = 1 : tensor<4x5xf32>, tensor<3x5xi64> -> tensor<3x5xf32> loc(unknown)
  %3 = kiln.add %0, %2 : tensor<3x5xf32>
  return %3, %1 : tensor<3x5xf32>, tensor<4x5xf32>
}

// -----

// A size-0 indexed dimension has nothing to read: the gather gives zeros, the
// scatter leaves the destination, and any index is a fault.
// CHECK-LABEL: func.func @empty_dimension(
// CHECK-SAME:    %[[SRC:.+]]: tensor<0x3xf32>, %[[IDX:.+]]: tensor<0x3xi64>
// CHECK:         linalg.generic {{.*}} outs(%{{.+}} : tensor<i1>)
// CHECK:           arith.constant 0 : i64
// CHECK:           %[[SIZE:.+]] = arith.constant 0 : i64
// CHECK-NEXT:      arith.cmpi sge, %{{.+}}, %[[SIZE]] : i64
// CHECK:         %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[G:.+]] = linalg.fill ins(%[[ZERO]] : f32) outs(%{{.+}} : tensor<0x3xf32>)
// CHECK-NOT:     tensor.extract %[[SRC]]
// CHECK-NOT:     scf.for
// CHECK:         return %[[G]], %[[SRC]], %{{.+}} : tensor<0x3xf32>, tensor<0x3xf32>, tensor<i32>
func.func @empty_dimension(%src: tensor<0x3xf32>, %idx: tensor<0x3xi64>) -> (tensor<0x3xf32>, tensor<0x3xf32>) {
  %0 = kiln.gather %src, %idx dim = 0 : tensor<0x3xf32>, tensor<0x3xi64> -> tensor<0x3xf32>
  %1 = kiln.scatter_add %src, %idx, %src dim = 0 : tensor<0x3xf32>, tensor<0x3xi64>, tensor<0x3xf32> -> tensor<0x3xf32>
  return %0, %1 : tensor<0x3xf32>, tensor<0x3xf32>
}

// -----

// Functions without checked ops keep their signature and get no attribute.
// CHECK-LABEL: func.func @unchecked(
// CHECK-SAME:    %{{.+}}: tensor<4xf32>) -> tensor<4xf32> {
// CHECK-NOT:     kiln.fault_sites
// CHECK:         return %{{.+}} : tensor<4xf32>
func.func @unchecked(%a: tensor<4xf32>) -> tensor<4xf32> {
  %0 = kiln.exp %a : tensor<4xf32>
  return %0 : tensor<4xf32>
}
