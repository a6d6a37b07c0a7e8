"""Progress of the long stages (documents read, cleaned, extracted) for `chancery run`: on a terminal, one line
redrawn with the count, the rate and the time left; elsewhere (cron, CI, a file), one line per stage when it
ends. Off unless the CLI turns it on: a run in the Dagster UI reports through its own log."""

import sys
import time
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")
# Redraws a second on a terminal: more is flicker, and costs a write per document at high rates.
REDRAWS_PER_SECOND = 5

_stream: TextIO | None = None


def enable(stream: TextIO = sys.stderr) -> None:
    global _stream
    _stream = stream


def disable() -> None:
    global _stream
    _stream = None


def _rate_and_eta(done: int, total: int | None, seconds: float) -> str:
    rate = done / seconds if seconds > 0 else 0.0
    text = f"{rate:,.0f}/s"
    if total and rate > 0 and done < total:
        text += f", {(total - done) / rate:,.0f} s left"
    return text


def track(items: Iterable[T], stage: str, unit: str = "documents", total: int | None = None) -> Iterator[T]:
    """Yield `items`, reporting how many went by as `<stage>: <n>[/<total>] <unit>` with rate and time left."""
    stream = _stream
    if stream is None:
        yield from items
        return
    terminal = stream.isatty()
    started = last = time.monotonic()
    done = 0
    for item in items:
        yield item
        done += 1
        now = time.monotonic()
        if terminal and now - last >= 1 / REDRAWS_PER_SECOND:
            last = now
            of = f"/{total:,}" if total else ""
            rate = _rate_and_eta(done, total, now - started)
            stream.write(f"\r\033[Kchancery: {stage}: {done:,}{of} {unit} ({rate})")
            stream.flush()
    seconds = time.monotonic() - started
    ending = f"chancery: {stage}: {done:,} {unit} in {seconds:.1f} s ({_rate_and_eta(done, None, seconds)})"
    stream.write(("\r\033[K" if terminal else "") + ending + "\n")
    stream.flush()
