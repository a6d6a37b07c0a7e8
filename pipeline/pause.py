"""Crash-test seam: stop a run at a named point so a test can kill -9 it exactly there.

Inert unless CHANCERY_TEST_PAUSE_AT names the point: production runs pay one environment lookup.
"""

import os
import time
from pathlib import Path

PAUSE_ENV = "CHANCERY_TEST_PAUSE_AT"
# The file the paused process creates, so the test knows the run has reached the point.
MARKER_ENV = "CHANCERY_TEST_PAUSE_MARKER"
PAUSE_SECONDS = 300


def pause_requested() -> bool:
    return PAUSE_ENV in os.environ


def pause_point(name: str) -> None:
    if os.environ.get(PAUSE_ENV) != name:
        return
    Path(os.environ[MARKER_ENV]).write_text(str(os.getpid()))
    time.sleep(PAUSE_SECONDS)
