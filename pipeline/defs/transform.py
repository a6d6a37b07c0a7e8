"""dbt models as Dagster assets (staging → intermediate → marts, seeds as reference data)."""

import hashlib
import os
from collections.abc import Iterator, Mapping
from functools import cache
from importlib.metadata import version
from typing import Any

import duckdb
from dagster import AssetCheckSpec, AssetExecutionContext, AssetSpec, Config
from dagster_dbt import DagsterDbtTranslator, DbtProject, dbt_assets
from dagster_duckdb import DuckDBResource
from pydantic import Field

from pipeline.dbt_in_process import DbtInProcessResource
from pipeline.defs.articles import WAREHOUSE_POOL
from pipeline.paths import DBT_PROJECT_DIR, DEFAULT_MEMORY_LIMIT, MEMORY_LIMIT_ENV, WORK_DATABASE_ENV

_PROJECT_INPUTS = ("models", "seeds", "macros", "dbt_project.yml", "profiles.yml")
# What the reference tables (dbt seeds) are built from: when none of it changed, a run does not reload them.
_REFERENCE_INPUTS = ("seeds", "macros", "dbt_project.yml")
REFERENCE_STATE_TABLE = "main.meta_reference_state"
REFERENCE_GROUP = "reference"


def dbt_resource() -> DbtInProcessResource:
    return DbtInProcessResource(project_dir=str(dbt_project().project_dir))


def _files(names: tuple[str, ...]) -> list[Any]:
    paths = [DBT_PROJECT_DIR / name for name in names]
    return sorted(f for path in paths for f in ([path] if path.is_file() else path.rglob("*")) if f.is_file())


def _manifest_is_stale(project: DbtProject) -> bool:
    if not project.manifest_path.exists():
        return True
    built = project.manifest_path.stat().st_mtime
    return any(f.stat().st_mtime > built for f in _files(_PROJECT_INPUTS))


@cache
def dbt_project() -> DbtProject:
    """The dbt project, with a manifest that matches its files (parsed again when they changed).

    This replaces `prepare_if_dev()`: the manifest must also be fresh for `chancery run` and the
    tests, not only under `dagster dev`.
    """
    project = DbtProject(project_dir=DBT_PROJECT_DIR)
    if _manifest_is_stale(project):
        from dbt.cli.main import dbtRunner

        parsed = dbtRunner().invoke(["parse", "--quiet", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir",
                                     str(DBT_PROJECT_DIR), "--target-path", str(project.target_path)])
        if not parsed.success:
            raise RuntimeError(f"dbt parse failed for {DBT_PROJECT_DIR}: {parsed.exception}")
    return project


def reference_fingerprint() -> str:
    """A hash of everything the seeds are loaded from, and of the adapter that loads them."""
    digest = hashlib.sha256(version("dbt-duckdb").encode())
    for path in _files(_REFERENCE_INPUTS):
        digest.update(str(path.relative_to(DBT_PROJECT_DIR)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def _reference_is_current(conn: duckdb.DuckDBPyConnection, fingerprint: str, seeds: int) -> bool:
    """True when the seeds were loaded from exactly these files and every seed table is still there."""
    recorded = conn.execute("select count(*) from duckdb_tables() where database_name = current_database() "
                            "and schema_name = 'main' and table_name = ?",
                            [REFERENCE_STATE_TABLE.split(".")[1]]).fetchone()[0]
    if not recorded or conn.execute(f"select fingerprint from {REFERENCE_STATE_TABLE}").fetchall() != [(fingerprint,)]:
        return False
    tables = conn.execute("select count(*) from duckdb_tables() where database_name = current_database() "
                          "and schema_name = ?", [REFERENCE_GROUP]).fetchone()[0]
    return tables >= seeds


def _record_reference(conn: duckdb.DuckDBPyConnection, fingerprint: str) -> None:
    conn.execute(f"create table if not exists {REFERENCE_STATE_TABLE} (fingerprint varchar not null, "
                 "loaded_at timestamp not null)")
    conn.execute("begin")
    conn.execute(f"delete from {REFERENCE_STATE_TABLE}")
    conn.execute(f"insert into {REFERENCE_STATE_TABLE} values (?, now()::timestamp)", [fingerprint])
    conn.execute("commit")


class ChanceryTranslator(DagsterDbtTranslator):
    """Groups dbt assets by their folder so the asset graph reads like the dbt project."""

    def get_group_name(self, dbt_resource_props: Mapping[str, Any]) -> str | None:
        if dbt_resource_props["resource_type"] == "seed":
            return REFERENCE_GROUP
        folders = dbt_resource_props.get("fqn", [])[1:-1]
        return folders[0] if folders else "marts"

    def get_asset_check_spec(self, asset_spec: AssetSpec, manifest: Mapping[str, Any], unique_id: str,
                             project: DbtProject | None) -> AssetCheckSpec | None:
        """dbt tests of models are asset checks. Tests of the reference seeds are not: they run with the seeds,
        which load only when their files changed (a failure still fails the run, and shows as an asset
        observation), while a check would be planned, and left unexecuted, in every run."""
        attached = manifest["nodes"][unique_id].get("attached_node") or ""
        if attached.startswith("seed."):
            return None
        return super().get_asset_check_spec(asset_spec, manifest, unique_id, project)


class DbtBuildConfig(Config):
    full_refresh: bool = Field(default=False, description="Reload the reference seeds even when unchanged and "
                               "rebuild every model from scratch (dbt build --full-refresh).")


@dbt_assets(manifest=dbt_project().manifest_path, project=dbt_project(),
            dagster_dbt_translator=ChanceryTranslator(), pool=WAREHOUSE_POOL)
def chancery_dbt_models(context: AssetExecutionContext, dbt: DbtInProcessResource, warehouse: DuckDBResource,
                        config: DbtBuildConfig) -> Iterator[Any]:
    """Seeds, staging, intermediate and marts, built and tested with `dbt build`. Seeds whose files did not
    change since they were last loaded into this warehouse are not reloaded."""
    # The dbt profile reads the database and memory limit from the environment; point it at the resource's
    # working database (never the published snapshot, which only pipeline.publish replaces).
    os.environ[WORK_DATABASE_ENV] = warehouse.database
    os.environ[MEMORY_LIMIT_ENV] = str(warehouse.connection_config.get("memory_limit", DEFAULT_MEMORY_LIMIT))
    seeds = {key for key, group in context.assets_def.group_names_by_key.items() if group == REFERENCE_GROUP}
    fingerprint = reference_fingerprint()
    with warehouse.get_connection() as conn:
        current = not config.full_refresh and _reference_is_current(conn, fingerprint, len(seeds))
    args = ["build", *(["--full-refresh"] if config.full_refresh else [])]
    if current:
        args += ["--exclude", "resource_type:seed"]
        context.log.info("reference seeds unchanged since they were loaded: not reloading them")
    # dbt-duckdb opens the file for a node and closes it when no node has it open (keep_open: false, so
    # nothing holds it once dbt is done); every reopening reloads the catalog and every close checkpoints.
    # Holding a connection with dbt's own configuration for the build makes its nodes share one instance.
    with duckdb.connect(warehouse.database):
        yield from dbt.stream(args, context)
    if not current and seeds <= context.selected_asset_keys:
        with warehouse.get_connection() as conn:
            _record_reference(conn, fingerprint)
