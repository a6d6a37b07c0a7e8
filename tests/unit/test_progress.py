"""Progress of the long stages: redrawn with rate and time left on a terminal, one line per stage elsewhere."""

import io
from collections.abc import Iterator

import pytest

from pipeline.defs import progress
from pipeline.defs.progress import track


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _off_after() -> Iterator[None]:
    yield
    progress.disable()


def test_off_unless_enabled() -> None:
    assert list(track(range(3), "cleaned")) == [0, 1, 2]


def test_one_line_per_stage_when_not_a_terminal() -> None:
    out = io.StringIO()
    progress.enable(out)
    assert list(track(range(2500), "cleaned", "articles", total=2500)) == list(range(2500))
    [line] = out.getvalue().splitlines()
    assert line.startswith("chancery: cleaned: 2,500 articles in ") and "/s)" in line and "\r" not in line


def test_a_terminal_sees_the_count_the_rate_and_the_time_left(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter(range(100))
    monkeypatch.setattr(progress.time, "monotonic", lambda: next(clock))  # a second per item
    out = Terminal()
    progress.enable(out)
    list(track(range(4), "extracted", "articles", total=10))
    redraws = out.getvalue().split("\r\033[K")
    assert "chancery: extracted: 1/10 articles (1/s, 9 s left)" in redraws
    assert redraws[-1].startswith("chancery: extracted: 4 articles in ") and redraws[-1].endswith("\n")
