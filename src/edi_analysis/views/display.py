"""What a reviewer sees: titles, findings, tables and figures as accessible HTML.

Notebook cells end with one of these objects; Jupyter renders their
``_repr_html_``. Figures are embedded as SVG data (no files, no CDN), always
with alt text and a caption. Numbers are rounded here, for reading only.
"""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import matplotlib

import matplotlib.pyplot as plt
import pandas as pd

__all__ = [
    "Html",
    "Table",
    "Figure",
    "fmt_pct",
    "fmt_pp",
    "fmt_gbp",
    "fmt_count",
    "title",
    "findings",
    "note",
    "figure",
    "stack",
]

Formatter = Callable[[object], str]


class Html:
    """A fragment of trusted HTML built by this package."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:  # plain-text fallback, e.g. in a terminal
        return f"Html({len(self.markup)} characters)"


def _is_missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and x != x) or x is pd.NA


def _reader(render: Callable[[float], str], doc: str) -> Formatter:
    """A formatter that passes suppression markers through, shows missing values as n/a and renders numbers."""
    def fmt(x: object) -> str:
        if isinstance(x, str):
            return x
        return "n/a" if _is_missing(x) else render(float(x))  # type: ignore[arg-type]

    fmt.__doc__ = doc
    return fmt


fmt_pct = _reader(lambda v: f"{v:.1f}%", "A percentage for reading, 1 dp: ``12.3%``; markers pass through; missing -> n/a.")
fmt_pp = _reader(lambda v: f"{v:+.1f} pp", "A percentage-point difference with its sign, 1 dp: ``+2.5 pp``.")
fmt_gbp = _reader(lambda v: f"£{v:,.2f}", "Money, 2 dp with a thousands separator: ``£1,234.56``.")
fmt_count = _reader(lambda v: f"{int(v):,}", "A whole count with a thousands separator; suppression markers pass through.")


@dataclass
class Table:
    """A table for reviewers: caption first, formatted cells, optional footnotes."""

    data: pd.DataFrame
    caption: str
    formats: Mapping[str, Formatter] = field(default_factory=dict)
    notes: Sequence[str] = ()
    index_label: str | None = None
    text_columns: Sequence[str] = ()
    collapsed: bool = False  # inside <details>: shown on request, no script needed

    def _repr_html_(self) -> str:
        cols = list(self.data.columns)
        def cls(c: object) -> str:
            return ' class="text"' if c in self.text_columns else ""

        head = "".join(f'<th scope="col"{cls(c)}>{html.escape(str(c))}</th>' for c in cols)
        label = self.index_label if self.index_label is not None else (self.data.index.name or "")
        rows = []
        for idx, row in self.data.iterrows():
            cells = []
            for c in cols:
                fmt = self.formats.get(c, _default_format)
                cells.append(f"<td{cls(c)}>{html.escape(fmt(row[c]))}</td>")
            rows.append(f'<tr><th scope="row">{html.escape(str(idx))}</th>{"".join(cells)}</tr>')
        notes = "".join(f"<p class=\"table-note\">{html.escape(n)}</p>" for n in self.notes)
        markup = (
            f'<div class="edi-table"><table><caption>{html.escape(self.caption)}</caption>'
            f'<thead><tr><th scope="col">{html.escape(label)}</th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>{notes}</div>"
        )
        if self.collapsed:
            return f"<details><summary>Numbers: {html.escape(self.caption)}</summary>{markup}</details>"
        return markup


def _default_format(x: object) -> str:
    if isinstance(x, str):
        return x
    if _is_missing(x):
        return "n/a"
    if isinstance(x, bool):
        return "Yes" if x else "No"
    if isinstance(x, int) or (isinstance(x, float) and float(x).is_integer() and abs(x) >= 100):
        return f"{int(x):,}"
    if isinstance(x, float):
        return f"{x:,.1f}"
    return str(x)


@dataclass
class Figure:
    """A chart as embedded SVG with alt text and a plain-English caption."""

    svg: bytes
    alt: str
    caption: str

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.svg).decode("ascii")
        return (
            f'<figure class="edi-figure"><img src="data:image/svg+xml;base64,{data}" '
            f'alt="{html.escape(self.alt, quote=True)}" role="img" />'
            f"<figcaption>{html.escape(self.caption)}</figcaption></figure>"
        )


def figure(fig: plt.Figure, alt: str, caption: str) -> Figure:
    """Render a matplotlib figure to SVG and close it.

    Parameters
    ----------
    fig
        The figure; it is closed afterwards so notebooks do not also show it.
    alt
        Alt text: what the chart shows, with the key numbers, for screen readers.
    caption
        One or two plain-English sentences on what to take from the chart.
    """
    if not alt.strip() or not caption.strip():
        raise ValueError("figure: every chart needs alt text and a caption.")
    buf = io.BytesIO()
    # Fixed metadata and hash salt make the SVG identical run to run.
    with matplotlib.rc_context({"svg.hashsalt": "edi-analysis", "svg.fonttype": "path"}):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    return Figure(buf.getvalue(), alt, caption)


def title(heading: str, trust_name: str, subtitle: str, *, synthetic: bool, internal: bool, plural: bool = False) -> Html:
    """The report's title block, with a banner for synthetic data or internal use."""
    banners = []
    if synthetic:
        who = "These trusts are" if plural else "This trust is"
        banners.append(f'<p class="banner banner-synthetic"><strong>Synthetic data.</strong> {who} fictional; '
                       "the figures illustrate the method and describe no real organisation.</p>")
    if internal:
        banners.append('<p class="banner banner-internal"><strong>Not for publication.</strong> Small numbers are '
                       "not suppressed in this version.</p>")
    return Html(
        f'<header class="edi-title"><h1>{html.escape(heading)}</h1>'
        f'<p class="trust">{html.escape(trust_name)}</p><p class="subtitle">{html.escape(subtitle)}</p>'
        f"{''.join(banners)}</header>"
    )


def findings(items: Sequence[str], heading: str = "Key findings") -> Html:
    """A boxed list of the findings a board should read first."""
    lis = "".join(f"<li>{html.escape(i)}</li>" for i in items)
    return Html(f'<section class="findings" aria-label="{html.escape(heading)}"><h2>{html.escape(heading)}</h2>'
                f"<ul>{lis}</ul></section>")


def note(text: str, kind: str = "info") -> Html:
    """A short call-out: ``info``, ``caution`` (small numbers, data quality) or ``missing``."""
    if kind not in {"info", "caution", "missing"}:
        raise ValueError(f"note: kind must be info, caution or missing; got {kind!r}.")
    return Html(f'<p class="note note-{kind}">{html.escape(text)}</p>')


def paragraph(text: str) -> Html:
    """A plain paragraph of explanation that belongs with the figure after it (shown only with that figure)."""
    return Html(f"<p>{html.escape(text)}</p>")


def stack(items: Sequence[object]) -> Html:
    """Several displayable objects shown one after another (one notebook cell, no loop in the notebook)."""
    return Html("".join(i._repr_html_() for i in items))  # type: ignore[attr-defined]
