"""When a report is up to date: fingerprints of everything it depends on.

A report depends on its notebook, its params, its input files, the national files it reads, its parameters, and
the code that makes it: the package modules its notebook imports, followed through their own imports (found by
reading the source, not by running it), the package's data files and templates, and the pipeline modules that run
the notebook and write the HTML. An edit to a module no report imports rebuilds nothing; an edit to a view rebuilds
only the reports that show it.
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path

from .jobs import PACKAGE_DIR, Job

__all__ = [
    "code_fingerprint",
    "forget",
    "hash_files",
    "job_fingerprint",
    "module_closure",
    "notebook_code_hash",
    "notebook_imports",
]

PACKAGE = PACKAGE_DIR.name
# What runs a notebook and turns it into a report (these files only, not all they import: run.py imports most of
# the package to plan and audit, which does not change what a report shows).
RUNNER_FILES = ("pipeline/run.py", "pipeline/kernels.py", "pipeline/export.py", "pipeline/jobs.py")


def hash_files(paths: Iterable[Path], root: Path | None = None) -> str:
    h = hashlib.sha256()
    for p in sorted(paths):
        h.update(str(p.relative_to(root) if root else p.name).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def code_fingerprint() -> str:
    """Hash of the package's code and templates: a change rebuilds every report."""
    files = [p for p in PACKAGE_DIR.rglob("*") if p.is_file() and p.suffix in {".py", ".j2", ".json", ".yaml"}]
    return hash_files(files, PACKAGE_DIR)


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its ``__init__.py``)."""
    out = {}
    for p in PACKAGE_DIR.rglob("*.py"):
        parts = p.relative_to(PACKAGE_DIR.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = p
    return out


def _imported(tree: ast.AST, package: str) -> set[str]:
    """Dotted names a module's source imports anywhere (inside functions too); ``package`` resolves relative ones."""
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
    return found


@cache
def _imports_of(path: Path, stamp: tuple[int, int], name: str) -> frozenset[str]:
    # Keyed by the file's size and modification time: each module is parsed once per process while unchanged.
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    return frozenset(_imported(tree, package))


def module_closure(names: Iterable[str]) -> set[Path]:
    """Source files of the package modules ``names`` import, directly or through each other, with their packages'
    ``__init__`` files (importing a module runs them)."""
    known = _modules()
    todo = [n for n in names if n in known]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        parts = name.split(".")
        todo += [p for p in (".".join(parts[:i]) for i in range(1, len(parts))) if p in known]
        path = known[name]
        st = path.stat()
        todo += [m for m in _imports_of(path, (st.st_size, st.st_mtime_ns), name) if m in known]
    return {known[n] for n in seen}


def notebook_imports(notebook: Path) -> set[str]:
    """Dotted names the notebook's code cells import (cells that are not Python, e.g. magics, are skipped)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    found: set[str] = set()
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        source = "".join(cell.get("source", []))
        try:
            found |= _imported(ast.parse(source), "")
        except SyntaxError:
            continue
    return found


def notebook_code_hash(notebook: Path) -> str:
    """Hash of the code a notebook's report depends on: its modules' closure, the runner, data files, templates."""
    files = [notebook, *sorted(p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts)]
    # A worker asks once per report: hash again only when a file's size or modification time moved.
    return _code_hash(PACKAGE_DIR, tuple((f, f.stat().st_size, f.stat().st_mtime_ns) for f in files))


@lru_cache(maxsize=64)
def _code_hash(package: Path, stamps: tuple) -> str:
    notebook = stamps[0][0]
    data = {p for p, *_ in stamps[1:] if p.suffix not in {".py", ".pyc"}}
    runner = {package / f for f in RUNNER_FILES}
    return hash_files(module_closure(notebook_imports(notebook)) | runner | data, package)


def _hash_unchanged(paths: list[Path], root: Path | None) -> str:
    """:func:`hash_files`, read again only when a file's size or modification time moved: a trust's five reports
    share its data files, and a worker hashes them once, not five times."""
    return _hash_stamped(root, tuple(sorted((p, p.stat().st_size, p.stat().st_mtime_ns) for p in paths)))


@lru_cache(maxsize=256)
def _hash_stamped(root: Path | None, stamps: tuple) -> str:
    return hash_files([p for p, *_ in stamps], root)


def forget() -> None:
    """Drop the hashes remembered by size and time (a build starts with this: a file rewritten between two builds
    in the same process, within the clock's resolution and at the same size, is still read again)."""
    _hash_stamped.cache_clear()
    _code_hash.cache_clear()


def job_fingerprint(job: Job) -> str:
    """Hash of everything a report depends on: notebook, params, data, code and parameters."""
    data_files = []
    for year_dir in job.data_dir.iterdir() if job.data_dir.exists() else []:
        if year_dir.is_dir() and year_dir.name.isdigit() and int(year_dir.name) <= job.year:
            data_files += [p for p in year_dir.iterdir() if p.is_file()]
    # Published national files (benchmarks) count too: a new year's returns must rebuild the reports.
    reference = job.reference_data
    ref_files = [p for p in reference.rglob("*") if p.is_file()] if reference is not None and reference.exists() else []
    extra = [p for p in job.extra_inputs if p.exists()]
    h = hashlib.sha256()
    for part in (job.notebook.read_bytes(), job.params_file.read_bytes() if job.params_file else b"",
                 notebook_code_hash(job.notebook).encode(), json.dumps(job.parameters, sort_keys=True).encode(),
                 _hash_unchanged(data_files, job.data_dir).encode(),
                 _hash_unchanged(ref_files, reference).encode() if ref_files else b"",
                 hash_files(extra).encode() if extra else b"",
                 # another renderer makes another file (the default adds nothing: earlier stamps stay valid)
                 *((job.renderer.encode(),) if job.renderer != "nbconvert" else ())):
        h.update(hashlib.sha256(part).digest())
    return h.hexdigest()
