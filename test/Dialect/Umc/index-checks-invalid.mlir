// RUN: umc-opt %s -split-input-file -verify-diagnostics

// umc.index_checks, which umc-outline-kernels records on a kernel and
// umc-build-host-program on its dispatches, is checked by the dialect: the
// runtime trusts the artifact's copy only after its own checks, but a
// damaged or hand-written one is an error here, at the op.

// A valid one, on an integer argument of a kernel.
func.func private @kernel(%ids: tensor<4xi32>, %t: tensor<8x2xf32>) -> tensor<4x2xf32> attributes {umc.index_checks = [{binding = 0 : i64, bound = 8 : i64, loc = "m.mlir:3:5", noun = "id", op = "umc.embedding", range = "the table's 10 rows"}]}

// -----

// expected-error @+1 {{'umc.index_checks' must be a list of {binding, bound, loc, noun, op, range}, got {binding = 0 : i64}}}
func.func private @not_a_list(%ids: tensor<4xi32>) attributes {umc.index_checks = {binding = 0 : i64}}

// -----

// expected-error @+1 {{'umc.index_checks' entries must be {binding: i64, bound: i64, loc, noun, op, range: strings}, got {binding = 0 : i64, bound = 8 : i64}}}
func.func private @missing_keys(%ids: tensor<4xi32>) attributes {umc.index_checks = [{binding = 0 : i64, bound = 8 : i64}]}

// -----

// expected-error @+1 {{'umc.index_checks' has bound 0; an index range [0, bound) needs bound >= 1}}
func.func private @empty_range(%ids: tensor<4xi32>) attributes {umc.index_checks = [{binding = 0 : i64, bound = 0 : i64, loc = "", noun = "id", op = "umc.embedding", range = "the table's 10 rows"}]}

// -----

// expected-error @+1 {{'umc.index_checks' checks binding 1, which this op does not have}}
func.func private @no_such_binding(%ids: tensor<4xi32>) attributes {umc.index_checks = [{binding = 1 : i64, bound = 8 : i64, loc = "", noun = "id", op = "umc.embedding", range = "the table's 10 rows"}]}

// -----

// expected-error @+1 {{'umc.index_checks' checks binding 0 of type 'tensor<4xf32>'; indices are integer tensors or buffers}}
func.func private @float_ids(%ids: tensor<4xf32>) attributes {umc.index_checks = [{binding = 0 : i64, bound = 8 : i64, loc = "", noun = "id", op = "umc.embedding", range = "the table's 10 rows"}]}
