// RUN: kiln-opt %s --kiln-autodiff --split-input-file | FileCheck %s

// Gradient rules of the non-elementwise ops. Numbers:
// test/Integration/CPU/gradcheck.mlir.

// CHECK-LABEL: func.func @select_grad
// CHECK: %[[Z:.*]] = kiln.constant dense<0.000000e+00>
// CHECK: %[[T:.*]] = kiln.select %arg0, %arg3, %[[Z]]
// CHECK: %[[F:.*]] = kiln.select %arg0, %[[Z]], %arg3
// CHECK: return %{{.*}}, %[[T]], %[[F]]
func.func @select(%c: tensor<4xi1>, %a: tensor<4xf32>, %b: tensor<4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.select %c, %a, %b : tensor<4xi1>, tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @cast_grad
// CHECK: %[[G:.*]] = kiln.cast %arg1 : tensor<4xf16> -> tensor<4xf32>
// CHECK: return %{{.*}}, %[[G]]
func.func @cast(%x: tensor<4xf32>) -> tensor<4xf16> attributes {kiln.grad} {
  %0 = kiln.cast %x : tensor<4xf32> -> tensor<4xf16>
  return %0 : tensor<4xf16>
}

// -----

// CHECK-LABEL: func.func @reduce_sum_grad
// CHECK: %[[G:.*]] = kiln.broadcast %arg1 dims = [0] : tensor<3xf32> -> tensor<3x4xf32>
// CHECK: return %{{.*}}, %[[G]]
func.func @reduce_sum(%x: tensor<3x4xf32>) -> tensor<3xf32> attributes {kiln.grad} {
  %0 = kiln.reduce_sum %x dims = [1] : tensor<3x4xf32> -> tensor<3xf32>
  return %0 : tensor<3xf32>
}

// -----

// CHECK-LABEL: func.func @reduce_max_grad
// CHECK: %[[Y:.*]] = kiln.reduce_max %arg0 dims = [0]
// CHECK-DAG: %[[YB:.*]] = kiln.broadcast %[[Y]] dims = [1]
// CHECK-DAG: %[[EQ:.*]] = kiln.compare eq, %arg0, %[[YB]]
// CHECK-DAG: %[[MASK:.*]] = kiln.cast %[[EQ]] : tensor<3x4xi1> -> tensor<3x4xf32>
// CHECK-DAG: %[[CB:.*]] = kiln.broadcast %arg1 dims = [1]
// CHECK: kiln.mul %[[MASK]], %[[CB]]
func.func @reduce_max(%x: tensor<3x4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.reduce_max %x dims = [0] : tensor<3x4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// CHECK-LABEL: func.func @reduce_min_grad
// CHECK: kiln.compare eq
// CHECK: kiln.mul
func.func @reduce_min(%x: tensor<3x4xf32>) -> tensor<4xf32> attributes {kiln.grad} {
  %0 = kiln.reduce_min %x dims = [0] : tensor<3x4xf32> -> tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// dA = dC x B^T and dB = A^T x dC, transposing the last two dimensions.
// CHECK-LABEL: func.func @matmul_grad
// CHECK-DAG: %[[BT:.*]] = kiln.transpose %arg1 permutation = [0, 2, 1] : tensor<2x4x5xf32> -> tensor<2x5x4xf32>
// CHECK-DAG: %[[AT:.*]] = kiln.transpose %arg0 permutation = [0, 2, 1] : tensor<2x3x4xf32> -> tensor<2x4x3xf32>
// CHECK-DAG: %[[DA:.*]] = kiln.matmul %arg2, %[[BT]]
// CHECK-DAG: %[[DB:.*]] = kiln.matmul %[[AT]], %arg2
// CHECK: return %{{.*}}, %[[DA]], %[[DB]]
func.func @matmul(%a: tensor<2x3x4xf32>, %b: tensor<2x4x5xf32>) -> tensor<2x3x5xf32> attributes {kiln.grad} {
  %0 = kiln.matmul %a, %b : tensor<2x3x4xf32>, tensor<2x4x5xf32> -> tensor<2x3x5xf32>
  return %0 : tensor<2x3x5xf32>
}

// -----

// Summed over the new dimension 0 and the size-1 dimension 2 that grew.
// CHECK-LABEL: func.func @broadcast_grad
// CHECK: %[[S:.*]] = kiln.reduce_sum %arg1 dims = [0, 2] : tensor<2x3x4xf32> -> tensor<3xf32>
// CHECK: %[[G:.*]] = kiln.reshape %[[S]] : tensor<3xf32> -> tensor<3x1xf32>
// CHECK: return %{{.*}}, %[[G]]
func.func @broadcast(%x: tensor<3x1xf32>) -> tensor<2x3x4xf32> attributes {kiln.grad} {
  %0 = kiln.broadcast %x dims = [1, 2] : tensor<3x1xf32> -> tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

// -----

// CHECK-LABEL: func.func @reshape_grad
// CHECK: %[[G:.*]] = kiln.reshape %arg1 : tensor<3x4xf32> -> tensor<2x6xf32>
// CHECK: return %{{.*}}, %[[G]]
func.func @reshape(%x: tensor<2x6xf32>) -> tensor<3x4xf32> attributes {kiln.grad} {
  %0 = kiln.reshape %x : tensor<2x6xf32> -> tensor<3x4xf32>
  return %0 : tensor<3x4xf32>
}

// -----

// CHECK-LABEL: func.func @transpose_grad
// CHECK: %[[G:.*]] = kiln.transpose %arg1 permutation = [1, 2, 0] : tensor<4x2x3xf32> -> tensor<2x3x4xf32>
// CHECK: return %{{.*}}, %[[G]]
func.func @transpose(%x: tensor<2x3x4xf32>) -> tensor<4x2x3xf32> attributes {kiln.grad} {
  %0 = kiln.transpose %x permutation = [2, 0, 1] : tensor<2x3x4xf32> -> tensor<4x2x3xf32>
  return %0 : tensor<4x2x3xf32>
}

// -----

// CHECK-LABEL: func.func @slice_grad
// CHECK: %[[G:.*]] = kiln.pad %arg1, %{{.*}} low = [1, 2] high = [1, 3] : tensor<3x2xf32>, tensor<f32> -> tensor<5x7xf32>
// CHECK: return %{{.*}}, %[[G]]
func.func @slice(%x: tensor<5x7xf32>) -> tensor<3x2xf32> attributes {kiln.grad} {
  %0 = kiln.slice %x start = [1, 2] limit = [4, 4] strides = [1, 1] : tensor<5x7xf32> -> tensor<3x2xf32>
  return %0 : tensor<3x2xf32>
}

// -----

// A stride of 3 spreads the 3 values of dimension 1 three apart.
// CHECK-LABEL: func.func @slice_strided_grad
// CHECK: %[[COL:.*]] = kiln.reshape %arg1 : tensor<2x3xf32> -> tensor<2x3x1xf32>
// CHECK: %[[SPREAD:.*]] = kiln.pad %[[COL]], %{{.*}} low = [0, 0, 0] high = [0, 0, 2] : tensor<2x3x1xf32>, tensor<f32> -> tensor<2x3x3xf32>
// CHECK: %[[FLAT:.*]] = kiln.reshape %[[SPREAD]] : tensor<2x3x3xf32> -> tensor<2x9xf32>
// CHECK: %[[CUT:.*]] = kiln.slice %[[FLAT]] start = [0, 0] limit = [2, 7] strides = [1, 1]
// CHECK: %[[G:.*]] = kiln.pad %[[CUT]], %{{.*}} low = [1, 0] high = [2, 0] : tensor<2x7xf32>, tensor<f32> -> tensor<5x7xf32>
// CHECK: return %{{.*}}, %[[G]]
func.func @slice_strided(%x: tensor<5x7xf32>) -> tensor<2x3xf32> attributes {kiln.grad} {
  %0 = kiln.slice %x start = [1, 0] limit = [3, 7] strides = [1, 3] : tensor<5x7xf32> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @concat_grad
// CHECK: %[[A:.*]] = kiln.slice %arg2 start = [0, 0] limit = [2, 3] strides = [1, 1]
// CHECK: %[[B:.*]] = kiln.slice %arg2 start = [0, 3] limit = [2, 5] strides = [1, 1]
// CHECK: return %{{.*}}, %[[A]], %[[B]]
func.func @concat(%a: tensor<2x3xf32>, %b: tensor<2x2xf32>) -> tensor<2x5xf32> attributes {kiln.grad} {
  %0 = kiln.concat %a, %b dim = 1 : (tensor<2x3xf32>, tensor<2x2xf32>) -> tensor<2x5xf32>
  return %0 : tensor<2x5xf32>
}

// -----

// The padding value's gradient is the seed summed outside the operand.
// CHECK-LABEL: func.func @pad_grad
// CHECK: %[[IN:.*]] = kiln.slice %arg2 start = [1, 0] limit = [3, 3] strides = [1, 1]
// CHECK-DAG: %[[ALL:.*]] = kiln.reduce_sum %arg2 dims = [0, 1]
// CHECK-DAG: %[[INNER:.*]] = kiln.reduce_sum %[[IN]] dims = [0, 1]
// CHECK: %[[V:.*]] = kiln.sub %[[ALL]], %[[INNER]] : tensor<f32>
// CHECK: return %{{.*}}, %[[IN]], %[[V]]
func.func @pad(%x: tensor<2x3xf32>, %v: tensor<f32>) -> tensor<3x5xf32> attributes {kiln.grad} {
  %0 = kiln.pad %x, %v low = [1, 0] high = [0, 2] : tensor<2x3xf32>, tensor<f32> -> tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

// -----

// CHECK-LABEL: func.func @gather_grad(%arg0: tensor<4x3xf32>, %arg1: tensor<2x3xi64>, %arg2: tensor<2x3xf32>) -> (tensor<2x3xf32>, tensor<4x3xf32>)
// CHECK: %[[Z:.*]] = kiln.constant dense<0.000000e+00> : tensor<4x3xf32>
// CHECK: %[[G:.*]] = kiln.scatter_add %[[Z]], %arg1, %arg2 dim = 0
// CHECK: return %{{.*}}, %[[G]]
func.func @gather(%s: tensor<4x3xf32>, %i: tensor<2x3xi64>) -> tensor<2x3xf32> attributes {kiln.grad} {
  %0 = kiln.gather %s, %i dim = 0 : tensor<4x3xf32>, tensor<2x3xi64> -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}

// -----

// CHECK-LABEL: func.func @conv2d_grad
// CHECK-DAG: %[[DX:.*]] = kiln.conv2d_backward_input %arg2, %arg1 stride = [2, 1] padding = [1, 0] dilation = [1, 1] groups = 1 : tensor<1x3x3x3xf32>, tensor<3x2x3x3xf32> -> tensor<1x2x6x5xf32>
// CHECK-DAG: %[[DW:.*]] = kiln.conv2d_backward_weight %arg0, %arg2 stride = [2, 1] padding = [1, 0] dilation = [1, 1] groups = 1 : tensor<1x2x6x5xf32>, tensor<1x3x3x3xf32> -> tensor<3x2x3x3xf32>
// CHECK: return %{{.*}}, %[[DX]], %[[DW]]
func.func @conv2d(%x: tensor<1x2x6x5xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x3x3x3xf32> attributes {kiln.grad} {
  %0 = kiln.conv2d %x, %w stride = [2, 1] padding = [1, 0] dilation = [1, 1] groups = 1 : tensor<1x2x6x5xf32>, tensor<3x2x3x3xf32> -> tensor<1x3x3x3xf32>
  return %0 : tensor<1x3x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @max_pool2d_grad
// CHECK: %[[G:.*]] = kiln.max_pool2d_grad %arg0, %arg1 kernel = [2, 2] stride = [2, 2] padding = [0, 0]
// CHECK: return %{{.*}}, %[[G]]
func.func @max_pool2d(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x2x2xf32> attributes {kiln.grad} {
  %0 = kiln.max_pool2d %x kernel = [2, 2] stride = [2, 2] padding = [0, 0] : tensor<1x2x4x4xf32> -> tensor<1x2x2x2xf32>
  return %0 : tensor<1x2x2x2xf32>
}

// -----

// CHECK-LABEL: func.func @avg_pool2d_grad
// CHECK: %[[G:.*]] = kiln.avg_pool2d_grad %arg1 kernel = [3, 3] stride = [1, 1] padding = [1, 1] : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
// CHECK: return %{{.*}}, %[[G]]
func.func @avg_pool2d(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> attributes {kiln.grad} {
  %0 = kiln.avg_pool2d %x kernel = [3, 3] stride = [1, 1] padding = [1, 1] : tensor<1x2x4x4xf32> -> tensor<1x2x4x4xf32>
  return %0 : tensor<1x2x4x4xf32>
}

// -----

// Linear in both operands: d(grad_output) is conv2d of the seed with the
// weight, d(weight) is the weight gradient of the seed against grad_output.
// CHECK-LABEL: func.func @conv2d_backward_input_grad
// CHECK-DAG: %[[DG:.*]] = kiln.conv2d %arg2, %arg1 stride = [2, 1] padding = [1, 0] dilation = [1, 1] groups = 1 : tensor<1x2x6x5xf32>, tensor<3x2x3x3xf32> -> tensor<1x3x3x3xf32>
// CHECK-DAG: %[[DW:.*]] = kiln.conv2d_backward_weight %arg2, %arg0 stride = [2, 1] padding = [1, 0] dilation = [1, 1] groups = 1 : tensor<1x2x6x5xf32>, tensor<1x3x3x3xf32> -> tensor<3x2x3x3xf32>
// CHECK: return %{{.*}}, %[[DG]], %[[DW]]
func.func @conv2d_backward_input(%g: tensor<1x3x3x3xf32>, %w: tensor<3x2x3x3xf32>) -> tensor<1x2x6x5xf32> attributes {kiln.grad} {
  %0 = kiln.conv2d_backward_input %g, %w stride = [2, 1] padding = [1, 0] dilation = [1, 1] groups = 1 : tensor<1x3x3x3xf32>, tensor<3x2x3x3xf32> -> tensor<1x2x6x5xf32>
  return %0 : tensor<1x2x6x5xf32>
}

// -----

// CHECK-LABEL: func.func @conv2d_backward_weight_grad
// CHECK-DAG: %[[DX:.*]] = kiln.conv2d_backward_input %arg1, %arg2 stride = [2, 1] padding = [1, 0] dilation = [1, 1] groups = 1 : tensor<1x3x3x3xf32>, tensor<3x2x3x3xf32> -> tensor<1x2x6x5xf32>
// CHECK-DAG: %[[DG:.*]] = kiln.conv2d %arg0, %arg2 stride = [2, 1] padding = [1, 0] dilation = [1, 1] groups = 1 : tensor<1x2x6x5xf32>, tensor<3x2x3x3xf32> -> tensor<1x3x3x3xf32>
// CHECK: return %{{.*}}, %[[DX]], %[[DG]]
func.func @conv2d_backward_weight(%x: tensor<1x2x6x5xf32>, %g: tensor<1x3x3x3xf32>) -> tensor<3x2x3x3xf32> attributes {kiln.grad} {
  %0 = kiln.conv2d_backward_weight %x, %g stride = [2, 1] padding = [1, 0] dilation = [1, 1] groups = 1 : tensor<1x2x6x5xf32>, tensor<1x3x3x3xf32> -> tensor<3x2x3x3xf32>
  return %0 : tensor<3x2x3x3xf32>
}

// -----

// CHECK-LABEL: func.func @avg_pool2d_grad_grad
// CHECK: %[[G:.*]] = kiln.avg_pool2d %arg1 kernel = [3, 3] stride = [2, 2] padding = [1, 1] : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
// CHECK: return %{{.*}}, %[[G]]
func.func @avg_pool2d_grad(%g: tensor<1x2x3x3xf32>) -> tensor<1x2x5x5xf32> attributes {kiln.grad} {
  %0 = kiln.avg_pool2d_grad %g kernel = [3, 3] stride = [2, 2] padding = [1, 1] : tensor<1x2x3x3xf32> -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// -----

// The windows of the input (padded with -inf) and of the seed (padded with
// zeros) are stacked in slot order; argmax picks each window's first maximum
// and gather reads the seed there. The input gets no gradient (zeros).
// CHECK-LABEL: func.func @max_pool2d_grad_grad
// CHECK-DAG: %[[NEGINF:.*]] = kiln.constant dense<0xFF800000> : tensor<f32>
// CHECK-DAG: %[[ZERO:.*]] = kiln.constant dense<0.000000e+00> : tensor<f32>
// CHECK-DAG: %[[DX:.*]] = kiln.constant dense<0.000000e+00> : tensor<1x1x3x4xf32>
// CHECK: %[[XP:.*]] = kiln.pad %arg0, %[[NEGINF]] low = [0, 0, 1, 0] high = [0, 0, 1, 0] : tensor<1x1x3x4xf32>, tensor<f32> -> tensor<1x1x5x4xf32>
// CHECK: %[[X0:.*]] = kiln.slice %[[XP]] start = [0, 0, 0, 0] limit = [1, 1, 4, 3] strides = [1, 1, 1, 2] : tensor<1x1x5x4xf32> -> tensor<1x1x4x2xf32>
// CHECK: %[[X0R:.*]] = kiln.reshape %[[X0]] : tensor<1x1x4x2xf32> -> tensor<1x1x4x2x1xf32>
// CHECK: kiln.slice %[[XP]] start = [0, 0, 0, 1] limit = [1, 1, 4, 4]
// CHECK: kiln.slice %[[XP]] start = [0, 0, 1, 0] limit = [1, 1, 5, 3]
// CHECK: kiln.slice %[[XP]] start = [0, 0, 1, 1] limit = [1, 1, 5, 4]
// CHECK: %[[XS:.*]] = kiln.concat %[[X0R]], %{{.*}}, %{{.*}}, %{{.*}} dim = 4 : {{.*}} -> tensor<1x1x4x2x4xf32>
// CHECK: %[[FIRST:.*]] = kiln.argmax %[[XS]] dim = 4 : tensor<1x1x4x2x4xf32> -> tensor<1x1x4x2xi64>
// CHECK: %[[SLOT:.*]] = kiln.reshape %[[FIRST]] : tensor<1x1x4x2xi64> -> tensor<1x1x4x2x1xi64>
// CHECK: %[[CP:.*]] = kiln.pad %arg2, %[[ZERO]] low = [0, 0, 1, 0] high = [0, 0, 1, 0]
// CHECK-COUNT-4: kiln.slice %[[CP]]
// CHECK: %[[CS:.*]] = kiln.concat {{.*}} dim = 4
// CHECK: %[[PICK:.*]] = kiln.gather %[[CS]], %[[SLOT]] dim = 4 : tensor<1x1x4x2x4xf32>, tensor<1x1x4x2x1xi64> -> tensor<1x1x4x2x1xf32>
// CHECK: %[[DG:.*]] = kiln.reshape %[[PICK]] : tensor<1x1x4x2x1xf32> -> tensor<1x1x4x2xf32>
// CHECK: return %{{.*}}, %[[DX]], %[[DG]]
func.func @max_pool2d_grad(%x: tensor<1x1x3x4xf32>, %g: tensor<1x1x4x2xf32>) -> tensor<1x1x3x4xf32> attributes {kiln.grad} {
  %0 = kiln.max_pool2d_grad %x, %g kernel = [2, 2] stride = [1, 2] padding = [1, 0] : tensor<1x1x3x4xf32>, tensor<1x1x4x2xf32>
  return %0 : tensor<1x1x3x4xf32>
}

// -----

// dest takes the seed as it is, updates read it back at their indices.
// CHECK-LABEL: func.func @scatter_add_grad
// CHECK: %[[DU:.*]] = kiln.gather %arg3, %arg1 dim = 0 : tensor<4x3xf32>, tensor<6x3xi64> -> tensor<6x3xf32>
// CHECK: return %{{.*}}, %arg3, %[[DU]]
func.func @scatter_add(%d: tensor<4x3xf32>, %i: tensor<6x3xi64>, %u: tensor<6x3xf32>) -> tensor<4x3xf32> attributes {kiln.grad} {
  %0 = kiln.scatter_add %d, %i, %u dim = 0 : tensor<4x3xf32>, tensor<6x3xi64>, tensor<6x3xf32> -> tensor<4x3xf32>
  return %0 : tensor<4x3xf32>
}
