"""A run redoes no dbt work nothing asked for: seeds are reloaded only when what they are built from changed,
or a seed table went missing, and the project is parsed again only where its files changed."""

import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.defs import transform
from pipeline.paths import DBT_PROJECT_DIR
from pipeline.transform.dbt_resource import FILE_LOG_LEVEL_ENV
from tests.warehouse_runs import (
    NEW_ARTICLE,
    SEEDS_DIR,
    Warehouse,
    assert_succeeded,
    chancery,
    new_article_folder,
    query,
)


def test_the_fingerprints_follow_their_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    monkeypatch.setattr(transform, "DBT_PROJECT_DIR", project)
    before = transform.reference_fingerprint()
    (project / "models" / "marts" / "fct_visits.sql").write_text("select 1 as changed_model")
    assert transform.reference_fingerprint() == before  # models do not feed the seeds
    models = transform.model_fingerprint()
    (project / "models" / "marts" / "fct_agreements.sql").write_text("select 2 as changed_model")
    assert transform.model_fingerprint() != models  # ...but they decide whether the models are rebuilt
    with (project / "seeds" / "countries.csv").open("a") as seed:
        seed.write("XXX,XX,Nowhere,Nowhere,state,Nowhere\n")
    assert transform.reference_fingerprint() != before


def test_seeds_count_as_loaded_only_with_the_same_fingerprint_and_every_table(tmp_path: Path) -> None:
    fingerprint = transform.reference_fingerprint()
    with duckdb.connect(str(tmp_path / "news.duckdb")) as conn:
        assert not transform._reference_is_current(conn, fingerprint, seeds=2)  # never loaded
        conn.execute("create schema reference; create table reference.a (i int); create table reference.b (i int)")
        transform._record(conn, transform.REFERENCE_STATE_TABLE, fingerprint)
        assert transform._reference_is_current(conn, fingerprint, seeds=2)
        assert not transform._reference_is_current(conn, "changed-files", seeds=2)
        conn.execute("drop table reference.b")
        assert not transform._reference_is_current(conn, fingerprint, seeds=2)


INCREMENTAL_MODELS = [("intermediate", "int_fact_mentions_clustered"), ("marts", "fct_fact_mentions"),
                      ("marts", "dim_articles"), ("marts", "dim_countries"), ("marts", "fct_agreements"),
                      ("marts", "fct_visits"), ("marts", "fct_sanctions")]


def updated_in_place(target: Path) -> set[str]:
    """schema.model of every table an incremental strategy of the project (sync, scoped) updated in place, not
    rebuilt, under `target`: both delete the rows that changed, a rebuild deletes none."""
    found = set()
    for log in target.glob("*/dbt.log"):
        for line in log.open():
            event = json.loads(line)
            if event["info"]["name"] == "SQLQuery":
                found |= {f"{schema}.{model}" for schema, model in INCREMENTAL_MODELS
                          if re.search(rf'delete from "[^"]+"\."{schema}"\."{model}"\s+where', event["info"]["msg"])}
    return found


def assert_equal_to_a_rebuild(warehouse: Warehouse, rebuilt: Warehouse) -> None:
    for schema, model in INCREMENTAL_MODELS:
        table = f"{schema}.{model}"
        assert query(warehouse.working, f"select * from {table} order by all") == query(
            rebuilt.working, f"select * from {table} order by all"), table


def dbt_events(target: Path) -> set[str]:
    """Names of the events in the dbt.log of every dbt command whose target folder is under `target`."""
    return {json.loads(line)["info"]["name"] for log in target.glob("*/dbt.log") for line in log.open()}


@pytest.mark.e2e
def test_later_runs_parse_only_what_changed_and_keep_the_loaded_seeds(seed_warehouse: Warehouse,
                                                                       tmp_path: Path) -> None:
    warehouse = seed_warehouse.clone(tmp_path / "warehouse")
    extra = new_article_folder(tmp_path / "extra")
    for name, inputs in (("first", []), ("second", [extra])):
        # dbt's debug events (its parsing and every statement) in each command's dbt.log.
        assert_succeeded(chancery(*warehouse.run_args(*inputs), env={"DBT_TARGET_PATH": str(tmp_path / name),
                                                                     FILE_LOG_LEVEL_ENV: "debug"}))
    # The first run on this copy may parse the whole project (its profile names another database than the
    # last run's); the second starts from the parse state the first one left. Neither loads the seeds again.
    second = dbt_events(tmp_path / "second")
    assert "PartialParsingEnabled" in second and "UnableToPartialParse" not in second
    assert "LogSeedResult" not in second | dbt_events(tmp_path / "first")
    assert "LogModelResult" in second
    assert query(warehouse.published, "select count(*) from marts.dim_articles where file_name = 'japan_canada.txt'"
                 ) == [(1,)]
    # The second run's incremental models wrote only what changed (their strategy's delete and insert, not a
    # rebuilt table), and hold exactly what a rebuild from scratch gives.
    assert updated_in_place(tmp_path / "second") >= {f"{schema}.{model}" for schema, model in INCREMENTAL_MODELS}
    rebuilt = warehouse.clone(tmp_path / "rebuilt")
    assert_succeeded(chancery(*rebuilt.run_args(extra), "--full-refresh"))
    assert_equal_to_a_rebuild(warehouse, rebuilt)


@pytest.mark.e2e
def test_incremental_runs_equal_a_rebuild_when_articles_change_and_go(tmp_path: Path) -> None:
    """The clustering recomputes only the groups of mentions whose articles were extracted again or removed:
    an article whose file was rewritten (a new article; the old one goes), one whose file now holds another's
    content (it goes), and a new one telling of a fact an edited article tells too."""
    inputs = tmp_path / "inputs"
    shutil.copytree(SEEDS_DIR, inputs)
    warehouse = Warehouse(tmp_path / "warehouse" / "news.duckdb", inputs)
    assert_succeeded(chancery(*warehouse.run_args()))
    first, second, third = sorted(inputs.iterdir())[:3]
    first.write_text(first.read_text().replace("Turkey", "Brazil").replace("Turkish", "Brazilian")
                     + "\n\n" + NEW_ARTICLE.split("\n\n", 1)[1])
    second.write_text(third.read_text())
    extra = new_article_folder(tmp_path / "extra")
    assert_succeeded(chancery(*warehouse.run_args(extra), env={"DBT_TARGET_PATH": str(tmp_path / "changed"),
                                                              FILE_LOG_LEVEL_ENV: "debug"}))
    assert ("intermediate.int_fact_mentions_clustered" in updated_in_place(tmp_path / "changed"))
    assert query(warehouse.published, "select count(*) from marts.fct_agreements "
                 "where array_to_string(party_codes, '+') = 'CAN+JPN'") == [(1,)]
    rebuilt = warehouse.clone(tmp_path / "rebuilt")
    assert_succeeded(chancery(*rebuilt.run_args(extra), "--full-refresh"))
    assert_equal_to_a_rebuild(warehouse, rebuilt)
