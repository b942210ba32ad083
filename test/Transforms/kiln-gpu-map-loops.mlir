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

// -----

// A run-time scalar read by the host code and used in a loop nest (a fill
// value) is read inside the launch instead, with the arithmetic on it.
// CHECK-LABEL: func.func @scalar_fill(
// CHECK-SAME: %[[S:.+]]: memref<f32>, %[[OUT:.+]]: memref<8xf32>)
// CHECK-NOT: memref.load %[[S]]
// CHECK: gpu.launch
// CHECK: scf.if
// CHECK: %[[V:.+]] = memref.load %[[S]][] : memref<f32>
// CHECK-NEXT: %[[D:.+]] = arith.addf %[[V]], %[[V]] : f32
// CHECK: memref.store %[[D]], %[[OUT]]
func.func @scalar_fill(%s: memref<f32>, %out: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %v = memref.load %s[] : memref<f32>
  %d = arith.addf %v, %v : f32
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    memref.store %d, %out[%i] : memref<8xf32>
    scf.reduce
  }
  return
}

// -----

// A read the host code makes before the buffer is written again cannot move
// past the write: the pipeline reports it rather than read a later value.
func.func @scalar_overwritten(%s: memref<f32>, %out: memref<8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %zero = arith.constant 0.0 : f32
  // expected-error @+1 {{read from device memory and used by host code}}
  %v = memref.load %s[] : memref<f32>
  memref.store %zero, %s[] : memref<f32>
  scf.parallel (%i) = (%c0) to (%c8) step (%c1) {
    memref.store %v, %out[%i] : memref<8xf32>
    scf.reduce
  }
  return
}

// -----

// Nor can it move into a nest that writes the buffer itself, or a view of it.
func.func @scalar_rewritten_in_nest(%s: memref<4xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  // expected-error @+1 {{read from device memory and used by host code}}
  %v = memref.load %s[%c0] : memref<4xf32>
  %view = memref.subview %s[0] [2] [1] : memref<4xf32> to memref<2xf32, strided<[1]>>
  scf.for %i = %c0 to %c2 step %c1 {
    %w = arith.addf %v, %v : f32
    memref.store %w, %view[%c0] : memref<2xf32, strided<[1]>>
  }
  return
}

// -----

// A reduction over the leading dimension (a bias gradient) runs one thread
// per output column, each looping over the rows in order, not in one thread.
// CHECK-LABEL: func.func @column_sums(
// CHECK: %[[BLOCKS:.+]] = arith.ceildivui %{{.+}}, %c128 : index
// CHECK: gpu.launch blocks(%{{.+}}, %{{.+}}, %{{.+}}) in (%{{.+}} = %[[BLOCKS]],
// CHECK: scf.if
// CHECK: scf.for %{{.+}} = %c0 to %c64 step %c1 {
// CHECK: memref.load %{{.+}}[%{{.+}}, %{{.+}}] : memref<64x512xf32>
// CHECK-NOT: scf.parallel
func.func @column_sums(%x: memref<64x512xf32>, %sums: memref<512xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c512 = arith.constant 512 : index
  scf.for %i = %c0 to %c64 step %c1 {
    scf.parallel (%j) = (%c0) to (%c512) step (%c1) {
      %v = memref.load %x[%i, %j] : memref<64x512xf32>
      %s = memref.load %sums[%j] : memref<512xf32>
      %t = arith.addf %s, %v : f32
      memref.store %t, %sums[%j] : memref<512xf32>
      scf.reduce
    }
  }
  return
}

// -----

// A reduction over the innermost dimension (a row's sum, with the element
// computed in the loop) runs a warp per row: lane l sums elements l, l + 32,
// ... in a register, four at a time while whole groups of four strides
// remain (their loads issued together) and then one at a time; xor
// shuffles combine the 32 partial sums, and lane 0 adds the total to the
// row's accumulator.
// CHECK-LABEL: func.func @row_sums(
// CHECK-SAME: %[[X:.+]]: memref<64x512xf32>, %[[SUMS:.+]]: memref<64xf32>)
// CHECK: %[[THREADS:.+]] = arith.muli %{{.+}}, %c32 : index
// CHECK: %[[BLOCKS:.+]] = arith.ceildivui %[[THREADS]], %c128 : index
// CHECK: gpu.launch blocks(%{{.+}}, %{{.+}}, %{{.+}}) in (%{{.+}} = %[[BLOCKS]],
// CHECK: %[[ID:.+]] = arith.addi
// CHECK: %[[WARP:.+]] = arith.divui %[[ID]], %c32 : index
// CHECK: %[[LANE:.+]] = arith.remui %[[ID]], %c32 : index
// CHECK: scf.if
// CHECK: %[[STRIDE:.+]] = arith.muli %c1, %c32
// CHECK: %[[OFFSET:.+]] = arith.muli %[[LANE]], %c1 : index
// CHECK: %[[START:.+]] = arith.addi %c0, %[[OFFSET]] : index
// CHECK: %[[GROUPS_END:.+]] = arith.subi %c512, %{{.+}} : index
// CHECK: %[[GROUPED:.+]] = scf.for %[[K:.+]] = %[[START]] to %[[GROUPS_END]] step %{{.+}} iter_args(%[[ACC:.+]] = %{{.+}}) -> (f32) {
// CHECK: %[[V0:.+]] = memref.load %[[X]][%{{.+}}, %[[K]]]
// CHECK: %[[S0:.+]] = arith.mulf %[[V0]], %[[V0]] : f32
// CHECK-COUNT-3: memref.load %[[X]]
// CHECK: %[[A0:.+]] = arith.addf %[[S0]], %[[ACC]] fastmath<reassoc> : f32
// CHECK-COUNT-3: arith.addf
// CHECK: scf.yield
// CHECK: %[[REST:.+]] = scf.for %[[R:.+]] = %{{.+}} to %c512 step %[[STRIDE]] iter_args(%[[RACC:.+]] = %[[GROUPED]]) -> (f32) {
// CHECK: %[[V:.+]] = memref.load %[[X]][%{{.+}}, %[[R]]]
// CHECK: %[[SQUARE:.+]] = arith.mulf %[[V]], %[[V]] : f32
// CHECK: %[[NEXT:.+]] = arith.addf %[[SQUARE]], %[[RACC]] fastmath<reassoc> : f32
// CHECK: scf.yield %[[NEXT]] : f32
// CHECK-COUNT-5: gpu.shuffle  xor
// CHECK: %[[TOTAL:.+]] = arith.addf %{{.+}}, %{{.+}} fastmath<reassoc> : f32
// CHECK: %[[FIRST:.+]] = arith.cmpi eq, %[[LANE]], %c0
// CHECK: scf.if %[[FIRST]] {
// CHECK: %[[OLD:.+]] = memref.load %[[SUMS]]
// CHECK: %[[NEW:.+]] = arith.addf %[[TOTAL]], %[[OLD]] fastmath<reassoc> : f32
// CHECK: memref.store %[[NEW]], %[[SUMS]]
func.func @row_sums(%x: memref<64x512xf32>, %sums: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c512 = arith.constant 512 : index
  scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
    scf.for %k = %c0 to %c512 step %c1 {
      %v = memref.load %x[%i, %k] : memref<64x512xf32>
      %sq = arith.mulf %v, %v : f32
      %s = memref.load %sums[%i] : memref<64xf32>
      %t = arith.addf %sq, %s fastmath<reassoc> : f32
      memref.store %t, %sums[%i] : memref<64xf32>
    }
    scf.reduce
  }
  return
}

// -----

// A float sum that may not be reassociated keeps its order: one thread per
// row. So does a reduction shuffles cannot exchange (64-bit), and one whose
// loads stride through memory (a column's maximum), where a thread per
// column reads adjacent elements with its neighbours.
// CHECK-LABEL: func.func @kept_one_thread_per_output(
// CHECK-NOT: gpu.shuffle
// CHECK-NOT: arith.remui %{{.+}}, %c32
// CHECK: return
func.func @kept_one_thread_per_output(%x: memref<64x512xf32>,
                                      %sums: memref<64xf32>,
                                      %d: memref<64x512xf64>,
                                      %dmax: memref<64xf64>,
                                      %cmax: memref<512xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c512 = arith.constant 512 : index
  scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
    scf.for %k = %c0 to %c512 step %c1 {
      %v = memref.load %x[%i, %k] : memref<64x512xf32>
      %s = memref.load %sums[%i] : memref<64xf32>
      %t = arith.addf %v, %s : f32
      memref.store %t, %sums[%i] : memref<64xf32>
    }
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
    scf.for %k = %c0 to %c512 step %c1 {
      %v = memref.load %d[%i, %k] : memref<64x512xf64>
      %m = memref.load %dmax[%i] : memref<64xf64>
      %t = arith.maximumf %v, %m : f64
      memref.store %t, %dmax[%i] : memref<64xf64>
    }
    scf.reduce
  }
  scf.parallel (%j) = (%c0) to (%c512) step (%c1) {
    scf.for %k = %c0 to %c64 step %c1 {
      %v = memref.load %x[%k, %j] : memref<64x512xf32>
      %m = memref.load %cmax[%j] : memref<512xf32>
      %t = arith.maximumf %v, %m : f32
      memref.store %t, %cmax[%j] : memref<512xf32>
    }
    scf.reduce
  }
  return
}

// -----

// A row's maximum (its initial value, then the reduction) and the rows
// scaled by it run as one launch with a block per row, the phases in turn
// with a barrier between them: thread 0 sets the initial value; the threads
// reduce (four elements at a time), each warp by shuffles, the warps
// through a slot each in workgroup memory, and thread 0 updates the
// maximum; then the threads stride through the row, four elements at a
// time with their loads before their stores, the row's maximum read once
// before the loop. What one phase writes of a row the next reads from
// cache, not from device memory in a later launch.
// CHECK-LABEL: func.func @row_group(
// CHECK-SAME: %[[X:.+]]: memref<1024x8xf32>, %[[Y:.+]]: memref<1024x8xf32>)
// CHECK: %[[MAX:.+]] = memref.alloc() : memref<1024xf32>
// CHECK: %[[VIEW:.+]] = memref.expand_shape %[[MAX]]
// CHECK: gpu.launch blocks(%[[ROW:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %c1024{{.*}}, %{{.+}} = %{{.+}}, %{{.+}} = %{{.+}}) threads(%[[T:.+]], %{{.+}}, %{{.+}}) in (%{{.+}} = %c128, %{{.+}} = %{{.+}}, %{{.+}} = %{{.+}}) workgroup(%[[SLOTS:.+]] : memref<4xf32, #gpu.address_space<workgroup>>)
// CHECK: %[[FIRST:.+]] = arith.cmpi eq, %[[T]], %{{.+}} : index
// CHECK: scf.if %[[FIRST]] {
// CHECK-NEXT: memref.store %{{.+}}, %[[MAX]][%[[ROW]]]
// CHECK: gpu.barrier
// CHECK-COUNT-5: gpu.shuffle  xor
// CHECK: %[[WARP:.+]] = arith.divui %[[T]], %c32
// CHECK: memref.store %{{.+}}, %[[SLOTS]][%[[WARP]]]
// CHECK: gpu.barrier
// CHECK-COUNT-4: memref.load %[[SLOTS]]
// CHECK: memref.store %{{.+}}, %[[MAX]][%[[ROW]]]
// CHECK: gpu.barrier
// CHECK: %[[M:.+]] = memref.load %[[VIEW]][%[[ROW]], %c0]
// CHECK: scf.for
// CHECK-NOT: memref.load %[[VIEW]]
// CHECK: %[[V:.+]] = memref.load %[[X]][%[[ROW]], %{{.+}}]
// CHECK-NEXT: arith.divf %[[V]], %[[M]]
// CHECK-NOT: memref.store
// CHECK: memref.load %[[X]]
// CHECK-NOT: memref.store
// CHECK: memref.load %[[X]]
// CHECK-NOT: memref.store
// CHECK: memref.load %[[X]]
// CHECK-NOT: memref.load %[[X]]
// CHECK-COUNT-4: memref.store %{{.+}}, %[[Y]][%[[ROW]], %{{.+}}]
// CHECK: scf.for
// CHECK: memref.store %{{.+}}, %[[Y]][%[[ROW]], %{{.+}}]
// CHECK-NOT: gpu.launch
// CHECK: memref.dealloc %[[MAX]]
func.func @row_group(%x: memref<1024x8xf32>, %y: memref<1024x8xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c1024 = arith.constant 1024 : index
  %lowest = arith.constant 0xFF800000 : f32
  %max = memref.alloc() : memref<1024xf32>
  scf.parallel (%i) = (%c0) to (%c1024) step (%c1) {
    memref.store %lowest, %max[%i] : memref<1024xf32>
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c1024) step (%c1) {
    scf.for %k = %c0 to %c8 step %c1 {
      %v = memref.load %x[%i, %k] : memref<1024x8xf32>
      %m = memref.load %max[%i] : memref<1024xf32>
      %n = arith.maximumf %v, %m : f32
      memref.store %n, %max[%i] : memref<1024xf32>
    }
    scf.reduce
  }
  %view = memref.expand_shape %max [[0, 1]] output_shape [1024, 1] : memref<1024xf32> into memref<1024x1xf32>
  scf.parallel (%i, %j) = (%c0, %c0) to (%c1024, %c8) step (%c1, %c1) {
    %v = memref.load %x[%i, %j] : memref<1024x8xf32>
    %m = memref.load %view[%i, %c0] : memref<1024x1xf32>
    %s = arith.divf %v, %m : f32
    memref.store %s, %y[%i, %j] : memref<1024x8xf32>
    scf.reduce
  }
  memref.dealloc %max : memref<1024xf32>
  return
}

// -----

// A phase that reads another row of what the group writes (here the next
// row's maximum) would see it before or after that row's block wrote it: it
// stays a launch of its own after the group of the first two. Loops over
// fewer rows than make enough warps are not grouped.
// CHECK-LABEL: func.func @not_row_local(
// CHECK: gpu.launch
// CHECK: gpu.barrier
// CHECK: gpu.terminator
// CHECK: gpu.launch
// CHECK-NOT: gpu.barrier
// CHECK: %[[NEXT:.+]] = arith.remui
// CHECK: memref.load %{{.+}}[%[[NEXT]]]
// CHECK-LABEL: func.func @few_rows(
// CHECK-COUNT-2: gpu.launch
// CHECK-NOT: gpu.barrier
func.func @not_row_local(%x: memref<1024x8xf32>, %y: memref<1024xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c1024 = arith.constant 1024 : index
  %lowest = arith.constant 0xFF800000 : f32
  %max = memref.alloc() : memref<1024xf32>
  scf.parallel (%i) = (%c0) to (%c1024) step (%c1) {
    memref.store %lowest, %max[%i] : memref<1024xf32>
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c1024) step (%c1) {
    scf.for %k = %c0 to %c8 step %c1 {
      %v = memref.load %x[%i, %k] : memref<1024x8xf32>
      %m = memref.load %max[%i] : memref<1024xf32>
      %n = arith.maximumf %v, %m : f32
      memref.store %n, %max[%i] : memref<1024xf32>
    }
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c1024) step (%c1) {
    %after = arith.addi %i, %c1 : index
    %next = arith.remui %after, %c1024 : index
    %m = memref.load %max[%next] : memref<1024xf32>
    memref.store %m, %y[%i] : memref<1024xf32>
    scf.reduce
  }
  memref.dealloc %max : memref<1024xf32>
  return
}

func.func @few_rows(%x: memref<512x8xf32>, %max: memref<512xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c8 = arith.constant 8 : index
  %c512 = arith.constant 512 : index
  %lowest = arith.constant 0xFF800000 : f32
  scf.parallel (%i) = (%c0) to (%c512) step (%c1) {
    memref.store %lowest, %max[%i] : memref<512xf32>
    scf.reduce
  }
  scf.parallel (%i) = (%c0) to (%c512) step (%c1) {
    scf.for %k = %c0 to %c8 step %c1 {
      %v = memref.load %x[%i, %k] : memref<512x8xf32>
      %m = memref.load %max[%i] : memref<512xf32>
      %n = arith.maximumf %v, %m : f32
      memref.store %n, %max[%i] : memref<512xf32>
    }
    scf.reduce
  }
  return
}

// -----

// What a reduction's element reads from buffers the loop does not write,
// at indices the loop does not change (the row's mean), each lane reads
// once before its loop.
// CHECK-LABEL: func.func @centred_row_sums(
// CHECK-SAME: %[[X:.+]]: memref<64x512xf32>, %[[MEAN:.+]]: memref<64xf32>,
// CHECK: scf.if
// CHECK: %[[M:.+]] = memref.load %[[MEAN]]
// CHECK: scf.for
// CHECK-NOT: memref.load %[[MEAN]]
// CHECK: %[[V:.+]] = memref.load %[[X]]
// CHECK-NEXT: arith.subf %[[V]], %[[M]] : f32
// CHECK: gpu.shuffle
func.func @centred_row_sums(%x: memref<64x512xf32>, %mean: memref<64xf32>,
                            %sums: memref<64xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c64 = arith.constant 64 : index
  %c512 = arith.constant 512 : index
  scf.parallel (%i) = (%c0) to (%c64) step (%c1) {
    scf.for %k = %c0 to %c512 step %c1 {
      %v = memref.load %x[%i, %k] : memref<64x512xf32>
      %m = memref.load %mean[%i] : memref<64xf32>
      %d = arith.subf %v, %m : f32
      %s = memref.load %sums[%i] : memref<64xf32>
      %t = arith.addf %d, %s fastmath<reassoc> : f32
      memref.store %t, %sums[%i] : memref<64xf32>
    }
    scf.reduce
  }
  return
}

// -----

// A reduction whose loop has another parallel dimension besides the rows
// (a maximum over the last dimension of a 3-D tensor) is not a phase of a
// row group: it runs a warp per output, after its initial values' launch.
// CHECK-LABEL: func.func @reduction_over_rows_and_columns(
// CHECK: gpu.launch
// CHECK: gpu.launch
// CHECK-COUNT-5: gpu.shuffle  xor
// CHECK-NOT: gpu.barrier
// CHECK: return
func.func @reduction_over_rows_and_columns(%x: memref<1024x3x40xf32>,
                                           %max: memref<1024x3xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c3 = arith.constant 3 : index
  %c40 = arith.constant 40 : index
  %c1024 = arith.constant 1024 : index
  %lowest = arith.constant 0xFF800000 : f32
  scf.parallel (%i, %j) = (%c0, %c0) to (%c1024, %c3) step (%c1, %c1) {
    memref.store %lowest, %max[%i, %j] : memref<1024x3xf32>
    scf.reduce
  }
  scf.parallel (%i, %j) = (%c0, %c0) to (%c1024, %c3) step (%c1, %c1) {
    scf.for %k = %c0 to %c40 step %c1 {
      %v = memref.load %x[%i, %j, %k] : memref<1024x3x40xf32>
      %m = memref.load %max[%i, %j] : memref<1024x3xf32>
      %n = arith.maximumf %v, %m : f32
      memref.store %n, %max[%i, %j] : memref<1024x3xf32>
    }
    scf.reduce
  }
  return
}
