"""kill -9 at each stage of a run large enough to use the process pool (finding 3 of issue 18): the processes
the run started die with it, and the next run takes the lock within 5 s and succeeds.

Before the fix a run killed during clean or extract left its fork server and pool workers alive, holding
the next runs off for 120 s each (exit 75) until someone killed the process group.
"""

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.children import running
from pipeline.pause import MARKER_ENV, PAUSE_ENV
from pipeline.warehouse.lock import read_holder
from tests.warehouse_runs import Warehouse, output, query, start_chancery, wait_for

pytestmark = pytest.mark.e2e

NEW_ARTICLES = 300  # above the pool's threshold (200), and above the chunks kept in flight (2 workers x 3 x 32)
# How soon the next run must hold the lock after the kill.
START_SECONDS = 5.0
COUNTRIES = [("Japan", "Canada", "Tokyo"), ("India", "France", "Paris"), ("Brazil", "Germany", "Berlin"),
             ("Kenya", "Norway", "Nairobi"), ("Chile", "Spain", "Madrid")]


@pytest.fixture(scope="module")
def many_articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("many_articles")
    for number in range(NEW_ARTICLES):
        first, second, city = COUNTRIES[number % len(COUNTRIES)]
        (folder / f"story_{number:04d}.txt").write_text(
            f"{first} and {second} agree on trade, round {number}\n\n"
            f"{first} and {second} signed a free trade agreement in {city} on Friday, officials said. "
            f"The agreement, number {number} of its kind, cuts tariffs on {number % 17 + 3} kinds of goods.\n\n"
            f"Officials said talks on a second agreement would continue in {city} next month.\n")
    return folder


@pytest.fixture
def runs() -> Iterator[list[subprocess.Popen[str]]]:
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes of a process group."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            pid, rest = stat.read_text().split(" ", 1)
            state, _, group = rest.rsplit(")", 1)[1].split()[:3]
        except (OSError, ValueError, IndexError):
            continue
        if int(group) == pgid and state != "Z":
            members.append(int(pid))
    return members


def dbt_has_written(dbt_target: Path) -> bool:
    return any('"LogSeedResult"' in line or '"LogModelResult"' in line
               for log in dbt_target.glob("*/dbt.log") for line in log.read_text().splitlines())


@pytest.mark.parametrize("stage", ["ingest", "clean", "split", "extract", "dbt", "publish"])
def test_kill_9_at_each_stage_then_a_run_starts_at_once_and_succeeds(
        stage: str, seed_warehouse: Warehouse, many_articles: Path, tmp_path: Path,
        runs: list[subprocess.Popen[str]]) -> None:
    warehouse = seed_warehouse.clone(tmp_path / "warehouse")
    marker, dbt_target = tmp_path / "paused", tmp_path / "dbt_target"
    env = {"CHANCERY_WORKERS": "2", "DBT_TARGET_PATH": str(dbt_target)}
    pause = {"ingest": "after:raw_articles", "clean": "pool:clean_chunk", "split": "pool:split_chunk",
             "extract": "pool:extract_chunk", "publish": "publish:staged"}.get(stage)
    if pause:
        env |= {PAUSE_ENV: pause, MARKER_ENV: str(marker)}
    killed = start_chancery(*warehouse.run_args(many_articles), log_dir=tmp_path / "killed", env=env)
    runs.append(killed)
    reached = (lambda: dbt_has_written(dbt_target)) if stage == "dbt" else marker.exists
    wait_for(lambda: reached() or killed.poll() is not None, 600, f"the run to reach {stage}")
    assert killed.poll() is None, output(tmp_path / "killed")
    if stage in ("clean", "split", "extract"):
        # The pool is in use: the run, its dbt worker, multiprocessing's fork server and resource tracker, and
        # the two workers.
        assert len(group_members(killed.pid)) >= 5, group_members(killed.pid)

    killed.send_signal(signal.SIGKILL)  # the run alone, as the out-of-memory killer would
    killed.wait(timeout=30)
    # Everything it started dies with it: nothing is left to hold the warehouse.
    wait_for(lambda: not group_members(killed.pid), START_SECONDS, "the killed run's processes to end")

    started = time.monotonic()
    recovery = start_chancery(*warehouse.run_args(many_articles), log_dir=tmp_path / "recovery",
                              env={"CHANCERY_WORKERS": "2"})
    runs.append(recovery)
    lock = Path(f"{warehouse.working}.lock")
    wait_for(lambda: (holder := read_holder(lock)) is not None and holder.pid == recovery.pid
             or recovery.poll() is not None, START_SECONDS, "the next run to take the lock")
    assert time.monotonic() - started < START_SECONDS
    assert recovery.wait(timeout=900) == 0, output(tmp_path / "recovery")
    assert f"stale lock {lock}: the run pid {killed.pid}" in output(tmp_path / "recovery")
    assert query(warehouse.published, "select count(*) from marts.dim_articles") == [(5 + NEW_ARTICLES,)]
    assert not running(killed.pid)
