// RUN: kiln-run %s --entry conv2d_basic --input %S/data/convolution.conv2d_basic.in0.npy,%S/data/convolution.conv2d_basic.in1.npy --expected %S/data/convolution.conv2d_basic.out0.npy --rtol 0.0001 --atol 1e-05 --quiet
// RUN: kiln-run %s --entry conv2d_backward_input_basic --input %S/data/convolution.conv2d_backward_input_basic.in0.npy,%S/data/convolution.conv2d_backward_input_basic.in1.npy --expected %S/data/convolution.conv2d_backward_input_basic.out0.npy --rtol 0.0001 --atol 1e-05 --quiet
// RUN: kiln-run %s --entry conv2d_backward_weight_basic --input %S/data/convolution.conv2d_backward_weight_basic.in0.npy,%S/data/convolution.conv2d_backward_weight_basic.in1.npy --expected %S/data/convolution.conv2d_backward_weight_basic.out0.npy --rtol 0.0001 --atol 1e-05 --quiet
// RUN: kiln-run %s --entry conv2d_strided_padded --input %S/data/convolution.conv2d_strided_padded.in0.npy,%S/data/convolution.conv2d_strided_padded.in1.npy --expected %S/data/convolution.conv2d_strided_padded.out0.npy --rtol 0.0001 --atol 1e-05 --quiet
// RUN: kiln-run %s --entry conv2d_backward_input_strided_padded --input %S/data/convolution.conv2d_backward_input_strided_padded.in0.npy,%S/data/convolution.conv2d_backward_input_strided_padded.in1.npy --expected %S/data/convolution.conv2d_backward_input_strided_padded.out0.npy --rtol 0.0001 --atol 1e-05 --quiet
// RUN: kiln-run %s --entry conv2d_backward_weight_strided_padded --input %S/data/convolution.conv2d_backward_weight_strided_padded.in0.npy,%S/data/convolution.conv2d_backward_weight_strided_padded.in1.npy --expected %S/data/convolution.conv2d_backward_weight_strided_padded.out0.npy --rtol 0.0001 --atol 1e-05 --quiet
// RUN: kiln-run %s --entry conv2d_dilated --input %S/data/convolution.conv2d_dilated.in0.npy,%S/data/convolution.conv2d_dilated.in1.npy --expected %S/data/convolution.conv2d_dilated.out0.npy --rtol 0.0001 --atol 1e-05 --quiet
// RUN: kiln-run %s --entry conv2d_backward_input_dilated --input %S/data/convolution.conv2d_backward_input_dilated.in0.npy,%S/data/convolution.conv2d_backward_input_dilated.in1.npy --expected %S/data/convolution.conv2d_backward_input_dilated.out0.npy --rtol 0.0001 --atol 1e-05 --quiet
// RUN: kiln-run %s --entry conv2d_backward_weight_dilated --input %S/data/convolution.conv2d_backward_weight_dilated.in0.npy,%S/data/convolution.conv2d_backward_weight_dilated.in1.npy --expected %S/data/convolution.conv2d_backward_weight_dilated.out0.npy --rtol 0.0001 --atol 1e-05 --quiet
// RUN: kiln-run %s --entry conv2d_grouped --input %S/data/convolution.conv2d_grouped.in0.npy,%S/data/convolution.conv2d_grouped.in1.npy --expected %S/data/convolution.conv2d_grouped.out0.npy --rtol 0.0001 --atol 1e-05 --quiet
// RUN: kiln-run %s --entry conv2d_backward_input_grouped --input %S/data/convolution.conv2d_backward_input_grouped.in0.npy,%S/data/convolution.conv2d_backward_input_grouped.in1.npy --expected %S/data/convolution.conv2d_backward_input_grouped.out0.npy --rtol 0.0001 --atol 1e-05 --quiet
// RUN: kiln-run %s --entry conv2d_backward_weight_grouped --input %S/data/convolution.conv2d_backward_weight_grouped.in0.npy,%S/data/convolution.conv2d_backward_weight_grouped.in1.npy --expected %S/data/convolution.conv2d_backward_weight_grouped.out0.npy --rtol 0.0001 --atol 1e-05 --quiet
// RUN: kiln-run %s --entry conv2d_odd_padded --input %S/data/convolution.conv2d_odd_padded.in0.npy,%S/data/convolution.conv2d_odd_padded.in1.npy --expected %S/data/convolution.conv2d_odd_padded.out0.npy --rtol 0.0001 --atol 1e-05 --quiet
// RUN: kiln-run %s --entry conv2d_backward_input_odd_padded --input %S/data/convolution.conv2d_backward_input_odd_padded.in0.npy,%S/data/convolution.conv2d_backward_input_odd_padded.in1.npy --expected %S/data/convolution.conv2d_backward_input_odd_padded.out0.npy --rtol 0.0001 --atol 1e-05 --quiet
// RUN: kiln-run %s --entry conv2d_backward_weight_odd_padded --input %S/data/convolution.conv2d_backward_weight_odd_padded.in0.npy,%S/data/convolution.conv2d_backward_weight_odd_padded.in1.npy --expected %S/data/convolution.conv2d_backward_weight_odd_padded.out0.npy --rtol 0.0001 --atol 1e-05 --quiet
// RUN: kiln-run %s --entry max_pool2d_2x2 --input %S/data/convolution.max_pool2d_2x2.in0.npy --expected %S/data/convolution.max_pool2d_2x2.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry max_pool2d_grad_2x2 --input %S/data/convolution.max_pool2d_grad_2x2.in0.npy,%S/data/convolution.max_pool2d_grad_2x2.in1.npy --expected %S/data/convolution.max_pool2d_grad_2x2.out0.npy --rtol 1e-05 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry avg_pool2d_2x2 --input %S/data/convolution.avg_pool2d_2x2.in0.npy --expected %S/data/convolution.avg_pool2d_2x2.out0.npy --rtol 1e-05 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry avg_pool2d_grad_2x2 --input %S/data/convolution.avg_pool2d_grad_2x2.in0.npy --expected %S/data/convolution.avg_pool2d_grad_2x2.out0.npy --rtol 1e-05 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry max_pool2d_3x3_overlapping_padded --input %S/data/convolution.max_pool2d_3x3_overlapping_padded.in0.npy --expected %S/data/convolution.max_pool2d_3x3_overlapping_padded.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry max_pool2d_grad_3x3_overlapping_padded --input %S/data/convolution.max_pool2d_grad_3x3_overlapping_padded.in0.npy,%S/data/convolution.max_pool2d_grad_3x3_overlapping_padded.in1.npy --expected %S/data/convolution.max_pool2d_grad_3x3_overlapping_padded.out0.npy --rtol 1e-05 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry avg_pool2d_3x3_overlapping_padded --input %S/data/convolution.avg_pool2d_3x3_overlapping_padded.in0.npy --expected %S/data/convolution.avg_pool2d_3x3_overlapping_padded.out0.npy --rtol 1e-05 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry avg_pool2d_grad_3x3_overlapping_padded --input %S/data/convolution.avg_pool2d_grad_3x3_overlapping_padded.in0.npy --expected %S/data/convolution.avg_pool2d_grad_3x3_overlapping_padded.out0.npy --rtol 1e-05 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry max_pool2d_2x2_stride3 --input %S/data/convolution.max_pool2d_2x2_stride3.in0.npy --expected %S/data/convolution.max_pool2d_2x2_stride3.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry max_pool2d_grad_2x2_stride3 --input %S/data/convolution.max_pool2d_grad_2x2_stride3.in0.npy,%S/data/convolution.max_pool2d_grad_2x2_stride3.in1.npy --expected %S/data/convolution.max_pool2d_grad_2x2_stride3.out0.npy --rtol 1e-05 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry avg_pool2d_2x2_stride3 --input %S/data/convolution.avg_pool2d_2x2_stride3.in0.npy --expected %S/data/convolution.avg_pool2d_2x2_stride3.out0.npy --rtol 1e-05 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry avg_pool2d_grad_2x2_stride3 --input %S/data/convolution.avg_pool2d_grad_2x2_stride3.in0.npy --expected %S/data/convolution.avg_pool2d_grad_2x2_stride3.out0.npy --rtol 1e-05 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry max_pool2d_3x3_stride3_padded --input %S/data/convolution.max_pool2d_3x3_stride3_padded.in0.npy --expected %S/data/convolution.max_pool2d_3x3_stride3_padded.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry max_pool2d_grad_3x3_stride3_padded --input %S/data/convolution.max_pool2d_grad_3x3_stride3_padded.in0.npy,%S/data/convolution.max_pool2d_grad_3x3_stride3_padded.in1.npy --expected %S/data/convolution.max_pool2d_grad_3x3_stride3_padded.out0.npy --rtol 1e-05 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry avg_pool2d_3x3_stride3_padded --input %S/data/convolution.avg_pool2d_3x3_stride3_padded.in0.npy --expected %S/data/convolution.avg_pool2d_3x3_stride3_padded.out0.npy --rtol 1e-05 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry avg_pool2d_grad_3x3_stride3_padded --input %S/data/convolution.avg_pool2d_grad_3x3_stride3_padded.in0.npy --expected %S/data/convolution.avg_pool2d_grad_3x3_stride3_padded.out0.npy --rtol 1e-05 --atol 1e-06 --quiet

// conv2d and its gradients, max/avg pooling and their gradients.
// Generated by generate.py; expected values computed with numpy.

func.func @conv2d_basic(%arg0: tensor<2x3x7x6xf32>, %arg1: tensor<4x3x3x3xf32>) -> (tensor<2x4x5x4xf32>) {
  %0 = kiln.conv2d %arg0, %arg1 stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 1 : tensor<2x3x7x6xf32>, tensor<4x3x3x3xf32> -> tensor<2x4x5x4xf32>
  return %0 : tensor<2x4x5x4xf32>
}

func.func @conv2d_backward_input_basic(%arg0: tensor<2x4x5x4xf32>, %arg1: tensor<4x3x3x3xf32>) -> (tensor<2x3x7x6xf32>) {
  %0 = kiln.conv2d_backward_input %arg0, %arg1 stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 1 : tensor<2x4x5x4xf32>, tensor<4x3x3x3xf32> -> tensor<2x3x7x6xf32>
  return %0 : tensor<2x3x7x6xf32>
}

func.func @conv2d_backward_weight_basic(%arg0: tensor<2x3x7x6xf32>, %arg1: tensor<2x4x5x4xf32>) -> (tensor<4x3x3x3xf32>) {
  %0 = kiln.conv2d_backward_weight %arg0, %arg1 stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 1 : tensor<2x3x7x6xf32>, tensor<2x4x5x4xf32> -> tensor<4x3x3x3xf32>
  return %0 : tensor<4x3x3x3xf32>
}

func.func @conv2d_strided_padded(%arg0: tensor<1x2x9x8xf32>, %arg1: tensor<3x2x3x2xf32>) -> (tensor<1x3x5x4xf32>) {
  %0 = kiln.conv2d %arg0, %arg1 stride = [2, 3] padding = [1, 2] dilation = [1, 1] groups = 1 : tensor<1x2x9x8xf32>, tensor<3x2x3x2xf32> -> tensor<1x3x5x4xf32>
  return %0 : tensor<1x3x5x4xf32>
}

func.func @conv2d_backward_input_strided_padded(%arg0: tensor<1x3x5x4xf32>, %arg1: tensor<3x2x3x2xf32>) -> (tensor<1x2x9x8xf32>) {
  %0 = kiln.conv2d_backward_input %arg0, %arg1 stride = [2, 3] padding = [1, 2] dilation = [1, 1] groups = 1 : tensor<1x3x5x4xf32>, tensor<3x2x3x2xf32> -> tensor<1x2x9x8xf32>
  return %0 : tensor<1x2x9x8xf32>
}

func.func @conv2d_backward_weight_strided_padded(%arg0: tensor<1x2x9x8xf32>, %arg1: tensor<1x3x5x4xf32>) -> (tensor<3x2x3x2xf32>) {
  %0 = kiln.conv2d_backward_weight %arg0, %arg1 stride = [2, 3] padding = [1, 2] dilation = [1, 1] groups = 1 : tensor<1x2x9x8xf32>, tensor<1x3x5x4xf32> -> tensor<3x2x3x2xf32>
  return %0 : tensor<3x2x3x2xf32>
}

func.func @conv2d_dilated(%arg0: tensor<1x2x9x9xf32>, %arg1: tensor<2x2x3x3xf32>) -> (tensor<1x2x9x4xf32>) {
  %0 = kiln.conv2d %arg0, %arg1 stride = [1, 2] padding = [2, 1] dilation = [2, 2] groups = 1 : tensor<1x2x9x9xf32>, tensor<2x2x3x3xf32> -> tensor<1x2x9x4xf32>
  return %0 : tensor<1x2x9x4xf32>
}

func.func @conv2d_backward_input_dilated(%arg0: tensor<1x2x9x4xf32>, %arg1: tensor<2x2x3x3xf32>) -> (tensor<1x2x9x9xf32>) {
  %0 = kiln.conv2d_backward_input %arg0, %arg1 stride = [1, 2] padding = [2, 1] dilation = [2, 2] groups = 1 : tensor<1x2x9x4xf32>, tensor<2x2x3x3xf32> -> tensor<1x2x9x9xf32>
  return %0 : tensor<1x2x9x9xf32>
}

func.func @conv2d_backward_weight_dilated(%arg0: tensor<1x2x9x9xf32>, %arg1: tensor<1x2x9x4xf32>) -> (tensor<2x2x3x3xf32>) {
  %0 = kiln.conv2d_backward_weight %arg0, %arg1 stride = [1, 2] padding = [2, 1] dilation = [2, 2] groups = 1 : tensor<1x2x9x9xf32>, tensor<1x2x9x4xf32> -> tensor<2x2x3x3xf32>
  return %0 : tensor<2x2x3x3xf32>
}

func.func @conv2d_grouped(%arg0: tensor<2x4x6x6xf32>, %arg1: tensor<6x2x3x3xf32>) -> (tensor<2x6x6x6xf32>) {
  %0 = kiln.conv2d %arg0, %arg1 stride = [1, 1] padding = [1, 1] dilation = [1, 1] groups = 2 : tensor<2x4x6x6xf32>, tensor<6x2x3x3xf32> -> tensor<2x6x6x6xf32>
  return %0 : tensor<2x6x6x6xf32>
}

func.func @conv2d_backward_input_grouped(%arg0: tensor<2x6x6x6xf32>, %arg1: tensor<6x2x3x3xf32>) -> (tensor<2x4x6x6xf32>) {
  %0 = kiln.conv2d_backward_input %arg0, %arg1 stride = [1, 1] padding = [1, 1] dilation = [1, 1] groups = 2 : tensor<2x6x6x6xf32>, tensor<6x2x3x3xf32> -> tensor<2x4x6x6xf32>
  return %0 : tensor<2x4x6x6xf32>
}

func.func @conv2d_backward_weight_grouped(%arg0: tensor<2x4x6x6xf32>, %arg1: tensor<2x6x6x6xf32>) -> (tensor<6x2x3x3xf32>) {
  %0 = kiln.conv2d_backward_weight %arg0, %arg1 stride = [1, 1] padding = [1, 1] dilation = [1, 1] groups = 2 : tensor<2x4x6x6xf32>, tensor<2x6x6x6xf32> -> tensor<6x2x3x3xf32>
  return %0 : tensor<6x2x3x3xf32>
}

func.func @conv2d_odd_padded(%arg0: tensor<1x2x5x5xf32>, %arg1: tensor<3x2x3x3xf32>) -> (tensor<1x3x5x5xf32>) {
  %0 = kiln.conv2d %arg0, %arg1 stride = [1, 1] padding = [1, 1] dilation = [1, 1] groups = 1 : tensor<1x2x5x5xf32>, tensor<3x2x3x3xf32> -> tensor<1x3x5x5xf32>
  return %0 : tensor<1x3x5x5xf32>
}

func.func @conv2d_backward_input_odd_padded(%arg0: tensor<1x3x5x5xf32>, %arg1: tensor<3x2x3x3xf32>) -> (tensor<1x2x5x5xf32>) {
  %0 = kiln.conv2d_backward_input %arg0, %arg1 stride = [1, 1] padding = [1, 1] dilation = [1, 1] groups = 1 : tensor<1x3x5x5xf32>, tensor<3x2x3x3xf32> -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}

func.func @conv2d_backward_weight_odd_padded(%arg0: tensor<1x2x5x5xf32>, %arg1: tensor<1x3x5x5xf32>) -> (tensor<3x2x3x3xf32>) {
  %0 = kiln.conv2d_backward_weight %arg0, %arg1 stride = [1, 1] padding = [1, 1] dilation = [1, 1] groups = 1 : tensor<1x2x5x5xf32>, tensor<1x3x5x5xf32> -> tensor<3x2x3x3xf32>
  return %0 : tensor<3x2x3x3xf32>
}

func.func @max_pool2d_2x2(%arg0: tensor<2x3x6x6xf32>) -> (tensor<2x3x3x3xf32>) {
  %0 = kiln.max_pool2d %arg0 kernel = [2, 2] stride = [2, 2] padding = [0, 0] : tensor<2x3x6x6xf32> -> tensor<2x3x3x3xf32>
  return %0 : tensor<2x3x3x3xf32>
}

func.func @max_pool2d_grad_2x2(%arg0: tensor<2x3x6x6xf32>, %arg1: tensor<2x3x3x3xf32>) -> (tensor<2x3x6x6xf32>) {
  %0 = kiln.max_pool2d_grad %arg0, %arg1 kernel = [2, 2] stride = [2, 2] padding = [0, 0] : tensor<2x3x6x6xf32>, tensor<2x3x3x3xf32>
  return %0 : tensor<2x3x6x6xf32>
}

func.func @avg_pool2d_2x2(%arg0: tensor<2x3x6x6xf32>) -> (tensor<2x3x3x3xf32>) {
  %0 = kiln.avg_pool2d %arg0 kernel = [2, 2] stride = [2, 2] padding = [0, 0] : tensor<2x3x6x6xf32> -> tensor<2x3x3x3xf32>
  return %0 : tensor<2x3x3x3xf32>
}

func.func @avg_pool2d_grad_2x2(%arg0: tensor<2x3x3x3xf32>) -> (tensor<2x3x6x6xf32>) {
  %0 = kiln.avg_pool2d_grad %arg0 kernel = [2, 2] stride = [2, 2] padding = [0, 0] : tensor<2x3x3x3xf32> -> tensor<2x3x6x6xf32>
  return %0 : tensor<2x3x6x6xf32>
}

func.func @max_pool2d_3x3_overlapping_padded(%arg0: tensor<1x2x7x5xf32>) -> (tensor<1x2x4x5xf32>) {
  %0 = kiln.max_pool2d %arg0 kernel = [3, 3] stride = [2, 1] padding = [1, 1] : tensor<1x2x7x5xf32> -> tensor<1x2x4x5xf32>
  return %0 : tensor<1x2x4x5xf32>
}

func.func @max_pool2d_grad_3x3_overlapping_padded(%arg0: tensor<1x2x7x5xf32>, %arg1: tensor<1x2x4x5xf32>) -> (tensor<1x2x7x5xf32>) {
  %0 = kiln.max_pool2d_grad %arg0, %arg1 kernel = [3, 3] stride = [2, 1] padding = [1, 1] : tensor<1x2x7x5xf32>, tensor<1x2x4x5xf32>
  return %0 : tensor<1x2x7x5xf32>
}

func.func @avg_pool2d_3x3_overlapping_padded(%arg0: tensor<1x2x7x5xf32>) -> (tensor<1x2x4x5xf32>) {
  %0 = kiln.avg_pool2d %arg0 kernel = [3, 3] stride = [2, 1] padding = [1, 1] : tensor<1x2x7x5xf32> -> tensor<1x2x4x5xf32>
  return %0 : tensor<1x2x4x5xf32>
}

func.func @avg_pool2d_grad_3x3_overlapping_padded(%arg0: tensor<1x2x4x5xf32>) -> (tensor<1x2x7x5xf32>) {
  %0 = kiln.avg_pool2d_grad %arg0 kernel = [3, 3] stride = [2, 1] padding = [1, 1] : tensor<1x2x4x5xf32> -> tensor<1x2x7x5xf32>
  return %0 : tensor<1x2x7x5xf32>
}

func.func @max_pool2d_2x2_stride3(%arg0: tensor<1x2x8x8xf32>) -> (tensor<1x2x3x3xf32>) {
  %0 = kiln.max_pool2d %arg0 kernel = [2, 2] stride = [3, 3] padding = [0, 0] : tensor<1x2x8x8xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

func.func @max_pool2d_grad_2x2_stride3(%arg0: tensor<1x2x8x8xf32>, %arg1: tensor<1x2x3x3xf32>) -> (tensor<1x2x8x8xf32>) {
  %0 = kiln.max_pool2d_grad %arg0, %arg1 kernel = [2, 2] stride = [3, 3] padding = [0, 0] : tensor<1x2x8x8xf32>, tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x8x8xf32>
}

func.func @avg_pool2d_2x2_stride3(%arg0: tensor<1x2x8x8xf32>) -> (tensor<1x2x3x3xf32>) {
  %0 = kiln.avg_pool2d %arg0 kernel = [2, 2] stride = [3, 3] padding = [0, 0] : tensor<1x2x8x8xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

func.func @avg_pool2d_grad_2x2_stride3(%arg0: tensor<1x2x3x3xf32>) -> (tensor<1x2x8x8xf32>) {
  %0 = kiln.avg_pool2d_grad %arg0 kernel = [2, 2] stride = [3, 3] padding = [0, 0] : tensor<1x2x3x3xf32> -> tensor<1x2x8x8xf32>
  return %0 : tensor<1x2x8x8xf32>
}

func.func @max_pool2d_3x3_stride3_padded(%arg0: tensor<1x2x7x7xf32>) -> (tensor<1x2x3x3xf32>) {
  %0 = kiln.max_pool2d %arg0 kernel = [3, 3] stride = [3, 3] padding = [1, 1] : tensor<1x2x7x7xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

func.func @max_pool2d_grad_3x3_stride3_padded(%arg0: tensor<1x2x7x7xf32>, %arg1: tensor<1x2x3x3xf32>) -> (tensor<1x2x7x7xf32>) {
  %0 = kiln.max_pool2d_grad %arg0, %arg1 kernel = [3, 3] stride = [3, 3] padding = [1, 1] : tensor<1x2x7x7xf32>, tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x7x7xf32>
}

func.func @avg_pool2d_3x3_stride3_padded(%arg0: tensor<1x2x7x7xf32>) -> (tensor<1x2x3x3xf32>) {
  %0 = kiln.avg_pool2d %arg0 kernel = [3, 3] stride = [3, 3] padding = [1, 1] : tensor<1x2x7x7xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

func.func @avg_pool2d_grad_3x3_stride3_padded(%arg0: tensor<1x2x3x3xf32>) -> (tensor<1x2x7x7xf32>) {
  %0 = kiln.avg_pool2d_grad %arg0 kernel = [3, 3] stride = [3, 3] padding = [1, 1] : tensor<1x2x3x3xf32> -> tensor<1x2x7x7xf32>
  return %0 : tensor<1x2x7x7xf32>
}
