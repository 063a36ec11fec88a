func.func @f() attributes {umc.mask = #umc.mask<full, spans = [0, 4]>} {
  return
}
