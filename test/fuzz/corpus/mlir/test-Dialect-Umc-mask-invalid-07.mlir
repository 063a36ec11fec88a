func.func @f() attributes {umc.mask = #umc.mask<omni, spans = [4, 4]>} {
  return
}
