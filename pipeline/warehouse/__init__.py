"""Storage: the working DuckDB database and what is published from it.

Owns the landing tables' DDL (`landing`), the run lock (`lock`), the connection a run holds (`connection`) and
publication (`snapshot`: the atomic snapshot analysts open, and its row-hash synchronisation). Every stage writes
through it, so it imports no stage: only the foundation modules (`paths`, `versions`, `pause`, `process_end`).
"""
