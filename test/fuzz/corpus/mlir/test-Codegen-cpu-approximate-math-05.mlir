func.func @narrow(%h: f16, %b: bf16) -> (f16, bf16) {
  %0 = math.exp %h : f16
  %1 = math.tanh %b : bf16
  return %0, %1 : f16, bf16
}
