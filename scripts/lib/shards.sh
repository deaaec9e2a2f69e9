# shellcheck shell=bash
# Shared by scripts/shard_scan.sh and scripts/spark_scan.sh (sourced, not run):
# their arguments, the corpus listing in a single run's order, and the check
# against a single run.

# shard_args NAME "$@": sets CHECK, CORPUS, OUT, PIECES, GLOSSARY and BIN from
#   [--check] CORPUS_DIR OUT_DIR [PIECES] [GLOSSARY]   (env GLOSSALIGN: the binary).
shard_args() {
  local name=$1; shift
  CHECK=0
  if [ "${1:-}" = --check ]; then CHECK=1; shift; fi
  CORPUS=${1:?corpus folder}
  OUT=${2:?output folder}
  PIECES=${3:-4}
  GLOSSARY=${4:-glossary}
  BIN=${GLOSSALIGN:-glossalign}
  case $PIECES in '' | *[!0-9]* | 0*) echo "$name: the number of pieces must be a positive integer" >&2; exit 2 ;; esac
}

# list_corpus FILE: the files a single `glossalign scan CORPUS` reads, in its
# order (sorted, hidden entries skipped), one per line.
list_corpus() {
  find "$CORPUS" -type f \( -name '*.txt' -o -name '*.md' -o -name '*.markdown' -o -name '*.html' -o -name '*.htm' \) \
    -not -path '*/.*' | LC_ALL=C sort > "$1"
}

# check_single NAME WORK DESCRIPTION: with --check, scan CORPUS in one run
# into WORK/single and compare every report with OUT byte for byte.
check_single() {
  [ "$CHECK" = 1 ] || return 0
  "$BIN" scan "$CORPUS" -g "$GLOSSARY" -o "$2/single" --quiet
  for f in "$2"/single/*; do
    cmp "$f" "$OUT/$(basename "$f")" || { echo "$1: $(basename "$f") differs from a single run" >&2; exit 1; }
  done
  echo "$1: $3 merged; every report is byte-identical to a single run" >&2
}
