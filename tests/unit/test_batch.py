"""The per-article work behind the Python assets, in-process and across the process pool."""

import datetime as dt
import os
from concurrent.futures.process import BrokenProcessPool

import pytest

from pipeline.extract import batch
from pipeline.extract.batch import (
    ArticleToExtract,
    Cleaned,
    RawArticle,
    Unusable,
    chunked,
    clean_chunk,
    extract_chunk,
    run_chunks,
    split_chunk,
)
from pipeline.text.sentences import split_sentences

BODY = ("India and Russia signed a defence agreement in New Delhi on 5 October 2018.\n"
        "The deal covers the S-400 air defence system.")


def _raw(article_id: str, text: str, media_type: str = "text") -> RawArticle:
    return RawArticle(article_id, f"/in/{article_id}.txt", media_type, text, f"{article_id}-hash", None)


def test_chunked_keeps_order_and_splits_evenly() -> None:
    assert list(chunked(range(7), 3)) == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(chunked([], 3)) == []


def test_clean_chunk_cleans_or_marks_unusable() -> None:
    good = _raw("a1", "Headline of the story\n\n" + BODY)
    empty_page = _raw("a2", "<html><body></body></html>", "html")
    results = clean_chunk([good, empty_page])
    assert isinstance(results[0], Cleaned) and results[0].article_id == "a1"
    assert results[0].row[1] == "Headline of the story" and "S-400" in results[0].row[7]
    assert isinstance(results[1], Unusable) and results[1].article is empty_page


def test_split_and_extract_chunks() -> None:
    rows = split_chunk([("a1", BODY)])
    assert [row[:2] for row in rows] == [("a1", 0), ("a1", 1)]
    english = ArticleToExtract("a1", dt.date(2018, 10, 6), "en", split_sentences(BODY))
    german = ArticleToExtract("a2", dt.date(2018, 10, 6), "de", split_sentences(BODY))
    found = extract_chunk([english, german])
    assert [r.article_id for r in found] == ["a1", "a2"]
    assert found[0].mention_rows and not found[1].mention_rows  # only English meets the English grammar
    mention_ids = [row[0] for row in found[0].mention_rows]
    assert len(mention_ids) == len(set(mention_ids))


def _double(items: list[int]) -> list[int]:
    return [2 * item for item in items]


@pytest.mark.parametrize("workers", ["1", "2"])
def test_run_chunks_gives_the_same_results_in_order_with_or_without_the_pool(
        monkeypatch: pytest.MonkeyPatch, workers: str) -> None:
    monkeypatch.setenv(batch.WORKERS_ENV, workers)
    monkeypatch.setattr(batch, "MIN_ARTICLES_FOR_POOL", 0)
    items = list(range(500))
    assert list(run_chunks(_double, chunked(items, 7), len(items))) == [2 * i for i in items]


def test_pool_cleans_like_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(batch.WORKERS_ENV, "2")
    monkeypatch.setattr(batch, "MIN_ARTICLES_FOR_POOL", 0)
    articles = [_raw(f"a{i}", f"Headline {i}\n\n{BODY}") for i in range(40)]
    assert list(run_chunks(clean_chunk, chunked(articles, 4), len(articles))) == clean_chunk(articles)


def _worker_pid(items: list[int]) -> list[int]:
    if any(item < 0 for item in items):
        os._exit(1)  # a worker dying mid-task, as one the kernel kills for memory
    return [os.getpid() for _ in items]


def test_the_pool_is_kept_for_the_next_step_and_replaced_once_a_worker_dies(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(batch.WORKERS_ENV, "2")
    monkeypatch.setattr(batch, "MIN_ARTICLES_FOR_POOL", 0)
    items = list(range(64))
    first = set(run_chunks(_worker_pid, chunked(items, 4), len(items)))
    assert os.getpid() not in first
    pool = batch._pools[2]
    # The same pool, warm (it may start its second worker only now, on a loaded machine: pids are no test of that).
    second = set(run_chunks(_worker_pid, chunked(items, 4), len(items)))
    assert batch._pools[2] is pool and os.getpid() not in second

    with pytest.raises(BrokenProcessPool):
        list(run_chunks(_worker_pid, chunked([-1, *items], 4), len(items) + 1))
    assert 2 not in batch._pools
    replaced = set(run_chunks(_worker_pid, chunked(items, 4), len(items)))
    assert replaced and not replaced & (first | second) and batch._pools[2] is not pool
