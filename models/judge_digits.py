#!/usr/bin/env python3
"""Judges generated 8x8 digit images with a classifier that umc had no part
in: does the image show the digit it was prompted with?

The classifier is scikit-learn's SVC (RBF kernel, gamma 0.3, C 3 on pixels in
[0, 1]), trained here on the train split that models/digits.py writes, and
never on the test split. gamma and C were chosen by cross-validation on the
train split alone; on the test split it scores about 98% (--self-test).

    judge_digits.py --train build/data/digits_train.safetensors \\
        --images generated.safetensors [--labels-from labels] [--json]
    judge_digits.py --train build/data/digits_train.safetensors --self-test

The images file holds `images`, F32 [N, 1, 8, 8], [N, 8, 8] or [N, 64] in
[0, 1] (values outside are clipped, and counted), and the prompted digits,
I32 [N], in the array that --labels-from names. Training takes about a
second, so nothing is cached.
"""
import argparse
import json
import os
import sys

import debian_python

debian_python.require("numpy", "sklearn")

import numpy as np  # noqa: E402
from sklearn.svm import SVC  # noqa: E402

import safetensors_np  # noqa: E402

GAMMA, C = 0.3, 3.0
CLASSIFIER = f"sklearn.svm.SVC(kernel='rbf', gamma={GAMMA}, C={C})"


def fail(message):
    sys.exit(f"judge_digits: {message}")


def load(path, labels_name):
    """(pixels float [N, 64] clipped to [0, 1], labels int [N], the number
    of pixel values that were clipped)."""
    try:
        arrays, _ = safetensors_np.read(path)
    except (OSError, ValueError) as e:
        fail(str(e))
    for name in ("images", labels_name):
        if name not in arrays:
            fail(f"{path}: no array '{name}' "
                 f"(has {', '.join(sorted(arrays))})")
    images, labels = arrays["images"], arrays[labels_name]
    n = images.shape[0] if images.ndim else 0
    if images.shape not in ((n, 1, 8, 8), (n, 8, 8), (n, 64)) or n == 0:
        fail(f"{path}: images has shape {list(images.shape)}; expected "
             "[N, 1, 8, 8], [N, 8, 8] or [N, 64] with N >= 1")
    if labels.shape != (n,) or labels.dtype.kind != "i":
        fail(f"{path}: {labels_name} is {labels.dtype}{list(labels.shape)}; "
             f"expected integers [{n}], one per image")
    if labels.min() < 0 or labels.max() > 9:
        fail(f"{path}: {labels_name} holds values outside 0..9")
    pixels = images.reshape(n, 64).astype(np.float64)
    if not np.all(np.isfinite(pixels)):
        fail(f"{path}: images holds NaN or infinite values")
    clipped = int(np.count_nonzero((pixels < 0) | (pixels > 1)))
    return np.clip(pixels, 0, 1), labels.astype(np.int64), clipped


def train(path):
    pixels, labels, _ = load(path, "labels")
    return SVC(kernel="rbf", gamma=GAMMA, C=C).fit(pixels, labels)


def judge(classifier, pixels, labels):
    """The result as a JSON-ready dict: overall accuracy and, per prompted
    digit, how often each digit was recognised."""
    predicted = classifier.predict(pixels)
    confusion = np.zeros((10, 10), np.int64)
    np.add.at(confusion, (labels, predicted), 1)
    per_digit = []
    for digit in range(10):
        row = confusion[digit]
        n = int(row.sum())
        per_digit.append({
            "digit": digit, "n": n, "correct": int(row[digit]),
            "accuracy": float(row[digit] / n) if n else None,
            "predicted": row.tolist()})
    correct = int(np.trace(confusion))
    return {"n": len(labels), "correct": correct,
            "accuracy": correct / len(labels), "per_digit": per_digit}


def print_text(result, title):
    print(f"{title}: {result['accuracy']:.2%} "
          f"({result['correct']}/{result['n']}) recognised as the prompted "
          f"digit by {CLASSIFIER}")
    if result.get("clipped"):
        print(f"  {result['clipped']} pixel values were outside [0, 1] and "
              "clipped")
    print("  prompted   n  correct  mistaken for")
    for d in result["per_digit"]:
        if not d["n"]:
            continue
        wrong = [(count, p) for p, count in enumerate(d["predicted"])
                 if p != d["digit"] and count]
        wrong = ", ".join(f"{p} x{count}" for count, p in sorted(wrong,
                                                                 reverse=True))
        print(f"  {d['digit']:8d} {d['n']:3d} {d['accuracy']:8.1%}  "
              f"{wrong or '-'}")


def main():
    parser = argparse.ArgumentParser(
        description="Scores 8x8 digit images by whether an independent "
                    "classifier recognises the prompted digit.")
    parser.add_argument("--train", required=True,
                        help="digits_train.safetensors from models/digits.py")
    parser.add_argument("--images", help="safetensors file with images and "
                        "the prompted digits")
    parser.add_argument("--labels-from", default="labels", metavar="NAME",
                        help="the array of prompted digits (default: labels)")
    parser.add_argument("--self-test", action="store_true",
                        help="score the test split, digits_test.safetensors "
                             "beside the train file")
    parser.add_argument("--json", action="store_true",
                        help="print the result as JSON")
    args = parser.parse_args()
    if args.self_test == bool(args.images):
        parser.error("give exactly one of --images and --self-test")

    if args.self_test:
        path = os.path.join(os.path.dirname(args.train),
                            "digits_test.safetensors")
        labels_name = "labels"
    else:
        path, labels_name = args.images, args.labels_from
    pixels, labels, clipped = load(path, labels_name)
    result = judge(train(args.train), pixels, labels)
    result.update(classifier=CLASSIFIER, images=path, clipped=clipped)
    if args.json:
        print(json.dumps(result))
    else:
        print_text(result, "self-test on the test split" if args.self_test
                   else path)


if __name__ == "__main__":
    main()
