"""End to end: the real `chancery run` (Dagster, dbt, DuckDB) on real files in a throwaway warehouse."""

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest

from pipeline.evaluate import load_gold, read_predictions, score
from pipeline.paths import working_database
from tests.conftest import GOLD_DIR, SEEDS_DIR
from tests.warehouse_runs import run_pipeline

pytestmark = pytest.mark.e2e

FACT_TABLES = ("fct_agreements", "fct_visits", "fct_sanctions", "fct_fact_mentions", "dim_articles")
# Floors only move up: raise them when extraction improves (see tests/data/score_floor.json).
FLOORS = json.loads((Path(__file__).resolve().parents[1] / "data" / "score_floor.json").read_text())["seed"]
SeedRun = tuple[Path, Path, subprocess.CompletedProcess[str]]


def snapshot(warehouse: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return {table: conn.execute(f"select * exclude (first_seen_at, last_seen_at) from marts.{table} order by all")
                .fetchall() if table.startswith("fct_") and table != "fct_fact_mentions"
                else conn.execute(f"select * from marts.{table} order by all").fetchall()
                for table in FACT_TABLES}


@pytest.fixture(scope="module")
def seed_run(tmp_path_factory: pytest.TempPathFactory) -> SeedRun:
    root = tmp_path_factory.mktemp("seed_run")
    inputs = root / "inputs"
    shutil.copytree(SEEDS_DIR, inputs)
    warehouse = root / "news.duckdb"
    return inputs, warehouse, run_pipeline([inputs], warehouse)


def test_run_prints_a_summary_of_what_was_built_and_no_warnings(seed_run: SeedRun) -> None:
    _, _, result = seed_run
    assert "warehouse built" in result.stdout
    counts = dict(line.rsplit(None, 1) for line in result.stdout.splitlines()[-7:])
    assert counts["  articles"] == "5"
    assert int(counts["  agreements"]) > 0 and int(counts["  visits"]) > 0 and int(counts["  sanctions"]) > 0
    # At --log-level WARNING, stderr is empty: no warning, nothing reported at exit, and dbt's console follows the
    # log level too (it printed some 50 lines of progress here).
    assert [line for line in result.stderr.splitlines() if line] == []


def test_cleaned_bodies_meet_the_cleaning_gold(seed_run: SeedRun) -> None:
    _, warehouse, _ = seed_run
    gold = json.loads((GOLD_DIR / "seed_cleaning.json").read_text())
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        articles = {Path(uri).name: (body, title, published)
                    for uri, body, title, published in conn.execute(
                        "select source_uri, body_text, title, published_date from marts.dim_articles").fetchall()}
    for name, expected in ((k, v) for k, v in gold.items() if k != "about"):
        body, title, published = articles[name]
        lines = {line.strip() for line in body.splitlines()}
        assert not lines & set(expected["remove"]), name
        for sentence in expected["keep"]:
            assert sentence in body, (name, sentence)
        assert title == expected["metadata"]["title"]
        stated = expected["metadata"]["published_date"]
        assert (published.isoformat() if published else None) == stated


def test_seed_facts_score_at_or_above_the_floor(seed_run: SeedRun) -> None:
    _, warehouse, _ = seed_run
    report = score(load_gold(GOLD_DIR / "seed_facts.json"), read_predictions(warehouse))
    figures = {table.table: table.counts.f1 or 0.0 for table in report.tables}
    # One row per real-world fact: no row restates a fact another row already matched.
    assert sum(table.duplicate_rows for table in report.tables) == 0
    assert report.micro.f1 >= FLOORS["micro_f1"], figures
    for name, floor in FLOORS["tables"].items():
        assert figures[name] >= floor, (name, figures)


def test_every_fact_traces_back_to_sentences(seed_run: SeedRun) -> None:
    _, warehouse, _ = seed_run
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        orphans = conn.execute(
            """select count(*) from (
                   select agreement_id as fact_id from marts.fct_agreements union all
                   select visit_id from marts.fct_visits union all
                   select sanction_id from marts.fct_sanctions) f
               where fact_id not in (select fact_id from marts.fct_fact_mentions)""").fetchone()[0]
        offsets_ok = conn.execute(
            """select bool_and(substr(a.body_text, m.start_char + 1, m.end_char - m.start_char) = m.sentence_text)
               from marts.fct_fact_mentions m join marts.dim_articles a using (article_id)""").fetchone()[0]
    assert orphans == 0
    assert offsets_ok


def test_rerun_is_idempotent(seed_run: SeedRun, tmp_path: Path) -> None:
    inputs, warehouse, _ = seed_run
    copy = tmp_path / "again" / "news.duckdb"
    copy.parent.mkdir()
    shutil.copy(warehouse, copy)
    shutil.copytree(working_database(warehouse).parent, working_database(copy).parent)  # the warehouse entire
    before = snapshot(copy)
    run_pipeline([inputs], copy)
    assert snapshot(copy) == before


def test_bad_duplicate_and_changed_inputs(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(SEEDS_DIR, inputs)
    warehouse = tmp_path / "news.duckdb"
    run_pipeline([inputs], warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        before = conn.execute("select article_id from marts.dim_articles order by all").fetchall()

    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "binary.txt").write_bytes(bytes(range(256)) * 40)
    shutil.copy(inputs / "000_aac37b017383fe6e.txt", inputs / "copy_of_000.txt")
    changed = inputs / "004_4197f04110c4ab2c.txt"
    changed.write_text(changed.read_text() + "\nJapan and Canada signed a free trade agreement on Friday.\n")
    run_pipeline([inputs], warehouse)

    with duckdb.connect(str(warehouse), read_only=True) as conn:
        reasons = sorted(conn.execute("select reason from landing.rejected_documents").fetchall())
        after = conn.execute("select article_id from marts.dim_articles order by all").fetchall()
        japan = conn.execute(
            "select count(*) from marts.fct_agreements where party_codes = ['CAN', 'JPN']").fetchone()[0]
    # Raw pages stay in the working database (snapshots leave article text out).
    with duckdb.connect(str(working_database(warehouse)), read_only=True) as conn:
        versions = conn.execute(
            "select count(*) from landing.raw_articles where file_name = '004_4197f04110c4ab2c.txt'").fetchone()[0]
        orphans = conn.execute(
            "select count(*) from landing.fact_mentions where article_id not in "
            "(select article_id from landing.raw_articles)").fetchone()[0]
    assert reasons == [("binary",), ("duplicate",), ("empty",)]
    assert len(after) == 5 and len(set(after) & set(before)) == 4  # the changed file replaced its old version
    assert versions == 1
    assert japan == 1
    assert orphans == 0


def test_new_sanctions_in_two_articles_are_two_packages(tmp_path: Path) -> None:
    # "New sanctions" in the first sentence of two undated articles: their sentence-numbered keys are equal,
    # but one article's new round is not the other's.
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "banks.txt").write_text(
        "Washington widens its measures\n\nThe United States imposed new sanctions on Russia, freezing the assets"
        " of several banks. Officials in Moscow said they would respond in kind.\n")
    (inputs / "officials.txt").write_text(
        "A new round against Moscow\n\nThe United States imposed new sanctions on Russia, naming a dozen officials"
        " close to the Kremlin. Russian officials called the move hostile.\n")
    warehouse = tmp_path / "news.duckdb"
    run_pipeline([inputs], warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        rows = conn.execute("select imposer_code, target_code, article_count from marts.fct_sanctions"
                            " order by all").fetchall()
    assert rows == [("USA", "RUS", 1), ("USA", "RUS", 1)]


def test_an_undated_mention_joins_the_dated_fact_only_from_an_article_of_its_year(tmp_path: Path) -> None:
    # An article of 2014 restating the 2014 sanctions undated is reporting them; an article of 2018 may mean a later
    # package, so its undated mention is a fact of its own.
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    sentence = "The United States imposed sanctions on Russia over its annexation of Crimea"
    for name, published, when in (("dated.txt", "2014-03-20", " in March 2014"), ("same_year.txt", "2014-05-02", ""),
                                  ("later.txt", "2018-08-09", "")):
        (inputs / name).write_text(f"---\ntitle: Sanctions\npublished_at: {published} 00:00\n---\n\nSanctions\n\n"
                                   f"{sentence}{when}, officials said.\n")
    warehouse = tmp_path / "news.duckdb"
    run_pipeline([inputs], warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        rows = conn.execute("select imposer_code, target_code, year(sanction_date), article_count"
                            " from marts.fct_sanctions order by all").fetchall()
    assert rows == [("USA", "RUS", 2014, 2), ("USA", "RUS", None, 1)]


def test_two_visits_of_one_official_in_a_year_are_two_rows(tmp_path: Path) -> None:
    # The arrival the dateline dates and the visit "in June", six months apart, are two visits; the undated
    # "his trip" is of the latest visit the article dates, the arrival.
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "hill.txt").write_text(
        "US envoy Hill arrives in North Korea\n\nSEOUL, December 3, 2007 - Assistant Secretary of State Christopher"
        " Hill arrived in Pyongyang on Monday for talks on the nuclear program. Hill, who last visited Pyongyang"
        " in June, will see the Yongbyon reactor. During his trip to North Korea, Hill said the talks were"
        " useful.\n")
    warehouse = tmp_path / "news.duckdb"
    run_pipeline([inputs], warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        rows = conn.execute("select visitor_name, host_country_code, visit_date, mention_count from marts.fct_visits"
                            " order by all").fetchall()
    assert rows == [("Christopher Hill", "PRK", dt.date(2007, 6, 1), 1),
                    ("Christopher Hill", "PRK", dt.date(2007, 12, 3), 2)]


def test_an_undated_visit_takes_the_article_year_unless_the_article_is_of_january(tmp_path: Path) -> None:
    # The year of publication dates a visit no sentence dates; an article of January may be recalling a visit of
    # the year before, so its undated visit has no date.
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    for name, published, host in (("march.txt", "2019-03-12", "Australia"), ("january.txt", "2019-01-08", "Chile")):
        (inputs / name).write_text(
            f"---\ntitle: Trip\npublished_at: {published} 00:00\n---\n\nTrip\n\nJapanese Prime Minister Shinzo Abe"
            f" visited {host} to discuss trade, officials said.\n")
    warehouse = tmp_path / "news.duckdb"
    run_pipeline([inputs], warehouse)
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        rows = conn.execute("select host_country_code, visit_date, date_precision from marts.fct_visits"
                            " order by all").fetchall()
    assert rows == [("AUS", dt.date(2019, 1, 1), "year"), ("CHL", None, None)]
