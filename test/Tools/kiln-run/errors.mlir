// Bad input to kiln-run gives a one-line error and exit code 1, never a crash.

// RUN: not kiln-run %s --input %t.missing.npy 2>&1 | FileCheck %s --check-prefix=MISSING
// MISSING: kiln-run: error: {{.*}}missing.npy: No such file or directory

// RUN: printf 'not numpy at all' > %t.garbage.npy
// RUN: not kiln-run %s --input %t.garbage.npy 2>&1 | FileCheck %s --check-prefix=GARBAGE
// GARBAGE: kiln-run: error: {{.*}}garbage.npy: not a valid .npy file: missing the \x93NUMPY magic

// Inputs/truncated.npy: a header for 2x3 f32 with only 4 of its 24 data bytes.
// RUN: not kiln-run %s --input %S/Inputs/truncated.npy 2>&1 | FileCheck %s --check-prefix=TRUNCATED
// TRUNCATED: kiln-run: error: {{.*}}truncated.npy: not a valid .npy file: shape (2, 3) of <f4 needs 24 data bytes, found 4

// RUN: not kiln-run %s --input %S/Inputs/f32_3.npy 2>&1 | FileCheck %s --check-prefix=SHAPE
// SHAPE: kiln-run: error: {{.*}}f32_3.npy: argument 0 must be tensor<2x3xf32>, the file holds tensor<3xf32>

// RUN: not kiln-run %s --input %S/Inputs/i64_2x3.npy 2>&1 | FileCheck %s --check-prefix=DTYPE
// DTYPE: kiln-run: error: {{.*}}i64_2x3.npy: argument 0 must be tensor<2x3xf32>, the file holds tensor<2x3xi64>

// RUN: not kiln-run %s 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: kiln-run: error: the function takes 1 arguments but 0 --input files were given

// RUN: not kiln-run %s --entry nothere --random-inputs 2>&1 | FileCheck %s --check-prefix=ENTRY
// ENTRY: kiln-run: error: no function named 'nothere' to compile

// RUN: not kiln-run %t.missing.mlir 2>&1 | FileCheck %s --check-prefix=NOFILE
// NOFILE: kiln-run: error: cannot parse

// RUN: kiln-run %s --random-inputs --seed 3 | FileCheck %s --check-prefix=OK
// OK: result 0: tensor<2x3xf32>
// OK-NEXT: array({{\[\[}}{{.*}}],
// OK-NEXT:        [{{.*}}]], dtype=float32)
func.func @double(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %0 = kiln.add %x, %x : tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
