"""CPU time of extraction per article on the repository's corpus (`tests/data/corpus/articles`, 236 real
articles), to compare commits: run it from each checkout (`PYTHONPATH=<checkout> python bench/extract_cost.py`).

Cleaning and splitting happen first and are not timed; extraction (`extract_article`) is timed in CPU seconds of
this process (`time.process_time`), which a busy machine disturbs less than wall time. Prints the best of
`--rounds` passes over the corpus, per article and per kilobyte of body text, and the mentions found.
Usage: python bench/extract_cost.py [--rounds 5]
"""

import argparse
import datetime as dt
import subprocess
import sys
import time
from pathlib import Path

import pipeline
from pipeline.clean.cleaner import CleaningError, clean_html, clean_text
from pipeline.extract.article import extract_article
from pipeline.extract.lexicon import load_lexicon
from pipeline.text.sentences import split_sentences

ARTICLES = Path(__file__).resolve().parents[1] / "tests" / "data" / "corpus" / "articles"


def cleaned_articles() -> list[tuple[str, dt.date | None]]:
    texts = []
    for path in sorted(ARTICLES.iterdir()):
        raw = path.read_text(encoding="utf-8", errors="replace")
        try:
            cleaned = clean_html(raw) if path.suffix == ".html" else clean_text(raw)
        except CleaningError:
            continue
        texts.append((cleaned.body_text, cleaned.published_date or cleaned.story_date))
    return texts


def main(rounds: int) -> None:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                            cwd=Path(pipeline.__file__).resolve().parent).stdout.strip()
    lexicon = load_lexicon()
    articles = [(split_sentences(body), published) for body, published in cleaned_articles()]
    kilobytes = sum(len(sentence.text) for sentences, _ in articles for sentence in sentences) / 1024
    best = float("inf")
    mentions = 0
    for _ in range(rounds):
        started = time.process_time()
        mentions = sum(len(extract_article(sentences, published, lexicon)) for sentences, published in articles)
        best = min(best, time.process_time() - started)
    print(f"commit {commit or '?'}: {len(articles)} articles, {kilobytes:.0f} KB of sentences, {mentions} mentions; "
          f"extract CPU best of {rounds}: {best:.2f} s = {1000 * best / len(articles):.1f} ms/article, "
          f"{1000 * best / kilobytes:.2f} ms/KB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    main(parser.parse_args(sys.argv[1:]).rounds)
