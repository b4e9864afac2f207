"""Executed notebooks to self-contained HTML (nbconvert with the project's template: no code, no scripts, no CDN)."""

from __future__ import annotations

from functools import lru_cache

from .jobs import PACKAGE_DIR

TEMPLATE_DIR = PACKAGE_DIR / "templates"


def css_string(text: object) -> str:
    """``text`` as the inside of a double-quoted CSS string, safe inside a ``<style>`` element.

    Backslashes, quotes and line breaks are escaped (CSS Syntax Level 3, 4.3.5), and ``<`` becomes ``\\3c`` so a
    trust name can never close the style element.
    """
    out = []
    for ch in str(text):
        if ch in '\\"':
            out.append("\\" + ch)
        elif ch in "<>&\n\r\f" or ord(ch) < 32:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return "".join(out)


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
    exporter = HTMLExporter(
        config=config,
        template_name="edi_report",
        extra_template_basedirs=[str(TEMPLATE_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_filter("css_string", css_string)  # the print running head (templates/edi_report)
    return exporter


def export_html(nb: object, title: str) -> str:
    """Export an executed notebook to self-contained HTML with all code hidden."""
    exporter = _exporter()
    nb.metadata["title"] = title  # type: ignore[attr-defined]
    # Warnings and logs are for the analyst's console, not the board's report.
    for cell in nb.cells:  # type: ignore[attr-defined]
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            cell["id"] = "injected-parameters"  # papermill draws a random id: two builds must give the same page
        if cell.get("cell_type") == "code":
            cell["outputs"] = [o for o in cell.get("outputs", []) if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
    body, _ = exporter.from_notebook_node(nb)
    return body


