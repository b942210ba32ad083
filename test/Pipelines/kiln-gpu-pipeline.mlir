// RUN: kiln-opt %s --kiln-gpu-pipeline --split-input-file | FileCheck %s
// RUN: kiln-opt %s --kiln-gpu-pipeline='chip=sm_80 features=+ptx70' --split-input-file | FileCheck %s --check-prefix=SM80

// An elementwise chain is one kernel, outlined, lowered to NVVM and
// serialized to PTX for sm_90. The host function keeps the bare-pointer
// signature and computes into the caller's device buffer.
// CHECK-LABEL: llvm.func @chain(
// CHECK-SAME: %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
// CHECK-NOT: llvm.call @malloc
// CHECK: llvm.call @mgpuStreamCreate()
// CHECK: gpu.launch_func <%{{.+}} : !llvm.ptr> @chain_kernel::@chain_kernel blocks in (%{{.+}}, %{{.+}}, %{{.+}}) threads in (%{{.+}}, %{{.+}}, %{{.+}})
// CHECK-NOT: gpu.launch_func
// CHECK: llvm.call @mgpuStreamSynchronize
// CHECK: gpu.binary @chain_kernel [#gpu.object<#nvvm.target<O = 3, chip = "sm_90", features = "+ptx80">
// CHECK-SAME: .target sm_90
// CHECK-SAME: .visible .entry chain_kernel(
// CHECK-SAME: ld.global
// CHECK-SAME: mul.rn.f32
// CHECK-SAME: st.global
// CHECK: llvm.func @_kiln_entry_chain(
// SM80: chip = "sm_80", features = "+ptx70"
// SM80-SAME: .version 7.0
// SM80-SAME: .target sm_80
func.func @chain(%a: tensor<1024xf32>, %b: tensor<1024xf32>) -> tensor<1024xf32> {
  %0 = kiln.mul %a, %b : tensor<1024xf32>
  %1 = kiln.tanh %0 : tensor<1024xf32>
  return %1 : tensor<1024xf32>
}

// -----

// A matmul goes to cuBLAS through the runtime; its bias and ReLU are one
// kernel, and the intermediate buffer is device memory.
// CHECK-LABEL: llvm.func @linear(
// CHECK: llvm.call @mgpuMemAlloc(
// CHECK: llvm.call @kiln_gpu_matmul(
// CHECK: gpu.launch_func
// CHECK: llvm.call @mgpuMemFree(
// CHECK: gpu.binary
func.func @linear(%x: tensor<32x64xf32>, %w: tensor<64x16xf32>, %b: tensor<32x16xf32>) -> tensor<32x16xf32> {
  %0 = kiln.matmul %x, %w : tensor<32x64xf32>, tensor<64x16xf32> -> tensor<32x16xf32>
  %1 = kiln.add %0, %b : tensor<32x16xf32>
  %2 = kiln.relu %1 : tensor<32x16xf32>
  return %2 : tensor<32x16xf32>
}

// -----

// A convolution goes to cuDNN through the runtime, into a device buffer its
// ReLU kernel reads; the buffer is freed after both.
// CHECK-LABEL: llvm.func @conv_relu(
// CHECK: llvm.call @mgpuMemAlloc(
// CHECK: llvm.call @kiln_gpu_convolution(
// CHECK: gpu.launch_func
// CHECK: llvm.call @mgpuMemFree(
// CHECK: gpu.binary
func.func @conv_relu(%x: tensor<2x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<2x4x8x8xf32> {
  %y = kiln.conv2d %x, %w stride = [1, 1] padding = [1, 1] dilation = [1, 1] groups = 1 : tensor<2x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<2x4x8x8xf32>
  %r = kiln.relu %y : tensor<2x4x8x8xf32>
  return %r : tensor<2x4x8x8xf32>
}

// -----

// A full reduction runs as a one-thread kernel over device memory; a
// gather's fault status is computed and stored on the device too.
// CHECK-LABEL: llvm.func @reduce_and_gather(
// CHECK-COUNT-2: blocks in (%[[ONE:.+]], %[[ONE]], %[[ONE]]) threads in (%[[ONE]], %[[ONE]], %[[ONE]])
func.func @reduce_and_gather(%x: tensor<8x4xf32>, %i: tensor<8x1xi64>) -> (tensor<f32>, tensor<8x1xf32>) {
  %0 = kiln.reduce_sum %x dims = [0, 1] : tensor<8x4xf32> -> tensor<f32>
  %1 = kiln.gather %x, %i dim = 1 : tensor<8x4xf32>, tensor<8x1xi64> -> tensor<8x1xf32>
  return %0, %1 : tensor<f32>, tensor<8x1xf32>
}

// -----

// Empty buffers with a zero after the first dimension still make a
// bare-pointer host function (kiln-flatten-empty-arguments).
// CHECK-LABEL: llvm.func @trailing_empty(
// CHECK-SAME: %{{.*}}: !llvm.ptr, %{{.*}}: !llvm.ptr)
func.func @trailing_empty(%a: tensor<2x0xf32>) -> tensor<2x0xf32> {
  %0 = kiln.neg %a : tensor<2x0xf32>
  return %0 : tensor<2x0xf32>
}
