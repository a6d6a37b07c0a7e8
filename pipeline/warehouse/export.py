"""`chancery export`: the published snapshot's marts as files (Parquet, CSV, or GDELT-shaped TSV).

It reads only the published snapshot, read-only, so it never waits for or blocks a run; it refuses the working
database. One file per mart, named after it, except `fct_events`, written as `events.<ext>`; in `gdelt-tsv` the
events file has GDELT 2.0's column names for the columns GDELT shares (docs/events-and-exports.md).
"""

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb

FORMATS = {"parquet": ("parquet", "(format parquet)"),
           "csv": ("csv", "(format csv, header)"),
           "gdelt-tsv": ("tsv", "(format csv, delimiter '\t', header)")}
EVENTS_MART = "fct_events"
# What the working database has and a snapshot has not (pipeline.warehouse.publication_copy leaves them out).
WORKING_ONLY_SCHEMAS = ("staging", "intermediate")

# With --since, the facts dated (their own date, else first reported) on or after the date, their mentions and the
# articles stating them; a mart not named here is exported whole.
_FACT_DATES = {
    "fct_agreements": ("agreement_id", "coalesce(agreement_date, first_published_date)"),
    "fct_visits": ("visit_id", "coalesce(visit_date, first_published_date)"),
    "fct_sanctions": ("sanction_id", "coalesce(sanction_date, first_published_date)"),
}
_SINCE = "getvariable('chancery_since')"
_EXPORTED_FACTS = " union all ".join(f"select {key} from marts.{table} where {day} >= {_SINCE}"
                                     for table, (key, day) in _FACT_DATES.items())
SINCE_FILTERS = {
    **{table: f"{day} >= {_SINCE}" for table, (_, day) in _FACT_DATES.items()},
    EVENTS_MART: f"coalesce(event_date, first_reported_date) >= {_SINCE}",
    "fct_fact_mentions": f"fact_id in ({_EXPORTED_FACTS})",
    "dim_articles": f"article_id in (select article_id from marts.fct_fact_mentions where fact_id in "
                    f"({_EXPORTED_FACTS}))",
}

# fct_events under GDELT 2.0 event table names (the shared columns), then chancery's own. GDELT's geographic
# country codes are FIPS 10-4 (reference.gazetteer_countries.fips); its Geo_Type 1 is a country, 4 a world city.
GDELT_EVENTS_SQL = """
select
    events.event_row_id as GLOBALEVENTID,
    cast(strftime(coalesce(events.event_date, events.first_reported_date), '%Y%m%d') as integer) as SQLDATE,
    cast(strftime(coalesce(events.event_date, events.first_reported_date), '%Y%m') as integer) as MonthYear,
    cast(year(coalesce(events.event_date, events.first_reported_date)) as integer) as "Year",
    events.actor1_code as Actor1Code,
    events.actor1_name as Actor1Name,
    events.actor1_code as Actor1CountryCode,
    events.actor2_code as Actor2Code,
    events.actor2_name as Actor2Name,
    events.actor2_code as Actor2CountryCode,
    events.cameo_code as EventCode,
    events.cameo_base as EventBaseCode,
    events.cameo_root as EventRootCode,
    events.quad_class as QuadClass,
    events.goldstein_scale as GoldsteinScale,
    events.num_mentions as NumMentions,
    events.num_articles as NumArticles,
    case when events.actor1_latitude is not null then 1 end as Actor1Geo_Type,
    actor1_geo.fips as Actor1Geo_CountryCode,
    events.actor1_latitude as Actor1Geo_Lat,
    events.actor1_longitude as Actor1Geo_Long,
    case when events.actor2_latitude is not null then 1 end as Actor2Geo_Type,
    actor2_geo.fips as Actor2Geo_CountryCode,
    events.actor2_latitude as Actor2Geo_Lat,
    events.actor2_longitude as Actor2Geo_Long,
    case events.geo_type when 'city' then 4 when 'country' then 1 end as ActionGeo_Type,
    case when events.geo_type = 'city' then events.city || ', ' || place.short_name
         when events.geo_type = 'country' then place.short_name end as ActionGeo_FullName,
    action_geo.fips as ActionGeo_CountryCode,
    events.latitude as ActionGeo_Lat,
    events.longitude as ActionGeo_Long,
    cast(strftime(events.first_seen_at, '%Y%m%d%H%M%S') as bigint) as DATEADDED,
    events.first_source_url as SOURCEURL,
    events.event_id,
    events.event_type,
    events.status,
    events.date_precision,
    events.plover_type
from {events} as events
left join reference.gazetteer_countries as actor1_geo on events.actor1_code = actor1_geo.country_code
left join reference.gazetteer_countries as actor2_geo on events.actor2_code = actor2_geo.country_code
left join reference.gazetteer_countries as action_geo on events.country_code = action_geo.country_code
left join marts.dim_countries as place on events.country_code = place.country_code
"""


class ExportError(Exception):
    """The warehouse cannot be exported (missing, or not a published snapshot)."""


@dataclass(frozen=True)
class ExportedFile:
    mart: str
    path: Path
    rows: int


def _sql_string(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _open_snapshot(published: Path) -> duckdb.DuckDBPyConnection:
    if not published.is_file():
        raise ExportError(f"no published warehouse at {published}; run `chancery run` first")
    conn = duckdb.connect(str(published), read_only=True)
    schemas = {name for (name,) in conn.execute("select schema_name from duckdb_schemas()").fetchall()}
    if schemas & set(WORKING_ONLY_SCHEMAS) or "marts" not in schemas:
        conn.close()
        raise ExportError(f"{published} is not a published snapshot (it is a working database, or holds no marts); "
                          "export the published file, e.g. warehouse/news.duckdb")
    return conn


def export(published: Path, out: Path, fmt: str, since: date | None = None,
           log: Callable[[str], None] = lambda _: None) -> list[ExportedFile]:
    """Write one file per mart of the published snapshot into `out` (each replaced atomically)."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    extension, options = FORMATS[fmt]
    written = []
    with _open_snapshot(published) as conn:
        out.mkdir(parents=True, exist_ok=True)
        conn.execute("set variable chancery_since = ?", [since])
        marts = [name for (name,) in conn.execute(
            "select table_name from duckdb_tables() where schema_name = 'marts' order by table_name").fetchall()]
        for mart in marts:
            where = SINCE_FILTERS.get(mart) if since is not None else None
            rows_of = f"(select * from marts.{mart}{f' where {where}' if where else ''})"
            query = (GDELT_EVENTS_SQL.format(events=rows_of) if fmt == "gdelt-tsv" and mart == EVENTS_MART
                     else f"select * from {rows_of}")
            name = "events" if mart == EVENTS_MART else mart
            target = out / f"{name}.{extension}"
            partial = out / f".{target.name}.partial"
            conn.execute(f"copy ({query}) to {_sql_string(partial)} {options}")
            os.replace(partial, target)
            rows = conn.execute(f"select count(*) from ({query})").fetchone()[0]
            written.append(ExportedFile(mart, target, rows))
            log(f"{target}: {rows} rows")
    return written
