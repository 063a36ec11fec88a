func.func private @negative() attributes {partition = #umc.partition<loops = -1>}
