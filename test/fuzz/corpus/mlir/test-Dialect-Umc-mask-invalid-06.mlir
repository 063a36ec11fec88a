func.func @f() attributes {umc.mask = #umc.mask<omni, spans = [1, 4, 6]>} {
  return
}
