"""Running the real `chancery` command against throwaway warehouses, and one seed warehouse per session.

A pipeline run on the seeds takes ~15 s, so tests that need a published warehouse start from a copy of
the session's `seed_warehouse` instead of building their own. Copies keep reading the session's input
folder: the warehouse remembers articles by path, so moving the inputs would make them new articles.
"""

import hashlib
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest

CHANCERY = str(Path(sys.executable).with_name("chancery"))
REPO_ROOT = Path(__file__).resolve().parent.parent
SEEDS_DIR = REPO_ROOT / "seeds"
EXIT_BUSY = 75
# The oldest DuckDB the published file must open in (see pipeline/warehouse/snapshot_format.py: STORAGE_VERSION).
OLD_DUCKDB = "1.1.3"
OLD_DUCKDB_PYTHON_ENV = "CHANCERY_OLD_DUCKDB_PYTHON"
# One new article, so a run on a copy of the seed warehouse has something to add.
NEW_ARTICLE = ("Japan and Canada sign trade pact\n\nTOKYO, March 3, 2024 - Japan and Canada signed a free trade "
               "agreement on Friday, officials in both capitals said.\n")


@dataclass(frozen=True)
class Warehouse:
    """A published warehouse with everything beside it, and the input folder its articles came from."""

    published: Path
    inputs: Path

    @property
    def folder(self) -> Path:
        return self.published.parent

    @property
    def working(self) -> Path:
        return self.folder / ".work" / self.published.name

    def clone(self, folder: Path) -> "Warehouse":
        shutil.copytree(self.folder, folder)
        return Warehouse(folder / self.published.name, self.inputs)

    def run_args(self, *extra_inputs: Path) -> list[str]:
        args = ["run", "--warehouse", str(self.published), "--log-level", "WARNING", "--input", str(self.inputs)]
        for path in extra_inputs:
            args += ["--input", str(path)]
        return args


def new_article_folder(folder: Path) -> Path:
    """A folder holding NEW_ARTICLE, one article the seed warehouse has not seen (a folder of its own: articles
    are known by path)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "japan_canada.txt").write_text(NEW_ARTICLE)
    return folder


def chancery(*args: str, env: dict[str, str] | None = None, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    return subprocess.run([CHANCERY, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def start_chancery(*args: str, log_dir: Path, env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    """Start `chancery` in the background as the leader of its own process group, as a shell would, so a
    test can kill the run alone (kill -9 PID) or with everything it started (kill -9 -PID)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    return subprocess.Popen([CHANCERY, *args], stdout=(log_dir / "stdout").open("w"),
                            stderr=(log_dir / "stderr").open("w"), text=True, start_new_session=True,
                            env={**os.environ, **(env or {})})


def output(log_dir: Path) -> str:
    return (log_dir / "stdout").read_text() + (log_dir / "stderr").read_text()


def assert_succeeded(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def run_pipeline(inputs: list[Path], warehouse: Path) -> subprocess.CompletedProcess[str]:
    """`chancery run` on input folders into a warehouse, which must succeed."""
    result = chancery(*Warehouse(warehouse, inputs[0]).run_args(*inputs[1:]))
    assert_succeeded(result)
    return result


def wait_for(condition: Callable[[], bool], timeout: float, what: str, interval: float = 0.05) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def history(path: Path) -> list[tuple[str, str | None]]:
    """(run_id, snapshot_file) of every publication recorded in a snapshot, oldest first."""
    with duckdb.connect(str(path), read_only=True) as conn:
        return conn.execute("select run_id, snapshot_file from meta_publications order by published_at").fetchall()


def query(path: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as conn:
        return conn.execute(sql).fetchall()


@pytest.fixture(scope="session")
def seed_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """The bundled seeds, run through `chancery run` once and published. Tests copy it (`clone`)."""
    root = tmp_path_factory.mktemp("seed_warehouse")
    inputs = root / "inputs"
    shutil.copytree(SEEDS_DIR, inputs)
    warehouse = Warehouse(root / "warehouse" / "news.duckdb", inputs)
    assert_succeeded(chancery(*warehouse.run_args()))
    return warehouse


@pytest.fixture(scope="session")
def old_duckdb_python(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Python with duckdb==1.1.3, in a virtualenv kept in pytest's cache so later runs work offline
    (in a temporary directory when the cache is off, `-p no:cacheprovider`)."""
    if os.environ.get(OLD_DUCKDB_PYTHON_ENV):
        return Path(os.environ[OLD_DUCKDB_PYTHON_ENV])
    cache = getattr(request.config, "cache", None)
    venv = cache.mkdir(f"duckdb-{OLD_DUCKDB}") if cache is not None else tmp_path_factory.mktemp(f"duckdb-{OLD_DUCKDB}")
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    probe = [str(python), "-c", f"import duckdb; assert duckdb.__version__ == '{OLD_DUCKDB}'"]
    if subprocess.run(probe, capture_output=True).returncode != 0:
        install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", f"duckdb=={OLD_DUCKDB}"],
                                 capture_output=True, text=True, timeout=600)
        if install.returncode != 0:
            pytest.skip(f"cannot install duckdb=={OLD_DUCKDB} into {venv} (offline, or no wheel for this "
                        f"platform): {install.stderr.strip()[-300:]}. Set {OLD_DUCKDB_PYTHON_ENV} to a Python "
                        f"that has duckdb {OLD_DUCKDB} to run this test.")
    return python
