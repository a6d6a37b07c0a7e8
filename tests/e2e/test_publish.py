"""Published snapshots: built from the working database, verified, renamed into place, kept for rollback.

The first tests drive pipeline.warehouse.snapshot on small real DuckDB files (fast); the rest run `chancery`.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey

from pipeline.definitions import defs
from pipeline.defs.publish import upstream_blocking_checks
from pipeline.paths import working_database
from pipeline.warehouse.publication_copy import ROW_GROUP_SIZE, publication_copy_path
from pipeline.warehouse.snapshot import adopt_published, list_snapshots, publish, read_history, rollback
from pipeline.warehouse.snapshot_format import STORAGE_NUMBER, PublicationError, storage_number
from tests.warehouse_runs import (
    Warehouse,
    assert_succeeded,
    chancery,
    file_digest,
    history,
    new_article_folder,
    query,
)


def independent_copies(a: Path, b: Path) -> bool:
    """Two files with the same bytes that are not one file (no hard link between them)."""
    return not os.path.samefile(a, b) and file_digest(a) == file_digest(b)


def make_working(folder: Path, rows: int = 3, name: str = "news.duckdb") -> tuple[Path, Path]:
    """A working database shaped like the real one: a mart table, a view over it, landing tables (one of
    them holding article text, which snapshots leave out) and a staging view over landing."""
    published = folder / name
    working = working_database(published)
    working.parent.mkdir(parents=True, exist_ok=True)
    with duckdb.connect(str(working)) as conn:
        conn.execute(f"""
            create schema landing; create schema marts;
            create table landing.raw_articles as select 'a' || range as article_id from range({rows});
            create table landing.rejected_documents as select 'b' || range as source from range(2);
            create schema staging; create view staging.stg_raw as select * from landing.raw_articles;
            create table marts.fct_agreements as
                select range as agreement_id, ['CAN', 'JPN'] as party_codes, date '2024-03-01' as agreement_date
                from range({rows});
            create view marts.agreements_2024 as select * from marts.fct_agreements
                where year(agreement_date) = 2024""")
    return published, working


def publish_run(published: Path, working: Path, run_id: str, keep: int = 5, parquet: bool = False,
                log: list[str] | None = None) -> None:
    with duckdb.connect(str(working)) as conn:
        publish(conn, working, published, run_id, keep=keep, parquet=parquet,
                log=(log if log is not None else []).append)


def add_agreement(working: Path) -> None:
    with duckdb.connect(str(working)) as conn:
        conn.execute("insert into marts.fct_agreements values (99, ['FRA', 'DEU'], date '2024-05-01')")


def count(path: Path) -> int:
    return query(path, "select count(*) from marts.agreements_2024")[0][0]


def test_snapshot_has_the_published_relations_its_history_and_the_old_storage_format(tmp_path: Path) -> None:
    published, working = make_working(tmp_path)
    publish_run(published, working, "run-0001")
    assert storage_number(published) == STORAGE_NUMBER
    assert count(published) == 3
    [record] = read_history(published)
    assert record["run_id"] == "run-0001" and record["storage_version"] == "v1.1.0"
    assert json.loads(record["row_counts"]) == {"landing.rejected_documents": 2, "marts.fct_agreements": 3}
    tables = query(published, "select table_schema || '.' || table_name from information_schema.tables order by 1")
    assert tables == [("landing.rejected_documents",), ("main.meta_publications",), ("marts.agreements_2024",),
                      ("marts.fct_agreements",)]  # no article text, no staging views over it
    assert record["dbt_version"] and record["duckdb_version"] == duckdb.__version__
    assert record["chancery_version"] and record["extractor_version"]
    [kept] = list_snapshots(published)
    assert kept.name == record["snapshot_file"] and independent_copies(kept, published)
    assert not list(working.parent.glob("*publishing*"))


def test_publishing_never_waits_for_readers_and_they_keep_their_snapshot(tmp_path: Path) -> None:
    published, working = make_working(tmp_path)
    publish_run(published, working, "run-0001")
    with duckdb.connect(str(published), read_only=True) as reader:
        add_agreement(working)
        publish_run(published, working, "run-0002")
        # The open connection still reads the file it opened...
        assert reader.execute("select count(*) from marts.agreements_2024").fetchone()[0] == 3
    # ...and reconnecting reads the new snapshot. (Within one process DuckDB hands new connections the
    # database already open for that path, so "reconnect" means after closing every connection to it.)
    assert count(published) == 4
    assert [run for run, _ in history(published)] == ["run-0001", "run-0002"]


def test_a_client_holding_the_snapshot_read_write_does_not_block_publication(tmp_path: Path) -> None:
    """A misconfigured tool that opened the published file read-write locks it for everyone else, but not
    for the pipeline, which never opens that file for writing."""
    published, working = make_working(tmp_path)
    publish_run(published, working, "run-0001")
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); "
                               "print('open', flush=True); time.sleep(60)", str(published)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "open\n"
        log: list[str] = []
        add_agreement(working)
        publish_run(published, working, "run-0002", log=log)
    finally:
        holder.kill()
        holder.wait()
    assert any("could not read the publication history" in line for line in log)
    assert count(published) == 4
    assert [run for run, _ in history(published)] == ["run-0001", "run-0002"]


def test_keeps_the_last_n_snapshots(tmp_path: Path) -> None:
    published, working = make_working(tmp_path)
    for number in range(1, 5):
        publish_run(published, working, f"run-000{number}", keep=2)
    kept = list_snapshots(published)
    assert [path.name[-15:] for path in kept] == ["run-0003.duckdb", "run-0004.duckdb"]
    assert independent_copies(kept[-1], published)
    assert len(history(published)) == 4


def test_keep_zero_keeps_no_snapshots(tmp_path: Path) -> None:
    published, working = make_working(tmp_path)
    publish_run(published, working, "run-0001", keep=2)
    publish_run(published, working, "run-0002", keep=0)
    assert list_snapshots(published) == []
    assert history(published)[-1] == ("run-0002", None)


def test_history_recovers_a_publication_the_working_database_missed(tmp_path: Path) -> None:
    """A kill between the rename and recording the publication in the working database loses nothing."""
    published, working = make_working(tmp_path)
    publish_run(published, working, "run-0001")
    with duckdb.connect(str(working)) as conn:
        conn.execute("delete from meta_publications")
    publish_run(published, working, "run-0002")
    assert [run for run, _ in history(published)] == ["run-0001", "run-0002"]


def test_files_left_by_an_interrupted_publication_are_removed(tmp_path: Path) -> None:
    published, working = make_working(tmp_path)
    leftovers = [working.parent / name for name in ("news.publishing-deadbeef.duckdb",
                                                    "news.publishing-deadbeef.duckdb.wal")]
    for leftover in leftovers:
        leftover.write_bytes(b"half a snapshot")
    log: list[str] = []
    publish_run(published, working, "run-0001", log=log)
    assert not any(path.exists() for path in leftovers)
    assert any("did not finish" in line for line in log)


def test_a_publication_writes_only_the_rows_that_changed(tmp_path: Path) -> None:
    published, working = make_working(tmp_path, rows=50)
    with duckdb.connect(str(working)) as conn:
        first = publish(conn, working, published, "run-0001", keep=5, parquet=False, log=[].append)
    assert first.rows_written == 50 + 2  # the publication copy starts with every published row
    # The copy became the snapshot; the next publication's copy is a file copy of that.
    assert not publication_copy_path(working, published).exists()
    add_agreement(working)
    with duckdb.connect(str(working)) as conn:
        conn.execute("update marts.fct_agreements set agreement_date = date '2023-12-31' where agreement_id = 7")
        second = publish(conn, working, published, "run-0002", keep=5, parquet=False, log=[].append)
        expected = conn.execute("select * from marts.fct_agreements order by agreement_id").fetchall()
    assert second.rows_written == 2  # agreement 99 added, agreement 7 changed; nothing else rewritten
    assert second.row_counts["marts.fct_agreements"] == 51
    assert query(published, "select * from marts.fct_agreements order by agreement_id") == expected
    assert count(published) == 50  # the view sees the change: 51 agreements, one no longer in 2024
    assert [run for run, _ in history(published)] == ["run-0001", "run-0002"]


def test_a_publication_takes_the_checksums_of_its_copy_from_the_history(tmp_path: Path) -> None:
    """The publication copy is a copy of the last snapshot, whose checksums that publication verified and recorded: a
    publication compares the working database with those, and scans the copy only where none is recorded."""
    published, working = make_working(tmp_path, rows=50)
    publish_run(published, working, "run-0001")
    row_counts, checksums = query(published, "select row_counts, checksums from meta_publications")[0]
    recorded = json.loads(checksums)
    assert {table: rows for table, (rows, _) in recorded.items()} == json.loads(row_counts)
    assert recorded["marts.fct_agreements"][1] == query(
        published, "select sum(hash(t)) from marts.fct_agreements as t")[0][0]
    # A client writes the published file in place after its publication: the recorded checksum no longer
    # describes the publication copy made from it, the table is not rewritten, and verification catches it.
    with duckdb.connect(str(published)) as client:
        client.execute("delete from marts.fct_agreements where agreement_id = 7")
    log: list[str] = []
    publish_run(published, working, "run-0002", log=log)
    assert any("snapshot verification failed" in line and "marts.fct_agreements" in line for line in log)
    assert query(published, "select count(*) from marts.fct_agreements") == [(50,)]
    assert [run for run, _ in history(published)] == ["run-0001", "run-0002"]


def test_a_history_from_before_the_checksums_gains_them(tmp_path: Path) -> None:
    published, working = make_working(tmp_path)
    publish_run(published, working, "run-0001")
    for database in (working, published):
        with duckdb.connect(str(database)) as conn:
            conn.execute("alter table meta_publications drop column checksums")
    add_agreement(working)
    log: list[str] = []
    publish_run(published, working, "run-0002", log=log)
    assert not any("verification failed" in line for line in log)
    assert count(published) == 4
    assert [(run, checksums is not None) for run, checksums in query(
        published, "select run_id, checksums from meta_publications order by published_at")] == [
        ("run-0001", False), ("run-0002", True)]


def test_rows_a_publication_adds_go_into_small_row_groups(tmp_path: Path) -> None:
    """A checkpoint rewrites the row group that rows were appended to: with DuckDB's default of 122,880 rows
    that was a whole table at 10k articles in every publication."""
    published, working = make_working(tmp_path, rows=40_000)
    publish_run(published, working, "run-0001")
    add_agreement(working)
    publish_run(published, working, "run-0002")
    groups = query(published, "select row_group_id, max(count) from pragma_storage_info('marts.fct_agreements') "
                              "where column_name = 'agreement_id' group by all order by all")
    assert len(groups) >= 3 and all(rows <= ROW_GROUP_SIZE for _, rows in groups)
    assert query(published, "select count(*) from marts.fct_agreements") == [(40_001,)]


def test_equal_rows_replaced_by_other_equal_rows_are_published(tmp_path: Path) -> None:
    """A table's checksum sums its row hashes: with an xor, two equal rows cancel out, so a pair of them
    replaced by another pair would look unchanged and not be published."""
    published, working = make_working(tmp_path)
    with duckdb.connect(str(working)) as conn:
        conn.execute("create table marts.pairs as select * from (values ('a'), ('a')) as t(v)")
    publish_run(published, working, "run-0001")
    with duckdb.connect(str(working)) as conn:
        conn.execute("update marts.pairs set v = 'b'")
    publish_run(published, working, "run-0002")
    assert query(published, "select v from marts.pairs") == [("b",), ("b",)]


def test_a_damaged_or_outdated_publication_copy_is_built_again(tmp_path: Path) -> None:
    published, working = make_working(tmp_path)
    publish_run(published, working, "run-0001")
    publication_copy_path(working, published).write_bytes(b"not a database")
    log: list[str] = []
    publish_run(published, working, "run-0002", log=log)
    assert any("starting the publication copy" in line for line in log)
    assert count(published) == 3 and [run for run, _ in history(published)] == ["run-0001", "run-0002"]
    # A table whose definition changed is copied whole, in its new shape.
    with duckdb.connect(str(working)) as conn:
        conn.execute("alter table marts.fct_agreements add column value_usd double default 1.5")
    publish_run(published, working, "run-0003")
    assert query(published, "select distinct value_usd from marts.fct_agreements") == [(1.5,)]
    assert storage_number(published) == STORAGE_NUMBER


def test_rollback_publishes_a_kept_snapshot_again(tmp_path: Path) -> None:
    published, working = make_working(tmp_path)
    publish_run(published, working, "run-0001")
    add_agreement(working)
    publish_run(published, working, "run-0002")
    first, _ = list_snapshots(published)
    rollback(published, first)
    assert independent_copies(first, published)
    assert count(published) == 3 and history(published)[-1][0] == "run-0001"


def test_a_snapshot_is_not_changed_by_writing_the_published_file(tmp_path: Path) -> None:
    """Finding 13: the snapshot was a hard link to the published file, so a client opening the published file
    read-write (a documented misuse) changed the rollback copy too."""
    published, working = make_working(tmp_path)
    publish_run(published, working, "run-0001")
    [kept] = list_snapshots(published)
    assert independent_copies(kept, published)
    assert published.stat().st_mode & 0o222 == 0 and kept.stat().st_mode & 0o222 == 0  # read-only files
    before = file_digest(kept)
    published.chmod(0o644)  # the misuse: make it writable and write it
    with duckdb.connect(str(published)) as conn:
        conn.execute("insert into marts.fct_agreements values (77, ['FRA'], date '2024-06-01'); checkpoint")
    assert file_digest(kept) == before and count(published) == 4
    rollback(published, kept)
    assert count(published) == 3


def test_two_warehouses_in_one_folder_keep_their_own_snapshots(tmp_path: Path) -> None:
    """Finding 7: `news.duckdb` took `news-eu-*.duckdb` snapshots for its own: --keep-snapshots 1 deleted news's
    fresh snapshot and kept news-eu's, and rollback published the EU warehouse as news."""
    news, news_working = make_working(tmp_path, rows=3, name="news.duckdb")
    eu, eu_working = make_working(tmp_path, rows=7, name="news-eu.duckdb")
    publish_run(news, news_working, "run-news1", keep=1)
    publish_run(eu, eu_working, "run-eu-01", keep=1)
    add_agreement(news_working)
    publish_run(news, news_working, "run-news2", keep=1)
    publish_run(eu, eu_working, "run-eu-02", keep=1)
    [news_kept], [eu_kept] = list_snapshots(news), list_snapshots(eu)
    assert read_history(news_kept)[0]["run_id"] == "run-news2" and read_history(eu_kept)[0]["run_id"] == "run-eu-02"
    assert independent_copies(news_kept, news) and independent_copies(eu_kept, eu)
    rollback(news, news_kept)
    assert count(news) == 4 and count(eu) == 7


def test_a_warehouse_written_in_place_becomes_the_working_database(tmp_path: Path) -> None:
    """Upgrading from the version that wrote warehouse/news.duckdb directly keeps everything it accumulated."""
    published = tmp_path / "news.duckdb"
    with duckdb.connect(str(published)) as legacy:
        legacy.execute("create schema marts; create table marts.fct_agreements as select range as id from range(7)")
    working = working_database(published)
    adopt_published(published, working, log=lambda _: None)
    assert query(working, "select count(*) from marts.fct_agreements") == [(7,)]
    assert storage_number(published) != STORAGE_NUMBER  # written by DuckDB 2 in its own format
    publish_run(published, working, "run-0001")
    assert storage_number(published) == STORAGE_NUMBER
    assert query(published, "select count(*) from marts.fct_agreements") == [(7,)]


def test_a_lost_working_database_is_rebuilt_from_the_snapshot_and_the_inputs(seed_warehouse: Warehouse,
                                                                             tmp_path: Path) -> None:
    """Snapshots leave the article text out, so a run that starts from one reads the inputs again."""
    warehouse = seed_warehouse.clone(tmp_path / "warehouse")
    facts = "select agreement_id, party_codes, status from marts.fct_agreements order by all"
    before = query(warehouse.published, facts)
    shutil.rmtree(warehouse.working.parent)
    result = chancery(*warehouse.run_args())
    assert_succeeded(result)
    assert query(warehouse.working, "select count(*) from landing.raw_articles") == [(5,)]
    assert query(warehouse.working, "select count(*) from landing.cleaned_articles") == [(5,)]
    assert query(warehouse.published, facts) == before
    assert len(history(warehouse.published)) == len(history(seed_warehouse.published)) + 1


def test_refuses_to_publish_the_working_database_onto_itself(tmp_path: Path) -> None:
    _, working = make_working(tmp_path)
    with duckdb.connect(str(working)) as conn, pytest.raises(PublicationError, match="onto itself"):
        publish(conn, working, working, "run-0001", keep=1, parquet=False, log=print)


def test_parquet_copy_of_each_mart(tmp_path: Path) -> None:
    published, working = make_working(tmp_path)
    folder = published.parent / "parquet"
    folder.mkdir()
    (folder / "dropped_mart.parquet").write_bytes(b"stale")
    publish_run(published, working, "run-0001", parquet=True)
    assert sorted(path.name for path in folder.iterdir()) == ["fct_agreements.parquet"]
    parquet = folder / "fct_agreements.parquet"
    assert duckdb.execute(f"select count(*), any_value(party_codes) from '{parquet}'").fetchone() == (3, ["CAN", "JPN"])


def test_publication_is_one_asset_after_every_mart_and_the_blocking_checks() -> None:
    """The schedule, sensor, UI and CLI all publish through this asset, which runs only after every mart was
    built and tested; failing error-severity checks upstream stop it."""
    graph = defs.resolve_asset_graph()
    node = graph.get(AssetKey("published_warehouse"))
    marts = {key for key in graph.get_all_asset_keys() if key.path[0] == "marts"}
    assert node.group_name == "publish" and node.parent_keys == marts
    checks = {key.name: graph.get_check_spec(key) for key in graph.asset_check_keys}
    assert all(checks[name].blocking for name in (
        "raw_articles_not_empty", "every_article_cleaned_or_rejected", "fct_agreements_matches_contract"))
    assert "published_snapshot_is_current" in checks
    assert AssetKey("published_warehouse") in defs.resolve_job_def("build_warehouse").asset_layer.selected_asset_keys


# --- the real pipeline ---------------------------------------------------------------------------------------


def test_a_run_publishes_a_snapshot_beside_its_working_database(seed_warehouse: Warehouse) -> None:
    published = seed_warehouse.published
    assert storage_number(published) == STORAGE_NUMBER
    [(run_id, snapshot_file)] = history(published)
    assert independent_copies(published.parent / "snapshots" / snapshot_file, published)
    assert not os.path.samefile(seed_warehouse.working, published)
    # Every relation of the working database is in the snapshot, except the article text and the staging and
    # intermediate models.
    relations = """select table_schema, table_name, table_type from information_schema.tables
                   where table_name <> 'meta_publications' order by all"""
    working = query(seed_warehouse.working, relations)
    left_out = {("landing", "raw_articles"), ("landing", "raw_article_parts"), ("landing", "cleaned_articles"),
                ("landing", "article_sentences"), ("landing", "input_files")}
    assert query(published, relations) == [(schema, name, kind) for schema, name, kind in working
                                           if schema not in ("staging", "intermediate")
                                           and (schema, name) not in left_out]
    assert {("marts", "fct_agreements"), ("reference", "officials"), ("landing", "rejected_documents")} <= {
        (schema, name) for schema, name, _ in query(published, relations)}
    counts = json.loads(query(published, "select row_counts from meta_publications")[0][0])
    assert counts["marts.dim_articles"] == 5 and counts["marts.fct_agreements"] > 0
    assert query(published, "select count(*) from marts.fct_agreements")[0][0] == counts["marts.fct_agreements"]


# A landing row that breaks the accepted_values test on stg_landing__raw_articles.media_type; a sentence table
# replaced by one without its constraints (dbt does not test the landing keys again), holding a sentence twice.
BAD_MEDIA_TYPE = ["""insert into landing.raw_articles by name
                     select * replace ('bad' || article_id as article_id, source_uri || '.pdf' as source_uri,
                                       'pdf' as media_type, 'bad' || content_hash as content_hash)
                     from landing.raw_articles limit 1"""]
UNKEYED_SENTENCES = ["create table landing.unkeyed as select * from landing.article_sentences",
                     "insert into landing.unkeyed select * from landing.article_sentences limit 1",
                     "drop table landing.article_sentences",
                     "alter table landing.unkeyed rename to article_sentences"]


@pytest.mark.parametrize(("breakage", "step", "reported"), [
    (BAD_MEDIA_TYPE, "chancery_dbt_models", "accepted_values_stg_landing__raw_articles_media_type"),
    (UNKEYED_SENTENCES, "raw_articles", "landing.article_sentences: not null (article_id), not null (end_char), "
                                        "not null (sentence_index), not null (sentence_text), not null (start_char), "
                                        "primary key (article_id, sentence_index)"),
], ids=["dbt-test", "landing-constraints"])
def test_a_failing_dbt_test_or_landing_table_publishes_nothing_and_says_why(
        seed_warehouse: Warehouse, tmp_path: Path, breakage: list[str], step: str, reported: str) -> None:
    warehouse = seed_warehouse.clone(tmp_path / "warehouse")
    before = file_digest(warehouse.published)
    with duckdb.connect(str(warehouse.working)) as conn:
        for statement in breakage:
            conn.execute(statement)
    result = chancery(*warehouse.run_args())
    assert result.returncode == 1
    assert f"run failed in {step}" in result.stderr and reported in result.stderr
    assert "nothing was published" in result.stderr and "is the snapshot of run" in result.stderr
    assert file_digest(warehouse.published) == before
    assert len(list_snapshots(warehouse.published)) == 1


def test_a_failing_asset_check_publishes_nothing_and_says_why(seed_warehouse: Warehouse, tmp_path: Path) -> None:
    warehouse = seed_warehouse.clone(tmp_path / "warehouse")
    before = file_digest(warehouse.published)
    with duckdb.connect(str(warehouse.working)) as conn:  # the working database lost every article
        for (table,) in conn.execute("select table_name from duckdb_tables() where schema_name = 'landing'").fetchall():
            conn.execute(f"delete from landing.{table}")
    empty = tmp_path / "no_articles"
    empty.mkdir()
    result = chancery("run", "--warehouse", str(warehouse.published), "--input", str(empty), "--log-level", "ERROR")
    assert result.returncode == 1
    assert "failed checks: raw_articles:raw_articles_not_empty" in result.stderr
    assert "nothing was published" in result.stderr
    assert file_digest(warehouse.published) == before


def test_cli_keeps_snapshots_rolls_back_and_writes_parquet(seed_warehouse: Warehouse, tmp_path: Path) -> None:
    warehouse = seed_warehouse.clone(tmp_path / "warehouse")
    extra = new_article_folder(tmp_path / "extra")
    result = chancery(*warehouse.run_args(extra), "--keep-snapshots", "2", "--parquet")
    assert_succeeded(result)
    [(first_run, _), (second_run, second_file)] = history(warehouse.published)
    assert f"published {warehouse.published} is the snapshot of run {second_run}" in result.stdout
    articles_parquet = warehouse.folder / "parquet" / "dim_articles.parquet"
    assert duckdb.execute(f"select count(*) from '{articles_parquet}'").fetchone() == (6,)

    listing = chancery("snapshots", "--warehouse", str(warehouse.published))
    lines = listing.stdout.splitlines()
    assert len(lines) == 2 and lines[1].startswith(f"* {second_file}") and first_run in lines[0]

    assert_succeeded(chancery("rollback", "--warehouse", str(warehouse.published)))
    assert history(warehouse.published)[-1][0] == first_run
    assert query(warehouse.published, "select count(*) from marts.dim_articles") == [(5,)]
    assert chancery("rollback", "--warehouse", str(warehouse.published), "no-such.duckdb").returncode == 1


def test_docs_command_documents_the_published_warehouse(seed_warehouse: Warehouse) -> None:
    result = chancery("docs", "--warehouse", str(seed_warehouse.published))
    assert_succeeded(result)
    index = Path(result.stdout.split("open in a browser: ", 1)[1].splitlines()[0])
    assert index.name == "static_index.html" and index.stat().st_size > 0
    catalog = json.loads((index.parent / "catalog.json").read_text())
    assert "model.chancery.fct_agreements" in catalog["nodes"]
    assert catalog["nodes"]["model.chancery.fct_agreements"]["metadata"]["schema"] == "marts"


def test_the_publication_requires_every_blocking_check_upstream_of_it() -> None:
    graph = defs.resolve_asset_graph()
    upstream = graph.get_ancestor_asset_keys(AssetKey("published_warehouse"))
    expected = {key for key in graph.get_check_keys_for_assets(upstream) if graph.get_check_spec(key).blocking}
    assert upstream_blocking_checks() == expected
    assert {"raw_articles_not_empty", "mentions_found", "fct_agreements_matches_contract"} <= {
        key.name for key in expected}
    assert any(key.name.startswith("accepted_values_stg_landing__raw_articles_media_type") for key in expected)
