#!/usr/bin/env python3
"""Draws the extension's toolbar icons as PNG files, with the standard
library only: a rounded square with three text lines and a spark."""

import struct
import sys
import zlib
from pathlib import Path

BACKGROUND = (37, 99, 235)
PAPER = (255, 255, 255)
SPARK = (250, 204, 21)


def pixel(size, x, y):
    """Returns the RGBA colour at (x, y) of an icon `size` pixels wide."""
    u, v = (x + 0.5) / size, (y + 0.5) / size
    radius = 0.22
    cx = min(max(u, radius), 1 - radius)
    cy = min(max(v, radius), 1 - radius)
    if (u - cx) ** 2 + (v - cy) ** 2 > radius ** 2:
        return (0, 0, 0, 0)
    if 0.62 <= u <= 0.86 and 0.14 <= v <= 0.38 and abs(u - 0.74) + abs(v - 0.26) <= 0.12:
        return SPARK + (255,)
    for top, right in ((0.30, 0.56), (0.48, 0.80), (0.66, 0.70)):
        if 0.20 <= u <= right and top <= v <= top + 0.09:
            return PAPER + (255,)
    return BACKGROUND + (255,)


def png(size):
    rows = b"".join(
        b"\x00" + b"".join(bytes(pixel(size, x, y)) for x in range(size)) for y in range(size)
    )

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def main(folder):
    for size in (16, 32, 48, 128):
        Path(folder, f"icon-{size}.png").write_bytes(png(size))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "extension/icons")
