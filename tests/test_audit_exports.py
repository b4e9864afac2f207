"""The auditor reads the analysts' exports: each trust's workbook and its rows of the all-trusts tidy table.

Built from the published fixture of ``export_fixtures`` (row "2": White 40, BME 3 hidden ``<5``, Unknown 7 hidden
``*``, All staff 50; row "3": 20, 10, 0 of 30), then doctored the way a careless hand would: the hidden count
typed back in, or its complementary cell shown so that the row total gives it away.
"""

import csv
import sys
from pathlib import Path

import openpyxl
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the shared constructed results (tests use importlib mode)
from edi_analysis.disclosure import Policy
from edi_analysis.disclosure.audit import audit_dir, audit_trust
from edi_analysis.disclosure.audit_exports import read_tidy, read_workbook, standard_key
from edi_analysis.pipeline.exports import write_tidy
from edi_analysis.views import tidy, workbook
from export_fixtures import published_wres

MIN = Policy().min_count
LT = f"<{MIN}"
CAPTION = "WRES: Workforce by pay level and group (indicator 1)"


@pytest.fixture
def built(tmp_path):
    """``<out>/2026/SYN99/SYN99-2026-equality-tables.xlsx`` and ``<out>/2026/equality-tables.csv``/``.parquet``."""
    pub = {"wres": published_wres()}
    folder = tmp_path / "2026" / "SYN99"
    folder.mkdir(parents=True)
    book = folder / workbook.file_name("SYN99", 2026)
    book.write_bytes(workbook.build_workbook(pub))
    write_tidy(tmp_path, 2026, [tidy.long_rows(pub)])
    return tmp_path, folder, book


def only(found):
    assert len(found) == 1, [f.line() for f in found]
    return found[0]


def doctor_workbook(book, marker, value):
    """Replace the first cell showing ``marker`` by ``value``; return its address."""
    wb = openpyxl.load_workbook(book)
    ws = wb["WRES"]
    cell = next(c for row in ws.iter_rows() for c in row if c.value == marker)
    cell.value = value
    wb.save(book)
    return f"WRES!{cell.coordinate}"


def doctor_tidy(path, marker, value):
    """Show the tidy CSV's row hidden as ``marker`` as ``value``; return its line number."""
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    i = next(i for i, r in enumerate(rows) if r["marker"] == marker)
    rows[i].update(value=str(value), suppressed="False", marker="")
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return i + 2


def test_the_workbook_reads_back_as_the_published_table(built):
    _, _, book = built
    t = only(read_workbook(book, MIN))
    assert t.caption == CAPTION
    assert t.columns[:4] == ["White: staff", "BME: staff", "Unknown: staff", "All staff"]
    label, cells = t.rows[0]
    assert label == "2"
    assert [(c.kind, c.value, c.marker) for c in cells[:4]] == [
        ("count", 40, None), ("hidden", None, LT), ("hidden", None, "*"), ("count", 50, None)]
    pct = cells[t.columns.index("White: % of staff")]
    assert (pct.kind, pct.value, pct.tol) == ("pct", 80.0, pytest.approx(0.05))  # shown to 1 dp
    assert (cells[1].lo, cells[1].hi) == (1, MIN - 1)
    assert t.cells[(0, 1)] == "WRES!E7"  # header on row 6 under the title block and caption; groups in A:C
    assert t.keys[(0, 1)] == ("1", "All staff: 2", "BME", "numerator")


@pytest.mark.parametrize("name", ["equality-tables.csv", "equality-tables.parquet"])
def test_the_tidy_table_reads_back_into_the_same_table(built, name):
    out, _, book = built
    t = only(read_tidy(out / "2026" / name, MIN, "SYN99"))
    w = only(read_workbook(book, MIN))
    assert (t.caption, t.columns, [r[0] for r in t.rows]) == (w.caption, w.columns, [r[0] for r in w.rows])
    assert [[(c.kind, c.value, c.marker) for c in cells] for _, cells in t.rows] == [
        [(c.kind, c.value, c.marker) for c in cells] for _, cells in w.rows]
    assert t.links == w.links
    assert read_tidy(out / "2026" / name, MIN, "SYN01") == []


def test_published_exports_pass(built):
    out, folder, _ = built
    assert audit_trust(folder) == []
    assert audit_dir(out) == []


def test_hidden_count_typed_into_the_workbook_is_found_in_the_tidy_table(built):
    _, folder, book = built
    where = doctor_workbook(book, LT, 3)
    found = audit_trust(folder)
    assert sorted(f.file.rsplit("/", 1)[1] for f in found) == ["equality-tables.csv", "equality-tables.parquet"]
    for f in found:
        assert (f.table, f.row, f.value, f.pattern) == (CAPTION, "2", 3, 6)
        assert f.column.startswith("BME: staff (")
    assert any(where in f.how for f in found)  # the cell it was taken from (the Parquet copy may cite the CSV)


def test_complementary_cell_shown_in_the_workbook_gives_the_count_away(built):
    _, folder, book = built
    where = doctor_workbook(book, "*", 7)
    found = audit_trust(folder)
    in_book = [f for f in found if f.file.endswith(".xlsx")]
    f = only(in_book)
    # 50 - 40 - 7 = 3, on the workbook's own row
    assert (f.table, f.row, f.column, f.value, f.pattern) == (CAPTION, "2", "BME: staff (WRES!E7)", 3, 1)
    assert where == "WRES!F7"
    assert {x.file.rsplit(".", 1)[1] for x in found} == {"xlsx", "csv", "parquet"}  # and in both tidy files


def test_complementary_cell_shown_in_the_tidy_csv_gives_the_count_away(built):
    out, folder, _ = built
    line = doctor_tidy(out / "2026" / "equality-tables.csv", "*", 7)
    found = {f.file.rsplit("/", 1)[1]: f for f in audit_trust(folder)}
    f = found["equality-tables.csv"]
    assert (f.table, f.row, f.value, f.pattern) == (CAPTION, "2", 3, 1)
    assert f.column.startswith("BME: staff (line ")
    assert f"line {line}" not in f.column  # the hidden BME line is named, not the doctored Unknown one
    assert found["SYN99-2026-equality-tables.xlsx"].pattern == 6  # and the workbook's copy, through the link


def test_year_folder_audits_tidy_rows_of_trusts_without_a_folder(built):
    out, folder, book = built
    doctor_tidy(out / "2026" / "equality-tables.csv", "*", 7)
    book.unlink()
    folder.rmdir()
    f = only([f for f in audit_dir(out) if f.file.endswith(".csv")])
    assert (f.table, f.value) == (f"SYN99 {CAPTION}", 3)


def test_submission_csv_shows_what_the_workbook_hides(built):
    _, folder, _ = built
    (folder / "wres_submission.csv").write_text(
        "standard,trust_code,year,indicator,breakdown,group,numerator,denominator,value,suppressed\n"
        "WRES,SYN99,2026,1,All staff: 2,White,40,50,80.0,False\n"
        "WRES,SYN99,2026,1,All staff: 2,BME,3,50,6.0,False\n", encoding="utf-8")
    found = audit_trust(folder)
    f = only([f for f in found if f.file.endswith(".xlsx")])
    assert (f.column, f.value, f.pattern) == ("BME: staff (WRES!E7)", 3, 6)
    assert "wres_submission.csv" in f.how


def test_html_shows_what_the_workbook_hides(built):
    _, folder, _ = built
    (folder / "wres.html").write_text(
        "<html><body><table><caption>Indicator 1: representation by level</caption><thead><tr><th>Level</th>"
        "<th>White (n)</th><th>BME (n)</th><th>Unknown (n)</th></tr></thead><tbody><tr><th>All staff: 2</th>"
        f"<td>40</td><td>3</td><td>{LT}</td></tr><tr><th>All staff: 3</th><td>20</td><td>10</td><td>0</td></tr>"
        "</tbody></table></body></html>", encoding="utf-8")
    f = only([f for f in audit_trust(folder) if f.file.endswith(".xlsx")])
    assert (f.column, f.value, f.pattern) == ("BME: staff (WRES!E7)", 3, 6)
    assert "wres.html" in f.how


@pytest.mark.parametrize("caption, groups, measure, key", [
    (CAPTION, {"Year": "2026", "Staff type": "Clinical", "Pay level": "8a"}, "All staff",
     ("1", "Clinical: 8a", "*", "denominator")),
    (CAPTION, {"Staff type": "Clinical", "Pay level": "8a"}, "White: % of staff", None),
    ("WDES: Relative likelihoods (indicators 2 to 4), with 95% intervals",
     {"Indicator": "3", "Years": "2025-2026", "Subgroup": "All staff", "Group": "Disabled",
      "Compared with": "Non-disabled"}, "Compared with: events", ("3", "~(2025-2026)", "Non-disabled", "numerator")),
    ("WDES: Relative likelihoods (indicators 2 to 4), with 95% intervals",
     {"Indicator": "3", "Years": "2026", "Subgroup": "Clinical", "Group": "Disabled"}, "Group: events", None),
    ("WRES: Staff survey indicators", {"Indicator": "5", "Question": "q14a"}, "BME: responses",
     ("5", "Staff survey q14a", "BME", "denominator")),
    ("Pay gaps: Pay quartiles", {"Quartile": "All"}, "Focus group: staff", None),
])
def test_standard_keys(caption, groups, measure, key):
    assert standard_key(caption, groups, measure) == key


def test_the_same_leak_in_every_file_is_named_in_each(built):
    # the CSV and Parquet tables are then alike: solved once, each finding still names its own file and cell
    import pandas as pd

    out, folder, book = built
    doctor_workbook(book, "*", 7)
    line = doctor_tidy(out / "2026" / "equality-tables.csv", "*", 7)
    parquet = out / "2026" / "equality-tables.parquet"
    frame = pd.read_parquet(parquet)
    star = frame["marker"] == "*"
    frame.loc[star, "value"], frame.loc[star, "suppressed"] = 7.0, False
    frame.loc[star, "marker"] = ""
    frame.to_parquet(parquet, index=False)
    found = {f.file.rsplit("/", 1)[1]: f for f in audit_trust(folder)}
    assert {name: (f.value, f.pattern) for name, f in found.items()} == {
        "SYN99-2026-equality-tables.xlsx": (3, 1), "equality-tables.csv": (3, 1), "equality-tables.parquet": (3, 1)}
    assert found["SYN99-2026-equality-tables.xlsx"].column == "BME: staff (WRES!E7)"
    assert found["equality-tables.csv"].column == f"BME: staff (line {line - 1})"  # BME comes just before Unknown
    assert found["equality-tables.parquet"].column == f"BME: staff (row {line - 2})"
