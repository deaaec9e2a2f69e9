#!/usr/bin/env bash
# The glossalign benchmark: end-to-end `scan` throughput, glossary load time
# and peak RSS for glossaries of 100, 10,000 and 100,000 entities, against the
# Python baseline (bench/baseline.py) run on the same corpus in the same run.
#
#   scripts/bench.sh                 # 100 MB corpus, 3 runs each, baseline, 2-thread check
#   scripts/bench.sh --big           # also the 1 GB corpus (peak RSS independent of corpus size)
#   scripts/bench.sh --quick         # 20 MB corpus, 1 run: a smoke test of the script
#   scripts/bench.sh --no-baseline   # skip the Python baseline
#   scripts/bench.sh --runs 5
#   scripts/bench.sh --mb 1 --runs 1 --no-baseline   # a smoke test of the script itself
#
# Everything it builds lives in bench/work/ (git-ignored): glossaries, corpora
# (generated deterministically by bench/benchgen.py from the seeds and the
# embedded frequent-word list; no network), the baseline's virtualenv (the only
# download: the pinned packages of bench/requirements.txt from PyPI), scan
# outputs and results-*.md with the table. Medians of --runs runs.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=3
MB=100
BIG=0
BASELINE=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) RUNS="$2"; shift ;;
    --mb) MB="$2"; shift ;;
    --quick) RUNS=1; MB=20 ;;
    --big) BIG=1 ;;
    --no-baseline) BASELINE=0 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
  shift
done

W=bench/work
mkdir -p "$W"
log() { echo "bench: $*" >&2; }

if [ ! -x /usr/bin/time ]; then
  log "installing GNU time (apt-get)"
  (apt-get install -y time >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y time >/dev/null; })
fi

# --- build -------------------------------------------------------------------
log "cargo build --release"
cargo build --release --offline --quiet 2>/dev/null || cargo build --release --quiet
BIN=target/release/glossalign
THREADS_FLAG=()
if "$BIN" scan --help | grep -q -- '--threads'; then THREADS_FLAG=(--threads 1); fi

# --- data --------------------------------------------------------------------
STAMP=$(sha256sum bench/benchgen.py glossary/*.csv seeds/*.txt data/ar_frequent_words.txt | sha256sum | cut -c1-16)
if [ "$(cat "$W/STAMP" 2>/dev/null)" != "$STAMP" ]; then
  log "generator or seeds changed: regenerating data"
  rm -rf "$W"/g100 "$W"/g10k "$W"/g100k "$W"/corpus-*
  echo "$STAMP" > "$W/STAMP"
fi
for spec in 100:g100 10000:g10k 100000:g100k; do
  n=${spec%%:*}; d=$W/${spec##*:}
  [ -f "$d/generated.csv" ] || { log "glossary $d ($n entities)"; python3 bench/benchgen.py glossary --entities "$n" --out "$d"; }
done

# make_corpus DIR MB PARTS: PARTS deterministic parts (seed = part number), two at a time.
make_corpus() {
  local dir=$1 mb=$2 parts=$3
  [ -f "$dir/DONE" ] && return
  rm -rf "$dir"; mkdir -p "$dir"
  log "corpus $dir ($mb MB in $parts parts)"
  local per
  per=$(python3 -c "print($mb / $parts)")
  for ((k = 1; k <= parts; k++)); do
    python3 bench/benchgen.py corpus --mb "$per" --seed "$k" --prefix "p${k}_" --out "$dir/p$(printf %02d "$k")" &
    if (( k % 2 == 0 )); then wait; fi
  done
  wait
  touch "$dir/DONE"
}
CORPUS=$W/corpus-${MB}m
make_corpus "$CORPUS" "$MB" 2
if [ "$BIG" = 1 ]; then make_corpus "$W/corpus-1000m" 1000 20; fi
corpus_bytes() { find "$1" -name '*.txt' -printf '%s\n' | awk '{s += $1} END {print s}'; }
BYTES=$(corpus_bytes "$CORPUS")
FILES=$(find "$CORPUS" -name '*.txt' | wc -l)

# --- baseline venv -----------------------------------------------------------
PY=$W/venv/bin/python
if [ "$BASELINE" = 1 ] && ! "$PY" -c 'import ahocorasick, rapidfuzz, camel_tools.utils.dediac' 2>/dev/null; then
  log "baseline virtualenv (pip, pinned, --no-deps)"
  python3 -m venv "$W/venv"
  "$W/venv/bin/pip" install --quiet --no-deps -r bench/requirements.txt
fi

# --- measurements ------------------------------------------------------------
# timed OUT_PREFIX CMD...: runs CMD under GNU time; prints "wall_seconds max_rss_kb".
timed() {
  local tf; tf=$(mktemp)
  /usr/bin/time -v -o "$tf" "$@" >/dev/null 2>"$W/last-stderr" || { cat "$W/last-stderr" >&2; rm -f "$tf"; return 1; }
  awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; wall = s}
              /Maximum resident set size/ {rss = $2}
              END {printf "%.3f %d\n", wall, rss}' "$tf"
  rm -f "$tf"
}
median() { sort -n | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

EMPTY=$W/empty; mkdir -p "$EMPTY"; : > "$EMPTY/empty.txt"
TIMINGS=()
if "$BIN" scan --help | grep -q -- '--timings'; then TIMINGS=(--timings); fi
# The compiled-glossary cache lives in the work folder, emptied first: each
# glossary's first run below writes it, the others read it (as repeated runs
# on one machine do). Load is measured both ways.
export GLOSSALIGN_CACHE_DIR=$W/cache
rm -rf "$GLOSSALIGN_CACHE_DIR"
NO_CACHE=()
if "$BIN" scan --help | grep -q -- '--no-cache'; then NO_CACHE=(--no-cache); fi
# stage NAME: seconds of a `--timings` stage in the last run's stderr.
stage() { awk -v s="timing: $1" 'index($0, s) == 1 {print $NF == "s" ? $(NF - 1) : $NF}' "$W/last-stderr"; }
RESULTS=$W/results-$(date -u +%Y%m%dT%H%M%SZ).md
{
  echo "# glossalign benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/ {print $2}') GiB RAM; $(rustc --version); load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)."
  echo "Corpus: $CORPUS, $FILES files, $(awk "BEGIN {printf \"%.1f\", $BYTES / 1e6}") MB. Medians of $RUNS run(s). \`scan\` with fuzzy matching on, ${THREADS_FLAG[*]:-(single-threaded build)}."
  echo
  echo "| glossary | load + index, no cache (s) | load + index, cached (s) | writing the cache (s) | scan stage (s) | reports (s) | end to end (s) | MB/s end to end | MB/s scan stage | peak RSS (MB) | JSON Lines (s) | MB/s JSON Lines | mentions | Python (s) | Python MB/s | ratio | ratio JSON Lines |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} > "$RESULTS"

for g in g100 g10k g100k; do
  G=$W/$g
  loads=(); colds=(); walls=(); scans=(); reps=(); jls=(); rss=0
  # Write the cache (a glossary too small to cache writes nothing).
  read -r _ _ < <(timed "$BIN" scan "$EMPTY" -g "$G" --format jsonl --quiet "${THREADS_FLAG[@]}" "${TIMINGS[@]}")
  store="—"
  if grep -q 'glossary cache: miss.*written' "$W/last-stderr"; then store=$(awk '/glossary cache:/ {print $(NF - 1)}' "$W/last-stderr"); fi
  for ((r = 1; r <= RUNS; r++)); do
    read -r cw _ < <(timed "$BIN" scan "$EMPTY" -g "$G" --format jsonl --quiet "${THREADS_FLAG[@]}" "${TIMINGS[@]}" "${NO_CACHE[@]}")
    if [ ${#TIMINGS[@]} -gt 0 ]; then cw=$(awk "BEGIN {print $(stage 'glossary load') + $(stage 'glossary index')}"); fi
    colds+=("$cw")
    read -r lw _ < <(timed "$BIN" scan "$EMPTY" -g "$G" --format jsonl --quiet "${THREADS_FLAG[@]}" "${TIMINGS[@]}")
    if [ ${#TIMINGS[@]} -gt 0 ]; then lw=$(awk "BEGIN {print $(stage 'glossary load') + $(stage 'glossary index')}"); fi
    loads+=("$lw")
    read -r w k < <(timed "$BIN" scan "$CORPUS" -g "$G" -o "$W/out-$g" --quiet "${THREADS_FLAG[@]}" "${TIMINGS[@]}")
    walls+=("$w"); (( k > rss )) && rss=$k
    if [ ${#TIMINGS[@]} -gt 0 ]; then scans+=("$(stage scan)"); reps+=("$(stage reports)"); else scans+=("$w"); reps+=(0); fi
    # The same scan streaming its mentions as JSON Lines, no report.
    read -r jw _ < <(timed "$BIN" scan "$CORPUS" -g "$G" --format jsonl --quiet "${THREADS_FLAG[@]}")
    jls+=("$jw")
    log "$g run $r: load ${cw}s without the cache, ${lw}s with it, scan ${w}s, peak RSS $((k / 1024)) MB, JSON Lines ${jw}s"
  done
  load=$(printf '%s\n' "${loads[@]}" | median)
  cold=$(printf '%s\n' "${colds[@]}" | median)
  wall=$(printf '%s\n' "${walls[@]}" | median)
  scan=$(printf '%s\n' "${scans[@]}" | median)
  rep=$(printf '%s\n' "${reps[@]}" | median)
  jl=$(printf '%s\n' "${jls[@]}" | median)
  jmbps=$(awk "BEGIN {printf \"%.1f\", $BYTES / 1e6 / $jl}")
  mentions=$(($(wc -l < "$W/out-$g/mentions.csv") - 1))
  mbps=$(awk "BEGIN {printf \"%.1f\", $BYTES / 1e6 / $wall}")
  smbps=$(awk "BEGIN {printf \"%.1f\", $BYTES / 1e6 / $scan}")
  py_s="—"; py_mbps="—"; ratio="—"; jratio="—"
  if [ "$BASELINE" = 1 ]; then
    log "$g: Python baseline"
    json=$("$PY" bench/baseline.py --glossary "$G" --corpus "$CORPUS")
    echo "$json" > "$W/baseline-$g.json"
    py_s=$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['seconds'])" "$json")
    py_mbps=$(awk "BEGIN {printf \"%.1f\", $BYTES / 1e6 / $py_s}")
    ratio=$(awk "BEGIN {printf \"%.1f×\", $py_s / $wall}")
    jratio=$(awk "BEGIN {printf \"%.1f×\", $py_s / $jl}")
  fi
  echo "| $g | $cold | $load | $store | $scan | $rep | $wall | $mbps | $smbps | $((rss / 1024)) | $jl | $jmbps | $mentions | $py_s | $py_mbps | $ratio | $jratio |" >> "$RESULTS"
done
if [ "$BASELINE" = 1 ]; then
  { echo; echo "Python baseline stage times (s):"; for g in g100 g10k g100k; do echo "- $g: $(cat "$W/baseline-$g.json")"; done; } >> "$RESULTS"
fi

# --- threads -----------------------------------------------------------------
if "$BIN" scan --help | grep -q -- '--threads'; then
  t1=(); t2=(); s1=(); s2=()
  for ((r = 1; r <= RUNS; r++)); do
    read -r w _ < <(timed "$BIN" scan "$CORPUS" -g "$W/g10k" -o "$W/out-t1" --quiet --threads 1 "${TIMINGS[@]}"); t1+=("$w"); s1+=("$(stage scan)")
    read -r w _ < <(timed "$BIN" scan "$CORPUS" -g "$W/g10k" -o "$W/out-t2" --quiet --threads 2 "${TIMINGS[@]}"); t2+=("$w"); s2+=("$(stage scan)")
  done
  m1=$(printf '%s\n' "${t1[@]}" | median); m2=$(printf '%s\n' "${t2[@]}" | median)
  n1=$(printf '%s\n' "${s1[@]}" | median); n2=$(printf '%s\n' "${s2[@]}" | median)
  same=identical
  for f in "$W"/out-t1/*; do cmp -s "$f" "$W/out-t2/$(basename "$f")" || same=DIFFERENT; done
  {
    echo
    echo "Threads (g10k, $FILES files): end to end 1 thread ${m1} s, 2 threads ${m2} s, speed-up $(awk "BEGIN {printf \"%.2f\", $m1 / $m2}")×; scan stage ${n1} s vs ${n2} s, speed-up $(awk "BEGIN {printf \"%.2f\", $n1 / $n2}")×; reports $same."
  } >> "$RESULTS"
fi

# --- corpus-size independence -------------------------------------------------
# Streaming (--format jsonl) keeps one batch of documents: peak RSS should not grow with the corpus.
if [ "$BIG" = 1 ]; then
  BIGC=$W/corpus-1000m
  BIGB=$(corpus_bytes "$BIGC")
  read -r w1 k1 < <(timed "$BIN" scan "$CORPUS" -g "$W/g100k" --format jsonl --quiet --threads 2)
  read -r w2 k2 < <(timed "$BIN" scan "$BIGC" -g "$W/g100k" --format jsonl --quiet --threads 2)
  # Every report, written while scanning: memory holds the report model.
  read -r w3 k3 < <(timed "$BIN" scan "$CORPUS" -g "$W/g100k" -o "$W/out-big-100m" --quiet --threads 2)
  read -r w4 k4 < <(timed "$BIN" scan "$BIGC" -g "$W/g100k" -o "$W/out-big-1000m" --quiet --threads 2)
  rm -rf "$W/out-big-100m" "$W/out-big-1000m"   # several GB of reports
  {
    echo
    echo "Streaming (\`--format jsonl\`, g100k, 2 threads): $(awk "BEGIN {printf \"%.0f\", $BYTES / 1e6}") MB in ${w1} s, peak RSS $((k1 / 1024)) MB; $(awk "BEGIN {printf \"%.0f\", $BIGB / 1e6}") MB ($(find "$BIGC" -name '*.txt' | wc -l) files) in ${w2} s, peak RSS $((k2 / 1024)) MB."
    echo "Every report (g100k, 2 threads): $(awk "BEGIN {printf \"%.0f\", $BYTES / 1e6}") MB in ${w3} s, peak RSS $((k3 / 1024)) MB; $(awk "BEGIN {printf \"%.0f\", $BIGB / 1e6}") MB in ${w4} s, peak RSS $((k4 / 1024)) MB."
  } >> "$RESULTS"
fi

cat "$RESULTS"
log "results in $RESULTS"
