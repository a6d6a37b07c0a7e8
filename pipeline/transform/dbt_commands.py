"""dbt commands, run in this process or in a dbt worker: a process started ahead of the run step that needs it.

A process pays for its first dbt command what later ones do not: importing dbt, then building the JSON schemas
that validate the project and profile, compiling the serialisers of the parse state and the like (seconds in
all; bench/RESULTS.md). `chancery run` starts a worker before anything else; so does the process the Dagster
daemon starts for a run (the UI's, a schedule's, the sensor's), before it loads the definitions, which it loads
without dbt-core (pipeline/definitions.py); the dbt resource's set-up starts one if none is waiting. On the
other core, while the run runs the Python assets, the worker imports dbt and parses the project once (its
warm-up), then waits for the one command the run's dbt step sends it, with the working database, which the step
hands over for the command (DuckDB lets one process write a file) and takes back after. A command that finds no
worker for its settings runs in the run's own process.

This module imports neither Dagster nor dbt at the top: the worker process and `chancery run` load it first.
"""

import atexit
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from pipeline.children import die_with, running
from pipeline.process_end import end_process

# The dbt events that carry a node's result; the only ones dagster-dbt turns into Dagster events.
RESULT_EVENTS = frozenset({"LogSeedResult", "LogModelResult", "LogSnapshotResult", "LogTestResult"})
PARSE_STATE = "partial_parse.msgpack"
# Parse states kept for different profile settings (warehouses): each is about 1 MB.
KEEP_PARSE_STATES = 8


@dataclass(frozen=True)
class Outcome:
    success: bool
    exception: str | None = None


# What a command reports as it runs: ("result", a node's result event as a dict) or ("error", a message dbt logged
# at error level). dbt reports from its threads.
Report = Callable[[str, Any], None]


def invoke(args: Sequence[str], report: Report) -> Outcome:
    """Run `dbt <args>` in this process."""
    from dbt.cli.main import dbtRunner
    from dbt_common.events.functions import msg_to_dict

    def collect(event: Any) -> None:
        if event.info.name in RESULT_EVENTS:
            report("result", msg_to_dict(event))
        elif event.info.level == "error":
            report("error", event.info.msg)

    result = dbtRunner(callbacks=[collect]).invoke(list(args))
    return Outcome(result.success, None if result.success else repr(result.exception))


def parse_state(project_dir: Path, profile_env: Mapping[str, str]) -> Path:
    """Where the parse state of commands run with these profile settings is kept. dbt parses the whole project
    again when the profile's connection settings differ from those of the state it reads (the working database
    is one of them), so each warehouse keeps its own: one state for all cost every run after a run on another
    warehouse, or the tests, a full parse."""
    key = hashlib.sha256(json.dumps(sorted(profile_env.items())).encode()).hexdigest()[:12]
    return project_dir / "target" / f"partial_parse-{key}.msgpack"


def readable_parse_state(project_dir: Path, profile_env: Mapping[str, str]) -> Path | None:
    """The state a command with these settings starts from: its own, else the project's `dbt parse`'s."""
    for state in (parse_state(project_dir, profile_env), project_dir / "target" / PARSE_STATE):
        if state.exists():
            return state
    return None


def keep_parse_state(written: Path, project_dir: Path, profile_env: Mapping[str, str]) -> None:
    """Move the state a command wrote to where the next command with the same settings reads it, replacing
    the old one atomically (a concurrent command reads the old or the new state); forget the least recently
    written states beyond KEEP_PARSE_STATES."""
    if not written.exists():
        return
    kept = parse_state(project_dir, profile_env)
    kept.parent.mkdir(parents=True, exist_ok=True)  # a fresh checkout has no target folder yet
    partial = kept.with_name(f"{kept.name}.{os.getpid()}")
    shutil.move(written, partial)
    os.replace(partial, kept)
    states = sorted(kept.parent.glob("partial_parse-*.msgpack"), key=lambda state: state.stat().st_mtime)
    for old in states[:-KEEP_PARSE_STATES]:
        old.unlink(missing_ok=True)


def run_command(args: Sequence[str], target: Path, project_dir: Path, profile_env: Mapping[str, str],
                report: Report) -> Outcome:
    """Run `dbt <args>` in this process, writing into `target` (its --target-path) and starting from the last
    parse state for these profile settings, so that dbt re-parses only what changed since; keep the state
    it leaves for the next command."""
    if state := readable_parse_state(project_dir, profile_env):
        shutil.copy(state, target / PARSE_STATE)
    outcome = invoke(args, report)
    keep_parse_state(target / PARSE_STATE, project_dir, profile_env)
    return outcome


class DbtWorker:
    """A Python process that imports dbt and parses the project at once, then runs one dbt command when `run`
    sends it. Its stdin carries the request, its stdout one JSON message per line; dbt's console output goes
    to its stderr, which is this process's."""

    def __init__(self, project_dir: Path, profile_env: Mapping[str, str]) -> None:
        self.project_dir, self.profile_env = project_dir, dict(profile_env)
        # The warm-up's target folder, removed here once the worker is gone: a worker stopped (killed) during its
        # warm-up cannot remove it, nor one killed with its run (pipeline.children), whose folder the next worker
        # removes.
        _remove_orphaned_scratch()
        self._scratch = Path(tempfile.mkdtemp(prefix=SCRATCH_PREFIX))
        self._process = subprocess.Popen(
            [sys.executable, "-m", "pipeline.transform.dbt_commands", str(project_dir), json.dumps(self.profile_env),
             str(self._scratch)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env={**os.environ, **self.profile_env}, text=True)
        (self._scratch / SCRATCH_OWNER).write_text(str(self._process.pid))

    def run(self, args: Sequence[str], target: Path, database: str,
            config: Mapping[str, str]) -> Iterator[tuple[str, Any]]:
        """`run_command` in the worker, which holds `database` open with `config` meanwhile. Yields what the
        command reports as the worker reports it, and last ("outcome", Outcome). The worker exits after."""
        request = {"args": list(args), "target": str(target), "database": database, "config": dict(config)}
        outcome = None
        try:
            self._process.stdin.write(json.dumps(request) + "\n")
            self._process.stdin.close()
            for line in self._process.stdout:
                kind, value = json.loads(line)
                if kind == "outcome":
                    outcome = Outcome(**value)
                else:
                    yield kind, value
        except BrokenPipeError:
            pass  # the worker is gone: its exit code says how
        finally:
            self.stop()
        yield "outcome", outcome or Outcome(False, f"the dbt worker process ended before its command finished "
                                                   f"(exit code {self._process.returncode}); see its output above")

    def waiting(self) -> bool:
        """True while the worker is alive and has been sent no command."""
        return self._process.poll() is None and not self._process.stdin.closed

    def stop(self) -> None:
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        shutil.rmtree(self._scratch, ignore_errors=True)


_started: list[DbtWorker] = []
atexit.register(lambda: [worker.stop() for worker in _started])


def start_worker(project_dir: Path, profile_env: Mapping[str, str]) -> None:
    """Start a worker for the next dbt command this process runs with these profile settings, unless one is
    already waiting for it."""
    if not any(worker.project_dir.resolve() == project_dir.resolve() and worker.profile_env == dict(profile_env)
               and worker.waiting() for worker in _started):
        _started.append(DbtWorker(project_dir, profile_env))


def stop_workers() -> None:
    """Stop the workers no command took (a run that ended before its dbt step)."""
    while _started:
        _started.pop().stop()


def take_worker(project_dir: Path, profile_env: Mapping[str, str]) -> DbtWorker | None:
    """The worker started for a command with exactly this project and these profile settings, if it is still
    waiting for one; other workers are stopped (a worker started for other settings warmed up on another parse
    state). Without a worker, the command runs in this process."""
    while _started:
        worker = _started.pop()
        if (worker.project_dir.resolve() == project_dir.resolve() and worker.profile_env == dict(profile_env)
                and worker.waiting()):
            return worker
        worker.stop()
    return None


@contextmanager
def dbt_core_hidden() -> Iterator[None]:
    """Make dbt-core unimportable here meanwhile (its top-level package is None in `sys.modules`), for a process
    whose dbt commands run in its worker: dagster-dbt, imported meanwhile, then defines dbt's enums itself, as
    where dbt-core is not installed, instead of importing dbt for them. Asset specs and checks come
    from the manifest either way, and dbt's events arrive as JSON either way. Afterwards dbt imports as usual,
    for a command that finds its worker gone."""
    hidden = "dbt" not in sys.modules
    if hidden:
        sys.modules["dbt"] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if hidden and sys.modules.get("dbt", ...) is None:
            del sys.modules["dbt"]


SCRATCH_PREFIX = "chancery-dbt-warm-up-"
SCRATCH_OWNER = "worker.pid"


def _remove_orphaned_scratch() -> None:
    """Remove warm-up folders whose worker process is gone (it was killed with its run)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}*"):
        try:
            owner = int((folder / SCRATCH_OWNER).read_text())
        except (OSError, ValueError):
            continue  # a worker that has not written its pid yet, or not ours to judge
        if not running(owner):
            shutil.rmtree(folder, ignore_errors=True)


def _warm_up(project_dir: Path, profile_env: Mapping[str, str], scratch: Path) -> None:
    """`dbt parse` once, into a scratch folder. A failing parse fails the command to come too, which reports it."""
    run_command(["parse", "--quiet", "--no-write-json", "--no-send-anonymous-usage-stats",
                 "--project-dir", str(project_dir), "--profiles-dir", str(project_dir),
                 "--target-path", str(scratch), "--log-path", str(scratch)],
                scratch, project_dir, profile_env, lambda kind, value: None)


def _serve(project_dir: Path, profile_env: Mapping[str, str], scratch: Path) -> None:
    # A run killed with SIGKILL must not leave this process writing its database.
    die_with(os.getppid())
    # Ctrl-C reaches the whole process group: the run handles it, and stops the worker.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "w", buffering=1)
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())  # dbt's console output must not mix with the replies
    lock = threading.Lock()

    def reply(kind: str, value: Any) -> None:
        try:
            with lock:
                replies.write(json.dumps([kind, value]) + "\n")
        except BrokenPipeError:  # the run is gone (killed): stop writing its database at once
            os._exit(1)

    try:
        _warm_up(project_dir, profile_env, scratch)
    except Exception as error:  # the command itself then parses from scratch, and reports what fails
        print(f"chancery: the dbt worker's warm-up failed: {error!r}", file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    if not line:  # the run ended without a dbt command; killed, it removes nothing
        shutil.rmtree(scratch, ignore_errors=True)
        return
    request = json.loads(line)
    from pipeline.warehouse.connection import hold, let_go

    try:
        held = hold(request["database"], request["config"])
    except Exception as error:  # e.g. the run's process still has the file open
        reply("outcome", asdict(Outcome(False, f"could not open {request['database']}: {error}")))
        return
    try:
        outcome = run_command(request["args"], Path(request["target"]), project_dir, profile_env, reply)
    finally:
        let_go(held, request["database"])
    reply("outcome", asdict(outcome))
    # The run waits for this process to end before it takes the database back.
    end_process(0)


if __name__ == "__main__":
    _serve(Path(sys.argv[1]), json.loads(sys.argv[2]), Path(sys.argv[3]))
