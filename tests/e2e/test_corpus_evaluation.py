"""Extraction on real articles it was not written for, against gold made independently of the extractor:
the development corpus's dev and test splits (tests/data/corpus/) and ../shared/corpus/news."""

import csv
import json
import shutil
from pathlib import Path

import pytest

from pipeline.evaluate import Report, load_gold, read_predictions, score
from tests.conftest import GOLD_DIR, REPO_ROOT
from tests.warehouse_runs import run_pipeline

pytestmark = pytest.mark.e2e
# Floors only move up: raise them when extraction improves.
FLOORS = json.loads((REPO_ROOT / "tests" / "data" / "score_floor.json").read_text())
CORPUS = REPO_ROOT / "tests" / "data" / "corpus"


def _assert_at_or_above(report: Report, floors: dict) -> None:
    figures = {table.table: table.counts.f1 or 0.0 for table in report.tables}
    assert (report.micro.f1 or 0.0) >= floors["micro_f1"], figures
    for name, floor in floors["tables"].items():
        assert figures[name] >= floor, (name, figures)


@pytest.mark.parametrize("split", ["dev", "test"])
def test_corpus_split_scores_at_or_above_the_floor(split: str, tmp_path: Path) -> None:
    inputs = tmp_path / split
    inputs.mkdir()
    with (CORPUS / "split.csv").open(newline="") as handle:
        members = [row for row in csv.DictReader(handle) if row["split"] == split]
    for row in members:
        shutil.copy2(CORPUS / "articles" / row["file"], inputs / row["file"])
    warehouse = tmp_path / "news.duckdb"
    run_pipeline([inputs], warehouse)
    report = score(load_gold(GOLD_DIR / f"corpus_{split}_facts.json"), read_predictions(warehouse))
    _assert_at_or_above(report, FLOORS[f"corpus_{split}"])


def test_corpus_news_scores_at_or_above_the_floor(shared_dir: Path, tmp_path: Path) -> None:
    inputs = tmp_path / "news"
    shutil.copytree(shared_dir / "corpus" / "news", inputs, ignore=shutil.ignore_patterns("*.md"))
    warehouse = tmp_path / "news.duckdb"
    run_pipeline([inputs], warehouse)
    report = score(load_gold(GOLD_DIR / "corpus_news_facts.json"), read_predictions(warehouse))
    _assert_at_or_above(report, FLOORS["corpus_news"])
