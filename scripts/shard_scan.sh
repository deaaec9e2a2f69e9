#!/usr/bin/env bash
# Scan a corpus in shards with GNU parallel and merge the shards into the
# reports a single run writes (see docs/performance.md, "Beyond one machine").
#
#   scripts/shard_scan.sh CORPUS_DIR OUT_DIR [SHARDS] [GLOSSARY]
#
# The sorted file list is cut into SHARDS contiguous pieces (default 4); each
# piece is one `glossalign scan --format jsonl` job (GNU parallel runs them,
# on this machine or, with --sshlogin, on others); `glossalign report merge`
# combines the JSON Lines files, in shard order, into OUT_DIR. With
# --check, it also runs a single scan and compares every report byte for byte.
set -euo pipefail
CHECK=0
if [ "${1:-}" = --check ]; then CHECK=1; shift; fi
CORPUS=${1:?corpus folder}
OUT=${2:?output folder}
SHARDS=${3:-4}
GLOSSARY=${4:-glossary}
BIN=${GLOSSALIGN:-glossalign}
command -v parallel >/dev/null || { echo "shard_scan.sh: GNU parallel is not installed (apt-get install parallel)" >&2; exit 2; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# The same order as a single run: sorted, folder by folder.
find "$CORPUS" -type f \( -name '*.txt' -o -name '*.md' -o -name '*.markdown' -o -name '*.html' -o -name '*.htm' \) \
  -not -path '*/.*' | LC_ALL=C sort > "$WORK/files"
split -n "l/$SHARDS" -d -a 4 "$WORK/files" "$WORK/shard."
# One job per shard; the job number keeps the shard order.
ls "$WORK"/shard.* | parallel --halt now,fail=1 \
  "xargs -d '\n' $BIN scan --format jsonl --quiet -g '$GLOSSARY' < {} > {}.jsonl"
"$BIN" report merge -g "$GLOSSARY" -o "$OUT" "$WORK"/shard.*.jsonl
if [ "$CHECK" = 1 ]; then
  "$BIN" scan "$CORPUS" -g "$GLOSSARY" -o "$WORK/single" --quiet
  for f in "$WORK"/single/*; do
    cmp "$f" "$OUT/$(basename "$f")" || { echo "shard_scan.sh: $(basename "$f") differs from a single run" >&2; exit 1; }
  done
  echo "shard_scan.sh: $SHARDS shards merged; every report is byte-identical to a single run" >&2
fi
