func.func @negative_offset() {
  %a = umc_host.arena_view [-64] : memref<4xf32>
  return
}
