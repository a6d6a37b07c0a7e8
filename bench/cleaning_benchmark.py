"""Benchmark body-text extraction: bare trafilatura defaults vs pipeline.clean.cleaner.clean_html.

Scores each page of the extraction benchmark (``ground-truth.json``: id -> {articleBody, url},
pages in ``html/<id>.html``) by token 4-shingle precision, recall and F1 against the
human-annotated article body, averages over pages, prints a table with timings and exits
non-zero when our cleaner scores below bare trafilatura.

    python bench/cleaning_benchmark.py [--corpus PATH] [--sweep]

``--sweep`` also scores trafilatura option sets (each followed by our boilerplate filter),
which is how ``pipeline.clean.cleaner.TRAFILATURA_OPTIONS`` was chosen.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from pipeline.clean.boilerplate import strip_boilerplate
from pipeline.clean.cleaner import CleaningError, clean_html

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "corpus" / "extraction-benchmark"
SHINGLE = 4
_PUNCT = re.compile(r"[^\w\s]")


def tokens(text: str) -> list[str]:
    """Lowercase whitespace-separated words with punctuation stripped."""
    words = (_PUNCT.sub("", word) for word in text.lower().split())
    return [word for word in words if word]


def shingles(text: str, size: int = SHINGLE) -> set[tuple[str, ...]]:
    """Set of token n-grams; a text shorter than ``size`` is one short shingle."""
    words = tokens(text)
    if len(words) < size:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


def score(predicted: str | None, reference: str) -> tuple[float, float, float]:
    """Shingle precision, recall, F1; an empty prediction scores 0."""
    pred, ref = shingles(predicted or ""), shingles(reference)
    common = len(pred & ref)
    if not common:
        return 0.0, 0.0, 0.0
    precision, recall = common / len(pred), common / len(ref)
    return precision, recall, 2 * precision * recall / (precision + recall)


@dataclass
class Result:
    name: str
    precision: float
    recall: float
    f1: float
    empty: int
    seconds: float
    pages: int

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else float("inf")


def bare_trafilatura(html: str, url: str | None) -> str | None:
    return trafilatura.extract(html, url=url)


def ours(html: str, url: str | None) -> str | None:
    try:
        return clean_html(html, url=url).body_text
    except CleaningError:
        return None


SWEEP_OPTIONS: dict[str, dict] = {
    "defaults": {},
    "favor_recall": {"favor_recall": True},
    "favor_precision": {"favor_precision": True},
    "no_comments": {"include_comments": False},
    "precision+no_comments": {"favor_precision": True, "include_comments": False},
    "precision+no_comments+no_tables": {"favor_precision": True, "include_comments": False, "include_tables": False},
    "precision+no_comments+dedup": {"favor_precision": True, "include_comments": False, "deduplicate": True},
    "precision+no_comments+fast": {"favor_precision": True, "include_comments": False, "fast": True},
}


def filtered_trafilatura(options: dict) -> Callable[[str, str | None], str | None]:
    def extract(html: str, url: str | None) -> str | None:
        text = trafilatura.extract(html, url=url, **options)
        return strip_boilerplate(text) if text else None

    return extract


def evaluate(
    name: str, extractor: Callable[[str, str | None], str | None], pages: list[tuple[str, str | None, str]]
) -> Result:
    totals = [0.0, 0.0, 0.0]
    empty = 0
    elapsed = 0.0
    for html, url, reference in pages:
        start = time.perf_counter()
        text = extractor(html, url)
        elapsed += time.perf_counter() - start  # time extraction only, not scoring
        empty += not text
        for i, value in enumerate(score(text, reference)):
            totals[i] += value
    n = len(pages)
    return Result(name, totals[0] / n, totals[1] / n, totals[2] / n, empty, elapsed, n)


def load_pages(corpus: Path) -> list[tuple[str, str | None, str]]:
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, entry in sorted(truth.items()):
        html = (corpus / "html" / f"{page_id}.html").read_text(encoding="utf-8", errors="replace")
        pages.append((html, entry.get("url"), entry["articleBody"]))
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="extraction-benchmark folder")
    parser.add_argument("--sweep", action="store_true", help="also score trafilatura option sets + our filter")
    args = parser.parse_args(argv)
    if not (args.corpus / "ground-truth.json").exists():
        print(f"no ground-truth.json under {args.corpus}", file=sys.stderr)
        return 2
    pages = load_pages(args.corpus)
    # Warm-up so that one-off import/initialisation costs do not count against either side.
    bare_trafilatura(pages[0][0], pages[0][1])
    ours(pages[0][0], pages[0][1])
    results = [evaluate("trafilatura (bare)", bare_trafilatura, pages), evaluate("clean_html", ours, pages)]
    if args.sweep:
        results += [
            evaluate(f"{name} + filter", filtered_trafilatura(opts), pages) for name, opts in SWEEP_OPTIONS.items()
        ]

    print(f"{len(pages)} pages, token {SHINGLE}-shingle scores averaged over pages")
    width = max(len(r.name) for r in results)
    print(f"{'extractor':<{width}} {'precision':>9} {'recall':>7} {'F1':>7} {'empty':>5} {'pages/s':>8}")
    for r in results:
        print(
            f"{r.name:<{width}} {r.precision:9.4f} {r.recall:7.4f} {r.f1:7.4f} {r.empty:5d} {r.pages_per_second:8.1f}"
        )
    bare, cleaned = results[:2]
    if cleaned.f1 < bare.f1:
        print(f"FAIL: clean_html F1 {cleaned.f1:.4f} < bare trafilatura {bare.f1:.4f}", file=sys.stderr)
        return 1
    print(f"OK: clean_html F1 {cleaned.f1:.4f} >= bare trafilatura {bare.f1:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
