"""Excel input templates: generated from the contract, shipped as generated, and read back like the CSVs."""

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from edi_analysis.io import CONTRACT, load_year, read_input
from edi_analysis.io.templates import TEMPLATES_DIR, allowed_codes, main, template_bytes
from edi_analysis.io.validate import main as validate

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / TEMPLATES_DIR
SYN = ROOT / "data" / "synthetic" / "SYN02" / "2026"


@pytest.mark.parametrize("name", list(CONTRACT))
def test_shipped_template_is_what_the_command_makes(name):
    assert (SHIPPED / f"{name}.xlsx").read_bytes() == template_bytes(name), (
        "the templates are out of date: run python -m edi_analysis templates")


def test_command_writes_one_template_per_input(tmp_path, capsys):
    assert main(["--out", str(tmp_path)]) == 0
    assert sorted(p.stem for p in tmp_path.glob("*.xlsx")) == sorted(CONTRACT)
    assert (tmp_path / "staff.xlsx").read_bytes() == template_bytes("staff")  # the same bytes on every run


@pytest.mark.parametrize("name", ["staff", "recruitment", "employee_relations", "staff_survey"])
def test_every_coded_column_has_a_drop_down_and_every_header_a_comment(name):
    wb = load_workbook(SHIPPED / f"{name}.xlsx")
    data, codes = wb.worksheets[0], wb["codes"]
    assert data.title == name and wb.sheetnames == [name, "codes", "about"]
    headers = [c.value for c in data[1]]
    spec = CONTRACT[name]
    assert headers == [c.name for c in spec.columns]
    assert all(c.comment is not None and c.comment.text.startswith(f"{c.value}: ") for c in data[1])
    listed = {}
    for row in codes.iter_rows(min_row=2, values_only=True):
        listed.setdefault(row[0], []).append(row[1])
    lists = {str(dv.sqref).split(":")[0][:-1]: dv for dv in data.data_validations.dataValidation
             if dv.type == "list"}
    for i, col in enumerate(spec.columns):
        values = [v for v, _ in allowed_codes(col)]
        if not values:
            continue
        letter = data.cell(row=1, column=i + 1).column_letter
        dv = lists[letter]
        first, last = (int(x.split("$")[-1]) for x in dv.formula1.split(":"))
        assert [codes.cell(row=r, column=2).value for r in range(first, last + 1)] == values == listed[col.name]
        assert str(dv.sqref) == f"{letter}2:{letter}1048576"


def test_codes_sheet_gives_meanings():
    codes = load_workbook(SHIPPED / "staff.xlsx")["codes"]
    rows = {(r[0], r[1]): r[2] for r in codes.iter_rows(min_row=2, values_only=True)}
    assert rows[("ethnic_code", "C")] == "White - Any other White background"
    assert rows[("ethnic_code", "Z")] == "Not stated"
    assert rows[("pay_band", "8a")] == "Agenda for Change band 8a"
    assert rows[("bank", "TRUE")] == "Yes"


def _typed(value: str, kind: str):
    """A cell as Excel stores what a person types: numbers, TRUE/FALSE and dates typed, codes as text."""
    if value == "":
        return None
    if kind == "float":
        return float(value)
    if kind == "int":
        return int(value)
    if kind == "bool":
        return value.lower() == "true"
    if kind == "date":
        return datetime.fromisoformat(value)
    return value


def fill(name: str, source: Path, target: Path) -> Path:
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    wb = load_workbook(SHIPPED / f"{name}.xlsx")
    ws = wb.worksheets[0]
    columns = [c.value for c in ws[1]]
    kinds = {c.name: c.kind for c in CONTRACT[name].columns}
    for record in frame.to_dict("records"):
        ws.append([_typed(record.get(c, ""), kinds[c]) for c in columns])
    path = target / f"{name}.xlsx"
    wb.save(path)
    return path


@pytest.mark.parametrize("name", ["staff", "recruitment", "employee_relations", "board", "staff_survey"])
def test_a_filled_template_reads_as_the_csv(tmp_path, name):
    path = fill(name, SYN / f"{name}.csv", tmp_path)
    assert_same(read_input(path, name), read_input(SYN / f"{name}.csv", name))


def assert_same(filled: pd.DataFrame, csv: pd.DataFrame) -> None:
    """The template has every column; those the CSV leaves out are read, all blank."""
    extra = [c for c in filled.columns if c not in csv.columns]
    assert filled[extra].isna().all().all()
    pd.testing.assert_frame_equal(filled[list(csv.columns)], csv)


def test_validate_and_the_reports_read_filled_templates(tmp_path, capsys):
    year = tmp_path / "2026"
    year.mkdir()
    for name in ("staff", "recruitment", "employee_relations", "training", "board", "staff_survey"):
        fill(name, SYN / f"{name}.csv", year)
    assert validate([str(year / "staff.xlsx")]) == 0
    assert "rows: 1,484" in capsys.readouterr().out
    inputs = load_year(tmp_path, 2026)
    assert_same(inputs["staff"], read_input(SYN / "staff.csv", "staff"))
