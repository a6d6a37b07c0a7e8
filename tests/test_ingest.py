import os
from pathlib import Path

from pipeline.ingest import RawDocument, Rejection, decode, discover, read_document


def test_decodes_utf8_bom_utf16_and_cp1252() -> None:
    text = "Café – “quoted”"
    assert decode(text.encode("utf-8-sig")) == text
    assert decode(text.encode("utf-16")) == text
    assert decode(text.encode("cp1252")) == text
    assert decode("naïve".encode("latin-1")) == "naïve"


def test_rejects_empty_binary_and_oversized_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>" + b"a" * 2000 + b"</p>")
    good = tmp_path / "good.txt"
    good.write_text("Title\n\nIndia and Russia signed a deal.", encoding="utf-8")

    assert isinstance(read_document(empty), Rejection) and read_document(empty).reason == "empty"
    assert read_document(binary).reason == "binary"
    assert read_document(big, max_bytes=1000).reason == "too_large"
    doc = read_document(good)
    assert isinstance(doc, RawDocument)
    assert doc.media_type == "text" and doc.raw_text.startswith("Title")
    assert doc.article_id == doc.content_hash[:16]


def test_discover_walks_folders_and_refuses_links_outside(tmp_path: Path) -> None:
    inside = tmp_path / "in"
    (inside / "sub").mkdir(parents=True)
    (inside / "a.txt").write_text("a")
    (inside / "sub" / "b.html").write_text("<p>b</p>")
    (inside / "notes.pdf").write_text("ignored")
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    os.symlink(outside, inside / "link.txt")

    found = list(discover([inside, tmp_path / "missing"]))
    files = sorted(p.name for p in found if isinstance(p, Path))
    reasons = sorted(r.reason for r in found if isinstance(r, Rejection))
    assert files == ["a.txt", "b.html"]
    assert reasons == ["missing", "symlink_outside_input"]
