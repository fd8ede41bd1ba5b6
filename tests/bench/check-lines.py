#!/usr/bin/env python3
"""Checks `tome-bench lines` (whole lines, as the view shows them) against Python on random files.

usage: check-lines.py TOME_BENCH FOLDER [COUNT] [MAX_LINE_BYTES] [SEED]

Each file has lines of random lengths up to MAX_LINE_BYTES (default 5 MB; 50 MB in the issue's
check) of ASCII runs, tabs, multi-byte UTF-8, control characters, DEL, invalid and cut sequences,
some ending in CRLF (a last line without a line feed has no ending: a "\r" that ends it is its
text), read as UTF-8 (--encoding=UTF-8). The reference: UTF-8 decoded with one
U+FFFD per maximal subpart (Python's "replace"), tabs to the next multiple of 8 columns counted in UTF-16 units, C0 controls and DEL
as their Control Pictures, a byte order mark at the start skipped.
"""
import os
import random
import subprocess
import sys

PIECES = [b"lorem ipsum ", b"\t", b"x\ty", b"\xc3\xa9", b"\xe2\x82\xac", b"\xe4\xb8\xad", b"\xf0\x9f\x98\x80",
          b"\xff", b"\x80", b"\xe2\x82", b"\xf0\x9f\x98", b"\xc0\x80", b"\xed\xa0\x80", b"\x01", b"\x7f", b"\r",
          b"\x1b[0m", b"{\"key\":[1,2,3]}"]


def random_line(rng, size):
    parts = []
    total = 0
    while total < size:
        piece = bytes(rng.choice(b"abcdefghij") for _ in range(rng.randrange(1, 300))) if rng.random() < 0.3 \
            else rng.choice(PIECES)
        parts.append(piece)
        total += len(piece)
    return b"".join(parts)[:size]


def shown(line):
    out = []
    column = 0  # in UTF-16 units
    for c in line.decode("utf-8", "replace"):
        if c == "\t":
            width = 8 - column % 8
            out.append(" " * width)
            column += width
            continue
        code = ord(c)
        if code < 0x20:
            c = chr(0x2400 + code)
        elif code == 0x7F:
            c = "\u2421"
        out.append(c)
        column += 2 if code > 0xFFFF else 1
    return "".join(out)


def main():
    bench, folder = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 10
    max_bytes = int(sys.argv[4]) if len(sys.argv) > 4 else 5 << 20
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else random.randrange(1 << 30)
    print(f"seed {seed}")
    rng = random.Random(seed)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "lines-check.txt")
    failures = 0
    for case in range(count):
        lines = []
        for _ in range(rng.randrange(1, 8)):
            size = rng.choice([0, 1, 80, 10000, 20000, rng.randrange(max_bytes + 1)])
            lines.append(random_line(rng, size) + (b"\r" if rng.random() < 0.3 else b""))
        data = (b"\xef\xbb\xbf" if rng.random() < 0.3 else b"") + b"\n".join(lines)
        if rng.random() < 0.5 or data in (b"", b"\xef\xbb\xbf"):
            data += b"\n"  # (an empty file has no line to print)
        with open(path, "wb") as f:
            f.write(data)
        text = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
        expected_lines = text.split(b"\n")
        if text.endswith(b"\n"):
            expected_lines.pop()
            ended = len(expected_lines)
        else:
            ended = len(expected_lines) - 1  # a last line without "\n" has no ending: its "\r" is text
        expected_lines = [line[:-1] if line.endswith(b"\r") and i < ended else line
                          for i, line in enumerate(expected_lines)]
        expected = "".join(shown(line) + "\n" for line in expected_lines).encode("utf-8", "surrogatepass")
        result = subprocess.run([bench, "lines", path, "1", str(len(expected_lines)), "--encoding=UTF-8"], capture_output=True)
        if result.returncode != 0 or result.stdout != expected:
            failures += 1
            got = result.stdout
            at = next((i for i in range(min(len(got), len(expected))) if got[i] != expected[i]),
                      min(len(got), len(expected)))
            print(f"case {case}: {len(expected_lines)} lines of {[len(l) for l in expected_lines]} bytes: "
                  f"output differs at byte {at} of {len(expected)} (got {len(got)}): "
                  f"{got[max(0, at - 20):at + 20]!r} vs {expected[max(0, at - 20):at + 20]!r} "
                  f"{result.stderr.decode(errors='replace')}")
    os.remove(path)
    print(f"{count - failures} of {count} files printed as Python shows them")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
