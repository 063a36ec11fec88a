"""A DiT-style flow-matching denoising step at benchmark size, for
bench/gen_models.py (kind "dit"). Standard library only.

The model is DiT ("Scalable Diffusion Models with Transformers", Peebles and
Xie, 2023) trained as a rectified flow (SiT): the latent is cut into patches
(umc.patchify + a linear patch embedding, plus a position embedding), the
condition is the sinusoidal embedding of the time (umc.timestep_embed, then
linear-SiLU-linear) plus a class embedding, and every block is adaLN-Zero:

    shift1, scale1, gate1, shift2, scale2, gate2 = Linear(silu(c))
    h = h + gate1 * attention(modulate(LN(h), shift1, scale1))
    h = h + gate2 * mlp(modulate(LN(h), shift2, scale2))

(LN without affine, eps 1e-6; full attention with biased qkv and
projection; MLP 4x with tanh GELU). The final layer modulates once more and
projects each token back to a patch of velocities.

One call is one sampler step with classifier-free guidance: the latent goes
through the network twice in one batch of 2 (the class, then the null class
`classes`), and umc.diffusion_step flow_euler takes
`x + (t_next - t) * (v_u + w * (v_c - v_u))`.

The trained DiT zero-initializes the adaLN and final projections (hence
"Zero"); here every weight is random, so the output depends on all of them.
"""
import math


def _t(shape, dtype="f32"):
    return "tensor<" + "x".join(str(d) for d in shape) + "x" + dtype + ">"


def dit(channels, size, patch, dim, depth, heads, classes, freq_dim=256,
        mlp_ratio=4):
    C, S, P, D, L, H = channels, size, patch, dim, depth, heads
    assert S % P == 0 and D % H == 0
    Dh = D // H
    G = S // P          # patches per side
    N = G * G           # tokens
    K = C * P * P       # values per patch
    Fm = mlp_ratio * D
    B = 2               # conditional and unconditional, one batch
    x1, x2 = _t([1, C, S, S]), _t([B, C, S, S])
    tok, tokq = _t([B, N, D]), _t([B, N, 3 * D])
    heads4, seq4 = _t([B, H, N, Dh]), _t([B, N, H, Dh])
    vD, cD = _t([D]), _t([B, D])

    params = [
        ("x_w", "x_embedder.proj.weight", [D, K]),
        ("x_b", "x_embedder.proj.bias", [D]),
        ("pos", "pos_embed", [N, D]),
        ("t_w1", "t_embedder.mlp.0.weight", [D, freq_dim]),
        ("t_b1", "t_embedder.mlp.0.bias", [D]),
        ("t_w2", "t_embedder.mlp.2.weight", [D, D]),
        ("t_b2", "t_embedder.mlp.2.bias", [D]),
        ("y_table", "y_embedder.embedding_table.weight", [classes + 1, D]),
    ]
    for i in range(L):
        pre = f"blocks.{i}."
        params += [
            (f"b{i}_ada_w", pre + "adaLN_modulation.1.weight", [6 * D, D]),
            (f"b{i}_ada_b", pre + "adaLN_modulation.1.bias", [6 * D]),
            (f"b{i}_qkv_w", pre + "attn.qkv.weight", [3 * D, D]),
            (f"b{i}_qkv_b", pre + "attn.qkv.bias", [3 * D]),
            (f"b{i}_proj_w", pre + "attn.proj.weight", [D, D]),
            (f"b{i}_proj_b", pre + "attn.proj.bias", [D]),
            (f"b{i}_fc1_w", pre + "mlp.fc1.weight", [Fm, D]),
            (f"b{i}_fc1_b", pre + "mlp.fc1.bias", [Fm]),
            (f"b{i}_fc2_w", pre + "mlp.fc2.weight", [D, Fm]),
            (f"b{i}_fc2_b", pre + "mlp.fc2.bias", [D]),
        ]
    params += [
        ("f_ada_w", "final_layer.adaLN_modulation.1.weight", [2 * D, D]),
        ("f_ada_b", "final_layer.adaLN_modulation.1.bias", [2 * D]),
        ("f_w", "final_layer.linear.weight", [K, D]),
        ("f_b", "final_layer.linear.bias", [K]),
    ]
    types = {n: _t(s) for n, _, s in params}
    param_args = ",\n".join(f'    %{n}: {_t(s)} {{umc.param = "{p}"}}'
                            for n, p, s in params)

    def lin(out, x, w, b, tin, tout):
        return (f"  %{out} = umc.linear %{x}, %{w}, %{b} : "
                f"({tin}, {types[w]}, {types[b]}) -> {tout}")

    lines = [
        "  // The batch: the latent twice, the class and the null class.",
        f"  %xx = umc.concat %x, %x axis = 0 : ({x1}, {x1}) -> {x2}",
        f"  %null = arith.constant dense<{classes}> : tensor<1xi32>",
        "  %labels = umc.concat %label, %null axis = 0 : (tensor<1xi32>, tensor<1xi32>) -> tensor<2xi32>",
        "  %t1 = umc.reshape %t : tensor<f32> -> tensor<1xf32>",
        "  %tt = umc.concat %t1, %t1 axis = 0 : (tensor<1xf32>, tensor<1xf32>) -> tensor<2xf32>",
        "  // Patches and positions.",
        f"  %patches = umc.patchify %xx patch_size = {P} : ({x2}) -> {_t([B, N, K])}",
        lin("emb", "patches", "x_w", "x_b", _t([B, N, K]), tok),
        f"  %h_in = umc.add %emb, %pos : ({tok}, {types['pos']}) -> {tok}",
        "  // The condition: time and class.",
        f"  %tf = umc.timestep_embed %tt dim = {freq_dim} : (tensor<2xf32>) -> {_t([B, freq_dim])}",
        lin("tc1", "tf", "t_w1", "t_b1", _t([B, freq_dim]), cD),
        f"  %tc2 = umc.silu %tc1 : {cD}",
        lin("tc", "tc2", "t_w2", "t_b2", cD, cD),
        f"  %yc = umc.embedding %labels, %y_table : (tensor<2xi32>, {types['y_table']}) -> {cD}",
        f"  %c = umc.add %tc, %yc : ({cD}, {cD}) -> {cD}",
        f"  %sc = umc.silu %c : {cD}",
    ]
    h = "h_in"
    g3 = _t([B, 1, D])
    for i in range(L):
        m = _t([B, 6 * D])
        lines += [
            f"  // Block {i}.",
            lin(f"mod{i}", "sc", f"b{i}_ada_w", f"b{i}_ada_b", cD, m),
            f"  %sh1_{i}, %sc1_{i}, %g1_{i}, %sh2_{i}, %sc2_{i}, %g2_{i} = umc.split %mod{i} axis = 1 : "
            f"{m} -> {', '.join([cD] * 6)}",
            f"  %n1_{i} = umc.layer_norm %{h} eps = 1.0e-06 : ({tok}) -> {tok}",
            f"  %m1_{i} = umc.modulate %n1_{i} shift %sh1_{i} scale %sc1_{i} : ({tok}, {cD}, {cD}) -> {tok}",
            lin(f"qkv{i}", f"m1_{i}", f"b{i}_qkv_w", f"b{i}_qkv_b", tok, tokq),
            f"  %q{i}, %k{i}, %v{i} = umc.split %qkv{i} axis = -1 : {tokq} -> {tok}, {tok}, {tok}",
        ]
        for n in ("q", "k", "v"):
            lines += [
                f"  %{n}s{i} = umc.reshape %{n}{i} : {tok} -> {seq4}",
                f"  %{n}h{i} = umc.transpose %{n}s{i} [0, 2, 1, 3] : {seq4} -> {heads4}",
            ]
        lines += [
            f"  %o{i} = umc.attention %qh{i}, %kh{i}, %vh{i} mask <full> : ({heads4}, {heads4}, {heads4}) -> {heads4}",
            f"  %ot{i} = umc.transpose %o{i} [0, 2, 1, 3] : {heads4} -> {seq4}",
            f"  %o3_{i} = umc.reshape %ot{i} : {seq4} -> {tok}",
            lin(f"proj{i}", f"o3_{i}", f"b{i}_proj_w", f"b{i}_proj_b", tok, tok),
            f"  %g1r{i} = umc.reshape %g1_{i} : {cD} -> {g3}",
            f"  %ga{i} = umc.mul %proj{i}, %g1r{i} : ({tok}, {g3}) -> {tok}",
            f"  %ha{i} = umc.add %{h}, %ga{i} : ({tok}, {tok}) -> {tok}",
            f"  %n2_{i} = umc.layer_norm %ha{i} eps = 1.0e-06 : ({tok}) -> {tok}",
            f"  %m2_{i} = umc.modulate %n2_{i} shift %sh2_{i} scale %sc2_{i} : ({tok}, {cD}, {cD}) -> {tok}",
            lin(f"up{i}", f"m2_{i}", f"b{i}_fc1_w", f"b{i}_fc1_b", tok, _t([B, N, Fm])),
            f"  %act{i} = umc.gelu %up{i} approximate = tanh : {_t([B, N, Fm])}",
            lin(f"down{i}", f"act{i}", f"b{i}_fc2_w", f"b{i}_fc2_b", _t([B, N, Fm]), tok),
            f"  %g2r{i} = umc.reshape %g2_{i} : {cD} -> {g3}",
            f"  %gm{i} = umc.mul %down{i}, %g2r{i} : ({tok}, {g3}) -> {tok}",
            f"  %h{i} = umc.add %ha{i}, %gm{i} : ({tok}, {tok}) -> {tok}",
        ]
        h = f"h{i}"
    f6 = _t([B, G, G, C, P, P])
    f6t = _t([B, C, G, P, G, P])
    lines += [
        "  // Final layer, back to [B, C, H, W] (each patch in (c, i, j) order).",
        lin("fmod", "sc", "f_ada_w", "f_ada_b", cD, _t([B, 2 * D])),
        f"  %fsh, %fsc = umc.split %fmod axis = 1 : {_t([B, 2 * D])} -> {cD}, {cD}",
        f"  %nf = umc.layer_norm %{h} eps = 1.0e-06 : ({tok}) -> {tok}",
        f"  %mf = umc.modulate %nf shift %fsh scale %fsc : ({tok}, {cD}, {cD}) -> {tok}",
        lin("out", "mf", "f_w", "f_b", tok, _t([B, N, K])),
        f"  %o6 = umc.reshape %out : {_t([B, N, K])} -> {f6}",
        f"  %o6t = umc.transpose %o6 [0, 3, 1, 4, 2, 5] : {f6} -> {f6t}",
        f"  %v = umc.reshape %o6t : {f6t} -> {x2}",
        f"  %v_c, %v_u = umc.split %v axis = 0 : {x2} -> {x1}, {x1}",
        "  // The guided Euler step of the flow.",
        f"  %next = umc.diffusion_step %x, %v_c uncond %v_u guidance %guidance at %t to %t_next "
        f"sampler = flow_euler : ({x1}, {x1}, {x1}, tensor<f32>, tensor<f32>, tensor<f32>) -> {x1}",
        f"  return %next : {x1}",
    ]
    nl = "\n"
    mlir = f"""// A DiT-style flow-matching denoising step, generated by bench/gen_dit.py:
// latent [1, {C}, {S}, {S}], patch {P} ({N} tokens), width {D}, {L} adaLN-Zero
// blocks of {H} heads, MLP {Fm}, {classes} classes + the null class;
// classifier-free guidance as one batch of 2, then a flow_euler step.
func.func @denoise_step(
    %x: {x1},
    %t: tensor<f32>,
    %t_next: tensor<f32>,
    %label: tensor<1xi32>,
    %guidance: tensor<f32>,
{param_args}) -> {x1} {{
{nl.join(lines)}
}}
"""

    def w(name, shape, lo, hi):
        return {"name": name, "shape": shape, "dtype": "f32",
                "init": {"dist": "uniform", "lo": lo, "hi": hi}}

    weights = []
    for _, name, shape in params:
        if name == "pos_embed" or name.startswith("y_embedder"):
            weights.append(w(name, shape, -1.0, 1.0))
        elif name.endswith("bias"):
            weights.append(w(name, shape, -0.1, 0.1))
        else:  # nn.Linear's range: activations stay O(1)
            a = 1.0 / math.sqrt(shape[1])
            weights.append(w(name, shape, -a, a))
    weight_elems = sum(math.prod(t["shape"]) for t in weights)
    T = B * N
    flops = (2 * T * (K * D + L * (3 * D * D + D * D + 2 * D * Fm) + D * K)
             + L * 2 * 2 * B * H * N * N * Dh)
    return {
        "function": "denoise_step",
        "mlir": mlir,
        "shape": f"{C}x{S}x{S} p{P} D{D} L{L} h{H} cfg2",
        "inputs": [
            {"name": "x", "shape": [1, C, S, S], "dtype": "f32",
             "init": {"dist": "uniform", "lo": -2.0, "hi": 2.0}},
            {"name": "t", "shape": [], "dtype": "f32",
             "init": {"dist": "const", "value": 0.75}},
            {"name": "t_next", "shape": [], "dtype": "f32",
             "init": {"dist": "const", "value": 0.7}},
            {"name": "label", "shape": [1], "dtype": "i32",
             "init": {"dist": "const", "value": 3}},
            {"name": "guidance", "shape": [], "dtype": "f32",
             "init": {"dist": "const", "value": 4.0}},
        ],
        "weights": weights,
        "output_shape": [1, C, S, S],
        "bytes": 4 * (weight_elems + 2 * C * S * S),
        "flops": flops,
        "bound": "compute",
        "unit": "steps/s",
        # The output is x + (t_next - t) * v with |x| <= 2 and the step
        # -0.05: a velocity error e moves it by 0.05 e (times up to 4 + 1
        # through the guidance), so the bound is tight: 1e-5 is 40 ulp of 2,
        # and allows velocity errors of ~5e-5 (six blocks of GEMMs of depth
        # up to 1536, summed in different orders).
        "atol": 1e-5,
        "rtol": 1e-5,
    }
