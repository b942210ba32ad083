// RUN: kiln-opt %s --kiln-cpu-partition-worksharing-loops --split-input-file | FileCheck %s

// A static loop that is all its parallel region does: each thread loops over
// its contiguous share, [t * (n / T) + min(t, n % T), + n / T + (t < n % T)),
// of the n = ceil(100 / 4) iterations, and the region's barrier ends it.
// CHECK-LABEL: func.func @one_dimension(
// CHECK-SAME: %[[BUF:.+]]: memref<100xf32>
// CHECK: omp.parallel {
// CHECK-NOT: omp.wsloop
// CHECK: %[[TID32:.+]] = func.call @omp_get_thread_num() : () -> i32
// CHECK: %[[TID:.+]] = arith.index_cast %[[TID32]] : i32 to index
// CHECK: %[[NT32:.+]] = func.call @omp_get_num_threads() : () -> i32
// CHECK: %[[NT:.+]] = arith.index_cast %[[NT32]] : i32 to index
// CHECK: %[[COUNT:.+]] = arith.ceildivsi %{{.+}}, %[[STEP:.+]] : index
// CHECK: %[[TOTAL:.+]] = arith.muli %{{.+}}, %[[COUNT]] : index
// CHECK: %[[SHARE:.+]] = arith.divui %[[TOTAL]], %[[NT]] : index
// CHECK: %[[EXTRA:.+]] = arith.remui %[[TOTAL]], %[[NT]] : index
// CHECK: %[[FIRST:.+]] = arith.minui %[[TID]], %[[EXTRA]] : index
// CHECK: %[[BEFORE:.+]] = arith.muli %[[TID]], %[[SHARE]] : index
// CHECK: %[[BEGIN:.+]] = arith.addi %[[BEFORE]], %[[FIRST]] : index
// CHECK: %[[TAKES:.+]] = arith.cmpi ult, %[[TID]], %[[EXTRA]] : index
// CHECK: %[[ONE_MORE:.+]] = arith.select %[[TAKES]]
// CHECK: %[[PLAIN_END:.+]] = arith.addi %[[BEGIN]], %[[SHARE]] : index
// CHECK: %[[END:.+]] = arith.addi %[[PLAIN_END]], %[[ONE_MORE]] : index
// CHECK: cf.br ^[[HEADER:.+]](%[[BEGIN]] : index)
// CHECK: ^[[HEADER]](%[[I:.+]]: index):
// CHECK: %[[MORE:.+]] = arith.cmpi ult, %[[I]], %[[END]] : index
// CHECK: cf.cond_br %[[MORE]], ^[[BODY:.+]], ^[[EXIT:.+]]
// CHECK: ^[[BODY]]:
// CHECK: %[[OFFSET:.+]] = arith.muli %[[I]], %[[STEP]] : index
// CHECK: %[[IV:.+]] = arith.addi %{{.+}}, %[[OFFSET]] : index
// CHECK: memref.store %{{.+}}, %[[BUF]][%[[IV]]]
// CHECK: %[[NEXT:.+]] = arith.addi %[[I]], %{{.+}} : index
// CHECK: cf.br ^[[HEADER]](%[[NEXT]] : index)
// CHECK: ^[[EXIT]]:
// CHECK-NEXT: omp.terminator
// CHECK: func.func private @omp_get_thread_num() -> i32
// CHECK: func.func private @omp_get_num_threads() -> i32
func.func @one_dimension(%buf: memref<100xf32>) {
  %c0 = arith.constant 0 : index
  %c4 = arith.constant 4 : index
  %c100 = arith.constant 100 : index
  %one = arith.constant 1.0 : f32
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%c100) step (%c4) {
        memref.store %one, %buf[%i] : memref<100xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  return
}

// -----

// A collapsed nest shares its linear iterations; each index is recovered
// from the linear one, the last dimension fastest.
// CHECK-LABEL: func.func @collapsed(
// CHECK: %[[ROWS:.+]] = arith.ceildivsi
// CHECK: %[[COLS:.+]] = arith.ceildivsi
// CHECK: ^{{.+}}(%[[I:.+]]: index):
// CHECK: cf.cond_br
// CHECK: %[[COL_POS:.+]] = arith.remui %[[I]], %[[COLS]] : index
// CHECK: %[[ROW_POS:.+]] = arith.divui %[[I]], %[[COLS]] : index
// CHECK: %[[COL_OFF:.+]] = arith.muli %[[COL_POS]], %{{.+}} : index
// CHECK: %[[COL:.+]] = arith.addi %{{.+}}, %[[COL_OFF]] : index
// CHECK: %[[ROW_OFF:.+]] = arith.muli %[[ROW_POS]], %{{.+}} : index
// CHECK: %[[ROW:.+]] = arith.addi %{{.+}}, %[[ROW_OFF]] : index
// CHECK: memref.store %{{.+}}, %{{.+}}[%[[ROW]], %[[COL]]]
func.func @collapsed(%buf: memref<8x6xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c2 = arith.constant 2 : index
  %c6 = arith.constant 6 : index
  %c8 = arith.constant 8 : index
  %one = arith.constant 1.0 : f32
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i, %j) : index = (%c0, %c0) to (%c8, %c6) step (%c1, %c2) collapse(2) {
        memref.store %one, %buf[%i, %j] : memref<8x6xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  return
}

// -----

// Left to libomp: a loop with a schedule, one with a reduction, and two
// loops sharing a region (the first one's barrier is needed).
// CHECK-LABEL: func.func @left_alone(
// CHECK-NOT: omp_get_thread_num
// CHECK: omp.wsloop schedule(dynamic)
// CHECK: omp.wsloop reduction(
// CHECK: omp.wsloop {
// CHECK: omp.wsloop {
// CHECK-NOT: omp_get_thread_num
omp.declare_reduction @add_f32 : f32 init {
^bb0(%arg: f32):
  %zero = arith.constant 0.0 : f32
  omp.yield(%zero : f32)
} combiner {
^bb0(%a: f32, %b: f32):
  %sum = arith.addf %a, %b : f32
  omp.yield(%sum : f32)
}
func.func @left_alone(%buf: memref<100xf32>, %sum: !llvm.ptr) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c100 = arith.constant 100 : index
  %one = arith.constant 1.0 : f32
  omp.parallel {
    omp.wsloop schedule(dynamic) {
      omp.loop_nest (%i) : index = (%c0) to (%c100) step (%c1) {
        memref.store %one, %buf[%i] : memref<100xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  omp.parallel {
    omp.wsloop reduction(@add_f32 %sum -> %acc : !llvm.ptr) {
      omp.loop_nest (%i) : index = (%c0) to (%c100) step (%c1) {
        %x = memref.load %buf[%i] : memref<100xf32>
        %old = llvm.load %acc : !llvm.ptr -> f32
        %new = arith.addf %old, %x : f32
        llvm.store %new, %acc : f32, !llvm.ptr
        omp.yield
      }
    }
    omp.terminator
  }
  omp.parallel {
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%c100) step (%c1) {
        memref.store %one, %buf[%i] : memref<100xf32>
        omp.yield
      }
    }
    omp.wsloop {
      omp.loop_nest (%i) : index = (%c0) to (%c100) step (%c1) {
        memref.store %one, %buf[%i] : memref<100xf32>
        omp.yield
      }
    }
    omp.terminator
  }
  return
}
