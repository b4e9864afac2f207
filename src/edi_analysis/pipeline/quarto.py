"""The Quarto route: executed notebooks to HTML with ``quarto render`` instead of nbconvert (optional).

``python -m edi_analysis reports --renderer quarto`` runs the notebooks exactly as the default build does
(Papermill), then hands each executed notebook to the ``quarto`` command line program through ``subprocess``
(no Python wrapper package): ``quarto render <name>.ipynb --to html --no-execute --output <name>.html`` in a
scratch folder beside the staged report. Quarto does not run the code again (``--no-execute``); it lays out the
outputs Papermill stored, with every code input hidden and every resource embedded, so the HTML opens offline.

Quarto is optional: it is a separate program (not a Python package), so the pinned environment cannot provide
it, and nbconvert with the project's own template already gives accessible, script-free, audited reports.
The route is for teams that publish with Quarto already and want its themes or formats.
"""

from __future__ import annotations

import copy
import shutil
import subprocess
from pathlib import Path
from typing import Any

import yaml

from .export import export_html
from .jobs import Job

__all__ = [
    "RENDERERS",
    "QuartoMissing",
    "find_quarto",
    "quarto_command",
    "quarto_html",
    "render_html",
    "require_quarto",
]

RENDERERS = ("nbconvert", "quarto")
_TIMEOUT_S = 600  # one report; a stuck renderer must not hold a worker for ever

MISSING = ("The Quarto renderer needs the 'quarto' program, which is not on this machine's PATH. Install it from "
           "https://quarto.org/docs/get-started/ (or leave out --renderer quarto: the default renderer needs "
           "nothing else).")


class QuartoMissing(RuntimeError):
    """``quarto`` is not on PATH."""


def find_quarto() -> str | None:
    """The full path of the ``quarto`` program on PATH, or None."""
    return shutil.which("quarto")


def require_quarto() -> str:
    """The ``quarto`` program's path.

    Raises
    ------
    QuartoMissing
        With one sentence saying where to get it.
    """
    found = find_quarto()
    if found is None:
        raise QuartoMissing(MISSING)
    return found


def quarto_command(quarto: str, notebook: str, output: str) -> list[str]:
    """``quarto render`` of one executed notebook in the working folder to one HTML file beside it."""
    return [quarto, "render", notebook, "--to", "html", "--no-execute", "--output", output]


def _for_quarto(nb: Any, title: str) -> Any:
    """A copy of the executed notebook as Quarto should lay it out.

    Cells tagged ``remove-cell`` (the researcher's) and stderr outputs (the analyst's console) are dropped, as the
    nbconvert route drops them; front matter in a first raw cell gives the title and hides every code input.
    """
    import nbformat

    out = copy.deepcopy(nb)
    cells = []
    for cell in out.cells:
        if "remove-cell" in cell.get("metadata", {}).get("tags", []):
            continue
        if cell.get("cell_type") == "code":
            cell["outputs"] = [o for o in cell.get("outputs", [])
                               if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
        cells.append(cell)
    front = {"title": title, "lang": "en-GB", "format": {"html": {"embed-resources": True, "toc": False}},
             "execute": {"echo": False, "warning": False}}
    text = "---\n" + yaml.safe_dump(front, sort_keys=False, allow_unicode=True) + "---"
    out.cells = [nbformat.v4.new_raw_cell(text), *cells]
    out.metadata["title"] = title
    return out


def quarto_html(nb: Any, title: str, workdir: Path, name: str) -> str:
    """Render an executed notebook with ``quarto render`` in ``workdir``; returns the HTML.

    The scratch files (``<name>.ipynb`` and the HTML) are removed afterwards, whatever happens.

    Raises
    ------
    QuartoMissing
        When ``quarto`` is not on PATH.
    RuntimeError
        When Quarto fails or writes no HTML, with the end of what it printed.
    """
    import nbformat

    quarto = require_quarto()
    workdir.mkdir(parents=True, exist_ok=True)
    source, output = workdir / f"{name}.ipynb", workdir / f"{name}.html"
    try:
        nbformat.write(_for_quarto(nb, title), source)
        done = subprocess.run(quarto_command(quarto, source.name, output.name), cwd=workdir, capture_output=True,
                              text=True, timeout=_TIMEOUT_S, check=False)
        if done.returncode != 0 or not output.exists():
            said = (done.stderr or done.stdout or "").strip().splitlines()[-5:]
            raise RuntimeError(f"quarto render failed (exit {done.returncode}): " + " / ".join(said))
        return output.read_text(encoding="utf-8")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def render_html(nb: Any, title: str, job: Job) -> str:
    """The report's HTML from an executed notebook, by the job's renderer (``nbconvert``, the default, or ``quarto``)."""
    if job.renderer == "nbconvert":
        return export_html(nb, title)
    if job.renderer == "quarto":
        return quarto_html(nb, title, job.stage_dir / f".quarto-{job.out_file.stem}", job.out_file.stem)
    raise ValueError(f"unknown renderer {job.renderer!r}; use one of {', '.join(RENDERERS)}")
