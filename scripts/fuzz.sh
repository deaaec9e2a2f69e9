#!/usr/bin/env bash
# Run every fuzz target for a set time and print executions and crashes.
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Needs a nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`).
# Corpora start from seeds/ and glossary/ and grow in fuzz/corpus/ (ignored
# by git); crashes land in fuzz/artifacts/TARGET/. Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-300}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(normalize matcher glossary decode markup fix)
fi
cargo +nightly fuzz build -O >/dev/null
mkdir -p fuzz/logs
printf '%-10s %8s %12s %10s %8s\n' target seconds executions exec/s crashes
for t in "${targets[@]}"; do
    corpus=fuzz/corpus/$t
    mkdir -p "$corpus" "fuzz/artifacts/$t"
    case $t in
        glossary) cp -n glossary/*.csv "$corpus"/ 2>/dev/null || true ;;
        markup | fix)
            cp -n seeds/*.txt tests/cmd/project/web/* "$corpus"/ 2>/dev/null || true ;;
        *) cp -n seeds/*.txt "$corpus"/ 2>/dev/null || true ;;
    esac
    # Whole documents for the decoder; news-article sizes for the matcher,
    # whose every input runs the full pipeline twice.
    case $t in
        matcher | fix) max_len=8192 ;;
        *) max_len=65536 ;;
    esac
    log=fuzz/logs/$t.log
    set +e
    cargo +nightly fuzz run -O "$t" "$corpus" -- \
        -max_total_time="$secs" -max_len="$max_len" -timeout=20 -rss_limit_mb=4096 \
        >"$log" 2>&1
    set -e
    runs=$(grep -Eo 'Done [0-9]+ runs' "$log" | grep -Eo '[0-9]+' | tail -1)
    crashes=$(find "fuzz/artifacts/$t" -type f | wc -l)
    runs=${runs:-0}
    printf '%-10s %8s %12s %10s %8s\n' "$t" "$secs" "$runs" "$((runs / secs))" "$crashes"
done
