// Every rule of the #umc.mask attribute, checked when it is parsed.
// RUN: umc-opt %s --split-input-file --verify-diagnostics

// unknown kind
// expected-error @+1 {{unknown mask kind 'diagonal'; expected causal, full, omni, sliding_window or block_sparse}}
func.func @f() attributes {umc.mask = #umc.mask<diagonal>} {
  return
}

// -----

// unknown parameter
// expected-error @+1 {{unknown mask parameter 'stride'; expected window, spans, block or layout}}
func.func @f() attributes {umc.mask = #umc.mask<causal, stride = 2>} {
  return
}

// -----

// parameter twice
// expected-error @+1 {{mask parameter 'window' given twice}}
func.func @f() attributes {umc.mask = #umc.mask<sliding_window, window = 2, window = 3>} {
  return
}

// -----

// window missing
// expected-error @+1 {{mask 'sliding_window' needs 'window' >= 1, got 0}}
func.func @f() attributes {umc.mask = #umc.mask<sliding_window>} {
  return
}

// -----

// window on causal
// expected-error @+1 {{mask 'causal' takes no 'window' (only sliding_window does)}}
func.func @f() attributes {umc.mask = #umc.mask<causal, window = 4>} {
  return
}

// -----

// omni without spans
// expected-error @+1 {{mask 'omni' needs 'spans' as [start, end) pairs, got 0 values}}
func.func @f() attributes {umc.mask = #umc.mask<omni>} {
  return
}

// -----

// omni odd spans
// expected-error @+1 {{mask 'omni' needs 'spans' as [start, end) pairs, got 3 values}}
func.func @f() attributes {umc.mask = #umc.mask<omni, spans = [1, 4, 6]>} {
  return
}

// -----

// omni empty span
// expected-error @+1 {{mask 'omni' span 0 is [4, 4); it must have 0 <= start < end}}
func.func @f() attributes {umc.mask = #umc.mask<omni, spans = [4, 4]>} {
  return
}

// -----

// omni overlapping spans
// expected-error @+1 {{mask 'omni' span 1 starts before span 0 ends; spans must be sorted and disjoint}}
func.func @f() attributes {umc.mask = #umc.mask<omni, spans = [0, 4, 3, 6]>} {
  return
}

// -----

// spans on full
// expected-error @+1 {{mask 'full' takes no 'spans' (only omni does)}}
func.func @f() attributes {umc.mask = #umc.mask<full, spans = [0, 4]>} {
  return
}

// -----

// block missing
// expected-error @+1 {{mask 'block_sparse' needs 'block' >= 1, got 0}}
func.func @f() attributes {umc.mask = #umc.mask<block_sparse, layout = [1]>} {
  return
}

// -----

// layout missing
// expected-error @+1 {{mask 'block_sparse' needs a non-empty 'layout'}}
func.func @f() attributes {umc.mask = #umc.mask<block_sparse, block = 4>} {
  return
}

// -----

// layout value
// expected-error @+1 {{mask 'block_sparse' layout holds 2; only 0 and 1 are allowed}}
func.func @f() attributes {umc.mask = #umc.mask<block_sparse, block = 4, layout = [1, 2, 0, 1]>} {
  return
}

// -----

// block on causal
// expected-error @+1 {{mask 'causal' takes no 'block' or 'layout' (only block_sparse does)}}
func.func @f() attributes {umc.mask = #umc.mask<causal, block = 4>} {
  return
}
