#!/usr/bin/env bash
# Two builds of glossalign compared on the same work at the same time, one
# per core, so that both see the same state of a noisy machine: the way the
# "side by side" figures of docs/performance.md are measured.
#
#   scripts/side_by_side.sh OLD NEW PAIRS jsonl GLOSSARY [CORPUS]
#   scripts/side_by_side.sh OLD NEW PAIRS reports GLOSSARY [CORPUS]
#
#   e.g.  git worktree add /tmp/old <commit> && (cd /tmp/old && cargo build --release)
#         scripts/side_by_side.sh /tmp/old/target/release/glossalign \
#             target/release/glossalign 3 jsonl bench/work/g10k
#
# Each pair runs OLD and NEW together, each pinned to a core and the two
# swapped (core and start order) from one pair to the next: use an even
# number of pairs (`scan --threads 1 --quiet`, the corpus
# default bench/work/corpus-100m), each with its own compiled-glossary cache
# folder (filled by a first run, so the pairs read it), and prints CPU seconds
# (user + system) and peak RSS from /usr/bin/time, and NEW/OLD. The outputs
# are compared byte for byte: JSON Lines, or all six report files; a
# difference is printed and makes the exit status 1.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 5 ]; then
  sed -n '2,18p' "$0" >&2
  exit 2
fi
OLD=$1 NEW=$2 PAIRS=$3 MODE=$4 GLOSSARY=$5 CORPUS=${6:-bench/work/corpus-100m}
case "$MODE" in jsonl | reports) ;; *) echo "side_by_side.sh: mode is jsonl or reports" >&2; exit 2 ;; esac
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/cache-old" "$W/cache-new" "$W/empty"

# run LABEL BINARY CPU: one scan into $W/LABEL, its time in $W/LABEL.time,
# on core CPU when taskset is there and the machine has two cores or more.
run() {
  local label=$1 bin=$2 pin=()
  if command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then pin=(taskset -c "$3"); fi
  rm -rf "${W:?}/$label"
  mkdir -p "$W/$label"
  if [ "$MODE" = jsonl ]; then
    GLOSSALIGN_CACHE_DIR="$W/cache-$label" /usr/bin/time -o "$W/$label.time" -f "%U %S %M" \
      "${pin[@]}" "$bin" scan "$CORPUS" -g "$GLOSSARY" --format jsonl --threads 1 --quiet >"$W/$label/out.jsonl"
  else
    GLOSSALIGN_CACHE_DIR="$W/cache-$label" /usr/bin/time -o "$W/$label.time" -f "%U %S %M" \
      "${pin[@]}" "$bin" scan "$CORPUS" -g "$GLOSSARY" -o "$W/$label" --threads 1 --quiet
  fi
}

# Fill both caches (a glossary under 1 MiB is not cached: then this is a warm-up).
GLOSSALIGN_CACHE_DIR="$W/cache-old" "$OLD" scan "$W/empty" -g "$GLOSSARY" --format jsonl >/dev/null 2>&1 || true
GLOSSALIGN_CACHE_DIR="$W/cache-new" "$NEW" scan "$W/empty" -g "$GLOSSARY" --format jsonl >/dev/null 2>&1 || true

status=0
for i in $(seq 1 "$PAIRS"); do
  # Odd pairs: OLD on the first core, started first; even pairs: swapped. An
  # A/A check (the same binary twice, old always first, no pinning) measured
  # new/old 0.954-0.985: the slot, not the build, made that difference.
  if [ $((i % 2)) = 1 ]; then
    run old "$OLD" 0 &
    run new "$NEW" 1 &
  else
    run new "$NEW" 0 &
    run old "$OLD" 1 &
  fi
  wait
  if ! diff -rq "$W/old" "$W/new" >/dev/null; then
    echo "pair $i: OUTPUT DIFFERS:" && diff -rq "$W/old" "$W/new" || true
    status=1
  fi
  read -r ou os om <"$W/old.time"
  read -r nu ns nm <"$W/new.time"
  awk -v i="$i" -v ou="$ou" -v os="$os" -v om="$om" -v nu="$nu" -v ns="$ns" -v nm="$nm" 'BEGIN {
    printf "pair %d: old %.2f s CPU, %d MB   new %.2f s CPU, %d MB   new/old %.3f\n",
      i, ou + os, om / 1024, nu + ns, nm / 1024, (nu + ns) / (ou + os) }'
done
exit $status
