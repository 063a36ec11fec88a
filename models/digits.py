#!/usr/bin/env python3
"""Writes the 8x8 handwritten digits of issue 10 as two safetensors files,
digits_train.safetensors and digits_test.safetensors.

The images are the test part of the UCI "Optical Recognition of Handwritten
Digits" data set by E. Alpaydin and C. Kaynak (1998; 1,797 images from 13
writers, 174 to 183 per class; CC BY 4.0): 32x32 bitmaps whose 4x4 blocks were
counted, giving 8x8 images of integers 0..16. Debian's python3-sklearn ships
them as datasets/data/digits.csv.gz, one image a row (64 pixels, then the
label); this script reads that file itself, with gzip and numpy.

Each file holds, for its N images:
    images    F32 [N, 1, 8, 8]  pixels / 16, in [0, 1]
    labels    I32 [N]           the digit
    captions  I32 [N, 8]        UTF-8 bytes of the digit's English word
                                ("zero".."nine"), right-padded with 0
and metadata naming the source, the credit, the split rule and the words.

The split is fixed: per class, in order 0..9, one np.random.RandomState(0)
permutes the class's rows and the first round(n/5) go to test. Rows keep the
CSV's order within each file, so every run writes the same bytes.

    python3 models/digits.py [OUT_DIR]     # default: build/data
"""
import argparse
import gzip
import hashlib
import importlib.util
import os
import sys

import debian_python

debian_python.require("numpy", "sklearn")

import numpy as np  # noqa: E402

import safetensors_np  # noqa: E402

WORDS = ["zero", "one", "two", "three", "four",
         "five", "six", "seven", "eight", "nine"]
CAPTION_BYTES = 8
SEED = 0
# The published class sizes of the data set; anything else is another file.
CLASS_COUNTS = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]

CREDIT = ("E. Alpaydin and C. Kaynak, Optical Recognition of Handwritten "
          "Digits, UCI Machine Learning Repository, 1998 "
          "(doi:10.24432/C50P49), CC BY 4.0; the test part of the data set, "
          "1,797 images, as scikit-learn ships it")
SPLIT_RULE = ("per class 0..9 in turn, one numpy RandomState(0) permutes the "
              "class's rows (np.random.RandomState(0).permutation(n), the "
              "generator shared across classes) and the first round(n/5) go "
              "to test, the rest to train; rows keep the CSV's order")


def csv_path():
    """digits.csv.gz inside the installed sklearn package, found without
    importing sklearn (which is slow and not needed)."""
    spec = importlib.util.find_spec("sklearn")
    if spec is None or spec.origin is None:
        sys.exit("digits: scikit-learn is not installed; run scripts/setup.sh")
    return os.path.join(os.path.dirname(spec.origin), "datasets", "data",
                        "digits.csv.gz")


def load(path):
    """(pixels uint8 [N, 64], labels int [N], sha256 of the CSV text)."""
    with gzip.open(path, "rb") as f:
        text = f.read()
    rows = np.loadtxt(text.decode("ascii").splitlines(), delimiter=",")
    if rows.ndim != 2 or rows.shape[1] != 65:
        sys.exit(f"digits: {path}: expected rows of 64 pixels and a label, "
                 f"got shape {rows.shape}")
    if not np.array_equal(rows, np.round(rows)) or rows.min() < 0:
        sys.exit(f"digits: {path}: values are not non-negative integers")
    pixels, labels = rows[:, :64], rows[:, 64].astype(np.int64)
    if pixels.max() > 16 or labels.max() > 9:
        sys.exit(f"digits: {path}: pixels must be 0..16 and labels 0..9")
    counts = np.bincount(labels, minlength=10).tolist()
    if counts != CLASS_COUNTS:
        sys.exit(f"digits: {path}: class sizes {counts}, expected "
                 f"{CLASS_COUNTS} (the 1,797 images of the UCI test part)")
    return pixels.astype(np.uint8), labels, hashlib.sha256(text).hexdigest()


def split(labels):
    """(train rows, test rows), each ascending, as SPLIT_RULE says."""
    rng = np.random.RandomState(SEED)
    train, test = [], []
    for digit in range(10):
        rows = np.flatnonzero(labels == digit)
        order = rng.permutation(len(rows))
        n_test = (len(rows) + 2) // 5  # round(n/5); n/5 is never a tie
        test.extend(rows[order[:n_test]])
        train.extend(rows[order[n_test:]])
    return np.sort(train), np.sort(test)


def captions(labels):
    out = np.zeros((len(labels), CAPTION_BYTES), np.int32)
    for i, digit in enumerate(labels):
        word = WORDS[digit].encode("utf-8")
        out[i, :len(word)] = list(word)
    return out


def arrays(pixels, labels, rows):
    images = pixels[rows].reshape(-1, 1, 8, 8).astype(np.float32) / 16
    return {"images": images.astype(np.float32),
            "labels": labels[rows].astype(np.int32),
            "captions": captions(labels[rows])}


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(
        description="Writes digits_train.safetensors and "
                    "digits_test.safetensors (the UCI 8x8 digits).")
    parser.add_argument("out", nargs="?",
                        default=os.path.join(root, "build", "data"),
                        help="output directory (default: build/data)")
    args = parser.parse_args()

    source = csv_path()
    pixels, labels, sha256 = load(source)
    train, test = split(labels)
    os.makedirs(args.out, exist_ok=True)
    summary = []
    for name, rows in (("train", train), ("test", test)):
        metadata = {
            "source": "scikit-learn's datasets/data/digits.csv.gz (Debian "
                      "python3-sklearn), sha256 of the CSV " + sha256,
            "credit": CREDIT,
            "split": f"{name}: {len(rows)} of {len(labels)} images; "
                     + SPLIT_RULE,
            "captions": "UTF-8 bytes of the digit's word, right-padded with "
                        "0 to " + str(CAPTION_BYTES) + ": " + " ".join(WORDS),
            "images": "pixel counts 0..16 divided by 16, in [0, 1]",
        }
        path = os.path.join(args.out, f"digits_{name}.safetensors")
        safetensors_np.write(path, arrays(pixels, labels, rows), metadata)
        per_class = np.bincount(labels[rows], minlength=10)
        summary.append(f"{name} {len(rows)} ({'/'.join(map(str, per_class))})")
    print(f"digits: {', '.join(summary)} images per class 0..9 -> "
          f"{os.path.join(args.out, 'digits_{train,test}.safetensors')}")


if __name__ == "__main__":
    main()
