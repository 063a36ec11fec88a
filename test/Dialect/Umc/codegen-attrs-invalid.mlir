// RUN: umc-opt %s -split-input-file -verify-diagnostics

// What passes record for later passes is checked by the dialect: a
// hand-written or damaged attribute is an error at the op, never a crash in
// the pass that reads it.

#id = affine_map<(d0) -> (d0)>
func.func private @too_many_loops(%x: tensor<8xf32>, %init: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{'umc.partition' lets 2 loops be split, but the op has 1}}
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<8xf32>) outs(%init : tensor<8xf32>) attrs = {umc.partition = #umc.partition<loops = 2>} {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

#id = affine_map<(d0) -> (d0)>
func.func private @tiles_per_loop(%x: tensor<8xf32>, %init: tensor<8xf32>) -> tensor<8xf32> {
  // expected-error @+1 {{'umc.workgroup_tiles' has 2 tile sizes; it needs one per loop of an op with loops (1)}}
  %0 = linalg.generic {indexing_maps = [#id, #id], iterator_types = ["parallel"]}
      ins(%x : tensor<8xf32>) outs(%init : tensor<8xf32>) attrs = {umc.workgroup_tiles = #umc.workgroup_tiles<[4, 4]>} {
  ^bb0(%in: f32, %out: f32):
    linalg.yield %in : f32
  } -> tensor<8xf32>
  return %0 : tensor<8xf32>
}

// -----

// expected-error @+1 {{#umc.partition needs loops >= 0, got -1}}
func.func private @negative() attributes {partition = #umc.partition<loops = -1>}

// -----

// expected-error @+1 {{#umc.workgroup_tiles: tile sizes are >= 0 (0: the loop is not split), got -4}}
func.func private @negative_tile() attributes {tiles = #umc.workgroup_tiles<[-4]>}

// -----

// expected-error @+1 {{'umc.partition' must be a #umc.partition, got 3 : i64}}
func.func private @untyped() attributes {umc.partition = 3 : i64}

// -----

// expected-error @+1 {{'umc.kernel' must be an i64, got "zero"}}
func.func private @kernel_name() attributes {umc.kernel = "zero"}

// -----

// expected-error @+1 {{'umc.workgroups' must be >= 1, got 0}}
func.func private @empty_grid() attributes {umc.workgroups = 0 : i64}

// -----

// expected-error @+1 {{'umc.source_ops' must be a list of {name, loc} strings}}
func.func private @source_ops() attributes {umc.source_ops = [{name = "umc.add"}]}

// -----

// expected-error @+1 {{'umc.in_place_operand' names input 3, which this op does not have}}
func.func private @in_place(%x: tensor<4xf32>) -> tensor<4xf32> attributes {umc.in_place_operand = 3 : i64}

// -----

// expected-error @+1 {{unknown umc attribute 'umc.tile_dims'}}
func.func private @retired() attributes {umc.tile_dims = 2 : i64}
