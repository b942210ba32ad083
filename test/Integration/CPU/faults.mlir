// Indices out of range are found by the compiled code, which reports the op
// and its location instead of reading or writing out of bounds.

// RUN: not kiln-run %s --entry gather --input %S/data/faults.source.npy,%S/data/faults.bad_index.npy 2>&1 | FileCheck %s --check-prefix=GATHER
// GATHER: kiln-run: error: index out of range in kiln.gather at {{.*}}faults.mlir:[[@LINE+3]]
func.func @gather(%src: tensor<4x5xf32>, %idx: tensor<3x5xi64>) -> tensor<3x5xf32> {
  %ok = kiln.gather %src, %idx dim = 1 : tensor<4x5xf32>, tensor<3x5xi64> -> tensor<3x5xf32>
  %bad = kiln.gather %src, %idx dim = 0 : tensor<4x5xf32>, tensor<3x5xi64> -> tensor<3x5xf32>
  %sum = kiln.add %ok, %bad : tensor<3x5xf32>
  return %sum : tensor<3x5xf32>
}

// RUN: not kiln-run %s --entry scatter --input %S/data/faults.source.npy,%S/data/faults.bad_index.npy,%S/data/faults.updates.npy 2>&1 | FileCheck %s --check-prefix=SCATTER
// SCATTER: kiln-run: error: index out of range in kiln.scatter_add at {{.*}}faults.mlir:[[@LINE+2]]
func.func @scatter(%dest: tensor<4x5xf32>, %idx: tensor<3x5xi64>, %upd: tensor<3x5xf32>) -> tensor<4x5xf32> {
  %0 = kiln.scatter_add %dest, %idx, %upd dim = 0 : tensor<4x5xf32>, tensor<3x5xi64>, tensor<3x5xf32> -> tensor<4x5xf32>
  return %0 : tensor<4x5xf32>
}

// In-range indices (all below 4 and 5) run and give no error.
// RUN: kiln-run %s --entry gather --input %S/data/faults.source.npy,%S/data/faults.good_index.npy | FileCheck %s --check-prefix=GOOD
// GOOD: result 0: tensor<3x5xf32>
