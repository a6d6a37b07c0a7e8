"""The `chancery` command as people use it: clear refusals before anything runs, its version, progress and
log levels, and `chancery status`."""

from pathlib import Path

import duckdb

from tests.warehouse_runs import Warehouse, assert_succeeded, chancery, history, new_article_folder


def test_version() -> None:
    result = chancery("--version")
    assert result.returncode == 0 and result.stdout.startswith("chancery ") and "dagster " in result.stdout


def test_a_missing_input_or_an_uncreatable_warehouse_folder_is_one_line_and_runs_nothing(tmp_path: Path) -> None:
    published = tmp_path / "warehouse" / "news.duckdb"
    missing = chancery("run", "--input", str(tmp_path / "nope"), "--warehouse", str(published))
    assert missing.returncode == 2 and missing.stdout == ""
    assert missing.stderr == f"chancery: --input {tmp_path / 'nope'}: no such file or folder\n"
    assert not published.parent.exists()
    (tmp_path / "a_file").write_text("")
    blocked = tmp_path / "a_file" / "warehouse" / "news.duckdb"
    uncreatable = chancery("run", "--input", str(tmp_path), "--warehouse", str(blocked))
    assert uncreatable.returncode == 2 and uncreatable.stdout == ""
    assert uncreatable.stderr == f"chancery: cannot create the warehouse folder {blocked.parent}: Not a directory\n"


def test_progress_and_dbt_output_follow_the_log_level(seed_warehouse: Warehouse, tmp_path: Path) -> None:
    warehouse = seed_warehouse.clone(tmp_path / "warehouse")
    quiet = chancery(*warehouse.run_args(new_article_folder(tmp_path / "new1")))
    assert_succeeded(quiet)
    assert quiet.stderr == ""  # at WARNING: not dbt's progress either
    args = [arg if arg != "WARNING" else "INFO" for arg in warehouse.run_args(new_article_folder(tmp_path / "new2"))]
    result = chancery(*args)
    assert_succeeded(result)
    lines = result.stderr.splitlines()
    # Not a terminal: one line per stage, with its count and rate.
    for stage in ("read", "cleaned", "split into sentences", "extracted"):
        [line] = [line for line in lines if line.startswith(f"chancery: {stage}: ")]
        assert " in " in line and "/s)" in line
    assert any("Running with dbt" in line for line in lines)  # dbt at info level


def test_status_says_what_is_published_and_the_last_failure(seed_warehouse: Warehouse, tmp_path: Path) -> None:
    warehouse = seed_warehouse.clone(tmp_path / "warehouse")
    [(run_id, _)] = history(warehouse.published)
    shown = chancery("status", "--warehouse", str(warehouse.published), env={"DAGSTER_HOME": ""})
    assert shown.returncode == 0
    assert f"by run {run_id} at " in shown.stdout and "marts.dim_articles" in shown.stdout
    assert "last failure: none recorded" in shown.stdout
    with duckdb.connect(str(warehouse.working)) as conn:  # the working database lost every article
        for (table,) in conn.execute("select table_name from duckdb_tables() where schema_name = 'landing'").fetchall():
            conn.execute(f"delete from landing.{table}")
    empty = tmp_path / "no_articles"
    empty.mkdir()
    failed = chancery("run", "--warehouse", str(warehouse.published), "--input", str(empty), "--log-level", "ERROR")
    assert failed.returncode == 1
    shown = chancery("status", "--warehouse", str(warehouse.published), env={"DAGSTER_HOME": ""})
    assert f"by run {run_id} at " in shown.stdout  # still what was published before
    assert "last failure: run " in shown.stdout and "failed checks: raw_articles:raw_articles_not_empty" in shown.stdout
