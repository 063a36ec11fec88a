func.func @f() attributes {umc.mask = #umc.mask<sliding_window, window = 2, window = 3>} {
  return
}
