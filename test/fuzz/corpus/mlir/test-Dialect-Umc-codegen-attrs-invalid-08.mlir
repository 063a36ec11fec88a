func.func private @in_place(%x: tensor<4xf32>) -> tensor<4xf32> attributes {umc.in_place_operand = 3 : i64}
