#!/usr/bin/env python3
"""Deterministic generators for the glossalign benchmark (no network, stdlib only).

    python3 bench/benchgen.py glossary --entities N --out DIR
    python3 bench/benchgen.py corpus --mb 100 --out DIR [--seed S] [--glossary-entities N]

* glossary: the seed glossary (glossary/*.csv, 54 entities) plus generated
  entities up to N. Generated names are syllable-based Latin names
  (Slavic, Caucasian, Turkic, Romance, Germanic endings) transliterated into
  Arabic with the usual rules of Arabic news transliteration (long vowels
  written, short vowels mostly not; g as غ/ج/ق, v as ف/ڤ, ch as تش/ش …); the
  preferred form takes the first rule everywhere, admitted and deprecated forms
  take other rules at one or two places. Persons are given name + surname
  (with the surname alone as a short form), places are one or two words,
  organisations and media are multi-word (شركة X للطاقة, حزب X الوطني …).
  Every folded form is unique across the glossary. The sequence is the same
  whatever N, so the 100-entity glossary is a prefix of the 10k one, which is
  a prefix of the 100k one.
* corpus: news-like articles of 2-20 KB in sub-folders of 1000 files.
  Sentences are seed sentences (shuffled, with spelling perturbations) and
  synthetic sentences: Zipf-distributed words from data/ar_frequent_words.txt
  with clitics, names of the generated glossary (Zipf over the 100k sequence,
  so small glossaries see their names more often) written in listed or
  unlisted transliterations, with harakat, tatweel, hamza/ى/ة variants,
  spacing variants and occasional Latin names in parentheses.
"""

import argparse
import csv
import io
import os
import random
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# ---------------------------------------------------------------- folding --
# The subset of glossalign's folding profile that generated text can contain.
HARAKAT = "".join(chr(c) for c in range(0x064B, 0x0653)) + "\u0670"
FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه", "ڤ": "ڤ"})


def fold(s):
    s = "".join(c for c in s if c not in HARAKAT and c != "\u0640" and c != "\u200c")
    return s.translate(FOLD).lower()


def loose_key(s):
    toks = re.findall(r"[\u0621-\u064a\u066e-\u06d3]+|[0-9]+|[^\W\d_]+", fold(s))
    out = []
    for t in toks:
        for c in t:
            if c == "ا" and out and out[-1] == "ا":
                continue
            out.append(c)
    return "".join(out)


# ------------------------------------------------------------------ names --
ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
          "sh", "ch", "kh", "zh", "ts", "br", "gr", "kr", "st", "tr", "dr", "pl", ""]
ONSET_W = [6, 6, 3, 4, 7, 7, 7, 7, 3, 8, 7, 6, 5, 4, 3, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3]
VOWELS = ["a", "e", "i", "o", "u"]
VOWEL_W = [9, 6, 6, 5, 3]
CODAS = ["", "", "", "", "n", "r", "l", "s", "k", "m", "t"]
SURNAME_ENDS = ["ov", "ev", "enko", "ski", "ovich", "yan", "ashvili", "son", "er", "ez", "ini",
                "uk", "in", "aev", "bekov", "oglu"]
GIVEN_ENDS = ["", "", "a", "o", "an", "el", "ir", "at"]
PLACE_ENDS = ["stan", "grad", "sk", "burg", "ia", "ovo", "abad", "pol", "kent", "ino"]
ORG_PATTERNS = [  # (Arabic pattern, English pattern, type)
    ("شركة {} للطاقة", "{} Energy", "organization"),
    ("مجموعة {} الصناعية", "{} Industrial Group", "organization"),
    ("حزب {} الوطني", "{} National Party", "organization"),
    ("منظمة {} الدولية", "{} International", "organization"),
    ("بنك {} المركزي", "Central Bank of {}", "organization"),
    ("جامعة {} التقنية", "{} Technical University", "organization"),
    ("وكالة {} للأنباء", "{} News Agency", "media"),
    ("صحيفة {} اليومية", "{} Daily", "media"),
    ("قناة {} الإخبارية", "{} News", "media"),
]

# Latin grapheme -> Arabic renderings; the first is the house rule.
CONS = {
    "b": ["ب"], "d": ["د"], "f": ["ف"], "g": ["غ", "ج", "ق"], "k": ["ك", "ق"],
    "l": ["ل"], "m": ["م"], "n": ["ن"], "p": ["ب", "پ"], "r": ["ر"], "s": ["س", "ص"],
    "t": ["ت", "ط"], "v": ["ف", "ڤ", "ف"], "z": ["ز"], "sh": ["ش"], "ch": ["تش", "ش"],
    "kh": ["خ"], "zh": ["ج", "ژ"], "ts": ["تس"], "y": ["ي"],
}


def split_graphemes(latin):
    out, i = [], 0
    while i < len(latin):
        two = latin[i:i + 2]
        if two in ("sh", "ch", "kh", "zh", "ts"):
            out.append(two)
            i += 2
        else:
            out.append(latin[i])
            i += 1
    return out


def transliterate(latin, choice):
    """Arabic spelling of a Latin name; choice(k, n) picks rendering k's variant."""
    g = split_graphemes(latin)
    out = []
    for k, c in enumerate(g):
        first, last = k == 0, k == len(g) - 1
        if c in VOWELS:
            nxt_vowel = (k + 1 < len(g) and g[k + 1] in VOWELS)
            if first:
                r = {"a": ["أ", "ا"], "e": ["إ", "ا"], "i": ["إي", "إ"], "o": ["أو", "او"],
                     "u": ["أو", "او"]}[c]
            elif last:
                r = {"a": ["ا", "ة", "ى"], "e": ["ي", "ه"], "i": ["ي"], "o": ["و"], "u": ["و"]}[c]
            elif c == "a":
                r = ["ا", ""] if not nxt_vowel else ["ا"]
            elif c == "e":
                r = ["ي", ""]
            elif c == "i":
                r = ["ي", "يي"]
            else:
                r = ["و", ""]
            out.append(r[choice(k, len(r))])
        else:
            r = CONS.get(c, [c])
            letter = r[choice(k, len(r))]
            if not (out and out[-1] == letter):  # doubled consonants are written once
                out.append(letter)
    return "".join(out)


def latin_word(rng, nsyl, ends):
    s = ""
    for k in range(nsyl):
        onset = rng.choices(ONSETS, ONSET_W)[0]
        while k > 0 and (onset == "" or (s and onset[0] == s[-1])):
            onset = rng.choices(ONSETS, ONSET_W)[0]
        s += onset + rng.choices(VOWELS, VOWEL_W)[0]
        if rng.random() < 0.3:
            s += rng.choice(CODAS)
    end = rng.choice(ends)
    if end and s[-1] in VOWELS and end[0] in VOWELS:
        end = end[1:]
    return s + end


class NameForms:
    """All spellings of one Latin word: house rule and variants."""

    def __init__(self, latin, rng):
        self.latin = latin
        self.house = transliterate(latin, lambda k, n: 0)
        self.variants = []
        g = split_graphemes(latin)
        for _ in range(6):
            picks = {}
            positions = [k for k in range(len(g)) if self._n(g, k) > 1]
            if not positions:
                break
            for k in rng.sample(positions, min(len(positions), rng.choice([1, 1, 2]))):
                picks[k] = rng.randrange(1, self._n(g, k))
            v = transliterate(latin, lambda k, n: min(picks.get(k, 0), n - 1))
            if v != self.house and v not in self.variants:
                self.variants.append(v)

    @staticmethod
    def _n(g, k):
        c = g[k]
        first, last = k == 0, k == len(g) - 1
        if c in VOWELS:
            if first:
                return 2
            if last:
                return {"a": 3, "e": 2}.get(c, 1)
            return 1 if (c == "a" and k + 1 < len(g) and g[k + 1] in VOWELS) else 2
        return len(CONS.get(c, [c]))


def slug(s):
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", s.lower())).strip("-")


def read_seed_glossary():
    rows = []
    gdir = os.path.join(ROOT, "glossary")
    for name in sorted(os.listdir(gdir)):
        if name.endswith(".csv"):
            with open(os.path.join(gdir, name), encoding="utf-8", newline="") as f:
                rows.extend(csv.DictReader(f))
    return rows


def frequent_words():
    path = os.path.join(ROOT, "data", "ar_frequent_words.txt")
    with open(path, encoding="utf-8") as f:
        return [w.strip() for w in f if w.strip() and not w.startswith("#")]


def generate_entities(n_generated, taken):
    """Yield generated entities: dict(id, type, forms=[(lang, form, status, note, term_type)],
    text_variants=[unlisted Arabic spellings])."""
    rng = random.Random(20260101)
    lexicon = {fold(w) for w in frequent_words()}
    ids = set()
    made = 0
    while made < n_generated:
        kind = rng.choices(["person", "place", "org"], [55, 30, 15])[0]
        forms, unlisted = [], []
        if kind == "person":
            given = NameForms(latin_word(rng, rng.choice([1, 2, 2]), GIVEN_ENDS), rng)
            sur = NameForms(latin_word(rng, rng.choice([1, 2, 2, 3]), SURNAME_ENDS), rng)
            en = f"{given.latin.capitalize()} {sur.latin.capitalize()}"
            etype = "person"
            forms.append(("ar", f"{given.house} {sur.house}", "preferred", "", "full"))
            for v in sur.variants[:1]:
                if rng.random() < 0.5:
                    forms.append(("ar", f"{given.house} {v}", "admitted", "alternative transliteration", "full"))
            if rng.random() < 0.7:
                forms.append(("ar", sur.house, "admitted", "surname alone", "short"))
            if sur.variants[1:2] and rng.random() < 0.25:
                forms.append(("ar", f"{given.house} {sur.variants[1]}", "deprecated", "older transliteration", "full"))
            unlisted = [f"{g} {s}" for g in [given.house] + given.variants[:1] for s in sur.variants[1:4]]
            unlisted += sur.variants[2:4]
        elif kind == "place":
            w = NameForms(latin_word(rng, rng.choice([1, 2, 2, 3]), PLACE_ENDS), rng)
            en = w.latin.capitalize()
            etype = "place"
            house = w.house
            if rng.random() < 0.12:
                house = f"{house} الجديدة"
                en = f"New {en}"
                forms.append(("ar", house, "preferred", "", "full"))
                unlisted = [f"{v} الجديدة" for v in w.variants[:3]]
            else:
                forms.append(("ar", house, "preferred", "", "full"))
                for v in w.variants[:rng.choice([0, 1, 1, 2])]:
                    forms.append(("ar", v, "admitted", "common alternative spelling", "full"))
                unlisted = w.variants[2:5]
        else:
            w = NameForms(latin_word(rng, rng.choice([2, 2, 3]), ["", "", "ex", "on", "ia"]), rng)
            ar_pat, en_pat, etype = rng.choice(ORG_PATTERNS)
            en = en_pat.format(w.latin.capitalize())
            forms.append(("ar", ar_pat.format(w.house), "preferred", "", "full"))
            if w.variants and rng.random() < 0.4:
                forms.append(("ar", ar_pat.format(w.variants[0]), "admitted", "alternative transliteration", "full"))
            unlisted = [ar_pat.format(v) for v in w.variants[1:3]]
        forms.append(("en", en, "preferred", "", "full"))
        # Every folded form unique, no single-word form that is an ordinary word.
        keys = [(lang, loose_key(f)) for lang, f, *_ in forms]
        if any((lang, k) in taken or len(k) < 4 for lang, k in keys) or len(set(keys)) != len(keys):
            continue
        if any(lang == "ar" and " " not in f and fold(f) in lexicon for lang, f, *_ in forms):
            continue
        eid = slug(en)
        if eid in ids:
            eid = f"{eid}-{made}"
        ids.add(eid)
        taken.update(keys)
        unlisted = [u for u in unlisted if ("ar", loose_key(u)) not in taken]
        made += 1
        yield {"id": eid, "type": etype, "forms": forms, "unlisted": unlisted}


def entity_sequence(total):
    """(seed rows, number of seed entities, generator of the generated entities) for a
    glossary of `total` entities. The same sequence whatever `total`."""
    seed = read_seed_glossary()
    seed_ids = []
    for r in seed:
        if r["entity_id"] not in seed_ids:
            seed_ids.append(r["entity_id"])
    taken = {(r["lang"], loose_key(r["form"])) for r in seed}
    n_gen = max(0, total - len(seed_ids))
    return seed, len(seed_ids), generate_entities(n_gen, taken)


def cmd_glossary(a):
    seed, n_seed, generated = entity_sequence(a.entities)
    os.makedirs(a.out, exist_ok=True)
    cols = ["entity_id", "type", "lang", "form", "status", "note", "term_type"]
    with open(os.path.join(a.out, "seed.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        for r in seed:
            w.writerow([r[c] for c in cols])
    with open(os.path.join(a.out, "generated.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(cols)
        for e in generated:
            for lang, form, status, note, term in e["forms"]:
                w.writerow([e["id"], e["type"], lang, form, status, note, term])
    print(f"glossary: {n_seed} seed + {max(0, a.entities - n_seed)} generated entities in {a.out}",
          file=sys.stderr)


# ----------------------------------------------------------------- corpus --
CLITICS = ["و", "ب", "ل", "ال", "وال", "بال", "ف", "لل", "ك"]
CLITIC_W = [10, 4, 4, 20, 6, 4, 2, 2, 1]
NAME_CLITICS = ["", "و", "ب", "ل", "ف"]
NAME_CLITIC_W = [70, 14, 6, 6, 4]
CONNECTORS = ["وقال", "وأضاف", "وأكد", "وأعلن", "وأفادت", "وذكرت", "في حين", "من جهته،", "وأشار",
              "كما", "وبحسب", "ونقلت"]
TITLES = ["الرئيس", "وزير الخارجية", "المتحدث باسم الحكومة", "رئيس الوزراء", "السفير", "النائب"]
PLACE_TITLES = ["مدينة", "العاصمة", "مقاطعة", "إقليم"]


def zipf_index(rng, n, s=1.07):
    # Inverse-CDF sampling of a truncated Zipf via a power law approximation.
    u = rng.random()
    if s == 1.0:
        return min(n - 1, int(n ** u) - 1)
    a = 1.0 - s
    x = ((n ** a - 1.0) * u + 1.0) ** (1.0 / a)
    return min(n - 1, max(0, int(x) - 1))


def perturb_word(rng, w):
    if not w:
        return w
    r = rng.random()
    if r < 0.03:  # harakat
        chars = list(w)
        k = rng.randrange(len(chars))
        chars.insert(k + 1, rng.choice("\u064e\u064f\u0650\u0651\u0652\u064b"))
        return "".join(chars)
    if r < 0.035 and len(w) > 3:  # tatweel
        k = rng.randrange(1, len(w) - 1)
        return w[:k] + "\u0640" * rng.choice([1, 1, 2, 3]) + w[k:]
    if r < 0.10 and w[:1] in "أإ":  # hamza dropped
        return "ا" + w[1:]
    if r < 0.12 and w.endswith("ى"):
        return w[:-1] + "ي"
    if r < 0.13 and w.endswith("ي"):
        return w[:-1] + "ى"
    if r < 0.15 and w.endswith("ة"):
        return w[:-1] + "ه"
    return w


class Corpus:
    def __init__(self, seed, glossary_entities):
        self.rng = random.Random(seed)
        self.words = frequent_words()
        self.seed_sentences = []
        for name in sorted(os.listdir(os.path.join(ROOT, "seeds"))):
            with open(os.path.join(ROOT, "seeds", name), encoding="utf-8") as f:
                for para in f.read().split("\n"):
                    for s in re.split(r"(?<=[.!؟])\s+", para.strip()):
                        if len(s) > 20:
                            self.seed_sentences.append(s)
        seed, _, generated = entity_sequence(glossary_entities)
        self.entities = list(generated)
        self.seed_names = [(r["form"], r["type"]) for r in seed if r["lang"] == "ar"]
        self.latin = {e["id"]: f for e in self.entities for lang, f, *_ in e["forms"] if lang == "en"}

    def name(self):
        rng = self.rng
        if rng.random() < 0.15:
            form, etype = rng.choice(self.seed_names)
            return form, etype, None
        e = self.entities[zipf_index(rng, len(self.entities))]
        ar = [f for lang, f, *_ in e["forms"] if lang == "ar"]
        r = rng.random()
        if r < 0.65 or not (e["unlisted"] or len(ar) > 1):
            form = ar[0]
        elif r < 0.82 and len(ar) > 1:
            form = rng.choice(ar[1:])
        elif e["unlisted"]:
            form = rng.choice(e["unlisted"])
        else:
            form = ar[0]
        words = form.split(" ")
        if rng.random() < 0.04 and len(words) == 1 and len(form) > 6:
            k = rng.randrange(3, len(form) - 2)  # name split in two
            form = form[:k] + " " + form[k:]
        elif rng.random() < 0.03 and len(words) == 2:
            form = form.replace(" ", rng.choice(["", "-", "  "]))
        form = " ".join(perturb_word(rng, w) for w in form.split(" "))
        latin = self.latin.get(e["id"]) if rng.random() < 0.04 else None
        return form, e["type"], latin

    def word(self):
        rng = self.rng
        w = self.words[zipf_index(rng, len(self.words), 1.0)]
        if rng.random() < 0.25 and not w.startswith("ال"):
            w = rng.choices(CLITICS, CLITIC_W)[0] + w
        return perturb_word(rng, w)

    def synthetic_sentence(self):
        rng = self.rng
        parts = [rng.choice(CONNECTORS)]
        for _ in range(rng.randint(0, 2)):
            parts += [self.word() for _ in range(rng.randint(3, 9))]
            form, etype, latin = self.name()
            if etype == "person" and rng.random() < 0.4:
                parts.append(rng.choice(TITLES))
            elif etype == "place" and rng.random() < 0.3:
                parts.append(rng.choice(PLACE_TITLES))
            clitic = rng.choices(NAME_CLITICS, NAME_CLITIC_W)[0]
            parts.append(clitic + form)
            if latin:
                parts.append(f"({latin})")
        parts += [self.word() for _ in range(rng.randint(4, 14))]
        s = " ".join(parts)
        if rng.random() < 0.02:
            s = s.replace(" ", "  ", 1)
        return s + rng.choice([".", ".", ".", "،", " -"]) if not s.endswith(".") else s

    def seed_sentence(self):
        rng = self.rng
        s = rng.choice(self.seed_sentences)
        return " ".join(perturb_word(rng, w) for w in s.split(" "))

    def article(self, size):
        rng = self.rng
        paras, n = [], 0
        while n < size:
            sents = []
            for _ in range(rng.randint(2, 6)):
                s = self.seed_sentence() if rng.random() < 0.4 else self.synthetic_sentence()
                sents.append(s)
            p = " ".join(sents)
            paras.append(p)
            n += len(p.encode("utf-8")) + 1
        nl = "\r\n" if rng.random() < 0.05 else "\n"
        text = nl.join(paras) + nl
        b = text.encode("utf-8")
        if len(b) > size:  # cut at a line end near the target size
            cut = b.rfind(b"\n", 0, size)
            b = b[: cut + 1] if cut > size // 2 else b
        return b


def cmd_corpus(a):
    c = Corpus(a.seed, a.glossary_entities)
    target = int(a.mb * 1_000_000)
    total, i = 0, 0
    os.makedirs(a.out, exist_ok=True)
    while total < target:
        size = c.rng.randint(2_000, 20_000)
        b = c.article(size)
        d = os.path.join(a.out, f"{i // 1000:03d}")
        if i % 1000 == 0:
            os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, f"{a.prefix}{i:06d}.txt"), "wb") as f:
            f.write(b)
        total += len(b)
        i += 1
    print(f"corpus: {i} files, {total / 1e6:.1f} MB in {a.out}", file=sys.stderr)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    g = sub.add_parser("glossary")
    g.add_argument("--entities", type=int, required=True)
    g.add_argument("--out", required=True)
    c = sub.add_parser("corpus")
    c.add_argument("--mb", type=float, required=True)
    c.add_argument("--out", required=True)
    c.add_argument("--seed", type=int, default=1)
    c.add_argument("--prefix", default="a")
    c.add_argument("--glossary-entities", type=int, default=100_000)
    a = p.parse_args()
    {"glossary": cmd_glossary, "corpus": cmd_corpus}[a.cmd](a)


if __name__ == "__main__":
    main()
