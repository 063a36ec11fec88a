func.func private @not_a_list(%ids: tensor<4xi32>) attributes {umc.index_checks = {binding = 0 : i64}}
