"""Ingest: find input files, read every kind (text, HTML, JSON/JSONL, WARC), fetch listed URLs and feeds politely,
and load the documents, or the reasons they were rejected, into the landing tables.

Owns the sources config (`sources.yaml`), the readers, fetching and the raw loader. May import:
`pipeline.text`, `pipeline.warehouse`, and the foundation modules (`paths`, `versions`, `pause`, `process_end`).
"""
