"""The package tree is the architecture: each stage folder imports only the layers beneath it."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "pipeline"
FOUNDATION = {"paths", "versions", "pause", "process_end", "children", "budget"}
# What each folder (or foundation module) may import from the pipeline, besides itself and the foundation.
ALLOWED: dict[str, set[str]] = {
    "foundation": set(),
    "text": set(),
    "warehouse": set(),
    "clean": {"text"},
    "ingest": {"text", "warehouse"},
    "extract": {"text", "clean"},
    "transform": {"warehouse"},
    "report": {"warehouse"},
    "defs": {"text", "ingest", "clean", "extract", "warehouse", "transform", "report"},
}
# The top: the one Definitions object, the CLI, the evaluator and the run history storage may import anything.
TOP = {"definitions", "cli", "evaluate", "run_history"}


def _layer(module: Path) -> str:
    relative = module.relative_to(PACKAGE)
    if len(relative.parts) > 1:
        return relative.parts[0]
    return "foundation" if relative.stem in FOUNDATION else relative.stem


def _imported_layers(module: Path) -> set[str]:
    layers = set()
    for node in ast.walk(ast.parse(module.read_text())):
        names = [node.module or ""] if isinstance(node, ast.ImportFrom) else (
            [alias.name for alias in node.names] if isinstance(node, ast.Import) else [])
        for name in names:
            parts = name.split(".")
            if parts[0] == "pipeline" and len(parts) > 1:
                layers.add("foundation" if parts[1] in FOUNDATION else parts[1])
    return layers


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("module", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_import_only_earlier_layers(module: Path) -> None:
    layer = _layer(module)
    if layer in TOP or module.name == "__init__.py" and module.parent == PACKAGE:
        return
    assert layer in ALLOWED, f"{module} is in no known layer: add its folder to ALLOWED"
    forbidden = _imported_layers(module) - ALLOWED[layer] - {layer, "foundation"}
    assert not forbidden, f"{module.relative_to(PACKAGE)} ({layer}) imports {sorted(forbidden)}"


def test_every_stage_folder_says_what_it_owns_and_may_import() -> None:
    for folder in (p for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()):
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text())) or ""
        assert "May import" in doc or "may import" in doc or "imports no stage" in doc, folder


def test_the_checker_catches_a_later_stage_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from pipeline.extract.article import extract_article\nimport pipeline.paths\n")
    assert _imported_layers(bad) == {"extract", "foundation"}
    assert _imported_layers(bad) - ALLOWED["clean"] - {"clean", "foundation"} == {"extract"}
