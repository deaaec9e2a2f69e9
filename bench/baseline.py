#!/usr/bin/env python3
"""The Python baseline of the glossalign benchmark: the pipeline a data team
would write in an afternoon.

    python bench/baseline.py --glossary DIR --corpus DIR

1. normalise every document with camel-tools (dediac_ar, normalize_alef_ar,
   normalize_alef_maksura_ar, normalize_teh_marbuta_ar), tatweel removed,
   Latin lowercased;
2. exact: one pyahocorasick automaton over the normalised glossary forms,
   longest matches, kept when they stand on word boundaries (an attached
   proclitic و ف ب ك ل ال before the name is allowed);
3. fuzzy: the distinct tokens of the corpus (clitics stripped, at least five
   letters, not a frequent word, not an exact form) are compared with
   rapidfuzz's `process.extractOne` (`fuzz.ratio`, cutoff 85) against the
   glossary words with the same first letter and a length within ±2.

It prints one JSON object: bytes read, seconds per stage and in total, and the
number of exact mentions and of fuzzy-matched distinct tokens. It does less than
glossalign (no offsets into the original text, no reports, no spacing or
surname rules), so the ratio flatters the baseline if anything.
"""

import argparse
import csv
import json
import os
import re
import sys
import time

import ahocorasick
from camel_tools.utils.dediac import dediac_ar
from camel_tools.utils.normalize import (
    normalize_alef_ar,
    normalize_alef_maksura_ar,
    normalize_teh_marbuta_ar,
)
from rapidfuzz import fuzz, process

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TATWEEL = "\u0640"
WORD = re.compile(r"[\u0621-\u064a]+")
CLITIC = re.compile(r"^(?:[وف]?[بلك]?(?:ال)?)")
LETTER = re.compile(r"\w")


def normalise(s):
    s = dediac_ar(s).replace(TATWEEL, "")
    s = normalize_teh_marbuta_ar(normalize_alef_maksura_ar(normalize_alef_ar(s)))
    return s.lower()


def load_glossary(folder):
    forms = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".csv"):
            with open(os.path.join(folder, name), encoding="utf-8-sig", newline="") as f:
                for r in csv.DictReader(f):
                    forms.append((r["entity_id"], r["lang"], r["form"]))
    return forms


def files_of(folder):
    for d, dirs, names in os.walk(folder):
        dirs.sort()
        for n in sorted(names):
            if n.endswith((".txt", ".md")):
                yield os.path.join(d, n)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--glossary", required=True)
    p.add_argument("--corpus", required=True)
    a = p.parse_args()

    t0 = time.perf_counter()
    forms = load_glossary(a.glossary)
    auto = ahocorasick.Automaton()
    words_by_block = {}
    for eid, lang, form in forms:
        key = normalise(form)
        auto.add_word(key, (eid, len(key)))
        if lang == "ar":
            for w in key.split():
                if len(w) >= 5:
                    words_by_block.setdefault((w[0], len(w)), set()).add(w)
    auto.make_automaton()
    blocks = {k: sorted(v) for k, v in words_by_block.items()}
    with open(os.path.join(ROOT, "data", "ar_frequent_words.txt"), encoding="utf-8") as f:
        frequent = {normalise(w.strip()) for w in f if w.strip() and not w.startswith("#")}
    t_load = time.perf_counter() - t0

    t_norm = t_exact = t_tok = 0.0
    nbytes = 0
    exact = 0
    distinct = set()
    for path in files_of(a.corpus):
        t = time.perf_counter()
        with open(path, "rb") as f:
            raw = f.read()
        nbytes += len(raw)
        text = normalise(raw.decode("utf-8-sig"))
        t2 = time.perf_counter()
        t_norm += t2 - t
        for end, (eid, n) in auto.iter_long(text):
            start = end - n + 1
            after_ok = end + 1 >= len(text) or not LETTER.match(text[end + 1])
            if not after_ok:
                continue
            k = start
            while k > 0 and start - k < 3 and text[k - 1] in "وفبكلا":
                k -= 1
            if k == 0 or not LETTER.match(text[k - 1]):
                exact += 1
        t3 = time.perf_counter()
        t_exact += t3 - t2
        distinct.update(WORD.findall(text))
        t_tok += time.perf_counter() - t3

    t = time.perf_counter()
    fuzzy = 0
    for tok in distinct:
        w = CLITIC.sub("", tok) if len(tok) > 6 else tok
        if len(w) < 5 or w in frequent or auto.exists(w):
            continue
        cands = []
        for n in range(len(w) - 2, len(w) + 3):
            cands.extend(blocks.get((w[0], n), ()))
        if cands and process.extractOne(w, cands, scorer=fuzz.ratio, score_cutoff=85):
            fuzzy += 1
    t_fuzzy = time.perf_counter() - t
    total = time.perf_counter() - t0
    print(json.dumps({
        "bytes": nbytes,
        "seconds": round(total, 3),
        "load_s": round(t_load, 3),
        "normalise_s": round(t_norm, 3),
        "exact_s": round(t_exact, 3),
        "tokens_s": round(t_tok, 3),
        "fuzzy_s": round(t_fuzzy, 3),
        "mb_per_s": round(nbytes / 1e6 / total, 2),
        "exact_mentions": exact,
        "distinct_tokens": len(distinct),
        "fuzzy_tokens": fuzzy,
        "glossary_forms": len(forms),
    }))


if __name__ == "__main__":
    sys.exit(main())
