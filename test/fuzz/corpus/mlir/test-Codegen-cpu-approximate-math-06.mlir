func.func @left_alone(%d: f64, %x: f32) -> (f64, f32, f32) {
  %0 = math.exp %d : f64
  %1 = math.sqrt %x : f32
  %2 = math.rsqrt %x : f32
  return %0, %1, %2 : f64, f32, f32
}
