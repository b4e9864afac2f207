"""Executed notebooks to self-contained HTML (nbconvert with the project's template: no code, no scripts, no CDN)."""

from __future__ import annotations

from functools import lru_cache

from .jobs import PACKAGE_DIR

TEMPLATE_DIR = PACKAGE_DIR / "templates"


@lru_cache(maxsize=1)
def _exporter():
    """One exporter per process: its template is found and compiled once, not for every report."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    config = Config()
    # Cells a researcher keeps for exploration are tagged remove-cell and never reach a board.
    config.TagRemovePreprocessor.enabled = True
    config.TagRemovePreprocessor.remove_cell_tags = {"remove-cell"}
    config.TagRemovePreprocessor.remove_input_tags = {"remove-input"}
    return HTMLExporter(
        config=config,
        template_name="edi_report",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )


def export_html(nb: object, title: str) -> str:
    """Export an executed notebook to self-contained HTML with all code hidden."""
    exporter = _exporter()
    nb.metadata["title"] = title  # type: ignore[attr-defined]
    # Warnings and logs are for the analyst's console, not the board's report.
    for cell in nb.cells:  # type: ignore[attr-defined]
        if cell.get("cell_type") == "code":
            cell["outputs"] = [o for o in cell.get("outputs", []) if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    body, _ = exporter.from_notebook_node(nb)
    return body


