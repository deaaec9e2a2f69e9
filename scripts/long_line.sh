#!/usr/bin/env bash
# Measure a scan of one huge single-line document (issue 5): time and peak
# memory of `glossalign scan` on a generated line of SIZE_MB megabytes.
#
#   scripts/long_line.sh [SIZE_MB] [punct|nopunct]
#
# `punct`: the seed articles' words and punctuation run together on one line
# (what a PDF pasted as text or a minified export looks like). `nopunct`: the
# same words with every punctuation mark removed, so the matcher can never
# cut the line into segments (the worst case for memory).
# Needs a release build (`cargo build --release`) and GNU time.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-200}
kind=${2:-punct}
work=${TMPDIR:-/tmp}/glossalign-long-line
mkdir -p "$work"
file=$work/line-${size_mb}mb-$kind.txt
python3 - "$file" "$size_mb" "$kind" <<'PY'
import re, sys, glob
path, size, kind = sys.argv[1], int(sys.argv[2]) * 1_000_000, sys.argv[3]
text = " ".join(open(p, encoding="utf-8").read() for p in sorted(glob.glob("seeds/*.txt")))
text = re.sub(r"\s+", " ", text)
if kind == "nopunct":
    text = re.sub(r"[^\w\s\u0600-\u06FF-]", "", text)
    text = re.sub(r"[\u060C\u061B\u061F\u06D4]", "", text)
unit = (text.strip() + " ").encode("utf-8")
with open(path, "wb") as f:
    written = 0
    while written + len(unit) <= size:
        f.write(unit)
        written += len(unit)
    rest = size - written
    tail = unit[:rest].decode("utf-8", "ignore").encode("utf-8")
    f.write(tail + b" " * (rest - len(tail)))
PY
bytes=$(stat -c %s "$file")
lines=$(wc -l <"$file")
echo "input: $file ($bytes bytes, $lines newline(s))"
/usr/bin/time -v target/release/glossalign scan -q "$file" --out "$work/out" 2>"$work/time.txt" || true
grep -E "Elapsed|User time|Maximum resident|Exit status" "$work/time.txt"
echo "mentions: $(($(wc -l <"$work/out/mentions.csv") - 1))"
