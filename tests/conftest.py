"""Shared fixtures: the repo's paths, the gold files, ../shared when it is present, and a local web site.

tests/unit/ never builds the pipeline (the inner loop: `pytest tests/unit`); every test under tests/e2e/ runs the
real pipeline or part of it and is marked `e2e` here, so `-m "not e2e"` and `tests/unit` select the same kind.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.local_site import LocalSite
from tests.warehouse_runs import old_duckdb_python, seed_warehouse  # noqa: F401 - session fixtures

REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO_ROOT / "seeds"
GOLD_DIR = REPO_ROOT / "tests" / "data" / "gold"
SHARED_DIR = REPO_ROOT.parent / "shared"
E2E_DIR = REPO_ROOT / "tests" / "e2e"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--fuzz-long", action="store_true", default=False,
                     help="run the fuzz suite (tests/unit/test_fuzz.py) with 10,000 cases per kind of input "
                          "instead of a few seconds' worth")


def pytest_configure(config: pytest.Config) -> None:
    # Read when tests/unit/test_fuzz.py is imported, to size its hypothesis settings.
    if config.getoption("--fuzz-long"):
        os.environ["CHANCERY_FUZZ_LONG"] = "1"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if E2E_DIR in Path(item.fspath).resolve().parents:
            item.add_marker(pytest.mark.e2e)


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
