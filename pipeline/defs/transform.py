"""dbt models as Dagster assets (staging → intermediate → marts, seeds as reference data)."""

import hashlib
from collections.abc import Iterator, Mapping
from functools import cache
from importlib.metadata import version
from typing import Any

import duckdb
from dagster import AssetCheckSpec, AssetExecutionContext, AssetSpec, Config
from dagster_dbt import DagsterDbtTranslator, DbtProject, dbt_assets
from pydantic import Field

from pipeline.defs.warehouse_resource import WAREHOUSE_POOL, ChanceryWarehouse
from pipeline.paths import DBT_PROJECT_DIR, dbt_profile_env
from pipeline.transform.dbt_manifest import manifest_is_current, parse_project, project_files
from pipeline.transform.dbt_resource import DbtResource

# What the reference tables (dbt seeds) are built from: when none of it changed, a run does not reload them.
_REFERENCE_INPUTS = ("seeds", "macros", "dbt_project.yml")
# What the models are built from: when any of it changed, a run rebuilds them from scratch. An incremental
# model writes whatever rows its new SQL computes differently, but refuses a change of its columns.
_MODEL_INPUTS = ("models", "macros", "tests", "dbt_project.yml")
REFERENCE_STATE_TABLE = "main.meta_reference_state"
MODEL_STATE_TABLE = "main.meta_model_state"
REFERENCE_GROUP = "reference"


def dbt_resource(warehouse: ChanceryWarehouse | None = None) -> DbtResource:
    """The dbt resource; with a warehouse, it starts a dbt worker for that warehouse's profile settings as a run
    begins (pipeline.transform.dbt_commands)."""
    profile_env = dbt_profile_env(warehouse.database, warehouse.connection_settings()["memory_limit"]) if warehouse \
        else {}
    return DbtResource(project_dir=str(dbt_project().project_dir), worker_profile_env=profile_env)


@cache
def dbt_project() -> DbtProject:
    """The dbt project, with a manifest that matches its files (parsed again when they changed).

    This replaces `prepare_if_dev()`: the manifest must also be fresh for `chancery run` and the
    tests, not only under `dagster dev`.
    """
    project = DbtProject(project_dir=DBT_PROJECT_DIR)
    if not manifest_is_current(project.manifest_path):
        parse_project(project.target_path)
    return project


def _fingerprint(inputs: tuple[str, ...]) -> str:
    digest = hashlib.sha256(version("dbt-duckdb").encode())
    for path in project_files(DBT_PROJECT_DIR, inputs):
        digest.update(str(path.relative_to(DBT_PROJECT_DIR)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def reference_fingerprint() -> str:
    """A hash of everything the seeds are loaded from, and of the adapter that loads them."""
    return _fingerprint(_REFERENCE_INPUTS)


def model_fingerprint() -> str:
    """A hash of everything the models are built from (their SQL, tests, macros, the project file), and of
    the adapter that builds them."""
    return _fingerprint(_MODEL_INPUTS)


def _recorded(conn: duckdb.DuckDBPyConnection, state_table: str) -> str | None:
    """The fingerprint a state table holds, if any."""
    schema, table = state_table.split(".")
    if not conn.execute("select count(*) from duckdb_tables() where database_name = current_database() "
                        "and schema_name = ? and table_name = ?", [schema, table]).fetchone()[0]:
        return None
    rows = conn.execute(f"select fingerprint from {state_table}").fetchall()
    return rows[0][0] if len(rows) == 1 else None


def _reference_is_current(conn: duckdb.DuckDBPyConnection, fingerprint: str, seeds: int) -> bool:
    """True when the seeds were loaded from exactly these files and every seed table is still there."""
    if _recorded(conn, REFERENCE_STATE_TABLE) != fingerprint:
        return False
    tables = conn.execute("select count(*) from duckdb_tables() where database_name = current_database() "
                          "and schema_name = ?", [REFERENCE_GROUP]).fetchone()[0]
    return tables >= seeds


def _record(conn: duckdb.DuckDBPyConnection, state_table: str, fingerprint: str) -> None:
    conn.execute(f"create table if not exists {state_table} (fingerprint varchar not null, "
                 "loaded_at timestamp not null)")
    conn.execute("begin")
    conn.execute(f"delete from {state_table}")
    conn.execute(f"insert into {state_table} values (?, now()::timestamp)", [fingerprint])
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
        which load only when their files changed (a failure still fails the run), while a check would be
        planned, and left unexecuted, in every run."""
        attached = manifest["nodes"][unique_id].get("attached_node") or ""
        if attached.startswith("seed."):
            return None
        return super().get_asset_check_spec(asset_spec, manifest, unique_id, project)


class DbtBuildConfig(Config):
    full_refresh: bool = Field(default=False, description="Reload the reference seeds even when unchanged and "
                               "rebuild every model from scratch, incremental ones included (dbt build "
                               "--full-refresh).")


@dbt_assets(manifest=dbt_project().manifest_path, project=dbt_project(),
            dagster_dbt_translator=ChanceryTranslator(), pool=WAREHOUSE_POOL)
def chancery_dbt_models(context: AssetExecutionContext, dbt: DbtResource, warehouse: ChanceryWarehouse,
                        config: DbtBuildConfig) -> Iterator[Any]:
    """Seeds, staging, intermediate and marts, built and tested with `dbt build`. Seeds whose files did not
    change since they were last loaded into this warehouse are not reloaded; the models are rebuilt from
    scratch when the project changed since they were built, else the incremental ones write only what
    changed."""
    # The dbt profile reads the database and memory limit from the environment: the resource's working database
    # (never the published snapshot, which only pipeline.warehouse.snapshot replaces).
    profile_env = dbt_profile_env(warehouse.database, warehouse.connection_settings()["memory_limit"])
    seeds = {key for key, group in context.assets_def.group_names_by_key.items() if group == REFERENCE_GROUP}
    reference, models = reference_fingerprint(), model_fingerprint()
    with warehouse.get_connection() as conn:
        current = not config.full_refresh and _reference_is_current(conn, reference, len(seeds))
        models_current = not config.full_refresh and _recorded(conn, MODEL_STATE_TABLE) == models
    args = ["build", *([] if models_current else ["--full-refresh"])]
    if current:
        args += ["--exclude", "resource_type:seed"]
        context.log.info("reference seeds unchanged since they were loaded: not reloading them")
    if not models_current and not config.full_refresh:
        context.log.info("the dbt project changed since its models were built here: rebuilding them from scratch")
    # dbt-duckdb opens the file for a node and closes it when no node has it open (keep_open: false); every
    # reopening would reload the catalog and every close checkpoint. The run holds the file open meanwhile
    # (pipeline.warehouse.connection), in this process or in dbt's worker, with the configuration the profile gives dbt,
    # so the nodes share it.
    yield from dbt.stream(args, context, profile_env=profile_env, database=warehouse)
    with warehouse.get_connection() as conn:
        if not current and seeds <= context.selected_asset_keys:
            _record(conn, REFERENCE_STATE_TABLE, reference)
        if not models_current and context.selected_asset_keys >= set(context.assets_def.keys) - seeds:
            _record(conn, MODEL_STATE_TABLE, models)
