// RUN: kiln-opt %s --kiln-autodiff --split-input-file -verify-diagnostics

func.func @argmax(%x: tensor<3x4xf32>) -> tensor<3xi64> attributes {kiln.grad} {
  // expected-error @below {{cannot differentiate through 'kiln.argmax'}}
  %0 = kiln.argmax %x dim = 1 : tensor<3x4xf32> -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

func.func @to_integer(%x: tensor<3xf32>) -> tensor<3xi64> attributes {kiln.grad} {
  // expected-error @below {{cannot differentiate through 'kiln.cast' to 'tensor<3xi64>'}}
  %0 = kiln.cast %x : tensor<3xf32> -> tensor<3xi64>
  return %0 : tensor<3xi64>
}

// -----

// expected-error @below {{cannot differentiate with respect to argument 1 of type 'tensor<3xi64>': it is not a floating-point tensor}}
func.func @integer_argument(%x: tensor<3xf32>, %i: tensor<3xi64>) -> tensor<3xf32> attributes {kiln.grad = {wrt = [1]}} {
  return %x : tensor<3xf32>
}

// -----

// expected-error @below {{'wrt' entry 2 : i64 is not an argument position of @out_of_range}}
func.func @out_of_range(%x: tensor<3xf32>) -> tensor<3xf32> attributes {kiln.grad = {wrt = [2]}} {
  return %x : tensor<3xf32>
}

// -----

// expected-error @below {{cannot create @taken_grad: a symbol of that name exists}}
func.func @taken(%x: tensor<3xf32>) -> tensor<3xf32> attributes {kiln.grad} {
  return %x : tensor<3xf32>
}
func.func @taken_grad(%x: tensor<3xf32>) -> tensor<3xf32> {
  return %x : tensor<3xf32>
}
