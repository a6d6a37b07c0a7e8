"""Score the warehouse's fact tables against a hand-annotated gold file.

The rules are those of ``tests/data/gold/MATCHING.md``: a predicted row matches a gold fact when
its codes, keywords, status and date agree; rows and facts are paired one-to-one by a maximum
bipartite matching that serves the *required* facts first and then extends the pairing with the
*acceptable* facts along augmenting paths only, so the number of paired required facts stays
maximal.

Per table, with TP = required facts paired with a row (= rows paired with a required fact),
FP = rows paired with no fact, FN = unpaired required facts (rows paired with an acceptable fact
are neither credited nor counted)::

    precision = TP / (TP + FP)    recall = TP / (TP + FN)    F1 = 2 TP / (2 TP + FP + FN)

A ratio whose denominator is 0 is undefined: it is ``None`` here and printed as ``n/a`` (no rows
left to judge, or no required facts to find). F1 is then still 0 when there was any error, since
whenever exactly one of precision and recall is defined it is 0. The micro-average sums TP, FP
and FN over the three tables before dividing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

import duckdb

DEFAULT_WAREHOUSE = Path("warehouse") / "news.duckdb"
WAREHOUSE_ENV = "CHANCERY_WAREHOUSE"
PRECISION_RANK = {"day": 0, "month": 1, "year": 2}
SCHEMA_PREFERENCE = ("main_marts", "marts", "main")
GOLD_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
# A subject is a phrase naming what was agreed, and a sanction's legal basis and reason together a short phrase:
# longer values are copies of the sentence, which belongs in fct_fact_mentions (MATCHING.md, 2026-12-06).
MAX_SUBJECT_CHARS = 80
MAX_BASIS_REASON_CHARS = 160
# The fact id column of each table: read when present, so --explain can show the sentences behind a row.
ID_COLUMNS = {"agreements": "agreement_id", "visits": "visit_id", "sanctions": "sanction_id"}
# Gold table key -> (warehouse table, contract columns in the order the row classes take them).
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "agreements": (
        "fct_agreements",
        ("party_codes", "subject", "status", "agreement_date", "date_precision", "value_usd"),
    ),
    "visits": (
        "fct_visits",
        ("visitor_name", "visitor_country_code", "host_country_code", "city", "visit_date", "date_precision"),
    ),
    "sanctions": (
        "fct_sanctions",
        ("imposer_code", "target_code", "status", "legal_basis", "reason", "sanction_date", "date_precision"),
    ),
}


class EvaluationError(Exception):
    """An input (gold file or warehouse) cannot be scored; the message says why."""


@dataclass(frozen=True)
class FuzzyDate:
    """A date known to a precision of 'day', 'month' or 'year'."""

    value: date
    precision: str

    @classmethod
    def parse_gold(cls, text: str) -> FuzzyDate:
        """Parse 'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'; the precision follows from the length."""
        if not GOLD_DATE.fullmatch(text):
            raise ValueError(f"gold date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        precision = {4: "year", 7: "month", 10: "day"}[len(text)]
        return cls(date.fromisoformat((text + "-01-01")[:10]), precision)

    def key(self, precision: str) -> tuple[int, ...]:
        """The parts of the date that are significant at ``precision``."""
        parts = (self.value.year, self.value.month, self.value.day)
        return parts[: 3 - PRECISION_RANK[precision]]

    def __str__(self) -> str:
        return "-".join(f"{part:02d}" for part in self.key(self.precision))


def dates_agree(gold: FuzzyDate | None, row: FuzzyDate | None) -> bool:
    """True when either side is unknown or both are equal at the coarser of their precisions."""
    if gold is None or row is None:
        return True
    coarser = max(gold.precision, row.precision, key=PRECISION_RANK.__getitem__)
    return gold.key(coarser) == row.key(coarser)


def _has_keyword(keywords: tuple[str, ...], text: str | None) -> bool:
    """No keywords accept anything; otherwise one must occur, case-insensitively, in ``text``."""
    if not keywords:
        return True
    haystack = (text or "").casefold()
    return any(keyword.casefold() in haystack for keyword in keywords)


def _fold(text: str) -> str:
    """Case and accents folded: "Erdoğan" and "ERDOGAN" compare equal."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _names_visitor(gold_visitor: str | None, visitor_name: str | None) -> bool:
    """No gold visitor accepts anything; otherwise the last word of the gold name occurs in the row's name."""
    if not gold_visitor or not gold_visitor.split():
        return True
    return _fold(gold_visitor.split()[-1]) in _fold(visitor_name or "")


def basis_and_reason(legal_basis: str | None, reason: str | None) -> str:
    """`legal_basis || ' ' || reason`, trimmed, with a missing part read as empty."""
    return f"{legal_basis or ''} {reason or ''}".strip()


def _accepts(gold_value: str | None, value: str | None) -> bool:
    """A gold ``None`` accepts anything; otherwise the values must be equal."""
    return gold_value is None or gold_value == value


def _row_date(value: Any, precision: Any, table: str) -> FuzzyDate | None:
    """Build a row's date; a NULL precision means 'day'."""
    if value is None:
        return None
    if not isinstance(value, date):
        raise EvaluationError(f"{table}: expected a DATE, got {type(value).__name__} {value!r}")
    precision = precision or "day"
    if precision not in PRECISION_RANK:
        raise EvaluationError(f"{table}: date_precision {precision!r} is not one of day, month, year")
    return FuzzyDate(value.date() if isinstance(value, datetime) else value, precision)


def _date_text(value: FuzzyDate | None) -> str:
    return "?" if value is None else str(value)


@dataclass(frozen=True)
class AgreementRow:
    party_codes: frozenset[str]
    subject: str | None
    status: str | None
    date: FuzzyDate | None
    value_usd: float | None
    fact_id: str | None = None

    def describe(self) -> str:
        parties = ",".join(sorted(self.party_codes))
        return f"[{parties}] {self.status} {_date_text(self.date)} {self.subject!r}"


@dataclass(frozen=True)
class VisitRow:
    visitor_name: str | None
    visitor_country_code: str | None
    host_country_code: str | None
    city: str | None
    date: FuzzyDate | None
    fact_id: str | None = None

    def describe(self) -> str:
        return (
            f"{self.visitor_name!r} {self.visitor_country_code}->{self.host_country_code}"
            f" {self.city!r} {_date_text(self.date)}"
        )


@dataclass(frozen=True)
class SanctionRow:
    imposer_code: str | None
    target_code: str | None
    status: str | None
    legal_basis: str | None
    reason: str | None
    date: FuzzyDate | None
    fact_id: str | None = None

    def describe(self) -> str:
        return (
            f"{self.imposer_code}->{self.target_code} {self.status} {_date_text(self.date)}"
            f" basis={self.legal_basis!r} reason={self.reason!r}"
        )


@dataclass(frozen=True)
class GoldAgreement:
    id: str
    parties: frozenset[str]
    keywords: tuple[str, ...]
    statuses: tuple[str, ...] | None
    date: FuzzyDate | None
    quote: str = ""
    files: tuple[str, ...] = ()

    def disagreements(self, row: AgreementRow) -> list[str]:
        """The fields on which a row fails this fact (empty when it matches)."""
        subject = (row.subject or "").strip()
        return [field for field, ok in (
            ("parties", row.party_codes == self.parties),
            ("subject length", len(subject) <= MAX_SUBJECT_CHARS),
            ("subject keyword", _has_keyword(self.keywords, row.subject)),
            ("status", self.statuses is None or row.status in self.statuses),
            ("date", dates_agree(self.date, row.date)),
        ) if not ok]

    def matches(self, row: AgreementRow) -> bool:
        return (
            row.party_codes == self.parties
            and len((row.subject or "").strip()) <= MAX_SUBJECT_CHARS
            and _has_keyword(self.keywords, row.subject)
            and (self.statuses is None or row.status in self.statuses)
            and dates_agree(self.date, row.date)
        )


@dataclass(frozen=True)
class GoldVisit:
    id: str
    visitor: str | None
    visitor_country: str | None
    host_country: str | None
    date: FuzzyDate | None
    quote: str = ""
    files: tuple[str, ...] = ()

    def disagreements(self, row: VisitRow) -> list[str]:
        return [field for field, ok in (
            ("visitor country", _accepts(self.visitor_country, row.visitor_country_code)),
            ("host country", _accepts(self.host_country, row.host_country_code)),
            ("visitor name", _names_visitor(self.visitor, row.visitor_name)),
            ("date", dates_agree(self.date, row.date)),
        ) if not ok]

    def matches(self, row: VisitRow) -> bool:
        return (
            _accepts(self.visitor_country, row.visitor_country_code)
            and _accepts(self.host_country, row.host_country_code)
            and _names_visitor(self.visitor, row.visitor_name)
            and dates_agree(self.date, row.date)
        )


@dataclass(frozen=True)
class GoldSanction:
    id: str
    imposer: str | None
    target: str | None
    status: str | None
    keywords: tuple[str, ...]
    date: FuzzyDate | None
    quote: str = ""
    files: tuple[str, ...] = ()

    def disagreements(self, row: SanctionRow) -> list[str]:
        text = basis_and_reason(row.legal_basis, row.reason)
        return [field for field, ok in (
            ("imposer", _accepts(self.imposer, row.imposer_code)),
            ("target", _accepts(self.target, row.target_code)),
            ("status", _accepts(self.status, row.status)),
            ("reason length", len(text) <= MAX_BASIS_REASON_CHARS),
            ("reason keyword", _has_keyword(self.keywords, text)),
            ("date", dates_agree(self.date, row.date)),
        ) if not ok]

    def matches(self, row: SanctionRow) -> bool:
        return (
            _accepts(self.imposer, row.imposer_code)
            and _accepts(self.target, row.target_code)
            and _accepts(self.status, row.status)
            and len(basis_and_reason(row.legal_basis, row.reason)) <= MAX_BASIS_REASON_CHARS
            and _has_keyword(self.keywords, basis_and_reason(row.legal_basis, row.reason))
            and dates_agree(self.date, row.date)
        )


class GoldFact(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def quote(self) -> str: ...

    @property
    def files(self) -> tuple[str, ...]: ...

    @property
    def date(self) -> FuzzyDate | None: ...

    def matches(self, row: Any) -> bool: ...

    def disagreements(self, row: Any) -> list[str]: ...


class Row(Protocol):
    @property
    def fact_id(self) -> str | None: ...

    @property
    def date(self) -> FuzzyDate | None: ...

    def describe(self) -> str: ...


@dataclass(frozen=True)
class GoldTable:
    required: tuple[GoldFact, ...]
    acceptable: tuple[GoldFact, ...]


@dataclass(frozen=True)
class Gold:
    """Gold facts per table key ('agreements', 'visits', 'sanctions')."""

    tables: dict[str, GoldTable]


@dataclass(frozen=True)
class Predictions:
    """Warehouse rows per table key, and the qualified table each was read from."""

    rows: dict[str, tuple[Row, ...]]
    relations: dict[str, str]
    # fact id -> "file name: sentence" of each mention behind it (from fct_fact_mentions, when present).
    sentences: dict[str, list[str]] = field(default_factory=dict)
    # Stems of the input files whose published date the pipeline read (dim_articles.published_date).
    published_files: frozenset[str] = frozenset()


def _gold_date(fact: dict[str, Any]) -> FuzzyDate | None:
    text = fact.get("date")
    return None if text is None else FuzzyDate.parse_gold(text)


def _gold_agreement(fact: dict[str, Any]) -> GoldAgreement:
    statuses = fact.get("status")
    if isinstance(statuses, str):
        statuses = [statuses]
    return GoldAgreement(
        id=fact["id"],
        parties=frozenset(fact["parties"]),
        keywords=tuple(fact.get("keywords") or ()),
        statuses=tuple(statuses or ()) or None,  # no statuses given: any status is accepted
        date=_gold_date(fact),
        quote=fact.get("quote") or "",
        files=tuple(fact.get("files") or ()),
    )


def _gold_visit(fact: dict[str, Any]) -> GoldVisit:
    return GoldVisit(
        id=fact["id"],
        visitor=fact.get("visitor"),
        visitor_country=fact.get("visitor_country"),
        host_country=fact.get("host_country"),
        date=_gold_date(fact),
        quote=fact.get("quote") or "",
        files=tuple(fact.get("files") or ()),
    )


def _gold_sanction(fact: dict[str, Any]) -> GoldSanction:
    return GoldSanction(
        id=fact["id"],
        imposer=fact.get("imposer"),
        target=fact.get("target"),
        status=fact.get("status"),
        keywords=tuple(fact.get("keywords") or ()),
        date=_gold_date(fact),
        quote=fact.get("quote") or "",
        files=tuple(fact.get("files") or ()),
    )


GOLD_PARSERS = {"agreements": _gold_agreement, "visits": _gold_visit, "sanctions": _gold_sanction}


def load_gold(path: Path) -> Gold:
    """Read a gold file shaped like ``tests/data/gold/seed_facts.json``."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EvaluationError(f"gold file not found: {path}") from None
    except (OSError, json.JSONDecodeError) as exc:
        raise EvaluationError(f"cannot read gold file {path}: {exc}") from None
    tables = {}
    for key, parse in GOLD_PARSERS.items():
        try:
            section = document[key]
            tables[key] = GoldTable(
                required=tuple(parse(fact) for fact in section["required"]),
                acceptable=tuple(parse(fact) for fact in section.get("acceptable") or ()),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise EvaluationError(f"gold file {path}: malformed {key!r} section: {exc!r}") from None
    return Gold(tables)


def _find_table(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """Return the schema holding ``name``, preferring main_marts, marts, main when there are several."""
    schemas = [
        schema
        for (schema,) in con.execute(
            "SELECT table_schema FROM information_schema.tables"
            " WHERE table_catalog = current_database() AND table_name = ? ORDER BY table_schema",
            [name],
        ).fetchall()
    ]
    if not schemas:
        raise EvaluationError(f"table {name!r} not found in any schema of the warehouse")
    if len(schemas) == 1:
        return schemas[0]
    for preferred in SCHEMA_PREFERENCE:
        if preferred in schemas:
            return preferred
    raise EvaluationError(
        f"table {name!r} exists in several schemas ({', '.join(schemas)}) and none of them is"
        f" one of {', '.join(SCHEMA_PREFERENCE)}; cannot tell which to score"
    )


def _read_table(con: duckdb.DuckDBPyConnection, name: str, columns: Sequence[str],
                id_column: str) -> tuple[str, list[tuple]]:
    """Read the fact id (NULL when the table has no such column) and the contract columns of ``name``; returns
    the qualified name and the rows in a stable order."""
    schema = _find_table(con, name)
    present = {
        column
        for (column,) in con.execute(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_catalog = current_database() AND table_schema = ? AND table_name = ?",
            [schema, name],
        ).fetchall()
    }
    missing = [column for column in columns if column not in present]
    if missing:
        raise EvaluationError(f"{schema}.{name} lacks contract column(s): {', '.join(missing)}")
    select = ", ".join(f'"{column}"' for column in columns)
    fact_id = f'"{id_column}"' if id_column in present else "NULL"
    rows = con.execute(f'SELECT {fact_id}, {select} FROM "{schema}"."{name}" ORDER BY ALL').fetchall()
    return f"{schema}.{name}", rows


def _agreement_row(values: tuple, table: str) -> AgreementRow:
    fact_id, parties, subject, status, day, precision, value_usd = values
    if parties is not None and not isinstance(parties, list):
        raise EvaluationError(f"{table}: party_codes must be VARCHAR[], got {type(parties).__name__}")
    return AgreementRow(
        frozenset(parties or ()), subject, status, _row_date(day, precision, table), value_usd, fact_id
    )


def _visit_row(values: tuple, table: str) -> VisitRow:
    fact_id, name, visitor, host, city, day, precision = values
    return VisitRow(name, visitor, host, city, _row_date(day, precision, table), fact_id)


def _sanction_row(values: tuple, table: str) -> SanctionRow:
    fact_id, imposer, target, status, legal_basis, reason, day, precision = values
    return SanctionRow(imposer, target, status, legal_basis, reason, _row_date(day, precision, table), fact_id)


ROW_PARSERS = {"agreements": _agreement_row, "visits": _visit_row, "sanctions": _sanction_row}


def read_predictions(warehouse: Path) -> Predictions:
    """Read the three fact tables (from whichever schema holds them) from a DuckDB file, read-only."""
    if not Path(warehouse).is_file():
        raise EvaluationError(f"warehouse file not found: {warehouse}")
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as exc:
        raise EvaluationError(f"cannot open warehouse {warehouse}: {exc}") from None
    rows: dict[str, tuple[Row, ...]] = {}
    relations: dict[str, str] = {}
    try:
        for key, (name, columns) in TABLES.items():
            relation, values = _read_table(con, name, columns, ID_COLUMNS[key])
            relations[key] = relation
            rows[key] = tuple(ROW_PARSERS[key](row, relation) for row in values)
        sentences = _read_sentences(con)
        published_files = _read_published_files(con)
    except duckdb.Error as exc:
        raise EvaluationError(f"cannot read warehouse {warehouse}: {exc}") from None
    finally:
        con.close()
    return Predictions(rows, relations, sentences, published_files)


def _read_sentences(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """The sentences behind each fact, for --explain; empty when the warehouse has no mentions table."""
    try:
        mentions, articles = _find_table(con, "fct_fact_mentions"), _find_table(con, "dim_articles")
    except EvaluationError:
        return {}
    found: dict[str, list[str]] = {}
    for fact_id, file_name, sentence in con.execute(
        f'SELECT m.fact_id, a.file_name, m.sentence_text FROM "{mentions}".fct_fact_mentions m'
        f' LEFT JOIN "{articles}".dim_articles a USING (article_id) ORDER BY ALL'
    ).fetchall():
        found.setdefault(fact_id, []).append(f"{file_name}: {sentence}")
    return found


def _read_published_files(con: duckdb.DuckDBPyConnection) -> frozenset[str]:
    """Stems of the articles with a published date; empty when the warehouse has no dim_articles."""
    try:
        articles = _find_table(con, "dim_articles")
    except EvaluationError:
        return frozenset()
    return frozenset(
        Path(file_name).stem
        for (file_name,) in con.execute(
            f'SELECT file_name FROM "{articles}".dim_articles WHERE published_date IS NOT NULL'
        ).fetchall()
        if file_name
    )


def text_gives_date(fact: GoldFact, published_files: frozenset[str]) -> bool:
    """Whether the pipeline could see the gold fact's date: its article's published date was read (relative
    dates resolve against it), or the gold quote names the year. Gold dates of plain-text articles come from the
    corpus provenance, which the pipeline never reads."""
    if fact.date is None:
        return False
    return (any(stem in published_files for stem in fact.files)
            or re.search(rf"\b{fact.date.value.year}\b", fact.quote) is not None)


def pair(rows: Sequence[Row], required: Sequence[GoldFact], acceptable: Sequence[GoldFact]) -> dict[int, int]:
    """Pair rows with facts one-to-one; returns row index -> index into ``required + acceptable``.

    Kuhn's augmenting paths, first over the required facts alone (a maximum matching), then over all
    facts starting from the still-unpaired rows. Augmenting never unpairs a paired vertex, so the
    required facts paired in the first pass stay paired (possibly to other rows).
    """
    facts = [*required, *acceptable]
    edges = [[j for j, fact in enumerate(facts) if fact.matches(row)] for row in rows]
    row_of: dict[int, int] = {}

    def augment(r: int, limit: int, seen: set[int]) -> bool:
        for j in edges[r]:
            if j >= limit or j in seen:
                continue
            seen.add(j)
            if j not in row_of or augment(row_of[j], limit, seen):
                row_of[j] = r
                return True
        return False

    # Rows that carry a date are tried first: of two rows stating one fact, the dated one is its pair, so the share
    # of matched facts carrying a date counts the facts the warehouse dates (the other row is a duplicate either way).
    order = sorted(range(len(rows)), key=lambda r: rows[r].date is None)
    for limit in (len(required), len(facts)):
        paired = set(row_of.values())
        for r in order:
            if r not in paired:
                augment(r, limit, set())
    return {r: j for j, r in row_of.items()}


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


@dataclass(frozen=True)
class Counts:
    """True positives, false positives and false negatives, with the derived figures."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        return _ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)


@dataclass(frozen=True)
class TableScore:
    table: str
    relation: str
    rows: int
    required: int
    acceptable_rows: int
    counts: Counts
    matched: list[tuple[str, str]]  # (gold id, row description)
    missed_required: list[str]
    unmatched_rows: list[str]
    duplicate_rows: int  # unpaired rows that restate a fact another row already matched
    # --explain: each missed required fact and each unmatched row beside its nearest counterpart.
    missed_explained: list[dict[str, Any]] = field(default_factory=list)
    # Of the matched required facts whose gold gives a date, how many rows carry one.
    dated: tuple[int, int] = (0, 0)
    # The same, counting only the facts whose date the pipeline could see (`text_gives_date`).
    text_dated: tuple[int, int] = (0, 0)
    unmatched_explained: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class Report:
    tables: list[TableScore]

    @property
    def micro(self) -> Counts:
        return sum((table.counts for table in self.tables), Counts())


def score(gold: Gold, predictions: Predictions) -> Report:
    """Pair each table's rows with its gold facts and count per MATCHING.md."""
    scores = []
    for key, facts in gold.tables.items():
        rows = predictions.rows[key]
        all_facts = [*facts.required, *facts.acceptable]
        pairs = pair(rows, facts.required, facts.acceptable)
        matched_required = {j for j in pairs.values() if j < len(facts.required)}
        acceptable_rows = len(pairs) - len(matched_required)
        tp = len(matched_required)
        scores.append(
            TableScore(
                table=key,
                relation=predictions.relations[key],
                rows=len(rows),
                required=len(facts.required),
                acceptable_rows=acceptable_rows,
                counts=Counts(tp=tp, fp=len(rows) - len(pairs), fn=len(facts.required) - tp),
                matched=[(all_facts[j].id, rows[r].describe()) for r, j in sorted(pairs.items())],
                missed_required=[
                    fact.id for j, fact in enumerate(facts.required) if j not in matched_required
                ],
                unmatched_rows=[row.describe() for r, row in enumerate(rows) if r not in pairs],
                duplicate_rows=sum(
                    1 for r, row in enumerate(rows)
                    if r not in pairs and any(all_facts[j].matches(row) for j in pairs.values())
                ),
                dated=(sum(1 for r, j in pairs.items() if j < len(facts.required) and all_facts[j].date
                           and rows[r].date), sum(1 for j in matched_required if all_facts[j].date)),
                text_dated=(
                    sum(1 for r, j in pairs.items() if j < len(facts.required) and rows[r].date
                        and text_gives_date(all_facts[j], predictions.published_files)),
                    sum(1 for j in matched_required if text_gives_date(all_facts[j], predictions.published_files)),
                ),
                missed_explained=[
                    _explain_fact(fact, rows, predictions.sentences)
                    for j, fact in enumerate(facts.required) if j not in matched_required
                ],
                unmatched_explained=[
                    _explain_row(row, all_facts, predictions.sentences) for r, row in enumerate(rows) if r not in pairs
                ],
            )
        )
    return Report(scores)


def _nearest(disagreements: list[tuple[list[str], str]]) -> tuple[list[str], str] | None:
    """The counterpart that fails on the fewest fields."""
    return min(disagreements, key=lambda item: len(item[0]), default=None)


def _explain_fact(fact: GoldFact, rows: Sequence[Row], sentences: dict[str, list[str]]) -> dict[str, Any]:
    """The nearest row among those stated in the fact's own articles, when the gold names them and the warehouse
    says where its rows come from; else among all rows."""
    def from_its_articles(row: Row) -> bool:
        stems = {line.split(":", 1)[0].rsplit(".", 1)[0] for line in sentences.get(row.fact_id or "", [])}
        return bool(stems & set(fact.files))

    candidates = [row for row in rows if from_its_articles(row)] if fact.files and sentences else list(rows)
    nearest = _nearest([(fact.disagreements(row), row.describe()) for row in candidates])
    return {"gold_id": fact.id, "quote": fact.quote, "files": list(fact.files),
            "nearest_row": nearest[1] if nearest else None, "differs_in": nearest[0] if nearest else []}


def _explain_row(row: Row, facts: Sequence[GoldFact], sentences: dict[str, list[str]]) -> dict[str, Any]:
    nearest = _nearest([(fact.disagreements(row), fact.id) for fact in facts])
    return {"row": row.describe(), "sentences": sentences.get(row.fact_id or "", []),
            "nearest_gold": nearest[1] if nearest else None, "differs_in": nearest[0] if nearest else []}


def _figure(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _cells(name: str, relation: str, rows: int, required: int, acceptable: int, counts: Counts) -> list[str]:
    figures = (counts.precision, counts.recall, counts.f1)
    return [name, relation, str(rows), str(required), str(counts.tp), str(acceptable), *map(_figure, figures)]


def format_report(report: Report, explain: bool = False) -> str:
    """Render the report as a plain-text table followed by the misses and false positives; with ``explain``,
    each miss with its quote and nearest row, each false positive with its sentences and nearest gold fact,
    and the fields on which they disagree."""
    tables = report.tables
    lines = [["table", "relation", "rows", "required", "matched", "acceptable", "precision", "recall", "F1"]]
    lines += [_cells(t.table, t.relation, t.rows, t.required, t.acceptable_rows, t.counts) for t in tables]
    lines.append(
        _cells(
            "micro",
            "",
            sum(t.rows for t in tables),
            sum(t.required for t in tables),
            sum(t.acceptable_rows for t in tables),
            report.micro,
        )
    )
    widths = [max(map(len, column)) for column in zip(*lines, strict=True)]
    out = [
        "  ".join(
            cell.ljust(w) if i < 2 else cell.rjust(w)
            for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        )
        for line in lines
    ]
    out.append("")
    out.append("Duplicate rows (restating an already matched fact): "
               + ", ".join(f"{t.table} {t.duplicate_rows}" for t in tables))
    out.append("Dated (matched facts whose gold gives a date that carry one): "
               + ", ".join(f"{t.table} {t.dated[0]}/{t.dated[1]}" for t in tables))
    out.append("  of which the text gives the date (published date read, or the quote names the year): "
               + ", ".join(f"{t.table} {t.text_dated[0]}/{t.text_dated[1]}" for t in tables))
    out.append("")
    out.append("Missed required facts:")
    for table in report.tables:
        out.append(f"  {table.table}: {', '.join(table.missed_required) or '-'}")
    out.append("")
    out.append("Unmatched rows (false positives):")
    for table in report.tables:
        out.append(f"  {table.table}: {len(table.unmatched_rows) or '-'}")
        out.extend(f"    {row}" for row in table.unmatched_rows)
    if explain:
        out.extend(_explanation_lines(report))
    return "\n".join(out)


def _explanation_lines(report: Report) -> list[str]:
    out = ["", "Explained (nearest counterpart and the fields that disagree):"]
    for table in report.tables:
        out.append(f"  {table.table}")
        for miss in table.missed_explained:
            out.append(f"    MISSED {miss['gold_id']} ({', '.join(miss['files']) or '?'}): {miss['quote']!r}")
            if miss["nearest_row"] is None:
                out.append("      no row from its articles")
            else:
                out.append(f"      nearest row: {miss['nearest_row']}; differs in: {', '.join(miss['differs_in'])}")
        for extra in table.unmatched_explained:
            out.append(f"    SPURIOUS {extra['row']}")
            out.extend(f"      from {sentence}" for sentence in extra["sentences"])
            out.append(f"      nearest gold: {extra['nearest_gold'] or '-'}; differs in: "
                       f"{', '.join(extra['differs_in']) or '-'}")
    return out


def _counts_dict(counts: Counts) -> dict[str, Any]:
    return {
        "true_positives": counts.tp,
        "false_positives": counts.fp,
        "false_negatives": counts.fn,
        "precision": counts.precision,
        "recall": counts.recall,
        "f1": counts.f1,
    }


def report_to_dict(report: Report) -> dict[str, Any]:
    """A JSON-ready form of the report; undefined figures are ``null``."""
    return {
        "tables": {
            table.table: {
                "relation": table.relation,
                "rows": table.rows,
                "required": table.required,
                "matched": table.counts.tp,
                "acceptable_rows": table.acceptable_rows,
                **_counts_dict(table.counts),
                "missed_required": table.missed_required,
                "unmatched_rows": table.unmatched_rows,
                "duplicate_rows": table.duplicate_rows,
                "dated_matches": table.dated[0],
                "matches_with_gold_date": table.dated[1],
                "text_dated_matches": table.text_dated[0],
                "matches_with_text_date": table.text_dated[1],
                "pairs": [{"gold_id": gold_id, "row": row} for gold_id, row in table.matched],
                "missed_explained": table.missed_explained,
                "unmatched_explained": table.unmatched_explained,
            }
            for table in report.tables
        },
        "micro": _counts_dict(report.micro),
    }


def main(argv: list[str] | None = None) -> int:
    """``chancery evaluate`` without the subcommand name: score a warehouse and print the result."""
    parser = argparse.ArgumentParser(
        prog="chancery evaluate", description="Score the warehouse's fact tables against a gold file."
    )
    parser.add_argument("--gold", type=Path, required=True, help="gold facts JSON file")
    parser.add_argument(
        "--warehouse",
        type=Path,
        default=Path(os.environ.get(WAREHOUSE_ENV) or DEFAULT_WAREHOUSE),
        help=f"DuckDB file to score (default: ${WAREHOUSE_ENV} or {DEFAULT_WAREHOUSE})",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--explain", action="store_true",
                        help="list each missed gold fact with its quote and each spurious row with its sentences, "
                             "beside the nearest counterpart and the fields that disagree")
    args = parser.parse_args(argv)
    try:
        report = score(load_gold(args.gold), read_predictions(args.warehouse))
    except EvaluationError as exc:
        print(f"chancery evaluate: error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report_to_dict(report), indent=2) if args.json else format_report(report, args.explain))
    return 0
