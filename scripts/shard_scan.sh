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
# shellcheck source=scripts/lib/shards.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/shards.sh"
shard_args shard_scan.sh "$@"
SHARDS=$PIECES
command -v parallel >/dev/null || { echo "shard_scan.sh: GNU parallel is not installed (apt-get install parallel)" >&2; exit 2; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
list_corpus "$WORK/files"
split -n "l/$SHARDS" -d -a 4 "$WORK/files" "$WORK/shard."
# One job per shard; the job number keeps the shard order. (xargs -r: an
# empty shard, when there are more shards than files, must not run
# `glossalign scan` with no path, which scans seeds/.)
ls "$WORK"/shard.* | parallel --halt now,fail=1 \
  "xargs -r -d '\n' $BIN scan --format jsonl --quiet -g '$GLOSSARY' < {} > {}.jsonl"
"$BIN" report merge -g "$GLOSSARY" -o "$OUT" "$WORK"/shard.*.jsonl
check_single shard_scan.sh "$WORK" "$SHARDS shards"
