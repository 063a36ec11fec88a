func.func private @float_ids(%ids: tensor<4xf32>) attributes {umc.index_checks = [{binding = 0 : i64, bound = 8 : i64, loc = "", noun = "id", op = "umc.embedding", range = "the table's 10 rows"}]}
