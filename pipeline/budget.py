"""A time budget per document for the stages that run our own code over article text (clean, split,
extract): one pathological document (a megabyte-long "sentence" the extraction is quadratic in) is
rejected with that reason instead of holding the run for hours.

The budget interrupts the work from a watchdog thread by raising `OverBudget` in the thread doing it
(CPython's PyThreadState_SetAsyncExc), so it works in a pool worker and in whatever thread Dagster runs
a step in, and costs nothing per document beyond arming and disarming. The exception arrives between
Python bytecodes: a single call into C (one regular expression match) finishes first. `OverBudget` is a
BaseException so that libraries catching Exception do not swallow it.
"""

import ctypes
import os
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

# Seconds one document may take in one stage. Articles take milliseconds; the budget is for the
# pathological ones, so it is generous.
DEFAULT_DOCUMENT_SECONDS = 30.0
DOCUMENT_SECONDS_ENV = "CHANCERY_DOCUMENT_SECONDS"


class OverBudget(BaseException):  # noqa: N818 - a signal to stop, not an error to handle broadly
    """The work on one document took longer than its budget."""


def document_seconds() -> float:
    """$CHANCERY_DOCUMENT_SECONDS, else the default."""
    configured = os.environ.get(DOCUMENT_SECONDS_ENV)
    return float(configured) if configured else DEFAULT_DOCUMENT_SECONDS


_RESEND_SECONDS = 1.0


class _Watchdog:
    """One thread per process that raises OverBudget in threads whose deadline has passed."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._armed: dict[int, tuple[float, int]] = {}  # thread ident -> (deadline, token)
        self._fired: set[int] = set()  # tokens whose thread was sent OverBudget
        self._tokens = 0
        self._thread: threading.Thread | None = None
        self._pid = 0

    def arm(self, seconds: float) -> int:
        with self._condition:
            if self._thread is None or self._pid != os.getpid():  # none yet, or this is a forked child
                self._armed, self._fired, self._pid = {}, set(), os.getpid()
                self._thread = threading.Thread(target=self._watch, name="chancery-time-budget", daemon=True)
                self._thread.start()
            self._tokens += 1
            self._armed[threading.get_ident()] = (time.monotonic() + seconds, self._tokens)
            self._condition.notify()
            return self._tokens

    def disarm(self, token: int) -> None:
        ident = threading.get_ident()
        with self._condition:
            self._armed.pop(ident, None)
            if token in self._fired:
                self._fired.discard(token)
                # The work ended as the deadline passed: drop the exception if it is still pending.
                ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), None)

    def _watch(self) -> None:
        with self._condition:
            while True:
                if not self._armed:
                    self._condition.wait()
                    continue
                now = time.monotonic()
                for ident, (deadline, token) in list(self._armed.items()):
                    if deadline <= now:
                        # Sent again until the thread disarms: an exception that lands in a garbage
                        # collector's callback or a __del__ is printed and dropped, not raised in the work.
                        self._armed[ident] = (now + _RESEND_SECONDS, token)
                        self._fired.add(token)
                        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(OverBudget))
                if self._armed:
                    self._condition.wait(min(deadline for deadline, _ in self._armed.values()) - now)


_watchdog = _Watchdog()


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise OverBudget in the block once it has run for `seconds`."""
    token = _watchdog.arm(seconds)
    try:
        yield
    finally:
        while True:
            try:
                _watchdog.disarm(token)
                break
            except OverBudget:  # sent again just as the work ended; disarming is what stops it
                continue


@dataclass(frozen=True)
class Refused:
    """A document the work gave up on: over its time budget, or the work failed on it."""

    key: Any  # what identifies the document (an article id)
    reason: str  # "over_time_budget" or "processing_error"
    detail: str


@dataclass(frozen=True)
class PerDocument:
    """`work` (a function of a list of documents, as the process pool runs it) applied to one document at a
    time, each within `seconds`: a document over its budget, or one the work raises on, yields a Refused
    (identified by `key(document)`) in place of its results, and the rest go on. Picklable, for the pool."""

    work: Callable[[list[Any]], list[Any]]
    key: Callable[[Any], Any]
    seconds: float
    # Run before the documents, outside their budgets: what the work loads once per process (the extractor's
    # dictionaries take seconds to compile), which no document should be charged for.
    warm_up: Callable[[], object] | None = None

    def __call__(self, documents: Sequence[Any]) -> list[Any]:
        if self.warm_up is not None:
            self.warm_up()
        results: list[Any] = []
        for document in documents:
            started = time.monotonic()
            try:
                with time_budget(self.seconds):
                    results.extend(self.work([document]))
            except OverBudget:
                results.append(Refused(self.key(document), "over_time_budget",
                                       f"took more than its budget of {self.seconds:g}s "
                                       f"(stopped after {time.monotonic() - started:.1f}s)"))
            except (MemoryError, RecursionError, Exception) as error:  # noqa: BLE001 - one document, not the run
                results.append(Refused(self.key(document), "processing_error",
                                       f"{type(error).__name__}: {str(error)[:300]}"))
        return results


def chunked_by_size(items: Iterator[Any], size: Callable[[Any], int], max_items: int,
                    max_bytes: int) -> Iterator[list[Any]]:
    """Chunks of at most `max_items` items and, unless one item alone is larger, `max_bytes` bytes: work sent
    to a process pool a few chunks at a time then holds a bounded amount of text, whatever the documents' sizes."""
    chunk: list[Any] = []
    held = 0
    for item in items:
        item_size = size(item)
        if chunk and (len(chunk) >= max_items or held + item_size > max_bytes):
            yield chunk
            chunk, held = [], 0
        chunk.append(item)
        held += item_size
    if chunk:
        yield chunk
