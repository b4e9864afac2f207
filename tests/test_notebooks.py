"""Notebook hygiene and the recipe: committed without outputs, literal parameters, paired script in sync, and
each report reading load -> compute -> publish -> show, where the show cells see published results only."""

import ast
import json
from pathlib import Path

import jupytext
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
REPORTS = [p for p in NOTEBOOKS if p.stem != "explore"]
# Names a show cell must not touch: the inputs and the unsuppressed results.
UNPUBLISHED = {"data", "res"}


def code_cells(path: Path) -> list[dict]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def tags(cell: dict) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def test_there_are_notebooks():
    assert NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    for cell in code_cells(path):
        assert cell.get("outputs") == [] and cell.get("execution_count") is None, "run `make strip`"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_cell_holds_literals_only(path):
    cells = [c for c in code_cells(path) if "parameters" in tags(c)]
    assert len(cells) == 1, "exactly one cell tagged 'parameters'"
    source = "".join(cells[0]["source"])
    for node in ast.parse(source).body:
        assert isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant), ast.unparse(node)
    for line in source.splitlines():
        assert "#" in line, f"parameter without a comment: {line}"


def stages(path: Path) -> list[tuple[str, ast.Module]]:
    """Each board-facing code cell after the parameters, labelled import, load, compute, publish or show."""
    out = []
    for cell in code_cells(path):
        if "parameters" in tags(cell) or "remove-cell" in tags(cell):
            continue
        tree = ast.parse("".join(cell["source"]))
        calls = {ast.unparse(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
        if all(isinstance(n, (ast.Import, ast.ImportFrom)) for n in tree.body):
            kind = "import"
        elif any(c.split(".")[-1].startswith("load") for c in calls):
            kind = "load"
        elif any(c.endswith(".compute") for c in calls):
            kind = "compute"
        elif any(c.endswith(".apply") for c in calls):
            kind = "publish"
        else:
            kind = "show"
        out.append((kind, tree))
    return out


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_report_reads_as_load_compute_publish_show(path):
    kinds = [k for k, _ in stages(path)]
    firsts = [kinds.index(k) if k in kinds else -1 for k in ("load", "compute", "publish", "show")]
    assert -1 not in firsts and firsts == sorted(firsts), f"stages out of order or missing: {kinds}"
    assert "load" not in kinds[firsts[3]:] and "compute" not in kinds[firsts[3]:], "show cells come last"


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: p.name)
def test_show_cells_call_views_on_published_results_only(path):
    imported_views = set()
    for kind, tree in stages(path):
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("edi_analysis.views"):
                imported_views |= {a.asname or a.name for a in node.names}
        if kind != "show":
            continue
        assert len(tree.body) == 1 and isinstance(tree.body[0], ast.Expr), "a show cell is one view call"
        call = tree.body[0].value
        assert isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute), ast.unparse(tree)
        assert ast.unparse(call.func.value) in imported_views, f"not a view: {ast.unparse(call)}"
        names = {n.id for n in ast.walk(call) if isinstance(n, ast.Name)}
        assert not names & UNPUBLISHED, f"a view must read published results only: {ast.unparse(call)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_functions_or_loops_in_cells(path):
    for cell in code_cells(path):
        tree = ast.parse("".join(cell["source"]))
        for node in ast.walk(tree):
            assert not isinstance(node, (ast.FunctionDef, ast.Lambda, ast.ClassDef, ast.For, ast.While)), (
                "computations belong in the package, not in notebook cells")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_paired_script_in_sync(path):
    script = path.with_suffix(".py")
    assert script.exists(), f"pair it: jupytext --sync {path.name}"
    nb_cells = [(c.cell_type, c.source) for c in jupytext.read(path).cells]
    py_cells = [(c.cell_type, c.source) for c in jupytext.read(script).cells]
    assert nb_cells == py_cells, f"run: jupytext --sync notebooks/{path.name}"
