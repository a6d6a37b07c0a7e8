"""Extraction time against document length: one run-on "sentence" (no full stop) of growing size.

Prints, per size, the pieces the splitter cuts it into, the time to split and to extract, and the mentions found;
time per kilobyte should stay flat (linear extraction). Usage: python bench/extract_scaling.py [KB ...]
"""

import datetime as dt
import sys
import time
from pathlib import Path

from pipeline.extract.article import extract_article
from pipeline.extract.lexicon import load_lexicon
from pipeline.text.sentences import split_sentences

SEED = Path(__file__).resolve().parents[1] / "seeds" / "002_839769687fb6135b.txt"


def main(sizes_kb: list[int]) -> None:
    lexicon = load_lexicon()
    # The seed article with its full stops turned into commas: real wording, no sentence boundary.
    base = SEED.read_text().replace(".", ",").replace("\n", " ")
    print(f"{'KB':>6} {'pieces':>7} {'split s':>8} {'extract s':>10} {'ms/KB':>7} {'mentions':>9}")
    for kb in sizes_kb:
        text = (base * (kb * 1024 // len(base) + 1))[: kb * 1024]
        started = time.perf_counter()
        sentences = split_sentences(text)
        split = time.perf_counter() - started
        mentions = extract_article(sentences, dt.date(2021, 12, 6), lexicon)
        extract = time.perf_counter() - started - split
        per_kb = 1000 * extract / kb
        print(f"{kb:>6} {len(sentences):>7} {split:>8.2f} {extract:>10.2f} {per_kb:>7.1f} {len(mentions):>9}")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [10, 100, 1000])
