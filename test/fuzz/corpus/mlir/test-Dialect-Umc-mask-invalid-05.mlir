func.func @f() attributes {umc.mask = #umc.mask<omni>} {
  return
}
