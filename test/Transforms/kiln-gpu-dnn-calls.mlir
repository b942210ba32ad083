// RUN: kiln-opt %s --kiln-gpu-dnn-calls --canonicalize --split-input-file | FileCheck %s

// A forward convolution: kind 0, dtype 0 (f32), the addresses of x, w and
// y (a new buffer, the call's output), then N, C, H, W, F, KH, KW, OH, OW,
// the padding, stride and dilation pairs and the groups.
// CHECK: func.func private @kiln_gpu_convolution(index, index, index, index, index, index, index, index, index, index, index, index, index, index, index, index, index, index, index, index, index)
// CHECK-LABEL: func.func @forward(
// CHECK-SAME: %[[X:.+]]: tensor<2x4x9x8xf32>, %[[W:.+]]: tensor<6x2x3x3xf32>
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.+]] = arith.constant 2 : index
// CHECK-DAG: %[[C3:.+]] = arith.constant 3 : index
// CHECK-DAG: %[[C4:.+]] = arith.constant 4 : index
// CHECK-DAG: %[[C5:.+]] = arith.constant 5 : index
// CHECK-DAG: %[[C6:.+]] = arith.constant 6 : index
// CHECK-DAG: %[[C8:.+]] = arith.constant 8 : index
// CHECK-DAG: %[[C9:.+]] = arith.constant 9 : index
// CHECK: %[[XB:.+]] = bufferization.to_buffer %[[X]] read_only : tensor<2x4x9x8xf32> to memref<2x4x9x8xf32>
// CHECK: %[[XP:.+]] = memref.extract_aligned_pointer_as_index %[[XB]]
// CHECK: %[[WB:.+]] = bufferization.to_buffer %[[W]] read_only : tensor<6x2x3x3xf32> to memref<6x2x3x3xf32>
// CHECK: %[[WP:.+]] = memref.extract_aligned_pointer_as_index %[[WB]]
// CHECK: %[[Y:.+]] = memref.alloc() : memref<2x6x5x3xf32>
// CHECK: %[[YP:.+]] = memref.extract_aligned_pointer_as_index %[[Y]]
// CHECK: call @kiln_gpu_convolution(%[[C0]], %[[C0]], %[[XP]], %[[WP]], %[[YP]], %[[C2]], %[[C4]], %[[C9]], %[[C8]], %[[C6]], %[[C3]], %[[C3]], %[[C5]], %[[C3]], %[[C1]], %[[C0]], %[[C2]], %[[C2]], %[[C1]], %[[C1]], %[[C2]])
// CHECK: %[[R:.+]] = bufferization.to_tensor %[[Y]] restrict writable : memref<2x6x5x3xf32> to tensor<2x6x5x3xf32>
// CHECK: return %[[R]]
// CHECK-NOT: kiln.conv2d
func.func @forward(%x: tensor<2x4x9x8xf32>, %w: tensor<6x2x3x3xf32>) -> tensor<2x6x5x3xf32> {
  %y = kiln.conv2d %x, %w stride = [2, 2] padding = [1, 0] dilation = [1, 1] groups = 2 : tensor<2x4x9x8xf32>, tensor<6x2x3x3xf32> -> tensor<2x6x5x3xf32>
  return %y : tensor<2x6x5x3xf32>
}

// -----

// The gradients keep the (x, w, y) order: the input gradient (kind 1)
// writes x from w and y's gradient; the weight gradient (kind 2) writes w
// from x and y's gradient. f64 is dtype 1.
// CHECK-LABEL: func.func @gradients(
// CHECK-SAME: %[[X:.+]]: tensor<1x2x5x5xf64>, %[[W:.+]]: tensor<3x2x3x3xf64>, %[[DY:.+]]: tensor<1x3x3x3xf64>
// CHECK-DAG: %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.+]] = arith.constant 2 : index
// CHECK: %[[DX:.+]] = memref.alloc() : memref<1x2x5x5xf64>
// CHECK: %[[DXP:.+]] = memref.extract_aligned_pointer_as_index %[[DX]]
// CHECK: %[[WB:.+]] = bufferization.to_buffer %[[W]] read_only
// CHECK: %[[WP:.+]] = memref.extract_aligned_pointer_as_index %[[WB]]
// CHECK: %[[DYB:.+]] = bufferization.to_buffer %[[DY]] read_only
// CHECK: %[[DYP:.+]] = memref.extract_aligned_pointer_as_index %[[DYB]]
// CHECK: call @kiln_gpu_convolution(%[[C1]], %[[C1]], %[[DXP]], %[[WP]], %[[DYP]],
// CHECK: %[[RX:.+]] = bufferization.to_tensor %[[DX]] restrict writable
// CHECK: %[[XB:.+]] = bufferization.to_buffer %[[X]] read_only
// CHECK: %[[XP:.+]] = memref.extract_aligned_pointer_as_index %[[XB]]
// CHECK: %[[DW:.+]] = memref.alloc() : memref<3x2x3x3xf64>
// CHECK: %[[DWP:.+]] = memref.extract_aligned_pointer_as_index %[[DW]]
// CHECK: %[[DYB2:.+]] = bufferization.to_buffer %[[DY]] read_only
// CHECK: %[[DYP2:.+]] = memref.extract_aligned_pointer_as_index %[[DYB2]]
// CHECK: call @kiln_gpu_convolution(%[[C2]], %[[C1]], %[[XP]], %[[DWP]], %[[DYP2]],
// CHECK: %[[RW:.+]] = bufferization.to_tensor %[[DW]] restrict writable
// CHECK: return %[[RX]], %[[RW]]
func.func @gradients(%x: tensor<1x2x5x5xf64>, %w: tensor<3x2x3x3xf64>, %dy: tensor<1x3x3x3xf64>) -> (tensor<1x2x5x5xf64>, tensor<3x2x3x3xf64>) {
  %dx = kiln.conv2d_backward_input %dy, %w stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 1 : tensor<1x3x3x3xf64>, tensor<3x2x3x3xf64> -> tensor<1x2x5x5xf64>
  %dw = kiln.conv2d_backward_weight %x, %dy stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 1 : tensor<1x2x5x5xf64>, tensor<1x3x3x3xf64> -> tensor<3x2x3x3xf64>
  return %dx, %dw : tensor<1x2x5x5xf64>, tensor<3x2x3x3xf64>
}

// -----

// Max (kind 0) and average (kind 1) pooling: x, y, then N, C, H, W, OH, OW,
// the kernel, padding and stride pairs. The second call reads the first
// one's buffer (canonicalization folds its to_tensor/to_buffer pair).
// CHECK: func.func private @kiln_gpu_pooling(index, index, index, index, index, index, index, index, index, index, index, index, index, index, index, index)
// CHECK-LABEL: func.func @pooling(
// CHECK-DAG: %[[C0:.+]] = arith.constant 0 : index
// CHECK-DAG: %[[C1:.+]] = arith.constant 1 : index
// CHECK-DAG: %[[C2:.+]] = arith.constant 2 : index
// CHECK-DAG: %[[C3:.+]] = arith.constant 3 : index
// CHECK-DAG: %[[C4:.+]] = arith.constant 4 : index
// CHECK-DAG: %[[C8:.+]] = arith.constant 8 : index
// CHECK: %[[MAX:.+]] = memref.alloc() : memref<1x3x4x4xf32>
// CHECK: %[[MAXP:.+]] = memref.extract_aligned_pointer_as_index %[[MAX]]
// CHECK: call @kiln_gpu_pooling(%[[C0]], %[[C0]], %{{.+}}, %[[MAXP]], %[[C1]], %[[C3]], %[[C8]], %[[C8]], %[[C4]], %[[C4]], %[[C2]], %[[C2]], %[[C0]], %[[C0]], %[[C2]], %[[C2]])
// CHECK: %[[TP:.+]] = memref.extract_aligned_pointer_as_index %[[MAX]]
// CHECK: %[[AVG:.+]] = memref.alloc() : memref<1x3x4x4xf32>
// CHECK: %[[AVGP:.+]] = memref.extract_aligned_pointer_as_index %[[AVG]]
// CHECK: call @kiln_gpu_pooling(%[[C1]], %[[C0]], %[[TP]], %[[AVGP]], %[[C1]], %[[C3]], %[[C4]], %[[C4]], %[[C4]], %[[C4]], %[[C3]], %[[C3]], %[[C1]], %[[C1]], %[[C1]], %[[C1]])
func.func @pooling(%x: tensor<1x3x8x8xf32>) -> tensor<1x3x4x4xf32> {
  %m = kiln.max_pool2d %x kernel = [2, 2] stride = [2, 2] padding = [0, 0] : tensor<1x3x8x8xf32> -> tensor<1x3x4x4xf32>
  %a = kiln.avg_pool2d %m kernel = [3, 3] stride = [1, 1] padding = [1, 1] : tensor<1x3x4x4xf32> -> tensor<1x3x4x4xf32>
  return %a : tensor<1x3x4x4xf32>
}

// -----

// f16 is not handed to cuDNN, nor are empty tensors (a weight gradient over
// an empty batch is zeros, which the loops compute) or pooling gradients:
// they stay kiln ops for the linalg lowering.
// CHECK-LABEL: func.func @left_alone(
// CHECK-NOT: call @kiln_gpu
// CHECK: kiln.conv2d
// CHECK: kiln.conv2d_backward_weight
// CHECK: kiln.max_pool2d_grad
// CHECK: kiln.avg_pool2d_grad
// CHECK-NOT: func.func private @kiln_gpu
func.func @left_alone(%x: tensor<1x1x4x4xf16>, %w: tensor<1x1x3x3xf16>, %e: tensor<0x1x4x4xf32>, %de: tensor<0x1x2x2xf32>, %p: tensor<1x1x4x4xf32>, %dy: tensor<1x1x2x2xf32>) -> (tensor<1x1x2x2xf16>, tensor<1x1x3x3xf32>, tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>) {
  %y = kiln.conv2d %x, %w stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 1 : tensor<1x1x4x4xf16>, tensor<1x1x3x3xf16> -> tensor<1x1x2x2xf16>
  %gw = kiln.conv2d_backward_weight %e, %de stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 1 : tensor<0x1x4x4xf32>, tensor<0x1x2x2xf32> -> tensor<1x1x3x3xf32>
  %gm = kiln.max_pool2d_grad %p, %dy kernel = [2, 2] stride = [2, 2] padding = [0, 0] : tensor<1x1x4x4xf32>, tensor<1x1x2x2xf32>
  %ga = kiln.avg_pool2d_grad %dy kernel = [2, 2] stride = [2, 2] padding = [0, 0] : tensor<1x1x2x2xf32> -> tensor<1x1x4x4xf32>
  return %y, %gw, %gm, %ga : tensor<1x1x2x2xf16>, tensor<1x1x3x3xf32>, tensor<1x1x4x4xf32>, tensor<1x1x4x4xf32>
}
