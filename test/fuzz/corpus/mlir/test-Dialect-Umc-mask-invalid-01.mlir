func.func @f() attributes {umc.mask = #umc.mask<causal, stride = 2>} {
  return
}
