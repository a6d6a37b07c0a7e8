"""The dbt project's files and the manifest the dbt assets are defined from, which must match them.

This module imports neither dbt nor dagster-dbt at the top: `chancery run` asks it, before importing the
definitions, whether they will need dbt to parse the project.
"""

from pathlib import Path

from pipeline.paths import DBT_PROJECT_DIR

# What the manifest is parsed from.
PROJECT_INPUTS = ("models", "seeds", "macros", "dbt_project.yml", "profiles.yml")
# dagster-dbt's default place for it (DbtProject's target_path).
MANIFEST = DBT_PROJECT_DIR / "target" / "manifest.json"


def project_files(project_dir: Path, names: tuple[str, ...]) -> list[Path]:
    """Every file of these files and folders of a dbt project, sorted."""
    paths = [project_dir / name for name in names]
    return sorted(f for path in paths for f in ([path] if path.is_file() else path.rglob("*")) if f.is_file())


def manifest_is_current(manifest: Path = MANIFEST) -> bool:
    """True when the manifest is newer than every file it is parsed from."""
    if not manifest.exists():
        return False
    built = manifest.stat().st_mtime
    return all(f.stat().st_mtime <= built for f in project_files(DBT_PROJECT_DIR, PROJECT_INPUTS))


def parse_project(target: Path) -> None:
    """`dbt parse` into `target`, in this process, which writes a manifest that matches the project."""
    from dbt.cli.main import dbtRunner

    parsed = dbtRunner().invoke(["parse", "--quiet", "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir",
                                 str(DBT_PROJECT_DIR), "--target-path", str(target)])
    if not parsed.success:
        raise RuntimeError(f"dbt parse failed for {DBT_PROJECT_DIR}: {parsed.exception}")
