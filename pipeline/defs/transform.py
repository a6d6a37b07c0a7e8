"""dbt models as Dagster assets (staging → intermediate → marts, seeds as reference data)."""

import os
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

from dagster import AssetExecutionContext
from dagster_dbt import DagsterDbtTranslator, DbtCliResource, DbtProject, dbt_assets
from dagster_duckdb import DuckDBResource

from pipeline.defs.articles import WAREHOUSE_POOL
from pipeline.paths import DBT_EXECUTABLE, DBT_PROJECT_DIR, WORK_DATABASE_ENV

_PROJECT_INPUTS = ("models", "seeds", "macros", "dbt_project.yml", "profiles.yml")


def dbt_cli() -> DbtCliResource:
    return DbtCliResource(project_dir=dbt_project(), dbt_executable=DBT_EXECUTABLE)


def _manifest_is_stale(project: DbtProject) -> bool:
    if not project.manifest_path.exists():
        return True
    built = project.manifest_path.stat().st_mtime
    for name in _PROJECT_INPUTS:
        path = DBT_PROJECT_DIR / name
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        if any(f.stat().st_mtime > built for f in files):
            return True
    return False


@cache
def dbt_project() -> DbtProject:
    """The dbt project, with a manifest that matches its files (parsed again when they changed).

    This replaces `prepare_if_dev()`: the manifest must also be fresh for `chancery run` and the
    tests, not only under `dagster dev`.
    """
    project = DbtProject(project_dir=DBT_PROJECT_DIR)
    if _manifest_is_stale(project):
        DbtCliResource(project_dir=project, dbt_executable=DBT_EXECUTABLE).cli(
            ["parse", "--quiet"], target_path=project.target_path).wait()
    return project


class ChanceryTranslator(DagsterDbtTranslator):
    """Groups dbt assets by their folder so the asset graph reads like the dbt project."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return "reference"
        folders = dbt_resource_props.get("fqn", [])[1:-1]
        return folders[0] if folders else "marts"


@dbt_assets(manifest=dbt_project().manifest_path, project=dbt_project(),
            dagster_dbt_translator=ChanceryTranslator(), pool=WAREHOUSE_POOL)
def chancery_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource,
                        warehouse: DuckDBResource) -> Iterator[Any]:
    """Seeds, staging, intermediate and marts, built and tested with `dbt build`."""
    # The dbt profile reads the database from the environment; point it at the resource's working database
    # (never the published snapshot, which only pipeline.publish replaces).
    os.environ[WORK_DATABASE_ENV] = warehouse.database
    yield from dbt.cli(["build"], context=context).stream()
