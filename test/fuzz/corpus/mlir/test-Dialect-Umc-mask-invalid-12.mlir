func.func @f() attributes {umc.mask = #umc.mask<block_sparse, block = 4, layout = [1, 2, 0, 1]>} {
  return
}
