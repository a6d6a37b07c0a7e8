"""Local documents are named by their path relative to the input they were found under; the loader re-links a
document whose old source is gone instead of rejecting it as a duplicate."""

from pathlib import Path

import duckdb

from pipeline.ingest.documents import make_document
from pipeline.ingest.files import SourceNames, discover, read_path
from pipeline.ingest.loader import RawLoader
from pipeline.warehouse.landing import LANDING_SCHEMA, ensure_schema


def test_names_are_relative_to_their_input_and_absolute_when_inputs_share_a_name(tmp_path: Path) -> None:
    (tmp_path / "a" / "seeds" / "sub").mkdir(parents=True)
    (tmp_path / "b" / "seeds").mkdir(parents=True)
    deep = tmp_path / "a" / "seeds" / "sub" / "x.jsonl"
    deep.write_text('{"text": "One"}\n')
    single = tmp_path / "one.txt"
    single.write_text("Title\n\nBody.")
    names = SourceNames([tmp_path / "a" / "seeds", single])
    assert names.name(deep) == "seeds/sub/x.jsonl" and names.name(single) == "one.txt"
    assert [names.rename(doc.source_uri, deep) for doc in read_path(deep)] == ["seeds/sub/x.jsonl#1"]
    clash = SourceNames([tmp_path / "a" / "seeds", tmp_path / "b" / "seeds"])
    assert clash.name(deep) == str(deep)  # two inputs named seeds: relative names would collide
    assert names.exists("seeds/sub/x.jsonl#1") and names.exists("one.txt") and names.exists("https://x.org/a")
    assert not names.exists("seeds/gone.txt") and not names.exists("other/sub/x.jsonl")
    assert not names.exists(str(tmp_path / "gone.txt")) and names.exists(str(single))
    assert [item for item in discover([tmp_path / "a" / "seeds"])] == [deep.resolve()]


def test_a_document_whose_source_is_gone_is_relinked_and_one_whose_source_is_there_is_a_duplicate(
        tmp_path: Path) -> None:
    conn = duckdb.connect(str(tmp_path / "w.duckdb"))
    ensure_schema(conn)
    first = make_document("old/a.txt", "a.txt", "text", b"Title\n\nBody.")
    with RawLoader(conn, lambda message: None) as loader:
        assert loader.load(first) == "loaded"
    warnings: list[str] = []
    with RawLoader(conn, warnings.append, exists=lambda uri: uri != "old/a.txt") as loader:
        assert loader.load(make_document("new/a.txt", "a.txt", "text", b"Title\n\nBody.")) == "relinked"
        assert loader.load(make_document("copy/a.txt", "a.txt", "text", b"Title\n\nBody.")) == "duplicate"
    assert loader.counts["relinked"] == 1 and loader.counts["rejected"] == 1 and len(warnings) == 1
    assert conn.execute(f"select article_id, source_uri from {LANDING_SCHEMA}.raw_articles").fetchall() == [
        (first.article_id, "new/a.txt")]
