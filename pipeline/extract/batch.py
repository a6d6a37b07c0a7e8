"""The per-article pure work of the Python assets (clean, split, extract) and a process pool to run it.

Work travels in chunks of articles so that one round trip to a worker carries enough work to be
worth the pickling, and at most a few chunks per worker are in flight, so memory stays flat
however large the corpus. Small batches (an incremental run's few new articles) run in-process:
starting workers would cost more than the work.
"""

from __future__ import annotations

import atexit
import datetime as dt
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, fields
from itertools import islice
from typing import TypeVar

from pipeline.children import die_with
from pipeline.clean.cleaner import CleaningError, clean_html, clean_text
from pipeline.extract.article import extract_article
from pipeline.extract.lexicon import load_lexicon
from pipeline.extract.mentions import FactMention
from pipeline.pause import pause_point
from pipeline.text.sentences import Sentence, split_sentences

T = TypeVar("T")
R = TypeVar("R")

# Articles per task: large enough to amortise pickling, small enough to keep every worker busy.
CHUNK_SIZE = 32
# Below this many articles the pool's start-up (about a second) outweighs the work.
MIN_ARTICLES_FOR_POOL = 200
# Chunks queued per worker: enough that a worker never waits for the parent, few enough to bound memory.
CHUNKS_IN_FLIGHT_PER_WORKER = 3
WORKERS_ENV = "CHANCERY_WORKERS"

# landing.fact_mentions: the ids, then FactMention's fields (dbt's list: macros/fact_mention_columns.sql).
MENTION_COLUMNS = ("mention_id", "article_id", *(f.name for f in fields(FactMention)))


@dataclass(frozen=True)
class RawArticle:
    article_id: str
    source_uri: str
    media_type: str
    raw_text: str
    content_hash: str
    url: str | None  # where the document came from on the web, when known
    has_title: bool = True  # False: a plain-text document whose first line is body text


# Where the body sits in a Cleaned row (the landing table's column order).
BODY_COLUMN = 7


@dataclass(frozen=True)
class Cleaned:
    """Cleaned-article columns in the order of the landing table, without version and timestamp."""

    article_id: str
    row: tuple[object, ...]

    @property
    def body_text(self) -> str:
        return self.row[BODY_COLUMN]  # type: ignore[return-value]


@dataclass(frozen=True)
class Unusable:
    article: RawArticle
    detail: str


@dataclass(frozen=True)
class ArticleToExtract:
    article_id: str
    published: dt.date | None
    language: str | None
    sentences: list[Sentence]


@dataclass(frozen=True)
class Extracted:
    article_id: str
    mention_rows: list[tuple[object, ...]]


def clean_chunk(articles: list[RawArticle]) -> list[Cleaned | Unusable]:
    results: list[Cleaned | Unusable] = []
    for raw in articles:
        try:
            article = (clean_html(raw.raw_text, raw.url) if raw.media_type == "html"
                       else clean_text(raw.raw_text, raw.has_title))
        except CleaningError as error:
            results.append(Unusable(raw, str(error)))
            continue
        results.append(Cleaned(raw.article_id, (raw.article_id, article.title, article.published_date, article.author,
                                                article.publisher, article.language,
                                                # a page naming no canonical URL is known by its address
                                                article.canonical_url or raw.url, article.body_text,
                                                article.story_date)))
    return results


def split_chunk(bodies: list[tuple[str, str]]) -> list[tuple[object, ...]]:
    """Sentence rows (article_id, index, start, end, text) of (article_id, body) pairs."""
    return [(article_id, s.index, s.start, s.end, s.text) for article_id, body in bodies
            for s in split_sentences(body)]


def extract_chunk(articles: list[ArticleToExtract]) -> list[Extracted]:
    lexicon = load_lexicon()  # cached: compiled once per worker process
    results = []
    for article in articles:
        # Non-English articles keep their language code and are not fed to the English grammar.
        found = (extract_article(article.sentences, article.published, lexicon)
                 if article.language in (None, "en") else [])
        # One row per mention id: the same roles found twice in a sentence are one mention.
        rows = {m.mention_id(article.article_id): m.as_row(article.article_id) for m in found}
        results.append(Extracted(article.article_id,
                                 [tuple(row[c] for c in MENTION_COLUMNS) for row in rows.values()]))
    return results


def worker_count() -> int:
    """$CHANCERY_WORKERS, else every core this process may run on."""
    configured = os.environ.get(WORKERS_ENV)
    if configured:
        return max(1, int(configured))
    # sched_getaffinity honours CPU limits (containers, taskset); macOS lacks it.
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def chunked(items: Iterable[T], size: int = CHUNK_SIZE) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _warm_up(run_pid: int) -> None:
    die_with(run_pid)  # a killed run leaves no workers behind
    load_lexicon()


def _new_pool(workers: int) -> ProcessPoolExecutor:
    # forkserver, not fork: the parent holds DuckDB and Dagster threads, which must not be forked
    # mid-operation. The server imports this module once, so each worker starts warm. (Windows has
    # only spawn, where each worker imports it.)
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
    else:
        context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_warm_up,
                               initargs=(os.getpid(),))


_pools: dict[int, ProcessPoolExecutor] = {}


def _pool(workers: int) -> ProcessPoolExecutor:
    """One pool per process, kept for the next step: clean, split and extract run one after the other in a
    run, and starting workers (and compiling the dictionaries in each) again for each cost a second or more."""
    if workers not in _pools:
        _pools[workers] = _new_pool(workers)
    return _pools[workers]


@atexit.register
def release_workers() -> None:
    """Stop the kept workers: after the last step that uses them, so they hold no memory while dbt runs."""
    for pool in _pools.values():
        pool.shutdown(cancel_futures=True)
    _pools.clear()


def run_chunks(work: Callable[[list[T]], list[R]], chunks: Iterable[list[T]], expected: int) -> Iterator[R]:
    """Results of ``work`` over every chunk, in input order; across a process pool when ``expected``
    (the number of items) is large enough to pay for one."""
    workers = worker_count()
    if workers == 1 or expected < MIN_ARTICLES_FOR_POOL:
        for chunk in chunks:
            yield from work(chunk)
        return
    pool = _pool(workers)
    pending: deque[Future[list[R]]] = deque()
    try:
        for chunk in chunks:
            pending.append(pool.submit(work, chunk))
            if len(pending) >= workers * CHUNKS_IN_FLIGHT_PER_WORKER:
                # Crash tests kill the run here, with its workers busy.
                pause_point(f"pool:{getattr(work, 'work', work).__name__}")
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    except BrokenProcessPool:
        del _pools[workers]  # a worker died (killed, out of memory): the next step starts a new pool
        raise
    finally:
        for future in pending:  # a failed or abandoned stream leaves no work queued for the next step
            future.cancel()
