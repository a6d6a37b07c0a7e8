"""The dbt resource for Dagster assets built with dagster-dbt: dagster-dbt's subset selection and its translation
of dbt results into Dagster outputs and checks, with dbt run by `pipeline.transform.dbt_commands` (in a worker started
ahead of the run, or in this process), not in a `dbt` subprocess per command.

dagster-dbt's `DbtCliResource` starts a `dbt` subprocess per command, which repeats the Python start-up, the
dbt imports and the first command's set-up: as long as the build itself on a large warehouse, and the largest
fixed cost of an incremental run (figures in bench/RESULTS.md).
"""

import os
import shutil
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

from dagster import AssetExecutionContext, ConfigurableResource, InitResourceContext
from dagster_dbt.asset_utils import extract_runtime_selection_from_args, get_updated_cli_invocation_params_for_context
from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage
from dagster_dbt.errors import DagsterDbtCliRuntimeError
from pydantic import Field

from pipeline.transform.dbt_commands import Outcome, run_command, start_worker, stop_workers, take_worker

_FAILED = frozenset({"error", "fail", "runtime error"})
FILE_LOG_LEVEL_ENV = "DBT_LOG_LEVEL_FILE"
# Command folders (dbt.log, compiled SQL) kept per asset step under the target path; older ones are removed.
KEEP_COMMAND_FOLDERS = 20


class HeldDatabase(Protocol):
    def released(self) -> AbstractContextManager[tuple[str, dict[str, str]]]:
        """Let go of the database for another process to write it, meanwhile; yield its path and the connection
        configuration to open it with."""


class DbtResource(ConfigurableResource):
    """Runs dbt commands for the dbt assets. Each command gets its own target folder (artifacts and a JSON
    `dbt.log`) under $DBT_TARGET_PATH, or the project's target folder, as with dagster-dbt."""

    project_dir: str = Field(description="The dbt project folder; its profiles.yml is used.")
    worker_profile_env: dict[str, str] = Field(
        default={}, description="The profile settings (working database, memory limit) of the command a run is "
        "expected to send: a dbt worker is started for them as the run begins, unless one is waiting already (a "
        "run's process starts it before loading the definitions), to import dbt and parse the "
        "project while the Python assets run. None given, or other settings sent, dbt runs in the run's process.")

    def setup_for_execution(self, context: InitResourceContext) -> None:
        # Dagster sets up a resource for a run only when one of the run's steps needs it.
        if self.worker_profile_env:
            start_worker(Path(self.project_dir), self.worker_profile_env)

    def teardown_after_execution(self, context: InitResourceContext) -> None:
        stop_workers()

    def stream(self, args: Sequence[str], context: AssetExecutionContext, *, profile_env: Mapping[str, str],
               database: HeldDatabase) -> Iterator[Any]:
        """Run `dbt <args>` on the assets the step selected, with the profile reading `profile_env`, which names
        `database`; yield their Dagster outputs and check results, then raise if dbt failed (outputs of the nodes
        that succeeded are yielded first)."""
        cleaned_args, selects, excludes = extract_runtime_selection_from_args(args)
        params = get_updated_cli_invocation_params_for_context(
            context=context, manifest={}, dagster_dbt_translator=None,  # both are read from the step's assets
            runtime_selects=selects, runtime_excludes=excludes)
        project_dir = Path(params.dbt_project.project_dir if params.dbt_project else self.project_dir)
        target = self._target_path(context)
        full_args = [*cleaned_args, *params.selection_args, "--project-dir", str(project_dir),
                     "--profiles-dir", str(Path(self.project_dir)), "--target-path", str(target),
                     "--log-path", str(target), "--log-format-file", "json", "--no-send-anonymous-usage-stats",
                     # dbt.log records each node and its result; its debug events (each statement, the parsing)
                     # are costly on large warehouses (bench/RESULTS.md), so DBT_LOG_LEVEL_FILE=debug opts in.
                     *([] if os.environ.get(FILE_LOG_LEVEL_ENV) else ["--log-level-file", "info"]),
                     # The results reach Dagster as events, so manifest.json and run_results.json would be
                     # written for nobody. dbt.log still records every node.
                     "--no-use-colors", "--no-write-json"]
        if params.indirect_selection:
            full_args += ["--indirect-selection", params.indirect_selection]

        context.log.info(f"running dbt: dbt {' '.join(full_args)}")
        failed: list[str] = []
        errors: list[str] = []
        checks = {spec.name for spec in context.assets_def.check_specs}
        outcome = Outcome(False)
        for kind, value in self._run(full_args, target, profile_env, database):
            if kind == "outcome":
                outcome = value
            elif kind == "error":
                errors.append(value)
            # A test that is no asset check (the translator makes none of the seeds' tests) would become an
            # observation, logged with a warning that misreads why it ran; dbt.log has its result, and a
            # failure still fails the step below.
            elif value["info"]["name"] != "LogTestResult" or value["data"]["node_info"]["node_name"] in checks:
                event = DbtCoreCliEventMessage(raw_event=value, event_history_metadata={})
                yield from event.to_default_asset_events(manifest=params.manifest,
                                                         dagster_dbt_translator=params.dagster_dbt_translator,
                                                         context=context, target_path=target)
            if kind == "result" and value["data"].get("status") in _FAILED:
                failed.append(f"{value['data']['node_info']['unique_id']}: {value['info']['msg']}")
        self._forget_old_commands(context, target)
        if not outcome.success:
            detail = "\n".join(failed or errors or [str(outcome.exception)])
            raise DagsterDbtCliRuntimeError(
                description=f"`dbt {' '.join(cleaned_args)}` failed; see {target / 'dbt.log'}:\n{detail}")

    def _run(self, args: list[str], target: Path, profile_env: Mapping[str, str],
             database: HeldDatabase) -> Iterator[tuple[str, Any]]:
        """What the command reports, and last its outcome: from the worker started for it if there is one (which
        has the database meanwhile), else from dbt run here."""
        project_dir = Path(self.project_dir)
        worker = take_worker(project_dir, profile_env)
        if worker:
            with database.released() as (path, config):
                yield from worker.run(args, target, path, config)
            return
        os.environ.update(profile_env)
        reported: list[tuple[str, Any]] = []
        outcome = run_command(args, target, project_dir, profile_env,
                              lambda kind, value: reported.append((kind, value)))
        yield from reported
        yield "outcome", outcome

    def _target_base(self) -> Path:
        return Path(os.environ.get("DBT_TARGET_PATH") or Path(self.project_dir) / "target")

    def _target_path(self, context: AssetExecutionContext) -> Path:
        target = self._target_base() / f"{context.op.name}-{context.run.run_id[:7]}-{str(uuid.uuid4())[:7]}"
        target.mkdir(parents=True)
        return target

    def _forget_old_commands(self, context: AssetExecutionContext, current: Path) -> None:
        """Remove this step's command folders beyond the newest KEEP_COMMAND_FOLDERS: a scheduled pipeline would
        otherwise leave one behind per run, for good."""
        folders = sorted((folder for folder in self._target_base().glob(f"{context.op.name}-*") if folder.is_dir()),
                         key=lambda folder: folder.stat().st_mtime)
        for old in folders[:-KEEP_COMMAND_FOLDERS]:
            if old != current:
                shutil.rmtree(old, ignore_errors=True)
