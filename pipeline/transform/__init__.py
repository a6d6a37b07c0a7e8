"""Transform: running the dbt project (`dbt_project/`) for Dagster: the dbt worker process, the manifest check and
the resource that runs `dbt build`.

May import: `pipeline.warehouse` and the foundation modules.
"""
