func.func @unknown_sampler() attributes {umc.role = "image.denoise", umc.sampler = "euler_a"} { return }
