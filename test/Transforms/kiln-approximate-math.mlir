// RUN: kiln-opt %s --pass-pipeline='builtin.module(func.func(kiln-approximate-math))' | FileCheck %s

// f32 exp, expm1, log, log1p, log2, tanh and erf become arithmetic (FMAs
// and bit manipulation), on scalars and vectors: none is left.
// CHECK-LABEL: func.func @approximated(
// CHECK-NOT: {{math\.(exp|expm1|log|log1p|log2|tanh|erf) }}
// CHECK: return
func.func @approximated(%x: f32, %v: vector<16xf32>) -> (f32, f32, f32, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>) {
  %e = math.exp %x : f32
  %r = math.erf %x : f32
  %m = math.expm1 %x : f32
  %t = math.tanh %v : vector<16xf32>
  %l = math.log %v : vector<16xf32>
  %p = math.log1p %v : vector<16xf32>
  %b = math.log2 %v : vector<16xf32>
  return %e, %r, %m, %t, %l, %p, %b : f32, f32, f32, vector<16xf32>, vector<16xf32>, vector<16xf32>, vector<16xf32>
}

// f64 and functions without an approximation here stay libm calls.
// CHECK-LABEL: func.func @left_alone(
// CHECK: math.exp %{{.+}} : f64
// CHECK: math.sin %{{.+}} : f32
func.func @left_alone(%x: f64, %y: f32) -> (f64, f32) {
  %e = math.exp %x : f64
  %s = math.sin %y : f32
  return %e, %s : f64, f32
}
