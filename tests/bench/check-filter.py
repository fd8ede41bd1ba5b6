#!/usr/bin/env python3
"""Checks `tome-bench filter` against grep on random files and patterns.

usage: check-filter.py TOME_BENCH FOLDER [COUNT] [SEED]

Each case is a random file (some '\\r\\n' endings, maybe no final '\\n') and one to three show and/or
hide patterns, all literal (grep -F) or all regular expressions (grep -P), maybe ignoring case (-i)
or whole words (-w, literals only). grep -n gives the lines each pattern matches; a line is shown
when it matches a show pattern (or there is none) and no hide pattern, as in
`grep -e S1 -e S2 | grep -v -e H1`. With one show pattern and no hide, shown_lines must also be
`grep -c`. shown_lines and first_shown (the first 100 shown line numbers, 1-based) must agree.
"""
import json
import os
import random
import subprocess
import sys

WORDS = ["alpha", "beta", "ERROR", "error", "Error", "castaña", "CASTAÑA", "x-y", "42", "foo_bar", "é",
         "a", "aa", "timeout=1", "user=7", "€", "\t", "Straße", "WARN", ""]
# grep -P's \w may be ASCII only (PCRE2 without UCP) where search's is Unicode: no \w, \b here.
REGEXES = [r"^[a-z]+ [a-z]", r"[0-9]", r"a.a", r"ñ|é", r"^$", r"error$", r"ERR(OR)?", r"^\S+$",
           r"t[a-z]*=\d", r"(alpha|beta) (alpha|beta)"]
GREP_ENV = dict(os.environ, LC_ALL="C.UTF-8")


def random_file(rng):
    lines = []
    # Sometimes more lines than first_shown lists, so that its cut is checked too.
    for _ in range(rng.choice([rng.randrange(0, 40), rng.randrange(100, 400)])):
        text = " ".join(rng.choice(WORDS) for _ in range(rng.randrange(0, 6)))
        lines.append(text + ("\r\n" if rng.random() < 0.2 else "\n"))
    data = "".join(lines)
    if data and rng.random() < 0.4:
        data = data.rstrip("\n")
    return data.encode()


def grep_lines(path, pattern, grep_flags):
    """The 1-based numbers of the lines grep finds for one pattern."""
    out = subprocess.run(["grep", "-a", "-n", *grep_flags, "-e", pattern, path], capture_output=True,
                         env=GREP_ENV)
    if out.returncode not in (0, 1):
        raise RuntimeError(f"grep {grep_flags} {pattern!r}: {out.stderr.decode()}")
    return {int(line.split(b":", 1)[0]) for line in out.stdout.splitlines()}


def line_count(data):
    return data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)


def check(bench, path, rng):
    data = random_file(rng)
    with open(path, "wb") as f:
        f.write(data)
    regex = rng.random() < 0.4
    grep_flags = ["-P" if regex else "-F"]
    flags = ["--regex"] if regex else []
    if rng.random() < 0.3:
        flags.append("--ignore-case")
        grep_flags.append("-i")
    if not regex and rng.random() < 0.3:
        flags.append("--word")
        grep_flags.append("-w")
    pick = (lambda: rng.choice(REGEXES)) if regex else (lambda: rng.choice([w for w in WORDS if w]))
    shows = [pick() for _ in range(rng.choice([0, 1, 1, 2, 3]))]
    hides = [pick() for _ in range(rng.choice([0, 0, 1, 2]) if shows else rng.choice([1, 2]))]

    everything = set(range(1, line_count(data) + 1))
    shown = set().union(*(grep_lines(path, p, grep_flags) for p in shows)) if shows else everything
    for p in hides:
        shown -= grep_lines(path, p, grep_flags)
    expected = sorted(shown)

    args = [bench, "filter", path]
    for p in shows:
        args += ["--show", p]
    for p in hides:
        args += ["--hide", p]
    result = subprocess.run(args + flags, capture_output=True)
    what = f"show {shows} hide {hides} {flags}"
    if result.returncode != 0:
        return f"{what}: exit {result.returncode}: {result.stderr.decode()}"
    report = json.loads(result.stdout)
    if report["shown_lines"] != len(expected) or report["first_shown"] != expected[:100]:
        return (f"{what} on {data[:2000]!r}:\n got {report['shown_lines']} {report['first_shown']}\n"
                f"want {len(expected)} {expected[:100]}")
    if len(shows) == 1 and not hides:
        counted = subprocess.run(["grep", "-a", "-c", *grep_flags, "-e", shows[0], path], capture_output=True,
                                 env=GREP_ENV)
        if int(counted.stdout or b"0") != report["shown_lines"]:
            return f"{what}: shown_lines {report['shown_lines']}, grep -c {counted.stdout!r}"
    if report["set_bytes"] > 4 * max(len(expected), 1) + 4096:
        return f"{what}: set_bytes {report['set_bytes']} for {len(expected)} lines"
    return None


def main():
    bench, folder = sys.argv[1], sys.argv[2]
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 200
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else random.randrange(1 << 30)
    print(f"seed {seed}")
    rng = random.Random(seed)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "filter-check.txt")
    failures = 0
    for case in range(count):
        problem = check(bench, path, rng)
        if problem:
            failures += 1
            print(f"case {case}: {problem}")
    print(f"{count - failures} of {count} passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
