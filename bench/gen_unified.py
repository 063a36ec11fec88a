"""One training step of models/unified_digits.mlir (the unified text and
image model of the demo) for bench/gen_models.py (kind "train_unified").
Standard library only.

The model is the shipped source, compiled with `--train --functions=loss`
(the step and nothing else); its parameters' names and shapes come from
models/unified_digits.py. A batch is 32 digits with their captions; the step
draws its noise from (seed, step) with Philox, PyTorch from its own
generator, so the two losses differ by the noise and are not compared (the
model's forward is checked by its own tests; training parity by
test/tools/umc-run/train-parity.test).
"""
import math
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "models"))
import unified_digits as u  # noqa: E402


def train_unified(hyper):
    with open(os.path.join(HERE, "..", "models", "unified_digits.mlir")) as f:
        mlir = f.read()

    def w(name, shape):
        fan_in = shape[-1] if len(shape) > 1 else 0
        bound = 1 / math.sqrt(fan_in) if fan_in else 0.1
        lo, hi = (0.5, 1.5) if name.endswith("norm1.weight") or \
            name.endswith("norm2.weight") or name == "final_norm.weight" \
            else (-bound, bound)
        return {"name": name, "shape": shape, "dtype": "f32",
                "init": {"dist": "uniform", "lo": lo, "hi": hi}}

    def shape_of(ty):  # "tensor<96x4xf32>" -> [96, 4]
        return [int(d) for d in ty[len("tensor<"):-1].split("x")[:-1]]

    weights = [w(key, shape_of(ty)) for _, key, ty in u.PARAMS]
    B = u.BATCH
    params = sum(math.prod(t["shape"]) for t in weights)
    # Linear layers per token and pass, twice (each example both ways),
    # forward + backward at 3x.
    tokens = 2 * B * u.SEQ
    flops = 3 * 2 * params * tokens
    return {
        "function": "loss_train_step",
        "mlir": mlir,
        "shape": f"{B} digits, width {u.WIDTH}, {u.DEPTH} blocks, train step",
        "compile_flags": ["--train", "--functions=loss"],
        "flow": "train",
        "unit": "steps/s",
        "hyper": hyper,
        "compare": False,
        "inputs": [
            {"name": "images", "shape": [B, 1, u.SIZE, u.SIZE], "dtype": "f32",
             "init": {"dist": "uniform", "lo": 0.0, "hi": 1.0}},
            {"name": "captions", "shape": [B, u.TEXT], "dtype": "i32",
             "init": {"dist": "uniform", "lo": 97, "hi": 122}},
            {"name": "seed", "shape": [], "dtype": "i64",
             "init": {"dist": "const", "value": 0}},
            {"name": "step", "shape": [], "dtype": "i64",
             "init": {"dist": "const", "value": 0}},
        ] + [{"name": n, "shape": [], "dtype": "f32",
              "init": {"dist": "const", "value": v}} for n, v in hyper.items()],
        "weights": weights,
        "output_shape": [],
        "bytes": 4 * params,
        "flops": flops,
        "bound": "compute",
        "atol": 0.0,
        "rtol": 0.0,
    }
