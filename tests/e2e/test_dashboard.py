"""The dashboard a run builds from the seeds' published warehouse, opened in headless Chromium: every chart renders
its marks (not an error box), the facts table lists the seed facts with their sources, and the country filter
works. Screenshots are kept under test-artifacts/ (git-ignored) for a person to look at."""

import shutil
import subprocess
from collections import Counter, defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest

from pipeline.paths import dashboard_dir
from tests.conftest import REPO_ROOT
from tests.warehouse_runs import Warehouse, history, query

ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# The marks each chart must draw (Vega's SVG classes), each at least once.
EXPECTED_MARKS = {
    "events-over-time": {"rect"},
    "visits-map": {"shape", "rule", "symbol"},
    "agreements-map": {"shape", "rule", "symbol"},
    "agreement-matrix": {"rect", "text"},
    "sanctions-over-time": {"symbol"},
}
MARK_ITEMS = {"path", "line", "text", "rect", "circle"}


class Page(HTMLParser):
    """What the rendered DOM shows: per chart, the items of each kind of mark; the facts table's rows; errors."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: dict[str, Counter[str]] = defaultdict(Counter)
        self.svgs: Counter[str] = Counter()
        self.errors: list[str] = []
        self.rows: dict[str, bool] = {}  # fact id -> shown
        self.links: Counter[str] = Counter()
        self.rendered = False
        self._figure: str | None = None
        self._stack: list[str | None] = []  # per open element: the mark kind when it is a mark group
        self._row: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "body":
            self.rendered = attributes.get("data-rendered") == "true"
        if tag == "figure":
            self._figure = attributes.get("id")
        if tag == "svg" and self._figure:
            self.svgs[self._figure] += 1
        if "chart-error" in classes:
            self.errors.append(self._figure or "?")
        if tag == "tr" and "fact" in classes:
            self._row = attributes["data-fact-id"]
            self.rows[self._row] = "hidden" not in attributes
        if tag == "a" and "source" in classes and self._row:
            self.links[self._row] += 1
        parent = self._stack[-1] if self._stack else None
        if parent and tag in MARK_ITEMS and self._figure:
            self.marks[self._figure][parent] += 1
        kind = next((c.removeprefix("mark-") for c in classes if c.startswith("mark-")), None)
        self._stack.append(kind if tag == "g" and "role-mark" in classes else None)

    def handle_endtag(self, tag: str) -> None:
        if self._stack:
            self._stack.pop()
        if tag == "figure":
            self._figure = None
        if tag == "tr":
            self._row = None


def chromium(url: str, *args: str) -> str:
    if CHROMIUM is None:
        pytest.skip("headless Chromium is not installed (Debian: apt-get install -y chromium; .ci/run installs it); "
                    "the dashboard's browser test needs it")
    result = subprocess.run([CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                             "--virtual-time-budget=30000", *args, url],
                            capture_output=True, text=True, timeout=180)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def open_page(index: Path, query_string: str = "") -> Page:
    page = Page()
    page.feed(chromium(index.as_uri() + query_string, "--dump-dom"))
    return page


def screenshot(index: Path, name: str, query_string: str = "") -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / name
    target.unlink(missing_ok=True)
    chromium(index.as_uri() + query_string, "--window-size=1400,2400", f"--screenshot={target}")
    assert target.exists() and target.stat().st_size > 20_000
    return target


@pytest.fixture(scope="module")
def index(seed_warehouse: Warehouse) -> Path:
    """The page the seed run built after publishing."""
    page = dashboard_dir(seed_warehouse.published) / "index.html"
    assert page.exists(), "chancery run did not build the dashboard"
    return page


def fact_ids(warehouse: Warehouse, country: str | None = None) -> set[str]:
    sql = "select distinct event_id from marts.fct_events"
    if country:
        sql += f" where '{country}' in (actor1_code, actor2_code)"
    return {fact_id for (fact_id,) in query(warehouse.published, sql)}


def test_the_run_built_the_dashboard_of_its_publication(seed_warehouse: Warehouse, index: Path) -> None:
    latest_run = history(seed_warehouse.published)[-1][0]
    assert latest_run in index.read_text()


def test_every_chart_renders_and_the_table_shows_the_seed_facts(seed_warehouse: Warehouse, index: Path) -> None:
    page = open_page(index)
    assert page.rendered and page.errors == []
    for chart, kinds in EXPECTED_MARKS.items():
        assert page.svgs[chart] >= 1, f"{chart}: no SVG"
        drawn = {kind for kind, items in page.marks[chart].items() if items}
        assert kinds <= drawn, f"{chart}: drew {dict(page.marks[chart])}"
    visits = query(seed_warehouse.published, "select count(*) from marts.fct_events where event_type = 'visit'")[0][0]
    assert page.marks["visits-map"]["rule"] == visits  # one route per visit
    assert page.rows.keys() == fact_ids(seed_warehouse) and all(page.rows.values())
    assert len(page.rows) == 27
    assert all(page.links[fact_id] >= 1 for fact_id in page.rows)  # every fact cites an article
    screenshot(index, "dashboard.png")


def test_the_country_filter_narrows_charts_and_table(seed_warehouse: Warehouse, index: Path) -> None:
    everything = open_page(index)
    turkey = open_page(index, "?country=TUR")
    assert turkey.rendered and turkey.errors == []
    shown = {fact_id for fact_id, visible in turkey.rows.items() if visible}
    assert shown == fact_ids(seed_warehouse, "TUR") and 0 < len(shown) < len(turkey.rows)
    assert 0 < turkey.marks["events-over-time"]["rect"] < everything.marks["events-over-time"]["rect"]
    assert turkey.marks["sanctions-over-time"]["symbol"] < everything.marks["sanctions-over-time"]["symbol"]
    dated = open_page(index, "?start=2021-01-01")
    assert {f for f, visible in dated.rows.items() if visible} == {f for (f,) in query(
        seed_warehouse.published, "select distinct event_id from marts.fct_events "
                                  "where coalesce(event_date, first_reported_date) >= date '2021-01-01'")}
    screenshot(index, "dashboard-turkey.png", "?country=TUR")
