"""The one-way flow, checked on the source: io -> metrics -> results -> disclosure -> views -> pipeline.

No import cycle between modules; results never reach views or matplotlib; metrics never read files;
no disclosure threshold is written anywhere but the policy.
"""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "edi_analysis"
PACKAGE = "edi_analysis"
THRESHOLD_LITERALS = {5, 10, 11, 30}
POLICY = SRC / "disclosure" / "policy.py"


def module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in SRC.rglob("*.py")}


def imports_of(path: Path, name: str) -> set[str]:
    """Every package module ``name`` imports, at module level or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            found.add(stem)
            found |= {f"{stem}.{a.name}" for a in node.names}
    known = modules()
    return {m for m in found if m in known and m != name}


def graph() -> dict[str, set[str]]:
    return {name: imports_of(path, name) for name, path in modules().items()}


def test_no_import_cycle():
    g = graph()
    # a package's __init__ re-exporting its own modules is not a cycle of the flow
    edges = {a: {b for b in bs if not (a.startswith(b + ".") and b in g)} for a, bs in g.items()}
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(edges[node]):
            if state.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if nxt not in state:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(edges):
        if node not in state:
            visit(node)


def _all_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


@pytest.mark.parametrize("layer, forbidden", [
    ("results", ("views", "pipeline")),
    ("metrics", ("io", "results", "views", "pipeline", "disclosure")),
    ("disclosure", ("results", "views", "pipeline")),
    ("io", ("results", "views", "pipeline")),
])
def test_layers_only_look_upstream(layer, forbidden):
    g = graph()
    for name, targets in g.items():
        if not name.startswith(f"{PACKAGE}.{layer}"):
            continue
        bad = sorted(t for t in targets if any(t.startswith(f"{PACKAGE}.{f}") for f in forbidden))
        assert not bad, f"{name} imports {bad}: the flow is io -> metrics -> results -> disclosure -> views -> pipeline"


@pytest.mark.parametrize("layer", ["results", "metrics", "disclosure", "io"])
def test_no_matplotlib_below_views(layer):
    for path in (SRC / layer).rglob("*.py"):
        assert not any(m.split(".")[0] in {"matplotlib", "seaborn"} for m in _all_imports(path)), path


def test_importing_the_package_leaves_the_matplotlib_backend_alone():
    import subprocess
    import sys

    code = ("import matplotlib; before = matplotlib.rcParams._get('backend'); import edi_analysis, "
            "edi_analysis.views.charts, edi_analysis.views.display; "
            "assert matplotlib.rcParams._get('backend') == before, matplotlib.rcParams._get('backend')")
    subprocess.run([sys.executable, "-c", code], check=True)


def _threshold_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            for side in [node.left, *node.comparators]:
                if (isinstance(side, ast.Constant) and type(side.value) in (int, float)
                        and side.value in THRESHOLD_LITERALS):
                    found.append(f"{path.relative_to(SRC)}:{node.lineno}: {ast.unparse(node)}")
        if isinstance(node, ast.Call):  # min_count=5 passed as an argument, or sdc.get("min_count", 5)
            for kw in node.keywords:
                if ((kw.arg or "").startswith("min_") and isinstance(kw.value, ast.Constant)
                        and type(kw.value.value) in (int, float) and kw.value.value in THRESHOLD_LITERALS):
                    found.append(f"{path.relative_to(SRC)}:{node.lineno}: {ast.unparse(node)}")
            if (isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "sdc_setting") and len(node.args) == 2
                    and isinstance(node.args[0], ast.Constant) and str(node.args[0].value).startswith("min_")
                    and isinstance(node.args[1], ast.Constant) and node.args[1].value in THRESHOLD_LITERALS):
                found.append(f"{path.relative_to(SRC)}:{node.lineno}: {ast.unparse(node)}")
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            args = node.args
            named = [*args.posonlyargs, *args.args][-len(args.defaults):] if args.defaults else []
            pairs = list(zip(named, args.defaults)) + [
                (a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults) if d is not None]
            for arg, default in pairs:
                if (arg.arg.startswith(("min_", "max_small")) and isinstance(default, ast.Constant)
                        and default.value is not None):
                    found.append(f"{path.relative_to(SRC)}:{node.lineno}: {arg.arg}={default.value!r}")
    return found


def test_no_threshold_literal_outside_the_policy():
    found = [hit for p in SRC.rglob("*.py") if p != POLICY for hit in _threshold_uses(p)]
    assert not found, "thresholds belong to disclosure.Policy:\n" + "\n".join(found)


def test_the_threshold_check_can_fail(tmp_path):
    bad = SRC / "_probe_threshold.py"
    try:
        bad.write_text("def f(n, sdc, min_count=5):\n    g(min_group=10)\n    sdc.get('min_count', 5)\n"
                       "    return n < 10\n", encoding="utf-8")
        assert len(_threshold_uses(bad)) == 4
    finally:
        bad.unlink()
