// RUN: kiln-opt %s --pass-pipeline='builtin.module(func.func(kiln-cpu-split-parallel-loops))' --split-input-file | FileCheck %s

// 256 rows are enough iterations for the threads: the rows stay parallel,
// the columns become a sequential loop inside.
// CHECK-LABEL: func.func @rows(
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG: %[[C256:.+]] = arith.constant 256 : index
// CHECK-DAG: %[[C128:.+]] = arith.constant 128 : index
// CHECK: scf.parallel (%[[I:.+]]) = (%[[C0]]) to (%[[C256]]) step (%[[C1]]) {
// CHECK-NEXT: scf.for %[[J:.+]] = %[[C0]] to %[[C128]] step %[[C1]] {
// CHECK-NEXT: %[[X:.+]] = memref.load %{{.+}}[%[[I]], %[[J]]]
// CHECK-NEXT: %[[B:.+]] = memref.load %{{.+}}[%[[I]]]
// CHECK-NEXT: %[[S:.+]] = arith.subf %[[X]], %[[B]]
// CHECK-NEXT: memref.store %[[S]], %{{.+}}[%[[I]], %[[J]]]
// CHECK-NEXT: }
// CHECK-NEXT: scf.reduce
func.func @rows(%x: memref<256x128xf32>, %b: memref<256xf32>, %y: memref<256x128xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c256 = arith.constant 256 : index
  %c128 = arith.constant 128 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c256, %c128) step (%c1, %c1) {
    %v = memref.load %x[%i, %j] : memref<256x128xf32>
    %m = memref.load %b[%i] : memref<256xf32>
    %d = arith.subf %v, %m : f32
    memref.store %d, %y[%i, %j] : memref<256x128xf32>
  }
  return
}

// -----

// Two leading dimensions are needed for 16 iterations (4 x 8); the third
// becomes sequential.
// CHECK-LABEL: func.func @two_leading(
// CHECK: scf.parallel (%{{.+}}, %{{.+}}) =
// CHECK-NEXT: scf.for
// CHECK-NOT: scf.for
func.func @two_leading(%y: memref<4x8x4096xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c8 = arith.constant 8 : index
  %c4096 = arith.constant 4096 : index
  scf.parallel (%i, %j, %k) = (%c0, %c0, %c0) to (%c4, %c8, %c4096) step (%c1, %c1, %c1) {
    memref.store %v, %y[%i, %j, %k] : memref<4x8x4096xf32>
  }
  return
}

// -----

// Left alone: a loop with work in its body whose every dimension is needed
// for 16 iterations, and one with a reduction.
// CHECK-LABEL: func.func @left_alone(
// CHECK: scf.parallel (%{{.+}}, %{{.+}}) = {{.+}} to (%c2, %c8)
// CHECK-NEXT: scf.for
// CHECK: scf.parallel (%{{.+}}) = {{.+}} to (%c8) {{.+}} init
func.func @left_alone(%y: memref<2x8x4096xf32>, %v: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c8 = arith.constant 8 : index
  %c4096 = arith.constant 4096 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c2, %c8) step (%c1, %c1) {
    scf.for %k = %c0 to %c4096 step %c1 {
      memref.store %v, %y[%i, %j, %k] : memref<2x8x4096xf32>
    }
  }
  %zero = arith.constant 0.0 : f32
  %sum = scf.parallel (%i) = (%c0) to (%c8) step (%c1) init (%zero) -> f32 {
    scf.reduce(%v : f32) {
    ^bb0(%a: f32, %b: f32):
      %s = arith.addf %a, %b : f32
      scf.reduce.return %s : f32
    }
  }
  return %sum : f32
}

// -----

// A loop nest running fewer than 65536 operations runs on one thread.
// CHECK-LABEL: func.func @small(
// CHECK-NOT: scf.parallel
// CHECK: scf.for
// CHECK-NEXT: scf.for
// CHECK-NEXT: memref.store
func.func @small(%y: memref<32x10xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c10 = arith.constant 10 : index
  %c32 = arith.constant 32 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c32, %c10) step (%c1, %c1) {
    memref.store %v, %y[%i, %j] : memref<32x10xf32>
  }
  return
}

// -----

// A parallel loop inside another (an op of a row block) runs on the outer
// iteration's thread: it becomes sequential loops.
// CHECK-LABEL: func.func @nested(
// CHECK: scf.parallel (%[[I:.+]]) = {{.+}} to (%c8)
// CHECK-NEXT: scf.for %[[J:.+]] = %{{.+}} to %c64
// CHECK-NEXT: scf.for %[[K:.+]] = %{{.+}} to %c256
// CHECK-NEXT: memref.store %{{.+}}, %{{.+}}[%[[I]], %[[J]], %[[K]]]
// CHECK-NOT: scf.parallel
func.func @nested(%z: memref<8x64x256xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c64 = arith.constant 64 : index
  %c256 = arith.constant 256 : index
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    scf.parallel (%j, %k) = (%c0, %c0) to (%c64, %c256) step (%c1, %c1) {
      memref.store %v, %z[%i, %j, %k] : memref<8x64x256xf32>
    }
  }
  return
}

// -----

// A block's stack buffer is allocated once per parallel iteration, outside
// the sequential loop: inside it, each iteration would take more stack.
// CHECK-LABEL: func.func @stack_temporary(
// CHECK: scf.parallel
// CHECK-NEXT: %[[TEMP:.+]] = memref.alloca() {alignment = 64 : i64} : memref<1024xf32>
// CHECK-NEXT: scf.for
// CHECK-NEXT: memref.store %{{.+}}, %[[TEMP]]
func.func @stack_temporary(%y: memref<256x64x1024xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c256 = arith.constant 256 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c256, %c64) step (%c1, %c1) {
    %temp = memref.alloca() {alignment = 64 : i64} : memref<1024xf32>
    memref.store %v, %temp[%c0] : memref<1024xf32>
    %row = memref.subview %y[%i, %j, 0] [1, 1, 1024] [1, 1, 1] : memref<256x64x1024xf32> to memref<1024xf32, strided<[1], offset: ?>>
    memref.copy %temp, %row : memref<1024xf32> to memref<1024xf32, strided<[1], offset: ?>>
  }
  return
}

// -----

// A vector operation counts its lanes: 1024 iterations each writing a 16x16
// tile (262144 operations) stay parallel.
// CHECK-LABEL: func.func @vector_tiles(
// CHECK: scf.parallel
// CHECK-NEXT: scf.for
func.func @vector_tiles(%y: memref<512x512xf32>, %v: vector<16x16xf32>) {
  %c0 = arith.constant 0 : index
  %c16 = arith.constant 16 : index
  %c512 = arith.constant 512 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c512, %c512) step (%c16, %c16) {
    vector.transfer_write %v, %y[%i, %j] {in_bounds = [true, true]} : vector<16x16xf32>, memref<512x512xf32>
  }
  return
}

// -----

// Operations are counted through the loops inside: 32 rows of a 10-wide
// softmax block (a loop nest, 320 stores) run on one thread; 64 rows of
// 1024 stay parallel over the rows.
// CHECK-LABEL: func.func @nests(
// CHECK-NOT: scf.parallel
// CHECK: scf.for %{{.+}} = %{{.+}} to %c32
// CHECK: scf.parallel (%{{.+}}) = {{.+}} to (%c64)
// CHECK-NEXT: scf.for %{{.+}} = %{{.+}} to %c1024
func.func @nests(%small: memref<32x10xf32>, %large: memref<64x1024xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c10 = arith.constant 10 : index
  %c32 = arith.constant 32 : index
  %c64 = arith.constant 64 : index
  %c1024 = arith.constant 1024 : index
  scf.parallel (%i) = (%c0) to (%c32) step (%c1) {
    scf.for %j = %c0 to %c10 step %c1 {
      memref.store %v, %small[%i, %j] : memref<32x10xf32>
    }
  }
  scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
    scf.for %j = %c0 to %c1024 step %c1 {
      memref.store %v, %large[%i, %j] : memref<64x1024xf32>
    }
  }
  return
}
