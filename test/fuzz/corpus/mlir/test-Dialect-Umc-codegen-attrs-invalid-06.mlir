func.func private @empty_grid() attributes {umc.workgroups = 0 : i64}
