"""Reading input files: discovery, decoding, JSON / JSON Lines / WARC records, and what gets rejected."""

import gzip
import io
import json
import os
import tracemalloc
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from pipeline.ingest.documents import REJECTION_REASONS, RawDocument, Rejection, decode, make_document
from pipeline.ingest.files import discover, input_kind, read_document, read_path
from pipeline.ingest.readers import read_jsonl, read_warc

MIB = 1024 * 1024


def test_decodes_utf8_bom_utf16_and_cp1252() -> None:
    text = "Café – “quoted”"
    assert decode(text.encode("utf-8-sig")) == text
    assert decode(text.encode("utf-16")) == text
    assert decode(text.encode("utf-16-be")[0:0] + b"\xfe\xff" + text.encode("utf-16-be")) == text
    assert decode(text.encode("cp1252")) == text
    assert decode("naïve".encode("latin-1")) == "naïve"


def test_decodes_a_file_mixing_utf8_and_cp1252() -> None:
    mixed = "Président “Macron”".encode() + b" and the minister\x92s visit to K\xf6ln"
    assert decode(mixed) == "Président “Macron” and the minister’s visit to Köln"


def test_a_declared_charset_is_honoured() -> None:
    assert decode("Москва".encode("cp1251"), "windows-1251") == "Москва"
    page = '<html><head><meta charset="windows-1251"></head><body>Москва</body></html>'.encode("cp1251")
    doc = make_document("page.html", "page.html", "html", page)
    assert isinstance(doc, RawDocument) and "Москва" in doc.raw_text
    # A <meta> claiming UTF-16 on a page readable as ASCII is a stale tag; browsers ignore it too.
    stale = b'<meta charset="utf-16"><p>Caf\xc3\xa9 society</p>'
    assert "Café society" in make_document("s.html", "s.html", "html", stale).raw_text
    for bogus in ("zlib", "idna", "undefined", "no-such-charset", "base64"):
        page = f'<meta charset="{bogus}"><p>Caf\u00e9 society</p>'.encode()
        assert "Café society" in make_document("b.html", "b.html", "html", page).raw_text, bogus


def test_rejects_empty_binary_and_oversized_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    bom_only = tmp_path / "bom.txt"
    bom_only.write_bytes(b"\xff\xfe")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>" + b"a" * 2000 + b"</p>")
    good = tmp_path / "good.txt"
    good.write_text("Title\n\nIndia and Russia signed a deal.", encoding="utf-8")

    assert isinstance(read_document(empty), Rejection) and read_document(empty).reason == "empty"
    assert read_document(bom_only).reason == "empty"
    assert read_document(binary).reason == "binary"
    assert read_document(big, max_bytes=1000).reason == "too_large"
    doc = read_document(good)
    assert isinstance(doc, RawDocument)
    assert doc.media_type == "text" and doc.raw_text.startswith("Title")
    assert doc.article_id == doc.content_hash[:16]


def test_a_200_mb_file_is_rejected_without_being_read(tmp_path: Path) -> None:
    huge_text = tmp_path / "huge.txt"
    with huge_text.open("wb") as handle:
        handle.truncate(200 * MIB)  # sparse: costs no disk
    huge_lines = tmp_path / "huge.jsonl"
    with huge_lines.open("wb") as handle:
        handle.write(b'{"text": "Japan and Canada signed a free trade agreement on Friday."}\n')
        handle.truncate(200 * MIB)  # then one 200 MB "line" of NUL bytes

    tracemalloc.start()
    try:
        text_result = list(read_path(huge_text))
        lines_result = list(read_jsonl(huge_lines, max_record_bytes=4 * MIB))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [r.reason for r in text_result] == ["too_large"]
    assert isinstance(lines_result[0], RawDocument)
    assert [(r.source_uri.rsplit("#")[1], r.reason) for r in lines_result[1:]] == [("2", "too_large")]
    assert peak < 16 * MIB, f"reading allocated {peak / MIB:.0f} MiB"


def test_discover_walks_folders_and_refuses_links_outside(tmp_path: Path) -> None:
    inside = tmp_path / "in"
    (inside / "sub").mkdir(parents=True)
    (inside / "a.txt").write_text("a")
    (inside / "sub" / "b.html").write_text("<p>b</p>")
    (inside / "c.jsonl").write_text("{}")
    (inside / "d.warc.gz").write_bytes(b"")
    (inside / "notes.pdf").write_text("ignored")
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    os.symlink(outside, inside / "link.txt")
    (tmp_path / "elsewhere").mkdir()
    os.symlink(tmp_path / "elsewhere", inside / "linked_folder")
    os.symlink(inside / "a.txt", inside / "alias.txt")  # inside the folder: fine

    found = list(discover([inside, tmp_path / "missing"]))
    files = sorted(p.name for p in found if isinstance(p, Path))
    refused = sorted((Path(r.source_uri).name, r.reason) for r in found if isinstance(r, Rejection))
    assert files == ["a.txt", "a.txt", "b.html", "c.jsonl", "d.warc.gz"]
    assert refused == [("link.txt", "symlink_outside_input"), ("linked_folder", "symlink_outside_input"),
                       ("missing", "missing")]


def test_input_kinds_by_file_name() -> None:
    kinds = {name: input_kind(Path(name)) for name in
             ("a.TXT", "b.htm", "c.json", "d.jsonl", "e.ndjson", "f.warc", "g.warc.gz", "h.gz", "i.pdf")}
    assert kinds == {"a.TXT": "text", "b.htm": "html", "c.json": "json", "d.jsonl": "jsonl", "e.ndjson": "jsonl",
                     "f.warc": "warc", "g.warc.gz": "warc", "h.gz": None, "i.pdf": None}


def test_a_file_that_cannot_be_read_is_rejected(tmp_path: Path) -> None:
    folder_named_like_a_file = tmp_path / "odd.txt"
    folder_named_like_a_file.mkdir()
    assert [r.reason for r in read_path(folder_named_like_a_file)] == ["unreadable"]


def test_json_lines_become_one_document_per_record(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    records = [
        {"url": "https://news.example/a", "title": "Japan and Canada sign",
         "text": "Japan and Canada signed a free trade agreement on Friday."},
        {"html": "<html><body><article><p>India and France signed a pact.</p></article></body></html>",
         "url": "https://news.example/b"},
        {"title": "no body"},
        {"text": ""},
    ]
    lines = [json.dumps(r) for r in records] + ["", "{not json", "[1, 2]", json.dumps({"text": "cr\x00p"})]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    results = {r.source_uri.rsplit("#", 1)[1]: r for r in read_path(path)}
    first, second = results["1"], results["2"]
    assert isinstance(first, RawDocument) and first.media_type == "text"
    assert first.raw_text == "Japan and Canada sign\n\nJapan and Canada signed a free trade agreement on Friday."
    assert first.url == "https://news.example/a" and first.file_name == "batch.jsonl"
    assert isinstance(second, RawDocument) and second.media_type == "html" and second.url == "https://news.example/b"
    reasons = {line: r.reason for line, r in results.items() if isinstance(r, Rejection)}
    assert reasons == {"3": "invalid_record", "4": "empty", "6": "invalid_json", "7": "invalid_record",
                       "8": "binary"}


def test_json_files_hold_one_article_or_an_array(tmp_path: Path) -> None:
    single = tmp_path / "one.json"
    single.write_text(json.dumps({"title": "T", "text": "Body of the article."}))
    many = tmp_path / "many.json"
    many.write_text(json.dumps([{"text": "First article."}, {"text": "Second article."}, 42]), encoding="utf-16")
    nested = tmp_path / "deep.json"
    nested.write_text("[" * 100_000 + "]" * 100_000)

    (one,) = read_path(single)
    assert isinstance(one, RawDocument) and one.source_uri == str(single)
    assert [(r.source_uri.rsplit("#")[1], type(r).__name__) for r in read_path(many)] == [
        ("1", "RawDocument"), ("2", "RawDocument"), ("3", "Rejection")]
    assert [r.reason for r in read_path(nested)] == ["invalid_json"]


def _warc(path: Path, records: list[tuple[str, str, bytes, str]], compress: bool) -> None:
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=compress)
        for uri, content_type, body, status in records:
            if status:
                http_headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
                record = writer.create_warc_record(uri, "response", payload=io.BytesIO(body),
                                                   http_headers=http_headers)
            else:
                record = writer.create_warc_record(uri, "resource", payload=io.BytesIO(body),
                                                   warc_content_type=content_type)
            writer.write_record(record)


WARC_RECORDS = [
    ("https://news.example/a", "text/html; charset=windows-1252",
     "<html><body><p>Caf\u00e9 diplomacy: Japan and Canada signed a deal.</p></body></html>".encode("cp1252"),
     "200 OK"),
    ("https://news.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n....", "200 OK"),
    ("https://news.example/gone", "text/html", b"<p>not found</p>", "404 Not Found"),
    ("https://news.example/b.txt", "text/plain", b"Title\n\nIndia and France signed a pact.", ""),
]


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_and_text_records_become_documents(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    _warc(path, WARC_RECORDS, compress=name.endswith(".gz"))

    docs = list(read_path(path))
    assert [(d.source_uri, d.media_type, d.url) for d in docs] == [
        (f"{path}#1", "html", "https://news.example/a"), (f"{path}#4", "text", "https://news.example/b.txt")]
    assert "Café diplomacy" in docs[0].raw_text  # the charset from the HTTP header


def test_damaged_warc_files_are_rejected_keeping_what_came_before(tmp_path: Path) -> None:
    whole = tmp_path / "whole.warc.gz"
    _warc(whole, [WARC_RECORDS[0], WARC_RECORDS[3]], compress=True)
    truncated = tmp_path / "truncated.warc.gz"
    truncated.write_bytes(whole.read_bytes()[:-40])
    images_only = tmp_path / "images.warc"
    _warc(images_only, [WARC_RECORDS[1]], compress=False)
    not_warc = tmp_path / "zeros.warc"
    not_warc.write_bytes(b"\0" * 4096)
    double = tmp_path / "double.warc.gz"
    double.write_bytes(gzip.compress(whole.read_bytes()))

    kept = list(read_path(truncated))
    assert isinstance(kept[0], RawDocument) and kept[0].url == "https://news.example/a"
    assert kept[-1].reason == "invalid_warc" and "truncated" in kept[-1].detail
    assert [r.reason for r in read_path(images_only)] == ["no_articles"]
    assert [r.reason for r in read_path(not_warc)] == ["invalid_warc"]
    assert [r.reason for r in read_path(double)] == ["invalid_warc"]  # never decompressed a second time
    endless_header = tmp_path / "endless.warc"
    endless_header.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\nX-Padding: " + b"a" * (3 * MIB))
    (rejection,) = read_warc(endless_header, max_record_bytes=MIB)
    assert rejection.reason == "invalid_warc" and "line longer than" in rejection.detail


def test_warc_decompression_is_capped(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.warc.gz"
    _warc(bomb, [("https://news.example/zeros", "text/plain", b"\0" * (8 * MIB), "")], compress=True)
    assert bomb.stat().st_size < MIB // 8
    # The record is over the per-record cap; reading on past it, the archive passes its own cap.
    results = list(read_warc(bomb, max_record_bytes=MIB, max_archive_bytes=2 * MIB))
    assert [(r.source_uri, r.reason) for r in results] == [(f"{bomb}#1", "too_large"), (str(bomb), "too_large")]
    # Within the archive cap only the record is refused, and reading its content is no "endless line".
    results = list(read_warc(bomb, max_record_bytes=MIB, max_archive_bytes=16 * MIB))
    assert [(r.source_uri, r.reason) for r in results] == [(f"{bomb}#1", "too_large")]


def test_every_reason_is_documented() -> None:
    # docs/inputs.md lists the reasons; those the reliability work added are described in docs/reliability.md.
    root = Path(__file__).resolve().parents[2]
    docs = (root / "docs" / "inputs.md").read_text() + (root / "docs" / "reliability.md").read_text()
    assert [reason for reason in sorted(REJECTION_REASONS) if f"`{reason}`" not in docs] == []
