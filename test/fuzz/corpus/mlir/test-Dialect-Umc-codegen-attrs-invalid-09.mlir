func.func private @retired() attributes {umc.tile_dims = 2 : i64}
