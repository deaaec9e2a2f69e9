#!/usr/bin/env python3
"""Build tests/gold/seeds.csv from the hand-written tests/gold/mentions.txt.

Usage (from anywhere):
    python3 tests/gold/build_gold.py           # validate, write seeds.csv, print report
    python3 tests/gold/build_gold.py --check   # validate, fail if seeds.csv is not up to date

What it does, in order; any problem is an error, printed, and the script exits
with status 1 WITHOUT writing seeds.csv:

1. Validates the glossary (glossary/*.csv): header, encoding, LF, minimal CSV
   quoting, canonical row order, allowed values, exactly one preferred form per
   (entity_id, lang), an ar and an en preferred form for every entity, no
   duplicate rows, and no folded form shared by two rows.
2. Resolves every line of mentions.txt: LEFT[[SURFACE]]RIGHT must occur exactly
   once in the seed file (not found / ambiguous -> error). The span must sit on
   word boundaries (only the proclitics و ف ب ك ل, and tatweel, may precede it
   inside its word), must not overlap another span, and the folded surface must
   be a glossary form of the annotated entity.
3. Coverage check: every occurrence (plain substring search on folded text, so
   raw occurrences are included; Latin case-insensitive) of every glossary form
   of every entity in every seed file must lie inside an annotated mention or a
   reviewed non-mention ("-" line). Uncovered occurrences are listed with
   context. Reviewed non-mentions that no longer cover any form occurrence are
   reported as stale.
4. Writes seeds.csv (file,byte_start,byte_end,surface,entity_id; byte offsets
   into the raw file, end exclusive; sorted by file, byte_start) and prints the
   number of mentions per file and per entity.

The folding mirrors src/normalize.rs: harakat/tatweel/invisible controls are
removed; أ إ آ ٱ -> ا, ى -> ي, ة -> ه, ؤ -> و, ئ -> ي; non-ASCII non-Arabic characters
are NFKD-decomposed with combining marks dropped; ASCII is lowercased.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SEEDS_DIR = ROOT / "seeds"
GLOSSARY_DIR = ROOT / "glossary"
MENTIONS = HERE / "mentions.txt"
OUT = HERE / "seeds.csv"

GLOSSARY_HEADER = ["entity_id", "type", "lang", "form", "status", "note", "term_type"]
GOLD_HEADER = ["file", "byte_start", "byte_end", "surface", "entity_id"]
FILE_TYPES = {
    "people.csv": "person",
    "places.csv": "place",
    "organizations.csv": "organization",
    "media.csv": "media",
    "products.csv": "product",
    "other.csv": "other",
}
REQUIRED_FILES = ["people.csv", "places.csv", "organizations.csv", "media.csv", "products.csv"]
STATUS_RANK = {"preferred": 0, "admitted": 1, "deprecated": 2, "superseded": 3}
TERM_TYPES = {"full", "short", "acronym", "nickname"}
LANGS = {"ar", "en"}
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
PROCLITICS = set("وفبكل")
NON_MENTION = "-"

errors: list[str] = []


def err(msg: str) -> None:
    errors.append(msg)


# --------------------------------------------------------------------------- folding


def _is_mark(c: str) -> bool:
    o = ord(c)
    return (
        0x064B <= o <= 0x065F
        or o == 0x0670
        or 0x0610 <= o <= 0x061A
        or 0x06D6 <= o <= 0x06DC
        or 0x06DF <= o <= 0x06E4
        or o in (0x06E7, 0x06E8)
        or 0x06EA <= o <= 0x06ED
        or 0x08D3 <= o <= 0x08E1
        or 0x08E3 <= o <= 0x08FF
        or o == 0x0640
        or 0x0300 <= o <= 0x036F
        or 0x1AB0 <= o <= 0x1AFF
        or 0x1DC0 <= o <= 0x1DFF
        or 0xFE20 <= o <= 0xFE2F
    )


def _is_invisible(c: str) -> bool:
    o = ord(c)
    return (
        0x200B <= o <= 0x200F
        or 0x202A <= o <= 0x202E
        or 0x2060 <= o <= 0x2064
        or 0x2066 <= o <= 0x2069
        or o in (0x061C, 0xFEFF, 0x00AD)
    )


_FOLD = {}
for _c in "أإآٱ\u0672\u0673\u0675":
    _FOLD[_c] = "ا"
for _c in "ؤ\u0676\u0677":
    _FOLD[_c] = "و"
for _c in "ئ\u0678ىیېۍێےۓ":
    _FOLD[_c] = "ي"
for _c in "ةۃھەۀہ":
    _FOLD[_c] = "ه"
for _c in "کڪ":
    _FOLD[_c] = "ك"
for _i in range(10):
    _FOLD[chr(0x0660 + _i)] = str(_i)
    _FOLD[chr(0x06F0 + _i)] = str(_i)


def _fold_char(c: str) -> str:
    if "A" <= c <= "Z":
        return c.lower()
    return _FOLD.get(c, c)


def fold_with_map(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Fold `text`; return the folded string and, for each folded char, the
    (start, end) byte range in the UTF-8 encoding of `text` (end includes the
    trailing removed marks)."""
    out: list[str] = []
    spans: list[list[int]] = []
    pos = 0
    for c in text:
        start, end = pos, pos + len(c.encode("utf-8"))
        pos = end
        o = ord(c)
        pieces = [c]
        if not (o < 0x80 or 0x0600 <= o <= 0x06FF):
            pieces = list(unicodedata.normalize("NFKD", c))
        for p in pieces:
            if _is_mark(p):
                if spans:
                    spans[-1][1] = end
            elif _is_invisible(p):
                pass
            else:
                out.append(_fold_char(p))
                spans.append([start, end])
    return "".join(out), [(s, e) for s, e in spans]


def fold(text: str) -> str:
    return fold_with_map(text)[0]


def is_arabic_letter(c: str) -> bool:
    return "\u0621" <= c <= "\u064A" or "\u0671" <= c <= "\u06D3"


def is_word_char(c: str) -> bool:
    return c.isalnum() or is_arabic_letter(c) or _is_mark(c)


# --------------------------------------------------------------------------- glossary


def load_glossary() -> list[dict]:
    rows: list[dict] = []
    present = sorted(p.name for p in GLOSSARY_DIR.glob("*.csv"))
    for name in REQUIRED_FILES:
        if name not in present:
            err(f"glossary: missing file glossary/{name}")
    for name in present:
        path = GLOSSARY_DIR / name
        where = f"glossary/{name}"
        if name not in FILE_TYPES:
            err(f"{where}: unexpected glossary file")
            continue
        raw = path.read_bytes()
        if raw.startswith(b"\xef\xbb\xbf"):
            err(f"{where}: has a BOM")
        if b"\r" in raw:
            err(f"{where}: has CR characters (LF line endings required)")
        if not raw.endswith(b"\n"):
            err(f"{where}: does not end with a newline")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            err(f"{where}: not UTF-8 ({e})")
            continue
        records = list(csv.reader(io.StringIO(text, newline="")))
        if not records or records[0] != GLOSSARY_HEADER:
            err(f"{where}: header must be {','.join(GLOSSARY_HEADER)}")
            continue
        # Minimal quoting: re-serialising must give the same bytes.
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(records)
        if buf.getvalue() != text:
            a, b = buf.getvalue().splitlines(), text.splitlines()
            first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
            err(f"{where}: not in standard minimal-quoting CSV form (first difference at line {first + 1})")
        keys = []
        for lineno, rec in enumerate(records[1:], start=2):
            loc = f"{where}:{lineno}"
            if len(rec) != 7:
                err(f"{loc}: expected 7 fields, got {len(rec)}")
                continue
            r = dict(zip(GLOSSARY_HEADER, rec))
            r["file"], r["line"] = name, lineno
            if not SLUG.match(r["entity_id"]):
                err(f"{loc}: entity_id {r['entity_id']!r} is not a lowercase slug")
            if r["type"] != FILE_TYPES[name]:
                err(f"{loc}: type {r['type']!r} does not belong in {name} (expected {FILE_TYPES[name]!r})")
            if r["lang"] not in LANGS:
                err(f"{loc}: lang {r['lang']!r} not in {sorted(LANGS)}")
            if r["status"] not in STATUS_RANK:
                err(f"{loc}: status {r['status']!r} not in {list(STATUS_RANK)}")
            if r["term_type"] not in TERM_TYPES:
                err(f"{loc}: term_type {r['term_type']!r} not in {sorted(TERM_TYPES)}")
            f = r["form"]
            if not f or f != f.strip() or "  " in f or "\t" in f:
                err(f"{loc}: form {f!r} empty or has stray whitespace")
            has_ar = any(is_arabic_letter(c) for c in f)
            if r["lang"] == "ar" and not has_ar:
                err(f"{loc}: ar form {f!r} has no Arabic letter")
            if r["lang"] == "en" and has_ar:
                err(f"{loc}: en form {f!r} contains Arabic letters")
            if r["note"] != r["note"].strip():
                err(f"{loc}: note has leading/trailing whitespace")
            keys.append((r["entity_id"], r["lang"], STATUS_RANK.get(r["status"], 9), f.encode("utf-8")))
            rows.append(r)
        if keys != sorted(keys):
            bad = next(i for i in range(1, len(keys)) if keys[i] < keys[i - 1])
            err(f"{where}: rows not in canonical order (entity_id, lang, status rank, form); first offender at line {bad + 2}")
        if len(set(keys)) != len(keys):
            err(f"{where}: duplicate (entity_id, lang, status, form) rows")

    # Cross-file checks.
    ent_file: dict[str, set] = defaultdict(set)
    ent_type: dict[str, set] = defaultdict(set)
    pref: Counter = Counter()
    seen_form: dict[tuple, dict] = {}
    folded_owner: dict[str, dict] = {}
    for r in rows:
        e = r["entity_id"]
        ent_file[e].add(r["file"])
        ent_type[e].add(r["type"])
        if r["status"] == "preferred":
            pref[(e, r["lang"])] += 1
        k = (e, r["lang"], r["form"])
        if k in seen_form:
            err(f"glossary/{r['file']}:{r['line']}: duplicate form {r['form']!r} for {e}/{r['lang']}")
        seen_form[k] = r
        ff = fold(r["form"])
        other = folded_owner.get(ff)
        if other is not None:
            err(
                f"glossary/{r['file']}:{r['line']}: form {r['form']!r} folds to {ff!r}, same as "
                f"{other['form']!r} of {other['entity_id']} (glossary/{other['file']}:{other['line']})"
            )
        else:
            folded_owner[ff] = r
    for e in sorted(ent_file):
        if len(ent_file[e]) > 1:
            err(f"glossary: entity {e} appears in several files: {sorted(ent_file[e])}")
        if len(ent_type[e]) > 1:
            err(f"glossary: entity {e} has several types: {sorted(ent_type[e])}")
        for lang in sorted(LANGS):
            n = pref[(e, lang)]
            if n != 1:
                err(f"glossary: entity {e} has {n} preferred {lang} forms (exactly one required)")
    return rows


# --------------------------------------------------------------------------- mentions


class Span:
    def __init__(self, file, start, end, surface, entity_id, lineno, comment):
        self.file, self.start, self.end = file, start, end
        self.surface, self.entity_id = surface, entity_id
        self.lineno, self.comment = lineno, comment

    @property
    def is_mention(self) -> bool:
        return self.entity_id != NON_MENTION


def load_seeds() -> dict[str, str]:
    seeds = {}
    for p in sorted(SEEDS_DIR.glob("*.txt")):
        seeds[p.name] = p.read_bytes().decode("utf-8")
    if not seeds:
        err(f"no seed files in {SEEDS_DIR}")
    return seeds


def resolve_file(prefix: str, seeds: dict[str, str]) -> str | None:
    hits = [n for n in seeds if n.startswith(prefix)]
    if len(hits) == 1:
        return hits[0]
    return None


def check_boundaries(sp: Span, text: str, cstart: int, cend: int, loc: str) -> None:
    """Span must be a whole word (plus allowed proclitics before it)."""
    s = sp.surface
    if s != s.strip():
        err(f"{loc}: surface {s!r} has leading/trailing whitespace")
    if not is_word_char(s[0]) or not is_word_char(s[-1]):
        err(f"{loc}: surface {s!r} starts or ends with punctuation")
    # After the span: no letter or mark of the same word.
    if cend < len(text) and is_word_char(text[cend]):
        err(f"{loc}: span ends inside a word (next char {text[cend]!r})")
    # Before the span: only proclitics (and tatweel) may be attached.
    i = cstart
    prefix = []
    while i > 0 and (is_word_char(text[i - 1])):
        i -= 1
        prefix.append(text[i])
    prefix = "".join(reversed(prefix))
    if prefix:
        letters = prefix.replace("\u0640", "")
        if any(c not in PROCLITICS for c in letters) or len(letters) > 3:
            err(f"{loc}: span starts inside a word (attached prefix {prefix!r} is not a proclitic)")


def load_mentions(seeds: dict[str, str], glossary: list[dict]) -> list[Span]:
    forms_by_entity: dict[str, set[str]] = defaultdict(set)
    for r in glossary:
        forms_by_entity[r["entity_id"]].add(fold(r["form"]))
    spans: list[Span] = []
    text_lines = MENTIONS.read_text(encoding="utf-8").split("\n")
    for lineno, line in enumerate(text_lines, start=1):
        loc = f"mentions.txt:{lineno}"
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) not in (3, 4):
            err(f"{loc}: expected 3 or 4 TAB-separated fields, got {len(fields)}")
            continue
        prefix, snippet, entity_id = fields[0], fields[1], fields[2]
        comment = fields[3] if len(fields) == 4 else ""
        fname = resolve_file(prefix, seeds)
        if fname is None:
            err(f"{loc}: file prefix {prefix!r} does not match exactly one seed file")
            continue
        if snippet.count("[[") != 1 or snippet.count("]]") != 1 or snippet.index("[[") > snippet.index("]]"):
            err(f"{loc}: snippet must contain exactly one [[...]]: {snippet!r}")
            continue
        left, rest = snippet.split("[[")
        surface, right = rest.split("]]")
        if not surface:
            err(f"{loc}: empty surface")
            continue
        text = seeds[fname]
        whole = left + surface + right
        found = []
        i = text.find(whole)
        while i != -1:
            found.append(i)
            i = text.find(whole, i + 1)
        if not found:
            err(f"{loc}: snippet NOT FOUND in {fname}: {whole!r}")
            continue
        if len(found) > 1:
            err(f"{loc}: snippet AMBIGUOUS ({len(found)} occurrences) in {fname}: {whole!r}")
            continue
        cstart = found[0] + len(left)
        cend = cstart + len(surface)
        bstart = len(text[:cstart].encode("utf-8"))
        bend = bstart + len(surface.encode("utf-8"))
        sp = Span(fname, bstart, bend, surface, entity_id, lineno, comment)
        if entity_id == NON_MENTION:
            if not comment:
                err(f"{loc}: a non-mention ('-') line needs a comment saying why")
        else:
            if entity_id not in forms_by_entity:
                err(f"{loc}: unknown entity_id {entity_id!r}")
            else:
                check_boundaries(sp, text, cstart, cend, loc)
                fs = fold(surface)
                forms = forms_by_entity[entity_id]
                contracted = (
                    fs not in forms
                    and fs.startswith("ل")
                    and ("ا" + fs) in forms
                    and cstart > 0
                    and text[cstart - 1] == "ل"
                )
                if fs not in forms and not contracted:
                    err(f"{loc}: surface {surface!r} (folded {fs!r}) is not a glossary form of {entity_id}")
        spans.append(sp)
    # Overlaps.
    by_file: dict[str, list[Span]] = defaultdict(list)
    for sp in spans:
        by_file[sp.file].append(sp)
    for fname, lst in by_file.items():
        lst.sort(key=lambda s: (s.start, s.end))
        for a, b in zip(lst, lst[1:]):
            if b.start < a.end:
                err(
                    f"{fname}: spans overlap: mentions.txt:{a.lineno} {a.surface!r} [{a.start},{a.end}) "
                    f"and mentions.txt:{b.lineno} {b.surface!r} [{b.start},{b.end})"
                )
    return spans


# --------------------------------------------------------------------------- coverage


def coverage(seeds: dict[str, str], glossary: list[dict], spans: list[Span]) -> None:
    by_file: dict[str, list[Span]] = defaultdict(list)
    for sp in spans:
        by_file[sp.file].append(sp)
    # (folded pattern, offset in chars of the reported occurrence, row)
    patterns: list[tuple[str, int, dict]] = []
    for r in glossary:
        ff = fold(r["form"])
        patterns.append((ff, 0, r))
        if ff.startswith("ال"):
            # ل + ال contraction: للاتحاد الأوروبي -> report from the second lam.
            patterns.append(("ل" + ff[1:], 1, r))
    uncovered = []
    used_neg: set[int] = set()
    for fname, text in seeds.items():
        folded, cmap = fold_with_map(text)
        raw = text.encode("utf-8")
        for pat, off, r in patterns:
            pat_full = pat  # for the contraction, pat includes the preposition's ل
            i = folded.find(pat_full)
            while i != -1:
                fs = i + off
                fe = i + len(pat_full)
                bs, be = cmap[fs][0], cmap[fe - 1][1]
                cover = [sp for sp in by_file[fname] if sp.start <= bs and be <= sp.end]
                for sp in cover:
                    if not sp.is_mention:
                        used_neg.add(id(sp))
                if not cover:
                    uncovered.append((fname, bs, be, r, raw))
                i = folded.find(pat_full, i + 1)
    # Report.
    print("\n== coverage check: glossary-form occurrences not covered by an annotated span ==")
    seen = set()
    n = 0
    for fname, bs, be, r, raw in sorted(uncovered, key=lambda u: (u[0], u[1], u[2])):
        key = (fname, bs, be, r["entity_id"])
        if key in seen:
            continue
        seen.add(key)
        n += 1
        ctx_l = raw[max(0, bs - 40):bs].decode("utf-8", "ignore")
        ctx_r = raw[be:be + 40].decode("utf-8", "ignore")
        surf = raw[bs:be].decode("utf-8")
        ctx_l, ctx_r = ctx_l.replace("\n", "⏎"), ctx_r.replace("\n", "⏎")
        print(f"  UNCOVERED {fname} [{bs},{be}) {surf!r} form {r['form']!r} ({r['entity_id']}): …{ctx_l}[[{surf}]]{ctx_r}…")
        err(f"uncovered occurrence {fname} [{bs},{be}) {surf!r} of {r['entity_id']} form {r['form']!r}")
    if n == 0:
        print("  none: every occurrence of every glossary form is annotated or reviewed as a non-mention")
    negs = [sp for sp in spans if not sp.is_mention]
    print(f"\n== reviewed non-mentions ({len(negs)}) ==")
    for sp in sorted(negs, key=lambda s: (s.file, s.start)):
        print(f"  {sp.file} [{sp.start},{sp.end}) {sp.surface!r}: {sp.comment}")
        if id(sp) not in used_neg:
            err(f"mentions.txt:{sp.lineno}: stale non-mention: {sp.surface!r} covers no glossary-form occurrence")


# --------------------------------------------------------------------------- output


def render(spans: list[Span]) -> str:
    rows = sorted((s for s in spans if s.is_mention), key=lambda s: (s.file, s.start))
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(GOLD_HEADER)
    for s in rows:
        w.writerow([s.file, s.start, s.end, s.surface, s.entity_id])
    return buf.getvalue()


def report(seeds, glossary, spans) -> None:
    ents = sorted({r["entity_id"] for r in glossary})
    print("== glossary ==")
    by_file = Counter(r["file"] for r in glossary)
    ents_by_file = defaultdict(set)
    for r in glossary:
        ents_by_file[r["file"]].add(r["entity_id"])
    for f in sorted(by_file):
        print(f"  {f:20s} {len(ents_by_file[f]):3d} entities {by_file[f]:4d} forms")
    print(f"  {'total':20s} {len(ents):3d} entities {len(glossary):4d} forms")
    mentions = [s for s in spans if s.is_mention]
    print(f"\n== mentions per file (total {len(mentions)}) ==")
    per_file = Counter(s.file for s in mentions)
    for f in sorted(seeds):
        print(f"  {f}  {per_file[f]:4d}")
    print("\n== mentions per entity ==")
    per_ent = Counter(s.entity_id for s in mentions)
    surfaces = defaultdict(Counter)
    for s in mentions:
        surfaces[s.entity_id][s.surface] += 1
    for e in sorted(per_ent, key=lambda e: (-per_ent[e], e)):
        forms = ", ".join(f"{k}×{v}" for k, v in surfaces[e].most_common())
        print(f"  {e:32s} {per_ent[e]:4d}   {forms}")
    zero = [e for e in ents if e not in per_ent]
    print(f"\n  glossary entities with no mention in the seeds: {', '.join(zero) if zero else 'none'}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="do not write; fail if seeds.csv differs")
    args = ap.parse_args()

    glossary = load_glossary()
    seeds = load_seeds()
    spans = load_mentions(seeds, glossary) if not errors else []
    if not errors:
        report(seeds, glossary, spans)
        coverage(seeds, glossary, spans)
    if errors:
        print(f"\nFAILED with {len(errors)} error(s):", file=sys.stderr)
        for e in errors:
            print(f"  ERROR: {e}", file=sys.stderr)
        print(f"{OUT.relative_to(ROOT)} NOT written.", file=sys.stderr)
        return 1
    out = render(spans)
    if args.check:
        current = OUT.read_text(encoding="utf-8") if OUT.exists() else None
        if current != out:
            print(f"\nFAILED: {OUT.relative_to(ROOT)} is out of date; run python3 tests/gold/build_gold.py", file=sys.stderr)
            return 1
        print(f"\nOK: {OUT.relative_to(ROOT)} is up to date")
        return 0
    OUT.write_text(out, encoding="utf-8", newline="")
    print(f"\nOK: wrote {OUT.relative_to(ROOT)} ({out.count(chr(10)) - 1} mentions)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
