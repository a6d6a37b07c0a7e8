"""The dashboard: one static HTML page of Vega-Lite charts (Altair) over the published snapshot, with a table of every
fact and the sentences that state it, filtered by country and date.

Altair writes the charts as Vega-Lite; vl-convert bundles Vega, Vega-Lite and vega-embed into a script file beside
the page (once per version), so the page needs no network and no server: open `index.html`. Built by the
`dashboard` asset after every publication and by `chancery dashboard`.
"""

import html
import json
import os
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import altair as alt
import duckdb
import vl_convert

from pipeline.paths import REPO_ROOT

WORLD_FILE = REPO_ROOT / "pipeline" / "data" / "world_countries.geojson"
INDEX = "index.html"
# The Vega-Lite release Altair writes for (its schema v6), compiled in the browser by the bundled vega-embed.
VEGA_LITE = "6.4"
# A filter the page's inputs set on every chart: country (either actor), first and last day (ISO dates compare as
# strings). An undated event is shown unless a date bound is set.
FILTER = ("(country == '' || datum.actor1_code == country || datum.actor2_code == country)"
          " && (start == '' || (datum.day != null && datum.day >= start))"
          " && (end == '' || (datum.day != null && datum.day <= end))")
STATUS_ORDER = {"agreement": ["proposed", "under_negotiation", "agreed", "signed", "implemented"],
                "sanction": ["threatened", "imposed", "waiver_sought", "waived", "lifted"], "visit": ["visit"]}
# One colour per type and status, the same in every chart: agreements blue (darker is further along), sanctions
# warm (imposed darkest), visits purple.
COLOURS = {
    "agreement": {"proposed": "#c6dbef", "under_negotiation": "#9ecae1", "agreed": "#6baed6", "signed": "#3182bd",
                  "implemented": "#08519c"},
    "sanction": {"threatened": "#fdae6b", "imposed": "#d62728", "waiver_sought": "#c49c94", "waived": "#8c564b",
                 "lifted": "#7f7f7f"},
    "visit": {"visit": "#9467bd"},
}
CHART_WIDTH = 560
# The facts table lists at most this many facts, the most recent first reported or dated.
MAX_TABLE_FACTS = 500

EVENTS_SQL = """
select
    event_row_id, event_id, event_type, coalesce(status, 'visit') as status,
    strftime(coalesce(event_date, first_reported_date), '%Y-%m-%d') as day,
    coalesce(cast(year(coalesce(event_date, first_reported_date)) as varchar), 'undated') as year,
    actor1_code, actor1_name, actor2_code, actor2_name, city, geo_type, latitude, longitude,
    actor1_latitude, actor1_longitude, actor2_latitude, actor2_longitude, goldstein_scale, cameo_code,
    num_articles
from marts.fct_events
order by event_row_id
"""
# One row per fact for the table: its sentences with their articles, first published first.
SENTENCES_SQL = """
select mentions.fact_id, mentions.sentence_text, articles.title, articles.canonical_url, articles.source_uri,
       strftime(articles.published_date, '%Y-%m-%d') as published
from marts.fct_fact_mentions as mentions
inner join marts.dim_articles as articles on mentions.article_id = articles.article_id
order by mentions.fact_id, articles.published_date nulls last, articles.article_id, mentions.sentence_index
"""


@dataclass(frozen=True)
class Dashboard:
    path: Path
    charts: list[str]
    facts: int


def _rows(conn: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, object]]:
    cursor = conn.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


Datasets = dict[str, list]


def _named(datasets: Datasets, name: str, rows: list) -> alt.Data:
    """A dataset the chart refers to by name; its rows go into the spec's `datasets` after Altair has built the spec, so
    Altair never copies or walks them (which took minutes for tens of thousands of events)."""
    datasets[name] = rows
    return alt.Data(name=name)


def _filtered(chart: alt.Chart) -> alt.Chart:
    return chart.transform_filter(FILTER)


def _params() -> list[alt.Parameter]:
    return [alt.param(name="country", value=""), alt.param(name="start", value=""), alt.param(name="end", value="")]


def _year_sort(events: list[dict[str, object]]) -> list[str]:
    return sorted({str(e["year"]) for e in events}, key=lambda y: (y == "undated", y))


def events_over_time(events: list[dict[str, object]], datasets: Datasets) -> alt.Chart:
    data = [{**e, "series": f"{e['event_type']}: {e['status']}"} for e in events]
    series = [f"{kind}: {status}" for kind, statuses in STATUS_ORDER.items() for status in statuses]
    dataset = _named(datasets, "events", data)
    return _filtered(alt.Chart(dataset, title="Events per year, by type and status").mark_bar().encode(
        x=alt.X("year:O", sort=_year_sort(events), title="year (event date, else first reported)"),
        y=alt.Y("count():Q", title="events"),
        # A fixed domain keeps each series' colour when a filter leaves some out.
        color=alt.Color("series:N", title="type: status", scale=alt.Scale(
            domain=series, range=[COLOURS[kind][status] for kind, statuses in STATUS_ORDER.items()
                                  for status in statuses])),
        tooltip=["event_type:N", "status:N", "year:O", alt.Tooltip("count():Q", title="events")],
    )).properties(width=CHART_WIDTH, height=220)


def _basemap(world: dict[str, object], datasets: Datasets) -> alt.Chart:
    return alt.Chart(_named(datasets, "world", world["features"])).mark_geoshape(fill="#e8e8e8", stroke="white",
                                                                       strokeWidth=0.5)


def visits_map(events: list[dict[str, object]], world: dict[str, object], datasets: Datasets) -> alt.LayerChart:
    visits = [e for e in events if e["event_type"] == "visit" and e["latitude"] is not None]
    data = _named(datasets, "visits", visits)
    routes = _filtered(alt.Chart(data).mark_rule(color="#4c78a8", opacity=0.6).encode(
        longitude="actor1_longitude:Q", latitude="actor1_latitude:Q",
        longitude2="longitude:Q", latitude2="latitude:Q"))
    places = _filtered(alt.Chart(data).mark_circle(color="#e45756", opacity=0.85).encode(
        longitude="longitude:Q", latitude="latitude:Q",
        size=alt.Size("num_articles:Q", title="articles", scale=alt.Scale(domainMin=1, range=[60, 400]),
                      legend=alt.Legend(values=sorted({int(v["num_articles"]) for v in visits}), format="d")),
        tooltip=[alt.Tooltip("actor1_name:N", title="visitor"), alt.Tooltip("actor2_name:N", title="host"),
                 "city:N", "day:N", alt.Tooltip("num_articles:Q", title="articles")]))
    return alt.layer(_basemap(world, datasets), routes, places,
                     title="Visits: from the visitor's country to the place visited"
                     ).project("equalEarth").properties(width=CHART_WIDTH, height=300)


def agreements_map(events: list[dict[str, object]], world: dict[str, object], datasets: Datasets) -> alt.LayerChart:
    pairs = [e for e in events if e["event_type"] == "agreement" and e["actor2_latitude"] is not None]
    data = _named(datasets, "agreement_links", pairs)
    links = _filtered(alt.Chart(data).mark_rule(color="#54a24b", opacity=0.5).encode(
        longitude="actor1_longitude:Q", latitude="actor1_latitude:Q",
        longitude2="actor2_longitude:Q", latitude2="actor2_latitude:Q",
        strokeWidth=alt.StrokeWidth("count():Q", title="agreements", scale=alt.Scale(domainMin=1, range=[1, 8]),
                                    legend=alt.Legend(values=sorted(set(Counter(
                                        (e["actor1_code"], e["actor2_code"]) for e in pairs).values())), format="d")),
        detail=["actor1_code:N", "actor2_code:N"]))
    ends = [{**e, "party_code": e[f"{side}_code"], "party_name": e[f"{side}_name"],
             "party_latitude": e[f"{side}_latitude"], "party_longitude": e[f"{side}_longitude"]}
            for e in pairs for side in ("actor1", "actor2")]
    ends_data = _named(datasets, "agreement_ends", ends)
    parties = _filtered(alt.Chart(ends_data).mark_circle(color="#2e7d32", size=60).encode(
        longitude="party_longitude:Q", latitude="party_latitude:Q", detail="party_code:N",
        tooltip=[alt.Tooltip("party_name:N", title="party"), alt.Tooltip("count():Q", title="agreement pairs")]))
    return alt.layer(_basemap(world, datasets), links, parties, title="Agreements: lines between the parties"
                     ).project("equalEarth").properties(width=CHART_WIDTH, height=300)


def agreement_matrix(events: list[dict[str, object]], datasets: Datasets) -> alt.LayerChart:
    pairs = _named(datasets, "agreement_pairs",
                   [e for e in events if e["event_type"] == "agreement" and e["actor2_code"] is not None])
    base = _filtered(alt.Chart(pairs).encode(
        x=alt.X("actor1_name:N", title="party"), y=alt.Y("actor2_name:N", title="other party")))
    cells = base.mark_rect().encode(
        color=alt.Color("count():Q", title="agreements", scale=alt.Scale(scheme="greens"),
                        legend=alt.Legend(format="d", tickMinStep=1)),
        tooltip=["actor1_name:N", "actor2_name:N", alt.Tooltip("count():Q", title="agreements")])
    labels = base.mark_text(fontSize=13).encode(text="count():Q")
    return alt.layer(cells, labels, title="Agreements per pair of countries").properties(width=300, height=220)


def sanctions_over_time(events: list[dict[str, object]], datasets: Datasets) -> alt.Chart:
    data = [{**e, "pair": f"{e['actor1_name']} → {e['actor2_name']}"} for e in events if e["event_type"] == "sanction"]
    counts = Counter((d["pair"], d["status"], d["year"]) for d in data)
    dataset = _named(datasets, "sanctions", data)
    return _filtered(alt.Chart(dataset, title="Sanctions by imposer → target, status and year")
                     .mark_circle(opacity=0.85).encode(
        x=alt.X("year:O", sort=_year_sort(events), title="year (event date, else first reported)"),
        y=alt.Y("pair:N", title="imposer → target"),
        color=alt.Color("status:N", title="status", scale=alt.Scale(
            domain=STATUS_ORDER["sanction"], range=[COLOURS["sanction"][s] for s in STATUS_ORDER["sanction"]])),
        size=alt.Size("count():Q", title="sanctions", scale=alt.Scale(domainMin=1, range=[80, 600]),
                      legend=alt.Legend(values=sorted(set(counts.values())), format="d")),
        xOffset=alt.XOffset("status:N", sort=STATUS_ORDER["sanction"]),
        tooltip=["pair:N", "status:N", "year:O", alt.Tooltip("count():Q", title="sanctions")],
    )).properties(width=CHART_WIDTH, height=220)


def _charts(events: list[dict[str, object]], world: dict[str, object]
            ) -> dict[str, tuple[alt.TopLevelMixin, Datasets]]:
    """Each chart with the named datasets it reads."""
    charts: dict[str, tuple[alt.TopLevelMixin, Datasets]] = {}
    for chart_id, build in (("events-over-time", lambda d: events_over_time(events, d)),
                            ("visits-map", lambda d: visits_map(events, world, d)),
                            ("agreements-map", lambda d: agreements_map(events, world, d)),
                            ("agreement-matrix", lambda d: agreement_matrix(events, d)),
                            ("sanctions-over-time", lambda d: sanctions_over_time(events, d))):
        datasets: Datasets = {}
        charts[chart_id] = (build(datasets), datasets)
    return charts


def _href(url: str | None, source: str) -> str:
    if url:
        return url
    if source.startswith(("http://", "https://")):
        return source
    return "file://" + quote(source) if source.startswith("/") else source


def _describe(fact: dict[str, object], parties: list[str]) -> str:
    if fact["event_type"] == "agreement":
        return " + ".join(parties)
    if fact["event_type"] == "visit":
        place = f", {fact['city']}" if fact["city"] else ""
        return f"{fact['actor1_name']} visits {fact['actor2_name']}{place}"
    return f"{fact['actor1_name']} → {fact['actor2_name']}"


def _citation(quote_row: dict[str, object]) -> str:
    link = html.escape(_href(quote_row["canonical_url"], str(quote_row["source_uri"])))  # type: ignore[arg-type]
    title = html.escape(str(quote_row["title"] or quote_row["source_uri"]))
    published = f" ({quote_row['published']})" if quote_row["published"] else ""
    return (f'<li>“{html.escape(str(quote_row["sentence_text"]))}” — '
            f'<a class="source" href="{link}">{title}</a>{published}</li>')


def facts_table(events: list[dict[str, object]], sentences: list[dict[str, object]]) -> tuple[str, int]:
    """An HTML table, one row per fact (an agreement of several parties is one row), with data attributes the
    page's filter reads."""
    by_fact: dict[str, list[dict[str, object]]] = defaultdict(list)
    for event in events:
        by_fact[str(event["event_id"])].append(event)
    quotes: dict[str, list[dict[str, object]]] = defaultdict(list)
    for sentence in sentences:
        quotes[str(sentence["fact_id"])].append(sentence)
    rows = []
    # The most recent facts; the page stays small however large the warehouse (all facts: fct_events, exports).
    recent = sorted(by_fact.items(), key=lambda item: (str(item[1][0]["day"] or ""), item[0]), reverse=True)
    for fact_id, pairs in sorted(recent[:MAX_TABLE_FACTS], key=lambda item: (str(item[1][0]["day"] or "9999"),
                                                                                  item[0])):
        fact = pairs[0]
        codes = sorted({str(p[k]) for p in pairs for k in ("actor1_code", "actor2_code") if p[k]})
        names = sorted({str(p[k]) for p in pairs for k in ("actor1_name", "actor2_name") if p[k]})
        cited = "".join(_citation(q) for q in quotes[fact_id])
        rows.append(
            f'<tr class="fact" data-fact-id="{html.escape(fact_id)}" data-countries="{html.escape(" ".join(codes))}" '
            f'data-day="{html.escape(str(fact["day"] or ""))}">'
            f'<td>{html.escape(str(fact["event_type"]))}</td><td>{html.escape(str(fact["status"]))}</td>'
            f'<td>{html.escape(str(fact["day"] or "undated"))}</td>'
            f'<td>{html.escape(_describe(fact, names))}</td>'
            f'<td>{html.escape(str(fact["cameo_code"] or ""))} / {fact["goldstein_scale"]}</td>'
            f'<td>{fact["num_articles"]}</td><td><ul>{cited}</ul></td></tr>')
    table = ('<table id="facts"><thead><tr><th>type</th><th>status</th><th>date</th><th>fact</th>'
             '<th>CAMEO / Goldstein</th><th>articles</th><th>source sentences</th></tr></thead>'
             f'<tbody>{"".join(rows)}</tbody></table>')
    return table, min(len(by_fact), MAX_TABLE_FACTS)


def _bundle(folder: Path) -> str:
    """Vega, Vega-Lite and vega-embed in one script file, written once per version (bundling takes seconds)."""
    name = f"vega-bundle-{vl_convert.__version__}-vl{VEGA_LITE}.js"
    target = folder / name
    if not target.exists():
        partial = folder / f".{name}.partial"
        partial.write_text(vl_convert.javascript_bundle(vl_version=VEGA_LITE), encoding="utf-8")
        os.replace(partial, target)
    for stale in folder.glob("vega-bundle-*.js"):
        if stale != target:
            stale.unlink()
    return name


def _script_json(value: object) -> str:
    return json.dumps(value).replace("</", "<\\/")


PAGE_SCRIPT = """
const specs = JSON.parse(document.getElementById('chart-specs').textContent);
const views = [];
const inputs = {country: document.getElementById('country'), start: document.getElementById('start'),
                end: document.getElementById('end')};
const query = new URLSearchParams(window.location.search);
for (const [name, input] of Object.entries(inputs)) { if (query.has(name)) input.value = query.get(name); }
function applyFilters() {
  const country = inputs.country.value, start = inputs.start.value, end = inputs.end.value;
  let shown = 0;
  for (const row of document.querySelectorAll('#facts tr.fact')) {
    const day = row.dataset.day;
    const visible = (country === '' || row.dataset.countries.split(' ').includes(country))
      && (start === '' || (day !== '' && day >= start)) && (end === '' || (day !== '' && day <= end));
    row.hidden = !visible;
    if (visible) shown += 1;
  }
  document.getElementById('facts-shown').textContent = shown;
  return Promise.all(views.map(view => view.signal('country', country).signal('start', start)
    .signal('end', end).runAsync()));
}
Promise.allSettled(Object.entries(specs).map(([id, spec]) =>
  vegaEmbed('#' + id, spec, {renderer: 'svg', actions: false}).then(result => views.push(result.view))
    .catch(error => {
      const box = document.createElement('div');
      box.className = 'chart-error';
      box.textContent = 'chart failed: ' + error;
      document.getElementById(id).appendChild(box);
    })))
  .then(applyFilters)
  .then(() => { document.body.dataset.rendered = 'true'; });
for (const input of Object.values(inputs)) input.addEventListener('input', applyFilters);
"""

STYLE = """
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; }
header p { color: #555; margin: 0.2rem 0; }
form { position: sticky; top: 0; background: #fff; padding: 0.6rem 0; border-bottom: 1px solid #ddd; z-index: 1; }
form label { margin-right: 1.2rem; }
.charts { display: flex; flex-wrap: wrap; gap: 1.5rem; margin: 1rem 0; }
figure { margin: 0; }
.chart-error { color: #b00020; border: 1px solid #b00020; padding: 0.5rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #e4e4e4; padding: 0.35rem 0.5rem; text-align: left; vertical-align: top; }
td ul { margin: 0; padding-left: 1rem; }
"""


def build_dashboard(published: Path, out: Path) -> Dashboard:
    """Write `out/index.html` (and its script bundle) from the published snapshot, read-only."""
    if not published.is_file():
        raise FileNotFoundError(f"no published warehouse at {published}; run `chancery run` first")
    with duckdb.connect(str(published), read_only=True) as conn:
        events = _rows(conn, EVENTS_SQL)
        sentences = _rows(conn, SENTENCES_SQL)
        countries = _rows(conn, "select country_code, short_name from marts.dim_countries order by short_name")
        publication = conn.execute("select run_id, published_at from meta_publications "
                                   "order by published_at desc limit 1").fetchone()
    world = json.loads(WORLD_FILE.read_text(encoding="utf-8"))
    specs = {}
    for chart_id, (chart, datasets) in _charts(events, world).items():
        # The browser test renders every chart; validating the specs against Vega-Lite's schema here is not needed.
        spec = chart.add_params(*_params()).to_dict(validate=False)
        spec["datasets"] = datasets
        specs[chart_id] = spec
    table, facts = facts_table(events, sentences)
    all_facts = len({e["event_id"] for e in events})
    involved = {str(e[k]) for e in events for k in ("actor1_code", "actor2_code") if e[k]}
    options = "".join(f'<option value="{html.escape(str(c["country_code"]))}">{html.escape(str(c["short_name"]))}'
                      f'</option>' for c in countries if c["country_code"] in involved)
    out.mkdir(parents=True, exist_ok=True)
    bundle = _bundle(out)
    run_id, published_at = publication if publication else ("none", None)
    when = f"{published_at:%Y-%m-%d %H:%M} UTC" if published_at else "never"
    figures = "".join(f'<figure id="{chart_id}" class="chart"></figure>' for chart_id in specs)
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chancery dashboard</title><style>{STYLE}</style>
<script src="{bundle}"></script></head>
<body>
<header><h1>chancery: agreements, visits and sanctions</h1>
<p>Published snapshot {html.escape(str(published))}, run {html.escape(str(run_id))}, published {when};
page built {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. {len(events)} event rows, {all_facts} facts; the table lists
the {facts} most recent (all of them: <code>marts.fct_events</code>, <code>chancery export</code>).</p></header>
<form id="filters" onsubmit="return false">
<label>Country <select id="country"><option value="">all</option>{options}</select></label>
<label>From <input id="start" type="date"></label>
<label>To <input id="end" type="date"></label>
<span><span id="facts-shown">{facts}</span> of {facts} facts shown</span>
</form>
<section class="charts">{figures}</section>
<h2>Facts and their sources</h2>
{table}
<script type="application/json" id="chart-specs">{_script_json(specs)}</script>
<script>{PAGE_SCRIPT}</script>
</body></html>
"""
    target = out / INDEX
    partial = out / f".{INDEX}.partial"
    partial.write_text(page, encoding="utf-8")
    os.replace(partial, target)
    return Dashboard(target, list(specs), facts)
