// RUN: kiln-opt %s --pass-pipeline='builtin.module(func.func(kiln-gpu-map-loops{threads-per-block=128}))' --split-input-file --verify-diagnostics | FileCheck %s

// A 6x5 parallel loop runs as ceil(30 / 128) blocks of 128 threads; each
// thread recovers (i, j) from its linear id and does nothing past 30.
// CHECK-LABEL: func.func @parallel(
// CHECK: %[[ROWS:.+]] = arith.ceildivui %{{.+}}, %c1 : index
// CHECK: %[[COLS:.+]] = arith.ceildivui %{{.+}}, %c1 : index
// CHECK: %[[TOTAL:.+]] = arith.muli %{{.+}}, %[[COLS]] : index
// CHECK: %[[BLOCKS:.+]] = arith.ceildivui %[[TOTAL]], %[[T:.+]] : index
// CHECK: gpu.launch blocks(%[[BX:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %[[BLOCKS]], %{{.+}} = %[[ONE:.+]], %{{.+}} = %[[ONE]]) threads(%[[TX:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %[[T]], %{{.+}} = %[[ONE]], %{{.+}} = %[[ONE]])
// CHECK: %[[FIRST:.+]] = arith.muli %[[BX]], %[[T]] : index
// CHECK: %[[ID:.+]] = arith.addi %[[FIRST]], %[[TX]] : index
// CHECK: %[[IN:.+]] = arith.cmpi ult, %[[ID]], %[[TOTAL]] : index
// CHECK: scf.if %[[IN]] {
// CHECK: %[[J:.+]] = arith.remui %[[ID]], %[[COLS]] : index
// CHECK: %[[I:.+]] = arith.divui %[[ID]], %[[COLS]] : index
// CHECK: memref.load %{{.+}}[%{{.+}}, %{{.+}}] : memref<6x5xf32>
// CHECK: gpu.terminator
// CHECK-NOT: scf.parallel
func.func @parallel(%a: memref<6x5xf32>, %b: memref<6x5xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c5 = arith.constant 5 : index
  %c6 = arith.constant 6 : index
  scf.parallel (%i, %j) = (%c0, %c0) to (%c6, %c5) step (%c1, %c1) {
    %x = memref.load %a[%i, %j] : memref<6x5xf32>
    memref.store %x, %b[%i, %j] : memref<6x5xf32>
    scf.reduce
  }
  return
}

// -----

// A loop nest with no parallel dimension (a full reduction) runs on one
// thread, since its buffers are in device memory.
// CHECK-LABEL: func.func @serial(
// CHECK: gpu.launch blocks(%{{.+}}, %{{.+}}, %{{.+}}) in (%{{.+}} = %[[ONE:.+]], %{{.+}} = %[[ONE]], %{{.+}} = %[[ONE]]) threads(%{{.+}}, %{{.+}}, %{{.+}}) in (%{{.+}} = %[[ONE]], %{{.+}} = %[[ONE]], %{{.+}} = %[[ONE]])
// CHECK-NEXT: scf.for
// CHECK: gpu.terminator
// CHECK-NEXT: }
// CHECK-NEXT: return
func.func @serial(%a: memref<8xf32>, %sum: memref<f32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  scf.for %i = %c0 to %c8 step %c1 {
    %x = memref.load %a[%i] : memref<8xf32>
    %s = memref.load %sum[] : memref<f32>
    %t = arith.addf %s, %x : f32
    memref.store %t, %sum[] : memref<f32>
  }
  return
}

// -----

// A value read from device memory moves into the launch with the scalar
// arithmetic and the store that use it (a fault status flag).
// CHECK-LABEL: func.func @status(
// CHECK: gpu.launch
// CHECK-NEXT: %[[FLAG:.+]] = memref.load %{{.+}}[] : memref<i1>
// CHECK-NEXT: %[[CODE:.+]] = arith.extui %[[FLAG]] : i1 to i32
// CHECK-NEXT: memref.store %[[CODE]], %{{.+}}[] : memref<i32>
// CHECK-NEXT: gpu.terminator
func.func @status(%flag: memref<i1>, %status: memref<i32>) {
  %0 = memref.load %flag[] : memref<i1>
  %1 = arith.extui %0 : i1 to i32
  memref.store %1, %status[] : memref<i32>
  return
}

// -----

func.func private @host(i1)

func.func @host_use(%flag: memref<i1>) {
  // expected-error @+1 {{read from device memory and used by host code}}
  %0 = memref.load %flag[] : memref<i1>
  func.call @host(%0) : (i1) -> ()
  return
}
