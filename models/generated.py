"""What the model generators in models/ share: MLIR tensor types, and the
command line that writes a model's .mlir beside the script, or checks that
it is up to date."""
import argparse
import os
import sys


def tensor(*shape, dtype="f32"):
    """tensor(2, 3) -> "tensor<2x3xf32>"; tensor() -> "tensor<f32>"."""
    return "tensor<" + "".join(f"{d}x" for d in shape) + dtype + ">"


def main(script, text):
    """`script` is the generator's __file__; its .mlir is the same name."""
    path = os.path.splitext(os.path.abspath(script))[0] + ".mlir"
    name = os.path.basename(script)
    parser = argparse.ArgumentParser(
        description=f"Writes models/{os.path.basename(path)} (edit {name}, "
                    "not the .mlir).")
    parser.add_argument("--check", action="store_true",
                        help="fail if the .mlir differs from what this writes")
    args = parser.parse_args()
    if args.check:
        with open(path) as f:
            if f.read() != text:
                sys.exit(f"{path} is stale: run python3 models/{name}")
        return
    with open(path, "w") as f:
        f.write(text)
