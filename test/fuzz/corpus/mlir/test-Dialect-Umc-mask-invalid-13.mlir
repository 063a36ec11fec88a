func.func @f() attributes {umc.mask = #umc.mask<causal, block = 4>} {
  return
}
