func.func private @source_ops() attributes {umc.source_ops = [{name = "umc.add"}]}
