// RUN: kiln-opt %s --kiln-cpu-partition-worksharing-loops --verify-diagnostics

// The runtime's function name taken by something else is an error, not a
// second symbol of the same name.
// expected-error @+1 {{'omp_get_thread_num' is not OpenMP's () -> i32 function}}
func.func private @omp_get_thread_num() -> i64

func.func @loop(%buf: memref<100xf32>) {
  %c0 = arith.constant 0 : index
  %c1 = arith.constant 1 : index
  %c100 = arith.constant 100 : index
  %one = arith.constant 1.0 : f32
  omp.parallel {
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
