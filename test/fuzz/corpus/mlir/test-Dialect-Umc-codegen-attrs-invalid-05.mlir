func.func private @kernel_name() attributes {umc.kernel = "zero"}
