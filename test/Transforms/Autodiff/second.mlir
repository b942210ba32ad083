// RUN: kiln-opt %s --kiln-autodiff | kiln-opt --kiln-autodiff=function=tanh_grad | FileCheck %s
// RUN: kiln-opt %s --kiln-autodiff | kiln-opt --kiln-autodiff=function=exp_grad | FileCheck %s --check-prefix=EXP
// RUN: kiln-opt %s --kiln-autodiff | kiln-opt --kiln-autodiff=function=sin_grad | FileCheck %s --check-prefix=SIN

// The gradient function is kiln IR, so it can be differentiated again.

// d/dx (s * (1 - tanh(x)^2)) reuses tanh(x) and differentiates through it.
// CHECK-LABEL: func.func @tanh_grad_grad(%arg0: tensor<3xf32>, %arg1: tensor<3xf32>, %arg2: tensor<3xf32>, %arg3: tensor<3xf32>) -> (tensor<3xf32>, tensor<3xf32>, tensor<3xf32>, tensor<3xf32>)
// CHECK: %[[Y:.*]] = kiln.tanh %arg0
// CHECK-COUNT-2: kiln.mul %{{.*}}, %[[Y]]
// CHECK: return
func.func @tanh(%x: tensor<3xf32>) -> tensor<3xf32> attributes {kiln.grad} {
  %0 = kiln.tanh %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// EXP-LABEL: func.func @exp_grad_grad
// EXP: %[[Y:.*]] = kiln.exp %arg0
// EXP: return
func.func @exp(%x: tensor<3xf32>) -> tensor<3xf32> attributes {kiln.grad} {
  %0 = kiln.exp %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}

// The second derivative of sin is -sin: the rule of cos applies to cos(x).
// SIN-LABEL: func.func @sin_grad_grad
// SIN-DAG: kiln.cos %arg0
// SIN-DAG: kiln.sin %arg0
// SIN: kiln.neg
// SIN: return
func.func @sin(%x: tensor<3xf32>) -> tensor<3xf32> attributes {kiln.grad} {
  %0 = kiln.sin %x : tensor<3xf32>
  return %0 : tensor<3xf32>
}
