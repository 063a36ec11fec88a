func.func @f() attributes {umc.mask = #umc.mask<block_sparse, layout = [1]>} {
  return
}
