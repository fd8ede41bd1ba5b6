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

echo
echo "== search results pane: ERROR (on about 1 line in 6) through the real find bar (offscreen)"
result=$("$build/tests/bench/tome-viewbench" "$big" --search ERROR 2>/dev/null)
echo "  $result"
printf '  all rows %.0f ms after the final count (aim <= 1000), idle CPU %.1f ms/s (aim <= 20)\n' \
    "$(calc "$(echo "$result" | field all_rows_ms) - $(echo "$result" | field search_ms)")" \
    "$(echo "$result" | field idle_cpu_ms_per_s)"

echo
echo "== append and follow (on a copy of $(basename "$big"); the sample itself is never modified)"
copy=$cache/bench-append-copy.log
start=$(now)
cp "$big" "$copy"
cp_seconds=$(calc "$(now) - $start")
best=""
for run in 1 2 3 4 5; do
    ms=$("$bench" append "$copy" "appended line $run" | field ms)
    if [ -z "$best" ] || less "$ms" "$best"; then best=$ms; fi
done
printf '  append one line until indexed %8.3f ms best of 5 (aim <= 20; cp of the file took %.2f s)\n' "$best" "$cp_seconds"
# Growth-to-shown latency: time from an append by another program to the follower's event line.
stamp() { while IFS= read -r line; do echo "$(now) $line"; done; }
events=$cache/bench-follow-events.txt
"$bench" follow "$copy" --seconds 12 | stamp >"$events" &
follower=$!
sleep 5 # the follower indexes the copy first
worst=0
for run in 1 2 3 4 5; do
    before=$(now)
    echo "written by another program $run" >>"$copy"
    sleep 1
    seen=$(grep '"grew"' "$events" | sed -n "${run}p" | cut -d' ' -f1)
    if [ -n "$seen" ]; then
        latency=$(calc "($seen - $before) * 1000")
        echo "  growth $run shown after ${latency} ms"
        if less "$worst" "$latency"; then worst=$latency; fi
    else
        echo "  growth $run: no event seen within 1 s"
    fi
done
wait "$follower"
printf '  follower growth-to-shown worst of 5 %.1f ms (aim < 250); final: %s\n' "$worst" "$(tail -n 1 "$events" | cut -d' ' -f2-)"
rm -f "$copy" "$events"

echo
echo "== search, $(basename "$big") (in page cache, best of 3; same matching-line count as rg -c)"
search_case() { # LABEL RG_ARGS... -- TOME_ARGS...
    label=$1; shift
    rg_args=""; while [ "$1" != "--" ]; do rg_args="$rg_args $1"; shift; done; shift
    best_rg=""; best_tome=""; rg_count=""; tome_count=""
    for run in 1 2 3; do
        start=$(now)
        # shellcheck disable=SC2086
        rg_count=$(rg -c $rg_args "$big" || echo 0)
        rg_seconds=$(calc "$(now) - $start")
        result=$("$bench" search "$big" "$@")
        tome_seconds=$(echo "$result" | field seconds)
        tome_count=$(echo "$result" | field matching_lines)
        if [ -z "$best_rg" ] || less "$rg_seconds" "$best_rg"; then best_rg=$rg_seconds; fi
        if [ -z "$best_tome" ] || less "$tome_seconds" "$best_tome"; then best_tome=$tome_seconds; fi
    done
    printf '  %-24s rg -c %7.3f s  tome %7.3f s  ratio %.2fx (aim <= 1.0)  lines %s/%s\n' "$label" "$best_rg" \
        "$best_tome" "$(calc "$best_tome / $best_rg")" "$tome_count" "$rg_count"
}
search_case "rare literal" -F user=27844 -- user=27844
search_case "regex ERROR.*timeout" 'ERROR.*timeout' -- 'ERROR.*timeout' --regex
search_case "ignore-case CASTAÑA" -i -F CASTAÑA -- CASTAÑA --ignore-case
printf '  first match (in the first MB) shown after %s ms (aim <= 50)\n' \
    "$("$bench" search "$big" ERROR --first-match | field first_match_ms)"

echo
echo "== edit (on a copy of $(basename "$big"); the sample itself is never modified)"
copy=$cache/bench-edit-copy.log
reference=$cache/bench-edit-cp.log
cp "$big" "$copy"
sync "$copy"
middle=$((lines / 2))
text=$("$bench" lines "$copy" "$middle" 1)
upper=$(printf '%s' "$text" | tr 'a-z' 'A-Z')
best=""
for run in 1 2 3 4 5; do
    for replacement in "$upper" "$text"; do
        ms=$("$bench" edit "$copy" "$middle" "$replacement" | field ms)
        if [ -z "$best" ] || less "$ms" "$best"; then best=$ms; fi
    done
done
printf '  same-length edit of line %d, flushed    %8.3f ms best of 10 (aim <= 5; a fresh process: journal created + 2 fdatasyncs)\n' \
    "$middle" "$best"
last_text=$("$bench" lines "$copy" "$lines" 1)
best_cp=""
best_edit=""
for run in 1 2 3; do
    start=$(now)
    cp "$big" "$reference"
    sync "$reference"
    cp_seconds=$(calc "$(now) - $start")
    rm -f "$reference"
    if [ -z "$best_cp" ] || less "$cp_seconds" "$best_cp"; then best_cp=$cp_seconds; fi
    for replacement in "$last_text inserted" "$last_text"; do
        seconds=$(calc "$("$bench" edit "$copy" "$lines" "$replacement" | field ms) / 1000")
        if [ -z "$best_edit" ] || less "$seconds" "$best_edit"; then best_edit=$seconds; fi
    done
done
cmp -s "$copy" "$big" && same=identical || same=DIFFERENT
printf '  cp + fsync of the file                  %8.3f s best of 3\n' "$best_cp"
printf '  length-changing edit (rewrite)          %8.3f s best of 6   ratio %.2fx cp (aim <= 1.5)\n' \
    "$best_edit" "$(calc "$best_edit / $best_cp")"
echo "  after the edits and their inverses the copy is $same to the sample"
rm -f "$copy"
