func.func @trig_and_log(%x: f32) -> (f32, f32, f32, f32) {
  %0 = math.sin %x : f32
  %1 = math.cos %x : f32
  %2 = math.log %x : f32
  %3 = math.atan %x : f32
  return %0, %1, %2, %3 : f32, f32, f32, f32
}
