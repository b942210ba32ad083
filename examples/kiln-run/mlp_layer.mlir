// A dense layer with a GELU, compiled for the host CPU by kiln-run.
func.func @layer(%x: tensor<8x64xf32>, %w: tensor<64x32xf32>, %b: tensor<32xf32>) -> tensor<8x32xf32> {
  %y = kiln.matmul %x, %w : tensor<8x64xf32>, tensor<64x32xf32> -> tensor<8x32xf32>
  %bb = kiln.broadcast %b dims = [1] : tensor<32xf32> -> tensor<8x32xf32>
  %z = kiln.add %y, %bb : tensor<8x32xf32>
  %a = kiln.gelu %z : tensor<8x32xf32>
  return %a : tensor<8x32xf32>
}
