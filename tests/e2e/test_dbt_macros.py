"""The dbt project's aggregate macros, compiled and run by dbt on DuckDB: ties are broken by the value itself."""


import pytest
from dbt.cli.main import dbtRunner

from pipeline.paths import DBT_PROJECT_DIR, WORK_DATABASE_ENV

CASES = [
    # Ties are broken by the value itself, whatever order the rows come in, so a rebuild gives the same facts.
    ("{{ max_by('x', 'length(x)') }}", ["'aa'", "'bb'", "'c'"], "bb"),
    ("{{ max_by('x', 'length(x)') }}", ["'bb'", "'aa'", "'c'"], "bb"),
    ("{{ min_by('x', 'k') }}", ["'month'", "'day'"], "day"),
    ("{{ max_by('x', 'length(x)') }}", ["null", "'c'"], "c"),  # a null key is skipped, as before
    ("{{ mode('x') }}", ["'z'", "'y'", "'y'", "'z'", "'a'"], "y"),
    ("{{ mode('x') }}", ["'y'", "'z'", "'z'", "'y'", "'a'"], "y"),
]


@pytest.fixture(scope="module")
def picked(tmp_path_factory: pytest.TempPathFactory) -> dict[int, str]:
    """What each case's expression picks, all cases in one `dbt show` (dbt's start and parse are most of its time)."""
    folder = tmp_path_factory.mktemp("dbt_macros")
    cases = " union all ".join(
        f"select {index} as case_index, {expression} as picked from (values "
        + ", ".join(f"({row}, 1)" for row in rows) + ") as t(x, k)"
        for index, (expression, rows, _) in enumerate(CASES))
    with pytest.MonkeyPatch.context() as monkeypatch:
        monkeypatch.setenv(WORK_DATABASE_ENV, str(folder / "scratch.duckdb"))
        shown = dbtRunner().invoke(["show", "--inline", cases, "--limit", str(len(CASES)),
                                    "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR),
                                    "--target-path", str(folder / "target"), "--log-path", str(folder), "--quiet"])
    assert shown.success, shown.exception
    return {int(index): value for index, value in shown.result.results[0].agate_table.rows}


@pytest.mark.parametrize(("case", "expected"), [(index, expected) for index, (_, _, expected) in enumerate(CASES)],
                         ids=[f"{expression} over {', '.join(rows)}" for expression, rows, _ in CASES])
def test_aggregates_break_ties_by_value(picked: dict[int, str], case: int, expected: str) -> None:
    assert picked[case] == expected
