#!/usr/bin/env python3
"""Prints "WxH grey|rgb, pixels MIN MAX" for an 8-bit, non-interlaced PNG
(what umc-run writes), decoded with zlib from the PNG specification, so
that the tests do not read umc's images with umc's own reader."""
import struct
import sys
import zlib


def unfilter(rows, width, channels):
    out, prev = [], bytes(width * channels)
    for row in rows:
        kind, data = row[0], bytearray(row[1:])
        for i in range(len(data)):
            a = data[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if kind == 1:
                data[i] = (data[i] + a) & 255
            elif kind == 2:
                data[i] = (data[i] + b) & 255
            elif kind == 3:
                data[i] = (data[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                data[i] = (data[i] + pred) & 255
        out.append(bytes(data))
        prev = data
    return out


def main():
    blob = open(sys.argv[1], "rb").read()
    assert blob[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(blob):
        length, kind = struct.unpack(">I4s", blob[pos:pos + 8])
        body = blob[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    assert depth == 8 and colour in (0, 2)
    channels = 1 if colour == 0 else 3
    raw = zlib.decompress(idat)
    stride = 1 + width * channels
    rows = unfilter([raw[i * stride:(i + 1) * stride] for i in range(height)],
                    width, channels)
    pixels = b"".join(rows)
    kind = "grey" if channels == 1 else "rgb"
    print(f"{width}x{height} {kind}, pixels {min(pixels)} {max(pixels)}")


if __name__ == "__main__":
    main()
