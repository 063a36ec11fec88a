func.func private @kernel(%ids: tensor<4xi32>, %t: tensor<8x2xf32>) -> tensor<4x2xf32> attributes {umc.index_checks = [{binding = 0 : i64, bound = 8 : i64, loc = "m.mlir:3:5", op = "umc.embedding"}]}
