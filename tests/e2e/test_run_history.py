"""Run history kept by pipeline.run_history: Dagster's SQLite files, written through connections kept open."""

import os
import threading
import time
from pathlib import Path

import pytest
from dagster import DagsterInstance, DagsterRunStatus
from dagster._core.events import DagsterEvent, DagsterEventType, EngineEventData
from dagster._core.events.log import EventLogEntry
from dagster._core.storage.event_log import SqliteEventLogStorage

from pipeline.run_history import KEEP_OPEN, RunHistoryStorage, dagster_yaml
from tests.conftest import SEEDS_DIR
from tests.warehouse_runs import chancery


def event(run_id: str, message: str) -> EventLogEntry:
    return EventLogEntry(error_info=None, level=20, user_message=message, run_id=run_id, timestamp=time.time(),
                         step_key=None, job_name="job",
                         dagster_event=DagsterEvent(DagsterEventType.ENGINE_EVENT.value, "job", message=message,
                                                    event_specific_data=EngineEventData()))


def messages(storage: SqliteEventLogStorage, run_id: str) -> list[str]:
    return [record.event_log_entry.user_message for record in storage.get_records_for_run(run_id).records]


def test_dagster_and_this_storage_read_what_the_other_wrote(tmp_path: Path) -> None:
    ours, dagsters = RunHistoryStorage(str(tmp_path)), SqliteEventLogStorage(str(tmp_path))
    ours.store_event(event("run-a", "from ours"))
    dagsters.store_event(event("run-a", "from dagster's"))
    ours.store_event(event("run-a", "from ours again"))
    assert messages(dagsters, "run-a") == messages(ours, "run-a") == ["from ours", "from dagster's",
                                                                      "from ours again"]
    ours.dispose()


def test_keeps_few_databases_open_and_forgets_deleted_ones(tmp_path: Path) -> None:
    storage = RunHistoryStorage(str(tmp_path))
    for number in range(KEEP_OPEN + 3):
        storage.store_event(event(f"run-{number}", "hello"))
    assert len([shard for shard in storage._engines if shard != "index"]) == KEEP_OPEN
    assert messages(storage, "run-0") == ["hello"]  # reopened
    storage.wipe()
    assert storage.get_all_run_ids() == []
    storage.store_event(event("run-0", "after the wipe"))
    assert messages(storage, "run-0") == ["after the wipe"]
    storage.dispose()


def test_a_watcher_sees_each_event_another_process_stores(tmp_path: Path) -> None:
    """The Dagster UI follows a running run by watching its database file; a run that keeps its connection
    open must still change the file with each event."""
    writer = RunHistoryStorage(str(tmp_path))
    writer.store_event(event("run-w", "first"))
    for watching in (RunHistoryStorage(str(tmp_path)), SqliteEventLogStorage(str(tmp_path))):
        seen: list[str] = []
        arrived = threading.Event()

        def callback(entry: EventLogEntry, cursor: str, seen: list[str] = seen,
                     arrived: threading.Event = arrived) -> DagsterRunStatus | None:
            seen.append(entry.user_message)
            arrived.set()
            return None

        cursor = str(watching.get_records_for_run("run-w").cursor)
        watching.watch("run-w", cursor, callback)
        try:
            writer.store_event(event("run-w", f"seen by {type(watching).__name__}"))
            assert arrived.wait(timeout=10), f"{type(watching).__name__} saw no change of the run's file"
            assert seen == [f"seen by {type(watching).__name__}"]
        finally:
            watching.end_watch("run-w", callback)
            watching.dispose()
    writer.dispose()


def test_an_instance_read_from_its_folder_finds_the_history_where_the_config_says(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    (tmp_path / "dagster.yaml").write_text(dagster_yaml())
    with pytest.raises(ValueError, match="DAGSTER_HOME is not set; give the folder of the run databases as base_dir"):
        DagsterInstance.from_config(str(tmp_path))
    (tmp_path / "dagster.yaml").write_text(dagster_yaml(str(tmp_path / "history" / "runs")))
    with DagsterInstance.from_config(str(tmp_path)) as instance:
        assert isinstance(instance.event_log_storage, RunHistoryStorage)
        instance.event_log_storage.store_event(event("run-c", "configured"))
    assert messages(SqliteEventLogStorage(str(tmp_path / "history" / "runs")), "run-c") == ["configured"]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")
def test_a_forked_process_opens_its_own_connections(tmp_path: Path) -> None:
    storage = RunHistoryStorage(str(tmp_path))
    storage.store_event(event("run-f", "parent"))
    child = os.fork()
    if child == 0:
        try:
            storage.store_event(event("run-f", "child"))
        finally:
            os._exit(0)
    os.waitpid(child, 0)
    storage.store_event(event("run-f", "parent again"))
    assert messages(storage, "run-f") == ["parent", "child", "parent again"]
    storage.dispose()


@pytest.mark.e2e
def test_chancery_run_records_its_runs_through_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "dagster_home"
    home.mkdir()
    (home / "dagster.yaml").write_text(dagster_yaml())
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    args = ("run", "--input", str(SEEDS_DIR), "--warehouse", str(tmp_path / "news.duckdb"), "--log-level", "ERROR")
    for _ in range(2):
        result = chancery(*args)
        assert result.returncode == 0, result.stderr[-3000:]
    with DagsterInstance.get() as instance:
        assert isinstance(instance.event_log_storage, RunHistoryStorage)
        runs = instance.get_runs()
        assert [run.status for run in runs] == [DagsterRunStatus.SUCCESS] * 2
    # Read by Dagster's own storage, as a UI configured without it would.
    dagsters = SqliteEventLogStorage(str(home / "history" / "runs"))
    for run in runs:
        types = {record.event_log_entry.dagster_event_type
                 for record in dagsters.get_records_for_run(run.run_id).records}
        assert {DagsterEventType.RUN_SUCCESS, DagsterEventType.ASSET_MATERIALIZATION} <= types
    dagsters.dispose()


def test_it_refuses_a_dagster_release_it_was_not_tested_with(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Optional, and never holding Dagster back: under another release it says to remove it from dagster.yaml."""
    monkeypatch.setattr("pipeline.run_history.dagster_version", lambda: "1.99.0")
    with pytest.raises(ValueError, match="remove its event_log_storage entry from dagster.yaml"):
        RunHistoryStorage(str(tmp_path))
    monkeypatch.undo()
    RunHistoryStorage(str(tmp_path)).dispose()
