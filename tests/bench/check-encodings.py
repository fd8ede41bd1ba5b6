#!/usr/bin/env python3
"""Checks `tome-bench index` (the detected "encoding") and `tome-bench lines` (UTF-8 output) against iconv.

usage: check-encodings.py TOME_BENCH TEXTS_HEADER FOLDER [SEED]

For each encoding Tome detects without a byte order mark, a text of the language it is made for
(from TEXTS_HEADER, the tests' tests/model/encodingtexts.h) is written with `iconv -t ENCODING`,
short (two lines) and long (its lines shuffled and repeated to ~20 KB), plain and, where the tool
is installed, compressed with gzip, bzip2, xz and zstd. Each must be detected as that encoding
(ISO-8859-1 may be named windows-1252, which reads those bytes the same), and `tome-bench lines`
must print what `iconv -f ENCODING -t UTF-8` prints.
"""
import os
import random
import re
import shutil
import subprocess
import sys

# (encoding, the texts' function in the header, also-accepted name)
CASES = [
    ("UTF-8", "japanese", None),
    ("UTF-8", "russian", None),
    ("UTF-16LE", "german", None),
    ("UTF-16BE", "korean", None),
    ("windows-1252", "french", "ISO-8859-1"),
    ("ISO-8859-1", "german", "windows-1252"),
    ("Shift_JIS", "japanese", None),
    ("EUC-JP", "japanese", None),
    ("GB18030", "simplifiedChinese", None),
    ("Big5", "traditionalChinese", None),
    ("EUC-KR", "korean", None),
    ("KOI8-R", "russian", None),
    ("windows-1251", "russian", None),
]
COMPRESSORS = [("", None), (".gz", "gzip"), (".bz2", "bzip2"), (".xz", "xz"), (".zst", "zstd")]


def texts(header):
    source = open(header, encoding="utf-8").read()
    found = {}
    for name, body in re.findall(r"inline QString (\w+)\(\)\s*\{\s*return (.*?);\s*\}", source, re.S):
        parts = re.findall(r'u"((?:[^"\\]|\\.)*)"', body)
        found[name] = "".join(parts).encode("utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")
    return found


def run(args, data=None):
    return subprocess.run(args, input=data, capture_output=True)


def main():
    bench, header, folder = sys.argv[1], sys.argv[2], sys.argv[3]
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else random.randrange(1 << 30)
    print(f"seed {seed}")
    rng = random.Random(seed)
    if not shutil.which("iconv"):
        print("no iconv: skipped")
        return 0
    os.makedirs(folder, exist_ok=True)
    by_name = texts(header)
    failures = 0
    checked = 0
    for encoding, text_name, also in CASES:
        # With every ASCII sign (iconv reads Shift_JIS's 0x5C and 0x7E as ¥ and ‾).
        lines = by_name[text_name].splitlines() + [r"""C:\logs\app ~/tome [x] {y} | "z" 'q' ^$#@!%&*()_+-=<>?,./;:`"""]
        long_lines = []
        while sum(len(line) for line in long_lines) < 20000 // 3:
            long_lines += rng.sample(lines, len(lines))
        for size, chosen in (("short", lines[:2]), ("long", long_lines)):
            text = "".join(line + "\n" for line in chosen).encode("utf-8")
            made = run(["iconv", "-f", "UTF-8", "-t", encoding], text)
            if made.returncode != 0:
                print(f"iconv cannot write {encoding}: skipped")
                continue
            expected = run(["iconv", "-f", encoding, "-t", "UTF-8"], made.stdout).stdout
            line_count = expected.count(b"\n")
            for suffix, tool in COMPRESSORS:
                data = made.stdout
                if tool:
                    if not shutil.which(tool):
                        continue
                    data = run([tool, "-c"], data).stdout
                path = os.path.join(folder, f"{encoding}-{text_name}-{size}.txt{suffix}")
                with open(path, "wb") as f:
                    f.write(data)
                checked += 1
                index = run([bench, "index", path])
                detected = re.search(rb'"encoding":"([^"]*)"', index.stdout)
                name = detected.group(1).decode() if detected else None
                if index.returncode != 0 or name not in (encoding, also):
                    failures += 1
                    print(f"FAIL {path}: detected {name} ({index.stderr.decode(errors='replace').strip()})")
                    continue
                result = run([bench, "lines", path, "1", str(line_count)])
                if result.returncode != 0 or result.stdout != expected:
                    failures += 1
                    got = result.stdout
                    at = next((i for i in range(min(len(got), len(expected))) if got[i] != expected[i]),
                              min(len(got), len(expected)))
                    print(f"FAIL {path}: lines differ from iconv at byte {at}: got {got[at:at + 40]!r}, "
                          f"iconv {expected[at:at + 40]!r} {result.stderr.decode(errors='replace').strip()}")
    print(f"{checked - failures} of {checked} files detected and decoded as iconv does")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
