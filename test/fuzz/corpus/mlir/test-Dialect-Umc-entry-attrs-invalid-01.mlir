func.func @unknown_role() attributes {umc.role = "text.generate"} { return }
