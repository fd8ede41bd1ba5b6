#!/usr/bin/env python3
"""packaging/windows/not-blank.py PNG: exits 0 if the screenshot shows something, 1 if it is blank.

Blank: fewer than 16 colours in all, or one colour covering more than 99 % of it (a window that
never painted is one colour, or a few; a window showing text has hundreds of antialiased shades).
Reads the 8-bit, non-interlaced greyscale, RGB and RGBA PNGs that Qt writes, with the standard
library only.
"""
import collections
import struct
import sys
import zlib


def pixels(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    channels = {0: 1, 2: 3, 4: 2, 6: 4}.get(colour)
    if depth != 8 or channels is None or interlace:
        raise ValueError(f"unsupported PNG (depth {depth}, colour type {colour}, interlace {interlace})")
    raw = zlib.decompress(b"".join(idat))
    stride = width * channels
    previous = bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                corner = previous[i - channels] if i >= channels else 0
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        for x in range(0, stride, channels):
            yield bytes(line[x:x + channels])
        previous = line


def main():
    try:
        counts = collections.Counter(pixels(sys.argv[1]))
    except (OSError, ValueError, TypeError, struct.error, zlib.error) as error:
        print(f"not-blank.py: {sys.argv[1]}: {error}", file=sys.stderr)
        return 2
    total = sum(counts.values())
    top = counts.most_common(1)[0][1] if counts else 0
    share = top / total if total else 1.0
    print(f"{len(counts)} colours, the commonest covering {100 * share:.1f} %")
    return 0 if len(counts) >= 16 and share <= 0.99 else 1


if __name__ == "__main__":
    sys.exit(main())
