// One hidden layer, as the front end traces it: explicit broadcasts of the
// biases, a transposed weight, and the redundant reshapes and transposes that
// eager code leaves behind. `./dev demo` canonicalizes them away.
func.func @mlp_forward(%x: tensor<32x784xf32>, %w1: tensor<128x784xf32>,
                       %b1: tensor<128xf32>, %w2: tensor<10x128xf32>,
                       %b2: tensor<10xf32>) -> tensor<32x10xf32> {
  %w1t = kiln.transpose %w1 permutation = [1, 0] : tensor<128x784xf32> -> tensor<784x128xf32>
  %h = kiln.matmul %x, %w1t : tensor<32x784xf32>, tensor<784x128xf32> -> tensor<32x128xf32>
  %b1b = kiln.broadcast %b1 dims = [1] : tensor<128xf32> -> tensor<32x128xf32>
  %hb = kiln.add %h, %b1b : tensor<32x128xf32>
  %a = kiln.relu %hb : tensor<32x128xf32>
  %flat = kiln.reshape %a : tensor<32x128xf32> -> tensor<4096xf32>
  %back = kiln.reshape %flat : tensor<4096xf32> -> tensor<32x128xf32>
  %w2t = kiln.transpose %w2 permutation = [1, 0] : tensor<10x128xf32> -> tensor<128x10xf32>
  %w2tt = kiln.transpose %w2t permutation = [1, 0] : tensor<128x10xf32> -> tensor<10x128xf32>
  %w2t2 = kiln.transpose %w2tt permutation = [1, 0] : tensor<10x128xf32> -> tensor<128x10xf32>
  %o = kiln.matmul %back, %w2t2 : tensor<32x128xf32>, tensor<128x10xf32> -> tensor<32x10xf32>
  %b2b = kiln.broadcast %b2 dims = [1] : tensor<10xf32> -> tensor<32x10xf32>
  %same = kiln.cast %b2b : tensor<32x10xf32> -> tensor<32x10xf32>
  %y = kiln.add %o, %same : tensor<32x10xf32>
  return %y : tensor<32x10xf32>
}
