"""`dagster dev` on a free local port with a throwaway DAGSTER_HOME, warehouse and sources config, driven through
the GraphQL API its UI uses: the queries and mutations below are the ones the UI's buttons send."""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
DAGSTER = str(Path(sys.executable).with_name("dagster"))
LOCATION, REPOSITORY, ASSET_JOB = "chancery", "__repository__", "__ASSET_JOB"
FINISHED = {"SUCCESS", "FAILURE", "CANCELED"}

ASSET_NODES = """{ assetNodes { assetKey { path } isExecutable
  assetChecksOrError { ... on AssetChecks { checks { name } } } } }"""
LAUNCH = """mutation Launch($executionParams: ExecutionParams!) {
  launchPipelineExecution(executionParams: $executionParams) {
    __typename ... on LaunchRunSuccess { run { runId } } ... on Error { message }
    ... on RunConfigValidationInvalid { errors { message } } } }"""
RUN = """query Run($runId: ID!) { runOrError(runId: $runId) { __typename
  ... on Run { status startTime endTime } ... on Error { message } } }"""
RUN_EVENTS = """query Events($runId: ID!, $after: String) { logsForRun(runId: $runId, afterCursor: $after) {
  __typename ... on EventConnection { cursor hasMore events { __typename
    ... on MessageEvent { message stepKey }
    ... on ExecutionStepFailureEvent { error { message } }
    ... on AssetCheckEvaluationEvent { evaluation { checkName success assetKey { path } } } } } } }"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Selection:
    """What a "Materialize" button launches: asset keys, and the checks of those assets."""

    assets: list[list[str]]
    checks: list[tuple[list[str], str]] = field(default_factory=list)


@dataclass
class DagsterUI:
    """A running `dagster dev` (webserver, daemon, code server) and the files it works on."""

    folder: Path
    port: int
    process: subprocess.Popen[bytes]
    home: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def published(self) -> Path:
        return self.folder / "warehouse" / "news.duckdb"

    @property
    def inputs(self) -> Path:
        return self.folder / "inputs"

    @property
    def dbt_commands(self) -> Path:
        """Where the runs' dbt commands keep their folders (dbt.log, compiled SQL)."""
        return self.folder / "dbt_target"

    @property
    def log(self) -> str:
        return (self.folder / "dagster-dev.log").read_text(errors="replace")

    def graphql(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        request = urllib.request.Request(f"{self.url}/graphql", headers={"Content-Type": "application/json"},
                                         data=json.dumps({"query": query, "variables": variables or {}}).encode())
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                answer = json.load(response)
        except urllib.error.HTTPError as error:  # a query the server refuses says why in its body
            raise AssertionError(f"{error}: {error.read().decode(errors='replace')[:2000]}") from error
        assert "errors" not in answer, answer["errors"]
        return answer["data"]

    def selection(self, *only: list[str]) -> Selection:
        """Every executable asset with its checks (the Lineage page's "Materialize all"), or the assets named
        (an asset's own "Materialize"), as the UI builds them from the asset nodes."""
        nodes = [node for node in self.graphql(ASSET_NODES)["assetNodes"] if node["isExecutable"]
                 and (not only or node["assetKey"]["path"] in only)]
        return Selection(assets=[node["assetKey"]["path"] for node in nodes],
                         checks=[(node["assetKey"]["path"], check["name"]) for node in nodes
                                 for check in node["assetChecksOrError"].get("checks", [])])

    def launch(self, selection: Selection | None, job: str = ASSET_JOB) -> str:
        """Launch a run of the assets selected (a "Materialize" button), or of a whole job (its page's
        "Materialize all"), as the UI does; the run is queued for the daemon."""
        selector: dict[str, Any] = {"repositoryLocationName": LOCATION, "repositoryName": REPOSITORY,
                                    "pipelineName": job}
        if selection is not None:
            selector["assetSelection"] = [{"path": path} for path in selection.assets]
            selector["assetCheckSelection"] = [{"assetKey": {"path": path}, "name": name}
                                               for path, name in selection.checks]
        params = {"selector": selector, "mode": "default", "executionMetadata": {"tags": []}}
        launched = self.graphql(LAUNCH, {"executionParams": params})["launchPipelineExecution"]
        assert launched["__typename"] == "LaunchRunSuccess", launched
        return launched["run"]["runId"]

    def run(self, run_id: str) -> dict[str, Any]:
        return self.graphql(RUN, {"runId": run_id})["runOrError"]

    def wait(self, run_id: str, timeout: float = 600) -> dict[str, Any]:
        """The run once it finished (queued, launched by the daemon, run)."""
        deadline = time.monotonic() + timeout
        while (run := self.run(run_id))["status"] not in FINISHED:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise AssertionError(f"run {run_id} is {run['status']} after {timeout}s\n{self.log[-3000:]}")
            time.sleep(0.5)
        return run

    def events(self, run_id: str) -> list[dict[str, Any]]:
        events, after = [], None
        while True:
            page = self.graphql(RUN_EVENTS, {"runId": run_id, "after": after})["logsForRun"]
            events += page["events"]
            after = page["cursor"]
            if not page["hasMore"]:
                return events

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def start_dagster_dev(folder: Path, seeds: Path, timeout: float = 300, *, home: Path | None = None,
                      sources: Path | None = None, published: Path | None = None) -> DagsterUI:
    """`dagster dev -w workspace.yaml` on a free port, with its own DAGSTER_HOME (`folder/dagster_home`), reading
    a copy of `seeds` (through its own sources config) into a warehouse under `folder`. The benchmark gives its own
    home, sources config and warehouse instead."""
    if sources is None:
        shutil.copytree(seeds, folder / "inputs")
        sources = folder / "sources.yaml"
        sources.write_text(f"paths: [{json.dumps(str(folder / 'inputs'))}]\n")
    home = home or folder / "dagster_home"
    home.mkdir(exist_ok=True)
    if not (home / "dagster.yaml").exists():
        (home / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    port = free_port()
    env = {**os.environ, "DAGSTER_HOME": str(home),
           "CHANCERY_WAREHOUSE": str(published or folder / "warehouse" / "news.duckdb"),
           "CHANCERY_SOURCES": str(sources), "DBT_TARGET_PATH": str(folder / "dbt_target")}
    # Its own process group: stopping it stops the webserver, the daemon, the code server and their runs.
    process = subprocess.Popen([DAGSTER, "dev", "-w", str(REPO_ROOT / "workspace.yaml"), "-h", "127.0.0.1",
                                "-p", str(port)], cwd=REPO_ROOT, env=env, start_new_session=True,
                               stdout=(folder / "dagster-dev.log").open("wb"), stderr=subprocess.STDOUT)
    ui = DagsterUI(folder, port, process, home)
    deadline = time.monotonic() + timeout
    while True:
        try:
            if any(node["isExecutable"] for node in ui.graphql(ASSET_NODES)["assetNodes"]):
                return ui
        except (urllib.error.URLError, ConnectionError, AssertionError, KeyError):
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            ui.stop()
            raise AssertionError(f"dagster dev did not serve the code location\n{ui.log[-3000:]}")
        time.sleep(1)
