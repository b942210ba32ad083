// RUN: kiln-opt %s --kiln-cpu-pipeline --split-input-file | FileCheck %s

// A chain of five elementwise ops compiles to one parallel loop nest that
// writes the caller's buffer: three inputs, one output, no allocation.
// (Below 16384 elements it would run on one thread, without OpenMP.) Each
// thread computes its share of the loop from its number.
// CHECK-LABEL: llvm.func @chain(
// CHECK-SAME: %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// CHECK-NOT: llvm.call @{{(malloc|aligned_alloc)}}
// CHECK: omp.parallel
// CHECK-NOT: omp.wsloop
// CHECK: llvm.call @omp_get_thread_num()
// CHECK-NOT: omp.parallel
// CHECK: llvm.func @_kiln_entry_chain(
func.func @chain(%a: tensor<65536xf32>, %b: tensor<65536xf32>, %c: tensor<65536xf32>) -> tensor<65536xf32> {
  %0 = kiln.mul %a, %b : tensor<65536xf32>
  %1 = kiln.add %0, %c : tensor<65536xf32>
  %2 = kiln.tanh %1 : tensor<65536xf32>
  %3 = kiln.maximum %2, %a : tensor<65536xf32>
  %4 = kiln.sub %3, %b : tensor<65536xf32>
  return %4 : tensor<65536xf32>
}

// -----

// A matmul is tiled for threads and registers: 512-bit FMAs.
// CHECK-LABEL: llvm.func @matmul(
// CHECK: omp.parallel
// CHECK: llvm.intr.fmuladd({{.*}}) : (vector<32xf32>, vector<32xf32>, vector<32xf32>) -> vector<32xf32>
func.func @matmul(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %0 = kiln.matmul %a, %b : tensor<64x64xf32>, tensor<64x64xf32> -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}

// -----

// A checked gather adds a status buffer after the result's, and names the op
// and its location for the runtime's error message.
// CHECK-LABEL: llvm.func @gather(
// CHECK-SAME: %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// CHECK-SAME: kiln.fault_sites = ["kiln.gather at {{.*}}kiln-cpu-pipeline.mlir:[[@LINE+2]]:8"]
func.func @gather(%src: tensor<4x5xf32>, %idx: tensor<3x5xi64>) -> tensor<3x5xf32> {
  %0 = kiln.gather %src, %idx dim = 0 : tensor<4x5xf32>, tensor<3x5xi64> -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// Temporaries come from aligned_alloc, not from malloc aligned by pointer
// arithmetic, so LLVM knows they alias nothing else.
// CHECK-LABEL: llvm.func @temporary(
// CHECK-NOT: llvm.call @malloc
// CHECK: llvm.call @aligned_alloc
// CHECK-NOT: llvm.call @malloc
// CHECK: llvm.func @_kiln_entry_temporary(
func.func @temporary(%x: tensor<8x64xf32>) -> tensor<8x64xf32> {
  %e = kiln.exp %x : tensor<8x64xf32>
  %s = kiln.reduce_sum %e dims = [1] : tensor<8x64xf32> -> tensor<8xf32>
  %r = kiln.reshape %s : tensor<8xf32> -> tensor<8x1xf32>
  %b = kiln.broadcast %r dims = [0, 1] : tensor<8x1xf32> -> tensor<8x64xf32>
  %d = kiln.div %e, %b : tensor<8x64xf32>
  return %d : tensor<8x64xf32>
}

// -----

// Register tiles (a matmul's accumulators, a transposed 16x16 block) are
// read and written as 1-D vectors, not through stack temporaries, whose
// allocations inside loops only LLVM's unrolling would remove.
// CHECK-LABEL: llvm.func @register_tiles(
// CHECK-NOT: llvm.alloca
// CHECK: llvm.func @_kiln_entry_register_tiles(
func.func @register_tiles(%a: tensor<64x64xf32>, %b: tensor<64x64xf32>) -> tensor<64x64xf32> {
  %t = kiln.transpose %b permutation = [1, 0] : tensor<64x64xf32> -> tensor<64x64xf32>
  %0 = kiln.matmul %a, %t : tensor<64x64xf32>, tensor<64x64xf32> -> tensor<64x64xf32>
  return %0 : tensor<64x64xf32>
}

// -----

// Empty buffers with a zero after the first dimension still make a
// bare-pointer entry point (kiln-flatten-empty-arguments).
// CHECK-LABEL: llvm.func @trailing_empty(
// CHECK-SAME: %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
func.func @trailing_empty(%a: tensor<2x0xf32>) -> tensor<2x0xf32> {
  %0 = kiln.neg %a : tensor<2x0xf32>
  return %0 : tensor<2x0xf32>
}
