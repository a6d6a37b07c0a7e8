"""Bad input through the real Python assets (ingest → clean → extract) into a throwaway DuckDB file:
every bad item gets a rejected_documents row and a log line, the run goes on, nothing loaded is lost
or duplicated, and a changed file replaces its old version and its facts."""

import os
import shutil
from pathlib import Path

import duckdb
from dagster import DagsterInstance, materialize
from dagster_duckdb import DuckDBResource

from pipeline.defs.clean import cleaned_articles
from pipeline.defs.extract import article_sentences, fact_mentions
from pipeline.defs.ingest import raw_articles
from pipeline.defs.sources_resource import ArticleSources
from pipeline.versions import cleaner_version, splitter_version
from tests.conftest import SEEDS_DIR

PYTHON_ASSETS = [raw_articles, cleaned_articles, article_sentences, fact_mentions]
CHANGED_SEED = "004_4197f04110c4ab2c.txt"
ARTICLE = ("Canada and Japan sign trade pact\n\n"
           "Canada and Japan signed a free trade agreement in Tokyo on Friday, officials said.\n")
NAVIGATION_ONLY = ("<html><head><title>Menu</title></head><body><nav><ul>"
                   + "".join(f"<li><a href='/s{i}'>Section {i}</a></li>" for i in range(40))
                   + "</ul></nav><footer>© 2024 Example News. All rights reserved.</footer></body></html>")
TRUNCATED_HTML = ("<html><head><title>Talks in Paris</title></head><body><article><h1>Talks in Paris</h1>"
                  "<p>India and France signed a defence cooperation agreement in Paris on Monday, the two "
                  "governments said in a joint statement after the talks.</p><p>The agreement covers")
MALFORMED_HTML = ("<html><body><div><p>Germany and Brazil signed an energy agreement in Berlin on Tuesday."
                  "</span></div></td><p><b><i>The deal covers hydrogen and wind power projects,</b></i> officials "
                  "said.<<<>>></p></html></body><p>")


def run(inputs: Path, warehouse: Path, instance: DagsterInstance, reread: bool = False) -> dict[str, int]:
    """Materialise the Python assets on ``inputs`` (``reread``: every input file, changed or not); returns
    raw_articles' counts (loaded, replaced, ...)."""
    result = materialize(PYTHON_ASSETS, instance=instance, resources={
        "warehouse": DuckDBResource(database=str(warehouse)),
        "sources": ArticleSources(paths=[str(inputs)]),
    }, run_config={"ops": {"raw_articles": {"config": {"reread_files": reread}}}})
    assert result.success
    (materialization,) = result.asset_materializations_for_node("raw_articles")
    return {key: value.value for key, value in materialization.metadata.items()}


def query(warehouse: Path, sql: str, parameters: list | None = None) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as conn:
        return conn.execute(sql, parameters or []).fetchall()


def add_bad_and_changed_inputs(inputs: Path, outside: Path) -> None:
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "blob.html").write_bytes(os.urandom(4096) + bytes(range(32)) * 64)
    (inputs / "cp1252.txt").write_bytes(("Café talks\n\n" + ARTICLE.replace("Tokyo", "Montréal")).encode("cp1252")
                                        + "Minister’s “remarks” were brief.\n".encode("cp1252"))
    (inputs / "latin1.txt").write_bytes(("Visite à Genève\n\nSpain and Morocco signed a fisheries agreement in "
                                         "Genève on Thursday, officials said.\n").encode("latin-1"))
    (inputs / "utf16.txt").write_bytes(("Ankara visit\n\nTurkey and Qatar signed a defence agreement in Ankara "
                                        "on Sunday, officials said.\n").encode("utf-16"))
    (inputs / "mixed.txt").write_bytes(("Zürich meeting\n\nSwitzerland and Chile signed a tax agreement in "
                                        "Zürich on Monday, officials said.\n").encode()
                                       + b"The minister\x92s office confirmed it.\n")
    (inputs / "truncated.html").write_text(TRUNCATED_HTML)
    (inputs / "malformed.html").write_text(MALFORMED_HTML)
    (inputs / "navigation.html").write_text(NAVIGATION_ONLY)
    with (inputs / "huge.txt").open("wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: nothing is written, nothing may be read
    shutil.copy(inputs / "000_aac37b017383fe6e.txt", inputs / "copy_of_000.txt")
    changed = inputs / CHANGED_SEED
    changed.write_text(changed.read_text() + "\nJapan and Canada signed a free trade agreement on Friday.\n")
    outside.write_text(ARTICLE)
    os.symlink(outside, inputs / "link_to_outside.txt")
    (inputs / "batch.jsonl").write_text(
        '{"title": "Oslo accord", "text": "Norway and Kenya signed a climate agreement in Oslo on Friday.", '
        '"url": "https://news.example/oslo"}\n{"text": \n')
    os.close(os.open(os.fsencode(inputs) + b"/caf\xe9.txt", os.O_CREAT | os.O_WRONLY))  # a non-UTF-8 name
    Path(os.fsdecode(os.fsencode(inputs) + b"/caf\xe9.txt")).write_text(
        "Lima summit\n\nPeru and Vietnam signed a trade agreement in Lima on Friday, officials said.\n")


def test_bad_inputs_are_rejected_and_the_rest_is_kept(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(SEEDS_DIR, inputs)
    warehouse = tmp_path / "news.duckdb"
    with DagsterInstance.ephemeral() as instance:
        run(inputs, warehouse, instance)
        before = dict(query(warehouse, "select file_name, article_id from landing.raw_articles"))
        old_changed_id = before[CHANGED_SEED]
        old_mentions = query(warehouse, "select count(*) from landing.fact_mentions")[0][0]
        assert len(before) == 5 and old_mentions > 0

        add_bad_and_changed_inputs(inputs, tmp_path / "outside.txt")
        counts = run(inputs, warehouse, instance)
        logged = "\n".join(str(record.user_message) for run_record in instance.get_runs()
                           for record in instance.all_logs(run_record.run_id))

    rejected = {(Path(source).name, reason, stage)
                for source, reason, stage in query(warehouse,
                                                   "select source, reason, stage from landing.rejected_documents")}
    assert rejected == {
        ("empty.txt", "empty", "ingest"),
        ("blob.html", "binary", "ingest"),
        ("huge.txt", "too_large", "ingest"),
        ("copy_of_000.txt", "duplicate", "ingest"),
        ("link_to_outside.txt", "symlink_outside_input", "ingest"),
        ("batch.jsonl#2", "invalid_json", "ingest"),
        ("navigation.html", "no_article_text", "clean"),
    }
    for source, reason, _ in rejected:
        # One log line per bad item, named relative to its input; what the walk refuses, by its absolute path.
        name = f"{inputs}/{source}" if reason == "symlink_outside_input" else f"inputs/{source}"
        assert f"rejected {name}: {reason}" in logged

    # the four seeds left as they were are not even read again
    assert counts["loaded"] == 9 and counts["replaced"] == 1 and counts["unchanged_files"] == 4
    texts = dict(query(warehouse, "select file_name, raw_text from landing.raw_articles"))
    assert "Montréal" in texts["cp1252.txt"] and "Minister’s “remarks”" in texts["cp1252.txt"]
    assert "Genève" in texts["latin1.txt"] and texts["utf16.txt"].startswith("Ankara visit")
    assert "Zürich" in texts["mixed.txt"] and "minister’s office" in texts["mixed.txt"]
    assert "caf\\udce9.txt" in texts  # stored with the undecodable byte spelled out

    after = dict(query(warehouse, "select file_name, article_id from landing.raw_articles"))
    unchanged = {name: article_id for name, article_id in before.items() if name != CHANGED_SEED}
    assert unchanged.items() <= after.items()  # nothing loaded earlier was lost
    assert after[CHANGED_SEED] != old_changed_id
    for table in ("raw_articles", "cleaned_articles", "article_sentences", "fact_mentions", "article_extractions"):
        stale = query(warehouse, f"select count(*) from landing.{table} where article_id = ?", [old_changed_id])
        assert stale == [(0,)], table
    cleaned = dict(query(warehouse, "select r.file_name, c.body_text from landing.raw_articles r "
                                    "join landing.cleaned_articles c using (article_id)"))
    assert "India and France signed a defence cooperation agreement" in cleaned["truncated.html"]
    assert "Germany and Brazil signed an energy agreement" in cleaned["malformed.html"]
    new_facts = query(warehouse, "select count(*) from landing.fact_mentions m join landing.raw_articles r "
                                 "using (article_id) where r.file_name = ? and m.party_codes = ['CAN', 'JPN']",
                      [CHANGED_SEED])
    assert new_facts[0][0] >= 1  # the changed file's new sentence was extracted
    jsonl = query(warehouse, "select r.url, c.canonical_url, c.title from landing.raw_articles r "
                             "join landing.cleaned_articles c using (article_id) where r.file_name = 'batch.jsonl'")
    assert jsonl == [("https://news.example/oslo", "https://news.example/oslo", "Oslo accord")]


def test_a_rerun_changes_nothing_and_duplicates_nothing(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(SEEDS_DIR, inputs)
    add_bad_and_changed_inputs(inputs, tmp_path / "outside.txt")
    warehouse = tmp_path / "news.duckdb"
    tables = ("raw_articles", "cleaned_articles", "article_sentences", "fact_mentions", "rejected_documents")
    with DagsterInstance.ephemeral() as instance:
        run(inputs, warehouse, instance)
        first = {t: query(warehouse, f"select count(*) from landing.{t}")[0][0] for t in tables}
        counts = run(inputs, warehouse, instance)
        second = {t: query(warehouse, f"select count(*) from landing.{t}")[0][0] for t in tables}
    assert counts["loaded"] == 0 and counts["replaced"] == 0
    assert second == first
    assert query(warehouse, "select count(*) - count(distinct content_hash) from landing.raw_articles") == [(0,)]


def test_a_file_fixed_after_its_rejection_loads(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    article = inputs / "later.txt"
    article.write_bytes(b"")
    warehouse = tmp_path / "news.duckdb"
    with DagsterInstance.ephemeral() as instance:
        run(inputs, warehouse, instance)
        assert query(warehouse, "select reason from landing.rejected_documents") == [("empty",)]
        article.write_text(ARTICLE)
        run(inputs, warehouse, instance)
    assert query(warehouse, "select count(*) from landing.rejected_documents") == [(0,)]
    assert query(warehouse, "select count(*) from landing.cleaned_articles") == [(1,)]


def test_a_page_the_cleaner_rejected_is_tried_again_by_a_new_cleaner(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "navigation.html").write_text(NAVIGATION_ONLY)
    (inputs / "good.txt").write_text(ARTICLE)
    warehouse = tmp_path / "news.duckdb"
    with DagsterInstance.ephemeral() as instance:
        run(inputs, warehouse, instance)
        current = f"%[cleaner {cleaner_version()}]"
        assert query(warehouse, "select reason, stage, detail like ? from landing.rejected_documents", [current]) \
            == [("no_article_text", "clean", True)]
        # As if an earlier cleaner had rejected it: the current one reads the page again (and rejects it again).
        with duckdb.connect(str(warehouse)) as conn:
            conn.execute("update landing.rejected_documents set detail = replace(detail, '[cleaner ', '[cleaner old-')")
        run(inputs, warehouse, instance)
        assert query(warehouse, "select reason, detail like ? from landing.rejected_documents", [current]) \
            == [("no_article_text", True)]
        run(inputs, warehouse, instance)  # the same cleaner's verdict stands: the page is not read a third time
    assert query(warehouse, "select count(*) from landing.rejected_documents") == [(1,)]
    assert query(warehouse, "select count(*) from landing.cleaned_articles") == [(1,)]


def test_sentences_of_an_earlier_splitter_are_split_again(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "good.txt").write_text(ARTICLE)
    warehouse = tmp_path / "news.duckdb"
    with DagsterInstance.ephemeral() as instance:
        run(inputs, warehouse, instance)
        first = query(warehouse, "select sentence_index, sentence_text from landing.article_sentences order by 1")
        # As if an earlier splitter had cut the body: the current one splits it again.
        with duckdb.connect(str(warehouse)) as conn:
            conn.execute("update landing.article_sentences set splitter_version = 'old', sentence_text = 'stale'")
        run(inputs, warehouse, instance)
    assert query(warehouse, "select sentence_index, sentence_text from landing.article_sentences order by 1") == first
    assert query(warehouse, "select distinct splitter_version from landing.article_sentences") \
        == [(splitter_version(),)]


def test_a_file_changed_into_a_copy_of_another_loses_its_old_version(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "a.txt").write_text(ARTICLE)
    (inputs / "b.txt").write_text(ARTICLE.replace("Canada and Japan", "Chile and Peru"))
    warehouse = tmp_path / "news.duckdb"
    with DagsterInstance.ephemeral() as instance:
        run(inputs, warehouse, instance)
        (inputs / "a.txt").write_text((inputs / "b.txt").read_text())
        run(inputs, warehouse, instance)
    assert query(warehouse, "select file_name from landing.raw_articles") == [("b.txt",)]
    assert query(warehouse, "select count(distinct article_id) from landing.fact_mentions") == [(1,)]
    assert query(warehouse, "select reason, detail like '%b.txt' from landing.rejected_documents") == [
        ("duplicate", True)]


def test_unchanged_files_are_not_read_again_unless_asked(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    shutil.copytree(SEEDS_DIR, inputs)
    seeds = len(list(inputs.iterdir()))
    warehouse = tmp_path / "news.duckdb"
    with DagsterInstance.ephemeral() as instance:
        assert run(inputs, warehouse, instance)["loaded"] == seeds
        again = run(inputs, warehouse, instance)
        assert (again["unchanged_files"], again["unchanged"]) == (seeds, 0)  # skipped before reading

        touched = inputs / "000_aac37b017383fe6e.txt"
        os.utime(touched)  # modified time changes, content does not: read, found unchanged
        after_touch = run(inputs, warehouse, instance)
        assert (after_touch["unchanged_files"], after_touch["unchanged"], after_touch["loaded"]) == (seeds - 1, 1, 0)

        stat = touched.stat()
        touched.write_text(touched.read_text().replace("a", "e"))  # same size, new content
        os.utime(touched, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # and the old modification time
        assert run(inputs, warehouse, instance)["replaced"] == 1  # ctime still moved

        reread = run(inputs, warehouse, instance, reread=True)
        assert (reread["unchanged_files"], reread["unchanged"]) == (0, seeds)


def test_a_duplicate_loads_once_the_file_it_copied_changes(tmp_path: Path) -> None:
    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "a.txt").write_text(ARTICLE)
    (inputs / "b.txt").write_text(ARTICLE)
    warehouse = tmp_path / "news.duckdb"
    with DagsterInstance.ephemeral() as instance:
        assert run(inputs, warehouse, instance)["rejected"] == 1
        (inputs / "a.txt").write_text(ARTICLE.replace("Canada and Japan", "Chile and Peru"))
        counts = run(inputs, warehouse, instance)
    assert (counts["replaced"], counts["loaded"], counts["rejected"]) == (1, 1, 0)
    assert query(warehouse, "select file_name from landing.raw_articles order by 1") == [("a.txt",), ("b.txt",)]
    assert query(warehouse, "select count(*) from landing.rejected_documents") == [(0,)]
