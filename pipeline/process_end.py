"""Ending a process without the interpreter's teardown, for `chancery` and its dbt worker."""

import atexit
import os
import sys
from typing import NoReturn


def end_process(code: int) -> NoReturn:
    """Run the exit handlers (stopping workers, flushing logs, releasing multiprocessing's semaphores), flush
    stdout and stderr, and end the process with `code`, skipping the interpreter's teardown.

    The teardown frees every object one by one and walks them all in a last garbage collection, a measurable
    part of a short `chancery run` and of a dbt worker (bench/RESULTS.md). It would also have DuckDB's bindings
    report as leaked the objects frozen out of the collector (`gc.freeze`) that are still alive then.
    Call it only once connections are closed and files are written."""
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
