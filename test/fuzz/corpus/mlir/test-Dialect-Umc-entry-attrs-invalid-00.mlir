module attributes {umc.tokenizer = "bytes"} {
func.func @prefill(%t: tensor<1x16xi32>) attributes {umc.role = "text.prefill"} { return }
func.func @decode(%t: tensor<1x1xi32>) attributes {umc.role = "text.decode", umc.context = 64 : i64} { return }
func.func @noise(%s: tensor<i64>) attributes {umc.role = "image.noise"} { return }
func.func @step(%x: tensor<4xf32>) attributes {umc.role = "image.denoise", umc.sampler = "flow_heun"} { return }
}
