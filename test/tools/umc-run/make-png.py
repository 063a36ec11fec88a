#!/usr/bin/env python3
"""make-png.py OUT WIDTH HEIGHT: an 8-bit grey PNG with pixel i = 37 i mod
256, written with zlib from the PNG specification (not by umc)."""
import struct
import sys
import zlib


def chunk(kind, data):
    return (struct.pack(">I", len(data)) + kind + data +
            struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def main():
    path, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    pixels = [(i * 37) % 256 for i in range(width * height)]
    raw = b"".join(b"\x00" + bytes(pixels[y * width:(y + 1) * width])
                   for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
                chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    main()
