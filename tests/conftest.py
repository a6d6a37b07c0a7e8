"""Shared fixtures: the repo's paths, the gold files, and ../shared when it is present."""

from pathlib import Path

import pytest

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
