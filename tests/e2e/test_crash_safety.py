"""Crash and concurrency safety: `chancery run` killed with SIGKILL during ingest, dbt build and publication,
two runs started at once, and the run lock underneath.

Each crash test kills a run that has new work (one new article) at a known point, checks that the
published snapshot is untouched, runs again, and compares the result with a run that was never
interrupted: nothing lost, nothing loaded twice.
"""

import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from dagster import AssetKey, DagsterInstance

from pipeline.definitions import defs
from pipeline.pause import MARKER_ENV, PAUSE_ENV
from pipeline.warehouse.lock import WarehouseBusy, _group_running, read_holder, warehouse_lock
from tests.warehouse_runs import (
    EXIT_BUSY,
    REPO_ROOT,
    Warehouse,
    assert_succeeded,
    chancery,
    file_digest,
    history,
    new_article_folder,
    output,
    query,
    start_chancery,
    wait_for,
)

pytestmark = pytest.mark.e2e


def marts(path: Path) -> dict[str, list[tuple]]:
    """Every mart's rows, without the columns that record when a run happened."""
    tables = query(path, "select table_name from information_schema.tables where table_schema = 'marts' order by 1")
    result = {}
    for (table,) in tables:
        columns = query(path, f"""select column_name from information_schema.columns
                                  where table_schema = 'marts' and table_name = '{table}'
                                    and data_type not like 'TIMESTAMP%' order by ordinal_position""")
        select = ", ".join(f'"{name}"' for (name,) in columns)
        result[table] = query(path, f"select {select} from marts.{table} order by all")
    return result


@pytest.fixture(scope="module")
def new_article(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with one article the seed warehouse has not seen (one folder: articles are known by path)."""
    return new_article_folder(tmp_path_factory.mktemp("new_article"))


@pytest.fixture
def with_new_article(seed_warehouse: Warehouse, new_article: Path, tmp_path: Path) -> tuple[Warehouse, Path]:
    return seed_warehouse.clone(tmp_path / "warehouse"), new_article


@pytest.fixture(scope="module")
def expected_marts(seed_warehouse: Warehouse, new_article: Path,
                   tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    """The marts after an uninterrupted run adds the new article."""
    warehouse = seed_warehouse.clone(tmp_path_factory.mktemp("uninterrupted") / "warehouse")
    assert_succeeded(chancery(*warehouse.run_args(new_article)))
    return marts(warehouse.published)


@pytest.fixture
def runs() -> Iterator[list[subprocess.Popen[str]]]:
    """Background runs a test starts; whatever they left running is killed at the end."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for process in started:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def kill_run(process: subprocess.Popen[str]) -> None:
    """kill -9 the run's own process only, as a crash or an operator would; what it started lives on."""
    process.send_signal(signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL


def crash_then_recover(warehouse: Warehouse, extra: Path, tmp_path: Path, runs: list[subprocess.Popen[str]],
                       kill_at: Callable[[subprocess.Popen[str]], None], expected: dict[str, list[tuple]],
                       env: dict[str, str] | None = None,
                       after_kill: Callable[[], None] = lambda: None) -> subprocess.CompletedProcess[str]:
    published_before, history_before = file_digest(warehouse.published), history(warehouse.published)
    process = start_chancery(*warehouse.run_args(extra), log_dir=tmp_path / "killed", env=env)
    runs.append(process)
    kill_at(process)
    kill_run(process)
    # Readers still see the last good snapshot, whole.
    assert file_digest(warehouse.published) == published_before
    assert history(warehouse.published) == history_before
    after_kill()

    recovery = chancery(*warehouse.run_args(extra))
    assert_succeeded(recovery)
    assert f"stale lock {warehouse.working}.lock: the run pid {process.pid}" in recovery.stderr
    assert marts(warehouse.published) == expected
    recorded = history(warehouse.published)
    assert recorded[:-1] == history_before and len(recorded) == len(history_before) + 1
    assert query(warehouse.working, "select count(*), count(distinct source_uri) from landing.raw_articles") == [
        (6, 6)]
    return recovery


def pause_at(point: str, marker: Path) -> dict[str, str]:
    return {PAUSE_ENV: point, MARKER_ENV: str(marker)}


def test_kill_during_ingest(with_new_article: tuple[Warehouse, Path], tmp_path: Path,
                            runs: list[subprocess.Popen[str]], expected_marts: dict[str, list[tuple]]) -> None:
    """Killed inside the raw_articles step, after its rows were written and before Dagster recorded it."""
    warehouse, extra = with_new_article
    marker = tmp_path / "paused"

    def when_ingested(process: subprocess.Popen[str]) -> None:
        wait_for(lambda: marker.exists() or process.poll() is not None, 300, "the run to reach ingest")
        assert process.poll() is None, output(tmp_path / "killed")

    def new_article_only_in_the_working_database() -> None:
        assert query(warehouse.working, "select count(*) from landing.raw_articles") == [(6,)]
        assert query(warehouse.published, "select count(*) from marts.dim_articles") == [(5,)]

    crash_then_recover(warehouse, extra, tmp_path, runs, when_ingested, expected_marts,
                       env=pause_at("after:raw_articles", marker), after_kill=new_article_only_in_the_working_database)


def test_kill_during_dbt_build(with_new_article: tuple[Warehouse, Path], tmp_path: Path,
                               runs: list[subprocess.Popen[str]], expected_marts: dict[str, list[tuple]]) -> None:
    """Killed once dbt has written its first tables. dbt itself survives the kill and may keep writing for a
    moment; whether the next run finds it still running depends on timing, so waiting for a killed run's
    leftover processes is tested on its own (test_takeover_waits_for_processes_the_killed_run_left)."""
    warehouse, extra = with_new_article
    # Each dbt invocation's target folder, with its dbt.log, goes under DBT_TARGET_PATH: this run's
    # own folder, so other dbt runs on the machine cannot be mistaken for it.
    dbt_target = tmp_path / "dbt_target"

    def when_dbt_has_written(process: subprocess.Popen[str]) -> None:
        def written() -> bool:
            return any('"LogSeedResult"' in line or '"LogModelResult"' in line
                       for log in dbt_target.glob("*/dbt.log") for line in log.read_text().splitlines())

        wait_for(lambda: written() or process.poll() is not None, 300, "dbt to write a table")
        assert process.poll() is None, output(tmp_path / "killed")

    crash_then_recover(warehouse, extra, tmp_path, runs, when_dbt_has_written, expected_marts,
                       env={"DBT_TARGET_PATH": str(dbt_target)})


def test_kill_during_publication(with_new_article: tuple[Warehouse, Path], tmp_path: Path,
                                 runs: list[subprocess.Popen[str]], expected_marts: dict[str, list[tuple]]) -> None:
    """Killed with the new snapshot built and verified, just before it replaces the published file."""
    warehouse, extra = with_new_article
    marker = tmp_path / "paused"

    def staged() -> list[Path]:
        return list(warehouse.working.parent.glob("news.publishing-*.duckdb"))

    def when_staged(process: subprocess.Popen[str]) -> None:
        wait_for(lambda: marker.exists() or process.poll() is not None, 300, "the run to stage its snapshot")
        assert process.poll() is None, output(tmp_path / "killed")
        assert staged()

    crash_then_recover(warehouse, extra, tmp_path, runs, when_staged, expected_marts,
                       env=pause_at("publish:staged", marker))
    assert not staged(), "the unpublished snapshot left by the killed run is removed"


def test_two_runs_at_once_one_refuses_and_a_waiting_run_goes_next(
        with_new_article: tuple[Warehouse, Path], tmp_path: Path, runs: list[subprocess.Popen[str]],
        expected_marts: dict[str, list[tuple]]) -> None:
    warehouse, extra = with_new_article
    before = history(warehouse.published)
    lock = Path(f"{warehouse.working}.lock")
    first, second = (start_chancery(*warehouse.run_args(extra), log_dir=tmp_path / name) for name in ("a", "b"))
    runs += [first, second]
    wait_for(lambda: read_holder(lock) is not None, 60, "a run to take the lock")
    waiting = start_chancery(*warehouse.run_args(extra), "--wait", "600", log_dir=tmp_path / "waiting")
    runs.append(waiting)
    for process in runs:
        process.wait(timeout=600)

    winner, loser = (first, second) if first.returncode == 0 else (second, first)
    assert (winner.returncode, loser.returncode) == (0, EXIT_BUSY)
    refusal = output(tmp_path / ("b" if loser is second else "a"))
    assert f"another chancery run is writing this warehouse (pid {winner.pid} " in refusal
    assert "reading" not in refusal  # refused before touching anything
    assert waiting.returncode == 0, output(tmp_path / "waiting")
    assert f"waiting up to 600s for the run holding {lock} (pid {winner.pid} " in output(tmp_path / "waiting")
    # Two publications, one after the other; the second found nothing new to add.
    assert len(history(warehouse.published)) == len(before) + 2
    assert marts(warehouse.published) == expected_marts


# --- the lock itself ----------------------------------------------------------------------------------------

HOLD_LOCK = """
import subprocess, sys, time
from pathlib import Path
from pipeline.warehouse.lock import warehouse_lock
lock, marker, seconds, child_seconds = Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
with warehouse_lock(lock):
    if child_seconds:  # leave a child behind, as a run leaves its worker processes
        subprocess.Popen(["sleep", str(child_seconds)])
    marker.write_text("held")
    time.sleep(seconds)
"""


def hold_lock(lock: Path, tmp_path: Path, runs: list[subprocess.Popen[str]], seconds: float = 60,
              child_seconds: float = 0) -> subprocess.Popen[str]:
    """Another process holding the lock for `seconds`, leading its own process group (optionally with a
    child in it)."""
    marker = tmp_path / f"held-{len(runs)}"
    process = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(lock), str(marker), str(seconds),
                                str(child_seconds)], cwd=REPO_ROOT, start_new_session=True)
    runs.append(process)
    wait_for(marker.exists, 30, "the helper to take the lock")
    return process


def test_lock_refuses_naming_the_holder(tmp_path: Path, runs: list[subprocess.Popen[str]]) -> None:
    lock = tmp_path / "news.duckdb.lock"
    holder = hold_lock(lock, tmp_path, runs)
    with pytest.raises(WarehouseBusy, match=f"another chancery run is writing this warehouse \\(pid {holder.pid} "), \
            warehouse_lock(lock):
        pass


def test_run_command_refuses_a_busy_warehouse(tmp_path: Path, runs: list[subprocess.Popen[str]]) -> None:
    published = tmp_path / "news.duckdb"
    holder = hold_lock(tmp_path / ".work" / "news.duckdb.lock", tmp_path, runs)
    result = chancery("run", "--warehouse", str(published))
    assert result.returncode == EXIT_BUSY
    assert f"(pid {holder.pid} " in result.stderr and "--wait SECONDS" in result.stderr
    assert not published.exists()


def test_lock_waits_for_the_holder(tmp_path: Path, runs: list[subprocess.Popen[str]]) -> None:
    lock = tmp_path / "news.duckdb.lock"
    holder = hold_lock(lock, tmp_path, runs, seconds=1)
    said: list[str] = []
    with warehouse_lock(lock, wait_seconds=30, log=said.append):
        assert read_holder(lock).pid == os.getpid()
    assert said and f"pid {holder.pid}" in said[0]
    assert read_holder(lock) is None  # released cleanly: nothing stale left behind


def test_stale_lock_of_a_killed_run_is_reported_and_taken_over(tmp_path: Path,
                                                               runs: list[subprocess.Popen[str]]) -> None:
    lock = tmp_path / "news.duckdb.lock"
    holder = hold_lock(lock, tmp_path, runs)
    holder.kill()
    holder.wait()
    assert read_holder(lock).pid == holder.pid  # the killed holder's name is still in the file
    said: list[str] = []
    with warehouse_lock(lock, log=said.append):
        assert read_holder(lock).pid == os.getpid()
    assert f"stale lock {lock}: the run pid {holder.pid}" in said[0]


def test_takeover_waits_for_processes_the_killed_run_left(tmp_path: Path, runs: list[subprocess.Popen[str]]) -> None:
    lock = tmp_path / "news.duckdb.lock"
    holder = hold_lock(lock, tmp_path, runs, child_seconds=1)
    holder.kill()
    # Dead but not reaped: a zombie stays in its group, and must not count as a leftover.
    os.waitid(os.P_PID, holder.pid, os.WEXITED | os.WNOWAIT)
    said: list[str] = []
    started = time.monotonic()
    with warehouse_lock(lock, log=said.append):
        pass
    assert time.monotonic() - started > 0.5  # it waited for the child to exit
    assert any(f"process group {holder.pid}" in line for line in said)
    assert not any("killing" in line for line in said)  # the child ended by itself within the grace


def test_takeover_kills_what_the_killed_run_left_after_a_grace(tmp_path: Path,
                                                               runs: list[subprocess.Popen[str]]) -> None:
    """A stale lock is taken over at once: leftovers that do not end with the run (these are `sleep`, not our
    workers, which die with it) are killed after the grace instead of holding the next run off."""
    lock = tmp_path / "news.duckdb.lock"
    holder = hold_lock(lock, tmp_path, runs, child_seconds=120)
    holder.kill()
    os.waitid(os.P_PID, holder.pid, os.WEXITED | os.WNOWAIT)
    said: list[str] = []
    started = time.monotonic()
    with warehouse_lock(lock, log=said.append, orphan_wait_seconds=0.3):
        assert read_holder(lock).pid == os.getpid()
    assert time.monotonic() - started < 5
    assert any(f"kill -KILL -{holder.pid}" in line for line in said)
    assert not _group_running(holder.pid)


def test_lock_is_reentrant_in_a_thread_and_exclusive_across_threads(tmp_path: Path) -> None:
    lock = tmp_path / "news.duckdb.lock"
    other: list[BaseException] = []

    def take() -> None:
        try:
            with warehouse_lock(lock):
                pass
        except WarehouseBusy as busy:
            other.append(busy)

    with warehouse_lock(lock), warehouse_lock(lock):  # the CLI, then the Dagster resource in the same run
        thread = threading.Thread(target=take)
        thread.start()
        thread.join()
    assert len(other) == 1
    take()  # free again once the outer block ends
    assert len(other) == 1


# --- Dagster concurrency -------------------------------------------------------------------------------------


def test_every_asset_that_writes_the_warehouse_is_in_the_warehouse_pool() -> None:
    graph = defs.resolve_asset_graph()
    # Asset checks only read, inside a run that already holds the warehouse.
    writers = [assets_def for assets_def in graph.assets_defs
               if assets_def.keys and "warehouse" in assets_def.required_resource_keys]
    keys = {key for assets_def in writers for key in assets_def.keys}
    assert {AssetKey("raw_articles"), AssetKey(["marts", "fct_agreements"]), AssetKey("published_warehouse")} <= keys
    assert {assets_def.op.pool for assets_def in writers} == {"warehouse"}


def test_documented_dagster_pool_config_loads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    readme = (REPO_ROOT / "docs" / "operations.md").read_text()
    [snippet] = re.findall(r"```yaml\n(concurrency:\n.*?)```", readme, re.DOTALL)
    (tmp_path / "dagster.yaml").write_text(snippet)
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path))
    with DagsterInstance.get() as instance:
        pools = instance.get_concurrency_config().pool_config
        assert pools.default_pool_limit == 1
        assert pools.pool_granularity.value == "run"
    assert yaml.safe_load(snippet)["concurrency"]["pools"]["default_limit"] == 1


def test_runs_started_by_dagster_take_the_lock_too(tmp_path: Path, runs: list[subprocess.Popen[str]]) -> None:
    """Schedule, sensor and UI runs do not go through `chancery run`: the warehouse resource holds the lock."""
    published = tmp_path / "news.duckdb"
    holder = hold_lock(tmp_path / ".work" / "news.duckdb.lock", tmp_path, runs)
    run_config = {"resources": {"warehouse": {"config": {
        "database": str(tmp_path / ".work" / "news.duckdb"), "published": str(published)}}}}
    with DagsterInstance.ephemeral() as instance:
        result = defs.resolve_job_def("build_warehouse").execute_in_process(
            run_config=run_config, instance=instance, raise_on_error=False)
    assert not result.success
    failure = next(event for event in result.all_events if event.is_failure)
    assert f"another chancery run is writing this warehouse (pid {holder.pid} " in str(failure.event_specific_data)
    assert not published.exists() and not (tmp_path / ".work" / "news.duckdb").exists()
