func.func @dynamic(%n: index) {
  %a = memref.alloc(%n) : memref<?xf32>
  return
}
