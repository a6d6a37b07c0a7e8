"""chancery: news articles about international relations → a DuckDB warehouse of facts.

The folders follow the flow: `ingest` → `clean` → `extract` → `warehouse` (landing tables, publication) and
`transform` (dbt), with `text` (language utilities) beneath them and `defs` (Dagster) above them. At the top:
`definitions` (the one Definitions object), `cli`, `evaluate`, and the foundation every layer may import
(`paths`, `versions`, `pause`, `process_end`). tests/unit/test_layout.py checks the import directions.
"""

__version__ = "0.1.0"
