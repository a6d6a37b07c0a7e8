"""The dashboard, rebuilt from the published snapshot after every publication."""

from pathlib import Path

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from pipeline.defs.publish import published_warehouse
from pipeline.defs.warehouse_resource import WAREHOUSE_POOL, ChanceryWarehouse
from pipeline.paths import dashboard_dir
from pipeline.report.dashboard import build_dashboard


# In the warehouse pool like every asset given the warehouse resource: it runs inside the run that holds the
# warehouse, right after publishing, and opens nothing but the published file.
@asset(group_name="publish", deps=[published_warehouse], pool=WAREHOUSE_POOL, kinds={"html"})
def dashboard(context: AssetExecutionContext, warehouse: ChanceryWarehouse) -> MaterializeResult:
    """A static HTML dashboard (dashboard/index.html beside the published file) of the published snapshot: events
    over time, maps of visits and agreements, the country-pair matrix, sanctions, and every fact with its sources.
    It reads the snapshot read-only, never the working database."""
    published = Path(warehouse.published)
    built = build_dashboard(published, dashboard_dir(published))
    context.log.info(f"dashboard written to {built.path}")
    return MaterializeResult(metadata={"path": MetadataValue.path(str(built.path)), "facts": built.facts,
                                       "charts": MetadataValue.json(built.charts)})
