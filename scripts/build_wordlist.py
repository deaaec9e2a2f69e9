#!/usr/bin/env python3
"""Write data/ar_frequent_words.txt from the wordfreq package's Arabic list.

Run through scripts/build_wordlist.sh, which installs the pinned wordfreq
into a throwaway virtualenv first. Output is deterministic: it depends only
on the wordfreq data file, whose sha256 is recorded in the header.
"""
import argparse
import hashlib
import importlib.metadata
import os
import re
import sys

import wordfreq

LANG = "ar"
WORDLIST = "large"
# Arabic letters U+0621..U+064A, minus tatweel U+0640 (a stretching mark, not
# a letter), plus the harakat U+064B..U+0652 (wordfreq already strips them for
# Arabic, so none occur in practice).
ARABIC_WORD = re.compile("^[\u0621-\u063F\u0641-\u064A\u064B-\u0652]+$")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--target", type=int, required=True,
                    help="minimum number of words; the last frequency bin is kept whole")
    ap.add_argument("--expect-version", required=True)
    ap.add_argument("--wheel-sha256", required=True)
    ap.add_argument("--command", required=True)
    a = ap.parse_args()

    version = importlib.metadata.version("wordfreq")
    if version != a.expect_version:
        sys.exit(f"wordfreq {version} installed, expected {a.expect_version}")
    code_licence = importlib.metadata.metadata("wordfreq").get("License")

    data_path = wordfreq.available_languages(WORDLIST)[LANG]
    if os.path.basename(data_path) != "large_ar.msgpack.gz":
        sys.exit(f"unexpected data file {data_path}")
    with open(data_path, "rb") as f:
        data_sha = hashlib.sha256(f.read()).hexdigest()

    # Bin i holds the words whose frequency rounds to 10^(-i/100)
    # (1 centibel wide); wordfreq stores each bin in codepoint order.
    bins = wordfreq.get_frequency_list(LANG, WORDLIST)
    words, seen, last_bin = [], set(), None
    total_tokens = 0
    for i, b in enumerate(bins):
        total_tokens += len(b)
        if len(words) >= a.target:
            continue
        for w in b:
            if ARABIC_WORD.match(w) and w not in seen:
                seen.add(w)
                words.append(w)
        last_bin = i
    if len(words) < a.target:
        sys.exit(f"only {len(words)} Arabic words available")
    cutoff_zipf = 9 - last_bin / 100

    header = [
        "ar_frequent_words.txt: frequent Arabic word forms, most frequent first, one per line.",
        "Lines starting with '#' are comments. Do not edit by hand; regenerate with the command below.",
        f"Source: wordfreq {version} (PyPI package 'wordfreq', Robyn Speer), wordlist '{WORDLIST}', language '{LANG}',",
        f"  data file wordfreq/data/large_ar.msgpack.gz sha256 {data_sha}",
        f"  wheel wordfreq-{version}-py3-none-any.whl sha256 {a.wheel_sha256}",
        "  wordfreq's Arabic list combines Wikipedia, OPUS OpenSubtitles 2018, NewsCrawl 2014 + GlobalVoices,",
        "  OSCAR web text and Twitter (via Exquisite Corpus).",
        "Licence: the wordfreq data is CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/);",
        f"  wordfreq code is {code_licence}. This file is a derivative of that data and is likewise",
        "  distributed under CC BY-SA 4.0, with attribution to wordfreq and its sources (see data/README.md).",
        "Selection: only tokens made entirely of Arabic letters U+0621-U+064A (tatweel U+0640 excluded)",
        "  and harakat U+064B-U+0652; digits, Latin and mixed tokens dropped. Spelling as wordfreq stores it",
        "  (it strips harakat and normalises ligatures; hamza/alef forms are kept as written).",
        f"N: target {a.target}, extended to the end of its frequency bin -> {len(words)} words",
        f"  (every selected word with frequency >= 10^-{last_bin / 100:.2f}, i.e. Zipf >= {cutoff_zipf:.2f}).",
        "Order: descending frequency bin (1 centibel wide); within a bin, wordfreq's stored codepoint order.",
        f"Command: {a.command}",
    ]
    tmp = a.out + ".tmp"
    with open(tmp, "w", encoding="utf-8", newline="\n") as f:
        for line in header:
            f.write("# " + line + "\n")
        for w in words:
            f.write(w + "\n")
    os.replace(tmp, a.out)
    print(f"wrote {a.out}: {len(words)} words, cutoff Zipf {cutoff_zipf:.2f}, "
          f"from {total_tokens} entries in wordfreq {version} {WORDLIST}_{LANG}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
