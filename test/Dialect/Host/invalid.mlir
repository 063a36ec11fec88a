// RUN: umc-opt %s -split-input-file -verify-diagnostics

umc_host.executable @kernels {
  builtin.module {
    func.func private @gelu(%x: tensor<32xf32>) -> tensor<32xf32> {
      %y = umc.gelu %x : tensor<32xf32>
      return %y : tensor<32xf32>
    }
  }
}
func.func @wrong_shape(%x: memref<16xf32>, %y: memref<32xf32>) {
  // expected-error @+1 {{input 0 is 'memref<16xf32>', but kernel @kernels::@gelu has 'tensor<32xf32>' there}}
  umc_host.dispatch @kernels::@gelu ins(%x : memref<16xf32>) outs(%y : memref<32xf32>)
  return
}

// -----

umc_host.executable @kernels {
  builtin.module {
    func.func private @gelu(%x: tensor<32xf32>) -> tensor<32xf32> {
      %y = umc.gelu %x : tensor<32xf32>
      return %y : tensor<32xf32>
    }
  }
}
func.func @missing_output(%x: memref<32xf32>) {
  // expected-error @+1 {{binds 1 inputs and 0 outputs to kernel @kernels::@gelu, which takes 1 and returns 1}}
  umc_host.dispatch @kernels::@gelu ins(%x : memref<32xf32>)
  return
}

// -----

umc_host.executable @kernels {
  builtin.module {
  }
}
func.func @missing_kernel(%x: memref<32xf32>, %y: memref<32xf32>) {
  // expected-error @+1 {{names kernel @kernels::@nope, which executable @kernels does not hold}}
  umc_host.dispatch @kernels::@nope ins(%x : memref<32xf32>) outs(%y : memref<32xf32>)
  return
}

// -----

func.func @missing_executable(%x: memref<32xf32>, %y: memref<32xf32>) {
  // expected-error @+1 {{names executable @elsewhere, which does not exist}}
  umc_host.dispatch @elsewhere::@gelu ins(%x : memref<32xf32>) outs(%y : memref<32xf32>)
  return
}

// -----

func.func @flat_reference(%x: memref<32xf32>, %y: memref<32xf32>) {
  // expected-error @+1 {{names a kernel as @executable::@kernel, got @gelu}}
  umc_host.dispatch @gelu ins(%x : memref<32xf32>) outs(%y : memref<32xf32>)
  return
}

// -----

// expected-error @+1 {{must hold exactly one 'builtin.module' (its kernels)}}
umc_host.executable @empty {
}

// -----

func.func @reinterpret_size(%x: memref<32xf32>) {
  // expected-error @+1 {{views 128 bytes as 'memref<16xf32>', which holds 64}}
  %v = umc_host.reinterpret %x : memref<32xf32> to memref<16xf32>
  return
}

// -----

func.func @fill_type(%x: memref<32xf32>, %v: i32) {
  // expected-error @+1 {{fills a buffer of 'f32' with a 'i32'}}
  umc_host.fill %x, %v : memref<32xf32>, i32
  return
}

// -----

func.func @negative_offset() {
  // expected-error @+1 {{attribute 'offset' failed to satisfy constraint}}
  %a = umc_host.arena_view [-64] : memref<4xf32>
  return
}

// -----

// expected-error @+1 {{kernel alias 'copy' runs kernel 'nope', which the executable does not hold}}
umc_host.executable @kernels attributes {kernel_aliases = {copy = {same_as = "nope", source_ops = []}}} {
  builtin.module {
  }
}

// -----

// expected-error @+1 {{kernel alias 'copy' must be {same_as = "kernel", source_ops = [...]}}}
umc_host.executable @kernels attributes {kernel_aliases = {copy = "gelu"}} {
  builtin.module {
    func.func private @gelu(%x: tensor<32xf32>) -> tensor<32xf32> {
      %y = umc.gelu %x : tensor<32xf32>
      return %y : tensor<32xf32>
    }
  }
}

// -----

// A dispatch of an alias binds the types of the kernel it runs.
umc_host.executable @kernels attributes {kernel_aliases = {copy = {same_as = "gelu", source_ops = []}}} {
  builtin.module {
    func.func private @gelu(%x: tensor<32xf32>) -> tensor<32xf32> {
      %y = umc.gelu %x : tensor<32xf32>
      return %y : tensor<32xf32>
    }
  }
}
func.func @alias_types(%x: memref<16xf32>, %y: memref<16xf32>) {
  // expected-error @+1 {{input 0 is 'memref<16xf32>', but kernel @kernels::@copy has 'tensor<32xf32>' there}}
  umc_host.dispatch @kernels::@copy ins(%x : memref<16xf32>) outs(%y : memref<16xf32>)
  return
}
