"""Dagster definitions by stage: thin assets, checks, resources, the job, schedules and sensor over the pure code of
`pipeline.ingest`, `pipeline.clean`, `pipeline.extract`, `pipeline.transform` and `pipeline.warehouse`.

May import any stage; nothing but `pipeline.definitions`, the CLI and tests imports it.
"""
