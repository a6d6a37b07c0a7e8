"""One writer per working database: a lock file that names the run holding it.

flock(2) is the authority: the kernel releases it when the holder exits for any reason, kill -9
included, so a lock never outlives its run and never needs clearing by hand. The file's content
(pid, process group, host, start time, command) serves people and two decisions:

* a refused run says who holds the warehouse;
* content left behind by a holder that never released (a stale lock: the run was killed) means
  processes it started may still be running (a kill -9 of the run does not reach its children:
  its worker pool, or dbt when a deployment runs it as a subprocess) — so, when the dead holder led
  its own process group, the next run waits until nothing in that group is running before it
  touches the database, and kills any still running after a short grace (they die with the run by
  themselves: pipeline.children).

Re-entrant per thread: `chancery run` takes the lock before starting Dagster, and the warehouse
resource inside the same run takes it again, which must not deadlock.
"""

import fcntl
import json
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

POLL_SECONDS = 0.2
PROC = Path("/proc")
# How long processes left by a killed run get to end by themselves (they die with the run:
# pipeline.children) before the next run kills them. Their work is redone by the new run anyway.
ORPHAN_WAIT_SECONDS = 2.0
# How long killed leftovers get to disappear before the next run gives up.
ORPHAN_KILL_WAIT_SECONDS = 5.0


class WarehouseBusy(RuntimeError):
    """Another run holds the warehouse (or processes of an interrupted one are still writing it)."""


@dataclass(frozen=True)
class Holder:
    pid: int
    pgid: int
    host: str
    started_at: str
    command: str

    @classmethod
    def current(cls) -> "Holder":
        return cls(pid=os.getpid(), pgid=os.getpgid(0), host=socket.gethostname(),
                   started_at=datetime.now(UTC).isoformat(timespec="seconds"),
                   command=" ".join([Path(sys.argv[0]).name, *sys.argv[1:]])[:300])

    def describe(self) -> str:
        return f"pid {self.pid} on {self.host}, started {self.started_at}: {self.command}"


def read_holder(path: Path) -> Holder | None:
    """Who holds (or last failed to release) the lock, if the file names anyone."""
    try:
        return _parse(path.read_bytes())
    except FileNotFoundError:
        return None


def _parse(data: bytes) -> Holder | None:
    try:
        return Holder(**json.loads(data))
    except (ValueError, TypeError):  # empty (released) or a holder mid-write
        return None


def _read_fd(fd: int) -> Holder | None:
    return _parse(os.pread(fd, 65536, 0))


def _exists(signal_0: Callable[[int, int], None], ident: int) -> bool:
    """Whether a process (os.kill) or process group (os.killpg) exists: signal 0 checks without sending."""
    try:
        signal_0(ident, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


# Locks this process holds, by (lock file, thread), with how deeply each is nested.
_held: dict[tuple[Path, int], int] = {}


@contextmanager
def warehouse_lock(path: Path, wait_seconds: float = 0.0, log: Callable[[str], None] = print,
                   orphan_wait_seconds: float = ORPHAN_WAIT_SECONDS) -> Iterator[None]:
    """Hold the lock at `path` for the block: wait up to `wait_seconds` for another holder, else raise
    WarehouseBusy naming it."""
    key = (path.resolve(), threading.get_ident())
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, path, wait_seconds, log)
        try:
            _take_over(fd, path, log, orphan_wait_seconds)
            _held[key] = 1
            try:
                yield
            finally:
                del _held[key]
                os.ftruncate(fd, 0)  # empty content = released cleanly, not stale
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(fd: int, path: Path, wait_seconds: float, log: Callable[[str], None]) -> None:
    deadline = time.monotonic() + wait_seconds
    announced = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            holder = _read_fd(fd)
            if holder is None:  # the holder is between taking the lock and writing its name
                time.sleep(POLL_SECONDS)
                holder = _read_fd(fd)
            who = _describe_holder(holder)
            if time.monotonic() >= deadline:
                raise WarehouseBusy(
                    f"another chancery run is writing this warehouse ({who}); lock file {path}. Not starting a "
                    "second writer: retry when it has finished, or let this one wait (chancery run --wait SECONDS, "
                    "or the warehouse resource's lock_wait_seconds)."
                ) from None
            if not announced:
                log(f"waiting up to {wait_seconds:g}s for the run holding {path} ({who})")
                announced = True
            time.sleep(POLL_SECONDS)


def _describe_holder(holder: Holder | None) -> str:
    if holder is None:
        return "a run that is just starting"
    if holder.host == socket.gethostname() and not _exists(os.kill, holder.pid):
        # Processes it forked inherited the lock's file descriptor and hold the lock until they exit.
        return (f"processes left by the run {holder.describe()}, which has ended; stop them with "
                f"kill -- -{holder.pgid} if they do not finish")
    return holder.describe()


def _take_over(fd: int, path: Path, log: Callable[[str], None], orphan_wait_seconds: float) -> None:
    """Record ourselves as the holder; if the previous holder died holding the lock, say so and wait for
    the processes it left behind."""
    stale = _read_fd(fd)
    me = Holder.current()
    if stale is not None:
        log(f"stale lock {path}: the run {stale.describe()} ended without releasing it (killed or crashed); "
            "its unpublished work is redone by this run")
        if stale.host == me.host and stale.pgid == stale.pid and stale.pgid != me.pgid:
            _wait_for_orphans(stale, orphan_wait_seconds, log)
    os.ftruncate(fd, 0)
    os.pwrite(fd, json.dumps(asdict(me)).encode(), 0)
    os.fsync(fd)


def _wait_for_orphans(stale: Holder, wait_seconds: float, log: Callable[[str], None]) -> None:
    """The dead run led its process group, so any process still running in that group (its workers)
    is a leftover that may still write the working database. Leftovers die with the run by themselves
    (pipeline.children); any still running after `wait_seconds` are killed, so that a killed run never
    keeps the next one waiting. (Their work is not lost: the new run redoes whatever was not committed.)"""
    if not _group_running(stale.pgid):
        return
    log(f"waiting up to {wait_seconds:g}s for processes left by the interrupted run (process group {stale.pgid})")
    if _gone_within(stale.pgid, wait_seconds):
        return
    log(f"killing the processes left by the interrupted run (kill -KILL -{stale.pgid})")
    with suppress(ProcessLookupError, PermissionError):
        os.killpg(stale.pgid, signal.SIGKILL)
    if not _gone_within(stale.pgid, ORPHAN_KILL_WAIT_SECONDS):
        raise WarehouseBusy(
            f"processes of the interrupted run (process group {stale.pgid}) are still running and may be "
            f"writing the warehouse; stop them (kill -- -{stale.pgid}) and retry")


def _gone_within(pgid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while _group_running(pgid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(POLL_SECONDS)
    return True


def _group_running(pgid: int) -> bool:
    """Whether a process group has a member that is not a zombie. The killed run itself stays in its group
    as a zombie until its parent reaps it, which a supervisor may take its time to do; Linux's /proc tells
    zombies apart, elsewhere any member counts."""
    if not _exists(os.killpg, pgid):
        return False
    if not PROC.is_dir():
        return True
    for stat in PROC.glob("[0-9]*/stat"):
        try:
            # Fields after the parenthesised command name: state, ppid, pgrp, ...
            state, _, group = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, IndexError):  # the process exited while we looked
            continue
        if int(group) == pgid and state != "Z":
            return True
    return False
