func.func @f() attributes {umc.mask = #umc.mask<sliding_window>} {
  return
}
