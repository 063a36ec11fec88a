func.func private @copies(%src: memref<8x8xf32>, %dst: memref<4x8xf32>) attributes {umc.kernel = 3 : i64} {
  %v = memref.subview %src[0, 0] [4, 8] [2, 1] : memref<8x8xf32> to memref<4x8xf32, strided<[16, 1]>>
  memref.copy %v, %dst : memref<4x8xf32, strided<[16, 1]>> to memref<4x8xf32>
  return
}
func.func @host(%a: memref<4xf32>, %b: memref<4xf32>) {
  memref.copy %a, %b : memref<4xf32> to memref<4xf32>
  return
}
