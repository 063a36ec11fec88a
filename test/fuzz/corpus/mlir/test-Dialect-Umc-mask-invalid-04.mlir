func.func @f() attributes {umc.mask = #umc.mask<causal, window = 4>} {
  return
}
