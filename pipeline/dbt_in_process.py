"""dbt commands run in this process (dbt's programmatic `dbtRunner`) for Dagster assets built with
dagster-dbt: its subset selection and its translation of dbt results into Dagster outputs and checks.

dagster-dbt's `DbtCliResource` starts a `dbt` subprocess per command, which repeats the Python start-up,
the dbt imports and an adapter load this process has done already: about 1.5 s of a `dbt build` that
otherwise takes 3 s on a 10,000-article warehouse, and the largest fixed cost of an incremental run.
"""

import os
import shutil
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from dagster import AssetExecutionContext, ConfigurableResource
from dagster_dbt.asset_utils import extract_runtime_selection_from_args, get_updated_cli_invocation_params_for_context
from dagster_dbt.core.dbt_cli_event import DbtCoreCliEventMessage
from dagster_dbt.errors import DagsterDbtCliRuntimeError
from pydantic import Field

# The dbt events that carry a node's result; the only ones dagster-dbt turns into Dagster events.
_RESULT_EVENTS = frozenset({"LogSeedResult", "LogModelResult", "LogSnapshotResult", "LogTestResult"})
_FAILED = frozenset({"error", "fail", "runtime error"})
PARSE_STATE = "partial_parse.msgpack"


class DbtInProcessResource(ConfigurableResource):
    """Runs dbt in the Dagster process. Each command gets its own target folder (artifacts and a JSON
    `dbt.log`) under $DBT_TARGET_PATH, or the project's target folder, as with dagster-dbt."""

    project_dir: str = Field(description="The dbt project folder; its profiles.yml is used.")

    def stream(self, args: Sequence[str], context: AssetExecutionContext) -> Iterator[Any]:
        """Run `dbt <args>` on the assets the step selected; yield their Dagster outputs and check results,
        then raise if dbt failed (outputs of the nodes that succeeded are yielded first)."""
        from dbt.cli.main import dbtRunner
        from dbt_common.events.functions import msg_to_dict

        cleaned_args, selects, excludes = extract_runtime_selection_from_args(args)
        params = get_updated_cli_invocation_params_for_context(
            context=context, manifest={}, dagster_dbt_translator=None,  # both are read from the step's assets
            runtime_selects=selects, runtime_excludes=excludes)
        project_dir = Path(params.dbt_project.project_dir if params.dbt_project else self.project_dir)
        target = self._target_path(context)
        full_args = [*cleaned_args, *params.selection_args, "--project-dir", str(project_dir),
                     "--profiles-dir", str(Path(self.project_dir)), "--target-path", str(target),
                     "--log-path", str(target), "--log-format-file", "json", "--no-send-anonymous-usage-stats",
                     # The results reach Dagster as events; writing manifest.json twice and run_results.json
                     # costs a 10,000-article run 0.4 s. dbt.log still records every node.
                     "--no-use-colors", "--no-write-json"]
        if params.indirect_selection:
            full_args += ["--indirect-selection", params.indirect_selection]

        results: list[dict[str, Any]] = []
        errors: list[str] = []

        def collect(event: Any) -> None:
            if event.info.name in _RESULT_EVENTS:
                results.append(msg_to_dict(event))
            elif event.info.level == "error":
                errors.append(event.info.msg)

        context.log.info(f"running dbt in-process: dbt {' '.join(full_args)}")
        outcome = dbtRunner(callbacks=[collect]).invoke(full_args)
        self._keep_parse_state(target)
        failed = []
        checks = {spec.name for spec in context.assets_def.check_specs}
        for raw in results:
            # A test that is no asset check (the translator makes none of the seeds' tests) would become an
            # observation, logged with a warning that misreads why it ran; dbt.log has its result, and a
            # failure still fails the step below.
            if raw["info"]["name"] != "LogTestResult" or raw["data"]["node_info"]["node_name"] in checks:
                event = DbtCoreCliEventMessage(raw_event=raw, event_history_metadata={})
                yield from event.to_default_asset_events(manifest=params.manifest,
                                                         dagster_dbt_translator=params.dagster_dbt_translator,
                                                         context=context, target_path=target)
            if raw["data"].get("status") in _FAILED:
                failed.append(f"{raw['data']['node_info']['unique_id']}: {raw['info']['msg']}")
        if not outcome.success:
            detail = "\n".join(failed or errors or [repr(outcome.exception)])
            raise DagsterDbtCliRuntimeError(
                description=f"`dbt {' '.join(cleaned_args)}` failed; see {target / 'dbt.log'}:\n{detail}")

    @property
    def _parse_state(self) -> Path:
        return Path(self.project_dir) / "target" / PARSE_STATE

    def _target_path(self, context: AssetExecutionContext) -> Path:
        base = Path(os.environ.get("DBT_TARGET_PATH") or Path(self.project_dir) / "target")
        target = base / f"{context.op.name}-{context.run.run_id[:7]}-{str(uuid.uuid4())[:7]}"
        target.mkdir(parents=True)
        # Reuse the last command's parse state, so dbt re-parses only what changed since.
        if self._parse_state.exists():
            shutil.copy(self._parse_state, target / PARSE_STATE)
        return target

    def _keep_parse_state(self, target: Path) -> None:
        """Hand this command's parse state to the next one. dbt parses the whole project again when the
        profile's connection settings differ from those of the state it reads (the working database path
        is one), so the state of the project's own `dbt parse` does not serve `chancery run`'s warehouse:
        without this, every run paid for a full parse (3 s of a 10,000-article incremental run)."""
        written = target / PARSE_STATE
        if written.exists():
            partial = self._parse_state.with_name(f"{PARSE_STATE}.{uuid.uuid4().hex[:8]}")
            shutil.copy(written, partial)
            os.replace(partial, self._parse_state)  # atomic: a concurrent command reads the old or the new state
