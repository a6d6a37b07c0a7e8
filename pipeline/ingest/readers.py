"""Readers for files that hold many articles: JSON, JSON Lines and WARC web archives.

Each record becomes a document whose source_uri is ``<file>#<n>`` (n counts from 1: the line of a
.jsonl file, the item of a JSON array, the record of a WARC file), so a changed record replaces its
old version and the others stay untouched. Every reader streams or caps what it reads.
"""

import gzip
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from pipeline.ingest.documents import (
    MAX_DOCUMENT_BYTES,
    RawDocument,
    Rejection,
    charset_of,
    decode,
    document_from_text,
    make_document,
    media_type_for,
)

# A .json file is parsed whole, so it is capped; larger collections belong in .jsonl, which is streamed.
MAX_JSON_FILE_BYTES = 64 * 1024 * 1024
# Web archives are streamed, but decompression is capped so a small .warc.gz cannot expand without end.
MAX_ARCHIVE_BYTES = 4 * 1024 * 1024 * 1024
# Chunk size for skipping the rest of an over-long JSON line without holding it in memory.
_SKIP_CHUNK = 1024 * 1024


# ----------------------------------------------------------------------------------------- JSON


def record_document(source_uri: str, file_name: str, record: Any) -> RawDocument | Rejection:
    """One JSON object with ``html`` or ``text`` (plus optional ``title`` and ``url``) → a document."""
    if not isinstance(record, dict):
        return Rejection(source_uri, "invalid_record", f"expected an object, found {type(record).__name__}")
    url = record.get("url")
    # The url is optional metadata (it becomes canonical_url when the page names none); ignore junk.
    url = url.strip() if isinstance(url, str) and url.startswith(("http://", "https://")) and len(url) < 4096 \
        else None
    html, text, title = record.get("html"), record.get("text"), record.get("title")
    if isinstance(html, str) and html.strip():
        return document_from_text(source_uri, file_name, "html", html, url=url)
    if isinstance(text, str) and text.strip():
        if isinstance(title, str) and title.strip():
            # Plain-text articles carry their headline on the first line; a title must stay one line.
            return document_from_text(source_uri, file_name, "text", " ".join(title.split()) + "\n\n" + text,
                                      url=url)
        # No title: the first paragraph is body text, and cleaning must not take it for the headline.
        return document_from_text(source_uri, file_name, "text", text, url=url, has_title=False)
    if isinstance(html, str) or isinstance(text, str):
        return Rejection(source_uri, "empty", "the record's text/html field is empty")
    return Rejection(source_uri, "invalid_record", "the record has no 'text' or 'html' string")


def _parse_json(data: bytes) -> Any:
    # Our decoder, not json's, so cp1252 and UTF-16 files work like text files do.
    return json.loads(decode(data))


def read_json(path: Path, max_bytes: int = MAX_JSON_FILE_BYTES) -> Iterator[RawDocument | Rejection]:
    """A .json file: one article object, or an array of them."""
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield Rejection(str(path), "too_large", f"JSON files are parsed whole and capped at {max_bytes} bytes; "
                                                "use .jsonl (one object per line) for larger collections")
        return
    if not data.strip():
        yield Rejection(str(path), "empty", "file has no content")
        return
    try:
        parsed = _parse_json(data)
    except (ValueError, RecursionError) as error:
        yield Rejection(str(path), "invalid_json", _short(error))
        return
    if isinstance(parsed, list):
        if not parsed:
            yield Rejection(str(path), "empty", "the JSON array is empty")
        for number, record in enumerate(parsed, start=1):
            yield record_document(f"{path}#{number}", path.name, record)
    else:
        yield record_document(str(path), path.name, parsed)


def read_jsonl(path: Path, max_record_bytes: int = MAX_DOCUMENT_BYTES) -> Iterator[RawDocument | Rejection]:
    """A .jsonl file, streamed line by line; blank lines are skipped, each line is capped."""
    found = False
    with path.open("rb") as handle:
        for number, line in enumerate(iter(lambda: handle.readline(max_record_bytes + 1), b""), start=1):
            uri = f"{path}#{number}"
            if len(line) > max_record_bytes and not line.endswith(b"\n"):
                yield Rejection(uri, "too_large", f"line exceeds the {max_record_bytes}-byte limit")
                found = True
                while line and not line.endswith(b"\n"):
                    line = handle.readline(_SKIP_CHUNK)
                continue
            if not line.strip():
                continue
            found = True
            try:
                record = _parse_json(line)
            except (ValueError, RecursionError) as error:
                yield Rejection(uri, "invalid_json", _short(error))
                continue
            yield record_document(uri, path.name, record)
    if not found:
        yield Rejection(str(path), "empty", "file has no records")


def _short(error: BaseException) -> str:
    return f"{type(error).__name__}: {str(error)[:200]}"


# ----------------------------------------------------------------------------------------- WARC


class ArchiveTooLarge(Exception):
    """More decompressed bytes than an archive may hold."""


class ArchiveMalformed(Exception):
    """Content no WARC reader should be handed."""


class _GuardedStream:
    """A read-only stream that fails once more than ``limit`` bytes have been read, or on a header line
    longer than ``max_line`` (warcio reads header lines whole, so an endless one would hold it forever)."""

    def __init__(self, raw: BinaryIO, limit: int, max_line: int) -> None:
        self._raw, self._limit, self._max_line = raw, limit, max_line
        self._count = self._line = 0

    def expect_content(self, length: int) -> None:
        """A record's content of ``length`` bytes comes next: it may hold lines of any length."""
        self._line = min(self._line, 0) - length

    def read(self, size: int = -1) -> bytes:
        allowed = self._limit - self._count + 1
        try:
            # read1: a short read is fine for warcio, and a truncated gzip member then costs only
            # itself, not the records decompressed before it in the same call.
            data = self._raw.read1(allowed if size is None or size < 0 else min(size, allowed))
        except EOFError as error:
            # warcio takes EOFError for the end of the archive and would stop without a word.
            raise ArchiveMalformed(f"the archive is truncated ({error})") from error
        self._count += len(data)
        if self._count > self._limit:
            raise ArchiveTooLarge(f"archive expands beyond {self._limit} bytes")
        newline = data.rfind(b"\n")
        self._line = len(data) - newline - 1 if newline >= 0 else self._line + len(data)
        if self._line > self._max_line:
            raise ArchiveMalformed(f"a line longer than {self._max_line} bytes")
        return data


def read_warc(path: Path, max_record_bytes: int = MAX_DOCUMENT_BYTES,
              max_archive_bytes: int = MAX_ARCHIVE_BYTES) -> Iterator[RawDocument | Rejection]:
    """HTML and plain-text responses (and resources) in a .warc or .warc.gz file.

    Records that are not articles — requests, metadata, images, scripts, redirects and error pages —
    are skipped; an archive with no article records at all is rejected.
    """
    yielded = 0
    try:
        with path.open("rb") as file:
            # We decompress (capped) and hand warcio plain WARC, which it then never decompresses itself.
            raw = gzip.GzipFile(fileobj=file) if file.peek(2)[:2] == b"\x1f\x8b" else file
            if not raw.peek(64).lstrip().startswith(b"WARC/"):
                raise ArchiveMalformed("does not start with a WARC record header")
            stream = _GuardedStream(raw, max_archive_bytes, max_record_bytes)
            for number, record in enumerate(ArchiveIterator(stream), start=1):
                stream.expect_content(record.length or 0)
                document = _warc_record(record, f"{path}#{number}", path.name, max_record_bytes)
                if document is not None:
                    yielded += 1
                    yield document
    except ArchiveTooLarge as error:
        yield Rejection(str(path), "too_large", f"{error}; records before this point were read")
        return
    except (ArchiveMalformed, ArchiveLoadFailed, OSError, EOFError, zlib.error, ValueError) as error:
        detail = _short(error) + ("; records before this point were read" if yielded else "")
        yield Rejection(str(path), "invalid_warc", detail)
        return
    if not yielded:
        yield Rejection(str(path), "no_articles", "the archive holds no HTML or plain-text responses")


def _warc_record(record: Any, uri: str, file_name: str, max_bytes: int) -> RawDocument | Rejection | None:
    if record.rec_type == "response":
        if record.http_headers is None or not record.http_headers.get_statuscode().startswith("2"):
            return None
        content_type = record.http_headers.get_header("Content-Type")
    elif record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type")
    else:
        return None
    media_type = media_type_for(content_type)
    if media_type is None:
        return None
    if record.length and record.length > max_bytes:
        return Rejection(uri, "too_large", f"record of {record.length} bytes exceeds the {max_bytes}-byte limit")
    try:
        data = record.content_stream().read(max_bytes + 1)
        if len(data) > max_bytes:
            return Rejection(uri, "too_large", f"record content exceeds the {max_bytes}-byte limit")
        # What the decoders left of the record's declared length (a chunked body's trailer): read it, so that
        # a record cut short shows as bytes still missing at the end of the file.
        while record.raw_stream.read(_SKIP_CHUNK):
            pass
    except (OSError, EOFError, zlib.error, ValueError) as error:  # bad chunking or content encoding
        return Rejection(uri, "invalid_warc", _short(error))
    missing = getattr(record.raw_stream, "limit", 0)
    if missing > 0:
        # A plain .warc cut mid-record: warcio hands over what is there without a word.
        return Rejection(uri, "invalid_warc", f"the record is truncated: {missing} of its {record.length} bytes "
                                              "are missing")
    target = record.rec_headers.get_header("WARC-Target-URI")
    return make_document(uri, file_name, media_type, data, url=target, charset=charset_of(content_type))
