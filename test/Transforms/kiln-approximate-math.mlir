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

// exp rounds x / ln 2 by adding 1.5 * 2^23 + 127 (0x4B40007F), keeps k at
// 127 at most (0x4B4000FE), and shifts the sum's bits into 2^k: no floor,
// no conversion to integer. The result is one fma, (e^r - 1) 2^k + 2^k.
// CHECK-LABEL: func.func @exp_by_exponent_bits(
// CHECK-DAG: %[[ROUNDER:.+]] = arith.constant dense<0x4B40007F> : vector<16xf32>
// CHECK-DAG: %[[TOP:.+]] = arith.constant dense<0x4B4000FE> : vector<16xf32>
// CHECK-DAG: %[[BOTTOM:.+]] = arith.constant dense<-8.780000e+01> : vector<16xf32>
// CHECK: %[[LOW:.+]] = arith.cmpf olt, %[[V:.+]], %[[BOTTOM]]
// CHECK: %[[X:.+]] = arith.select %[[LOW]], %[[BOTTOM]], %[[V]]
// CHECK: %[[SUM:.+]] = math.fma %[[X]], %{{.+}}, %[[ROUNDER]]
// CHECK: %[[HIGH:.+]] = arith.cmpf ogt, %[[SUM]], %[[TOP]]
// CHECK: %[[BIASED:.+]] = arith.select %[[HIGH]], %[[TOP]], %[[SUM]]
// CHECK: %[[K:.+]] = arith.subf %[[BIASED]], %[[ROUNDER]]
// CHECK: math.fma %[[K]]
// CHECK: %[[BITS:.+]] = arith.bitcast %[[BIASED]] : vector<16xf32> to vector<16xi32>
// CHECK: %[[SCALE:.+]] = arith.shli %[[BITS]]
// CHECK: %[[POW:.+]] = arith.bitcast %[[SCALE]] : vector<16xi32> to vector<16xf32>
// CHECK: %[[E:.+]] = math.fma %{{.+}}, %[[POW]], %[[POW]]
// CHECK: return %[[E]]
func.func @exp_by_exponent_bits(%v: vector<16xf32>) -> vector<16xf32> {
  %e = math.exp %v : vector<16xf32>
  return %e : vector<16xf32>
}
