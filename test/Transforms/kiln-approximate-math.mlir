// RUN: kiln-opt %s --pass-pipeline='builtin.module(func.func(kiln-approximate-math))' | FileCheck %s

// f32 exp, erf, tanh and log become arithmetic, on scalars and vectors;
// f64 and functions without an approximation stay calls.
// CHECK-LABEL: func.func @approximated(
// CHECK-NOT: math.exp
// CHECK-NOT: math.erf
// CHECK-NOT: math.tanh
// CHECK-NOT: math.log
// CHECK: math.fma
// CHECK: return
func.func @approximated(%x: f32, %v: vector<16xf32>) -> (f32, f32, vector<16xf32>, vector<16xf32>) {
  %e = math.exp %x : f32
  %r = math.erf %x : f32
  %t = math.tanh %v : vector<16xf32>
  %l = math.log %v : vector<16xf32>
  return %e, %r, %t, %l : f32, f32, vector<16xf32>, vector<16xf32>
}

// CHECK-LABEL: func.func @left_alone(
// CHECK: math.exp %{{.+}} : f64
// CHECK: math.sin %{{.+}} : f32
func.func @left_alone(%x: f64, %y: f32) -> (f64, f32) {
  %e = math.exp %x : f64
  %s = math.sin %y : f32
  return %e, %s : f64, f32
}
