// RUN: kiln-opt %s --kiln-drop-destination-results --verify-diagnostics

// A result that is not its destination argument cannot be dropped.
// expected-error @+1 {{a result is not computed into its destination argument}}
func.func @not_destination(%x: memref<4xf32>, %out: memref<4xf32> {kiln.destination = 0 : i64}) -> memref<4xf32> {
  return %x : memref<4xf32>
}
