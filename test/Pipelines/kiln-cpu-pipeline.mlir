// RUN: kiln-opt %s --kiln-cpu-pipeline --split-input-file | FileCheck %s
// RUN: kiln-opt %s --kiln-cpu-pipeline=stream-min-bytes=1048576 --split-input-file | FileCheck %s --check-prefix=STREAM

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

// -----

// A softmax's 1 MiB result is only written. With stream-min-bytes at most
// its size (the compiler driver sets half the host's last-level cache, on
// x86), its row loop stores nontemporally where the result is aligned, and
// the parallel region fences those stores; by default nothing streams.
// CHECK-LABEL: llvm.func @softmax_rows(
// CHECK-NOT: nontemporal
// CHECK-NOT: sfence
// CHECK: llvm.func @_kiln_entry_softmax_rows(
// STREAM-LABEL: llvm.func @softmax_rows(
// STREAM: omp.parallel
// STREAM: llvm.ptrtoint
// STREAM: llvm.and %{{.+}}, %{{.+}} : i64
// STREAM: llvm.icmp "eq"
// STREAM: llvm.store %{{.+}}, %{{.+}} {nontemporal} : f32, !llvm.ptr
// STREAM: llvm.call_intrinsic "llvm.x86.sse.sfence"() : () -> ()
// STREAM-NEXT: omp.terminator
func.func @softmax_rows(%x: tensor<256x1024xf32>) -> tensor<256x1024xf32> {
  %0 = kiln.reduce_max %x dims = [1] : tensor<256x1024xf32> -> tensor<256xf32>
  %1 = kiln.reshape %0 : tensor<256xf32> -> tensor<256x1xf32>
  %2 = kiln.broadcast %1 dims = [0, 1] : tensor<256x1xf32> -> tensor<256x1024xf32>
  %3 = kiln.sub %x, %2 : tensor<256x1024xf32>
  %4 = kiln.exp %3 : tensor<256x1024xf32>
  %5 = kiln.reduce_sum %4 dims = [1] : tensor<256x1024xf32> -> tensor<256xf32>
  %6 = kiln.reshape %5 : tensor<256xf32> -> tensor<256x1xf32>
  %7 = kiln.reciprocal %6 : tensor<256x1xf32>
  %8 = kiln.broadcast %7 dims = [0, 1] : tensor<256x1xf32> -> tensor<256x1024xf32>
  %9 = kiln.mul %4, %8 : tensor<256x1024xf32>
  return %9 : tensor<256x1024xf32>
}
