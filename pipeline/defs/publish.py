"""The asset that publishes the working database as the snapshot analysts open, and its check.

`published_warehouse` depends on every mart, so it runs only after dbt build (models and tests) succeeded and
the blocking asset checks passed; a failed run publishes nothing. It also refuses to publish unless every blocking
check of every asset upstream of it was evaluated in its own run and passed: a run that selects it without
them (the `publish` group alone in the UI, say) would publish a warehouse nothing in that run checked.
"""

from pathlib import Path

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckKey,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetExecutionContext,
    AssetKey,
    Config,
    DagsterEventType,
    Failure,
    MaterializeResult,
    MetadataValue,
    asset,
    asset_check,
)
from pydantic import Field

from pipeline.defs.checks import contract_checks, python_asset_checks
from pipeline.defs.clean import cleaned_articles
from pipeline.defs.extract import article_sentences, fact_mentions
from pipeline.defs.ingest import raw_articles
from pipeline.defs.transform import chancery_dbt_models
from pipeline.defs.warehouse_resource import WAREHOUSE_POOL, ChanceryWarehouse
from pipeline.warehouse.snapshot import publish, read_history
from pipeline.warehouse.snapshot_format import STORAGE_NUMBER, STORAGE_VERSION, storage_number

MART_KEYS = [key for key in chancery_dbt_models.keys if key.path[0] == "marts"]
UPSTREAM_ASSETS = (raw_articles, cleaned_articles, article_sentences, fact_mentions, chancery_dbt_models)
UPSTREAM_CHECKS = (*python_asset_checks, contract_checks)


class PublishConfig(Config):
    full_refresh: bool = Field(default=False, description="Build the file snapshots are copied from anew instead "
                               "of bringing it up to date row by row.")


def upstream_blocking_checks() -> set[AssetCheckKey]:
    """Every blocking check of every asset upstream of the publication: the Python assets' checks, the fact
    tables' contract and dbt's tests of the models (their error-severity ones). From the definitions themselves,
    as a run that selected some assets only has the asset graph of its selection."""
    deps: dict[AssetKey, set[AssetKey]] = {}
    for assets_def in UPSTREAM_ASSETS:
        deps.update(assets_def.asset_deps)
    upstream: set[AssetKey] = set()
    todo = list(MART_KEYS)
    while todo:
        key = todo.pop()
        if key not in upstream:
            upstream.add(key)
            todo += deps.get(key, ())
    specs = [spec for definition in (*UPSTREAM_ASSETS, *UPSTREAM_CHECKS) for spec in definition.check_specs]
    return {spec.key for spec in specs if spec.blocking and spec.asset_key in upstream}


def unpassed_checks(context: AssetExecutionContext) -> list[str]:
    """The blocking checks of the assets upstream of this one that this run has not evaluated, or that failed
    with severity ERROR, each as `asset:check (why)`."""
    evaluated: dict[AssetCheckKey, bool] = {}
    records = context.instance.get_records_for_run(context.run_id,
                                                   of_type=DagsterEventType.ASSET_CHECK_EVALUATION).records
    for record in records:
        evaluation = record.event_log_entry.dagster_event.event_specific_data
        key = AssetCheckKey(evaluation.asset_key, evaluation.check_name)
        evaluated[key] = evaluation.passed or evaluation.severity == AssetCheckSeverity.WARN
    return sorted(f"{key.asset_key.to_user_string()}:{key.name} "
                  f"({'failed' if key in evaluated else 'not evaluated in this run'})"
                  for key in upstream_blocking_checks() if not evaluated.get(key, False))


@asset(group_name="publish", deps=MART_KEYS, pool=WAREHOUSE_POOL, kinds={"duckdb"})
def published_warehouse(context: AssetExecutionContext, warehouse: ChanceryWarehouse,
                        config: PublishConfig) -> MaterializeResult:
    """A consistent read-only snapshot of the warehouse at the documented path, replaced atomically;
    readable by DuckDB 1.1 and newer. Runs only when every mart was built and tested, and every blocking check
    upstream passed, in this run."""
    if unpassed := unpassed_checks(context):
        raise Failure(description="nothing was published: a publication needs every blocking check upstream of "
                      "it to pass in its own run (materialise everything, e.g. the build_warehouse job); not "
                      "passed: " + ", ".join(unpassed))
    warehouse.wait_for_publication_copy()
    with warehouse.get_connection() as conn:
        publication = publish(conn, Path(warehouse.database), Path(warehouse.published), context.run_id,
                              keep=warehouse.keep_snapshots, parquet=warehouse.parquet, log=context.log.info,
                              rebuild=config.full_refresh)
    return MaterializeResult(metadata={
        "path": MetadataValue.path(str(publication.path)),
        "snapshot": MetadataValue.path(str(publication.snapshot)) if publication.snapshot else "not kept",
        "storage_version": STORAGE_VERSION,
        "row_counts": MetadataValue.json(publication.row_counts),
        "rows_written": publication.rows_written,
    })


@asset_check(asset=published_warehouse, description="The published file opens read-only, in the storage format "
             "old clients read, and is the snapshot of the latest publication.")
def published_snapshot_is_current(context: AssetCheckExecutionContext,
                                  warehouse: ChanceryWarehouse) -> AssetCheckResult:
    path = Path(warehouse.published)
    latest = context.instance.get_latest_materialization_event(published_warehouse.key)
    history = read_history(path) if path.exists() else []
    number = storage_number(path) if path.exists() else None
    expected_run = latest.run_id if latest else None
    return AssetCheckResult(
        passed=bool(history) and history[0]["run_id"] == expected_run and number == STORAGE_NUMBER,
        metadata={"published_run": str(history[0]["run_id"]) if history else "none",
                  "latest_materialization_run": str(expected_run), "storage_number": str(number)})
