// RUN: kiln-run %s --entry neg_f32 --input %S/data/elementwise.neg_f32.in0.npy --expected %S/data/elementwise.neg_f32.out0.npy --rtol 2e-06 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry neg_f64 --input %S/data/elementwise.neg_f64.in0.npy --expected %S/data/elementwise.neg_f64.out0.npy --rtol 1e-12 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry abs_f32 --input %S/data/elementwise.abs_f32.in0.npy --expected %S/data/elementwise.abs_f32.out0.npy --rtol 2e-06 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry abs_f64 --input %S/data/elementwise.abs_f64.in0.npy --expected %S/data/elementwise.abs_f64.out0.npy --rtol 1e-12 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry relu_f32 --input %S/data/elementwise.relu_f32.in0.npy --expected %S/data/elementwise.relu_f32.out0.npy --rtol 2e-06 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry relu_f64 --input %S/data/elementwise.relu_f64.in0.npy --expected %S/data/elementwise.relu_f64.out0.npy --rtol 1e-12 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry exp_f32 --input %S/data/elementwise.exp_f32.in0.npy --expected %S/data/elementwise.exp_f32.out0.npy --rtol 2e-06 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry exp_f64 --input %S/data/elementwise.exp_f64.in0.npy --expected %S/data/elementwise.exp_f64.out0.npy --rtol 1e-12 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry log_f32 --input %S/data/elementwise.log_f32.in0.npy --expected %S/data/elementwise.log_f32.out0.npy --rtol 2e-06 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry log_f64 --input %S/data/elementwise.log_f64.in0.npy --expected %S/data/elementwise.log_f64.out0.npy --rtol 1e-12 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry sqrt_f32 --input %S/data/elementwise.sqrt_f32.in0.npy --expected %S/data/elementwise.sqrt_f32.out0.npy --rtol 2e-06 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry sqrt_f64 --input %S/data/elementwise.sqrt_f64.in0.npy --expected %S/data/elementwise.sqrt_f64.out0.npy --rtol 1e-12 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry rsqrt_f32 --input %S/data/elementwise.rsqrt_f32.in0.npy --expected %S/data/elementwise.rsqrt_f32.out0.npy --rtol 2e-06 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry rsqrt_f64 --input %S/data/elementwise.rsqrt_f64.in0.npy --expected %S/data/elementwise.rsqrt_f64.out0.npy --rtol 1e-12 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry tanh_f32 --input %S/data/elementwise.tanh_f32.in0.npy --expected %S/data/elementwise.tanh_f32.out0.npy --rtol 2e-06 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry tanh_f64 --input %S/data/elementwise.tanh_f64.in0.npy --expected %S/data/elementwise.tanh_f64.out0.npy --rtol 1e-12 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry sigmoid_f32 --input %S/data/elementwise.sigmoid_f32.in0.npy --expected %S/data/elementwise.sigmoid_f32.out0.npy --rtol 2e-06 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry sigmoid_f64 --input %S/data/elementwise.sigmoid_f64.in0.npy --expected %S/data/elementwise.sigmoid_f64.out0.npy --rtol 1e-12 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry gelu_f32 --input %S/data/elementwise.gelu_f32.in0.npy --expected %S/data/elementwise.gelu_f32.out0.npy --rtol 2e-06 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry gelu_f64 --input %S/data/elementwise.gelu_f64.in0.npy --expected %S/data/elementwise.gelu_f64.out0.npy --rtol 1e-12 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry silu_f32 --input %S/data/elementwise.silu_f32.in0.npy --expected %S/data/elementwise.silu_f32.out0.npy --rtol 2e-06 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry silu_f64 --input %S/data/elementwise.silu_f64.in0.npy --expected %S/data/elementwise.silu_f64.out0.npy --rtol 1e-12 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry sin_f32 --input %S/data/elementwise.sin_f32.in0.npy --expected %S/data/elementwise.sin_f32.out0.npy --rtol 2e-06 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry sin_f64 --input %S/data/elementwise.sin_f64.in0.npy --expected %S/data/elementwise.sin_f64.out0.npy --rtol 1e-12 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry cos_f32 --input %S/data/elementwise.cos_f32.in0.npy --expected %S/data/elementwise.cos_f32.out0.npy --rtol 2e-06 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry cos_f64 --input %S/data/elementwise.cos_f64.in0.npy --expected %S/data/elementwise.cos_f64.out0.npy --rtol 1e-12 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry erf_f32 --input %S/data/elementwise.erf_f32.in0.npy --expected %S/data/elementwise.erf_f32.out0.npy --rtol 2e-06 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry erf_f64 --input %S/data/elementwise.erf_f64.in0.npy --expected %S/data/elementwise.erf_f64.out0.npy --rtol 1e-12 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry reciprocal_f32 --input %S/data/elementwise.reciprocal_f32.in0.npy --expected %S/data/elementwise.reciprocal_f32.out0.npy --rtol 2e-06 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry reciprocal_f64 --input %S/data/elementwise.reciprocal_f64.in0.npy --expected %S/data/elementwise.reciprocal_f64.out0.npy --rtol 1e-12 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry abs_i32 --input %S/data/elementwise.abs_i32.in0.npy --expected %S/data/elementwise.abs_i32.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry abs_i64 --input %S/data/elementwise.abs_i64.in0.npy --expected %S/data/elementwise.abs_i64.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry neg_i32 --input %S/data/elementwise.neg_i32.in0.npy --expected %S/data/elementwise.neg_i32.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry neg_i64 --input %S/data/elementwise.neg_i64.in0.npy --expected %S/data/elementwise.neg_i64.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry relu_i32 --input %S/data/elementwise.relu_i32.in0.npy --expected %S/data/elementwise.relu_i32.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry relu_i64 --input %S/data/elementwise.relu_i64.in0.npy --expected %S/data/elementwise.relu_i64.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry add_f32 --input %S/data/elementwise.add_f32.in0.npy,%S/data/elementwise.add_f32.in1.npy --expected %S/data/elementwise.add_f32.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry add_i32 --input %S/data/elementwise.add_i32.in0.npy,%S/data/elementwise.add_i32.in1.npy --expected %S/data/elementwise.add_i32.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry add_i64 --input %S/data/elementwise.add_i64.in0.npy,%S/data/elementwise.add_i64.in1.npy --expected %S/data/elementwise.add_i64.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry sub_f32 --input %S/data/elementwise.sub_f32.in0.npy,%S/data/elementwise.sub_f32.in1.npy --expected %S/data/elementwise.sub_f32.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry sub_i32 --input %S/data/elementwise.sub_i32.in0.npy,%S/data/elementwise.sub_i32.in1.npy --expected %S/data/elementwise.sub_i32.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry sub_i64 --input %S/data/elementwise.sub_i64.in0.npy,%S/data/elementwise.sub_i64.in1.npy --expected %S/data/elementwise.sub_i64.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry mul_f32 --input %S/data/elementwise.mul_f32.in0.npy,%S/data/elementwise.mul_f32.in1.npy --expected %S/data/elementwise.mul_f32.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry mul_i32 --input %S/data/elementwise.mul_i32.in0.npy,%S/data/elementwise.mul_i32.in1.npy --expected %S/data/elementwise.mul_i32.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry mul_i64 --input %S/data/elementwise.mul_i64.in0.npy,%S/data/elementwise.mul_i64.in1.npy --expected %S/data/elementwise.mul_i64.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry maximum_f32 --input %S/data/elementwise.maximum_f32.in0.npy,%S/data/elementwise.maximum_f32.in1.npy --expected %S/data/elementwise.maximum_f32.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry maximum_i32 --input %S/data/elementwise.maximum_i32.in0.npy,%S/data/elementwise.maximum_i32.in1.npy --expected %S/data/elementwise.maximum_i32.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry maximum_i64 --input %S/data/elementwise.maximum_i64.in0.npy,%S/data/elementwise.maximum_i64.in1.npy --expected %S/data/elementwise.maximum_i64.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry minimum_f32 --input %S/data/elementwise.minimum_f32.in0.npy,%S/data/elementwise.minimum_f32.in1.npy --expected %S/data/elementwise.minimum_f32.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry minimum_i32 --input %S/data/elementwise.minimum_i32.in0.npy,%S/data/elementwise.minimum_i32.in1.npy --expected %S/data/elementwise.minimum_i32.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry minimum_i64 --input %S/data/elementwise.minimum_i64.in0.npy,%S/data/elementwise.minimum_i64.in1.npy --expected %S/data/elementwise.minimum_i64.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry div_f32 --input %S/data/elementwise.div_f32.in0.npy,%S/data/elementwise.div_f32.in1.npy --expected %S/data/elementwise.div_f32.out0.npy --rtol 1e-05 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry div_i64_truncates --input %S/data/elementwise.div_i64_truncates.in0.npy,%S/data/elementwise.div_i64_truncates.in1.npy --expected %S/data/elementwise.div_i64_truncates.out0.npy --rtol 1e-05 --atol 0 --quiet
// RUN: kiln-run %s --entry pow_f32 --input %S/data/elementwise.pow_f32.in0.npy,%S/data/elementwise.pow_f32.in1.npy --expected %S/data/elementwise.pow_f32.out0.npy --rtol 1e-05 --atol 1e-06 --quiet
// RUN: kiln-run %s --entry maximum_propagates_nan --input %S/data/elementwise.maximum_propagates_nan.in0.npy,%S/data/elementwise.maximum_propagates_nan.in1.npy --expected %S/data/elementwise.maximum_propagates_nan.out0.npy --rtol 1e-05 --atol 1e-06 --quiet

// Unary and binary elementwise ops.
// Generated by generate.py; expected values computed with numpy.

func.func @neg_f32(%arg0: tensor<3x5xf32>) -> (tensor<3x5xf32>) {
  %0 = kiln.neg %arg0 : tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

func.func @neg_f64(%arg0: tensor<3x5xf64>) -> (tensor<3x5xf64>) {
  %0 = kiln.neg %arg0 : tensor<3x5xf64>
  return %0 : tensor<3x5xf64>
}

func.func @abs_f32(%arg0: tensor<3x5xf32>) -> (tensor<3x5xf32>) {
  %0 = kiln.abs %arg0 : tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

func.func @abs_f64(%arg0: tensor<3x5xf64>) -> (tensor<3x5xf64>) {
  %0 = kiln.abs %arg0 : tensor<3x5xf64>
  return %0 : tensor<3x5xf64>
}

func.func @relu_f32(%arg0: tensor<3x5xf32>) -> (tensor<3x5xf32>) {
  %0 = kiln.relu %arg0 : tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

func.func @relu_f64(%arg0: tensor<3x5xf64>) -> (tensor<3x5xf64>) {
  %0 = kiln.relu %arg0 : tensor<3x5xf64>
  return %0 : tensor<3x5xf64>
}

func.func @exp_f32(%arg0: tensor<3x5xf32>) -> (tensor<3x5xf32>) {
  %0 = kiln.exp %arg0 : tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

func.func @exp_f64(%arg0: tensor<3x5xf64>) -> (tensor<3x5xf64>) {
  %0 = kiln.exp %arg0 : tensor<3x5xf64>
  return %0 : tensor<3x5xf64>
}

func.func @log_f32(%arg0: tensor<3x5xf32>) -> (tensor<3x5xf32>) {
  %0 = kiln.log %arg0 : tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

func.func @log_f64(%arg0: tensor<3x5xf64>) -> (tensor<3x5xf64>) {
  %0 = kiln.log %arg0 : tensor<3x5xf64>
  return %0 : tensor<3x5xf64>
}

func.func @sqrt_f32(%arg0: tensor<3x5xf32>) -> (tensor<3x5xf32>) {
  %0 = kiln.sqrt %arg0 : tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

func.func @sqrt_f64(%arg0: tensor<3x5xf64>) -> (tensor<3x5xf64>) {
  %0 = kiln.sqrt %arg0 : tensor<3x5xf64>
  return %0 : tensor<3x5xf64>
}

func.func @rsqrt_f32(%arg0: tensor<3x5xf32>) -> (tensor<3x5xf32>) {
  %0 = kiln.rsqrt %arg0 : tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

func.func @rsqrt_f64(%arg0: tensor<3x5xf64>) -> (tensor<3x5xf64>) {
  %0 = kiln.rsqrt %arg0 : tensor<3x5xf64>
  return %0 : tensor<3x5xf64>
}

func.func @tanh_f32(%arg0: tensor<3x5xf32>) -> (tensor<3x5xf32>) {
  %0 = kiln.tanh %arg0 : tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

func.func @tanh_f64(%arg0: tensor<3x5xf64>) -> (tensor<3x5xf64>) {
  %0 = kiln.tanh %arg0 : tensor<3x5xf64>
  return %0 : tensor<3x5xf64>
}

func.func @sigmoid_f32(%arg0: tensor<3x5xf32>) -> (tensor<3x5xf32>) {
  %0 = kiln.sigmoid %arg0 : tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

func.func @sigmoid_f64(%arg0: tensor<3x5xf64>) -> (tensor<3x5xf64>) {
  %0 = kiln.sigmoid %arg0 : tensor<3x5xf64>
  return %0 : tensor<3x5xf64>
}

func.func @gelu_f32(%arg0: tensor<3x5xf32>) -> (tensor<3x5xf32>) {
  %0 = kiln.gelu %arg0 : tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

func.func @gelu_f64(%arg0: tensor<3x5xf64>) -> (tensor<3x5xf64>) {
  %0 = kiln.gelu %arg0 : tensor<3x5xf64>
  return %0 : tensor<3x5xf64>
}

func.func @silu_f32(%arg0: tensor<3x5xf32>) -> (tensor<3x5xf32>) {
  %0 = kiln.silu %arg0 : tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

func.func @silu_f64(%arg0: tensor<3x5xf64>) -> (tensor<3x5xf64>) {
  %0 = kiln.silu %arg0 : tensor<3x5xf64>
  return %0 : tensor<3x5xf64>
}

func.func @sin_f32(%arg0: tensor<3x5xf32>) -> (tensor<3x5xf32>) {
  %0 = kiln.sin %arg0 : tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

func.func @sin_f64(%arg0: tensor<3x5xf64>) -> (tensor<3x5xf64>) {
  %0 = kiln.sin %arg0 : tensor<3x5xf64>
  return %0 : tensor<3x5xf64>
}

func.func @cos_f32(%arg0: tensor<3x5xf32>) -> (tensor<3x5xf32>) {
  %0 = kiln.cos %arg0 : tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

func.func @cos_f64(%arg0: tensor<3x5xf64>) -> (tensor<3x5xf64>) {
  %0 = kiln.cos %arg0 : tensor<3x5xf64>
  return %0 : tensor<3x5xf64>
}

func.func @erf_f32(%arg0: tensor<3x5xf32>) -> (tensor<3x5xf32>) {
  %0 = kiln.erf %arg0 : tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

func.func @erf_f64(%arg0: tensor<3x5xf64>) -> (tensor<3x5xf64>) {
  %0 = kiln.erf %arg0 : tensor<3x5xf64>
  return %0 : tensor<3x5xf64>
}

func.func @reciprocal_f32(%arg0: tensor<3x5xf32>) -> (tensor<3x5xf32>) {
  %0 = kiln.reciprocal %arg0 : tensor<3x5xf32>
  return %0 : tensor<3x5xf32>
}

func.func @reciprocal_f64(%arg0: tensor<3x5xf64>) -> (tensor<3x5xf64>) {
  %0 = kiln.reciprocal %arg0 : tensor<3x5xf64>
  return %0 : tensor<3x5xf64>
}

func.func @abs_i32(%arg0: tensor<4x3xi32>) -> (tensor<4x3xi32>) {
  %0 = kiln.abs %arg0 : tensor<4x3xi32>
  return %0 : tensor<4x3xi32>
}

func.func @abs_i64(%arg0: tensor<4x3xi64>) -> (tensor<4x3xi64>) {
  %0 = kiln.abs %arg0 : tensor<4x3xi64>
  return %0 : tensor<4x3xi64>
}

func.func @neg_i32(%arg0: tensor<4x3xi32>) -> (tensor<4x3xi32>) {
  %0 = kiln.neg %arg0 : tensor<4x3xi32>
  return %0 : tensor<4x3xi32>
}

func.func @neg_i64(%arg0: tensor<4x3xi64>) -> (tensor<4x3xi64>) {
  %0 = kiln.neg %arg0 : tensor<4x3xi64>
  return %0 : tensor<4x3xi64>
}

func.func @relu_i32(%arg0: tensor<4x3xi32>) -> (tensor<4x3xi32>) {
  %0 = kiln.relu %arg0 : tensor<4x3xi32>
  return %0 : tensor<4x3xi32>
}

func.func @relu_i64(%arg0: tensor<4x3xi64>) -> (tensor<4x3xi64>) {
  %0 = kiln.relu %arg0 : tensor<4x3xi64>
  return %0 : tensor<4x3xi64>
}

func.func @add_f32(%arg0: tensor<2x3x4xf32>, %arg1: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>) {
  %0 = kiln.add %arg0, %arg1 : tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

func.func @add_i32(%arg0: tensor<2x3x4xi32>, %arg1: tensor<2x3x4xi32>) -> (tensor<2x3x4xi32>) {
  %0 = kiln.add %arg0, %arg1 : tensor<2x3x4xi32>
  return %0 : tensor<2x3x4xi32>
}

func.func @add_i64(%arg0: tensor<2x3x4xi64>, %arg1: tensor<2x3x4xi64>) -> (tensor<2x3x4xi64>) {
  %0 = kiln.add %arg0, %arg1 : tensor<2x3x4xi64>
  return %0 : tensor<2x3x4xi64>
}

func.func @sub_f32(%arg0: tensor<2x3x4xf32>, %arg1: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>) {
  %0 = kiln.sub %arg0, %arg1 : tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

func.func @sub_i32(%arg0: tensor<2x3x4xi32>, %arg1: tensor<2x3x4xi32>) -> (tensor<2x3x4xi32>) {
  %0 = kiln.sub %arg0, %arg1 : tensor<2x3x4xi32>
  return %0 : tensor<2x3x4xi32>
}

func.func @sub_i64(%arg0: tensor<2x3x4xi64>, %arg1: tensor<2x3x4xi64>) -> (tensor<2x3x4xi64>) {
  %0 = kiln.sub %arg0, %arg1 : tensor<2x3x4xi64>
  return %0 : tensor<2x3x4xi64>
}

func.func @mul_f32(%arg0: tensor<2x3x4xf32>, %arg1: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>) {
  %0 = kiln.mul %arg0, %arg1 : tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

func.func @mul_i32(%arg0: tensor<2x3x4xi32>, %arg1: tensor<2x3x4xi32>) -> (tensor<2x3x4xi32>) {
  %0 = kiln.mul %arg0, %arg1 : tensor<2x3x4xi32>
  return %0 : tensor<2x3x4xi32>
}

func.func @mul_i64(%arg0: tensor<2x3x4xi64>, %arg1: tensor<2x3x4xi64>) -> (tensor<2x3x4xi64>) {
  %0 = kiln.mul %arg0, %arg1 : tensor<2x3x4xi64>
  return %0 : tensor<2x3x4xi64>
}

func.func @maximum_f32(%arg0: tensor<2x3x4xf32>, %arg1: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>) {
  %0 = kiln.maximum %arg0, %arg1 : tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

func.func @maximum_i32(%arg0: tensor<2x3x4xi32>, %arg1: tensor<2x3x4xi32>) -> (tensor<2x3x4xi32>) {
  %0 = kiln.maximum %arg0, %arg1 : tensor<2x3x4xi32>
  return %0 : tensor<2x3x4xi32>
}

func.func @maximum_i64(%arg0: tensor<2x3x4xi64>, %arg1: tensor<2x3x4xi64>) -> (tensor<2x3x4xi64>) {
  %0 = kiln.maximum %arg0, %arg1 : tensor<2x3x4xi64>
  return %0 : tensor<2x3x4xi64>
}

func.func @minimum_f32(%arg0: tensor<2x3x4xf32>, %arg1: tensor<2x3x4xf32>) -> (tensor<2x3x4xf32>) {
  %0 = kiln.minimum %arg0, %arg1 : tensor<2x3x4xf32>
  return %0 : tensor<2x3x4xf32>
}

func.func @minimum_i32(%arg0: tensor<2x3x4xi32>, %arg1: tensor<2x3x4xi32>) -> (tensor<2x3x4xi32>) {
  %0 = kiln.minimum %arg0, %arg1 : tensor<2x3x4xi32>
  return %0 : tensor<2x3x4xi32>
}

func.func @minimum_i64(%arg0: tensor<2x3x4xi64>, %arg1: tensor<2x3x4xi64>) -> (tensor<2x3x4xi64>) {
  %0 = kiln.minimum %arg0, %arg1 : tensor<2x3x4xi64>
  return %0 : tensor<2x3x4xi64>
}

func.func @div_f32(%arg0: tensor<5x4xf32>, %arg1: tensor<5x4xf32>) -> (tensor<5x4xf32>) {
  %0 = kiln.div %arg0, %arg1 : tensor<5x4xf32>
  return %0 : tensor<5x4xf32>
}

func.func @div_i64_truncates(%arg0: tensor<5x4xi64>, %arg1: tensor<5x4xi64>) -> (tensor<5x4xi64>) {
  %0 = kiln.div %arg0, %arg1 : tensor<5x4xi64>
  return %0 : tensor<5x4xi64>
}

func.func @pow_f32(%arg0: tensor<6xf32>, %arg1: tensor<6xf32>) -> (tensor<6xf32>) {
  %0 = kiln.pow %arg0, %arg1 : tensor<6xf32>
  return %0 : tensor<6xf32>
}

func.func @maximum_propagates_nan(%arg0: tensor<4xf32>, %arg1: tensor<4xf32>) -> (tensor<4xf32>) {
  %0 = kiln.maximum %arg0, %arg1 : tensor<4xf32>
  return %0 : tensor<4xf32>
}
