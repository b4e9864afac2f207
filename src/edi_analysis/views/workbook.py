"""One Excel workbook per trust: the tables of its reports, formatted, with a README sheet.

Built from the PUBLISHED results only (the tables of :mod:`edi_analysis.views.tidy`), so a hidden cell shows the
marker the HTML report shows (``<5``, ``*``, ``suppressed``). Every text cell is neutralised as the CSV exports are
(:func:`edi_analysis.io.write.neutralise`: a leading ``=``, ``+``, ``-``, ``@``, tab or carriage return gets an
apostrophe) and written as text, so nothing in the workbook can run as a formula (OWASP CSV injection).

The bytes are deterministic: the document properties carry a fixed date (``SOURCE_DATE_EPOCH`` if set, the
reproducible-builds convention, else 1 January of the report year) and the zip entries a fixed time stamp, so
rebuilding from the same inputs gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import zipfile
from collections.abc import Mapping

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_STRING
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from .. import __version__
from ..disclosure import is_hidden, require_published
from ..io.write import neutralise
from . import tidy

__all__ = ["NUMBER_FORMATS", "build_workbook", "file_name", "workbook_date"]

#: unit -> Excel number format (percentages are stored 0 to 100, as the reports show them)
NUMBER_FORMATS = {"count": "#,##0", "percent": '0.0"%"', "pp": '+0.0" pp";-0.0" pp";0.0" pp"',
                  "gbp": '"£"#,##0.00', "ratio": "0.00", "rate": "0.0", "number": "#,##0.0"}
_HEAD_FILL = PatternFill("solid", fgColor="005EB8")  # NHS blue; white bold text on it passes WCAG AA contrast
_HEAD_FONT = Font(bold=True, color="FFFFFF")
_TITLE_FONT = Font(bold=True, size=14)
_CAPTION_FONT = Font(bold=True, size=12)
_LINE_PT = 15  # height of one line of 11-point text, in points
_README_WIDTH = 100  # characters
_HEAD_WIDTH = 20  # widest a column grows for its header; longer headers wrap
_SYMBOLS = (
    ("<{min_count}", "A count from 1 to {below} (the smallest count shown is {min_count}; zero is shown)."),
    ("*", "A count hidden as well, so that a hidden small count cannot be worked out from totals."),
    ("suppressed", "A figure computed from hidden counts, or from too few people to be reliable or safe."),
    ("(blank)", "The figure does not apply to this row."),
)
_DEFINITIONS = (
    ("Pay gap (%)", ("How much lower the focus group's hourly pay is than the reference group's, as a percentage of "
                    "the reference group's (mean or median). Negative: the focus group is paid more.")),
    ("Relative likelihood", ("How many times more likely one group is than the other to experience something "
                            "(for example appointment from shortlisting). 1 means equally likely.")),
    ("Interval", ("The 95% confidence interval: the range the figure would plausibly take on another year's "
                 "staff with the same underlying pattern.")),
    ("Percentage points (pp)", "The difference between two percentages."),
    ("Rate per 1,000 staff", "Cases or incidents in the year for every 1,000 staff in the group."),
    ("Process limits", ("In the trends sheet: the range quarter-to-quarter variation usually stays within "
                       "(statistical process control, NHS Making Data Count).")),
)
_SOURCES = (
    ("The trust's own records", ("Electronic Staff Record, recruitment, employee relations and training records, "
                                "and the trust's NHS Staff Survey results.")),
    ("Gender pay gap returns", "GOV.UK Gender Pay Gap Service (Government Equalities Office)."),
    ("NHS Staff Survey", "NHS Staff Survey Coordination Centre on behalf of NHS England."),
    ("Census 2021", "Office for National Statistics, table TS021 (ethnic group)."),
    ("Licence", ("Contains public sector information licensed under the Open Government Licence v3.0 "
                "(https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/).")),
)


def workbook_date(year: int) -> dt.datetime:
    """The workbook's fixed date: ``SOURCE_DATE_EPOCH`` (seconds, UTC) when set, else 1 January of ``year``."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).replace(tzinfo=None, microsecond=0)
    return dt.datetime(int(year), 1, 1)


def file_name(trust_code: str, year: int) -> str:
    """``<trust>-<year>-equality-tables.xlsx``."""
    return f"{trust_code}-{year}-equality-tables.xlsx"


def _safe(value: object) -> object:
    """One cell's value as written: text neutralised like the CSV exports, numbers as they are."""
    if isinstance(value, str):
        return neutralise(pd.DataFrame({"v": [str(value)]}, dtype=object))["v"].iloc[0]
    return value


def _put(ws, row: int, col: int, value: object, *, font: Font | None = None, fmt: str | None = None,
         neutralised: bool = False):
    """Write one cell; ``neutralised`` says the caller already neutralised a whole table (one pass, not per cell)."""
    cell = ws.cell(row=row, column=col)
    value = value if neutralised else _safe(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = TYPE_STRING  # never a formula, whatever the text
    if font is not None:
        cell.font = font
    if fmt is not None:
        cell.number_format = fmt
    return cell


def _title_block(ws, heading: str, trust, policy, when: dt.datetime) -> int:
    _put(ws, 1, 1, heading, font=_TITLE_FONT)
    _put(ws, 2, 1, f"{trust.name} ({trust.code}), report year {trust.year}. Workbook date: {when:%d %B %Y}.")
    notes = []
    if trust.synthetic:
        notes.append("Synthetic data: this trust is fictional; the figures illustrate the method.")
    if policy.internal:
        notes.append("Not for publication: small numbers are not hidden in this version.")
    else:
        notes.append(f"Counts from 1 to {policy.min_count - 1} show as <{policy.min_count}; see the README sheet.")
    _put(ws, 3, 1, " ".join(notes), font=Font(bold=trust.synthetic or policy.internal))
    return 5


def _readme(ws, trust, policy, when: dt.datetime, contents: list[tuple[str, str]]) -> None:
    row = _title_block(ws, f"Equality tables: {trust.name}", trust, policy, when)
    bold = Font(bold=True)

    def section(title: str, items) -> None:
        nonlocal row
        _put(ws, row, 1, title, font=_CAPTION_FONT)
        row += 1
        for a, b in items:
            _put(ws, row, 1, a, font=bold).alignment = Alignment(vertical="top")
            _put(ws, row, 2, b).alignment = Alignment(wrap_text=True, vertical="top")
            # Spreadsheets do not grow a row for wrapped text they did not wrap themselves: size it here.
            ws.row_dimensions[row].height = _LINE_PT * math.ceil(len(b) / (_README_WIDTH - 8))
            row += 1
        row += 1

    section("What this workbook holds", [
        ("Sheets", ("One sheet for each report, holding the figures behind its tables and charts. Small numbers "
                   "are hidden exactly as in the published reports.")),
        *contents])
    marks = {"min_count": policy.min_count, "below": policy.min_count - 1}
    section("Hidden figures", [(s.format(**marks), t.format(**marks)) for s, t in _SYMBOLS])
    section("Definitions", _DEFINITIONS)
    section("Sources", _SOURCES)
    section("About", [("Made by", f"edi-analysis {__version__}"), ("Report year", str(trust.year))])
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = _README_WIDTH
    _print_setup(ws)


def _print_setup(ws) -> None:
    """Print across the page width, landscape, as many pages down as needed."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _write_table(ws, row: int, tdef, table: pd.DataFrame, units: tuple[str, ...], widths: dict[int, int]) -> int:
    _put(ws, row, 1, tdef.caption, font=_CAPTION_FONT)
    row += 1
    lines = 1
    labels = neutralise(pd.DataFrame({"label": [str(c) for c in table.columns]}, dtype=object))["label"]
    table = neutralise(table)
    for j, label in enumerate(labels, start=1):
        cell = _put(ws, row, j, label, font=_HEAD_FONT, neutralised=True)
        cell.fill = _HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        widths[j] = max(widths.get(j, 8), min(len(str(label)), _HEAD_WIDTH) + 2)
        lines = max(lines, math.ceil(len(str(label)) / _HEAD_WIDTH))
    ws.row_dimensions[row].height = _LINE_PT * lines
    row += 1
    right = Alignment(horizontal="right")
    for values in table.itertuples(index=False, name=None):
        for j, (value, unit) in enumerate(zip(values, units), start=1):
            if value is None or value == "":
                continue
            if unit == "text":
                _put(ws, row, j, value, neutralised=True)
                widths[j] = max(widths.get(j, 8), min(len(str(value)), 60) + 2)
            elif is_hidden(value):
                _put(ws, row, j, str(value), neutralised=True).alignment = right
            else:
                _put(ws, row, j, value, fmt=NUMBER_FORMATS[unit], neutralised=True)
                widths[j] = max(widths.get(j, 8), len(f"{value:,}") + 3)
        row += 1
    return row + 1


def build_workbook(published: Mapping[str, object], *, when: dt.datetime | None = None) -> bytes:
    """The trust's workbook as bytes (identical for identical inputs).

    Parameters
    ----------
    published
        Report key (``pay_gaps``, ``wres``, ``wdes``, ``bullying_harassment``, ``trends``) -> its published
        results; any subset with at least one.
    when
        The date written into the workbook (default :func:`workbook_date` of the report year).
    """
    if not published:
        raise ValueError("build_workbook needs the published results of at least one report")
    first = next(iter(published.values()))
    publication = require_published(first)
    trust = first.trust  # type: ignore[attr-defined]
    when = when or workbook_date(trust.year)
    tables = tidy.wide_tables(published)
    wb = Workbook()
    readme = wb.active
    readme.title = "README"
    contents = []
    for key, sheet_name in tidy.REPORTS.items():
        mine = [t for t in tables if t[0].report == key]
        if not mine:
            continue
        ws = wb.create_sheet(sheet_name)
        row = _title_block(ws, f"{sheet_name}: tables", trust, publication.policy, when)
        ws.freeze_panes = ws.cell(row=row, column=1)  # the title block stays in view while scrolling
        widths: dict[int, int] = {}
        for tdef, table, units in mine:
            row = _write_table(ws, row, tdef, table, units, widths)
        for j, w in widths.items():
            ws.column_dimensions[get_column_letter(j)].width = w
        _print_setup(ws)
        contents.append((sheet_name, "; ".join(t[0].caption for t in mine)))
    _readme(readme, trust, publication.policy, when, contents)
    wb.properties.creator = "edi-analysis"
    wb.properties.title = f"Equality tables {trust.year}: {trust.name}"
    wb.properties.created = wb.properties.modified = when
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()  # not openpyxl's save_workbook, which stamps the current time
    return _fixed_zip(buf.getvalue(), when)


def _fixed_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same archive with every entry's time stamp set to ``when`` (zip stores the local time of writing)."""
    stamp = (max(when.year, 1980), when.month, when.day, when.hour, when.minute, when.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
