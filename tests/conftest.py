"""Shared fixtures: the repo's paths, the gold files, ../shared when it is present, and a local web site."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.local_site import LocalSite
from tests.warehouse_runs import old_duckdb_python, seed_warehouse  # noqa: F401 - session fixtures

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO_ROOT / "seeds"
GOLD_DIR = REPO_ROOT / "tests" / "data" / "gold"
SHARED_DIR = REPO_ROOT.parent / "shared"


@pytest.fixture
def shared_dir() -> Path:
    """../shared beside the repo; tests that need it skip cleanly where it is absent."""
    if not SHARED_DIR.is_dir():
        pytest.skip("../shared is not present beside the repo")
    return SHARED_DIR


@pytest.fixture
def local_site() -> Iterator[LocalSite]:
    """A web site on 127.0.0.1 serving whatever the test adds to it."""
    with LocalSite() as site:
        yield site
