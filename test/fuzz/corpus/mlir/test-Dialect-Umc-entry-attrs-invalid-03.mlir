func.func @no_context() attributes {umc.role = "text.decode", umc.context = 0 : i64} { return }
