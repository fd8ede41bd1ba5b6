#!/usr/bin/env bash
# packaging/make-icons.sh
#
# Regenerates the platform icons from resources/tome.svg, the one source of the artwork:
#   resources/tome.ico    Windows (executable and installer), PNG entries 16 to 256 px
#   resources/tome.icns   macOS (application bundle), PNG entries 16 to 1024 px
# Both are checked in so that no platform needs an SVG renderer to build. Run this after changing
# the SVG. Needs rsvg-convert (Debian: librsvg2-bin) and python3.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
svg="$top/resources/tome.svg"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v rsvg-convert >/dev/null || { echo "make-icons: needs rsvg-convert (librsvg2-bin)" >&2; exit 1; }

for size in 16 24 32 48 64 128 256 512 1024; do
    rsvg-convert --width "$size" --height "$size" --keep-aspect-ratio "$svg" -o "$work/$size.png"
done

python3 - "$work" "$top/resources" <<'EOF'
import struct, sys
from pathlib import Path

work, out = Path(sys.argv[1]), Path(sys.argv[2])
png = lambda size: (work / f"{size}.png").read_bytes()

# ICO: a directory of PNG images (Windows Vista and later read PNG entries).
sizes = [16, 24, 32, 48, 64, 256]
header = struct.pack("<HHH", 0, 1, len(sizes))
offset = len(header) + 16 * len(sizes)
entries, blobs = b"", b""
for size in sizes:
    data = png(size)
    dim = 0 if size == 256 else size  # 0 means 256 in an ICO directory entry
    entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(data), offset + len(blobs))
    blobs += data
(out / "tome.ico").write_bytes(header + entries + blobs)

# ICNS: big-endian chunks of (type, length including the 8-byte chunk header, PNG data).
kinds = [("icp4", 16), ("icp5", 32), ("ic11", 32), ("icp6", 64), ("ic12", 64), ("ic07", 128),
         ("ic08", 256), ("ic13", 256), ("ic09", 512), ("ic14", 512), ("ic10", 1024)]
body = b"".join(kind.encode() + struct.pack(">I", 8 + len(png(size))) + png(size) for kind, size in kinds)
(out / "tome.icns").write_bytes(b"icns" + struct.pack(">I", 8 + len(body)) + body)
EOF
echo "make-icons: wrote resources/tome.ico and resources/tome.icns"
