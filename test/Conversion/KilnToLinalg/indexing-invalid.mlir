// RUN: kiln-opt %s --convert-kiln-to-linalg --split-input-file --verify-diagnostics

// A function that gains the status result cannot keep its callers.
// expected-error @+1 {{'func.func' op is called in the module but needs a fault status result for its index-checking ops}}
func.func @callee(%src: tensor<4xf32>, %idx: tensor<2xi64>) -> tensor<2xf32> {
  %0 = kiln.gather %src, %idx dim = 0 : tensor<4xf32>, tensor<2xi64> -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

func.func @caller(%src: tensor<4xf32>, %idx: tensor<2xi64>) -> tensor<2xf32> {
  %0 = func.call @callee(%src, %idx) : (tensor<4xf32>, tensor<2xi64>) -> tensor<2xf32>
  return %0 : tensor<2xf32>
}

// -----

// The status is computed in the function's body, so checked ops cannot sit in
// nested regions.
func.func @nested(%src: tensor<4xf32>, %idx: tensor<2xi64>) -> tensor<2xf32> {
  %0 = scf.execute_region -> tensor<2xf32> {
    // expected-error @+1 {{'kiln.gather' op must be in the single block of its function to report index faults}}
    %1 = kiln.gather %src, %idx dim = 0 : tensor<4xf32>, tensor<2xi64> -> tensor<2xf32>
    scf.yield %1 : tensor<2xf32>
  }
  return %0 : tensor<2xf32>
}
