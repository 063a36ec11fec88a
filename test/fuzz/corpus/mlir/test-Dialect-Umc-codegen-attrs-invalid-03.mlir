func.func private @negative_tile() attributes {tiles = #umc.workgroup_tiles<[-4]>}
