// RUN: kiln-opt %s --convert-kiln-to-linalg --split-input-file | FileCheck %s

// conv2d pads explicitly and uses the named NCHW convolution.
// CHECK-LABEL: func.func @conv2d(
// CHECK-SAME:    %[[X:.+]]: tensor<1x3x8x8xf32>, %[[W:.+]]: tensor<4x3x3x3xf32>)
// CHECK:         %[[ZERO:.+]] = arith.constant 0.000000e+00 : f32
// CHECK:         %[[PAD:.+]] = tensor.pad %[[X]] low[0, 0, 1, 2] high[0, 0, 1, 2] {
// CHECK:           tensor.yield %[[ZERO]] : f32
// CHECK:         } : tensor<1x3x8x8xf32> to tensor<1x3x10x12xf32>
// CHECK:         %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<1x4x4x3xf32>)
// CHECK:         %[[R:.+]] = linalg.conv_2d_nchw_fchw {dilations = dense<[1, 2]> : tensor<2xi64>, strides = dense<[2, 3]> : tensor<2xi64>} ins(%[[PAD]], %[[W]] : tensor<1x3x10x12xf32>, tensor<4x3x3x3xf32>) outs(%[[INIT]] : tensor<1x4x4x3xf32>)
// CHECK:         return %[[R]]
func.func @conv2d(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x4x4x3xf32> {
  %0 = kiln.conv2d %x, %w stride = [2, 3] padding = [1, 2] dilation = [1, 2] groups = 1 : tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32> -> tensor<1x4x4x3xf32>
  return %0 : tensor<1x4x4x3xf32>
}

// -----

// With groups, the channels are split into a group dimension around
// linalg.conv_2d_ngchw_gfchw. No padding means no tensor.pad.
// CHECK-LABEL: func.func @conv2d_grouped(
// CHECK-SAME:    %[[X:.+]]: tensor<2x6x5x5xf64>, %[[W:.+]]: tensor<3x2x3x3xf64>)
// CHECK-NOT:     tensor.pad
// CHECK:         %[[XG:.+]] = tensor.expand_shape %[[X]] {{\[}}[0], [1, 2], [3], [4]] output_shape [2, 3, 2, 5, 5] : tensor<2x6x5x5xf64> into tensor<2x3x2x5x5xf64>
// CHECK:         %[[WG:.+]] = tensor.expand_shape %[[W]] {{\[}}[0, 1], [2], [3], [4]] output_shape [3, 1, 2, 3, 3] : tensor<3x2x3x3xf64> into tensor<3x1x2x3x3xf64>
// CHECK:         %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f64) outs(%{{.+}} : tensor<2x3x1x3x3xf64>)
// CHECK:         %[[CONV:.+]] = linalg.conv_2d_ngchw_gfchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[XG]], %[[WG]] : tensor<2x3x2x5x5xf64>, tensor<3x1x2x3x3xf64>) outs(%[[INIT]] : tensor<2x3x1x3x3xf64>)
// CHECK:         %[[R:.+]] = tensor.collapse_shape %[[CONV]] {{\[}}[0], [1, 2], [3], [4]] : tensor<2x3x1x3x3xf64> into tensor<2x3x3x3xf64>
// CHECK:         return %[[R]]
func.func @conv2d_grouped(%x: tensor<2x6x5x5xf64>, %w: tensor<3x2x3x3xf64>) -> tensor<2x3x3x3xf64> {
  %0 = kiln.conv2d %x, %w stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 3 : tensor<2x6x5x5xf64>, tensor<3x2x3x3xf64> -> tensor<2x3x3x3xf64>
  return %0 : tensor<2x3x3x3xf64>
}

// -----
// The input gradient: grad_output spread by the stride (offsets 2 - 1: the
// kernel's reach less the padding, which the reach covers), convolved with
// the flipped, channel-swapped weight straight into the input's shape.
// CHECK-DAG: #[[FLIP:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d2, d1, -d3 + 2, -d4 + 2)>
// CHECK-DAG: #[[ID:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d0, d1, d2, d3, d4)>
// CHECK-LABEL: func.func @conv2d_backward_input(
// CHECK-SAME:    %[[GO:.+]]: tensor<1x4x4x4xf32>, %[[W:.+]]: tensor<4x3x3x3xf32>)
// CHECK:         %[[ZEROS:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<1x4x10x10xf32>)
// CHECK:         %[[SPREAD:.+]] = tensor.insert_slice %[[GO]] into %[[ZEROS]][0, 0, 1, 1] [1, 4, 4, 4] [1, 1, 2, 2] : tensor<1x4x4x4xf32> into tensor<1x4x10x10xf32>
// CHECK:         %[[WG:.+]] = tensor.expand_shape %[[W]] {{\[}}[0, 1], [2], [3], [4]] output_shape [1, 4, 3, 3, 3] : tensor<4x3x3x3xf32> into tensor<1x4x3x3x3xf32>
// CHECK:         %[[FLIPPED:.+]] = linalg.generic {indexing_maps = [#[[FLIP]], #[[ID]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "parallel"]} ins(%[[WG]] : tensor<1x4x3x3x3xf32>) outs(%{{.+}} : tensor<1x3x4x3x3xf32>)
// CHECK:         %[[WT:.+]] = tensor.collapse_shape %[[FLIPPED]] {{\[}}[0, 1], [2], [3], [4]] : tensor<1x3x4x3x3xf32> into tensor<3x4x3x3xf32>
// CHECK:         %[[INIT:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<1x3x8x8xf32>)
// CHECK:         %[[R:.+]] = linalg.conv_2d_nchw_fchw {dilations = dense<1> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[SPREAD]], %[[WT]] : tensor<1x4x10x10xf32>, tensor<3x4x3x3xf32>) outs(%[[INIT]] : tensor<1x3x8x8xf32>)
// CHECK-NOT:     tensor.extract_slice
// CHECK:         return %[[R]]
func.func @conv2d_backward_input(%go: tensor<1x4x4x4xf32>, %w: tensor<4x3x3x3xf32>) -> tensor<1x3x8x8xf32> {
  %0 = kiln.conv2d_backward_input %go, %w stride = [2, 2] padding = [1, 1] dilation = [1, 1] groups = 1 : tensor<1x4x4x4xf32>, tensor<4x3x3x3xf32> -> tensor<1x3x8x8xf32>
  return %0 : tensor<1x3x8x8xf32>
}

// -----

// Padding beyond the kernel's reach (a 1x1 kernel, padding 1): the gradient
// of the padded input is computed and its border cut off.
// CHECK-LABEL: func.func @conv2d_backward_input_padding_beyond_reach(
// CHECK:         %[[FULL:.+]] = linalg.conv_2d_nchw_fchw {{.+}} outs(%{{.+}} : tensor<1x3x6x6xf32>)
// CHECK:         %[[R:.+]] = tensor.extract_slice %[[FULL]][0, 0, 1, 1] [1, 3, 4, 4] [1, 1, 1, 1] : tensor<1x3x6x6xf32> to tensor<1x3x4x4xf32>
// CHECK:         return %[[R]]
func.func @conv2d_backward_input_padding_beyond_reach(%go: tensor<1x2x6x6xf32>, %w: tensor<2x3x1x1xf32>) -> tensor<1x3x4x4xf32> {
  %0 = kiln.conv2d_backward_input %go, %w stride = [1, 1] padding = [1, 1] dilation = [1, 1] groups = 1 : tensor<1x2x6x6xf32>, tensor<2x3x1x1xf32> -> tensor<1x3x4x4xf32>
  return %0 : tensor<1x3x4x4xf32>
}

// -----

// Grouped and dilated: the spread border is the dilated reach (2 * (3 - 1)),
// and the convolution keeps the dilation and the groups.
// CHECK-LABEL: func.func @conv2d_backward_input_grouped_dilated(
// CHECK-SAME:    %[[GO:.+]]: tensor<1x4x2x2xf32>, %[[W:.+]]: tensor<4x1x3x3xf32>)
// CHECK:         %[[SPREAD:.+]] = tensor.insert_slice %[[GO]] into %{{.+}}[0, 0, 4, 4] [1, 4, 2, 2] [1, 1, 1, 1] : tensor<1x4x2x2xf32> into tensor<1x4x10x10xf32>
// CHECK:         tensor.expand_shape %[[W]] {{\[}}[0, 1], [2], [3], [4]] output_shape [2, 2, 1, 3, 3]
// CHECK:         linalg.generic
// CHECK:         %[[WT:.+]] = tensor.collapse_shape %{{.+}} {{\[}}[0, 1], [2], [3], [4]] : tensor<2x1x2x3x3xf32> into tensor<2x2x3x3xf32>
// CHECK:         %[[SG:.+]] = tensor.expand_shape %[[SPREAD]] {{\[}}[0], [1, 2], [3], [4]] output_shape [1, 2, 2, 10, 10]
// CHECK:         %[[WTG:.+]] = tensor.expand_shape %[[WT]] {{\[}}[0, 1], [2], [3], [4]] output_shape [2, 1, 2, 3, 3]
// CHECK:         %[[CONV:.+]] = linalg.conv_2d_ngchw_gfchw {dilations = dense<2> : tensor<2xi64>, strides = dense<1> : tensor<2xi64>} ins(%[[SG]], %[[WTG]] : tensor<1x2x2x10x10xf32>, tensor<2x1x2x3x3xf32>) outs(%{{.+}} : tensor<1x2x1x6x6xf32>)
// CHECK:         %[[R:.+]] = tensor.collapse_shape %[[CONV]] {{\[}}[0], [1, 2], [3], [4]] : tensor<1x2x1x6x6xf32> into tensor<1x2x6x6xf32>
// CHECK-NOT:     tensor.extract_slice
// CHECK:         return %[[R]]
func.func @conv2d_backward_input_grouped_dilated(%go: tensor<1x4x2x2xf32>, %w: tensor<4x1x3x3xf32>) -> tensor<1x2x6x6xf32> {
  %0 = kiln.conv2d_backward_input %go, %w stride = [1, 1] padding = [0, 0] dilation = [2, 2] groups = 2 : tensor<1x4x2x2xf32>, tensor<4x1x3x3xf32> -> tensor<1x2x6x6xf32>
  return %0 : tensor<1x2x6x6xf32>
}

// -----

// The weight gradient is a grouped convolution of the input, batch and
// channels swapped ([C/G, G*N, H, W]), with grad_output as the filter
// ([F, N, OH, OW]), at stride = dilation and dilation = stride; its
// [C/G, F, KH, KW] result is transposed back.
// CHECK-DAG: #[[SWAP5:.+]] = affine_map<(d0, d1, d2, d3, d4) -> (d2, d1, d0, d3, d4)>
// CHECK-DAG: #[[SWAP4:.+]] = affine_map<(d0, d1, d2, d3) -> (d1, d0, d2, d3)>
// CHECK-LABEL: func.func @conv2d_backward_weight(
// CHECK-SAME:    %[[X:.+]]: tensor<2x4x6x6xf64>, %[[GO:.+]]: tensor<2x6x2x2xf64>)
// CHECK:         %[[XG:.+]] = tensor.expand_shape %[[X]] {{\[}}[0], [1, 2], [3], [4]] output_shape [2, 2, 2, 6, 6]
// CHECK:         %[[XT:.+]] = linalg.generic {indexing_maps = [#[[SWAP5]], #{{.+}}], {{.+}}} ins(%[[XG]] : tensor<2x2x2x6x6xf64>)
// CHECK:         %[[IMAGES:.+]] = tensor.collapse_shape %[[XT]] {{\[}}[0], [1, 2], [3], [4]] : tensor<2x2x2x6x6xf64> into tensor<2x4x6x6xf64>
// CHECK:         %[[FILTERS:.+]] = linalg.generic {indexing_maps = [#[[SWAP4]], #{{.+}}], {{.+}}} ins(%[[GO]] : tensor<2x6x2x2xf64>) outs(%{{.+}} : tensor<6x2x2x2xf64>)
// CHECK:         %[[IG:.+]] = tensor.expand_shape %[[IMAGES]] {{\[}}[0], [1, 2], [3], [4]] output_shape [2, 2, 2, 6, 6]
// CHECK:         %[[FG:.+]] = tensor.expand_shape %[[FILTERS]] {{\[}}[0, 1], [2], [3], [4]] output_shape [2, 3, 2, 2, 2]
// CHECK:         %[[CONV:.+]] = linalg.conv_2d_ngchw_gfchw {dilations = dense<[2, 3]> : tensor<2xi64>, strides = dense<[2, 1]> : tensor<2xi64>} ins(%[[IG]], %[[FG]] : tensor<2x2x2x6x6xf64>, tensor<2x3x2x2x2xf64>) outs(%{{.+}} : tensor<2x2x3x2x2xf64>)
// CHECK:         %[[SWAPPED:.+]] = tensor.collapse_shape %[[CONV]] {{\[}}[0], [1, 2], [3], [4]] : tensor<2x2x3x2x2xf64> into tensor<2x6x2x2xf64>
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#[[SWAP4]], #{{.+}}], {{.+}}} ins(%[[SWAPPED]] : tensor<2x6x2x2xf64>) outs(%{{.+}} : tensor<6x2x2x2xf64>)
// CHECK:         return %[[R]]
func.func @conv2d_backward_weight(%x: tensor<2x4x6x6xf64>, %go: tensor<2x6x2x2xf64>) -> tensor<6x2x2x2xf64> {
  %0 = kiln.conv2d_backward_weight %x, %go stride = [2, 3] padding = [0, 0] dilation = [2, 1] groups = 2 : tensor<2x4x6x6xf64>, tensor<2x6x2x2xf64> -> tensor<6x2x2x2xf64>
  return %0 : tensor<6x2x2x2xf64>
}

// -----

// Without groups, the weight gradient is one matmul: the (padded) input's
// windows as rows (c, i, j) by columns (n, y, x), at strides [2, 1] and
// dilations [1, 2] here, times grad_output channels-last, [C*KH*KW, F],
// transposed back to [F, C, KH, KW].
// CHECK-DAG: #[[WINDOWS:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d3, d0, d4 * 2 + d1, d5 + d2 * 2)>
// CHECK-DAG: #[[LAST:.+]] = affine_map<(d0, d1, d2, d3) -> (d0, d3, d1, d2)>
// CHECK-DAG: #[[BACK:.+]] = affine_map<(d0, d1, d2, d3) -> (d1, d2, d3, d0)>
// CHECK-LABEL: func.func @conv2d_backward_weight_padded(
// CHECK-SAME:    %[[X:.+]]: tensor<1x2x4x5xf32>, %[[GO:.+]]: tensor<1x3x2x3xf32>)
// CHECK:         %[[PAD:.+]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:         %[[WIN:.+]] = linalg.generic {indexing_maps = [#[[WINDOWS]], #{{.+}}], {{.+}}} ins(%[[PAD]] : tensor<1x2x6x7xf32>) outs(%{{.+}} : tensor<2x3x3x1x2x3xf32>)
// CHECK:         %[[ROWS:.+]] = tensor.collapse_shape %[[WIN]] {{\[}}[0, 1, 2], [3, 4, 5]] : tensor<2x3x3x1x2x3xf32> into tensor<18x6xf32>
// CHECK:         %[[CL:.+]] = linalg.generic {indexing_maps = [#[[LAST]], #{{.+}}], {{.+}}} ins(%[[GO]] : tensor<1x3x2x3xf32>) outs(%{{.+}} : tensor<1x2x3x3xf32>)
// CHECK:         %[[COLS:.+]] = tensor.collapse_shape %[[CL]] {{\[}}[0, 1, 2], [3]] : tensor<1x2x3x3xf32> into tensor<6x3xf32>
// CHECK:         %[[MM:.+]] = linalg.matmul ins(%[[ROWS]], %[[COLS]] : tensor<18x6xf32>, tensor<6x3xf32>) outs(%{{.+}} : tensor<18x3xf32>)
// CHECK:         %[[BYW:.+]] = tensor.expand_shape %[[MM]] {{\[}}[0, 1, 2], [3]] output_shape [2, 3, 3, 3]
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#[[BACK]], #{{.+}}], {{.+}}} ins(%[[BYW]] : tensor<2x3x3x3xf32>) outs(%{{.+}} : tensor<3x2x3x3xf32>)
// CHECK:         return %[[R]]
func.func @conv2d_backward_weight_padded(%x: tensor<1x2x4x5xf32>, %go: tensor<1x3x2x3xf32>) -> tensor<3x2x3x3xf32> {
  %0 = kiln.conv2d_backward_weight %x, %go stride = [2, 1] padding = [1, 1] dilation = [1, 2] groups = 1 : tensor<1x2x4x5xf32>, tensor<1x3x2x3xf32> -> tensor<3x2x3x3xf32>
  return %0 : tensor<3x2x3x3xf32>
}

// -----

// Windows beyond 64 MiB (here 256 images: 604 MiB) take the convolution
// form, whose windows the CPU's tiling copies block by block.
// CHECK-LABEL: func.func @conv2d_backward_weight_large_batch(
// CHECK-NOT:     linalg.matmul
// CHECK:         linalg.conv_2d_nchw_fchw {{.+}} outs(%{{.+}} : tensor<64x64x3x3xf32>)
func.func @conv2d_backward_weight_large_batch(%x: tensor<256x64x32x32xf32>, %go: tensor<256x64x32x32xf32>) -> tensor<64x64x3x3xf32> {
  %0 = kiln.conv2d_backward_weight %x, %go stride = [1, 1] padding = [1, 1] dilation = [1, 1] groups = 1 : tensor<256x64x32x32xf32>, tensor<256x64x32x32xf32> -> tensor<64x64x3x3xf32>
  return %0 : tensor<64x64x3x3xf32>
}

// -----

// No filters: an empty weight gradient, still the matmul form, no crash.
// CHECK-LABEL: func.func @conv2d_backward_weight_no_filters(
// CHECK:         linalg.matmul {{.+}} outs(%{{.+}} : tensor<27x0xf32>)
func.func @conv2d_backward_weight_no_filters(%x: tensor<2x3x5x5xf32>, %go: tensor<2x0x3x3xf32>) -> tensor<0x3x3x3xf32> {
  %0 = kiln.conv2d_backward_weight %x, %go stride = [1, 1] padding = [0, 0] dilation = [1, 1] groups = 1 : tensor<2x3x5x5xf32>, tensor<2x0x3x3xf32> -> tensor<0x3x3x3xf32>
  return %0 : tensor<0x3x3x3xf32>
}

// -----

// Max pooling pads with -inf and starts from -inf.
// CHECK-LABEL: func.func @max_pool2d(
// CHECK-SAME:    %[[X:.+]]: tensor<1x2x5x5xf32>)
// CHECK:         %[[NEGINF:.+]] = arith.constant 0xFF800000 : f32
// CHECK:         %[[PAD:.+]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1] {
// CHECK:           tensor.yield %[[NEGINF]] : f32
// CHECK:         %[[WIN:.+]] = tensor.empty() : tensor<3x3xf32>
// CHECK:         %[[INIT:.+]] = linalg.fill ins(%[[NEGINF]] : f32) outs(%{{.+}} : tensor<1x2x3x3xf32>)
// CHECK:         %[[R:.+]] = linalg.pooling_nchw_max {dilations = dense<1> : tensor<2xi64>, strides = dense<2> : tensor<2xi64>} ins(%[[PAD]], %[[WIN]] : tensor<1x2x7x7xf32>, tensor<3x3xf32>) outs(%[[INIT]] : tensor<1x2x3x3xf32>)
// CHECK:         return %[[R]]
func.func @max_pool2d(%x: tensor<1x2x5x5xf32>) -> tensor<1x2x3x3xf32> {
  %0 = kiln.max_pool2d %x kernel = [3, 3] stride = [2, 2] padding = [1, 1] : tensor<1x2x5x5xf32> -> tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x3x3xf32>
}

// -----

// Average pooling sums (zero padding counts) and divides by the kernel area.
// CHECK-LABEL: func.func @avg_pool2d(
// CHECK-SAME:    %[[X:.+]]: tensor<1x2x5x5xf16>)
// CHECK:         %[[ZERO:.+]] = arith.constant 0.000000e+00 : f16
// CHECK:         %[[PAD:.+]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1] {
// CHECK:           tensor.yield %[[ZERO]] : f16
// CHECK:         %[[WIN:.+]] = tensor.empty() : tensor<3x2xf16>
// CHECK:         %[[INIT:.+]] = linalg.fill ins(%[[ZERO]] : f16) outs(%{{.+}} : tensor<1x2x3x2xf16>)
// CHECK:         %[[SUM:.+]] = linalg.pooling_nchw_sum {dilations = dense<1> : tensor<2xi64>, strides = dense<[2, 3]> : tensor<2xi64>} ins(%[[PAD]], %[[WIN]] : tensor<1x2x7x7xf16>, tensor<3x2xf16>) outs(%[[INIT]] : tensor<1x2x3x2xf16>)
// CHECK:         %[[AREA:.+]] = arith.constant 6.000000e+00 : f16
// CHECK:         %[[R:.+]] = linalg.generic {{.*}} ins(%[[SUM]] : tensor<1x2x3x2xf16>)
// CHECK-NEXT:    ^bb0(%[[S:.+]]: f16, %{{.+}}: f16):
// CHECK-NEXT:      %[[A:.+]] = arith.divf %[[S]], %[[AREA]] : f16
// CHECK-NEXT:      linalg.yield %[[A]] : f16
// CHECK:         return %[[R]]
func.func @avg_pool2d(%x: tensor<1x2x5x5xf16>) -> tensor<1x2x3x2xf16> {
  %0 = kiln.avg_pool2d %x kernel = [3, 2] stride = [2, 3] padding = [1, 1] : tensor<1x2x5x5xf16> -> tensor<1x2x3x2xf16>
  return %0 : tensor<1x2x3x2xf16>
}

// -----

// max_pool2d_grad, step 1: each window's first maximum as a slot i * KW + j
// (-1 until a real element is seen; padding never wins). Step 2: each input
// element gathers the gradient of every window whose chosen slot it is.
// CHECK-DAG: #[[PADDED:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2 * 2 + d4, d3 * 2 + d5)>
// CHECK-DAG: #[[WINDOW:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @max_pool2d_grad(
// CHECK-SAME:    %[[X:.+]]: tensor<1x2x5x5xf32>, %[[GO:.+]]: tensor<1x2x3x3xf32>)
// CHECK:         %[[PAD:.+]] = tensor.pad %[[X]] low[0, 0, 1, 1] high[0, 0, 1, 1]
// CHECK:         %[[WIN:.+]] = tensor.empty() : tensor<3x3xf32>
// CHECK:         %[[VALS:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<1x2x3x3xf32>)
// CHECK:         %[[UNSET:.+]] = arith.constant -1 : i64
// CHECK:         %[[SLOTS:.+]] = linalg.fill ins(%[[UNSET]] : i64) outs(%{{.+}} : tensor<1x2x3x3xi64>)
// CHECK:         %[[ARGMAX:.+]]:2 = linalg.generic {indexing_maps = [#[[PADDED]], #[[WINDOW]], #[[OUT]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%[[PAD]], %[[WIN]] : tensor<1x2x7x7xf32>, tensor<3x3xf32>) outs(%[[VALS]], %[[SLOTS]] : tensor<1x2x3x3xf32>, tensor<1x2x3x3xi64>)
// CHECK-NEXT:    ^bb0(%[[V:.+]]: f32, %{{.+}}: f32, %[[MAX:.+]]: f32, %[[MAXSLOT:.+]]: i64):
// Only elements of the unpadded input, rows and columns [1, 6), take part.
// CHECK:           %[[OY:.+]] = linalg.index 2 : index
// CHECK:           %[[I:.+]] = linalg.index 4 : index
// CHECK:           %[[J:.+]] = linalg.index 5 : index
// CHECK:           %[[START:.+]] = arith.muli %[[OY]], %{{.+}} : index
// CHECK:           %[[ROW:.+]] = arith.addi %[[START]], %[[I]] : index
// CHECK:           arith.cmpi sge, %[[ROW]], %{{.+}} : index
// CHECK:           arith.cmpi slt, %[[ROW]], %{{.+}} : index
// CHECK:           %[[SLOT:.+]] = arith.index_cast %{{.+}} : index to i64
// CHECK:           %[[ISUNSET:.+]] = arith.cmpi slt, %[[MAXSLOT]], %{{.+}} : i64
// CHECK:           %[[GT:.+]] = arith.cmpf ogt, %[[V]], %[[MAX]] : f32
// CHECK:           %[[ORD:.+]] = arith.cmpf ord, %[[MAX]], %[[MAX]] : f32
// CHECK:           %[[UNO:.+]] = arith.cmpf uno, %[[V]], %[[V]] : f32
// CHECK:           %[[FIRSTNAN:.+]] = arith.andi %[[UNO]], %[[ORD]] : i1
// CHECK:           %[[BIGGER:.+]] = arith.ori %[[GT]], %[[FIRSTNAN]] : i1
// CHECK:           %[[BETTER:.+]] = arith.ori %[[ISUNSET]], %[[BIGGER]] : i1
// CHECK:           %[[TAKE:.+]] = arith.andi %{{.+}}, %[[BETTER]] : i1
// CHECK:           %[[NV:.+]] = arith.select %[[TAKE]], %[[V]], %[[MAX]] : f32
// CHECK:           %[[NS:.+]] = arith.select %[[TAKE]], %[[SLOT]], %[[MAXSLOT]] : i64
// CHECK:           linalg.yield %[[NV]], %[[NS]] : f32, i64
// CHECK:         %[[ZEROS:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<1x2x5x5xf32>)
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#[[WINDOW]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%{{.+}} : tensor<3x3xf32>) outs(%[[ZEROS]] : tensor<1x2x5x5xf32>)
// CHECK:           %[[N:.+]] = linalg.index 0 : index
// CHECK:           %[[C:.+]] = linalg.index 1 : index
// CHECK:           %[[Y:.+]] = linalg.index 2 : index
// CHECK:           %[[GI:.+]] = linalg.index 4 : index
// The window whose slot row GI holds row Y starts at Y + 1 - GI; it must be a
// multiple of the stride, and the window index in range (then clamped).
// CHECK:           %[[SHIFTED:.+]] = arith.addi %[[Y]], %{{.+}} : index
// CHECK:           %[[OFF:.+]] = arith.subi %[[SHIFTED]], %[[GI]] : index
// CHECK:           arith.cmpi sge, %[[OFF]], %{{.+}} : index
// CHECK:           %[[REM:.+]] = arith.remsi %[[OFF]], %{{.+}} : index
// CHECK:           arith.cmpi eq, %[[REM]], %{{.+}} : index
// CHECK:           %[[WY:.+]] = arith.divsi %[[OFF]], %{{.+}} : index
// CHECK:           arith.cmpi slt, %[[WY]], %{{.+}} : index
// CHECK:           %[[LOW:.+]] = arith.maxsi %[[WY]], %{{.+}} : index
// CHECK:           %[[WYC:.+]] = arith.minsi %[[LOW]], %{{.+}} : index
// CHECK:           %[[CHOSEN:.+]] = tensor.extract %[[ARGMAX]]#1[%[[N]], %[[C]], %[[WYC]], %{{.+}}] : tensor<1x2x3x3xi64>
// CHECK:           %[[HIT:.+]] = arith.cmpi eq, %[[CHOSEN]], %{{.+}} : i64
// CHECK:           %[[G:.+]] = tensor.extract %[[GO]][%[[N]], %[[C]], %[[WYC]], %{{.+}}] : tensor<1x2x3x3xf32>
// CHECK:           %[[T:.+]] = arith.select %[[HIT]], %[[G]], %{{.+}} : f32
// CHECK:           %[[TERM:.+]] = arith.select %{{.+}}, %[[T]], %{{.+}} : f32
// CHECK:           %[[SUM:.+]] = arith.addf %{{.+}}, %[[TERM]] : f32
// CHECK:           linalg.yield %[[SUM]] : f32
// CHECK:         return %[[R]]
func.func @max_pool2d_grad(%x: tensor<1x2x5x5xf32>, %go: tensor<1x2x3x3xf32>) -> tensor<1x2x5x5xf32> {
  %0 = kiln.max_pool2d_grad %x, %go kernel = [3, 3] stride = [2, 2] padding = [1, 1] : tensor<1x2x5x5xf32>, tensor<1x2x3x3xf32>
  return %0 : tensor<1x2x5x5xf32>
}

// -----

// Without padding the argmax needs no bounds checks; with stride 1 the gather
// needs no divisibility check.
// CHECK-LABEL: func.func @max_pool2d_grad_unit_stride
// CHECK:         linalg.generic
// CHECK-NOT:       arith.cmpi sge
// CHECK:           linalg.yield
// CHECK:         linalg.generic
// CHECK-NOT:       arith.remsi
// CHECK:           linalg.yield
func.func @max_pool2d_grad_unit_stride(%x: tensor<1x1x4x4xf32>, %go: tensor<1x1x3x3xf32>) -> tensor<1x1x4x4xf32> {
  %0 = kiln.max_pool2d_grad %x, %go kernel = [2, 2] stride = [1, 1] padding = [0, 0] : tensor<1x1x4x4xf32>, tensor<1x1x3x3xf32>
  return %0 : tensor<1x1x4x4xf32>
}

// -----

// avg_pool2d_grad: each input element gathers grad / area from every window
// that contains it.
// CHECK-DAG: #[[WINDOW:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d4, d5)>
// CHECK-DAG: #[[OUT:.+]] = affine_map<(d0, d1, d2, d3, d4, d5) -> (d0, d1, d2, d3)>
// CHECK-LABEL: func.func @avg_pool2d_grad(
// CHECK-SAME:    %[[GO:.+]]: tensor<1x2x3x3xf32>)
// CHECK:         %[[ZEROS:.+]] = linalg.fill ins(%{{.+}} : f32) outs(%{{.+}} : tensor<1x2x5x5xf32>)
// CHECK:         %[[R:.+]] = linalg.generic {indexing_maps = [#[[WINDOW]], #[[OUT]]], iterator_types = ["parallel", "parallel", "parallel", "parallel", "reduction", "reduction"]} ins(%{{.+}} : tensor<3x3xf32>) outs(%[[ZEROS]] : tensor<1x2x5x5xf32>)
// CHECK:           %[[G:.+]] = tensor.extract %[[GO]][%{{.+}}, %{{.+}}, %{{.+}}, %{{.+}}] : tensor<1x2x3x3xf32>
// CHECK:           %[[AREA:.+]] = arith.constant 9.000000e+00 : f32
// CHECK:           %[[Q:.+]] = arith.divf %[[G]], %[[AREA]] : f32
// CHECK:           %[[TERM:.+]] = arith.select %{{.+}}, %[[Q]], %{{.+}} : f32
// CHECK:           %[[SUM:.+]] = arith.addf %{{.+}}, %[[TERM]] : f32
// CHECK:           linalg.yield %[[SUM]] : f32
// CHECK:         return %[[R]]
func.func @avg_pool2d_grad(%go: tensor<1x2x3x3xf32>) -> tensor<1x2x5x5xf32> {
  %0 = kiln.avg_pool2d_grad %go kernel = [3, 3] stride = [2, 2] padding = [1, 1] : tensor<1x2x3x3xf32> -> tensor<1x2x5x5xf32>
  return %0 : tensor<1x2x5x5xf32>
}
