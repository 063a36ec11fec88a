func.func @f() attributes {umc.mask = #umc.mask<diagonal>} {
  return
}
