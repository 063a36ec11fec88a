func.func private @missing_keys(%ids: tensor<4xi32>) attributes {umc.index_checks = [{binding = 0 : i64, bound = 8 : i64}]}
