#!/usr/bin/env bash
# Regenerate data/ar_frequent_words.txt from the PyPI package wordfreq (pinned).
# Usage: scripts/build_wordlist.sh            (from anywhere; needs python3 (tested: 3.11), sha256sum and PyPI access)
# Env:   PYTHON=python3.11   N_TARGET=30000
# Deterministic: same pinned wheel (sha256-checked) -> byte-identical output.
set -euo pipefail

WORDFREQ_VERSION=3.1.1
WORDFREQ_WHEEL=wordfreq-${WORDFREQ_VERSION}-py3-none-any.whl
WORDFREQ_WHEEL_SHA256=4b1c6ecffc6198be3396d5cf871c4423ca71c907c231348d352dd54d62b97473
# wordfreq 3.1.1's runtime dependencies, pinned (they are code only; the word data is in the wheel above).
DEPS=(ftfy==6.3.1 langcodes==3.5.1 locate==1.1.1 msgpack==1.2.4 regex==2026.11.15 wcwidth==0.9.4)
N_TARGET=${N_TARGET:-30000}
PYTHON=${PYTHON:-python3}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
out="$root/data/ar_frequent_words.txt"

work=$(mktemp -d "${TMPDIR:-/tmp}/glossalign-wordlist.XXXXXX")
trap 'rm -rf "$work"' EXIT

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
"$PYTHON" -m venv "$work/venv"
pip=("$work/venv/bin/python" -m pip)

"${pip[@]}" download --quiet --no-deps --only-binary=:all: -d "$work/wheels" "wordfreq==${WORDFREQ_VERSION}"
echo "${WORDFREQ_WHEEL_SHA256}  $work/wheels/${WORDFREQ_WHEEL}" | sha256sum -c --quiet -
"${pip[@]}" install --quiet "$work/wheels/${WORDFREQ_WHEEL}" "${DEPS[@]}"

mkdir -p "$root/data"
cmd="scripts/build_wordlist.sh"
[[ "$N_TARGET" == 30000 ]] || cmd="N_TARGET=$N_TARGET $cmd"
"$work/venv/bin/python" "$here/build_wordlist.py" \
  --out "$out" --target "$N_TARGET" \
  --expect-version "$WORDFREQ_VERSION" --wheel-sha256 "$WORDFREQ_WHEEL_SHA256" \
  --command "$cmd"
