#!/usr/bin/env bash
# Check reports/consistency.html in a real browser (issue 7).
#
# Scans the shipped seeds into a temporary folder, opens the HTML report in
# headless Chromium, and
#   1. dumps the DOM after the page's script ran and checks that every entity
#      of consistency.json has its section with one bar per spelling (right
#      status and count), every inconsistent document its section and rows,
#      and that the filter box came alive;
#   2. takes a 1280x2000 screenshot and checks it is not blank (size and number
#      of distinct colours).
#
# Usage: scripts/check_html_report.sh [SCREENSHOT]
#   SCREENSHOT defaults to docs/consistency-report.png (the committed one).
# Installs Debian's chromium (and Arabic fonts, so the screenshot shows real
# glyphs) with apt-get when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
shot="${1:-docs/consistency-report.png}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if ! { command -v fc-list >/dev/null 2>&1 && fc-list :lang=ar family | grep -q "Noto Sans Arabic"; }; then
  need+=(fonts-noto-core)
fi
if ((${#need[@]})); then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "== installing ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

echo "== glossalign scan (seeds -> $work/reports)"
cargo run --quiet -- scan --quiet --out "$work/reports"
page="file://$work/reports/consistency.html"

chrome() {
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-quic --no-first-run --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$work")" "$@" 2>>"$work/chromium.log"
}

echo "== chromium --dump-dom"
chrome --dump-dom "$page" >"$work/dom.html"

echo "== chromium --screenshot=$shot"
mkdir -p "$(dirname "$shot")"
chrome --hide-scrollbars --window-size=1280,2000 --screenshot="$shot" "$page" >/dev/null

python3 - "$work/reports/consistency.json" "$work/dom.html" "$shot" <<'PY'
import json, struct, sys, zlib
from html.parser import HTMLParser

report = json.load(open(sys.argv[1], encoding="utf-8"))
dom = open(sys.argv[2], encoding="utf-8").read()
problems = []

class Dom(HTMLParser):
    """Collects, per entity card and document card, the bars and use rows."""
    def __init__(self):
        super().__init__()
        self.stack, self.cards, self.root, self.ids = [], {}, {}, {}
        self.card = None
        self.text = {}
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.root = a
        if "id" in a:
            self.ids[a["id"]] = a
        if tag == "article":
            self.card = a.get("id")
            self.cards[self.card] = {"bars": [], "rows": 0}
        if self.card and tag == "rect" and "bar" in a.get("class", "").split():
            self.cards[self.card]["bars"].append((a.get("data-status"), int(a.get("data-count"))))
        if self.card and tag == "td" and a.get("class") == "num":
            self.cards[self.card]["rows"] += 1
        self.stack.append(a.get("id"))
    def handle_endtag(self, tag):
        if tag == "article":
            self.card = None
        if self.stack:
            self.stack.pop()
    def handle_data(self, data):
        for i in self.stack:
            if i:
                self.text[i] = self.text.get(i, "") + data

d = Dom()
d.feed(dom)

if d.root.get("lang") != "ar" or d.root.get("dir") != "rtl":
    problems.append(f"<html> has lang={d.root.get('lang')!r} dir={d.root.get('dir')!r}")
bars = 0
for e in report["entities"]:
    card = d.cards.get("entity-" + e["entity_id"])
    if card is None:
        problems.append(f"entity {e['entity_id']}: no section")
        continue
    want = [(s["status"], s["count"]) for s in e["spellings"]]
    if card["bars"] != want:
        problems.append(f"entity {e['entity_id']}: bars {card['bars']} != spellings {want}")
    bars += len(card["bars"])
entity_cards = [k for k in d.cards if k.startswith("entity-")]
if len(entity_cards) != len(report["entities"]):
    problems.append(f"{len(entity_cards)} entity sections for {len(report['entities'])} entities")

uses = {}
for e in report["entities"]:
    for doc in e["inconsistent_documents"]:
        uses[doc["file"]] = uses.get(doc["file"], 0) + sum(min(s["count"], 60) for s in doc["spellings"])
doc_cards = {k: v for k, v in d.cards.items() if k.startswith("doc-")}
rows = sorted(v["rows"] for v in doc_cards.values())
if rows != sorted(uses.values()):
    problems.append(f"document sections have {rows} use rows, want {sorted(uses.values())}")

f = d.ids.get("filter")
if f is None or "hidden" in f:
    problems.append("filter box still hidden: the page script did not run")
shown = d.text.get("shown", "").strip()
if shown != f"{len(report['entities'])} / {len(report['entities'])}":
    problems.append(f"filter count shows {shown!r}")

# The screenshot: a PNG of the right size with many colours (text, bars).
def png_pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
    assert depth == 8 and ctype in (2, 6) and interlace == 0, (depth, ctype, interlace)
    bpp = 3 if ctype == 2 else 4
    raw, stride = zlib.decompress(idat), w * bpp
    prev, out, i = bytearray(stride), [], 0
    for _ in range(h):
        ft, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b, c = prev[x], (prev[x - bpp] if x >= bpp else 0)
            if ft == 1: line[x] = (line[x] + a) & 255
            elif ft == 2: line[x] = (line[x] + b) & 255
            elif ft == 3: line[x] = (line[x] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out.append(bytes(line))
        prev = line
    return w, h, bpp, out

w, h, bpp, lines = png_pixels(sys.argv[3])
colours = set()
for line in lines[::4]:
    for x in range(0, len(line), bpp * 2):
        colours.add(line[x:x + 3])
if (w, h) != (1280, 2000):
    problems.append(f"screenshot is {w}x{h}, want 1280x2000")
if len(colours) < 200:
    problems.append(f"screenshot looks blank: {len(colours)} distinct colours")

if problems:
    print("HTML report check FAILED:")
    for p in problems:
        print("  -", p)
    sys.exit(1)
print(f"HTML report OK: {len(entity_cards)} entity sections, {bars} bars, "
      f"{len(doc_cards)} document sections ({sum(rows)} uses); "
      f"screenshot {sys.argv[3]} {w}x{h}, {len(colours)} distinct colours (sampled)")
PY
