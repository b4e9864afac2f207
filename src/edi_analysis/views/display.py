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

from . import glossary

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

#: A table is judged too wide for a phone when its narrowest layout is wider than this (CSS px): the text column
#: of a 390 px screen (views.charts.PHONE_CONTENT_PX). Such a table scrolls inside its own focusable box.
_PHONE_TABLE_PX = 350
#: Average advance of a character of the tables' Arial at 0.95rem (15.2 px), bold headers a little wider, and
#: each cell's left and right padding (0.7rem each): the widths the estimate adds up.
_CHAR_PX, _HEAD_CHAR_PX, _CELL_PAD_PX = 8.4, 9.2, 22.4


def _text(text: str) -> str:
    """Reader text, escaped, followed by links to the glossary for the terms it uses."""
    return html.escape(text) + glossary.references(text)


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

    def __repr__(self) -> str:  # plain-text fallback: short, as a notebook stores it beside the HTML of every table
        return f"Table({self.caption!r}, {len(self.data)} rows)"

    def _repr_html_(self) -> str:
        cols = list(self.data.columns)
        def cls(c: object) -> str:
            return ' class="text"' if c in self.text_columns else ""

        head = "".join(f'<th scope="col"{cls(c)}>{html.escape(str(c))}</th>' for c in cols)
        label = self.index_label if self.index_label is not None else (self.data.index.name or "")
        rows = []
        texts = [[str(label), *map(str, cols)]]
        for idx, row in self.data.iterrows():
            shown = [self.formats.get(c, _default_format)(row[c]) for c in cols]
            texts.append([str(idx), *shown])
            cells = "".join(f"<td{cls(c)}>{html.escape(v)}</td>" for c, v in zip(cols, shown))
            rows.append(f'<tr><th scope="row">{html.escape(str(idx))}</th>{cells}</tr>')
        notes = "".join(f"<p class=\"table-note\">{_text(n)}</p>" for n in self.notes)
        # Only a table too wide for a phone scrolls in its own box, which must then be a tab stop so a keyboard
        # can scroll it (WCAG 2.1.1; axe scrollable-region-focusable); a narrow table gets no tab stop.
        scroll = (f' tabindex="0" role="group" aria-label="{html.escape(self.caption, quote=True)} (scrolls sideways)"'
                  if _narrowest_px(texts) > _PHONE_TABLE_PX else "")
        markup = (
            f'<div class="edi-table"{scroll}><table><caption>{html.escape(self.caption)}</caption>'
            f'<thead><tr><th scope="col">{html.escape(label)}</th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>{notes}</div>"
        )
        if self.collapsed:
            return f"<details><summary>Numbers: {html.escape(self.caption)}</summary>{markup}</details>"
        return markup


def _narrowest_px(texts: Sequence[Sequence[str]]) -> float:
    """Estimated narrowest width (CSS px) of a table whose cells wrap only at spaces.

    ``texts``: the header row, then one row per body row, first cell the row header. Each column is as wide as
    its longest word plus padding; header cells and row headers are bold.
    """
    def word(t: str) -> int:
        return max((len(w) for w in t.split()), default=0)

    total = 0.0
    for j in range(len(texts[0])):
        head = word(texts[0][j]) * _HEAD_CHAR_PX
        body = max((word(r[j]) * (_HEAD_CHAR_PX if j == 0 else _CHAR_PX) for r in texts[1:]), default=0.0)
        total += max(head, body) + _CELL_PAD_PX
    return total


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

    def __repr__(self) -> str:  # plain-text fallback: not the whole drawing
        return f"Figure({self.caption!r}, {len(self.svg):,} bytes of SVG)"

    def _repr_html_(self) -> str:
        data = base64.b64encode(self.svg).decode("ascii")
        return (
            f'<figure class="edi-figure"><img src="data:image/svg+xml;base64,{data}" '
            f'alt="{html.escape(self.alt, quote=True)}" role="img" />'
            f"<figcaption>{_text(self.caption)}</figcaption></figure>"
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
    # Fixed metadata and hash salt make the SVG identical run to run. Text stays text (svg.fonttype) through the
    # chart styling the figure was drawn in (views.charts), so it is not set here; the small padding keeps the
    # drawing as wide as the charts were sized for.
    with matplotlib.rc_context({"svg.hashsalt": "edi-analysis"}):
        fig.savefig(buf, format="svg", bbox_inches="tight", pad_inches=0.05, metadata={"Date": None, "Creator": None})
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
    # One line of glossary links for the whole box, so each finding reads as a single sentence.
    refs = glossary.references(" ".join(items), inline=False)
    return Html(f'<section class="findings" aria-label="{html.escape(heading)}"><h2>{html.escape(heading)}</h2>'
                f"<ul>{lis}</ul>{refs}</section>")


def note(text: str, kind: str = "info") -> Html:
    """A short call-out: ``info``, ``caution`` (small numbers, data quality) or ``missing``."""
    if kind not in {"info", "caution", "missing"}:
        raise ValueError(f"note: kind must be info, caution or missing; got {kind!r}.")
    return Html(f'<p class="note note-{kind}">{_text(text)}</p>')


def paragraph(text: str) -> Html:
    """A plain paragraph of explanation that belongs with the figure after it (shown only with that figure)."""
    return Html(f"<p>{_text(text)}</p>")


def stack(items: Sequence[object]) -> Html:
    """Several displayable objects shown one after another (one notebook cell, no loop in the notebook)."""
    return Html("".join(i._repr_html_() for i in items))  # type: ignore[attr-defined]
