#!/bin/sh
# make run: starts Tome on FILE, or on a generated sample log (about 1 GB, made once).
# With no display it runs the real window under Xvfb, saves a screenshot of the first painted
# screen and prints "screenshot: PATH".
# Usage: packaging/run-tome.sh FILE SAMPLE SCREENSHOT   (FILE may be empty)
set -e
file=$1
sample=$2
screenshot=$3
tome=build/release/app/tome
bench=build/release/tests/bench/tome-bench

if [ -z "$file" ]; then
    if [ ! -s "$sample" ]; then
        echo "run: generating the sample log $sample (about 1 GB, once)"
        mkdir -p "$(dirname "$sample")"
        "$bench" gen "$sample.partial" 1000000000
        mv "$sample.partial" "$sample"
    fi
    file=$sample
fi

if [ -n "${DISPLAY:-}" ] && [ -z "${CI:-}" ]; then
    exec "$tome" "$file"
fi

mkdir -p "$(dirname "$screenshot")"
rm -f "$screenshot"
xvfb-run -a -s "-screen 0 1280x800x24" "$tome" --screenshot "$screenshot" "$file"
echo "screenshot: $(cd "$(dirname "$screenshot")" && pwd)/$(basename "$screenshot")"
