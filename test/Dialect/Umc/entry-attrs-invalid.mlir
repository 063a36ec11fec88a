// RUN: umc-opt %s -split-input-file -verify-diagnostics

// What an entry point is for (umc.role, umc.context, umc.sampler) and how a
// module's text becomes tokens (umc.tokenizer) are checked by the dialect,
// so that umc-run generate can trust the artifact's copy.

// Valid ones.
module attributes {umc.tokenizer = "bytes"} {
func.func @prefill(%t: tensor<1x16xi32>) attributes {umc.role = "text.prefill"} { return }
func.func @decode(%t: tensor<1x1xi32>) attributes {umc.role = "text.decode", umc.context = 64 : i64} { return }
func.func @noise(%s: tensor<i64>) attributes {umc.role = "image.noise"} { return }
func.func @step(%x: tensor<4xf32>) attributes {umc.role = "image.denoise", umc.sampler = "flow_heun"} { return }
}

// -----

// expected-error @+1 {{'umc.role' must be one of "text.prefill" "text.prefill_image" "text.decode" "image.noise" "image.denoise" "train.step" "params.derive", got "text.generate"}}
func.func @unknown_role() attributes {umc.role = "text.generate"} { return }

// -----

// expected-error @+1 {{'umc.sampler' must be a umc.diffusion_step sampler (flow_euler, flow_heun, ddim), got "euler_a"}}
func.func @unknown_sampler() attributes {umc.role = "image.denoise", umc.sampler = "euler_a"} { return }

// -----

// expected-error @+1 {{'umc.context'}}
func.func @no_context() attributes {umc.role = "text.decode", umc.context = 0 : i64} { return }

// -----

// expected-error @+1 {{'umc.tokenizer' must be "bytes" (one token per UTF-8 byte), got "sentencepiece"}}
module attributes {umc.tokenizer = "sentencepiece"} {}
