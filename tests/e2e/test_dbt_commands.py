"""dbt's commands: in the worker `chancery run` starts ahead of its dbt step, or in the run's own process."""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import pytest

from pipeline.paths import DBT_PROJECT_DIR, dbt_profile_env
from pipeline.transform.dbt_commands import (
    PARSE_STATE,
    DbtWorker,
    Outcome,
    keep_parse_state,
    parse_state,
    readable_parse_state,
    run_command,
    start_worker,
    take_worker,
)
from pipeline.transform.dbt_resource import KEEP_COMMAND_FOLDERS
from tests.conftest import SEEDS_DIR
from tests.warehouse_runs import Warehouse, new_article_folder, output, start_chancery


def _dbt_args(command: str, target: Path, *extra: str) -> list[str]:
    return [command, *extra, "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
            "--target-path", str(target), "--log-path", str(target), "--log-format-file", "json"]


def _scratch_database(tmp_path: Path) -> str:
    database = str(tmp_path / "scratch.duckdb")
    with duckdb.connect(database) as conn:
        conn.execute("create table shared as select 42 as answer")
    return database


@pytest.mark.e2e
def test_a_run_builds_in_the_dbt_worker_it_started_and_keeps_the_newest_command_folders(
        seed_warehouse: Warehouse, tmp_path: Path) -> None:
    warehouse = seed_warehouse.clone(tmp_path / "warehouse")
    extra = new_article_folder(tmp_path / "new")
    target = tmp_path / "dbt_target"
    for index in range(KEEP_COMMAND_FOLDERS + 5):  # left by earlier runs, oldest first
        old = target / f"chancery_dbt_models-old{index:02d}"
        old.mkdir(parents=True)
        os.utime(old, (1_000_000 + index, 1_000_000 + index))
    with duckdb.connect(str(warehouse.published), read_only=True) as conn:
        before = conn.execute("select count(*) from marts.fct_agreements").fetchone()[0]

    run = start_chancery(*warehouse.run_args(extra), log_dir=tmp_path / "log", env={"DBT_TARGET_PATH": str(target)})
    assert run.wait(timeout=900) == 0, output(tmp_path / "log")

    with duckdb.connect(str(warehouse.published), read_only=True) as conn:
        assert conn.execute("select count(*) from marts.fct_agreements").fetchone()[0] == before + 1
    folders = {folder.name for folder in target.glob("chancery_dbt_models-*")}
    (new,) = {name for name in folders if "-old" not in name}
    assert len(folders) == KEEP_COMMAND_FOLDERS
    assert "chancery_dbt_models-old00" not in folders and "chancery_dbt_models-old24" in folders
    # dbt logged from another process than the run's: the worker, which wrote the run's database meanwhile.
    pids = {json.loads(line)["info"]["pid"] for line in (target / new / "dbt.log").read_text().splitlines()}
    assert pids and run.pid not in pids


# `chancery run`'s process with dbt-core hidden as it loads the definitions, and no worker: dbt runs in it.
_RUN_WITHOUT_WORKER = """
import json, sys
from pathlib import Path
from dagster import DagsterInstance
from pipeline.transform.dbt_commands import dbt_core_hidden
with dbt_core_hidden():
    from pipeline.definitions import defs
from pipeline.paths import working_database
published = Path(sys.argv[1])
job = defs.resolve_job_def("build_warehouse")
result = job.execute_in_process(run_config={"resources": {
    "sources": {"config": {"paths": [sys.argv[2]]}},
    "warehouse": {"config": {"database": str(working_database(published)), "published": str(published)}}}},
    instance=DagsterInstance.ephemeral(), raise_on_error=False)
print(json.dumps({"success": result.success, "dbt imported": "dbt.cli.main" in sys.modules,
                  "materialized": sorted({event.asset_key.to_user_string()
                                          for event in result.get_asset_materialization_events()}),
                  "assets": sorted(key.to_user_string() for key in job.asset_layer.executable_asset_keys),
                  "checks failed": [check.check_name for check in result.get_asset_check_evaluations()
                                    if not check.passed]}))
"""


@pytest.mark.e2e
def test_a_run_that_hid_dbt_core_builds_in_its_own_process_without_a_worker(tmp_path: Path) -> None:
    """The command of a run whose worker is gone runs in the run's process, which imports dbt-core then, after
    dagster-dbt was loaded without it."""
    published = tmp_path / "warehouse" / "news.duckdb"
    ran = subprocess.run([sys.executable, "-c", _RUN_WITHOUT_WORKER, str(published), str(SEEDS_DIR)],
                         capture_output=True, text=True, timeout=900)
    assert ran.returncode == 0, ran.stderr[-3000:]
    report = json.loads(ran.stdout.splitlines()[-1])
    assert report["success"] and report["dbt imported"] and report["checks failed"] == []
    assert report["materialized"] == report["assets"]
    with duckdb.connect(str(published), read_only=True) as conn:
        assert conn.execute("select count(*) from marts.fct_agreements").fetchone()[0] > 0


def test_a_worker_runs_its_command_on_the_database_it_is_handed(tmp_path: Path) -> None:
    database = _scratch_database(tmp_path)
    env = dbt_profile_env(database, "1GB")
    start_worker(DBT_PROJECT_DIR, env)
    worker = take_worker(DBT_PROJECT_DIR, env)
    assert worker is not None
    target = tmp_path / "target"
    target.mkdir()
    reported = list(worker.run(_dbt_args("show", target, "--inline", "select answer from main.shared"), target,
                               database, {"memory_limit": "1GB"}))
    assert reported[-1] == ("outcome", Outcome(True))
    assert take_worker(DBT_PROJECT_DIR, env) is None  # one command per worker


def test_a_worker_started_for_other_settings_is_stopped_not_used(tmp_path: Path) -> None:
    started = dbt_profile_env(str(tmp_path / "a.duckdb"), "1GB")
    start_worker(DBT_PROJECT_DIR, started)
    assert take_worker(DBT_PROJECT_DIR, dbt_profile_env(str(tmp_path / "b.duckdb"), "1GB")) is None
    assert take_worker(DBT_PROJECT_DIR, started) is None


def test_a_worker_that_is_gone_fails_its_command_with_a_clear_message(tmp_path: Path) -> None:
    database = _scratch_database(tmp_path)
    worker = DbtWorker(DBT_PROJECT_DIR, dbt_profile_env(database, "1GB"))
    assert worker.waiting()
    worker.stop()
    assert not worker.waiting()  # take_worker passes it over: the command runs in the run's own process
    kind, outcome = list(worker.run(_dbt_args("parse", tmp_path), tmp_path, database, {"memory_limit": "1GB"}))[-1]
    assert kind == "outcome" and not outcome.success
    assert "the dbt worker process ended before its command finished (exit code -9)" in outcome.exception


def test_a_worker_leaves_no_warm_up_folder_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    database = _scratch_database(tmp_path)
    env = dbt_profile_env(database, "1GB")
    DbtWorker(DBT_PROJECT_DIR, env).stop()  # killed during its warm-up
    worker = DbtWorker(DBT_PROJECT_DIR, env)
    target = tmp_path / "target"
    target.mkdir()
    assert list(worker.run(_dbt_args("parse", target), target, database, {"memory_limit": "1GB"}))[-1] == (
        "outcome", Outcome(True))
    assert not list(tmp_path.glob("chancery-dbt-warm-up-*"))


def test_a_killed_runs_worker_dies_and_the_next_worker_removes_its_warm_up_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The run stops its worker and removes the folder; a run killed outright does neither: its worker dies with it
    (pipeline.children), and the next worker removes the folder it left."""
    started = subprocess.run(
        [sys.executable, "-c", "import os, sys; from pathlib import Path; "
         "from pipeline.transform.dbt_commands import DbtWorker; from pipeline.paths import dbt_profile_env; "
         "worker = DbtWorker(Path(sys.argv[1]), dbt_profile_env(sys.argv[2], '1GB')); "
         "print(worker._process.pid, flush=True); os._exit(0)",  # ended as by a kill: no exit handlers
         str(DBT_PROJECT_DIR), str(tmp_path / "a.duckdb")],
        # The worker inherits stderr: capturing it would wait for the worker to end.
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, check=True,
        env={**os.environ, "TMPDIR": str(tmp_path)})
    assert list(tmp_path.glob("chancery-dbt-warm-up-*"))
    worker_pid = int(started.stdout)
    deadline = time.monotonic() + 120
    while _alive(worker_pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(worker_pid)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr(tempfile, "tempdir", None)  # gettempdir() reads TMPDIR again
    DbtWorker(DBT_PROJECT_DIR, dbt_profile_env(str(tmp_path / "a.duckdb"), "1GB")).stop()
    assert not list(tmp_path.glob("chancery-dbt-warm-up-*"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


# The asset graph as data (objects in the metadata without their addresses): what dagster-dbt defines from the
# manifest, and the jobs.
_ASSET_GRAPH = """
import json, re, sys
from contextlib import nullcontext
from pipeline.transform.dbt_commands import dbt_core_hidden
with dbt_core_hidden() if sys.argv[1] == "hidden" else nullcontext():
    from pipeline.definitions import defs
graph = defs.resolve_asset_graph()
def metadata(node):
    return {name: re.sub(" at 0x[0-9a-f]+", "", str(value)) for name, value in node.metadata.items()}
nodes = {key.to_user_string(): [sorted(map(str, node.parent_keys)), node.group_name, sorted(map(str, node.check_keys)),
                                metadata(node), sorted(node.kinds), node.tags, node.owners, node.code_version,
                                node.description, str(node.automation_condition)]
         for key, node in ((key, graph.get(key)) for key in graph.get_all_asset_keys())}
print(json.dumps({"dbt imported": "dbt" in sys.modules, "nodes": nodes,
                  "checks": sorted(map(str, graph.asset_check_keys)),
                  "jobs": sorted(job.name for job in defs.resolve_all_job_defs())}, sort_keys=True))
"""


def test_the_definitions_are_the_same_with_dbt_core_hidden() -> None:
    """`chancery run` imports the definitions with dbt-core hidden, its dbt commands running in the worker."""
    def graph(mode: str, worker: str = "1") -> dict:
        loaded = subprocess.run([sys.executable, "-c", _ASSET_GRAPH, mode], capture_output=True, text=True,
                                check=True, env={**os.environ, "CHANCERY_DBT_WORKER": worker})
        return json.loads(loaded.stdout)

    # The definitions hide dbt-core themselves (a run the daemon launches loads them so), unless told to run dbt
    # in the run's process.
    hidden, plain, imported = graph("hidden"), graph("plain"), graph("plain", worker="0")
    assert not hidden.pop("dbt imported") and not plain.pop("dbt imported") and imported.pop("dbt imported")
    assert plain == hidden
    assert len(hidden["nodes"]) > 20 and hidden["checks"]
    assert hidden == imported


_WORKERS_AFTER_LOADING = """
import json
import pipeline.definitions
from pipeline.transform.dbt_commands import _started, stop_workers
print(json.dumps([worker.profile_env for worker in _started if worker.waiting()]))
stop_workers()
"""


def test_a_process_dagster_starts_for_a_run_has_its_dbt_worker_once_the_definitions_loaded(tmp_path: Path) -> None:
    """The daemon launches each run as `dagster api execute_run ...`, a process that loads the definitions: its dbt
    worker starts before they load, for the settings the dbt resource asks for (which then finds it waiting), as
    `chancery run` starts its worker first. A process that loads them for anything else (the code server, the
    webserver) starts none."""
    published = tmp_path / "warehouse" / "news.duckdb"

    def workers(*argv: str) -> list[dict[str, str]]:
        loaded = subprocess.run([sys.executable, "-c", _WORKERS_AFTER_LOADING, *argv], capture_output=True,
                                text=True, check=True, env={**os.environ, "CHANCERY_WAREHOUSE": str(published)})
        return json.loads(loaded.stdout.splitlines()[-1])

    from pipeline.defs.transform import dbt_resource
    from pipeline.defs.warehouse_resource import ChanceryWarehouse

    expected = dbt_resource(ChanceryWarehouse.at(published)).worker_profile_env
    assert workers("api", "execute_run", "{}") == [expected]
    assert workers("api", "grpc") == []


def test_a_worker_reports_a_database_it_cannot_open(tmp_path: Path) -> None:
    database = _scratch_database(tmp_path)
    env = dbt_profile_env(database, "1GB")
    worker = DbtWorker(DBT_PROJECT_DIR, env)
    with duckdb.connect(database):  # this process still has the file open: DuckDB lets one process write it
        kind, outcome = list(worker.run(_dbt_args("parse", tmp_path), tmp_path, database,
                                        {"memory_limit": "1GB"}))[-1]
    assert kind == "outcome" and not outcome.success
    assert f"could not open {database}" in outcome.exception


def test_each_warehouse_keeps_its_own_parse_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """dbt parses the whole project again when the profile's connection differs from the state's: a run on
    one warehouse must not cost the next run on another a full parse."""
    def parse(warehouse: str, name: str) -> str:
        env = dbt_profile_env(str(tmp_path / warehouse), "1GB")
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        target = tmp_path / name
        target.mkdir()
        assert run_command(_dbt_args("parse", target), target, DBT_PROJECT_DIR, env, lambda *_: None).success
        return (target / "dbt.log").read_text()

    parse("a.duckdb", "a1")
    parse("b.duckdb", "b1")
    again = parse("a.duckdb", "a2")
    assert "Unable to do partial parsing" not in again and "Partial parsing enabled" in again


def test_a_parse_state_is_kept_where_the_project_has_no_target_folder_yet(tmp_path: Path) -> None:
    """A fresh checkout: the worker's warm-up can finish before anything else made dbt_project/target."""
    project = tmp_path / "project"
    project.mkdir()
    written = tmp_path / "command" / PARSE_STATE
    written.parent.mkdir()
    written.write_bytes(b"state")
    env = dbt_profile_env(str(tmp_path / "a.duckdb"), "1GB")
    keep_parse_state(written, project, env)
    assert readable_parse_state(project, env) == parse_state(project, env)
    assert parse_state(project, env).read_bytes() == b"state" and not written.exists()
