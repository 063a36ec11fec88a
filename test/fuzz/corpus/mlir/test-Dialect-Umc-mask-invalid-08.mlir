func.func @f() attributes {umc.mask = #umc.mask<omni, spans = [0, 4, 3, 6]>} {
  return
}
