"""The Dagster UI's buttons, clicked through the GraphQL API the UI sends them to, on `dagster dev` with a
throwaway DAGSTER_HOME, warehouse and copy of the seeds: "Materialize all" on the Lineage page, one asset's
"Materialize", a publication selected alone, and a run whose check fails; then the pages a user looks at, in
headless Chromium.

One `dagster dev` serves the module (it takes a while to start); the tests run in file order on its warehouse,
the failing one last."""

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance

from pipeline.defs.checks import FACT_CONTRACT
from tests.dagster_ui import DagsterUI, start_dagster_dev
from tests.warehouse_runs import SEEDS_DIR, Warehouse, file_digest, history, new_article_folder, query

CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
FACT_TABLES = [table for table in FACT_CONTRACT if table.startswith("fct_")]


@pytest.fixture(scope="module")
def ui(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DagsterUI]:
    ui = start_dagster_dev(tmp_path_factory.mktemp("dagster_ui"), SEEDS_DIR)
    try:
        yield ui
    finally:
        ui.stop()


@pytest.fixture(scope="module")
def everything(ui: DagsterUI) -> str:
    """The run of the Lineage page's "Materialize all": every asset and every check."""
    run_id = ui.launch(ui.selection())
    assert ui.wait(run_id)["status"] == "SUCCESS", ui.log[-5000:]
    return run_id


def facts(published: Path) -> dict[str, list[tuple]]:
    return {table: query(published, f"select {', '.join(FACT_CONTRACT[table])} from marts.{table} order by all")
            for table in FACT_TABLES}


def step_failures(ui: DagsterUI, run_id: str) -> dict[str, str]:
    return {event["stepKey"]: event["error"]["message"] for event in ui.events(run_id)
            if event["__typename"] == "ExecutionStepFailureEvent"}


def test_materialize_all_publishes_the_same_facts_as_chancery_run(ui: DagsterUI, everything: str,
                                                                  seed_warehouse: Warehouse) -> None:
    [(run_id, snapshot)] = history(ui.published)
    assert run_id == everything and snapshot
    built = facts(ui.published)
    assert all(built.values())
    assert built == facts(seed_warehouse.published)  # what `chancery run` published from the same seeds
    evaluations = [event["evaluation"] for event in ui.events(everything)
                   if event["__typename"] == "AssetCheckEvaluationEvent"]
    assert {"raw_articles_not_empty", "mentions_found", "fct_agreements_matches_contract",
            "published_snapshot_is_current"} <= {evaluation["checkName"] for evaluation in evaluations}
    assert all(evaluation["success"] for evaluation in evaluations)


def test_a_run_the_daemon_launched_builds_dbt_in_a_dbt_worker(ui: DagsterUI, everything: str) -> None:
    """As with `chancery run`: the run's process loaded the definitions without dbt-core, and its dbt command ran
    in the worker it started as it began (pipeline/transform/dbt_commands.py)."""
    with DagsterInstance.from_config(str(ui.home)) as instance:
        run_pids = {record.dagster_event.pid for record in instance.all_logs(everything)
                    if record.dagster_event and record.dagster_event.pid}
    [command] = ui.dbt_commands.glob(f"chancery_dbt_models-{everything[:7]}-*")
    dbt_pids = {json.loads(line)["info"]["pid"] for line in (command / "dbt.log").read_text().splitlines()}
    assert run_pids and dbt_pids and not run_pids & dbt_pids


def test_one_asset_materializes_with_its_check_and_publishes_nothing(ui: DagsterUI, everything: str) -> None:
    before = file_digest(ui.published)
    selection = ui.selection(["marts", "fct_agreements"])
    assert selection.checks == [(["marts", "fct_agreements"], "fct_agreements_matches_contract")]
    run_id = ui.launch(selection)
    assert ui.wait(run_id)["status"] == "SUCCESS", step_failures(ui, run_id)
    evaluations = [event["evaluation"] for event in ui.events(run_id)
                   if event["__typename"] == "AssetCheckEvaluationEvent"]
    assert [(e["checkName"], e["success"]) for e in evaluations] == [("fct_agreements_matches_contract", True)]
    assert file_digest(ui.published) == before


def test_the_job_page_runs_the_job_and_publishes_a_new_article(ui: DagsterUI, everything: str) -> None:
    """The build_warehouse job, as its page's "Materialize all", the schedules and the sensor launch it."""
    new_article_folder(ui.inputs / "new")
    run_id = ui.launch(None, job="build_warehouse")
    assert ui.wait(run_id)["status"] == "SUCCESS", step_failures(ui, run_id)
    assert [run for run, _ in history(ui.published)] == [everything, run_id]
    assert query(ui.published, "select count(*) from marts.dim_articles where title like 'Japan and Canada%'") == [
        (1,)]


def test_the_publication_alone_publishes_nothing_and_says_why(ui: DagsterUI, everything: str) -> None:
    before, published = file_digest(ui.published), history(ui.published)
    run_id = ui.launch(ui.selection(["published_warehouse"]))
    assert ui.wait(run_id)["status"] == "FAILURE"
    failure = step_failures(ui, run_id)["published_warehouse"]
    assert "nothing was published" in failure
    assert "raw_articles:raw_articles_not_empty (not evaluated in this run)" in failure
    assert file_digest(ui.published) == before and history(ui.published) == published


@pytest.mark.skipif(CHROMIUM is None, reason="no Chromium to load the UI in: apt-get install chromium "
                                             "(.ci/run installs it)")
def test_the_asset_graph_and_a_run_page_render(ui: DagsterUI, everything: str, tmp_path: Path) -> None:
    def page(path: str, name: str) -> str:
        browser = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                   "--window-size=1600,2400", "--virtual-time-budget=30000", f"--user-data-dir={tmp_path / name}"]
        url = f"{ui.url}/{path}"
        # Screenshots for a person to look at (pytest keeps the latest tmp folders). The window is tall enough for
        # the graph to draw every mart: it draws the nodes in view only.
        subprocess.run([*browser, f"--screenshot={tmp_path / name}.png", url], capture_output=True, timeout=180)
        dom = subprocess.run([*browser, "--dump-dom", url], capture_output=True, text=True, timeout=180).stdout
        text = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", "", dom, flags=re.S))
        return re.sub(r"\s+", " ", text)

    graph = page("locations/chancery/asset-groups/marts", "marts")
    assert all(table in graph for table in FACT_TABLES) and "published_warehouse" in graph
    assert "Materialize all" in graph
    run = page(f"runs/{everything}", "run")
    assert f"{everything[:8]} [SUCCESS]" in run or "Success" in run
    assert "published_warehouse" in run and "chancery_dbt_models" in run
    assert (tmp_path / "marts.png").stat().st_size > 10_000 and (tmp_path / "run.png").stat().st_size > 10_000


def test_a_failing_check_publishes_nothing(ui: DagsterUI, everything: str) -> None:
    """Last: it leaves the module's working database broken. A landing row breaks a dbt test that is a blocking
    check of a staging model; with a new article to publish, the run fails and publishes nothing."""
    before, publications = file_digest(ui.published), history(ui.published)
    (ui.inputs / "brazil_chile.txt").write_text("Brazil and Chile sign energy pact\n\nBRASILIA, May 5, 2024 - Brazil "
                                                "and Chile signed an energy agreement on Monday.\n")
    with duckdb.connect(str(ui.published.parent / ".work" / ui.published.name)) as conn:
        conn.execute("""insert into landing.raw_articles by name
                        select * replace ('bad' || article_id as article_id, source_uri || '.pdf' as source_uri,
                                          'pdf' as media_type, 'bad' || content_hash as content_hash)
                        from landing.raw_articles limit 1""")
    run_id = ui.launch(ui.selection())
    assert ui.wait(run_id)["status"] == "FAILURE"
    events = ui.events(run_id)
    failed = [event["evaluation"]["checkName"] for event in events
              if event["__typename"] == "AssetCheckEvaluationEvent" and not event["evaluation"]["success"]]
    assert any(name.startswith("accepted_values_stg_landing__raw_articles_media_type") for name in failed)
    publication = [event for event in events if event.get("stepKey") == "published_warehouse"]
    assert "ExecutionStepStartEvent" not in {event["__typename"] for event in publication}  # never started
    assert any("Dependencies for step published_warehouse failed" in event["message"] for event in publication)
    assert file_digest(ui.published) == before and history(ui.published) == publications
