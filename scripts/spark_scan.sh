#!/usr/bin/env bash
# Scan a corpus with Apache Spark (PySpark, local[2]) and merge the partitions
# into the reports a single run writes (docs/performance.md, "Beyond one
# machine"; scripts/shard_scan.sh is the GNU parallel version).
#
#   scripts/spark_scan.sh [--check] CORPUS_DIR OUT_DIR [PARTITIONS] [GLOSSARY]
#
# The sorted file list goes to sc.parallelize(paths, PARTITIONS) (contiguous
# partitions, default 4); rdd.pipe runs `xargs -r -d '\n' glossalign scan
# --format jsonl --quiet -g GLOSSARY` on each partition's paths;
# saveAsTextFile writes part-00000, part-00001, …; `glossalign report merge`
# combines them, in partition order, into OUT_DIR. With --check, it also runs
# a single scan and compares every report byte for byte (exit 1 on a
# difference).
#
# Needs java (Spark 3.5: 8, 11 or 17; tested with 17), python3 with venv
# (tested: 3.11) and PyPI access the first time: pyspark (pinned, hash-checked;
# a 317 MB download) is installed once into bench/work/spark-venv.
# Env: GLOSSALIGN (binary, default `glossalign` on PATH), PYTHON (for the
# virtualenv, default python3), SPARK_DRIVER_MEMORY (default 512m).
# Spark's own log goes to a temporary file, shown (shortened) only on failure.
set -euo pipefail
# shellcheck source=scripts/lib/shards.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/shards.sh"
shard_args spark_scan.sh "$@"
PARTITIONS=$PIECES
PYTHON=${PYTHON:-python3}
MEMORY=${SPARK_DRIVER_MEMORY:-512m}
command -v java >/dev/null || { echo "spark_scan.sh: java is not installed (Spark 3.5 needs Java 8, 11 or 17)" >&2; exit 2; }
# rdd.pipe runs in Spark's Python workers: give them an absolute path.
BIN_PATH=$(command -v "$BIN") || { echo "spark_scan.sh: $BIN not found (set GLOSSALIGN)" >&2; exit 2; }
BIN_PATH=$(readlink -f "$BIN_PATH")
BIN=$BIN_PATH

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
VENV=$root/bench/work/spark-venv
# Pinned with the sha256 of the files on PyPI (pip checks them).
REQUIREMENTS='pyspark==3.5.3 --hash=sha256:68b7cc0c0c570a7d8644f49f40d2da8709b01d30c9126cc8cf93b4f84f3d9747
py4j==0.10.9.7 --hash=sha256:85defdfd2b2376eb3abf5ca6474b51ab7e0de341c75a02f46dc9b5976f5a5c1b --hash=sha256:0b6e5315bb3ada5cf62ac651d107bb2ebc02def3dee9d9548e3baac644ea8dbb'
# requirements.txt is written last: it marks a complete install of these pins.
if [ "$(cat "$VENV/requirements.txt" 2>/dev/null)" != "$REQUIREMENTS" ] \
  || ! "$VENV/bin/python" -c 'import pyspark' 2>/dev/null; then
  echo "spark_scan.sh: installing pyspark 3.5.3 into $VENV (once; a 317 MB download from PyPI)" >&2
  rm -rf "$VENV"
  mkdir -p "$(dirname "$VENV")"
  "$PYTHON" -m venv "$VENV"
  printf '%s\n' "$REQUIREMENTS" > "$VENV/requirements.pinned"
  PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 \
    "$VENV/bin/python" -m pip install --quiet --require-hashes -r "$VENV/requirements.pinned"
  mv "$VENV/requirements.pinned" "$VENV/requirements.txt"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/glossalign-spark.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
list_corpus "$WORK/files"

# This venv's pyspark and Python, whatever the environment says; Spark on the loopback
# address, its scratch space in the work folder.
unset SPARK_HOME PYSPARK_SUBMIT_ARGS PYSPARK_DRIVER_PYTHON
export PYSPARK_PYTHON=$VENV/bin/python SPARK_LOCAL_IP=${SPARK_LOCAL_IP:-127.0.0.1} SPARK_LOCAL_DIRS=$WORK/spark-local
if ! "$VENV/bin/python" "$here/spark_scan.py" --files "$WORK/files" --partitions "$PARTITIONS" \
  --bin "$BIN_PATH" --glossary "$GLOSSARY" --parts "$WORK/parts" --list "$WORK/parts.list" \
  --memory "$MEMORY" > "$WORK/summary" 2> "$WORK/spark.log"; then
  LOG=$(mktemp "${TMPDIR:-/tmp}/glossalign-spark-log.XXXXXX")
  cp "$WORK/spark.log" "$LOG"
  echo "spark_scan.sh: the Spark job failed (full log: $LOG)" >&2
  # glossalign's own messages, then the failed command (or Spark's last error lines).
  grep -E '^(glossalign|spark_scan\.py): ' "$LOG" | awk '!seen[$0]++' | head -n 20 >&2 || true
  grep -m1 PIPE_FUNCTION_EXITED "$LOG" >&2 \
    || grep -v -E '^[[:space:]]+(at |\.\.\. [0-9]+ more)' "$LOG" | grep -E 'Error|Exception' | awk '!seen[$0]++' | tail -n 3 >&2 || true
  exit 1
fi
cat "$WORK/summary" >&2
mapfile -t PARTS < "$WORK/parts.list"
"$BIN_PATH" report merge -g "$GLOSSARY" -o "$OUT" "${PARTS[@]}"
check_single spark_scan.sh "$WORK" "$PARTITIONS partitions"
