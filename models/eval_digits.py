#!/usr/bin/env python3
"""Measures a trained digits model (models/unified_digits.mlir,
models/ar_dit_digits.mlir) both ways:

  image -> caption: greedy captions of every test image (the artifact's
      caption_batch), exact match with the digit's name;
  caption -> image: ten images of each digit from its name (generate_batch,
      guided Euler), judged by models/judge_digits.py's classifier, which
      umc had no part in.

    eval_digits.py ARTIFACT CHECKPOINT [--data-dir build/data] [--steps 20]
        [--guidance 3] [--seed 0] [--json OUT] [--grid PNG]
        [--export-params OUT] [--umc-run build/bin/umc-run]

The artifact is the model compiled (with or without --train; it needs the
entry points caption_batch and generate_batch); the checkpoint is what
`umc-run train` saved.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

import debian_python

debian_python.require("numpy", "sklearn")

import numpy as np  # noqa: E402

import judge_digits  # noqa: E402
import safetensors_np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
NAMES = ["zero", "one", "two", "three", "four", "five", "six", "seven",
         "eight", "nine"]
TEXT = 8
PER_DIGIT = 10


def caption_bytes(word):
    raw = word.encode()
    return list(raw) + [0] * (TEXT - len(raw))


def run(umc_run, artifact, checkpoint, function, inputs, output):
    command = [umc_run, "call", artifact, "--function", function,
               "--params", checkpoint] + \
        [f"--input={i}" for i in inputs] + [f"--output=@{output}"]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"eval_digits: {' '.join(command)} failed:\n{done.stderr}")
    return np.load(output)


def write_grid(path, images, scale=4, gap=2):
    """images [rows, columns, 8, 8] in [0, 1] as one grey PNG."""
    import struct
    import zlib
    rows, cols = images.shape[:2]
    side = 8 * scale
    height, width = rows * (side + gap) + gap, cols * (side + gap) + gap
    canvas = np.full((height, width), 64, np.uint8)
    for r in range(rows):
        for c in range(cols):
            tile = np.kron(images[r, c], np.ones((scale, scale)))
            y, x = gap + r * (side + gap), gap + c * (side + gap)
            canvas[y:y + side, x:x + side] = np.round(tile * 255)
    raw = b"".join(b"\x00" + canvas[y].tobytes() for y in range(height))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" +
                chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0,
                                           0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("artifact")
    parser.add_argument("checkpoint")
    parser.add_argument("--data-dir", default=os.path.join(HERE, "..", "build",
                                                           "data"))
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--guidance", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", help="also write the results here")
    parser.add_argument("--grid", metavar="PNG",
                        help="also write the drawn images as a grid, one "
                             "row per digit")
    parser.add_argument("--export-params", metavar="OUT",
                        help="also write the checkpoint's parameters alone "
                             "(no optimizer state, no history) to OUT")
    parser.add_argument("--umc-run", default=os.path.join(
        HERE, "..", "build", "bin", "umc-run"))
    args = parser.parse_args()

    if args.export_params:
        arrays, metadata = safetensors_np.read(args.checkpoint)
        params = {k: v for k, v in arrays.items()
                  if not k.startswith(("optimizer/", "train/"))}
        os.makedirs(os.path.dirname(os.path.abspath(args.export_params)),
                    exist_ok=True)
        safetensors_np.write(args.export_params, params,
                             {"source": "models/train_digits.sh",
                              "step": metadata.get("step", "")})
    test, _ = safetensors_np.read(os.path.join(args.data_dir,
                                               "digits_test.safetensors"))
    with tempfile.TemporaryDirectory() as tmp:
        images = (test["images"].astype(np.float32) * 2 - 1)
        np.save(os.path.join(tmp, "images.npy"), images)
        captions = run(args.umc_run, args.artifact, args.checkpoint,
                       "caption_batch", ["@" + os.path.join(tmp, "images.npy")],
                       os.path.join(tmp, "captions.npy"))
        expected = test["captions"]
        exact = np.all(captions == expected, axis=1)
        caption_accuracy = float(exact.mean())

        labels = np.repeat(np.arange(10), PER_DIGIT).astype(np.int32)
        tokens = np.array([caption_bytes(NAMES[d]) for d in labels], np.int32)
        np.save(os.path.join(tmp, "tokens.npy"), tokens)
        drawn = run(args.umc_run, args.artifact, args.checkpoint,
                    "generate_batch",
                    ["@" + os.path.join(tmp, "tokens.npy"),
                     f"{args.seed}:i64", f"{args.steps}:i32",
                     f"{args.guidance}:f32"],
                    os.path.join(tmp, "drawn.npy"))
    pixels = np.clip((drawn.reshape(len(labels), 64) + 1) / 2, 0, 1)
    if args.grid:
        write_grid(args.grid, pixels.reshape(10, PER_DIGIT, 8, 8))
    classifier = judge_digits.train(os.path.join(args.data_dir,
                                                 "digits_train.safetensors"))
    judged = judge_digits.judge(classifier, pixels, labels.astype(np.int64))

    wrong = [(NAMES[int(test["labels"][i])],
              bytes(c for c in captions[i] if c).decode(errors="replace"))
             for i in np.nonzero(~exact)[0]]
    print(f"image -> caption: {caption_accuracy:.2%} "
          f"({int(exact.sum())}/{len(exact)}) test images captioned exactly")
    for name, got in wrong[:10]:
        print(f"  a {name} captioned {got!r}")
    judge_digits.print_text(judged, "caption -> image")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"caption_accuracy": caption_accuracy,
                       "image_accuracy": judged["accuracy"],
                       "judged": judged, "steps": args.steps,
                       "guidance": args.guidance, "seed": args.seed}, f,
                      indent=1)


if __name__ == "__main__":
    main()
