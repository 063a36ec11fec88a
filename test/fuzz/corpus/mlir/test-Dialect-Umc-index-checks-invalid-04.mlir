func.func private @no_such_binding(%ids: tensor<4xi32>) attributes {umc.index_checks = [{binding = 1 : i64, bound = 8 : i64, loc = "", op = "umc.embedding"}]}
