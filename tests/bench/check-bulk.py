#!/usr/bin/env python3
"""Checks `tome-bench replace` and `tome-bench keep-lines` on random files and patterns.

usage: check-bulk.py TOME_BENCH FOLDER [COUNT] [SEED]
       check-bulk.py TOME_BENCH FOLDER --sigkill [ROUNDS] [SEED]

replace: against Python's str.replace (literal) and re.sub (regular expressions on which PCRE2
and Python agree), applied to each line's text (a '\\r' before the '\\n' is text, as in search);
the counts against str.count / re.subn. keep-lines: against grep and grep -v (-F or -P, -i, -w).
Every line that stays keeps its ending exactly ('\\n', '\\r\\n', none at the end).

--sigkill: runs `tome-bench replace` on a file of tens of megabytes and kills it (SIGKILL) at
random moments; the file must always be byte for byte the old one or the new one, and the next
open (`tome-bench open`) must leave no hidden file of the killed run beside it.
"""
import hashlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import time

WORDS = ["alpha", "beta", "ERROR", "error", "castaña", "CASTAÑA", "x-y", "42", "foo_bar", "é", "a", "aa",
         "timeout=1", "user=7", "€", "\t", "Straße"]

# (PCRE2 pattern, Python pattern, PCRE2 replacement, Python replacement)
REGEXES = [
    (r"[0-9]+", r"[0-9]+", "<$0>", r"<\g<0>>"),
    (r"(\w+)-(\w+)", r"(\w+)-(\w+)", "$2-$1", r"\2-\1"),
    (r"a.", r"a.", "${0}!", r"\g<0>!"),
    (r"^\w+", r"^\w+", "START", "START"),
    (r"(?P<w>ñ|é)", r"(?P<w>ñ|é)", "(${w})", r"(\g<w>)"),
    (r"o*", r"o*", "-", "-"),
    (r"\s+", r"\s+", " ", " "),
    (r"(x)?-", r"(x)?-", "[$1]", r"[\1]"),
    (r"timeout=(\d)", r"timeout=(\d)", "deadline=$1$$", r"deadline=\1$"),
]


def lines_of(data):
    """(text, ending) per line: split at b'\\n'; no empty last line after a final '\\n'."""
    out = []
    at = 0
    while at < len(data):
        end = data.find(b"\n", at)
        if end < 0:
            out.append((data[at:], b""))
            break
        out.append((data[at:end], b"\n"))
        at = end + 1
    return out


def random_file(rng):
    lines = []
    for i in range(rng.randrange(0, 60)):
        words = [rng.choice(WORDS) for _ in range(rng.randrange(0, 7))]
        text = " ".join(words)
        ending = "\r\n" if rng.random() < 0.2 else "\n"
        lines.append(text + ending)
    data = "".join(lines)
    if data and rng.random() < 0.4:
        data = data.rstrip("\n")
    return data.encode()


def run(bench, *args):
    return subprocess.run([bench, *args], capture_output=True)


def check_replace(bench, path, rng):
    data = random_file(rng)
    flags = []
    if rng.random() < 0.5:
        pcre, pattern, pcre_repl, py_repl = rng.choice(REGEXES)
        regex = re.compile(pattern, re.IGNORECASE if rng.random() < 0.3 else 0)
        if regex.flags & re.IGNORECASE:
            flags.append("--ignore-case")
        flags.append("--regex")
        sub = lambda text: regex.subn(py_repl, text)
    else:
        pcre = rng.choice(WORDS)
        if rng.random() < 0.3 and len(pcre) > 1:
            pcre = pcre[1:]
        pcre_repl = rng.choice(["", "Z", "longer text", "ñ", "$1", "a"])
        sub = lambda text: (text.replace(pcre, pcre_repl), text.count(pcre))
    expected = b""
    replacements = 0
    changed = 0
    for text, ending in lines_of(data):
        new, count = sub(text.decode())
        expected += new.encode() + ending
        replacements += count
        changed += 1 if count else 0
    with open(path, "wb") as f:
        f.write(data)
    result = run(bench, "replace", path, pcre, pcre_repl, *flags)
    with open(path, "rb") as f:
        got = f.read()
    if result.returncode != 0:
        return f"replace {pcre!r} -> {pcre_repl!r} {flags}: exit {result.returncode}: {result.stderr.decode()}"
    report = json.loads(result.stdout)
    if got != expected:
        return f"replace {pcre!r} -> {pcre_repl!r} {flags} on {data!r}:\n got {got!r}\nwant {expected!r}"
    if report["replacements"] != replacements or report["lines_changed"] != changed:
        return f"replace {pcre!r} {flags}: counts {report}, want {replacements} on {changed} lines"
    return None


def check_keep(bench, path, rng):
    data = random_file(rng)
    regex = rng.random() < 0.4
    # grep -P's \w may be ASCII only (PCRE2 without UCP), search's is Unicode: no \w here.
    pattern = rng.choice([r"^[a-z]+ [a-z]", r"[0-9]", r"a.a", r"ñ|é", r"^$", r"error$"]) if regex else rng.choice(WORDS)
    flags = ["--regex"] if regex else []
    grep = ["grep", "-a", "-P" if regex else "-F"]
    if rng.random() < 0.3:
        flags.append("--ignore-case")
        grep.append("-i")
    if not regex and rng.random() < 0.3:
        flags.append("--word")
        grep.append("-w")
    invert = rng.random() < 0.5
    if invert:
        flags.append("--invert")
        grep.append("-v")
    with open(path, "wb") as f:
        f.write(data)
    env = dict(os.environ, LC_ALL="C.UTF-8")
    grepped = subprocess.run(grep + ["-e", pattern, path], capture_output=True, env=env).stdout
    result = run(bench, "keep-lines", path, pattern, *flags)
    with open(path, "rb") as f:
        got = f.read()
    if result.returncode != 0:
        return f"keep-lines {pattern!r} {flags}: exit {result.returncode}: {result.stderr.decode()}"
    report = json.loads(result.stdout)
    # grep ends every line it prints with '\n'; the file keeps each line's own ending. Lines of the
    # same text match alike, so grep's lines name the lines that stay.
    want_lines = grepped.split(b"\n")[:-1] if grepped else []
    chosen = set(want_lines)
    expected = b"".join(text + ending for text, ending in lines_of(data) if text in chosen)
    if [text for text, _ in lines_of(expected)] != want_lines:
        return f"keep-lines {pattern!r} {flags}: the reference disagrees with grep on {data!r}"
    if got != expected:
        return f"keep-lines {pattern!r} {flags} on {data!r}:\n got {got!r}\nwant {expected!r} (grep {grepped!r})"
    if report["kept_lines"] != len(want_lines):
        return f"keep-lines {pattern!r} {flags}: kept_lines {report['kept_lines']}, grep {len(want_lines)}"
    return None


def digest(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def check_sigkill(bench, folder, rounds, rng):
    path = os.path.join(folder, "bulk-kill.log")
    old = b"".join(b"%d GET /api/item?id=%d user=%d took %dms word\n" % (i, i * 7, i % 97, i % 500)
                   for i in range(600000))
    new = old.replace(b"word", b"a longer phrase")
    with open(path, "wb") as f:
        f.write(old)
    start = time.monotonic()
    result = run(bench, "replace", path, "word", "a longer phrase")
    full = time.monotonic() - start
    if result.returncode != 0 or digest(path) != hashlib.sha256(new).hexdigest():
        print(f"the uninterrupted replace failed: {result.stderr.decode()}")
        return 1
    print(f"{len(old)} bytes, one replace {full * 1000:.0f} ms")
    want = {hashlib.sha256(old).hexdigest(): "old", hashlib.sha256(new).hexdigest(): "new"}
    seen = {"old": 0, "new": 0}
    failures = 0
    for round_ in range(rounds):
        with open(path, "wb") as f:
            f.write(old)
        delay = rng.uniform(0, full * 1.5)
        child = subprocess.Popen([bench, "replace", path, "word", "a longer phrase"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        child.wait()
        state = want.get(digest(path))
        if state is None:
            failures += 1
            print(f"round {round_}: killed after {delay * 1000:.0f} ms, the file is neither old nor new "
                  f"({os.path.getsize(path)} bytes)")
            continue
        seen[state] += 1
        run(bench, "open", path)  # the next open removes what the killed run left
        left = [name for name in os.listdir(folder) if name.startswith(".")]
        if left:
            failures += 1
            print(f"round {round_}: left after the next open: {left}")
            for name in left:
                os.remove(os.path.join(folder, name))
    print(f"old {seen['old']} times, new {seen['new']} times, {failures} failures")
    os.remove(path)
    return 1 if failures else 0


def main():
    bench, folder = sys.argv[1], sys.argv[2]
    if len(sys.argv) > 3 and sys.argv[3] == "--sigkill":
        rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 20
        seed = int(sys.argv[5]) if len(sys.argv) > 5 else random.randrange(1 << 30)
        print(f"seed {seed}")
        os.makedirs(folder, exist_ok=True)
        return check_sigkill(bench, folder, rounds, random.Random(seed))
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else random.randrange(1 << 30)
    print(f"seed {seed}")
    rng = random.Random(seed)
    os.makedirs(folder, exist_ok=True)
    path = os.path.join(folder, "bulk-check.txt")
    failures = 0
    for case in range(count):
        for check in (check_replace, check_keep):
            problem = check(bench, path, rng)
            if problem:
                failures += 1
                print(f"case {case}: {problem}")
    print(f"{2 * count - failures} of {2 * count} passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
