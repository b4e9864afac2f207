"""The trust workbook: sheets, the published markers, formula-safe text, byte-identical rebuilds."""

import io
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the shared constructed results (tests use importlib mode)
from edi_analysis.views import workbook
from export_fixtures import published_wres


def _open(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _rows(ws) -> list[tuple]:
    return [tuple(c.value for c in row) for row in ws.iter_rows()]


def _find(ws, text: str) -> int:
    """Row number (1-based) of the first row whose first cell is ``text``."""
    return next(i for i, row in enumerate(_rows(ws), start=1) if row and row[0] == text)


@pytest.fixture(scope="module")
def book() -> openpyxl.Workbook:
    return _open(workbook.build_workbook({"wres": published_wres()}))


def test_a_readme_sheet_then_one_sheet_per_report(book):
    assert book.sheetnames == ["README", "WRES"]
    readme = [r[0] for r in _rows(book["README"])]
    for heading in ("Hidden figures", "Definitions", "Sources", "<5", "*", "suppressed"):
        assert heading in readme
    text = " ".join(str(v) for r in _rows(book["README"]) for v in r if v)
    assert "Open Government Licence v3.0" in text and "Synthetic data" in text
    assert "A count from 1 to 4" in text  # from the policy's smallest count, 5


def test_hidden_cells_show_the_published_markers(book):
    ws = book["WRES"]
    head = _find(ws, "Workforce by pay level and group (indicator 1)") + 1
    header = [c.value for c in ws[head]]
    assert header[:7] == ["Year", "Staff type", "Pay level", "White: staff", "BME: staff", "Unknown: staff",
                          "All staff"]
    level_2 = [c.value for c in ws[head + 1]]
    assert level_2[3:7] == [40, "<5", "*", 50]  # 3 BME hidden; Unknown (7) hidden too, or 50 - 40 - 7 gives it
    pct = header.index("BME: % of staff")
    assert level_2[pct] == "suppressed"
    level_3 = [c for c in ws[head + 2]]
    assert level_3[pct].value == 33.3 and level_3[pct].number_format == '0.0"%"'  # rounded as the report shows
    assert level_3[4].value == 10 and level_3[4].number_format == "#,##0"


def test_header_row_is_styled_and_the_title_block_frozen(book):
    ws = book["WRES"]
    head = _find(ws, "Workforce by pay level and group (indicator 1)") + 1
    assert ws.cell(head, 1).font.bold and ws.cell(head, 1).fill.fgColor.rgb.endswith("005EB8")
    assert ws.freeze_panes == "A5"
    assert ws.column_dimensions["B"].width >= len("Staff type")


def test_formula_leading_text_is_neutralised():
    data = workbook.build_workbook({"wres": published_wres(trust_name="=HYPERLINK(\"http://x\")",
                                                           staff_type="@SUM(1+1)")})
    book = _open(data)
    for ws in book.worksheets:
        line = ws.cell(2, 1)
        assert line.value.startswith("'=HYPERLINK") and line.data_type == "s"
    ws = book["WRES"]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "SUM" in c.value]
    assert len(cells) == 2 and all(c.value == "'@SUM(1+1)" and c.data_type == "s" for c in cells)
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml  # no formula anywhere


def test_two_builds_are_byte_identical_and_dated_from_the_report_year(monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = workbook.build_workbook({"wres": published_wres()})
    assert workbook.build_workbook({"wres": published_wres()}) == first
    assert _open(first).properties.created.year == 2026 == _open(first).properties.modified.year
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_source_date_epoch_sets_the_date(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    assert workbook.workbook_date(2030).isoformat() == "2026-01-01T00:00:00"


def test_needs_published_results():
    from export_fixtures import raw_wres

    with pytest.raises(TypeError, match="published results only"):
        workbook.build_workbook({"wres": raw_wres()})
    with pytest.raises(ValueError):
        workbook.build_workbook({})


def test_an_internal_build_says_not_for_publication():
    book = _open(workbook.build_workbook({"wres": published_wres(mode="internal")}))
    assert all("Not for publication" in ws.cell(3, 1).value for ws in book.worksheets)


def test_file_name():
    assert workbook.file_name("RXX", 2026) == "RXX-2026-equality-tables.xlsx"
