#!/usr/bin/env bash
# Two builds of glossalign compared by the instructions they execute
# (valgrind's callgrind), which repeat exactly from run to run whatever else
# the machine is doing: the measure docs/performance.md uses for changes of a
# few per cent, which timings on a shared 2-core machine cannot resolve.
#
#   scripts/instructions.sh OLD NEW GLOSSARY [CORPUS]
#
#   e.g.  git worktree add /tmp/old <commit> && (cd /tmp/old && cargo build --release)
#         scripts/instructions.sh /tmp/old/target/release/glossalign \
#             target/release/glossalign bench/work/g100
#
# Both builds scan CORPUS (default bench/work/corpus-100m/p01/000, 10 MB,
# made by scripts/bench.sh) with `--format jsonl --threads 1 --no-cache`
# (the glossary is loaded from its CSV by both, so the load counts alike),
# side by side under callgrind (about a minute for 10 MB). It prints each
# build's instruction count and NEW/OLD, and compares the two JSON Lines
# outputs byte for byte: a difference is printed and makes the exit status 1.
# The callgrind files are kept in a temporary folder whose name is printed,
# for `callgrind_annotate --inclusive=yes FILE`.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ $# -lt 3 ]; then
  sed -n '2,20p' "$0" >&2
  exit 2
fi
OLD=$1 NEW=$2 GLOSSARY=$3 CORPUS=${4:-bench/work/corpus-100m/p01/000}
if ! command -v valgrind >/dev/null; then
  echo "instructions.sh: valgrind is needed (apt-get install valgrind)" >&2
  exit 2
fi
W=$(mktemp -d)

# count LABEL BINARY: callgrind run into $W/LABEL.*; prints the count.
count() {
  valgrind --tool=callgrind --callgrind-out-file="$W/$1.callgrind" \
    "$2" scan "$CORPUS" -g "$GLOSSARY" --format jsonl --threads 1 --quiet --no-cache \
    >"$W/$1.jsonl" 2>"$W/$1.log"
  awk '/Collected :/ {print $NF}' "$W/$1.log"
}
count old "$OLD" >"$W/old.count" &
count new "$NEW" >"$W/new.count" &
wait
old=$(cat "$W/old.count") new=$(cat "$W/new.count")
echo "old: $old instructions"
echo "new: $new instructions"
awk -v o="$old" -v n="$new" 'BEGIN {printf "new/old %.4f (%+.1f %%)\n", n / o, (n / o - 1) * 100}'
echo "callgrind files: $W/old.callgrind $W/new.callgrind"
if cmp -s "$W/old.jsonl" "$W/new.jsonl"; then
  echo "outputs identical"
else
  echo "OUTPUT DIFFERS: $W/old.jsonl $W/new.jsonl"
  exit 1
fi
