"""Tests for pipeline.evaluate: the MATCHING.md rules, the pairing and the CLI entry point."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest

from pipeline.evaluate import (
    AgreementRow,
    EvaluationError,
    FuzzyDate,
    GoldAgreement,
    Report,
    TableScore,
    dates_agree,
    format_report,
    load_gold,
    main,
    pair,
    read_predictions,
    report_to_dict,
    score,
    text_gives_date,
)

GOLD_DIR = Path(__file__).resolve().parents[1] / "data" / "gold"

COLUMNS = {
    "fct_agreements": "party_codes VARCHAR[], subject VARCHAR, status VARCHAR, agreement_date DATE,"
    " date_precision VARCHAR, value_usd DOUBLE",
    "fct_visits": "visitor_name VARCHAR, visitor_country_code VARCHAR, host_country_code VARCHAR,"
    " city VARCHAR, visit_date DATE, date_precision VARCHAR",
    "fct_sanctions": "imposer_code VARCHAR, target_code VARCHAR, status VARCHAR, legal_basis VARCHAR,"
    " reason VARCHAR, sanction_date DATE, date_precision VARCHAR",
}

S400 = {
    "parties": ["IND", "RUS"],
    "keywords": ["S-400", "S400"],
    "status": ["signed", "agreed"],
    "date": "2018",
}
RIFLES = {"parties": ["IND", "RUS"], "keywords": ["AK-203", "rifle"], "status": ["signed"], "date": "2021"}


def agreement(parties, subject="S-400 deal", status="signed", day=date(2018, 10, 5), precision="day"):
    return (parties, subject, status, day, precision, None)


def visit(visitor="RUS", host="IND", day=date(2021, 12, 6), precision="day"):
    return ("Someone", visitor, host, "Somewhere", day, precision)


def sanction(imposer="USA", target="TUR", status="imposed", legal_basis="CAATSA", reason=None, day=None):
    return (imposer, target, status, legal_basis, reason, day, "day" if day else None)


def make_warehouse(path: Path, schema: str = "main", tables: dict[str, list[tuple]] | None = None) -> Path:
    """Create the three fact tables in ``schema`` of a DuckDB file, filled from ``tables``."""
    tables = tables or {}
    with duckdb.connect(str(path)) as con:
        con.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
        for name, columns in COLUMNS.items():
            con.execute(f'CREATE TABLE "{schema}"."{name}" ({columns})')
            rows = tables.get(name, [])
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                con.executemany(f'INSERT INTO "{schema}"."{name}" VALUES ({marks})', rows)
    return path


def make_gold(path: Path, **sections: dict[str, list[dict[str, Any]]]) -> Path:
    """Write a gold file; each section is {'required': [...], 'acceptable': [...]} with ids filled in."""
    document = {}
    for key in ("agreements", "visits", "sanctions"):
        section = sections.get(key, {})
        document[key] = {
            kind: [{"id": f"{key[0]}{kind[0]}{i}", **fact} for i, fact in enumerate(section.get(kind, []), 1)]
            for kind in ("required", "acceptable")
        }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def evaluate(tmp_path: Path, gold: dict[str, Any], tables: dict[str, list[tuple]]) -> Report:
    gold_path = make_gold(tmp_path / "gold.json", **gold)
    return score(load_gold(gold_path), read_predictions(make_warehouse(tmp_path / "w.duckdb", tables=tables)))


def table_score(report: Report, key: str) -> TableScore:
    return next(table for table in report.tables if table.table == key)


def agreements_score(tmp_path: Path, gold: dict[str, Any], rows: list[tuple]) -> TableScore:
    report = evaluate(tmp_path, {"agreements": gold}, {"fct_agreements": rows})
    return table_score(report, "agreements")


def test_exact_match_counts(tmp_path: Path) -> None:
    report = evaluate(
        tmp_path,
        {
            "agreements": {"required": [S400, RIFLES]},
            "visits": {"required": [{"visitor_country": "RUS", "host_country": "IND", "date": "2021-12-06"}]},
            "sanctions": {
                "required": [{"imposer": "USA", "target": "TUR", "status": "imposed", "keywords": ["CAATSA"]}]
            },
        },
        {
            "fct_agreements": [agreement(["IND", "RUS"]), agreement(["IND", "USA"], subject="satellite")],
            "fct_visits": [visit()],
            "fct_sanctions": [sanction(status="threatened")],
        },
    )
    agreements = table_score(report, "agreements")
    assert (agreements.counts.tp, agreements.counts.fp, agreements.counts.fn) == (1, 1, 1)
    assert agreements.counts.precision == agreements.counts.recall == agreements.counts.f1 == 0.5
    assert agreements.missed_required == ["ar2"]
    assert agreements.relation == "main.fct_agreements"
    assert table_score(report, "visits").counts.f1 == 1.0
    sanctions = table_score(report, "sanctions").counts
    assert (sanctions.tp, sanctions.fp, sanctions.fn) == (0, 1, 1)
    micro = report.micro
    assert (micro.tp, micro.fp, micro.fn) == (2, 2, 2)
    assert micro.precision == micro.recall == 0.5


@pytest.mark.parametrize(
    ("subject", "matches"),
    [("Delivery of s-400 SYSTEMS", True), ("the s400 contract", True), ("S 400", False), (None, False)],
)
def test_agreement_keyword_is_case_insensitive_substring(
    tmp_path: Path, subject: str | None, matches: bool
) -> None:
    result = agreements_score(tmp_path, {"required": [S400]}, [agreement(["IND", "RUS"], subject=subject)])
    assert result.counts.tp == int(matches)


@pytest.mark.parametrize(
    ("parties", "matches"),
    [
        (["RUS", "IND"], True),
        (["IND", "RUS", "RUS"], True),
        (["IND", "RUS", "USA"], False),
        (["IND"], False),
        (None, False),
    ],
)
def test_agreement_parties_are_compared_as_sets(
    tmp_path: Path, parties: list[str] | None, matches: bool
) -> None:
    assert agreements_score(tmp_path, {"required": [S400]}, [agreement(parties)]).counts.tp == int(matches)


@pytest.mark.parametrize(
    ("gold_status", "row_status", "matches"),
    [
        (["signed", "agreed"], "agreed", True),
        (["signed"], "proposed", False),
        (["signed"], None, False),
        (None, None, True),
        ([], "proposed", True),
        ("signed", "signed", True),
    ],
)
def test_agreement_status_must_be_listed_when_gold_lists_any(
    tmp_path: Path, gold_status: list[str] | str | None, row_status: str | None, matches: bool
) -> None:
    gold = {"required": [{**S400, "status": gold_status}]}
    assert agreements_score(tmp_path, gold, [agreement(["IND", "RUS"], status=row_status)]).counts.tp == int(
        matches
    )


def test_visit_gold_null_accepts_anything(tmp_path: Path) -> None:
    gold = {"required": [{"visitor_country": "USA", "host_country": None, "date": None}]}
    rows = [visit("USA", "IND"), visit("USA", None), visit("RUS", "IND")]
    result = table_score(evaluate(tmp_path, {"visits": gold}, {"fct_visits": rows}), "visits")
    # Both USA rows fit the single fact: one is paired, the other is a duplicate (false positive).
    assert (result.counts.tp, result.counts.fp, result.counts.fn) == (1, 2, 0)


@pytest.mark.parametrize(
    ("gold", "row", "matches"),
    [
        ({"status": "imposed", "keywords": ["caatsa"]}, sanction(legal_basis="CAATSA s.231"), True),
        (
            {"status": "imposed", "keywords": ["S-400 purchase"]},
            sanction(legal_basis=None, reason="s-400 purchase"),
            True,
        ),
        # legal_basis || ' ' || reason: a keyword may span the two, joined by one space.
        ({"status": "imposed", "keywords": ["CAATSA over"]}, sanction(reason="over the S-400"), True),
        ({"status": "imposed", "keywords": ["waiver"]}, sanction(), False),
        ({"status": "threatened", "keywords": []}, sanction(), False),
        ({"status": None}, sanction(status="lifted", legal_basis=None), True),
        ({"status": None, "target": None}, sanction(target="RUS"), True),
        ({"status": None, "imposer": "EU"}, sanction(), False),
    ],
)
def test_sanction_matching(tmp_path: Path, gold: dict[str, Any], row: tuple, matches: bool) -> None:
    fact = {"imposer": "USA", "target": "TUR", "date": None, **gold}
    report = evaluate(tmp_path, {"sanctions": {"required": [fact]}}, {"fct_sanctions": [row]})
    assert table_score(report, "sanctions").counts.tp == int(matches)


@pytest.mark.parametrize(
    ("gold", "row", "agree"),
    [
        ("2021", FuzzyDate(date(2021, 12, 6), "day"), True),
        ("2021", FuzzyDate(date(2020, 12, 31), "day"), False),
        ("2021-04", FuzzyDate(date(2021, 5, 1), "month"), False),
        ("2021-04", FuzzyDate(date(2021, 4, 30), "day"), True),
        ("2021-12-06", FuzzyDate(date(2021, 12, 1), "month"), True),
        ("2021-12-06", FuzzyDate(date(2021, 1, 1), "year"), True),
        ("2021-12-06", FuzzyDate(date(2021, 12, 7), "day"), False),
        ("2021-12-06", None, True),
        (None, FuzzyDate(date(1999, 1, 1), "day"), True),
    ],
)
def test_dates_agree_at_coarser_precision(gold: str | None, row: FuzzyDate | None, agree: bool) -> None:
    assert dates_agree(None if gold is None else FuzzyDate.parse_gold(gold), row) is agree


@pytest.mark.parametrize(
    ("gold_date", "day", "precision", "matches"),
    [
        ("2021", date(2021, 12, 6), "day", True),
        ("2021-04", date(2021, 5, 1), "month", False),
        ("2021-04", None, "day", True),
        ("2021-04", None, None, True),
        ("2021-12-06", date(2021, 12, 1), "month", True),
        ("2021-12-06", date(2021, 12, 1), None, False),  # a NULL precision means 'day'
    ],
)
def test_row_dates_from_warehouse(
    tmp_path: Path, gold_date: str, day: date | None, precision: str | None, matches: bool
) -> None:
    gold = {"required": [{**RIFLES, "date": gold_date}]}
    row = agreement(["IND", "RUS"], subject="AK-203 rifles", day=day, precision=precision)
    assert agreements_score(tmp_path, gold, [row]).counts.tp == int(matches)


def test_gold_date_precision_follows_string_length() -> None:
    assert FuzzyDate.parse_gold("2018") == FuzzyDate(date(2018, 1, 1), "year")
    assert FuzzyDate.parse_gold("2021-04") == FuzzyDate(date(2021, 4, 1), "month")
    assert str(FuzzyDate.parse_gold("2021-04")) == "2021-04"
    with pytest.raises(ValueError, match="YYYY"):
        FuzzyDate.parse_gold("21-4")
    with pytest.raises(ValueError, match="month must be"):
        FuzzyDate.parse_gold("2021-13")


def test_duplicate_row_counts_against_precision(tmp_path: Path) -> None:
    rows = [agreement(["IND", "RUS"]), agreement(["RUS", "IND"], subject="S-400 missile systems")]
    result = agreements_score(tmp_path, {"required": [S400]}, rows)
    assert (result.counts.tp, result.counts.fp, result.counts.fn) == (1, 1, 0)
    assert result.counts.precision == 0.5
    assert result.counts.recall == 1.0
    assert len(result.unmatched_rows) == 1
    assert result.duplicate_rows == 1


def test_row_paired_with_acceptable_fact_is_excluded_from_precision(tmp_path: Path) -> None:
    trade = {"parties": ["IND", "RUS"], "keywords": ["trade"], "status": None, "date": None}
    rows = [agreement(["IND", "RUS"]), agreement(["IND", "RUS"], subject="Trade target", status="proposed")]
    result = agreements_score(tmp_path, {"required": [S400], "acceptable": [trade]}, rows)
    assert result.rows == 2
    assert result.acceptable_rows == 1
    assert (result.counts.tp, result.counts.fp) == (1, 0)
    assert result.counts.precision == 1.0
    assert [gold_id for gold_id, _ in result.matched] == ["ar1", "aa1"]
    assert result.duplicate_rows == 0


def test_row_fitting_required_and_acceptable_goes_to_required(tmp_path: Path) -> None:
    broad = {"parties": ["IND", "RUS"], "keywords": ["rifle"], "status": None, "date": None}
    result = agreements_score(
        tmp_path,
        {"required": [RIFLES], "acceptable": [broad]},
        [agreement(["IND", "RUS"], subject="AK-203 rifles", day=None)],
    )
    assert (result.counts.tp, result.acceptable_rows, result.counts.fp) == (1, 0, 0)


def test_acceptable_extension_reroutes_without_losing_required(tmp_path: Path) -> None:
    # Row "rifles and nuclear" fits the required rifle fact and the acceptable nuclear fact; row "rifles"
    # fits only the rifle fact. Whichever row takes the rifle fact first, both rows end up paired.
    nuclear = {"parties": ["IND", "RUS"], "keywords": ["nuclear"], "status": None, "date": None}
    rows = [
        agreement(["IND", "RUS"], subject="AK-203 rifles and nuclear plant", day=None),
        agreement(["IND", "RUS"], subject="AK-203 rifles", day=None),
    ]
    result = agreements_score(tmp_path, {"required": [RIFLES], "acceptable": [nuclear]}, rows)
    assert (result.counts.tp, result.acceptable_rows, result.counts.fp) == (1, 1, 0)


def test_maximum_matching_beats_greedy() -> None:
    rifle = GoldAgreement("r", frozenset({"IND", "RUS"}), ("rifle",), None, None)
    s400 = GoldAgreement("s", frozenset({"IND", "RUS"}), ("S-400",), None, None)
    rows = [
        AgreementRow(frozenset({"IND", "RUS"}), "S-400 and rifles", None, None, None),
        AgreementRow(frozenset({"IND", "RUS"}), "rifles", None, None, None),
    ]
    # Greedy (row 0 takes the first fact it fits, 'rifle') would leave row 1 unpaired.
    assert pair(rows, [rifle, s400], []) == {0: 1, 1: 0}
    # A row fitting a required and an acceptable fact is given to the required one.
    assert pair(rows[:1], [s400], [rifle]) == {0: 0}
    assert pair(rows[:1], [rifle], [s400]) == {0: 0}


def test_maximum_matching_end_to_end(tmp_path: Path) -> None:
    rows = [
        agreement(["IND", "RUS"], subject="AK-203 rifles and S-400", day=None),
        agreement(["IND", "RUS"], subject="AK-203 rifles", day=None),
    ]
    result = agreements_score(tmp_path, {"required": [RIFLES, S400]}, rows)
    assert (result.counts.tp, result.counts.fp, result.counts.fn) == (2, 0, 0)


def test_zero_denominators_are_reported_as_na(tmp_path: Path) -> None:
    report = evaluate(tmp_path, {"agreements": {"required": [S400]}}, {"fct_visits": [visit()]})
    agreements = table_score(report, "agreements").counts
    assert (agreements.precision, agreements.recall, agreements.f1) == (None, 0.0, 0.0)
    visits = table_score(report, "visits").counts  # one false positive, nothing to find
    assert (visits.precision, visits.recall, visits.f1) == (0.0, None, 0.0)
    sanctions = table_score(report, "sanctions").counts  # nothing at all
    assert (sanctions.precision, sanctions.recall, sanctions.f1) == (None, None, None)
    assert "n/a" in format_report(report)


def test_tables_found_in_non_main_schema(tmp_path: Path) -> None:
    warehouse = make_warehouse(tmp_path / "w.duckdb", schema="marts", tables={"fct_visits": [visit()]})
    predictions = read_predictions(warehouse)
    assert predictions.relations["visits"] == "marts.fct_visits"
    assert len(predictions.rows["visits"]) == 1


def test_preferred_schema_wins_when_table_is_duplicated(tmp_path: Path) -> None:
    warehouse = make_warehouse(tmp_path / "w.duckdb", schema="main")
    make_warehouse(warehouse, schema="main_marts", tables={"fct_visits": [visit()]})
    predictions = read_predictions(warehouse)
    assert predictions.relations["visits"] == "main_marts.fct_visits"
    assert len(predictions.rows["visits"]) == 1


def test_ambiguous_schemas_are_an_error(tmp_path: Path) -> None:
    warehouse = make_warehouse(tmp_path / "w.duckdb", schema="staging")
    make_warehouse(warehouse, schema="scratch")
    with pytest.raises(EvaluationError, match="several schemas"):
        read_predictions(warehouse)


def test_missing_table_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    warehouse = make_warehouse(tmp_path / "w.duckdb")
    with duckdb.connect(str(warehouse)) as con:
        con.execute("DROP TABLE fct_sanctions")
    with pytest.raises(EvaluationError, match="fct_sanctions"):
        read_predictions(warehouse)
    gold = make_gold(tmp_path / "gold.json")
    assert main(["--gold", str(gold), "--warehouse", str(warehouse)]) == 2
    assert "'fct_sanctions' not found" in capsys.readouterr().err


def test_missing_contract_column_is_a_clear_error(tmp_path: Path) -> None:
    warehouse = make_warehouse(tmp_path / "w.duckdb")
    with duckdb.connect(str(warehouse)) as con:
        con.execute("ALTER TABLE fct_visits DROP COLUMN city")
    with pytest.raises(EvaluationError, match="lacks contract column.*city"):
        read_predictions(warehouse)


def test_missing_files_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    warehouse = make_warehouse(tmp_path / "w.duckdb")
    assert main(["--gold", str(tmp_path / "nope.json"), "--warehouse", str(warehouse)]) == 2
    assert "gold file not found" in capsys.readouterr().err
    gold = make_gold(tmp_path / "gold.json")
    assert main(["--gold", str(gold), "--warehouse", str(tmp_path / "nope.duckdb")]) == 2
    assert "warehouse file not found" in capsys.readouterr().err


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = make_gold(tmp_path / "gold.json", agreements={"required": [S400, RIFLES]})
    warehouse = make_warehouse(tmp_path / "w.duckdb", tables={"fct_agreements": [agreement(["IND", "RUS"])]})
    assert main(["--gold", str(gold), "--warehouse", str(warehouse), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert set(document["tables"]) == {"agreements", "visits", "sanctions"}
    agreements = document["tables"]["agreements"]
    assert (agreements["precision"], agreements["recall"]) == (1.0, 0.5)
    assert agreements["missed_required"] == ["ar2"]
    assert agreements["pairs"][0]["gold_id"] == "ar1"
    assert document["tables"]["visits"]["precision"] is None
    assert document["micro"]["f1"] == pytest.approx(2 / 3)
    assert document == report_to_dict(score(load_gold(gold), read_predictions(warehouse)))


def test_human_output_and_env_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    gold = make_gold(tmp_path / "gold.json", agreements={"required": [S400, RIFLES]})
    warehouse = make_warehouse(tmp_path / "w.duckdb", tables={"fct_agreements": [agreement(["IND", "USA"])]})
    monkeypatch.setenv("CHANCERY_WAREHOUSE", str(warehouse))
    assert main(["--gold", str(gold)]) == 0
    out = capsys.readouterr().out
    assert "main.fct_agreements" in out
    assert "micro" in out
    assert "agreements: ar1, ar2" in out
    assert "[IND,USA] signed 2018-10-05 'S-400 deal'" in out


def test_malformed_gold_is_a_clear_error(tmp_path: Path) -> None:
    gold = make_gold(
        tmp_path / "gold.json", visits={"required": [{"visitor_country": "RUS", "date": "6 Dec 2021"}]}
    )
    with pytest.raises(EvaluationError, match="malformed 'visits'.*6 Dec 2021"):
        load_gold(gold)


def test_seed_gold_file_loads() -> None:
    gold = load_gold(GOLD_DIR / "seed_facts.json")
    assert {key: len(table.required) for key, table in gold.tables.items()} == {
        "agreements": 11,
        "visits": 6,
        "sanctions": 8,
    }
    assert all(fact.id for table in gold.tables.values() for fact in (*table.required, *table.acceptable))


# The rules of 2026-12-06: fields are phrases a reader can chart, not copies of the sentence.
@pytest.mark.parametrize(
    ("subject", "matches"),
    [("S-400 air defence systems", True), ("x" * 70 + " S-400", True), ("x" * 80 + " S-400", False)],
)
def test_agreement_subject_is_a_phrase_of_at_most_80_characters(
    tmp_path: Path, subject: str, matches: bool
) -> None:
    result = agreements_score(tmp_path, {"required": [S400]}, [agreement(["IND", "RUS"], subject=subject)])
    assert result.counts.tp == int(matches)


@pytest.mark.parametrize(
    ("gold_visitor", "row_name", "matches"),
    [("Recep Tayyip Erdoğan", "Recep Tayyip ERDOGAN", True), ("Mark Esper", "Esper", True),
     ("Mark Esper", "Mike Pompeo", False), ("Mark Esper", None, False), (None, None, True)],
)
def test_visitor_name_is_checked_when_the_gold_names_one(
    tmp_path: Path, gold_visitor: str | None, row_name: str | None, matches: bool
) -> None:
    gold = {"required": [{"visitor": gold_visitor, "visitor_country": "RUS", "host_country": "IND", "date": None}]}
    row = (row_name, "RUS", "IND", None, None, None)
    result = table_score(evaluate(tmp_path, {"visits": gold}, {"fct_visits": [row]}), "visits")
    assert result.counts.tp == int(matches)


@pytest.mark.parametrize(("reason", "matches"), [("over the S-400 purchase", True), ("S-400 " + "y" * 160, False)])
def test_legal_basis_and_reason_together_are_at_most_160_characters(
    tmp_path: Path, reason: str, matches: bool
) -> None:
    gold = {"required": [{"imposer": "USA", "target": "TUR", "status": "imposed", "keywords": ["S-400"]}]}
    result = table_score(evaluate(tmp_path, {"sanctions": gold}, {"fct_sanctions": [sanction(reason=reason)]}),
                         "sanctions")
    assert result.counts.tp == int(matches)


def test_explain_names_the_fields_that_disagree(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    quoted = {**S400, "quote": "They signed the S-400 deal."}
    gold = make_gold(tmp_path / "gold.json", agreements={"required": [quoted]})
    warehouse = make_warehouse(tmp_path / "w.duckdb", tables={"fct_agreements": [
        agreement(["IND", "RUS"], status="proposed"), agreement(["CHN", "IND"], subject="trade")]})
    assert main(["--gold", str(gold), "--warehouse", str(warehouse), "--explain"]) == 0
    out = capsys.readouterr().out
    assert "MISSED ar1 (?): 'They signed the S-400 deal.'" in out
    assert "nearest row: [IND,RUS] proposed 2018-10-05 'S-400 deal'; differs in: status" in out
    assert "SPURIOUS [CHN,IND] signed 2018-10-05 'trade'" in out
    assert "nearest gold: ar1; differs in: parties, subject keyword" in out
    main(["--gold", str(gold), "--warehouse", str(warehouse), "--explain", "--json"])
    explained = json.loads(capsys.readouterr().out)["tables"]["agreements"]["missed_explained"]
    assert explained == [{"gold_id": "ar1", "quote": "They signed the S-400 deal.", "files": [],
                          "nearest_row": "[IND,RUS] proposed 2018-10-05 'S-400 deal'", "differs_in": ["status"]}]


def test_dated_share_counts_matched_facts_whose_gold_gives_a_date(tmp_path: Path) -> None:
    undated_rifles = {**RIFLES, "date": None}
    result = agreements_score(tmp_path, {"required": [S400, undated_rifles]}, [
        agreement(["IND", "RUS"], subject="S-400", day=None), agreement(["IND", "RUS"], subject="AK-203 rifles")])
    assert result.counts.tp == 2
    assert result.dated == (0, 1)  # the S-400 gold has a date its row lacks; the rifles gold has none


def test_of_two_rows_stating_one_fact_the_dated_one_is_paired() -> None:
    s400 = GoldAgreement("s", frozenset({"IND", "RUS"}), ("S-400",), None, FuzzyDate(date(2018, 1, 1), "year"))
    undated = AgreementRow(frozenset({"IND", "RUS"}), "S-400", None, None, None)
    dated = AgreementRow(frozenset({"IND", "RUS"}), "S-400", None, FuzzyDate(date(2018, 10, 5), "day"), None)
    # The undated row comes first; the dated one is the fact's pair, the undated one the duplicate.
    assert pair([undated, dated], [s400], []) == {1: 0}


def test_text_gives_date_when_the_article_was_dated_or_the_quote_names_the_year() -> None:
    def fact(quote: str, files: tuple[str, ...] = ("deal-story",), day: str | None = "2019-10-12") -> GoldAgreement:
        return GoldAgreement(id="ar1", parties=frozenset({"CHN", "USA"}), keywords=("trade",), statuses=None,
                             date=None if day is None else FuzzyDate.parse_gold(day), quote=quote, files=files)

    undated_article: frozenset[str] = frozenset()
    assert not text_gives_date(fact("They agreed on Saturday to cut tariffs."), undated_article)
    assert text_gives_date(fact("They agreed on Saturday to cut tariffs."), frozenset({"deal-story"}))
    assert text_gives_date(fact("Their 2019 deal cuts tariffs."), undated_article)
    assert not text_gives_date(fact("Their 20195 deal cuts tariffs."), undated_article)
    assert not text_gives_date(fact("Their 2019 deal cuts tariffs.", day=None), frozenset({"deal-story"}))


def test_text_dated_share_leaves_out_facts_dated_only_by_the_provenance(tmp_path: Path) -> None:
    said_year = {**RIFLES, "quote": "The 2021 contract covers AK-203 rifles.", "files": ["rifles"]}
    unseen_year = {**S400, "quote": "They signed the S-400 deal on Friday.", "files": ["s400"]}
    gold = make_gold(tmp_path / "gold.json", agreements={"required": [unseen_year, said_year]})
    warehouse = make_warehouse(tmp_path / "w.duckdb", tables={"fct_agreements": [
        agreement(["IND", "RUS"], subject="S-400", day=None), agreement(["IND", "RUS"], subject="AK-203 rifles",
                                                                        day=date(2021, 12, 6))]})
    result = table_score(score(load_gold(gold), read_predictions(warehouse)), "agreements")
    assert result.dated == (1, 2)
    assert result.text_dated == (1, 1)  # the S-400 row's missing date was never in its text
