#!/usr/bin/env python3
"""Build tests/fixtures/variants/: an evaluation set of Arabic spelling variants of
foreign names (countries and territories, languages, cities), taken only from
public, permissively licensed data served by the package registries.

Run it through scripts/build_variant_set.sh, which downloads the pinned artifacts
of PINS into a throwaway folder. This script checks each artifact's sha256 and
reads the data straight out of the archives with the standard library only (no
downloaded package is installed or imported), then writes

  glossary.csv  per entity one Arabic form (the CLDR `ar` name) and one English form
                (CLDR `en`), both `preferred`, in the schema of glossary/*.csv;
  queries.csv   every other attested Arabic spelling: `identical` / `variant` for
                entities in glossary.csv, `holdout` for entities left out of it;
  README.md     sources, licences, counts, examples.

The output depends only on the pinned artifacts (byte-identical on every run).
`python3 scripts/build_variant_set.py --print-pins` lists the pins for the shell script.
"""
import argparse
import ast
import csv
import gettext
import hashlib
import io
import json
import os
import pickle
import re
import sys
import tarfile
import unicodedata
import zipfile
from collections import Counter, defaultdict

# ---------------------------------------------------------------------------
# Pinned artifacts: (registry, package, version, file name, sha256, licence).
# npm tarballs are fetched with `npm pack`, PyPI files with `pip download --no-deps`.
# ---------------------------------------------------------------------------
CLDR_MAIN = "48.2.0"
# Older CLDR releases are read only for the spellings they attest; each one listed
# attests at least one spelling (after folding) that no newer listed release has.
CLDR_NAMES_VERSIONS = ["48.2.0", "47.0.0", "45.0.0", "43.1.0", "38.1.0", "35.1.0", "31.0.1", "29.0.0"]
CLDR_DATES_VERSIONS = ["48.2.0", "47.0.0", "45.0.0", "44.1.0", "33.0.0", "31.0.1"]
BABEL_VERSIONS = ["2.3.4", "2.0", "0.9.6"]

UNICODE_LIC = "Unicode License v3 (Unicode-3.0)"
PINS = [
    ("npm", "cldr-localenames-full", "48.2.0", "cldr-localenames-full-48.2.0.tgz", "7f2ac7fd3b5d90f56ad127f9ed5ae67b58b3e556818f55530b9f47bb81bcde57", UNICODE_LIC),
    ("npm", "cldr-localenames-full", "47.0.0", "cldr-localenames-full-47.0.0.tgz", "a8a62bed512f264a424138db04e9ce3b1cdf2dda8de7abf00dab4bedcfb47cab", UNICODE_LIC),
    ("npm", "cldr-localenames-full", "45.0.0", "cldr-localenames-full-45.0.0.tgz", "eb30c8d8d798daef8eee41cd5fa874cd8b56b18f0ad90da961977ad791b92bec", UNICODE_LIC),
    ("npm", "cldr-localenames-full", "43.1.0", "cldr-localenames-full-43.1.0.tgz", "fd1c4eb6284443184be572d175b46f3aec6bf2f608dcc4eb885f8292c125b4ff", UNICODE_LIC),
    ("npm", "cldr-localenames-full", "38.1.0", "cldr-localenames-full-38.1.0.tgz", "4e84a91c01c522b00e5709ed109f25fe6618cc2fd5a679ab634fd9c98bd25542", UNICODE_LIC),
    ("npm", "cldr-localenames-full", "35.1.0", "cldr-localenames-full-35.1.0.tgz", "a1b47ad193041918b9ea3972cef6af9c75bbe96460dad3fe2df72fe1c56f674f", UNICODE_LIC),
    ("npm", "cldr-localenames-full", "31.0.1", "cldr-localenames-full-31.0.1.tgz", "27ba4365c08945eb94acde3024b26520261ddd6bace0e24fe174bbb390634230", UNICODE_LIC),
    ("npm", "cldr-localenames-full", "29.0.0", "cldr-localenames-full-29.0.0.tgz", "4bff43ee13dc8fb01b94aa48c522962cb7a16f7c174b18a4e4ab32a319b374ad", UNICODE_LIC),
    ("npm", "cldr-dates-full", "48.2.0", "cldr-dates-full-48.2.0.tgz", "0256f1cefeca14f7d515be4872dda48fcdd7e75381430f25aafd0143eae5b430", UNICODE_LIC),
    ("npm", "cldr-dates-full", "47.0.0", "cldr-dates-full-47.0.0.tgz", "b2be3ed93e4f80fad3ab2f3a461d6c995620a9bf63a5791b6c19bef7c0be0d47", UNICODE_LIC),
    ("npm", "cldr-dates-full", "45.0.0", "cldr-dates-full-45.0.0.tgz", "bfd4c1506504d8d517f0f2f285db01f047c21623842096966e20ba3ff444e79a", UNICODE_LIC),
    ("npm", "cldr-dates-full", "44.1.0", "cldr-dates-full-44.1.0.tgz", "06b3e11af8b927043d0a20a7ce157e382354aa7008a152c0cb9ac8f5294cd0d8", UNICODE_LIC),
    ("npm", "cldr-dates-full", "33.0.0", "cldr-dates-full-33.0.0.tgz", "d6d6d5fe7ebce3076fdba85ca15a74a87bcb1ab1fe64d9f8304ea49b25ffb586", UNICODE_LIC),
    ("npm", "cldr-dates-full", "31.0.1", "cldr-dates-full-31.0.1.tgz", "f05311508b4fe810f538f2916859f200436958a1bb08bb05dd335f822f588a2d", UNICODE_LIC),
    ("npm", "i18n-iso-countries", "7.14.0", "i18n-iso-countries-7.14.0.tgz", "bb418ebfb965789fcfbcce7dee59888d901ef64b03601da78b2e224cd6f5825c", "MIT"),
    ("npm", "@cospired/i18n-iso-languages", "4.2.0", "cospired-i18n-iso-languages-4.2.0.tgz", "0aef5a25d3b115b37a075cd95b4c3f1eb1029fecb225d8295f0f0301843056a8", "MIT"),
    ("pypi", "pycountry", "26.2.16", "pycountry-26.2.16-py3-none-any.whl", "115c4baf7cceaa30f59a4694d79483c9167dbce7a9de4d3d571c5f3ea77c305a", "LGPL-2.1-only (pycountry; bundles Debian iso-codes, LGPL-2.1-or-later)"),
    ("pypi", "django", "5.2.19", "django-5.2.19-py3-none-any.whl", "5965d974a5218a2b68a11dd1276434707f23886525c23f0598eccedaf4f4ca00", "BSD-3-Clause"),
    ("pypi", "django-countries", "9.1.0", "django_countries-9.1.0-py3-none-any.whl", "18c9f6e1a8e32356656b1db5ee94121310cbc3b91dc78171052a9ef9d57d5318", "MIT"),
    ("pypi", "hdx-python-country", "4.2.5", "hdx_python_country-4.2.5-py3-none-any.whl", "c2adb1aed704bc12ad32cbf47468c2ab8ebec675634b828e26bd7566b93e6680", "MIT"),
    ("pypi", "babel", "2.3.4", "Babel-2.3.4-py2.py3-none-any.whl", "3318ed2960240d61cbc6558858ee00c10eed77a6508c4d1ed8e6f7f48399c975", "BSD-3-Clause; locale data from CLDR (Unicode licence)"),
    ("pypi", "babel", "2.0", "Babel-2.0.tar.gz", "44988df191123065af9857eca68e9151526a931c12659ca29904e4f11de7ec1b", "BSD-3-Clause; locale data from CLDR (Unicode licence)"),
    ("pypi", "babel", "0.9.6", "Babel-0.9.6.zip", "149859d2b43da82ef61370a00c277578caf6048625d1456db8cbf22e49938dd6", "BSD-3-Clause; locale data from CLDR (Unicode licence)"),
]
PIN_FILE = {(p[1], p[2]): p[3] for p in PINS}

HOLDOUT_EVERY = 5  # entity i (0-based, in sorted entity_id order) is held out when i % 5 == 4

# CLDR territory codes that are not places of their own (unions, pseudo-regions, unknown).
NON_PLACE_TERRITORIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}
NON_LANGUAGES = {"und", "zxx", "mis", "mul", "root"}

# Attested strings that are plainly not a name of the entity they are filed under
# (checked by hand; they would mislabel queries). (kind, code, exact string): why.
ERRATA = {
    ("city", "Asia/Shanghai", "العالمية"): "Babel 0.9.6 (old CLDR) has the word 'global' here, not a name of Shanghai",
    ("country", "MD", "المالديف"): "iso-codes translates Moldova as the Maldives",
}

# A usable Arabic spelling: Arabic letters, harakat, dagger alef, tatweel, single
# spaces and hyphens only. Anything with brackets, commas, digits, Latin letters or
# placeholders (old CLDR releases store untranslated codes such as "CI") is skipped.
ARABIC_FORM = re.compile(r"^[\u0621-\u063A\u0641-\u064A][\u0621-\u063A\u0640-\u0652\u0670 \-]*[\u0621-\u063A\u0641-\u064A\u064B-\u0652\u0670]$")


# ---------------------------------------------------------------------------
# Folding: the same comparison the tool makes (docs/normalization.md, src/key.rs):
# presentation forms decomposed, harakat/tatweel/controls removed, hamza seats,
# alef maqsura and teh marbuta folded, Latin lower-cased without diacritics; then
# the *loose key*: tokens (runs of one script) concatenated, so spaces and hyphens
# do not count, with runs of alef collapsed.
# ---------------------------------------------------------------------------
_LETTER_MAP = {c: "ا" for c in "أإآٱٲٳٵ"}
_LETTER_MAP.update({"ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه", "ک": "ك", "ڪ": "ك"})
_LETTER_MAP.update({c: "ي" for c in "یېۍێےۓ"})
_LETTER_MAP.update({c: "ه" for c in "ھەۀہۃ"})


def _removed(c):
    o = ord(c)
    return (0x064B <= o <= 0x065F or o == 0x0670 or 0x0610 <= o <= 0x061A
            or 0x06D6 <= o <= 0x06ED or 0x08D3 <= o <= 0x08FF or 0x0300 <= o <= 0x036F
            or o == 0x0640 or 0x200B <= o <= 0x200F or 0x202A <= o <= 0x202E
            or 0x2066 <= o <= 0x2069 or 0x2060 <= o <= 0x2064 or o in (0x061C, 0xFEFF, 0x00AD))


def fold(s):
    out = []
    for ch in s:
        o = ord(ch)
        parts = ch if (o < 0x80 or 0x0600 <= o <= 0x06FF) else unicodedata.normalize("NFKD", ch)
        for c in parts:
            if _removed(c) or (unicodedata.combining(c) and not 0x0600 <= ord(c) <= 0x06FF):
                continue
            c = _LETTER_MAP.get(c, c)
            if "٠" <= c <= "٩":
                c = chr(ord(c) - 0x0660 + 0x30)
            elif "۰" <= c <= "۹":
                c = chr(ord(c) - 0x06F0 + 0x30)
            out.append(c.lower())
    return "".join(out)


def _script(c):
    if c.isascii() and c.isdigit():
        return "D"
    if "\u0621" <= c <= "\u064A" or "\u066E" <= c <= "\u06D3":
        return "A"
    if c.isalpha():
        return "L"
    if c.isnumeric():
        return "D"
    return None


def form_tokens(s):
    """Folded tokens (runs of Arabic letters, other letters or digits), as src/tokenize.rs."""
    toks, cur, buf = [], None, ""
    for c in fold(s):
        sc = _script(c)
        if sc is not None and sc == cur:
            buf += c
            continue
        if cur is not None:
            toks.append(buf)
        cur, buf = sc, (c if sc else "")
    if cur is not None:
        toks.append(buf)
    return toks


def loose_key(s):
    key = ""
    for t in form_tokens(s):
        for c in t:
            if c == "ا" and key.endswith("ا"):
                continue
            key += c
    return key


def slugify(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


# ---------------------------------------------------------------------------
# Reading the artifacts
# ---------------------------------------------------------------------------
class Archive:
    """Uniform read access to a .tgz / .tar.gz / .zip / .whl."""

    def __init__(self, path):
        self.path = path
        if path.endswith((".zip", ".whl")):
            self._z = zipfile.ZipFile(path)
            self.names = self._z.namelist()
        else:
            self._z = None
            self._tar_bytes = {}
            with tarfile.open(path, "r:gz") as t:
                for m in t:
                    if m.isfile() and self._wanted(m.name):
                        self._tar_bytes[m.name] = t.extractfile(m).read()
            self.names = sorted(self._tar_bytes)

    @staticmethod
    def _wanted(name):
        # Only the files this script reads (keeps memory small for the CLDR tarballs).
        return bool(re.search(r"/main/(ar(-[A-Za-z0-9]+)*|en)/(territories|languages|timeZoneNames)\.json$", name)
                    or re.search(r"locale-?data/ar(_[A-Z0-9]+)?\.dat$", name)
                    or name.endswith(("/langs/ar.json", "package.json", "LICENSE", "LICENSE.md")))

    def read(self, name):
        if self._z is not None:
            return self._z.read(name)
        return self._tar_bytes[name]

    def find(self, pattern):
        rx = re.compile(pattern)
        return sorted(n for n in self.names if rx.search(n))


def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def locale_order(locs):
    """`ar` first, then the regional locales in code order."""
    return sorted(locs, key=lambda l: (l not in ("ar",), l))


class _BabelStub:
    def __init__(self, *a, **k):
        pass

    def __setstate__(self, state):
        pass


class _BabelUnpickler(pickle.Unpickler):
    """Babel's locale .dat files are pickles; only babel's own pattern classes occur in
    them. Those become inert stubs; any other class is refused."""

    def find_class(self, module, name):
        if module.split(".")[0] == "babel":
            return _BabelStub
        raise pickle.UnpicklingError(f"refusing {module}.{name}")


class Sources:
    """Collects attestations: (kind, code) -> [(raw spelling, source label)] in priority order."""

    def __init__(self, dl):
        self.dl = dl
        self.att = defaultdict(list)
        self.per_source = Counter()   # source family -> attestations read
        self.en = {"country": {}, "lang": {}, "city": {}}
        self.ar_main = {"country": {}, "lang": {}, "city": {}}
        self.cldr_alt_ar = {"country": defaultdict(list), "lang": defaultdict(list)}

    def open(self, pkg, ver):
        return Archive(os.path.join(self.dl, PIN_FILE[(pkg, ver)]))

    def add(self, kind, code, raw, source, family):
        if not isinstance(raw, str):
            return
        raw = unicodedata.normalize("NFC", raw.strip())
        if raw:
            self.att[(kind, code)].append((raw, source))
            self.per_source[family] += 1

    # -- CLDR JSON ----------------------------------------------------------
    def cldr_names(self, ver):
        a = self.open("cldr-localenames-full", ver)
        locs = {}
        for n in a.find(r"/main/[^/]+/(territories|languages)\.json$"):
            loc = n.split("/")[-2]
            if loc == "ar" or loc.startswith("ar-") or loc == "en":
                locs.setdefault(loc, []).append(n)
        for loc in ["en"] + locale_order([l for l in locs if l != "en"]):
            for n in sorted(locs.get(loc, [])):
                part = "territories" if n.endswith("territories.json") else "languages"
                kind = "country" if part == "territories" else "lang"
                data = json.loads(a.read(n))["main"][loc]["localeDisplayNames"][part]
                # the plain key first, then its alt forms
                for key in sorted(data, key=lambda k: (k.split("-alt-")[0], "-alt-" in k, k)):
                    code, _, alt = key.partition("-alt-")
                    val = data[key]
                    if loc == "en":
                        if ver == CLDR_MAIN and not alt:
                            self.en[kind][code] = val
                        continue
                    if ver == CLDR_MAIN and loc == "ar":
                        if not alt:
                            self.ar_main[kind][code] = val
                        else:
                            self.cldr_alt_ar[kind][code].append(val)
                    self.add(kind, code, val, f"cldr-localenames-full@{ver}:{loc}:{key}", f"CLDR {ver}")

    def cldr_dates(self, ver):
        a = self.open("cldr-dates-full", ver)
        locs = {}
        for n in a.find(r"/main/[^/]+/timeZoneNames\.json$"):
            loc = n.split("/")[-2]
            if loc == "ar" or loc.startswith("ar-") or loc == "en":
                locs[loc] = n
        for loc in ["en"] + locale_order([l for l in locs if l != "en"]):
            if loc not in locs:
                continue
            zones = {}

            def walk(node, path):
                for k in sorted(node):
                    v = node[k]
                    if isinstance(v, dict):
                        for ek in sorted(x for x in v if x.startswith("exemplarCity") and isinstance(v[x], str)):
                            zones[("/".join(path + [k]), ek)] = v[ek]
                        walk(v, path + [k])

            walk(json.loads(a.read(locs[loc]))["main"][loc]["dates"]["timeZoneNames"]["zone"], [])
            for (zone, ek), val in sorted(zones.items()):
                if zone.startswith("Etc/"):
                    continue
                if loc == "en":
                    if ver == CLDR_MAIN and ek == "exemplarCity":
                        self.en["city"][zone] = val
                    continue
                if ver == CLDR_MAIN and loc == "ar" and ek == "exemplarCity":
                    self.ar_main["city"][zone] = val
                suffix = "" if ek == "exemplarCity" else ":" + ek
                self.add("city", zone, val, f"cldr-dates-full@{ver}:{loc}:{zone}{suffix}", f"CLDR {ver}")

    # -- other packages -----------------------------------------------------
    def pycountry(self):
        ver = "26.2.16"
        a = self.open("pycountry", ver)
        countries = json.loads(a.read("pycountry/databases/iso3166-1.json"))["3166-1"]
        tr = gettext.GNUTranslations(io.BytesIO(a.read("pycountry/locales/ar/LC_MESSAGES/iso3166-1.mo")))
        for c in countries:
            for field in ("name", "common_name"):  # official_name ("Republic of ...") left out: a longer name, not a spelling
                if field in c:
                    t = tr.gettext(c[field])
                    if t != c[field]:
                        self.add("country", c["alpha_2"], t, f"pycountry@{ver}:iso3166-1:{c['alpha_2']}:{field}", "iso-codes (pycountry)")
        langs = json.loads(a.read("pycountry/databases/iso639-3.json"))["639-3"]
        tr = gettext.GNUTranslations(io.BytesIO(a.read("pycountry/locales/ar/LC_MESSAGES/iso639-3.mo")))
        for l in langs:
            t = tr.gettext(l["name"])
            if t == l["name"]:
                continue
            for code in (l.get("alpha_2"), l["alpha_3"]):
                if code and code in self.ar_main["lang"]:
                    self.add("lang", code, t, f"pycountry@{ver}:iso639-3:{l['alpha_3']}", "iso-codes (pycountry)")
                    break

    def i18n_iso(self):
        for pkg, ver, kind, field in (("i18n-iso-countries", "7.14.0", "country", "countries"),
                                      ("@cospired/i18n-iso-languages", "4.2.0", "lang", "languages")):
            a = self.open(pkg, ver)
            data = json.loads(a.read("package/langs/ar.json"))[field]
            for code in sorted(data):
                vals = data[code] if isinstance(data[code], list) else [data[code]]
                for i, v in enumerate(vals):
                    self.add(kind, code, v, f"{pkg}@{ver}:ar:{code}" + (f"[{i}]" if len(vals) > 1 else ""), pkg)

    def django_countries(self):
        ver = "9.1.0"
        a = self.open("django-countries", ver)
        tree = ast.parse(a.read("django_countries/data.py").decode("utf-8"))
        names = {}
        for node in ast.walk(tree):
            target = getattr(node, "target", None) or (node.targets[0] if isinstance(node, ast.Assign) else None)
            if getattr(target, "id", None) == "COUNTRIES" and isinstance(node.value, ast.Dict):
                for k, v in zip(node.value.keys, node.value.values):
                    names[k.value] = v.args[0].value
        tr = gettext.GNUTranslations(io.BytesIO(a.read("django_countries/locale/ar/LC_MESSAGES/django.mo")))
        for code in sorted(names):
            t = tr.gettext(names[code])
            if t != names[code]:
                self.add("country", code, t, f"django-countries@{ver}:ar:{code}", "django-countries")

    def django(self):
        ver = "5.2.19"
        a = self.open("django", ver)
        tree = ast.parse(a.read("django/conf/global_settings.py").decode("utf-8"))
        langs = []
        for node in tree.body:
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "LANGUAGES":
                for elt in node.value.elts:
                    langs.append((elt.elts[0].value, elt.elts[1].args[0].value))
        for loc in ("ar", "ar_DZ"):
            tr = gettext.GNUTranslations(io.BytesIO(a.read(f"django/conf/locale/{loc}/LC_MESSAGES/django.mo")))
            for code, name in langs:
                t = tr.gettext(name)
                if "-" not in code and t != name:
                    self.add("lang", code, t, f"django@{ver}:{loc}:{code}", "Django")

    def hdx(self):
        ver = "4.2.5"
        a = self.open("hdx-python-country", ver)
        rows = csv.DictReader(io.StringIO(a.read("hdx/location/Countries & Territories Taxonomy MVP - C&T Taxonomy.csv").decode("utf-8")))
        for r in rows:
            code = r["ISO 3166-1 Alpha 2-Codes"].strip()
            if not code or r["Deprecated"].strip() == "Y":
                continue
            for col in ("Arabic Short", "M49 Arabic"):
                self.add("country", code, r[col], f"hdx-python-country@{ver}:{col}:{code}", "hdx-python-country")

    def babel(self, ver):
        a = self.open("babel", ver)
        files = {re.search(r"(ar(_[A-Z0-9]+)?)\.dat$", n).group(1): n for n in a.find(r"locale-?data/ar(_[A-Z0-9]+)?\.dat$")}
        for loc in locale_order(files):
            d = _BabelUnpickler(io.BytesIO(a.read(files[loc])), encoding="latin1").load()
            label = loc.replace("_", "-")
            for code, v in sorted(d.get("territories", {}).items()):
                self.add("country", code, v, f"babel@{ver}:{label}:territory:{code}", f"Babel {ver}")
            for code, v in sorted(d.get("languages", {}).items()):
                self.add("lang", code, v, f"babel@{ver}:{label}:language:{code}", f"Babel {ver}")
            for zone, info in sorted(d.get("time_zones", {}).items()):
                if isinstance(info, dict) and isinstance(info.get("city"), str) and not zone.startswith("Etc/"):
                    self.add("city", zone, info["city"], f"babel@{ver}:{label}:{zone}", f"Babel {ver}")

    def collect(self):
        # Priority order: it decides which raw spelling (and source) represents a folded form.
        self.cldr_names(CLDR_MAIN)
        self.cldr_dates(CLDR_MAIN)
        self.pycountry()
        self.i18n_iso()
        self.django_countries()
        self.django()
        self.hdx()
        for v in CLDR_NAMES_VERSIONS:
            if v != CLDR_MAIN:
                self.cldr_names(v)
        for v in CLDR_DATES_VERSIONS:
            if v != CLDR_MAIN:
                self.cldr_dates(v)
        for v in BABEL_VERSIONS:
            self.babel(v)


# ---------------------------------------------------------------------------
# Entities, glossary, queries
# ---------------------------------------------------------------------------
_GENERIC_EN = {"islands", "island", "isles", "archipelago", "the", "and", "of", "st", "saint"}
_GENERIC_AR = {"جزر", "جزيره"}


def _en_words(s):
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c)).lower()
    return set(re.findall(r"[a-z0-9]+", s)) - _GENERIC_EN


def _ar_words(s):
    return set(fold(s).replace("-", " ").split()) - _GENERIC_AR


def build(src, log):
    ents = []  # dicts: id, type, kind, code, ar, en, note
    kind_rank = {"country": 0, "lang": 1, "city": 2}
    for code in sorted(src.ar_main["country"]):
        if re.fullmatch(r"[A-Z]{2}", code) and code not in NON_PLACE_TERRITORIES:
            ents.append(dict(kind="country", code=code, id=f"country-{code.lower()}", type="place"))
    for code in sorted(src.ar_main["lang"]):
        if re.fullmatch(r"[a-z]{2,3}", code) and code not in NON_LANGUAGES:
            ents.append(dict(kind="lang", code=code, id=f"lang-{code}", type="other"))
    for zone in sorted(src.ar_main["city"]):
        en = src.en["city"].get(zone) or zone.split("/")[-1].replace("_", " ")
        src.en["city"][zone] = en
        ents.append(dict(kind="city", code=zone, id=f"city-{slugify(en)}", type="place"))

    kept, dropped = [], []
    for e in ents:
        k, c = e["kind"], e["code"]
        e["en"] = src.en[k].get(c)
        main = src.ar_main[k][c]
        e["note"] = ""
        if not e["en"]:
            dropped.append((e, "no English name in CLDR en"))
            continue
        if ARABIC_FORM.match(main):
            e["ar"] = main
        else:
            # The CLDR main name has brackets, a comma or Latin text: take the first usable
            # spelling of the same entity (CLDR ar alt forms first, then source priority order).
            cands = src.cldr_alt_ar.get(k, {}).get(c, []) + [r for r, _ in src.att[(k, c)]]
            alt = next((r for r in cands if ARABIC_FORM.match(r)), None)
            if alt is None:
                dropped.append((e, f"CLDR ar name {main!r} is not a plain Arabic spelling and no alternative is"))
                continue
            e["ar"] = alt
            e["note"] = f"CLDR ar name is {main}"
            log.append(f"preferred form: {e['id']}: CLDR ar {main!r} -> {alt!r}")
        kept.append(e)

    # Entity ids must be unique (cities named alike in English get their zone region).
    ids = Counter(e["id"] for e in kept)
    for e in kept:
        if ids[e["id"]] > 1:
            e["id"] = f"city-{slugify(e['code'].replace('/', '-'))}"

    # A time-zone city named after (part of) a territory is that territory's own zone
    # (Cayman, Macao, São Tomé, Brazzaville ...): drop it, or queries for the territory
    # would have two right answers.
    countries = [e for e in kept if e["kind"] == "country"]
    for e in [e for e in kept if e["kind"] == "city"]:
        for c in countries:
            c_ar = [c["ar"]] + src.cldr_alt_ar["country"].get(c["code"], [])
            if ((_en_words(e["en"]) and _en_words(e["en"]) <= _en_words(c["en"]))
                    or any(_ar_words(e["ar"]) and _ar_words(e["ar"]) <= _ar_words(f) for f in c_ar)):
                dropped.append((e, f"its name is part of the name of {c['id']} ({c['en']}, {c['ar']})"))
                kept.remove(e)
                break

    # Folded-form uniqueness across entities (Arabic and English): countries beat
    # languages beat cities; within a kind, code order decides. The loser is dropped.
    taken = {}
    final = []
    for e in sorted(kept, key=lambda e: (kind_rank[e["kind"]], e["code"])):
        clash = None
        for lang, form in (("ar", e["ar"]), ("en", e["en"])):
            key = (lang, loose_key(form))
            if key in taken:
                clash = (lang, form, taken[key])
                break
        if clash:
            dropped.append((e, f"{clash[0]} form {clash[1]!r} folds like {clash[2]['id']}'s"))
            continue
        taken[("ar", loose_key(e["ar"]))] = e
        taken[("en", loose_key(e["en"]))] = e
        final.append(e)
    for e, why in dropped:
        log.append(f"dropped entity {e['id']}: {why}")

    final.sort(key=lambda e: e["id"])
    for i, e in enumerate(final):
        e["holdout"] = i % HOLDOUT_EVERY == HOLDOUT_EVERY - 1
    return final, dropped


def make_queries(src, ents, log):
    main_owner = {loose_key(e["ar"]): e for e in ents}  # glossary and holdout entities
    skipped = Counter()
    per_ent = {}
    owners = defaultdict(set)  # folded form -> entities attesting it
    for e in ents:
        groups = {}
        main_k = loose_key(e["ar"])
        for raw, source in src.att[(e["kind"], e["code"])]:
            if not ARABIC_FORM.match(raw):
                if re.search(r"[A-Za-z0-9]", raw) or not re.search("[\u0621-\u064A]", raw):
                    skipped["Latin letters or digits (mostly untranslated codes in old CLDR)"] += 1
                else:
                    skipped["brackets, commas or other punctuation"] += 1
                continue
            if (e["kind"], e["code"], raw) in ERRATA:
                skipped["source error (see ERRATA)"] += 1
                log.append(f"skipped {raw} ({e['id']}, {source}): {ERRATA[(e['kind'], e['code'], raw)]}")
                continue
            k = loose_key(raw)
            if k not in groups:
                groups[k] = (raw, source)
            elif k == main_k and groups[k][0] == e["ar"] and raw != e["ar"] and not e["holdout"]:
                # for the glossary form's own key keep the first spelling that differs from it
                groups[k] = (raw, source)
        if main_k not in groups:  # the preferred form always belongs to its entity
            groups[main_k] = (e["ar"], "glossary")
        per_ent[e["id"]] = groups
        for k in groups:
            owners[k].add(e["id"])

    rows = []
    for e in ents:
        main_k = loose_key(e["ar"])
        for k, (raw, source) in sorted(per_ent[e["id"]].items()):
            if k == main_k:
                if e["holdout"]:
                    rows.append((raw, "", source, "holdout", e["id"]))
                elif raw != e["ar"]:
                    rows.append((raw, e["id"], source, "identical", e["id"]))
                continue
            if k in main_owner:
                other = main_owner[k]
                skipped["folds like another entity's preferred form"] += 1
                log.append(f"skipped {raw} ({e['id']}, {source}): folds like the preferred form of {other['id']}")
                continue
            others = owners[k] - {e["id"]}
            if others:
                skipped["attested for two entities"] += 1
                log.append(f"skipped {raw} ({e['id']}, {source}): also attested for {', '.join(sorted(others))}")
                continue
            if e["holdout"]:
                rows.append((raw, "", source, "holdout", e["id"]))
            else:
                rows.append((raw, e["id"], source, "variant", e["id"]))
    kind_rank = {"identical": 0, "variant": 1, "holdout": 2}
    rows.sort(key=lambda r: (kind_rank[r[3]], r[4], loose_key(r[0]), r[0]))
    return rows, skipped


def write_csv(path, header, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(header)
        w.writerows(rows)


# ---------------------------------------------------------------------------
# README
# ---------------------------------------------------------------------------
def levenshtein(a, b):
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def write_readme(path, ents, dropped, rows, skipped, src, log, command, unicode_copyright):
    gl = [e for e in ents if not e["holdout"]]
    ho = [e for e in ents if e["holdout"]]
    by_kind = Counter(r[3] for r in rows)
    ent_by = {e["id"]: e for e in ents}
    variants = [r for r in rows if r[3] == "variant"]
    # closeness of each variant to its glossary form (edit distance on folded keys / length)
    close = Counter()
    for r in variants:
        a, b = loose_key(r[0]), loose_key(ent_by[r[1]]["ar"])
        d = levenshtein(a, b) / max(len(a), len(b))
        close["≤ 0.25" if d <= 0.25 else "0.25–0.5" if d <= 0.5 else "> 0.5"] += 1
    # queries that contain another glossary entity's whole form as a run of words
    gl_toks = [(e["id"], form_tokens(e["ar"])) for e in gl]
    contains = Counter()
    contain_ex = []
    for r in rows:
        if r[3] == "identical":
            continue
        qt = form_tokens(r[0])
        for eid, ft in gl_toks:
            if eid != r[1] and len(ft) <= len(qt) and any(qt[i:i + len(ft)] == ft for i in range(len(qt) - len(ft) + 1)):
                contains[r[3]] += 1
                if len(contain_ex) < 3 and r[3] == "variant":
                    contain_ex.append(f"{r[0]} ⊃ {ent_by[eid]['ar']}")
                break
    by_family = Counter(r[2].split("@")[0] if not r[2].startswith("@") else "@" + r[2][1:].split("@")[0] for r in variants)
    kinds = Counter(e["kind"] for e in gl)
    hkinds = Counter(e["kind"] for e in ho)
    vkinds = Counter(ent_by[r[1]]["kind"] for r in variants)
    label = {"country": "countries and territories", "lang": "languages", "city": "cities (time-zone exemplar cities)"}

    # 15 examples: spread over the variant rows, closest (single-edit) spellings preferred.
    cands = sorted(variants, key=lambda r: (levenshtein(loose_key(r[0]), loose_key(ent_by[r[1]]["ar"])) > 2, r[1], r[0]))
    pool = [r for r in cands if levenshtein(loose_key(r[0]), loose_key(ent_by[r[1]]["ar"])) <= 2]
    step = max(1, len(pool) // 15)
    examples = pool[::step][:15]

    fams = sorted(src.per_source.items())
    L = []
    L.append("# Arabic name spelling variants (evaluation fixture)\n")
    L.append("Generated by `scripts/build_variant_set.py`; do not edit by hand. Regenerate with\n")
    L.append(f"    {command}\n")
    L.append("(needs python3 ≥ 3.11, pip, npm and access to PyPI and the npm registry; it downloads the")
    L.append("pinned artifacts below into a throwaway temp folder, checks their sha256 and reads them")
    L.append("without installing them). The output is byte-identical on every run.\n")
    L.append("## Files\n")
    L.append("* `glossary.csv` — glossary schema (`entity_id,type,lang,form,status,note,term_type`), one")
    L.append("  `ar` and one `en` `preferred` form per entity; rows sorted by (entity_id, lang, form).")
    L.append("  The Arabic form is the CLDR " + CLDR_MAIN + " `ar` name, the English one the CLDR `en` name.")
    L.append("* `queries.csv` — `query,expected_entity,source,kind`: one Arabic spelling per row.")
    L.append("  * `identical`: folds (see below) to the same key as the entity's glossary form, but is")
    L.append("    written differently (hamza seat, harakat, ى/ي, ة/ه, spacing); one per entity at most.")
    L.append("  * `variant`: a different spelling or name of a glossary entity after folding — what")
    L.append("    fuzzy matching is for. Some are renamings or longer/shorter names rather than")
    L.append("    spellings (سوازيلاند for إسواتيني, الاتحاد الروسي for روسيا); see *closeness* below.")
    L.append("  * `holdout`: spellings of entities deliberately left out of `glossary.csv`")
    L.append(f"    (every {HOLDOUT_EVERY}th entity in entity_id order); `expected_entity` is empty and a")
    L.append("    matcher must not link them to anything.")
    L.append("  * `source`: the first source (in the priority order below) that attests the spelling:")
    L.append("    `package@version:locale:key`. Other sources may attest the same spelling too.")
    L.append("  Rows sorted by kind, entity, folded form.")
    L.append("* `NOTICES.txt` — the licence texts of the source packages (see *Licence obligations*).\n")
    L.append("Folding is the tool's (docs/normalization.md): أ إ آ ٱ → ا, ى → ي, ة → ه, ؤ → و, ئ → ي,")
    L.append("harakat and tatweel removed, and spaces and hyphens ignored with alef runs collapsed")
    L.append("(the *loose key* of src/key.rs). Queries are de-duplicated per entity by that key.")
    L.append("A spelling is used only when it is plain Arabic (letters, harakat, spaces, hyphens):")
    L.append("forms with brackets, commas, digits, Latin letters or untranslated codes are skipped. So is a")
    L.append("spelling that folds like another entity's preferred form, or that sources attest for two")
    L.append("entities (ambiguous), and the hand-checked source errors listed in `ERRATA` of the builder.\n")
    L.append("## Counts\n")
    L.append(f"* Entities: {len(ents)} — {len(gl)} in `glossary.csv` ({len(gl) * 2} rows), {len(ho)} held out.")
    for k in ("country", "lang", "city"):
        L.append(f"  * {label[k]}: {kinds[k]} in the glossary, {hkinds[k]} held out")
    L.append(f"* Queries: {len(rows)} — identical {by_kind['identical']}, variant {by_kind['variant']}, holdout {by_kind['holdout']}.")
    L.append("  * variants by entity kind: " + ", ".join(f"{label[k]} {vkinds[k]}" for k in ("country", "lang", "city")))
    L.append("  * variant closeness, edit distance between folded keys ÷ longer key length: "
             + ", ".join(f"{k}: {close[k]}" for k in ("≤ 0.25", "0.25–0.5", "> 0.5")))
    L.append("  * variants by the source that attests them first: " + ", ".join(f"{k} {v}" for k, v in sorted(by_family.items(), key=lambda kv: (-kv[1], kv[0]))))
    L.append(f"  * queries containing another glossary entity's whole form as whole words (no clitic")
    L.append(f"    stripping): variant {contains['variant']}, holdout {contains['holdout']}; e.g. " + "; ".join(contain_ex) + ".")
    L.append("    A matcher that scans a query as running text may find that entity too.")
    L.append(f"* Entities dropped before the holdout split ({len(dropped)}), listed at the end: a time-zone")
    L.append("  city named after (part of) a territory (Macao, São Tomé, Brazzaville: the territory's own")
    L.append("  zone); an English or Arabic name that folds like a higher-priority entity's (countries before")
    L.append("  languages before cities, then code order; e.g. عمّان and عُمان); no plain Arabic name.")
    L.append("* Candidate spellings skipped: " + "; ".join(f"{v} × {k}" for k, v in sorted(skipped.items())) + ".\n")
    L.append("## Examples (`variant` query → glossary form)\n")
    L.append("| query | glossary form | entity | source |")
    L.append("|---|---|---|---|")
    for r in examples:
        L.append(f"| {r[0]} | {ent_by[r[1]]['ar']} | `{r[1]}` | `{r[2]}` |")
    L.append("")
    L.append("## Sources and licences\n")
    L.append("| registry | package | version | licence | file sha256 |")
    L.append("|---|---|---|---|---|")
    for reg, pkg, ver, fn, h, lic in PINS:
        L.append(f"| {reg} | `{pkg}` | {ver} | {lic} | `{h[:16]}…` |")
    L.append("")
    L.append("What each contributes (entity ↔ code mapping in brackets):\n")
    L.append(f"* **Unicode CLDR** (`cldr-localenames-full`, `cldr-dates-full`): territory and language names")
    L.append("  (with `-alt-short`/`-alt-variant`/… forms) and time-zone exemplar cities in `ar` and all")
    L.append("  regional Arabic locales (`ar-AE` … `ar-YE`) [CLDR codes, zone ids]. " + CLDR_MAIN + " defines the")
    L.append("  entities and their glossary forms; older releases (" + ", ".join(v for v in CLDR_NAMES_VERSIONS if v != CLDR_MAIN)
             + " for names, " + ", ".join(v for v in CLDR_DATES_VERSIONS if v != CLDR_MAIN) + " for cities) add the")
    L.append("  spellings they used before being changed. Each listed release attests at least one spelling")
    L.append("  no newer listed release has.")
    L.append("* **Babel** (PyPI) 2.3.4, 2.0 and 0.9.6 ship CLDR 28, 23.1 and 1.6 compiled into pickles:")
    L.append("  older CLDR than the npm packages reach. Read with an unpickler that refuses every class")
    L.append("  outside babel's own [CLDR codes, zone ids].")
    L.append("* **iso-codes** via **pycountry** 26.2.16: Arabic translations of ISO 3166-1 `name` and")
    L.append("  `common_name` (not `official_name`, a longer name) and ISO 639-3 names [alpha-2, else alpha-3].")
    L.append("* **i18n-iso-countries** 7.14.0 / **@cospired/i18n-iso-languages** 4.2.0: `langs/ar.json`")
    L.append("  [ISO 3166-1 alpha-2 / ISO 639-1].")
    L.append("* **django-countries** 9.1.0: Arabic catalogue of its country list [alpha-2].")
    L.append("* **Django** 5.2.19: `ar` and `ar_DZ` catalogues of `LANGUAGES` [its language codes; regional")
    L.append("  codes such as `zh-hans` left out].")
    L.append("* **hdx-python-country** 4.2.5: OCHA's Countries & Territories Taxonomy shipped in the")
    L.append("  wheel, columns `Arabic Short` (UNTERM) and `M49 Arabic` (UN M49) [alpha-2; deprecated rows")
    L.append("  skipped]. The wheel is MIT-licensed and states no separate licence for the table (whose")
    L.append("  Arabic columns carry UN terminology / M49 names); to leave it out, drop `self.hdx()` from")
    L.append(f"  `Sources.collect` ({by_family.get('hdx-python-country', 0)} variant queries come first from it).")
    L.append("")
    L.append("Considered and not used: `@hotosm/iso-countries-languages` (country names from OpenStreetMap,")
    L.append("ODbL share-alike), `countrynames` (names without a language tag: Arabic-script Persian, Urdu")
    L.append("and Uyghur forms mixed in), `language_data` and `phonenumbers` (CLDR copies adding nothing).\n")
    L.append("Licence obligations. This folder is test data derived from the packages above; the")
    L.append("builder copies each package's licence text into `NOTICES.txt` here, which satisfies the")
    L.append("notice requirements when the fixture is copied or redistributed:")
    L.append(f"* Unicode License v3 (CLDR, and the CLDR data inside Babel): the copyright and permission")
    L.append(f"  notice must accompany copies of the data ({unicode_copyright}).")
    L.append("* MIT (i18n-iso-countries, @cospired/i18n-iso-languages, django-countries, hdx-python-country)")
    L.append("  and BSD-3-Clause (Django, Babel): keep the copyright notice and licence text with copies;")
    L.append("  BSD-3 also forbids using the authors' names to endorse derived products.")
    L.append("* LGPL-2.1 (iso-codes translations via pycountry): the copied strings stay under the LGPL-2.1")
    L.append("  (licence text in `NOTICES.txt`; source: the public iso-codes project, as packaged in")
    L.append("  pycountry 26.2.16). The fixture is test data read by the tests, not code linked into")
    L.append("  `glossalign`.")
    L.append("Nothing here restricts using the fixture for testing.\n")
    L.append("## Dropped entities\n")
    for e, why in dropped:
        L.append(f"* `{e['id']}` ({e['en']}): {why}")
    L.append("")
    L.append("## Preferred-form exceptions\n")
    pf = [e for e in ents if e["note"]]
    if pf:
        for e in pf:
            L.append(f"* `{e['id']}`: {e['note']} — not plain Arabic; the glossary uses {e['ar']}")
    else:
        L.append("None.")
    L.append("")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(L))


NOTICE_FILES = [
    ("Unicode CLDR (cldr-localenames-full, cldr-dates-full; also the CLDR data inside Babel)",
     ("cldr-localenames-full", CLDR_MAIN), "package/LICENSE"),
    ("i18n-iso-countries", ("i18n-iso-countries", "7.14.0"), "package/LICENSE"),
    ("@cospired/i18n-iso-languages", ("@cospired/i18n-iso-languages", "4.2.0"), "package/LICENSE"),
    ("Django", ("django", "5.2.19"), "django-5.2.19.dist-info/licenses/LICENSE"),
    ("hdx-python-country", ("hdx-python-country", "4.2.5"), "hdx_python_country-4.2.5.dist-info/licenses/LICENSE"),
    ("Babel 2.0 (the 2.3.4 wheel ships no licence file; same project and licence)", ("babel", "2.0"), "Babel-2.0/LICENSE"),
    ("Babel 0.9.6", ("babel", "0.9.6"), "Babel-0.9.6/COPYING"),
    ("pycountry (bundling the iso-codes translations)", ("pycountry", "26.2.16"), "pycountry-26.2.16.dist-info/licenses/LICENSE.txt"),
]


def write_notices(path, dl):
    """Copy each source package's licence text; return the Unicode copyright line."""
    parts = ["Licence texts of the packages the variant fixture is derived from (see README.md).",
             "Copied verbatim from the pinned artifacts by scripts/build_variant_set.py.", ""]
    unicode_copyright = None
    for title, pin, member in NOTICE_FILES:
        text = Archive(os.path.join(dl, PIN_FILE[pin])).read(member).decode("utf-8").replace("\r\n", "\n").strip("\n")
        if pin[0] == "cldr-localenames-full":
            unicode_copyright = next(l.strip() for l in text.splitlines() if l.strip().startswith("Copyright"))
        parts += ["=" * 78, f"{title} — {pin[0]} {pin[1]}, {member}", "=" * 78, text, ""]
    # django-countries ships no licence file; its metadata says MIT.
    meta = Archive(os.path.join(dl, PIN_FILE[("django-countries", "9.1.0")])).read(
        "django_countries-9.1.0.dist-info/METADATA").decode("utf-8")
    fields = [l for l in meta.splitlines() if l.split(":")[0] in ("Author", "License", "License-Expression")]
    parts += ["=" * 78, "django-countries 9.1.0 (the wheel ships no licence file; from its METADATA)", "=" * 78] + fields + [""]
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(parts))
    return unicode_copyright


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--print-pins", action="store_true", help="print `registry package version file` lines and exit")
    ap.add_argument("--downloads", help="folder holding the pinned artifacts")
    ap.add_argument("--out", help="output folder (tests/fixtures/variants)")
    ap.add_argument("--command", default="bash scripts/build_variant_set.sh")
    a = ap.parse_args()
    if a.print_pins:
        for reg, pkg, ver, fn, _, _ in PINS:
            print(reg, pkg, ver, fn)
        return 0
    if not a.downloads or not a.out:
        ap.error("--downloads and --out are required")
    for reg, pkg, ver, fn, h, _ in PINS:
        p = os.path.join(a.downloads, fn)
        if not os.path.exists(p):
            sys.exit(f"missing artifact {fn}")
        got = sha256(p)
        if got != h:
            sys.exit(f"sha256 mismatch for {fn}: {got} (expected {h})")

    src = Sources(a.downloads)
    src.collect()
    log = []
    ents, dropped = build(src, log)
    rows, skipped = make_queries(src, ents, log)

    os.makedirs(a.out, exist_ok=True)
    gl_rows = []
    for e in ents:
        if e["holdout"]:
            continue
        gl_rows.append((e["id"], e["type"], "ar", e["ar"], "preferred", e["note"], "full"))
        gl_rows.append((e["id"], e["type"], "en", e["en"], "preferred", "", "full"))
    gl_rows.sort(key=lambda r: (r[0], r[2], r[3]))
    write_csv(os.path.join(a.out, "glossary.csv"), ["entity_id", "type", "lang", "form", "status", "note", "term_type"], gl_rows)
    write_csv(os.path.join(a.out, "queries.csv"), ["query", "expected_entity", "source", "kind"], [r[:4] for r in rows])
    unicode_copyright = write_notices(os.path.join(a.out, "NOTICES.txt"), a.downloads)
    write_readme(os.path.join(a.out, "README.md"), ents, dropped, rows, skipped, src, log, a.command, unicode_copyright)

    for line in log:
        print(line, file=sys.stderr)
    c = Counter(r[3] for r in rows)
    print(f"entities {len(ents)} (glossary {sum(not e['holdout'] for e in ents)}, holdout {sum(e['holdout'] for e in ents)}, "
          f"dropped {len(dropped)}); queries {len(rows)}: identical {c['identical']}, variant {c['variant']}, holdout {c['holdout']}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
