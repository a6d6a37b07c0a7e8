"""Child processes die with the run that started them.

A run killed with SIGKILL (or by the out-of-memory killer) runs no clean-up: without this its worker pool
and its dbt worker kept running, the dbt worker writing the working database, and the next run waited for
them. Each child therefore asks the kernel for SIGKILL when its parent ends (Linux's PR_SET_PDEATHSIG, set
through prctl with ctypes), and also watches the run's process itself from a thread, which covers systems
without prctl and a pool worker whose parent is multiprocessing's fork server rather than the run.
"""

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from pathlib import Path

# linux/prctl.h
_PR_SET_PDEATHSIG = 1
# How often the watching thread looks for the run: the longest a child outlives it without prctl.
WATCH_SECONDS = 0.5


def _parent_death_signal() -> bool:
    """Have the kernel send SIGKILL to this process when its parent exits; False where that is unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def running(pid: int) -> bool:
    """Whether a process exists and is not a zombie (a killed run stays one until its parent reaps it)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    stat = Path(f"/proc/{pid}/stat")
    try:
        return stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return not stat.parent.parent.is_dir() or stat.parent.exists()


def die_with(run_pid: int) -> None:
    """End this process when the process `run_pid` (the run) ends, and when this process's parent ends."""
    _parent_death_signal()
    if os.getppid() == 1 or not running(run_pid):  # the parent ended before the signal was asked for
        os._exit(1)

    def watch() -> None:
        while running(run_pid):
            time.sleep(WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="chancery-die-with-run", daemon=True).start()
