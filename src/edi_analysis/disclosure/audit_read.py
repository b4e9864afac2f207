"""Reading a built reports folder as an outsider would: tables, key-finding sentences and exports.

The auditor (:mod:`edi_analysis.disclosure.audit`) sees only what a reader sees. This module turns the
published files into plain :class:`Table` objects of :class:`Cell` values: HTML tables (caption, column
headers, row labels, cells; those inside ``<details>`` too), the key-finding sentences of
``<section class="findings">``, the submission CSVs (pivoted to one row per breakdown, one column per
group and role) and the benchmark data set. A cell keeps what a reader can tell from its text: an exact
count, a rounded figure and its rounding half-width, or a hidden marker and the bounds it implies
(``"<N"``: 1 to N-1; ``"*"``: at least ``min_count``, because complementary cells are chosen among shown
non-zero counts; ``"suppressed"``: unknown).
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

__all__ = [
    "Cell",
    "Page",
    "Table",
    "parse_cell",
    "read_benchmark_csv",
    "read_html",
    "read_records",
    "read_submission_csv",
]

INF = math.inf
_NUMBER = re.compile(r"^\s*([+\-\u2212]?)\s*(£?)\s*(\d[\d,]*(?:\.\d+)?|\.\d+)\s*(%|pp\b)?")
_INTERVAL = re.compile(r"^[+\-\u2212]?£?[\d,.]+%?\s*(?:pp)?\s*to\s+[+\-\u2212]?£?[\d,.]+")
_HIDDEN_LT = re.compile(r"^\s*<\s*(\d+)\s*$")
_HIDDEN_WORDS = ("suppressed", "not published")


@dataclass(frozen=True)
class Cell:
    """One published cell as a reader can read it.

    ``kind`` is ``"count"`` (a whole number without sign or unit), ``"pct"``, ``"pp"``, ``"money"``,
    ``"figure"`` (any other number, e.g. a ratio), ``"interval"``, ``"hidden"``, ``"blank"`` or ``"text"``.
    ``value`` is the number shown and ``tol`` half a unit of its last digit (0 for counts). For hidden cells
    ``lo``/``hi`` bound the hidden count and ``marker`` is the text shown.
    """

    text: str
    kind: str
    value: float | None = None
    tol: float = 0.0
    marker: str | None = None
    lo: float = 0.0
    hi: float = INF

    @property
    def shown(self) -> bool:
        return self.value is not None

    @property
    def hidden(self) -> bool:
        return self.kind == "hidden"


def parse_cell(text: str, min_count: int) -> Cell:
    """What a reader learns from a cell's text (``min_count``: the publication's smallest shown count)."""
    raw = " ".join(str(text).split())
    low = raw.lower()
    if not raw or low in {"nan", "none", "-", "–", "n/a"}:
        return Cell(raw, "blank")
    m = _HIDDEN_LT.match(raw)
    if m:
        return Cell(raw, "hidden", marker=raw, lo=1, hi=int(m.group(1)) - 1)
    if raw == "*":
        return Cell(raw, "hidden", marker=raw, lo=min_count, hi=INF)
    if any(w in low for w in _HIDDEN_WORDS):
        return Cell(raw, "hidden", marker=raw, lo=0, hi=INF)
    if _INTERVAL.match(raw):
        return Cell(raw, "interval")
    m = _NUMBER.match(raw)
    if not m:
        return Cell(raw, "text")
    sign, money, digits, unit = m.groups()
    number = float(digits.replace(",", ""))
    if sign in {"-", "\u2212"}:
        number = -number
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    tol = 0.5 * 0.1 ** decimals if decimals or unit or money else 0.0
    if unit == "%":
        kind = "pct"
    elif unit:
        kind = "pp"
    elif money:
        kind = "money"
    elif decimals == 0 and not sign:
        kind = "count"
    else:
        kind = "figure"
    if kind != "count" and decimals == 0:
        tol = 0.5
    return Cell(raw, kind, value=number, tol=tol)


@dataclass
class Table:
    """A published table: where it is, its caption, column headers and rows of ``(label, cells)``."""

    file: str
    caption: str
    columns: list[str]
    rows: list[tuple[str, list[Cell]]] = field(default_factory=list)
    source: str = "html"  # "html", "csv" or "export"
    keys: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)
    cells: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) -> where in the file
    links: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)  # the same figure in other exports

    def cell(self, r: int, c: int) -> Cell:
        cells = self.rows[r][1]
        return cells[c] if c < len(cells) else Cell("", "blank")


@dataclass
class Page:
    """An HTML report: its tables and its key-finding sentences."""

    file: str
    tables: list[Table]
    findings: list[str]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self.findings: list[str] = []
        self._table: dict | None = None
        self._cell: list[str] | None = None
        self._cell_tag = ""
        self._cell_scope = ""
        self._row: list[tuple[str, str, str]] | None = None
        self._in_head = False
        self._caption: list[str] | None = None
        self._findings_depth = 0
        self._section_depth = 0
        self._li: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self._section_depth += 1
            if "findings" in (a.get("class") or "").split() and not self._findings_depth:
                self._findings_depth = self._section_depth
        elif tag == "li" and self._findings_depth:
            self._li = []
        elif tag == "table":
            self._table = {"caption": "", "head": [], "rows": []}
        elif self._table is None:
            return
        elif tag == "caption":
            self._caption = []
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell, self._cell_tag, self._cell_scope = [], tag, a.get("scope") or ""

    def handle_endtag(self, tag):
        if tag == "section":
            if self._section_depth == self._findings_depth:
                self._findings_depth = 0
            self._section_depth -= 1
        elif tag == "li" and self._li is not None:
            self.findings.append(" ".join("".join(self._li).split()))
            self._li = None
        elif self._table is None:
            return
        elif tag == "caption" and self._caption is not None:
            self._table["caption"] = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag == "thead":
            self._in_head = False
        elif tag in ("th", "td") and self._cell is not None:
            self._row.append((self._cell_tag, self._cell_scope, " ".join("".join(self._cell).split())))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            (self._table["head"] if self._in_head else self._table["rows"]).append(self._row)
            self._row = None
        elif tag == "table":
            self.tables.append(self._table)
            self._table = None

    def handle_data(self, data):
        for buf in (self._cell, self._caption, self._li):
            if buf is not None:
                buf.append(data)


def read_html(path: Path, min_count: int) -> Page:
    """The tables and key-finding sentences of one HTML report."""
    reader = _Reader()
    reader.feed(Path(path).read_text(encoding="utf-8", errors="replace"))
    tables = []
    for raw in reader.tables:
        head = raw["head"][-1] if raw["head"] else []
        columns = [text for _, _, text in head[1:]]
        rows = []
        for row in raw["rows"]:
            if not row:
                continue
            if row[0][0] == "th":
                label, cells = row[0][2], row[1:]
            else:
                label, cells = "", row
            rows.append((label, [parse_cell(text, min_count) for _, _, text in cells]))
        if not head and rows:
            columns = [f"column {i + 1}" for i in range(max(len(c) for _, c in rows))]
        tables.append(Table(str(path), raw["caption"], columns, rows))
    return Page(str(path), tables, reader.findings)


def _csv_cell(text: str, min_count: int, suppressed: bool, figure: bool = False) -> Cell:
    text = (text or "").strip()
    if not text:
        return Cell("suppressed", "hidden", marker="suppressed", lo=0, hi=INF) if suppressed else Cell("", "blank")
    try:
        number = float(text)
    except ValueError:
        return parse_cell(text, min_count)
    if number.is_integer() and not figure:
        return Cell(text, "count", value=number)
    # full precision in an export: the figure is exact up to float noise
    return Cell(text, "figure", value=number, tol=1e-9 * max(1.0, abs(number)))


def read_records(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV, Parquet or Excel export as text, as a reader opening the file would see them."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        with open(path, newline="", encoding="utf-8") as fh:
            return list(csv.DictReader(fh))
    import pandas as pd

    frame = pd.read_parquet(path) if path.suffix.lower() == ".parquet" else pd.read_excel(path)
    return [{str(k): ("" if v is None or (isinstance(v, float) and math.isnan(v)) else str(v))
             for k, v in rec.items()} for rec in frame.to_dict("records")]


def read_submission_csv(path: Path, min_count: int) -> list[Table]:
    """A WRES/WDES submission export as one table per indicator.

    Rows are breakdowns; columns are ``"<group>"`` (numerator), ``"<group> value"`` and either one
    ``"denominator"`` (when every group of the breakdown shares it) or ``"<group> denominator"``.
    Each cell's key ``(indicator, breakdown, group, role)`` lets the auditor match it to the HTML report.
    """
    records = read_records(path)
    by_ind: dict[str, list[dict]] = {}
    for rec in records:
        by_ind.setdefault(str(rec.get("indicator", "")), []).append(rec)
    tables = []
    for ind, recs in by_ind.items():
        breakdowns = list(dict.fromkeys(r.get("breakdown", "") for r in recs))
        groups = list(dict.fromkeys(r.get("group", "") for r in recs))
        shared = all(len({r.get("denominator") for r in recs if r.get("breakdown") == b
                          and (r.get("numerator") or "").strip()}) <= 1 for b in breakdowns)
        columns = list(groups)
        if shared:
            columns.append("denominator")
        else:
            columns += [f"{g} denominator" for g in groups]
        columns += [f"{g} value" for g in groups]
        index = {c: i for i, c in enumerate(columns)}
        table = Table(str(path), f"{recs[0].get('standard', '')} indicator {ind}".strip(), columns, source="csv")
        for b in breakdowns:
            cells = [Cell("", "blank")] * len(columns)
            r = len(table.rows)
            for rec in (x for x in recs if x.get("breakdown") == b):
                g, sup = rec.get("group", ""), str(rec.get("suppressed", "")).strip().lower() == "true"
                num = _csv_cell(rec.get("numerator", ""), min_count, sup)
                if num.kind != "blank":
                    cells[index[g]] = num
                    table.keys[(r, index[g])] = (ind, b, g, "numerator")
                den_col = index["denominator"] if shared else index[f"{g} denominator"]
                den = _csv_cell(rec.get("denominator", ""), min_count, False)
                if den.kind != "blank":
                    cells[den_col] = den
                    table.keys[(r, den_col)] = (ind, b, g, "denominator")
                cells[index[f"{g} value"]] = _csv_cell(rec.get("value", ""), min_count, sup and num.kind != "blank",
                                                       figure=True)
            table.rows.append((b, cells))
        tables.append(table)
    return tables


def read_benchmark_csv(path: Path, min_count: int) -> list[Table]:
    """The benchmark data set as one table per metric; rows are ``"<trust> <group>"``."""
    records = read_records(path)
    columns = ["numerator", "denominator", "ref_numerator", "ref_denominator", "value"]
    tables: dict[str, Table] = {}
    for rec in records:
        metric = rec.get("metric", "")
        table = tables.setdefault(metric, Table(str(path), metric, list(columns), source="csv"))
        sup = str(rec.get("suppressed", "")).strip().lower() == "true"
        cells = [_csv_cell(rec.get(c, ""), min_count, sup and c in ("numerator", "ref_numerator", "value"),
                           figure=c == "value") for c in columns]
        table.rows.append((f"{rec.get('trust_code', '')} {rec.get('group', '')}".strip(), cells))
    return list(tables.values())
