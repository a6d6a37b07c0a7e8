"""A document's text stored in pieces of at most PART_BYTES, so no value DuckDB stores is large.

DuckDB checkpoints a table a vector of 2,048 values at a time and holds every string of that vector pinned
while it does: 2,048 documents of up to 20 MiB each is tens of GiB, which no memory limit can bound (the
checkpoint fails to pin instead). With every stored value at most PART_BYTES, a vector holds at most
2,048 x PART_BYTES, and DuckDB stays within the memory limit ingest gives it (pipeline.ingest.loader).
A text up to PART_BYTES is stored whole in raw_articles.raw_text; a longer one goes to
landing.raw_article_parts, and raw_articles.text_parts says how many pieces it has.
"""

from collections.abc import Iterable, Iterator

import duckdb

from pipeline.warehouse.landing import LANDING_SCHEMA

# UTF-8 bytes per stored value: a vector of them is at most 128 MiB.
PART_BYTES = 64 * 1024


def split_text(text: str, part_bytes: int = PART_BYTES) -> list[str] | None:
    """The pieces of `text`, each at most `part_bytes` in UTF-8 and cut between characters; None when the
    text fits in one."""
    if len(text) * 4 <= part_bytes:  # no character takes more than 4 bytes: no need to encode
        return None
    data = text.encode("utf-8")
    if len(data) <= part_bytes:
        return None
    parts, start = [], 0
    while start < len(data):
        end = min(start + part_bytes, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte: the cut goes before its lead
            end -= 1
        parts.append(data[start:end].decode("utf-8"))
        start = end
    return parts


def whole_texts(conn: duckdb.DuckDBPyConnection, rows: Iterable[tuple[object, ...]],
                text_index: int) -> Iterator[tuple[object, ...]]:
    """Rows of raw_articles columns (article_id first, raw_text at `text_index`, text_parts last) with raw_text
    made whole from raw_article_parts where it was split, and text_parts dropped."""
    reader: duckdb.DuckDBPyConnection | None = None
    for row in rows:
        *fields, parts = row
        if parts:
            reader = reader or conn.cursor()
            pieces = reader.execute(f"select text from {LANDING_SCHEMA}.raw_article_parts where article_id = ? "
                                    "order by part", [fields[0]]).fetchall()
            fields[text_index] = "".join(piece for (piece,) in pieces)
        yield tuple(fields)
    if reader is not None:
        reader.close()

