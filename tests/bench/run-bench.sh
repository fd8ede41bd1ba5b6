#!/bin/sh
# make bench: measures indexing and opening on generated logs, against `wc -l`.
# Usage: tests/bench/run-bench.sh BUILD_DIR SAMPLE_FILE
# The logs are generated once (deterministically) next to SAMPLE_FILE, under .tome-cache/.
set -eu
build=${1:?usage: run-bench.sh BUILD_DIR SAMPLE_FILE}
sample=${2:?usage: run-bench.sh BUILD_DIR SAMPLE_FILE}
bench=$build/tests/bench/tome-bench
cache=$(dirname "$sample")
big=$cache/bench-2g.log
small=$cache/bench-10m.log
big_bytes=2000000000
small_bytes=10000000

[ -x "$bench" ] || { echo "run-bench: $bench is missing; build first" >&2; exit 1; }
mkdir -p "$cache"
for pair in "$small:$small_bytes" "$big:$big_bytes"; do
    file=${pair%:*}
    bytes=${pair##*:}
    if [ ! -f "$file" ] || [ "$(wc -c <"$file")" -ne "$bytes" ]; then
        echo "generating $file ($bytes bytes, once)"
        "$bench" gen "$file" "$bytes"
    fi
done

now() { date +%s.%N; }
calc() { awk "BEGIN { print $1 }"; }
less() { awk "BEGIN { exit !($1 < $2) }"; }
field() { sed -n "s/.*\"$1\":\([0-9.]*\).*/\1/p"; }

echo "warming the page cache"
cat "$big" >/dev/null
cat "$small" >/dev/null

best_wc=""
best_index=""
for run in 1 2 3; do
    start=$(now)
    wc_lines=$(wc -l <"$big")
    wc_seconds=$(calc "$(now) - $start")
    result=$("$bench" index "$big")
    index_seconds=$(echo "$result" | field seconds)
    echo "run $run: wc -l ${wc_seconds}s ($wc_lines newlines)  tome-bench index $result"
    if [ -z "$best_wc" ] || less "$wc_seconds" "$best_wc"; then best_wc=$wc_seconds; fi
    if [ -z "$best_index" ] || less "$index_seconds" "$best_index"; then
        best_index=$index_seconds
        best_result=$result
    fi
done
lines=$(echo "$best_result" | field lines)
index_bytes=$(echo "$best_result" | field index_bytes)

echo
echo "== index, $(basename "$big") ($big_bytes bytes, in page cache, best of 3)"
printf '  wc -l            %8.3f s\n' "$best_wc"
printf '  tome-bench index %8.3f s   ratio %.2fx wc -l (aim <= 0.5)\n' "$best_index" \
    "$(calc "$best_index / $best_wc")"
printf '  index memory     %d bytes for %d lines = %.4f bytes/line (aim <= 1)\n' "$index_bytes" "$lines" \
    "$(calc "$index_bytes / $lines")"

echo
echo "== first screen (open until 100 lines decoded, best of 5)"
for file in "$small" "$big"; do
    best=""
    for run in 1 2 3 4 5; do
        ms=$("$bench" open "$file" | field first_screen_ms)
        if [ -z "$best" ] || less "$ms" "$best"; then best=$ms; fi
    done
    printf '  %-16s %8.2f ms (aim <= 50)\n' "$(basename "$file")" "$best"
done

echo
echo "== view: jump to a random line and paint; PgDn and paint (real main window, offscreen, highlighting on)"
echo "  $("$build/tests/bench/tome-viewbench" "$big" 2>/dev/null) (aim: jump <= 16 ms)"
