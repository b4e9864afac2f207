"""Excel input templates: one workbook per input of the data contract, with drop-downs for every coded column.

Each workbook has the input's columns on its first sheet (the sheet the
readers take), a comment on every header saying what the column holds and
what it accepts, a drop-down (Excel data validation) on every coded and
yes/no column, range checks on numbers and dates, a ``codes`` sheet listing
each allowed value with its meaning, and an ``about`` sheet. Everything comes
from :data:`~edi_analysis.io.contract.CONTRACT`, so the templates cannot
drift from the readers; ``python -m edi_analysis templates`` writes them to
``docs/data-contract/templates/`` and a test checks the shipped files are
what the command makes now.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..metrics import groups
from .contract import AFC_BANDS, CONTRACT, Column, InputSpec
from .write import write_atomic

__all__ = ["TEMPLATES_DIR", "allowed_codes", "main", "template_bytes", "write_templates"]

#: Where the shipped templates live, relative to the project folder.
TEMPLATES_DIR = Path("docs") / "data-contract" / "templates"
_LAST_ROW = 1_048_576  # Excel's last row: the checks cover every row a trust can fill
_FIXED_TIME = (2024, 1, 1, 0, 0, 0)  # zip entries and document dates: the same bytes on every run
_HEADER = PatternFill("solid", fgColor="DDEBF7")

_MEANINGS: dict[str, dict[str, str]] = {
    "disability": {
        "Yes": "Disabled (Equality Act 2010 definition)", "No": "Not disabled",
        "Not declared": "Not recorded", "Prefer not to say": "Asked and chose not to answer",
        "Unspecified": "Not recorded (ESR's value)",
    },
    "pay_band": {
        **{b: f"Agenda for Change band {b}" for b in AFC_BANDS}, "VSM": "Very senior manager",
        "Medical consultant": "Consultant", "Medical career grade": "Specialty doctor, specialist or associate "
        "specialist", "Medical trainee": "Doctor in training (foundation, core or specialty)",
        "Other": "Any other pay scale",
    },
    "sex": {"Male": "Male", "Female": "Female"},
}


def allowed_codes(col: Column) -> list[tuple[str, str]]:
    """The values a drop-down offers for ``col`` and what each means; empty for free text and numbers."""
    if col.kind == "code":
        return [(code, text) for code, text in groups.DESCRIPTIONS.items()]
    if col.kind == "bool":
        return [("TRUE", "Yes"), ("FALSE", "No")]
    if col.allowed is not None:
        meanings = _MEANINGS.get(col.name, {})
        return [(v, meanings.get(v, "")) for v in col.allowed]
    return []


def _comment(col: Column) -> Comment:
    need = "Required" if col.required else "Optional column"
    blank = "; may be blank" if col.nullable else "; may not be blank"
    text = f"{col.name}: {col.description}\n\n{need}{blank}.\nTo fill in: {col.fix()}."
    if col.example:
        text += f"\nExample: {col.example}"
    comment = Comment(text, "edi-analysis data contract")
    comment.width, comment.height = 340, 260
    return comment


def _validation(col: Column, letter: str, codes_range: str | None) -> DataValidation | None:
    cells = f"{letter}2:{letter}{_LAST_ROW}"
    kind = {"int": "whole", "float": "decimal", "date": "date"}.get(col.kind)
    if codes_range is not None:
        dv = DataValidation(type="list", formula1=codes_range, allow_blank=col.nullable)
        # Ethnic category also accepts a local second character and the published descriptions: warn, not stop.
        dv.errorStyle = "warning" if col.kind == "code" else "stop"
    elif kind == "date":
        dv = DataValidation(type="date", operator="greaterThan", formula1="DATE(1900,1,1)", allow_blank=col.nullable)
    elif kind is not None and (col.minimum is not None or col.maximum is not None):
        if col.minimum is not None and col.maximum is not None:
            dv = DataValidation(type=kind, operator="between", formula1=f"{col.minimum:g}",
                                formula2=f"{col.maximum:g}", allow_blank=col.nullable)
        elif col.minimum is not None:
            dv = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=f"{col.minimum:g}",
                                allow_blank=col.nullable)
        else:
            dv = DataValidation(type=kind, operator="lessThanOrEqual", formula1=f"{col.maximum:g}",
                                allow_blank=col.nullable)
    else:
        return None
    dv.showErrorMessage = True
    dv.errorTitle = col.name[:32]
    dv.error = col.fix()[:255]
    dv.promptTitle = col.name[:32]
    dv.prompt = col.description[:255]
    dv.showInputMessage = True
    dv.add(cells)
    return dv


def _workbook(spec: InputSpec) -> Workbook:
    wb = Workbook()
    data = wb.active
    data.title = spec.name
    codes = wb.create_sheet("codes")
    about = wb.create_sheet("about")
    codes.append(["column", "value", "meaning"])
    for cell in codes[1]:
        cell.font, cell.fill = Font(bold=True), _HEADER
    for i, col in enumerate(spec.columns, start=1):
        letter = get_column_letter(i)
        cell = data.cell(row=1, column=i, value=col.name)
        cell.font, cell.fill = Font(bold=True), _HEADER
        cell.comment = _comment(col)
        data.column_dimensions[letter].width = max(12, len(col.name) + 4)
        if col.kind in ("text", "code"):
            # Text cells: Excel keeps '8a', '99' and leading zeros as typed.
            data.column_dimensions[letter].number_format = "@"
        elif col.kind == "date":
            data.column_dimensions[letter].number_format = "yyyy-mm-dd"
        values = allowed_codes(col)
        codes_range = None
        if values:
            first = codes.max_row + 1
            for value, meaning in values:
                codes.append([col.name, value, meaning])
            codes_range = f"codes!$B${first}:$B${codes.max_row}"
        dv = _validation(col, letter, codes_range)
        if dv is not None:
            data.add_data_validation(dv)
    data.freeze_panes = "A2"
    for letter, width in (("A", 26), ("B", 22), ("C", 60)):
        codes.column_dimensions[letter].width = width
    about.append([spec.title])
    about["A1"].font = Font(bold=True, size=14)
    about.append([spec.description])
    about.append([(f"Fill in the first sheet, one row per record, keeping the header row. Save it in the year "
                   f"folder as {spec.name}.xlsx. The drop-downs list the allowed values; the codes sheet says what "
                   "each means.")])
    about.append([])
    about.append(["column", "type", "required", "blank allowed", "what it holds", "accepts"])
    for cell in about[5]:
        cell.font, cell.fill = Font(bold=True), _HEADER
    for col in spec.columns:
        about.append([col.name, col.kind, "yes" if col.required else "no", "yes" if col.nullable else "no",
                      col.description, col.fix()])
    for letter, width in (("A", 26), ("B", 8), ("C", 9), ("D", 13), ("E", 70), ("F", 70)):
        about.column_dimensions[letter].width = width
    fixed = datetime(*_FIXED_TIME)
    wb.properties.creator = "edi-analysis"
    wb.properties.created = fixed
    return wb


def _fixed_zip(data: bytes) -> bytes:
    """The same workbook with fixed zip entry times and document dates, so an unchanged template is unchanged."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                stamp = datetime(*_FIXED_TIME).strftime("%Y-%m-%dT%H:%M:%SZ")
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
                                 rb"\g<1>" + stamp.encode() + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, content)
    return out.getvalue()


def template_bytes(name: str) -> bytes:
    """The .xlsx template of input ``name``, as bytes (the same bytes for the same contract)."""
    buffer = io.BytesIO()
    _workbook(CONTRACT[name]).save(buffer)
    return _fixed_zip(buffer.getvalue())


def write_templates(out: str | Path) -> list[Path]:
    """Write one ``<input>.xlsx`` template per input of the contract into ``out``; return the paths."""
    paths = []
    for name in CONTRACT:
        path = Path(out) / f"{name}.xlsx"
        write_atomic(path, template_bytes(name))
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """``python -m edi_analysis templates [--out DIR]``: write the Excel input templates."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m edi_analysis templates",
                                     description="Write an Excel template for each input of the data contract, "
                                                 "with drop-downs for every coded column.")
    parser.add_argument("--out", type=Path, default=TEMPLATES_DIR,
                        help=f"folder to write the templates to (default {TEMPLATES_DIR})")
    args = parser.parse_args(argv)
    for path in write_templates(args.out):
        print(f"wrote {path}")
    return 0
