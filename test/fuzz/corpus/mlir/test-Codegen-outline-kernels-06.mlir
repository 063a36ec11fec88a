func.func @locations(%x: tensor<4xf32>) -> tensor<4xf32> {
  %0 = umc.exp %x : tensor<4xf32> loc("layers.0.exp"("model.py":12:3))
  %1 = umc.tanh %0 : tensor<4xf32> loc(fused["mlp", "block.py":7:9, "other.py":1:1])
  %2 = umc.silu %1 : tensor<4xf32> loc(unknown)
  return %2 : tensor<4xf32>
}
