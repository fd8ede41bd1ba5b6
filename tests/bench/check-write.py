#!/usr/bin/env python3
"""Checks `tome-bench write` against Python's slice assignment on random files and ranges.

usage: check-write.py TOME_BENCH FOLDER [COUNT] [SEED]

For each case: a random file, a random [START, END) (sometimes past the end), random new bytes
given as --hex, --text or --literal; the file afterwards must equal data[START:END] = new, and an
in-place write must keep the inode. Also checks the refusals (START > END, negative numbers).
"""
import json
import os
import random
import subprocess
import sys


def run(bench, *args):
    return subprocess.run([bench, "write", *args], capture_output=True, text=True)


def main():
    bench, folder = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else random.randrange(1 << 30)
    print(f"seed {seed}")
    rng = random.Random(seed)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "write-check.bin")
    failures = 0
    for case in range(count):
        size = rng.choice([0, 1, 5, 61, 300, 5000])
        data = bytearray(rng.choice(b"ab\ncd\r\xc3\xa9 '\"\\\x00\xff") for _ in range(size))
        with open(path, "wb") as f:
            f.write(data)
        start = rng.randrange(size + 3)
        end = start + rng.randrange(12)
        same = rng.random() < 0.4
        length = max(0, min(end, size) - min(start, size)) if same else rng.randrange(10)
        form = rng.choice(["--hex", "--literal", "--text"])
        if form == "--text":
            new = "".join(rng.choice("xyz \nñ") for _ in range(length)).encode()
            if same:
                new = new[:length].ljust(length, b"q")[:length]
                arg = new.decode("utf-8", "replace")
                if arg.encode() != new:
                    new = b"q" * length
                    arg = new.decode()
            else:
                arg = new.decode()
        else:
            new = bytes(rng.randrange(256) for _ in range(length))
            arg = (new.hex(" ") if rng.random() < 0.5 else new.hex()) if form == "--hex" else repr(new)
        inode = os.stat(path).st_ino
        result = run(bench, path, str(start), str(end), form, arg)
        expected = bytearray(data)
        expected[start:end] = new
        with open(path, "rb") as f:
            got = f.read()
        problem = None
        if result.returncode != 0:
            problem = f"exit {result.returncode}: {result.stderr.strip()}"
        elif got != bytes(expected):
            problem = f"file {got[:80]!r} != python {bytes(expected)[:80]!r}"
        else:
            mode = json.loads(result.stdout)["mode"]
            in_place = len(new) == max(0, min(end, size) - min(start, size))
            if mode != ("in-place" if in_place else "rewrite"):
                problem = f"mode {mode}"
            elif mode == "in-place" and os.stat(path).st_ino != inode:
                problem = "in place but the inode changed"
        if problem:
            failures += 1
            print(f"case {case} (seed {seed}): size {size} [{start}:{end}] {form} {arg!r}: {problem}")

    with open(path, "wb") as f:
        f.write(b"0123456789")
    for args, says in [(["5", "2", "--hex", "58"], "after END"), (["-1", "2", "--hex", "58"], "negative"),
                       (["1", "-2", "--hex", "58"], "negative"), (["1", "2", "--hex", "5g"], "hex"),
                       (["1", "2", "--literal", "'X'"], "b'")]:
        result = run(bench, path, *args)
        if result.returncode == 0 or says not in result.stderr:
            failures += 1
            print(f"refusal {args}: exit {result.returncode}, {result.stderr.strip()!r}")
    with open(path, "rb") as f:
        if f.read() != b"0123456789":
            failures += 1
            print("a refused write changed the file")
    print(f"{count} cases, {failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
