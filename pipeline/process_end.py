"""Ending a process without the interpreter's teardown, for `chancery` and its dbt worker."""

import atexit
import os
import sys
from typing import NoReturn


def end_process(code: int) -> NoReturn:
    """Run the exit handlers (stopping workers, flushing logs, releasing multiprocessing's semaphores), flush
    stdout and stderr, and end the process with `code`, skipping the interpreter's teardown.

    The teardown frees every object one by one and walks them all in a last garbage collection: 0.3 s for
    a `chancery run` (370,000 objects), as much for a dbt worker. It would also have DuckDB's bindings
    report as leaked the objects frozen out of the collector (`gc.freeze`) that are still alive then.
    Call it only once connections are closed and files are written."""
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
