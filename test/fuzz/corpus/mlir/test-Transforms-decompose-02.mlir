func.func @mlp(%x: tensor<4x16xbf16>, %w1: tensor<64x16xbf16>, %b1: tensor<64xbf16>,
               %w2: tensor<16x64xbf16>, %b2: tensor<16xbf16>) -> tensor<4x16xbf16> {
  %0 = umc.linear %x, %w1, %b1 : (tensor<4x16xbf16>, tensor<64x16xbf16>, tensor<64xbf16>) -> tensor<4x64xbf16>
  %1 = umc.linear %0, %w2, %b2 : (tensor<4x64xbf16>, tensor<16x64xbf16>, tensor<16xbf16>) -> tensor<4x16xbf16>
  %2 = umc.gelu %1 : tensor<4x16xbf16>
  return %2 : tensor<4x16xbf16>
}
