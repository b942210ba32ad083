// RUN: kiln-opt %s --kiln-autodiff -o %t.mlir
// RUN: kiln-run %t.mlir --entry neg_grad --input %S/data/gradcheck.neg.in0.npy,%S/data/gradcheck.neg.in1.npy --expected %S/data/gradcheck.neg.out0.npy,%S/data/gradcheck.neg.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry abs_grad --input %S/data/gradcheck.abs.in0.npy,%S/data/gradcheck.abs.in1.npy --expected %S/data/gradcheck.abs.out0.npy,%S/data/gradcheck.abs.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry relu_grad --input %S/data/gradcheck.relu.in0.npy,%S/data/gradcheck.relu.in1.npy --expected %S/data/gradcheck.relu.out0.npy,%S/data/gradcheck.relu.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry exp_grad --input %S/data/gradcheck.exp.in0.npy,%S/data/gradcheck.exp.in1.npy --expected %S/data/gradcheck.exp.out0.npy,%S/data/gradcheck.exp.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry log_grad --input %S/data/gradcheck.log.in0.npy,%S/data/gradcheck.log.in1.npy --expected %S/data/gradcheck.log.out0.npy,%S/data/gradcheck.log.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry sqrt_grad --input %S/data/gradcheck.sqrt.in0.npy,%S/data/gradcheck.sqrt.in1.npy --expected %S/data/gradcheck.sqrt.out0.npy,%S/data/gradcheck.sqrt.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry rsqrt_grad --input %S/data/gradcheck.rsqrt.in0.npy,%S/data/gradcheck.rsqrt.in1.npy --expected %S/data/gradcheck.rsqrt.out0.npy,%S/data/gradcheck.rsqrt.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry tanh_grad --input %S/data/gradcheck.tanh.in0.npy,%S/data/gradcheck.tanh.in1.npy --expected %S/data/gradcheck.tanh.out0.npy,%S/data/gradcheck.tanh.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry sigmoid_grad --input %S/data/gradcheck.sigmoid.in0.npy,%S/data/gradcheck.sigmoid.in1.npy --expected %S/data/gradcheck.sigmoid.out0.npy,%S/data/gradcheck.sigmoid.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry gelu_grad --input %S/data/gradcheck.gelu.in0.npy,%S/data/gradcheck.gelu.in1.npy --expected %S/data/gradcheck.gelu.out0.npy,%S/data/gradcheck.gelu.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry silu_grad --input %S/data/gradcheck.silu.in0.npy,%S/data/gradcheck.silu.in1.npy --expected %S/data/gradcheck.silu.out0.npy,%S/data/gradcheck.silu.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry sin_grad --input %S/data/gradcheck.sin.in0.npy,%S/data/gradcheck.sin.in1.npy --expected %S/data/gradcheck.sin.out0.npy,%S/data/gradcheck.sin.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry cos_grad --input %S/data/gradcheck.cos.in0.npy,%S/data/gradcheck.cos.in1.npy --expected %S/data/gradcheck.cos.out0.npy,%S/data/gradcheck.cos.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry erf_grad --input %S/data/gradcheck.erf.in0.npy,%S/data/gradcheck.erf.in1.npy --expected %S/data/gradcheck.erf.out0.npy,%S/data/gradcheck.erf.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry reciprocal_grad --input %S/data/gradcheck.reciprocal.in0.npy,%S/data/gradcheck.reciprocal.in1.npy --expected %S/data/gradcheck.reciprocal.out0.npy,%S/data/gradcheck.reciprocal.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry add_grad --input %S/data/gradcheck.add.in0.npy,%S/data/gradcheck.add.in1.npy,%S/data/gradcheck.add.in2.npy --expected %S/data/gradcheck.add.out0.npy,%S/data/gradcheck.add.out1.npy,%S/data/gradcheck.add.out2.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry sub_grad --input %S/data/gradcheck.sub.in0.npy,%S/data/gradcheck.sub.in1.npy,%S/data/gradcheck.sub.in2.npy --expected %S/data/gradcheck.sub.out0.npy,%S/data/gradcheck.sub.out1.npy,%S/data/gradcheck.sub.out2.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry mul_grad --input %S/data/gradcheck.mul.in0.npy,%S/data/gradcheck.mul.in1.npy,%S/data/gradcheck.mul.in2.npy --expected %S/data/gradcheck.mul.out0.npy,%S/data/gradcheck.mul.out1.npy,%S/data/gradcheck.mul.out2.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry div_grad --input %S/data/gradcheck.div.in0.npy,%S/data/gradcheck.div.in1.npy,%S/data/gradcheck.div.in2.npy --expected %S/data/gradcheck.div.out0.npy,%S/data/gradcheck.div.out1.npy,%S/data/gradcheck.div.out2.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry pow_grad --input %S/data/gradcheck.pow.in0.npy,%S/data/gradcheck.pow.in1.npy,%S/data/gradcheck.pow.in2.npy --expected %S/data/gradcheck.pow.out0.npy,%S/data/gradcheck.pow.out1.npy,%S/data/gradcheck.pow.out2.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry maximum_grad --input %S/data/gradcheck.maximum.in0.npy,%S/data/gradcheck.maximum.in1.npy,%S/data/gradcheck.maximum.in2.npy --expected %S/data/gradcheck.maximum.out0.npy,%S/data/gradcheck.maximum.out1.npy,%S/data/gradcheck.maximum.out2.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry minimum_grad --input %S/data/gradcheck.minimum.in0.npy,%S/data/gradcheck.minimum.in1.npy,%S/data/gradcheck.minimum.in2.npy --expected %S/data/gradcheck.minimum.out0.npy,%S/data/gradcheck.minimum.out1.npy,%S/data/gradcheck.minimum.out2.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry select_grad --input %S/data/gradcheck.select.in0.npy,%S/data/gradcheck.select.in1.npy,%S/data/gradcheck.select.in2.npy --expected %S/data/gradcheck.select.out0.npy,%S/data/gradcheck.select.out1.npy,%S/data/gradcheck.select.out2.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry cast_grad --input %S/data/gradcheck.cast.in0.npy,%S/data/gradcheck.cast.in1.npy --expected %S/data/gradcheck.cast.out0.npy,%S/data/gradcheck.cast.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry reduce_sum_grad --input %S/data/gradcheck.reduce_sum.in0.npy,%S/data/gradcheck.reduce_sum.in1.npy --expected %S/data/gradcheck.reduce_sum.out0.npy,%S/data/gradcheck.reduce_sum.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry reduce_max_grad --input %S/data/gradcheck.reduce_max.in0.npy,%S/data/gradcheck.reduce_max.in1.npy --expected %S/data/gradcheck.reduce_max.out0.npy,%S/data/gradcheck.reduce_max.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry reduce_min_grad --input %S/data/gradcheck.reduce_min.in0.npy,%S/data/gradcheck.reduce_min.in1.npy --expected %S/data/gradcheck.reduce_min.out0.npy,%S/data/gradcheck.reduce_min.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry matmul_grad --input %S/data/gradcheck.matmul.in0.npy,%S/data/gradcheck.matmul.in1.npy,%S/data/gradcheck.matmul.in2.npy --expected %S/data/gradcheck.matmul.out0.npy,%S/data/gradcheck.matmul.out1.npy,%S/data/gradcheck.matmul.out2.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry broadcast_grad --input %S/data/gradcheck.broadcast.in0.npy,%S/data/gradcheck.broadcast.in1.npy --expected %S/data/gradcheck.broadcast.out0.npy,%S/data/gradcheck.broadcast.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry reshape_grad --input %S/data/gradcheck.reshape.in0.npy,%S/data/gradcheck.reshape.in1.npy --expected %S/data/gradcheck.reshape.out0.npy,%S/data/gradcheck.reshape.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry transpose_grad --input %S/data/gradcheck.transpose.in0.npy,%S/data/gradcheck.transpose.in1.npy --expected %S/data/gradcheck.transpose.out0.npy,%S/data/gradcheck.transpose.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry slice_strided_grad --input %S/data/gradcheck.slice_strided.in0.npy,%S/data/gradcheck.slice_strided.in1.npy --expected %S/data/gradcheck.slice_strided.out0.npy,%S/data/gradcheck.slice_strided.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry concat_grad --input %S/data/gradcheck.concat.in0.npy,%S/data/gradcheck.concat.in1.npy,%S/data/gradcheck.concat.in2.npy --expected %S/data/gradcheck.concat.out0.npy,%S/data/gradcheck.concat.out1.npy,%S/data/gradcheck.concat.out2.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry pad_grad --input %S/data/gradcheck.pad.in0.npy,%S/data/gradcheck.pad.in1.npy,%S/data/gradcheck.pad.in2.npy --expected %S/data/gradcheck.pad.out0.npy,%S/data/gradcheck.pad.out1.npy,%S/data/gradcheck.pad.out2.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry gather_grad --input %S/data/gradcheck.gather.in0.npy,%S/data/gradcheck.gather.in1.npy,%S/data/gradcheck.gather.in2.npy --expected %S/data/gradcheck.gather.out0.npy,%S/data/gradcheck.gather.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry conv2d_grad --input %S/data/gradcheck.conv2d.in0.npy,%S/data/gradcheck.conv2d.in1.npy,%S/data/gradcheck.conv2d.in2.npy --expected %S/data/gradcheck.conv2d.out0.npy,%S/data/gradcheck.conv2d.out1.npy,%S/data/gradcheck.conv2d.out2.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry max_pool2d_grad --input %S/data/gradcheck.max_pool2d.in0.npy,%S/data/gradcheck.max_pool2d.in1.npy --expected %S/data/gradcheck.max_pool2d.out0.npy,%S/data/gradcheck.max_pool2d.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry avg_pool2d_grad --input %S/data/gradcheck.avg_pool2d.in0.npy,%S/data/gradcheck.avg_pool2d.in1.npy --expected %S/data/gradcheck.avg_pool2d.out0.npy,%S/data/gradcheck.avg_pool2d.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry fan_out_grad --input %S/data/gradcheck.fan_out.in0.npy,%S/data/gradcheck.fan_out.in1.npy --expected %S/data/gradcheck.fan_out.out0.npy,%S/data/gradcheck.fan_out.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry softmax_grad --input %S/data/gradcheck.softmax.in0.npy,%S/data/gradcheck.softmax.in1.npy --expected %S/data/gradcheck.softmax.out0.npy,%S/data/gradcheck.softmax.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry matmul_chain_grad --input %S/data/gradcheck.matmul_chain.in0.npy,%S/data/gradcheck.matmul_chain.in1.npy,%S/data/gradcheck.matmul_chain.in2.npy,%S/data/gradcheck.matmul_chain.in3.npy --expected %S/data/gradcheck.matmul_chain.out0.npy,%S/data/gradcheck.matmul_chain.out1.npy,%S/data/gradcheck.matmul_chain.out2.npy,%S/data/gradcheck.matmul_chain.out3.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry two_results_unused_arg_grad --input %S/data/gradcheck.two_results_unused_arg.in0.npy,%S/data/gradcheck.two_results_unused_arg.in1.npy,%S/data/gradcheck.two_results_unused_arg.in2.npy,%S/data/gradcheck.two_results_unused_arg.in3.npy,%S/data/gradcheck.two_results_unused_arg.in4.npy --expected %S/data/gradcheck.two_results_unused_arg.out0.npy,%S/data/gradcheck.two_results_unused_arg.out1.npy,%S/data/gradcheck.two_results_unused_arg.out2.npy,%S/data/gradcheck.two_results_unused_arg.out3.npy,%S/data/gradcheck.two_results_unused_arg.out4.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry conv2d_backward_input_grad --input %S/data/gradcheck.conv2d_backward_input.in0.npy,%S/data/gradcheck.conv2d_backward_input.in1.npy,%S/data/gradcheck.conv2d_backward_input.in2.npy --expected %S/data/gradcheck.conv2d_backward_input.out0.npy,%S/data/gradcheck.conv2d_backward_input.out1.npy,%S/data/gradcheck.conv2d_backward_input.out2.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry conv2d_backward_weight_grad --input %S/data/gradcheck.conv2d_backward_weight.in0.npy,%S/data/gradcheck.conv2d_backward_weight.in1.npy,%S/data/gradcheck.conv2d_backward_weight.in2.npy --expected %S/data/gradcheck.conv2d_backward_weight.out0.npy,%S/data/gradcheck.conv2d_backward_weight.out1.npy,%S/data/gradcheck.conv2d_backward_weight.out2.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry avg_pool2d_grad_op_grad --input %S/data/gradcheck.avg_pool2d_grad_op.in0.npy,%S/data/gradcheck.avg_pool2d_grad_op.in1.npy --expected %S/data/gradcheck.avg_pool2d_grad_op.out0.npy,%S/data/gradcheck.avg_pool2d_grad_op.out1.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry max_pool2d_grad_op_grad --input %S/data/gradcheck.max_pool2d_grad_op.in0.npy,%S/data/gradcheck.max_pool2d_grad_op.in1.npy,%S/data/gradcheck.max_pool2d_grad_op.in2.npy --expected %S/data/gradcheck.max_pool2d_grad_op.out0.npy,%S/data/gradcheck.max_pool2d_grad_op.out1.npy,%S/data/gradcheck.max_pool2d_grad_op.out2.npy --rtol 1e-3 --atol 1e-5 --quiet
// RUN: kiln-run %t.mlir --entry scatter_add_grad --input %S/data/gradcheck.scatter_add.in0.npy,%S/data/gradcheck.scatter_add.in1.npy,%S/data/gradcheck.scatter_add.in2.npy,%S/data/gradcheck.scatter_add.in3.npy --expected %S/data/gradcheck.scatter_add.out0.npy,%S/data/gradcheck.scatter_add.out1.npy,%S/data/gradcheck.scatter_add.out2.npy --rtol 1e-3 --atol 1e-5 --quiet

// Gradients from kiln-autodiff against central finite differences in float64.
// Generated by test/Transforms/Autodiff/generate_gradcheck.py.

func.func @neg(%arg0: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.neg %arg0 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @abs(%arg0: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.abs %arg0 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @relu(%arg0: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.relu %arg0 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @exp(%arg0: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.exp %arg0 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @log(%arg0: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.log %arg0 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @sqrt(%arg0: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.sqrt %arg0 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @rsqrt(%arg0: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.rsqrt %arg0 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @tanh(%arg0: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.tanh %arg0 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @sigmoid(%arg0: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.sigmoid %arg0 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @gelu(%arg0: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.gelu %arg0 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @silu(%arg0: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.silu %arg0 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @sin(%arg0: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.sin %arg0 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @cos(%arg0: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.cos %arg0 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @erf(%arg0: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.erf %arg0 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @reciprocal(%arg0: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.reciprocal %arg0 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @add(%arg0: tensor<2x3xf64>, %arg1: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0, 1]}} {
  %0 = kiln.add %arg0, %arg1 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @sub(%arg0: tensor<2x3xf64>, %arg1: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0, 1]}} {
  %0 = kiln.sub %arg0, %arg1 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @mul(%arg0: tensor<2x3xf64>, %arg1: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0, 1]}} {
  %0 = kiln.mul %arg0, %arg1 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @div(%arg0: tensor<2x3xf64>, %arg1: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0, 1]}} {
  %0 = kiln.div %arg0, %arg1 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @pow(%arg0: tensor<2x3xf64>, %arg1: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0, 1]}} {
  %0 = kiln.pow %arg0, %arg1 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @maximum(%arg0: tensor<2x3xf64>, %arg1: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0, 1]}} {
  %0 = kiln.maximum %arg0, %arg1 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @minimum(%arg0: tensor<2x3xf64>, %arg1: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0, 1]}} {
  %0 = kiln.minimum %arg0, %arg1 : tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @select(%arg0: tensor<2x3xf64>, %arg1: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0, 1]}} {
  %c = kiln.compare lt, %arg0, %arg1 : tensor<2x3xf64>
  %e = kiln.exp %arg0 : tensor<2x3xf64>
  %0 = kiln.select %c, %e, %arg1 : tensor<2x3xi1>, tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @cast(%arg0: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.cast %arg0 : tensor<2x3xf64> -> tensor<2x3xf32>
  %1 = kiln.exp %0 : tensor<2x3xf32>
  %2 = kiln.cast %1 : tensor<2x3xf32> -> tensor<2x3xf64>
  return %2 : tensor<2x3xf64>
}

func.func @reduce_sum(%arg0: tensor<3x4xf64>) -> (tensor<3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.reduce_sum %arg0 dims = [1] : tensor<3x4xf64> -> tensor<3xf64>
  return %0 : tensor<3xf64>
}

func.func @reduce_max(%arg0: tensor<3x4xf64>) -> (tensor<3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.reduce_max %arg0 dims = [1] : tensor<3x4xf64> -> tensor<3xf64>
  return %0 : tensor<3xf64>
}

func.func @reduce_min(%arg0: tensor<3x4xf64>) -> (tensor<3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.reduce_min %arg0 dims = [1] : tensor<3x4xf64> -> tensor<3xf64>
  return %0 : tensor<3xf64>
}

func.func @matmul(%arg0: tensor<2x3x4xf64>, %arg1: tensor<2x4x5xf64>) -> (tensor<2x3x5xf64>)
    attributes {kiln.grad = {wrt = [0, 1]}} {
  %0 = kiln.matmul %arg0, %arg1 : tensor<2x3x4xf64>, tensor<2x4x5xf64> -> tensor<2x3x5xf64>
  return %0 : tensor<2x3x5xf64>
}

func.func @broadcast(%arg0: tensor<3x1xf64>) -> (tensor<2x3x4xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.broadcast %arg0 dims = [1, 2] : tensor<3x1xf64> -> tensor<2x3x4xf64>
  return %0 : tensor<2x3x4xf64>
}

func.func @reshape(%arg0: tensor<2x6xf64>) -> (tensor<3x4xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.reshape %arg0 : tensor<2x6xf64> -> tensor<3x4xf64>
  %1 = kiln.sin %0 : tensor<3x4xf64>
  return %1 : tensor<3x4xf64>
}

func.func @transpose(%arg0: tensor<2x3x4xf64>) -> (tensor<4x2x3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.transpose %arg0 permutation = [2, 0, 1] : tensor<2x3x4xf64> -> tensor<4x2x3xf64>
  %1 = kiln.sin %0 : tensor<4x2x3xf64>
  return %1 : tensor<4x2x3xf64>
}

func.func @slice_strided(%arg0: tensor<5x7xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.slice %arg0 start = [1, 0] limit = [5, 7] strides = [2, 3] : tensor<5x7xf64> -> tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @concat(%arg0: tensor<2x3xf64>, %arg1: tensor<2x2xf64>) -> (tensor<2x5xf64>)
    attributes {kiln.grad = {wrt = [0, 1]}} {
  %0 = kiln.concat %arg0, %arg1 dim = 1 : (tensor<2x3xf64>, tensor<2x2xf64>) -> tensor<2x5xf64>
  return %0 : tensor<2x5xf64>
}

func.func @pad(%arg0: tensor<2x3xf64>, %arg1: tensor<f64>) -> (tensor<3x5xf64>)
    attributes {kiln.grad = {wrt = [0, 1]}} {
  %0 = kiln.pad %arg0, %arg1 low = [1, 0] high = [0, 2] : tensor<2x3xf64>, tensor<f64> -> tensor<3x5xf64>
  return %0 : tensor<3x5xf64>
}

func.func @gather(%arg0: tensor<4x3xf64>, %arg1: tensor<2x3xi64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.gather %arg0, %arg1 dim = 0 : tensor<4x3xf64>, tensor<2x3xi64> -> tensor<2x3xf64>
  return %0 : tensor<2x3xf64>
}

func.func @conv2d(%arg0: tensor<1x2x6x5xf64>, %arg1: tensor<3x2x3x3xf64>) -> (tensor<1x3x3x3xf64>)
    attributes {kiln.grad = {wrt = [0, 1]}} {
  %0 = kiln.conv2d %arg0, %arg1 stride = [2, 1] padding = [1, 0] dilation = [1, 1] groups = 1 : tensor<1x2x6x5xf64>, tensor<3x2x3x3xf64> -> tensor<1x3x3x3xf64>
  return %0 : tensor<1x3x3x3xf64>
}

func.func @max_pool2d(%arg0: tensor<1x2x4x4xf64>) -> (tensor<1x2x2x2xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.max_pool2d %arg0 kernel = [2, 2] stride = [2, 2] padding = [0, 0] : tensor<1x2x4x4xf64> -> tensor<1x2x2x2xf64>
  return %0 : tensor<1x2x2x2xf64>
}

func.func @avg_pool2d(%arg0: tensor<1x2x4x4xf64>) -> (tensor<1x2x4x4xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.avg_pool2d %arg0 kernel = [3, 3] stride = [1, 1] padding = [1, 1] : tensor<1x2x4x4xf64> -> tensor<1x2x4x4xf64>
  return %0 : tensor<1x2x4x4xf64>
}

func.func @fan_out(%arg0: tensor<2x3xf64>) -> (tensor<2x3xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.mul %arg0, %arg0 : tensor<2x3xf64>
  %1 = kiln.sin %arg0 : tensor<2x3xf64>
  %2 = kiln.mul %0, %1 : tensor<2x3xf64>
  return %2 : tensor<2x3xf64>
}

func.func @softmax(%arg0: tensor<2x4xf64>) -> (tensor<2x4xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.exp %arg0 : tensor<2x4xf64>
  %1 = kiln.reduce_sum %0 dims = [1] : tensor<2x4xf64> -> tensor<2xf64>
  %2 = kiln.broadcast %1 dims = [0] : tensor<2xf64> -> tensor<2x4xf64>
  %3 = kiln.div %0, %2 : tensor<2x4xf64>
  return %3 : tensor<2x4xf64>
}

func.func @matmul_chain(%arg0: tensor<3x4xf64>, %arg1: tensor<4x5xf64>, %arg2: tensor<5x2xf64>) -> (tensor<3x2xf64>)
    attributes {kiln.grad = {wrt = [0, 1, 2]}} {
  %0 = kiln.matmul %arg0, %arg1 : tensor<3x4xf64>, tensor<4x5xf64> -> tensor<3x5xf64>
  %1 = kiln.tanh %0 : tensor<3x5xf64>
  %2 = kiln.matmul %1, %arg2 : tensor<3x5xf64>, tensor<5x2xf64> -> tensor<3x2xf64>
  return %2 : tensor<3x2xf64>
}

func.func @two_results_unused_arg(%arg0: tensor<3xf64>, %arg1: tensor<3xf64>, %arg2: tensor<3xf64>) -> (tensor<3xf64>, tensor<3xf64>)
    attributes {kiln.grad = {wrt = [0, 1, 2]}} {
  %0 = kiln.mul %arg0, %arg1 : tensor<3xf64>
  %1 = kiln.exp %arg0 : tensor<3xf64>
  return %0, %1 : tensor<3xf64>, tensor<3xf64>
}

func.func @conv2d_backward_input(%arg0: tensor<1x3x3x3xf64>, %arg1: tensor<3x2x3x3xf64>) -> (tensor<1x2x6x5xf64>)
    attributes {kiln.grad = {wrt = [0, 1]}} {
  %0 = kiln.conv2d_backward_input %arg0, %arg1 stride = [2, 1] padding = [1, 0] dilation = [1, 1] groups = 1 : tensor<1x3x3x3xf64>, tensor<3x2x3x3xf64> -> tensor<1x2x6x5xf64>
  return %0 : tensor<1x2x6x5xf64>
}

func.func @conv2d_backward_weight(%arg0: tensor<1x2x5x6xf64>, %arg1: tensor<1x4x5x4xf64>) -> (tensor<4x1x3x3xf64>)
    attributes {kiln.grad = {wrt = [0, 1]}} {
  %0 = kiln.conv2d_backward_weight %arg0, %arg1 stride = [1, 1] padding = [1, 1] dilation = [1, 2] groups = 2 : tensor<1x2x5x6xf64>, tensor<1x4x5x4xf64> -> tensor<4x1x3x3xf64>
  return %0 : tensor<4x1x3x3xf64>
}

func.func @avg_pool2d_grad_op(%arg0: tensor<1x2x3x3xf64>) -> (tensor<1x2x5x5xf64>)
    attributes {kiln.grad = {wrt = [0]}} {
  %0 = kiln.avg_pool2d_grad %arg0 kernel = [3, 3] stride = [2, 2] padding = [1, 1] : tensor<1x2x3x3xf64> -> tensor<1x2x5x5xf64>
  return %0 : tensor<1x2x5x5xf64>
}

func.func @max_pool2d_grad_op(%arg0: tensor<1x2x3x4xf64>, %arg1: tensor<1x2x4x2xf64>) -> (tensor<1x2x3x4xf64>)
    attributes {kiln.grad = {wrt = [0, 1]}} {
  %0 = kiln.max_pool2d_grad %arg0, %arg1 kernel = [2, 2] stride = [1, 2] padding = [1, 0] : tensor<1x2x3x4xf64>, tensor<1x2x4x2xf64>
  return %0 : tensor<1x2x3x4xf64>
}

func.func @scatter_add(%arg0: tensor<4x3xf64>, %arg1: tensor<6x3xi64>, %arg2: tensor<6x3xf64>) -> (tensor<4x3xf64>)
    attributes {kiln.grad = {wrt = [0, 2]}} {
  %0 = kiln.scatter_add %arg0, %arg1, %arg2 dim = 0 : tensor<4x3xf64>, tensor<6x3xi64>, tensor<6x3xf64> -> tensor<4x3xf64>
  return %0 : tensor<4x3xf64>
}
