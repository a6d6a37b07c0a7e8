"""The dashboard: one static HTML page of Vega-Lite charts (Altair) over the published snapshot, with a table of every
fact and the sentences that state it, filtered by country and date.

Altair writes the charts as Vega-Lite; vl-convert bundles Vega, Vega-Lite and vega-embed into a script file beside
the page (once per version), so the page needs no network and no server: open `index.html`. Built by the
`dashboard` asset after every publication and by `chancery dashboard`.

The charts' rows go into the page once, as JSON that DuckDB writes, with only the columns the charts read; each
chart selects its rows with a filter of its own in the browser. Python handles only what does not grow with the
warehouse: the chart specifications, the legends' values and the table's most recent facts.
"""

from __future__ import annotations

import html
import json
import os
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import duckdb

from pipeline.paths import REPO_ROOT

# Altair and vl-convert are imported when a page is built: the definitions import this module, and every run's
# process and the code server load the definitions.
if TYPE_CHECKING:
    import altair as alt

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

# Every event row with what the charts and the filter read of it (day and year: the event date, else the first
# reported date), as the view `events` the queries below read.
EVENTS_VIEW = """
create temporary view events as
select
    event_row_id, event_id, event_type, coalesce(status, 'visit') as status,
    strftime(coalesce(event_date, first_reported_date), '%Y-%m-%d') as day,
    coalesce(cast(year(coalesce(event_date, first_reported_date)) as varchar), 'undated') as year,
    actor1_code, actor1_name, actor2_code, actor2_name, city, latitude, longitude,
    actor1_latitude, actor1_longitude, actor2_latitude, actor2_longitude, goldstein_scale, cameo_code,
    num_articles
from marts.fct_events
"""
# The rows of the charts, as one JSON object of named datasets, each by column (a list of values per field, which
# the page turns into rows): a row's field names are not repeated in the page. `events`: every event row, with the
# fields the charts draw and the filter reads. `agreement_ends`: each party of each agreement between two placed
# countries, one row per party (the parties' dots on the agreements map).
EVENT_FIELDS = ("event_type", "status", "day", "year", "actor1_code", "actor1_name", "actor2_code", "actor2_name",
                "city", "latitude", "longitude", "actor1_latitude", "actor1_longitude", "actor2_latitude",
                "actor2_longitude", "num_articles")
END_FIELDS = ("party_code", "party_name", "party_latitude", "party_longitude", "actor1_code", "actor2_code", "day")


def _columns(fields: tuple[str, ...], order: str) -> str:
    """The fields of the query's rows in `order`, as a JSON object of one list per field (sorted once)."""
    rows = "list({" + ", ".join(f"'{field}': {field}" for field in fields) + f"}} order by {order})"
    return ("to_json({" + ", ".join(f"'{field}': list_transform(rows, lambda row: row.{field})" for field in fields)
            + f"}}) from (select {rows} as rows")


CHART_DATA_SQL = f"""
select json_object(
    'events', (select {_columns(EVENT_FIELDS, "event_row_id")} from events)),
    'agreement_ends', (
        select {_columns(END_FIELDS, "event_row_id, side")}
        from (
            select event_row_id, 1 as side, actor1_code as party_code, actor1_name as party_name,
                   actor1_latitude as party_latitude, actor1_longitude as party_longitude, actor1_code, actor2_code, day
            from events where event_type = 'agreement' and actor2_latitude is not null
            union all
            select event_row_id, 2, actor2_code, actor2_name, actor2_latitude, actor2_longitude, actor1_code,
                   actor2_code, day
            from events where event_type = 'agreement' and actor2_latitude is not null)))
)::varchar
"""
# What the legends and axes list: each a sorted list of small integers or of years.
LEGENDS_SQL = {
    "years": "select distinct year from events",
    "visit_articles": "select distinct num_articles from events where event_type = 'visit' and latitude is not null",
    "agreements_per_pair": """select distinct count(*) from events
        where event_type = 'agreement' and actor2_latitude is not null group by actor1_code, actor2_code""",
    "sanctions_per_point": """select distinct count(*) from events where event_type = 'sanction'
        group by actor1_name, actor2_name, status, year""",
}
# The facts the table lists: the most recent MAX_TABLE_FACTS by their first row's day (undated last), then fact id.
RECENT_FACTS_SQL = """
create temporary table recent_facts as
select first.event_id
from events as first
inner join (select event_id, min(event_row_id) as event_row_id from events group by event_id) as facts
    on facts.event_row_id = first.event_row_id
order by coalesce(first.day, '') desc, first.event_id desc
limit ?
"""
TABLE_EVENTS_SQL = """
select event_row_id, event_id, event_type, status, day, actor1_code, actor1_name, actor2_code, actor2_name, city,
       goldstein_scale, cameo_code, num_articles
from events
where event_id in (select event_id from recent_facts)
order by event_row_id
"""
# The sentences of the table's facts with their articles, first published first.
SENTENCES_SQL = """
select mentions.fact_id, mentions.sentence_text, articles.title, articles.canonical_url, articles.source_uri,
       strftime(articles.published_date, '%Y-%m-%d') as published
from marts.fct_fact_mentions as mentions
inner join marts.dim_articles as articles on mentions.article_id = articles.article_id
where mentions.fact_id in (select event_id from recent_facts)
order by mentions.fact_id, articles.published_date nulls last, articles.article_id, mentions.sentence_index
"""
COUNTS_SQL = "select count(*), count(distinct event_id) from events"
INVOLVED_SQL = """
select country_code, short_name from marts.dim_countries
where country_code in (select actor1_code from events union select actor2_code from events)
order by short_name
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


@dataclass(frozen=True)
class Legends:
    """What the axes and legends list, from the whole warehouse: small, whatever its size."""

    years: list[str]
    visit_articles: list[int]
    agreements_per_pair: list[int]
    sanctions_per_point: list[int]


def _named(used: list[str], name: str) -> alt.Data:
    """A dataset of the page's chart data (CHART_DATA_SQL) the chart reads; the page gives the chart its rows."""
    import altair as alt

    if name not in used:
        used.append(name)
    return alt.Data(name=name)


def _filtered(chart: alt.Chart, rows: str | None = None) -> alt.Chart:
    """The chart with the page's filter, after the filter `rows` that selects the chart's rows of its dataset."""
    return (chart.transform_filter(rows) if rows else chart).transform_filter(FILTER)


def _params() -> list[alt.Parameter]:
    import altair as alt

    return [alt.param(name="country", value=""), alt.param(name="start", value=""), alt.param(name="end", value="")]


def _year_sort(years: list[str]) -> list[str]:
    return sorted(years, key=lambda y: (y == "undated", y))


def events_over_time(legends: Legends, used: list[str]) -> alt.Chart:
    import altair as alt

    series = [f"{kind}: {status}" for kind, statuses in STATUS_ORDER.items() for status in statuses]
    chart = alt.Chart(_named(used, "events"), title="Events per year, by type and status").transform_calculate(
        series="datum.event_type + ': ' + datum.status")
    return _filtered(chart).mark_bar().encode(
        x=alt.X("year:O", sort=_year_sort(legends.years), title="year (event date, else first reported)"),
        y=alt.Y("count():Q", title="events"),
        # A fixed domain keeps each series' colour when a filter leaves some out.
        color=alt.Color("series:N", title="type: status", scale=alt.Scale(
            domain=series, range=[COLOURS[kind][status] for kind, statuses in STATUS_ORDER.items()
                                  for status in statuses])),
        tooltip=["event_type:N", "status:N", "year:O", alt.Tooltip("count():Q", title="events")],
    ).properties(width=CHART_WIDTH, height=220)


def _basemap(used: list[str]) -> alt.Chart:
    import altair as alt

    return alt.Chart(_named(used, "world")).mark_geoshape(fill="#e8e8e8", stroke="white", strokeWidth=0.5)


def visits_map(legends: Legends, used: list[str]) -> alt.LayerChart:
    import altair as alt

    data = _named(used, "events")
    visits = "datum.event_type == 'visit' && datum.latitude != null"
    routes = _filtered(alt.Chart(data), visits).mark_rule(color="#4c78a8", opacity=0.6).encode(
        longitude="actor1_longitude:Q", latitude="actor1_latitude:Q",
        longitude2="longitude:Q", latitude2="latitude:Q")
    places = _filtered(alt.Chart(data), visits).mark_circle(color="#e45756", opacity=0.85).encode(
        longitude="longitude:Q", latitude="latitude:Q",
        size=alt.Size("num_articles:Q", title="articles", scale=alt.Scale(domainMin=1, range=[60, 400]),
                      legend=alt.Legend(values=legends.visit_articles, format="d")),
        tooltip=[alt.Tooltip("actor1_name:N", title="visitor"), alt.Tooltip("actor2_name:N", title="host"),
                 "city:N", "day:N", alt.Tooltip("num_articles:Q", title="articles")])
    return alt.layer(_basemap(used), routes, places,
                     title="Visits: from the visitor's country to the place visited"
                     ).project("equalEarth").properties(width=CHART_WIDTH, height=300)


def agreements_map(legends: Legends, used: list[str]) -> alt.LayerChart:
    import altair as alt

    pairs = "datum.event_type == 'agreement' && datum.actor2_latitude != null"
    links = _filtered(alt.Chart(_named(used, "events")), pairs).mark_rule(color="#54a24b", opacity=0.5).encode(
        longitude="actor1_longitude:Q", latitude="actor1_latitude:Q",
        longitude2="actor2_longitude:Q", latitude2="actor2_latitude:Q",
        strokeWidth=alt.StrokeWidth("count():Q", title="agreements", scale=alt.Scale(domainMin=1, range=[1, 8]),
                                    legend=alt.Legend(values=legends.agreements_per_pair, format="d")),
        detail=["actor1_code:N", "actor2_code:N"])
    parties = _filtered(alt.Chart(_named(used, "agreement_ends"))).mark_circle(color="#2e7d32", size=60).encode(
        longitude="party_longitude:Q", latitude="party_latitude:Q", detail="party_code:N",
        tooltip=[alt.Tooltip("party_name:N", title="party"), alt.Tooltip("count():Q", title="agreement pairs")])
    return alt.layer(_basemap(used), links, parties, title="Agreements: lines between the parties"
                     ).project("equalEarth").properties(width=CHART_WIDTH, height=300)


def agreement_matrix(legends: Legends, used: list[str]) -> alt.LayerChart:
    import altair as alt

    base = _filtered(alt.Chart(_named(used, "events")),
                     "datum.event_type == 'agreement' && datum.actor2_code != null").encode(
        x=alt.X("actor1_name:N", title="party"), y=alt.Y("actor2_name:N", title="other party"))
    cells = base.mark_rect().encode(
        color=alt.Color("count():Q", title="agreements", scale=alt.Scale(scheme="greens"),
                        legend=alt.Legend(format="d", tickMinStep=1)),
        tooltip=["actor1_name:N", "actor2_name:N", alt.Tooltip("count():Q", title="agreements")])
    labels = base.mark_text(fontSize=13).encode(text="count():Q")
    return alt.layer(cells, labels, title="Agreements per pair of countries").properties(width=300, height=220)


def sanctions_over_time(legends: Legends, used: list[str]) -> alt.Chart:
    import altair as alt

    chart = alt.Chart(_named(used, "events"), title="Sanctions by imposer → target, status and year")
    sanctions = _filtered(chart, "datum.event_type == 'sanction'").transform_calculate(
        pair="datum.actor1_name + ' → ' + datum.actor2_name")
    return sanctions.mark_circle(opacity=0.85).encode(
        x=alt.X("year:O", sort=_year_sort(legends.years), title="year (event date, else first reported)"),
        y=alt.Y("pair:N", title="imposer → target"),
        color=alt.Color("status:N", title="status", scale=alt.Scale(
            domain=STATUS_ORDER["sanction"], range=[COLOURS["sanction"][s] for s in STATUS_ORDER["sanction"]])),
        size=alt.Size("count():Q", title="sanctions", scale=alt.Scale(domainMin=1, range=[80, 600]),
                      legend=alt.Legend(values=legends.sanctions_per_point, format="d")),
        xOffset=alt.XOffset("status:N", sort=STATUS_ORDER["sanction"]),
        tooltip=["pair:N", "status:N", "year:O", alt.Tooltip("count():Q", title="sanctions")],
    ).properties(width=CHART_WIDTH, height=220)


CHARTS = {"events-over-time": events_over_time, "visits-map": visits_map, "agreements-map": agreements_map,
          "agreement-matrix": agreement_matrix, "sanctions-over-time": sanctions_over_time}


def chart_specs(legends: Legends) -> dict[str, dict[str, object]]:
    """Each chart's Vega-Lite specification with the names of the datasets it reads (their rows are the page's)."""
    specs = {}
    for chart_id, build in CHARTS.items():
        used: list[str] = []
        # The browser test renders every chart; validating the specs against Vega-Lite's schema here is not needed.
        spec = build(legends, used).add_params(*_params()).to_dict(validate=False)
        specs[chart_id] = {"spec": spec, "datasets": used}
    return specs


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
    import vl_convert

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


def _script_text(json_text: str) -> str:
    """JSON as the text of a script element, which ends at the first `</`."""
    return json_text.replace("</", "<\\/")


PAGE_SCRIPT = """
const charts = JSON.parse(document.getElementById('chart-specs').textContent);
const chartData = document.getElementById('chart-data').textContent;
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
function rows(dataset) {
  // A dataset by column (a list of values per field) as rows; a list is rows already.
  if (Array.isArray(dataset)) return dataset;
  const fields = Object.keys(dataset);
  const count = fields.length ? (dataset[fields[0]] || []).length : 0;
  const out = new Array(count);
  for (let i = 0; i < count; i++) {
    const row = {};
    for (const field of fields) row[field] = dataset[field][i];
    out[i] = row;
  }
  return out;
}
function withData(chart) {
  // Each chart's own copy of the rows it reads: a Vega view marks the rows it takes in.
  const data = JSON.parse(chartData);
  return {...chart.spec, datasets: Object.fromEntries(chart.datasets.map(name => [name, rows(data[name])]))};
}
Promise.allSettled(Object.entries(charts).map(([id, chart]) =>
  Promise.resolve().then(() => vegaEmbed('#' + id, withData(chart), {renderer: 'svg', actions: false}))
    .then(result => views.push(result.view))
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


def _legends(conn: duckdb.DuckDBPyConnection) -> Legends:
    values = {name: sorted(value for (value,) in conn.execute(sql).fetchall()) for name, sql in LEGENDS_SQL.items()}
    return Legends(years=values["years"], visit_articles=[int(v) for v in values["visit_articles"]],
                   agreements_per_pair=values["agreements_per_pair"],
                   sanctions_per_point=values["sanctions_per_point"])


def build_dashboard(published: Path, out: Path) -> Dashboard:
    """Write `out/index.html` (and its script bundle) from the published snapshot, read-only."""
    if not published.is_file():
        raise FileNotFoundError(f"no published warehouse at {published}; run `chancery run` first")
    with duckdb.connect(str(published), read_only=True) as conn:
        conn.execute(EVENTS_VIEW)
        chart_data = conn.execute(CHART_DATA_SQL).fetchone()[0]
        legends = _legends(conn)
        event_rows, all_facts = conn.execute(COUNTS_SQL).fetchone()
        conn.execute(RECENT_FACTS_SQL, [MAX_TABLE_FACTS])
        events = _rows(conn, TABLE_EVENTS_SQL)
        sentences = _rows(conn, SENTENCES_SQL)
        countries = _rows(conn, INVOLVED_SQL)
        publication = conn.execute("select run_id, published_at from meta_publications "
                                   "order by published_at desc limit 1").fetchone()
    world = json.dumps(json.loads(WORLD_FILE.read_text(encoding="utf-8"))["features"])
    data = '{"world": ' + world + ", " + chart_data.removeprefix("{")
    specs = chart_specs(legends)
    table, facts = facts_table(events, sentences)
    options = "".join(f'<option value="{html.escape(str(c["country_code"]))}">{html.escape(str(c["short_name"]))}'
                      f'</option>' for c in countries)
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
page built {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. {event_rows} event rows, {all_facts} facts; the table lists
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
<script type="application/json" id="chart-specs">{_script_text(json.dumps(specs))}</script>
<script type="application/json" id="chart-data">{_script_text(data)}</script>
<script>{PAGE_SCRIPT}</script>
</body></html>
"""
    target = out / INDEX
    partial = out / f".{INDEX}.partial"
    partial.write_text(page, encoding="utf-8")
    os.replace(partial, target)
    return Dashboard(target, list(specs), facts)
