// RUN: kiln-opt %s --kiln-cpu-stream-results=min-bytes=4096 --split-input-file | FileCheck %s

// A row loop in a parallel region writing a result it never reads: the loop
// is versioned on the result's address, the aligned copy stores
// nontemporally, and the region ends with an sfence on every exit.
// CHECK-LABEL: func.func @rows_in_parallel(
// CHECK-SAME: %[[IN:.+]]: memref<64x16xf32>, %[[OUT:.+]]: memref<64x16xf32>
// CHECK: omp.parallel {
// CHECK: %[[ROW:.+]] = memref.subview %[[OUT]]
// CHECK: %[[ADDRESS:.+]] = memref.extract_aligned_pointer_as_index %[[OUT]]
// CHECK: %[[LOW:.+]] = arith.andi %[[ADDRESS]], %c63
// CHECK: %[[ALIGNED:.+]] = arith.cmpi eq, %[[LOW]], %c0
// CHECK: scf.if %[[ALIGNED]] {
// CHECK:   scf.for
// CHECK:     memref.store %{{.+}}, %[[ROW]][%{{.+}}] {nontemporal = true}
// CHECK: } else {
// CHECK:   scf.for
// CHECK:     memref.store %{{.+}}, %[[ROW]][%{{.+}}] :
// CHECK: }
// CHECK: llvm.call_intrinsic "llvm.x86.sse.sfence"() : () -> ()
// CHECK-NEXT: omp.terminator
// CHECK-NOT: sfence
func.func @rows_in_parallel(%in: memref<64x16xf32>, %out: memref<64x16xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c64 = arith.constant 64 : index
  omp.parallel {
    scf.for %i = %c0 to %c64 step %c1 {
      %row = memref.subview %out[%i, 0] [1, 16] [1, 1] : memref<64x16xf32> to memref<16xf32, strided<[1], offset: ?>>
      scf.for %j = %c0 to %c16 step %c1 {
        %x = memref.load %in[%i, %j] : memref<64x16xf32>
        %y = arith.mulf %x, %x : f32
        memref.store %y, %row[%j] : memref<16xf32, strided<[1], offset: ?>>
      }
    }
    omp.terminator
  }
  return
}

// -----

// Outside a parallel region the fence follows the outermost loop.
// CHECK-LABEL: func.func @serial_loop(
// CHECK: scf.for
// CHECK: scf.if
// CHECK: {nontemporal = true}
// CHECK: llvm.call_intrinsic "llvm.x86.sse.sfence"
// CHECK-NEXT: return
func.func @serial_loop(%out: memref<4x1024xf32>, %v: f32) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c4 = arith.constant 4 : index
  %c1024 = arith.constant 1024 : index
  scf.for %i = %c0 to %c4 step %c1 {
    scf.for %j = %c0 to %c1024 step %c1 {
      memref.store %v, %out[%i, %j] : memref<4x1024xf32>
    }
  }
  return
}

// -----

// Left alone: a result that is also read (it would be read back from
// memory), one below min-bytes, rows that are not whole cache lines (its
// vector stores could not all be aligned), and a store in a loop with
// results.
// CHECK-LABEL: func.func @not_streamed(
// CHECK-NOT: nontemporal
// CHECK-NOT: scf.if
// CHECK-NOT: sfence
// CHECK: return
func.func @not_streamed(%read: memref<64x16xf32>, %small: memref<16x16xf32>,
                        %ragged: memref<64x17xf32>, %carried: memref<64x16xf32>,
                        %v: f32) -> f32 {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c16 = arith.constant 16 : index
  %c17 = arith.constant 17 : index
  %c64 = arith.constant 64 : index
  scf.for %i = %c0 to %c64 step %c1 {
    scf.for %j = %c0 to %c16 step %c1 {
      %x = memref.load %read[%i, %j] : memref<64x16xf32>
      %y = arith.addf %x, %v : f32
      memref.store %y, %read[%i, %j] : memref<64x16xf32>
    }
  }
  scf.for %i = %c0 to %c16 step %c1 {
    scf.for %j = %c0 to %c16 step %c1 {
      memref.store %v, %small[%i, %j] : memref<16x16xf32>
    }
  }
  scf.for %i = %c0 to %c64 step %c1 {
    scf.for %j = %c0 to %c17 step %c1 {
      memref.store %v, %ragged[%i, %j] : memref<64x17xf32>
    }
  }
  %sum = scf.for %i = %c0 to %c64 step %c1 iter_args(%acc = %v) -> f32 {
    memref.store %acc, %carried[%i, %c0] : memref<64x16xf32>
    %next = arith.addf %acc, %v : f32
    scf.yield %next : f32
  }
  return %sum : f32
}
