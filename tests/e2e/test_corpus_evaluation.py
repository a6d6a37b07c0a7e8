"""Extraction on real articles it was not written for: ../shared/corpus/news against a second, independent gold."""

import json
import shutil
from pathlib import Path

import pytest

from pipeline.evaluate import load_gold, read_predictions, score
from tests.conftest import GOLD_DIR
from tests.e2e.test_pipeline_e2e import run_pipeline

pytestmark = pytest.mark.e2e
FLOORS = json.loads((Path(__file__).resolve().parents[1] / "data" / "score_floor.json").read_text())["corpus_news"]


def test_corpus_news_scores_at_or_above_the_floor(shared_dir: Path, tmp_path: Path) -> None:
    inputs = tmp_path / "news"
    shutil.copytree(shared_dir / "corpus" / "news", inputs, ignore=shutil.ignore_patterns("*.md"))
    warehouse = tmp_path / "news.duckdb"
    run_pipeline([inputs], warehouse)
    report = score(load_gold(GOLD_DIR / "corpus_news_facts.json"), read_predictions(warehouse))
    figures = {table.table: table.counts.f1 or 0.0 for table in report.tables}
    assert (report.micro.f1 or 0.0) >= FLOORS["micro_f1"], figures
    for name, floor in FLOORS["tables"].items():
        assert figures[name] >= floor, (name, figures)
    assert sum(table.duplicate_rows for table in report.tables) == 0
