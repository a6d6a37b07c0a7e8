"""dbt seeds are reloaded only when what they are built from changed, or a seed table went missing."""

import shutil
from pathlib import Path

import duckdb
import pytest

from pipeline.defs import transform
from pipeline.paths import DBT_PROJECT_DIR


def test_the_fingerprint_follows_the_seed_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "dbt_project"
    shutil.copytree(DBT_PROJECT_DIR, project, ignore=shutil.ignore_patterns("target", "logs"))
    monkeypatch.setattr(transform, "DBT_PROJECT_DIR", project)
    before = transform.reference_fingerprint()
    (project / "models" / "marts" / "fct_visits.sql").write_text("select 1 as changed_model")
    assert transform.reference_fingerprint() == before  # models do not feed the seeds
    with (project / "seeds" / "countries.csv").open("a") as seed:
        seed.write("XXX,XX,Nowhere,Nowhere,state,Nowhere\n")
    assert transform.reference_fingerprint() != before


def test_seeds_count_as_loaded_only_with_the_same_fingerprint_and_every_table(tmp_path: Path) -> None:
    fingerprint = transform.reference_fingerprint()
    with duckdb.connect(str(tmp_path / "news.duckdb")) as conn:
        assert not transform._reference_is_current(conn, fingerprint, seeds=2)  # never loaded
        conn.execute("create schema reference; create table reference.a (i int); create table reference.b (i int)")
        transform._record_reference(conn, fingerprint)
        assert transform._reference_is_current(conn, fingerprint, seeds=2)
        assert not transform._reference_is_current(conn, "changed-files", seeds=2)
        conn.execute("drop table reference.b")
        assert not transform._reference_is_current(conn, fingerprint, seeds=2)
