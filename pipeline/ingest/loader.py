"""Putting documents into landing.raw_articles: new ones inserted, unchanged ones skipped, changed ones
replace their old version (and everything derived from it), duplicates and bad ones rejected.

Writes are buffered and committed a batch of documents at a time: one transaction per document
made a cold ingest cost milliseconds per file in commits alone. A batch is all-or-nothing, so a run
killed mid-ingest loses at most the documents of its open batch, which the next run reads again.
Input files are remembered by size, modification and change time: an unchanged file is not read
or hashed again, which keeps a run over a large, mostly unchanged folder cheap.
"""

import datetime as dt
import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

import duckdb

from pipeline.ingest.documents import RawDocument, Rejection
from pipeline.warehouse.landing import LANDING_SCHEMA, delete_articles, insert_rows
from pipeline.warehouse.text_parts import split_text

RAW_COLUMNS = ("article_id", "source_uri", "file_name", "media_type", "content_hash", "byte_size", "raw_text",
               "ingested_at", "url", "has_title", "text_parts")
PART_COLUMNS = ("article_id", "part", "text")
REJECTION_COLUMNS = ("source", "reason", "detail", "content_hash", "stage", "seen_at")
INPUT_FILE_COLUMNS = ("path", "byte_size", "mtime_ns", "ctime_ns", "read_at")
# Documents per transaction: large enough that commits cost nothing per document, small enough that
# a batch of raw pages stays a few megabytes.
BATCH_DOCUMENTS = 500
# Bytes of document text per transaction: the batch is committed once its documents hold this much,
# whatever their number. A count alone let 500 documents of up to 20 MiB each (one small .warc.gz of
# large records) take gigabytes; the text is held as Python strings, then as an Arrow column, then in
# DuckDB's buffer while the transaction is open, so each byte of a batch costs a few in memory.
BATCH_BYTES = 64 * 1024 * 1024
# Documents between explicit checkpoints: DuckDB holds committed rows it has not checkpointed in memory
# it does not count against its limit, so without this a cold ingest's memory grew with the corpus; a
# checkpoint every two batches keeps it flat at no measurable cost (figures in bench/RESULTS.md).
CHECKPOINT_DOCUMENTS = 1000
# Bytes of document text between checkpoints, for the same reason: a thousand documents of up to 20 MiB each
# held gigabytes of committed, uncheckpointed text in memory.
CHECKPOINT_BYTES = 256 * 1024 * 1024
# DuckDB's memory limit while ingest writes, when the run's own is higher. Without one DuckDB keeps what it wrote
# cached up to its default of 80 % of RAM; with one it evicts, and since no value it stores exceeds
# pipeline.warehouse.text_parts.PART_BYTES (2,048 of them to a vector, what a checkpoint holds pinned), the limit
# holds for any mix of documents. The run's limit is set again when ingest ends.
INGEST_MEMORY_LIMIT_BYTES = 1024**3
_SIZE = re.compile(r"([0-9.]+)\s*(bytes|[KMGTP]iB)")
_UNITS = {"bytes": 1, "KiB": 1024, "MiB": 1024**2, "GiB": 1024**3, "TiB": 1024**4, "PiB": 1024**5}
# A file read with these outcomes is read again next time even if unchanged: whether it is a duplicate
# depends on other files, and an unreadable file may become readable without being modified.
_UNSETTLED = frozenset({"duplicate", "unreadable"})


@contextmanager
def bounded_memory(conn: duckdb.DuckDBPyConnection, configured: str | None,
                   limit_bytes: int = INGEST_MEMORY_LIMIT_BYTES) -> Iterator[None]:
    """DuckDB's memory limit at most `limit_bytes` inside the block; after it, the limit the database was opened
    with (`configured`, the connection's memory_limit setting; None: DuckDB's default)."""
    (current,) = conn.execute("select current_setting('memory_limit')").fetchone() or ("",)
    match = _SIZE.fullmatch(str(current).strip())
    if match and float(match[1]) * _UNITS[match[2]] <= limit_bytes:
        yield
        return
    conn.execute(f"set memory_limit = '{int(limit_bytes)}B'")
    try:
        yield
    finally:
        # What current_setting shows is rounded: the configured value is set again, not the one read.
        if configured:
            conn.execute("set memory_limit = '{}'".format(configured.replace("'", "''")))
        else:
            conn.execute("reset memory_limit")


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def storable(text: str) -> str:
    # File names that are not UTF-8 reach Python as lone surrogates, which no column can store.
    return text.encode("utf-8", errors="backslashreplace").decode("utf-8")


FileStamp = tuple[int, int, int]  # size, mtime_ns, ctime_ns


def file_stamp(stat: os.stat_result) -> FileStamp:
    return stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


@dataclass
class _Batch:
    retired: list[str] = field(default_factory=list)  # article ids whose old version goes
    sources: set[str] = field(default_factory=set)  # sources whose earlier ingest/fetch rejections go
    rejections: list[tuple[object, ...]] = field(default_factory=list)
    raws: list[tuple[object, ...]] = field(default_factory=list)
    parts: list[tuple[str, int, str]] = field(default_factory=list)  # texts too long for one value, in pieces
    files: list[tuple[object, ...]] = field(default_factory=list)
    text_bytes: int = 0  # of the documents' text and the rejections' details
    relinks: list[tuple[str, str, str]] = field(default_factory=list)  # new source_uri, file_name, old source_uri

    def __len__(self) -> int:
        return len(self.sources)


class RawLoader:
    """Loads documents into raw_articles in batches; call ``flush`` (or use it as a context manager)
    to commit what is pending."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, warn: Callable[[str], None],
                 batch_documents: int = BATCH_DOCUMENTS, batch_bytes: int = BATCH_BYTES,
                 exists: Callable[[str], bool] = lambda uri: True) -> None:
        """`exists` tells whether a known source is still there (pipeline.ingest.files.SourceNames.exists): a
        document whose content a source that is gone holds is that document, moved, not a duplicate."""
        self.conn, self.warn, self.batch_documents, self.batch_bytes = conn, warn, batch_documents, batch_bytes
        self.exists = exists
        self.peak_batch_bytes = 0  # the most text one transaction held (bench/ingest_memory.py reports it)
        self.known: dict[str, str] = dict(
            conn.execute(f"select source_uri, content_hash from {LANDING_SCHEMA}.raw_articles").fetchall())
        self.owner_of_hash = {digest: uri for uri, digest in self.known.items()}
        self.file_stamps: dict[str, FileStamp] = {
            path: (size, mtime, ctime) for path, size, mtime, ctime in
            conn.execute(f"select path, byte_size, mtime_ns, ctime_ns from {LANDING_SCHEMA}.input_files").fetchall()}
        self.counts = {"loaded": 0, "replaced": 0, "unchanged": 0, "relinked": 0, "rejected": 0,
                       "unchanged_files": 0}
        self._batch = _Batch()
        self._since_checkpoint = 0
        self._bytes_since_checkpoint = 0

    def __enter__(self) -> "RawLoader":
        return self

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if kind is None:
            self.flush()

    def file_unchanged(self, path: Path, stamp: FileStamp) -> bool:
        """True (and counted) when the file is as it was when a run last read it completely."""
        if self.file_stamps.get(storable(str(path))) != stamp:
            return False
        self.counts["unchanged_files"] += 1
        return True

    def file_read(self, path: Path, stamp: FileStamp, outcomes: set[str]) -> None:
        """Remember a file whose every document was loaded or settled, committed with those documents."""
        if outcomes & _UNSETTLED:
            return
        self._batch.files.append((storable(str(path)), *stamp, now()))
        self.file_stamps[storable(str(path))] = stamp

    def load(self, doc: RawDocument | Rejection) -> str:
        """Load or reject one document; returns what happened (a counts key, or the rejection reason)."""
        if isinstance(doc, RawDocument):
            doc = replace(doc, source_uri=storable(doc.source_uri), file_name=storable(doc.file_name))
        else:
            doc = replace(doc, source_uri=storable(doc.source_uri), detail=storable(doc.detail))
        if doc.source_uri in self._batch.sources:  # a source twice in one batch: settle the first one first
            self.flush()
        batch = self._batch
        batch.sources.add(doc.source_uri)
        previous = self.known.get(doc.source_uri)
        owner = self.owner_of_hash.get(doc.content_hash) if isinstance(doc, RawDocument) else None
        if previous is None and owner is not None and owner != doc.source_uri and not self.exists(owner):
            # Moved (a checkout elsewhere, a renamed file, a warehouse from before sources were named relatively):
            # the document keeps its row and everything derived from it, under its new name.
            batch.relinks.append((doc.source_uri, doc.file_name, owner))
            del self.known[owner]
            self.known[doc.source_uri], self.owner_of_hash[doc.content_hash] = doc.content_hash, doc.source_uri
            self.counts["relinked"] += 1
            if len(batch) >= self.batch_documents:
                self.flush()
            return "relinked"
        if isinstance(doc, RawDocument) and self.owner_of_hash.get(doc.content_hash, doc.source_uri) != doc.source_uri:
            if previous is not None:
                # The source now holds another source's content: its old version is gone from it. (Content
                # that is merely bad — empty, binary — keeps the last good version, a half-written file likelier.)
                batch.retired.append(previous[:16])
                del self.known[doc.source_uri], self.owner_of_hash[previous]
            doc = Rejection(doc.source_uri, "duplicate", f"same content as {self.owner_of_hash[doc.content_hash]}",
                            doc.content_hash)
        if isinstance(doc, Rejection):
            self.warn(f"rejected {doc.source_uri}: {doc.reason} ({doc.detail})")
            batch.rejections.append((doc.source_uri, doc.reason, doc.detail, doc.content_hash, doc.stage, now()))
            batch.text_bytes += len(doc.detail) + len(doc.source_uri)
            outcome = doc.reason
            self.counts["rejected"] += 1
        elif previous == doc.content_hash:
            outcome = "unchanged"
            self.counts[outcome] += 1
        else:
            if previous is not None:
                batch.retired.append(previous[:16])
                self.owner_of_hash.pop(previous, None)
            parts = split_text(doc.raw_text)
            batch.raws.append((doc.article_id, doc.source_uri, doc.file_name, doc.media_type, doc.content_hash,
                               doc.byte_size, "" if parts else doc.raw_text, now(), doc.url, doc.has_title,
                               len(parts) if parts else None))
            batch.parts.extend((doc.article_id, number, part) for number, part in enumerate(parts or ()))
            batch.text_bytes += doc.byte_size + len(doc.source_uri)
            self.known[doc.source_uri] = doc.content_hash
            self.owner_of_hash[doc.content_hash] = doc.source_uri
            outcome = "replaced" if previous is not None else "loaded"
            self.counts[outcome] += 1
        if len(batch) >= self.batch_documents or batch.text_bytes >= self.batch_bytes:
            self.flush()
        return outcome

    def flush(self) -> None:
        """Commit the pending batch in one transaction: a failure keeps none of it, and nothing earlier."""
        batch, self._batch = self._batch, _Batch()
        if not (batch.sources or batch.files):
            return
        self.peak_batch_bytes = max(self.peak_batch_bytes, batch.text_bytes)
        self.conn.begin()
        try:
            if batch.relinks:
                self.conn.executemany(f"update {LANDING_SCHEMA}.raw_articles set source_uri = ?, file_name = ? "
                                      "where source_uri = ?", batch.relinks)
            delete_articles(self.conn, batch.retired)
            self.conn.execute(f"delete from {LANDING_SCHEMA}.rejected_documents where stage in ('ingest', 'fetch') "
                              "and source in (select unnest(?))", [sorted(batch.sources)])
            insert_rows(self.conn, "rejected_documents", REJECTION_COLUMNS, batch.rejections)
            insert_rows(self.conn, "raw_articles", RAW_COLUMNS, batch.raws)
            insert_rows(self.conn, "raw_article_parts", PART_COLUMNS, batch.parts)
            self.conn.execute(f"delete from {LANDING_SCHEMA}.input_files where path in (select unnest(?))",
                              [[row[0] for row in batch.files]])
            insert_rows(self.conn, "input_files", INPUT_FILE_COLUMNS, batch.files)
            self.conn.commit()
        except BaseException:
            self.conn.rollback()
            raise
        self._since_checkpoint += len(batch.raws)
        self._bytes_since_checkpoint += batch.text_bytes
        if self._since_checkpoint >= CHECKPOINT_DOCUMENTS or self._bytes_since_checkpoint >= CHECKPOINT_BYTES:
            self.conn.execute("checkpoint")
            self._since_checkpoint = self._bytes_since_checkpoint = 0
