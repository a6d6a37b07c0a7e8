"""Where the project's files live, and which files a run reads, writes and publishes.

Analysts open the *published* warehouse (the documented path). The pipeline never writes that file:
it builds in a *working* database of its own beside it and publishes a snapshot when a run passes
(see pipeline/warehouse/snapshot.py). Everything else a run keeps lives next to the published file:

    warehouse/news.duckdb                 published snapshot (CHANCERY_WAREHOUSE, --warehouse)
    warehouse/.work/news.duckdb           working database: accumulates across runs, dbt builds here
    warehouse/.work/news.duckdb.lock      run lock: pid of the run writing the working database
    warehouse/snapshots/news-*.duckdb     the last N published snapshots, for rollback
    warehouse/parquet/<table>.parquet     optional Parquet copy of each mart
"""

import os
import shutil
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
DBT_SEEDS_DIR = DBT_PROJECT_DIR / "seeds"
DEFAULT_INPUT_DIR = REPO_ROOT / "seeds"
DEFAULT_WAREHOUSE = REPO_ROOT / "warehouse" / "news.duckdb"
QUERIES_DIR = REPO_ROOT / "queries"
DEFAULT_SOURCES_FILE = REPO_ROOT / "sources.yaml"
# The dbt installed beside this Python, so an unactivated virtualenv (.venv/bin/chancery) works.
DBT_EXECUTABLE = shutil.which("dbt", path=str(Path(sys.executable).parent)) or shutil.which("dbt") or "dbt"

# The sources config the Dagster definitions (UI, schedules, sensor) read, and `chancery run` without --input.
SOURCES_ENV = "CHANCERY_SOURCES"
# The published snapshot analysts open; the CLI and the Dagster resources derive every other path from it.
WAREHOUSE_ENV = "CHANCERY_WAREHOUSE"
# The database dbt builds in (read by dbt_project/profiles.yml); set by the dbt asset from the warehouse resource.
WORK_DATABASE_ENV = "CHANCERY_WORK_DATABASE"
KEEP_SNAPSHOTS_ENV = "CHANCERY_KEEP_SNAPSHOTS"
# DuckDB's memory limit for every connection a run opens, dbt's included ("1GB", "50%"; DuckDB's own
# default is 80% of RAM). Memory beyond the Python side's flat few hundred MiB is DuckDB's buffer.
MEMORY_LIMIT_ENV = "CHANCERY_DUCKDB_MEMORY_LIMIT"
DEFAULT_MEMORY_LIMIT = "80%"
PARQUET_ENV = "CHANCERY_PARQUET"
# "0" runs dbt in the run's own process instead of a dbt worker process (pipeline/transform/dbt_commands.py).
DBT_WORKER_ENV = "CHANCERY_DBT_WORKER"
DEFAULT_KEEP_SNAPSHOTS = 5


def warehouse_path() -> Path:
    """The published warehouse: $CHANCERY_WAREHOUSE if set, else warehouse/news.duckdb in the repo."""
    configured = os.environ.get(WAREHOUSE_ENV)
    return Path(configured).expanduser().resolve() if configured else DEFAULT_WAREHOUSE


def sources_file() -> Path:
    """The sources config: $CHANCERY_SOURCES if set, else sources.yaml in the repo."""
    configured = os.environ.get(SOURCES_ENV)
    return Path(configured).expanduser().resolve() if configured else DEFAULT_SOURCES_FILE


def working_database(published: Path) -> Path:
    """The working database behind a published file. It keeps the file name, so DuckDB gives both the same
    catalog name and dbt's relation names mean the same thing in either file."""
    return published.parent / ".work" / published.name


def lock_file(working: Path) -> Path:
    return working.with_name(working.name + ".lock")


def snapshots_dir(published: Path) -> Path:
    return published.parent / "snapshots"


def parquet_dir(published: Path) -> Path:
    return published.parent / "parquet"


def dashboard_dir(published: Path) -> Path:
    return published.parent / "dashboard"


def dbt_profile_env(database: str, memory_limit: str) -> dict[str, str]:
    """The environment dbt_project/profiles.yml reads its connection from: the working database a run builds
    and DuckDB's memory limit."""
    return {WORK_DATABASE_ENV: database, MEMORY_LIMIT_ENV: memory_limit}


def memory_limit_setting() -> str:
    return os.environ.get(MEMORY_LIMIT_ENV) or DEFAULT_MEMORY_LIMIT


def keep_snapshots_setting() -> int:
    return int(os.environ.get(KEEP_SNAPSHOTS_ENV, DEFAULT_KEEP_SNAPSHOTS))


def dbt_worker_setting() -> bool:
    return os.environ.get(DBT_WORKER_ENV, "1").lower() not in {"0", "false", "no"}


def parquet_setting() -> bool:
    return os.environ.get(PARQUET_ENV, "").lower() in {"1", "true", "yes"}
