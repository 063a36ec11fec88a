func.func private @empty_range(%ids: tensor<4xi32>) attributes {umc.index_checks = [{binding = 0 : i64, bound = 0 : i64, loc = "", noun = "id", op = "umc.embedding", range = "the table's 10 rows"}]}
