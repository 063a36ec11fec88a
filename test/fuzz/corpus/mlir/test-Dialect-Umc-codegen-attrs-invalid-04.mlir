func.func private @untyped() attributes {umc.partition = 3 : i64}
