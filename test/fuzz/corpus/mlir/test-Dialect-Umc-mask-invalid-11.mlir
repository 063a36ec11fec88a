func.func @f() attributes {umc.mask = #umc.mask<block_sparse, block = 4>} {
  return
}
