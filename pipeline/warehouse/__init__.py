"""Storage: the working DuckDB database and what is published from it.

Owns the landing tables' DDL (`landing`), the run lock (`lock`), the connection a run holds (`connection`) and
publication: the atomic snapshot analysts open, its history and rollback (`snapshot`), the publication copy
it is made from, kept in step row by row (`publication_copy`), and what both write and check (`snapshot_format`).
Every stage writes through it, so it imports no stage: only the foundation modules (`paths`, `versions`, `pause`,
`process_end`).
"""
