"""Where the project's files live, and which warehouse file a run writes."""

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = REPO_ROOT / "dbt_project"
DBT_SEEDS_DIR = DBT_PROJECT_DIR / "seeds"
DEFAULT_INPUT_DIR = REPO_ROOT / "seeds"
DEFAULT_WAREHOUSE = REPO_ROOT / "warehouse" / "news.duckdb"

# One variable names the warehouse for the Python assets and the dbt profile alike.
WAREHOUSE_ENV = "CHANCERY_WAREHOUSE"


def warehouse_path() -> Path:
    """The warehouse file: $CHANCERY_WAREHOUSE if set, else warehouse/news.duckdb in the repo."""
    configured = os.environ.get(WAREHOUSE_ENV)
    return Path(configured).expanduser().resolve() if configured else DEFAULT_WAREHOUSE
