"""Reading the analysts' exports as an outsider would: each trust's workbook and the all-trusts tidy table.

The workbook (``<trust>-<year>-equality-tables.xlsx``) has one sheet per report; under a three-line title each
table is a caption, a header row and its rows, with a blank row after it. Its leading text columns say what a row
is (the groups); the other columns are figures, whose number format tells a reader the precision shown (``#,##0``
a count, ``0.0"%"`` a percentage to 1 dp, ``"£"#,##0.00`` pounds and pence). The tidy table
(``equality-tables.csv``/``.parquet``) holds the same tables melted to one row per trust, table, group(s) and
measure; its rows are put back into their tables by ``table_caption`` and the group columns.

A wide table mixes several breakdowns (years, staff types, comparisons), so each is cut into the sub-tables a
reader would see: one per value of every group column but the row column (the last group column holding a
total row such as "All levels", else the last that varies). A total row then sums only its own block, as in
the HTML reports. Every cell carries a key ``("export", caption, block, row, column)``, the same in the workbook
and in the tidy table, so the auditor links a figure hidden in one with the same figure shown in the other
(:mod:`edi_analysis.disclosure.audit`); the WRES/WDES tables also carry the submission CSV's key
``(indicator, breakdown, group, role)`` for the counts the submission holds.
"""

from __future__ import annotations

import functools
import math
import re
from pathlib import Path

from .audit_read import Cell, Table, parse_cell, read_records

__all__ = ["TIDY_NAMES", "WORKBOOK_SUFFIX", "is_tidy", "is_workbook", "read_tidy", "read_workbook", "tidy_trusts"]

WORKBOOK_SUFFIX = "-equality-tables.xlsx"
TIDY_NAMES = ("equality-tables.csv", "equality-tables.parquet")
_TOTAL = re.compile(r"\b(total|all|aggregate|overall)\b", re.IGNORECASE)
# The tidy table's units (its data dictionary) -> what a cell is and the decimals the reports show.
_UNITS = {"count": ("count", 0), "percent": ("pct", 1), "pp": ("pp", 1), "gbp": ("money", 2),
          "ratio": ("figure", 2), "rate": ("figure", 1), "number": ("figure", 1)}


def is_workbook(path: Path) -> bool:
    return Path(path).name.endswith(WORKBOOK_SUFFIX)


def is_tidy(path: Path) -> bool:
    return Path(path).name in TIDY_NAMES


def _number_cell(value: float, kind: str, decimals: int) -> Cell:
    text = f"{value:.{decimals}f}"
    if kind == "count" and float(value).is_integer():
        return Cell(text, "count", value=float(value))
    return Cell(text, kind if kind != "count" else "figure", value=float(value), tol=0.5 * 0.1 ** decimals)


def _format_unit(number_format: str) -> tuple[str, int]:
    """What a number format shows: ``#,##0`` a count, ``0.0"%"`` a percentage to 1 dp, and so on."""
    first = (number_format or "General").split(";")[0]
    decimals = len(m.group(1)) if (m := re.search(r"\.(0+)", first)) else 0
    if "%" in first:
        return "pct", decimals
    if "pp" in first:
        return "pp", decimals
    if "£" in first:
        return "money", decimals
    if first in ("General", "@") or decimals == 0:
        return "count", 0
    return "figure", decimals


def _cell(value: object, min_count: int, kind: str, decimals: int) -> Cell:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return Cell("", "blank")
    if isinstance(value, bool):
        return Cell(str(value), "text")
    if isinstance(value, (int, float)):
        return _number_cell(float(value), kind, decimals)
    text = str(value).strip()
    try:
        return _number_cell(float(text.replace(",", "")), kind, decimals)
    except ValueError:
        return parse_cell(text, min_count)


_STANDARD = re.compile(r"^(WRES|WDES): ")
_IND1 = re.compile(r"\(indicator 1\)$")


def standard_key(caption: str, groups: dict[str, str], measure: str) -> tuple[str, str, str, str] | None:
    """The submission CSV's key ``(indicator, breakdown, group, role)`` of a WRES/WDES export cell, if it has one.

    Indicator 1 rows are ``"<staff type>: <pay level>"``; indicators 2 to 3 match the submission's breakdown by the
    years it ends with (``"... (2025-2026)"``, whole staff only); survey indicators by ``"Staff survey <question>"``.
    A breakdown starting with ``~`` matches the end of the submission's.
    """
    if not _STANDARD.match(caption):
        return None
    group, _, what = measure.rpartition(": ")
    what = what.lower()
    if _IND1.search(caption):
        if measure == "All staff":
            return "1", f"{groups.get('Staff type', '')}: {groups.get('Pay level', '')}", "*", "denominator"
        return ("1", f"{groups.get('Staff type', '')}: {groups.get('Pay level', '')}", group, "numerator"
                ) if what == "staff" else None
    if "Question" in groups:
        role = {"responses": "denominator", "answered yes": "numerator"}.get(what)
        return (groups.get("Indicator", ""), f"Staff survey {groups['Question']}", group, role) if role else None
    if "Indicator" in groups and groups.get("Subgroup") == "All staff":
        who = {"Group": groups.get("Group", ""), "Compared with": groups.get("Compared with", "")}.get(group)
        role = {"events": "numerator", "staff": "denominator"}.get(what)
        if who and role:
            return groups["Indicator"], f"~({groups.get('Years', '')})", who, role
    return None


def _sub_tables(file: str, caption: str, group_names: list[str], measures: list[str],
                rows: list[tuple[tuple[str, ...], dict[str, Cell], dict[str, str]]]) -> list[Table]:
    """Cut one wide table into the blocks a reader sees (see the module's docstring)."""
    if not rows:
        return []
    n = len(group_names)
    varying = [i for i in range(n) if len({g[i] for g, _, _ in rows}) > 1]
    totals = [i for i in varying if any(_TOTAL.search(g[i]) for g, _, _ in rows)]
    at = totals[-1] if totals else (varying[-1] if varying else n - 1)
    blocks: dict[tuple[str, ...], list] = {}
    for groups, cells, where in rows:
        key = tuple(groups[i] for i in range(n) if i != at and i in varying)
        blocks.setdefault(key, []).append((groups, cells, where))
    tables = []
    names = [group_names[i] for i in range(n) if i != at and i in varying]
    for key, block in blocks.items():
        title = caption + (" (" + ", ".join(f"{k}: {v}" for k, v in zip(names, key)) + ")" if key else "")
        t = Table(file, title, list(measures), source="export")
        for groups, cells, where in block:
            r = len(t.rows)
            label = groups[at] if n else ""
            t.rows.append((label, [cells.get(m, Cell("", "blank")) for m in measures]))
            named = dict(zip(group_names, groups))
            for c, m in enumerate(measures):
                if m in cells:
                    t.links[(r, c)] = ("export", caption, key, label, m)
                    std = standard_key(caption, named, m)
                    if std:
                        t.keys[(r, c)] = std
                    if m in where:
                        t.cells[(r, c)] = where[m]
        tables.append(t)
    return tables


def read_workbook(path: Path, min_count: int) -> list[Table]:
    """A trust's workbook as the sub-tables of every sheet's tables (the README sheet has none)."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    wb = load_workbook(path, read_only=True, data_only=True)
    tables: list[Table] = []
    try:
        for ws in wb.worksheets:
            if ws.title == "README":
                continue
            grid = [[(getattr(c, "value", None), getattr(c, "number_format", "General")) for c in row]
                    for row in ws.iter_rows()]
            blocks: list[list[tuple[int, list]]] = []
            current: list[tuple[int, list]] = []
            for i, row in enumerate(grid, start=1):
                if all(v is None or str(v).strip() == "" for v, _ in row):
                    if current:
                        blocks.append(current)
                    current = []
                else:
                    current.append((i, row))
            if current:
                blocks.append(current)
            for block in blocks[1:]:  # the first block is the sheet's title
                if len(block) < 3:
                    continue
                caption = str(block[0][1][0][0] or "")
                header = [str(v) if v is not None else "" for v, _ in block[1][1]]
                data = block[2:]
                n_groups = 0
                for j in range(len(header)):
                    values = [row[j][0] for _, row in data if j < len(row) and row[j][0] not in (None, "")]
                    # text that is not a hidden marker; an empty column among them is a grouping left blank
                    if all(isinstance(v, str) and not parse_cell(v, min_count).hidden for v in values):
                        n_groups += 1
                    else:
                        break
                measures = [h for h in header[n_groups:] if h]
                rows = []
                for i, row in data:
                    groups = tuple(str(row[j][0] or "") if j < len(row) else "" for j in range(n_groups))
                    cells, where = {}, {}
                    for j in range(n_groups, len(header)):
                        if not header[j] or j >= len(row):
                            continue
                        value, fmt = row[j]
                        kind, decimals = _format_unit(fmt)
                        cell = _cell(value, min_count, kind, decimals)
                        if cell.kind != "blank":
                            cells[header[j]] = cell
                            where[header[j]] = f"{ws.title}!{get_column_letter(j + 1)}{i}"
                    rows.append((groups, cells, where))
                tables += _sub_tables(str(path), f"{ws.title}: {caption}", header[:n_groups], measures, rows)
    finally:
        wb.close()
    return tables


@functools.lru_cache(maxsize=4)
def _records(path: str, stamp: tuple[int, int]) -> list[dict[str, str]]:
    return read_records(Path(path))


@functools.lru_cache(maxsize=4)
def _by_trust(path: str, stamp: tuple[int, int]) -> dict[str, list[tuple[int, dict[str, str]]]]:
    """Each trust's rows of the tidy table with their line (CSV) or row (Parquet) numbers, in the table's order."""
    first = 2 if Path(path).suffix.lower() == ".csv" else 1
    out: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for line, rec in enumerate(_records(path, stamp), start=first):
        out.setdefault(rec.get("trust_code", ""), []).append((line, rec))
    return out


def _tidy_by_trust(path: Path) -> dict[str, list[tuple[int, dict[str, str]]]]:
    """The tidy table's rows by trust, read and indexed once however many trusts' folders are audited (again when
    the file changes)."""
    st = Path(path).stat()
    return _by_trust(str(Path(path).resolve()), (st.st_mtime_ns, st.st_size))


def tidy_trusts(path: Path) -> list[str]:
    """The trust codes the tidy table holds, in order."""
    return list(_tidy_by_trust(path))


def read_tidy(path: Path, min_count: int, trust_code: str | None = None, *, name_trust: bool = False
              ) -> list[Table]:
    """One trust's rows of the tidy table (every trust's when ``trust_code`` is None) put back into sub-tables.

    Captions start with the trust's code when ``name_trust`` is set or every trust is read.
    """
    by_trust = _tidy_by_trust(path)
    # only this trust's rows are visited (every trust's, in the table's order, when none is named)
    if trust_code is None:
        rows = sorted((item for items in by_trust.values() for item in items), key=lambda item: item[0])
    else:
        rows = by_trust.get(trust_code, [])
    by_table: dict[tuple[str, str, str], dict] = {}
    for line, rec in rows:
        code = rec.get("trust_code", "")
        names = []
        k = 1
        while f"group_{k}_name" in rec:
            if rec[f"group_{k}_name"]:
                names.append(rec[f"group_{k}_name"])
            k += 1
        caption = f"{rec.get('report', '')}: {rec.get('table_caption', '')}"
        entry = by_table.setdefault((code, caption, "|".join(names)),
                                    {"names": names, "measures": [], "rows": {}})
        groups = tuple(rec.get(f"group_{i}", "") for i in range(1, len(names) + 1))
        measure = rec.get("measure", "")
        if measure not in entry["measures"]:
            entry["measures"].append(measure)
        kind, decimals = _UNITS.get(rec.get("unit", ""), ("figure", 6))
        suppressed = str(rec.get("suppressed", "")).strip().lower() == "true"
        value = (rec.get("marker") or "suppressed") if suppressed else rec.get("value", "")
        cell = _cell(value if value != "" else None, min_count, kind, decimals)
        row = entry["rows"].setdefault((rec.get("row", ""), groups), ({}, {}))
        row[0][measure] = cell
        row[1][measure] = f"row {line}" if Path(path).suffix.lower() != ".csv" else f"line {line}"
    tables = []
    for (code, caption, _), entry in by_table.items():
        rows = [(groups, cells, where) for (_, groups), (cells, where) in entry["rows"].items()]
        prefix = f"{code} " if trust_code is None or name_trust else ""
        tables += _sub_tables(str(path), prefix + caption, entry["names"], entry["measures"], rows)
    return tables
