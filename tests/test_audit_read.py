"""Reading published files as an outsider: cells, HTML tables and sentences, submission and benchmark exports."""

import math

import pytest

from edi_analysis.disclosure import Policy
from edi_analysis.disclosure.audit_read import parse_cell, read_benchmark_csv, read_html, read_submission_csv

MIN = Policy().min_count


@pytest.mark.parametrize("text, kind, value, tol", [
    ("1,234", "count", 1234, 0),
    ("0", "count", 0, 0),
    ("12.3%", "pct", 12.3, 0.05),
    ("74%", "pct", 74, 0.5),
    ("+2.5 pp", "pp", 2.5, 0.05),
    ("-12.7 pp", "pp", -12.7, 0.05),
    ("£12.34", "money", 12.34, 0.005),
    ("0.85", "figure", 0.85, 0.005),
    ("31.3% (29.4-33.4)", "pct", 31.3, 0.05),
    ("+0.9 pp (-2.1 to +3.8)", "pp", 0.9, 0.05),
    ("-0.02 (within noise)", "figure", -0.02, 0.005),
])
def test_numbers_keep_their_rounding(text, kind, value, tol):
    cell = parse_cell(text, MIN)
    assert (cell.kind, cell.shown) == (kind, True)
    assert cell.value == pytest.approx(value)
    assert cell.tol == pytest.approx(tol)


def test_hidden_markers_bound_the_count():
    primary = parse_cell("<5", MIN)
    assert (primary.kind, primary.lo, primary.hi) == ("hidden", 1, 4)
    other = parse_cell("<7", MIN)  # another threshold: the marker says it
    assert (other.lo, other.hi) == (1, 6)
    complementary = parse_cell("*", MIN)
    assert (complementary.lo, complementary.hi) == (MIN, math.inf)
    for text in ("suppressed", "small numbers: not published"):
        cell = parse_cell(text, MIN)
        assert (cell.kind, cell.lo, cell.hi) == ("hidden", 0, math.inf)


def test_intervals_blanks_and_words():
    assert parse_cell("0.61 to 1.20", MIN).kind == "interval"
    assert parse_cell("", MIN).kind == "blank"
    assert parse_cell("SYN07", MIN).kind == "text"


PAGE = """<html><body>
<section aria-label="Key findings" class="findings"><h2>Key findings</h2><ul>
<li>BME staff are 51.0% of the workforce.</li><li>Only <b>3 people</b> left.</li></ul></section>
<section><ul><li>not a finding</li></ul></section>
<div class="edi-table"><table><caption>Indicator 1: representation</caption><thead><tr>
<th scope="col">Level</th><th scope="col">White (n)</th><th scope="col">BME (n)</th></tr></thead><tbody>
<tr><th scope="row">Band 5</th><td>1,200</td><td>&lt;5</td></tr></tbody></table></div>
<details><summary>Numbers</summary><table><caption>In details</caption><thead><tr><th scope="col">Group</th>
<th scope="col">Staff</th></tr></thead><tbody><tr><th scope="row">All</th><td>*</td></tr></tbody></table></details>
</body></html>"""


def test_html_tables_and_findings(tmp_path):
    path = tmp_path / "wres.html"
    path.write_text(PAGE, encoding="utf-8")
    page = read_html(path, MIN)
    assert page.findings == ["BME staff are 51.0% of the workforce.", "Only 3 people left."]
    first, second = page.tables
    assert first.caption == "Indicator 1: representation"
    assert first.columns == ["White (n)", "BME (n)"]
    label, cells = first.rows[0]
    assert label == "Band 5"
    assert cells[0].value == 1200 and cells[1].marker == "<5"
    assert second.caption == "In details" and second.rows[0][1][0].marker == "*"


def test_submission_csv_pivots_to_one_table_per_indicator(tmp_path):
    path = tmp_path / "wres_submission.csv"
    path.write_text(
        "standard,trust_code,year,indicator,breakdown,group,numerator,denominator,value,suppressed\n"
        "WRES,T,2026,1,Band 8b,White,27.0,41.0,65.85,False\n"
        "WRES,T,2026,1,Band 8b,BME,11.0,41.0,26.83,False\n"
        "WRES,T,2026,1,Band 8b,Unknown,<5,41.0,,True\n"
        "WRES,T,2026,2,Shortlisting,BME,87.0,339.0,,False\n"
        "WRES,T,2026,2,Shortlisting,White,<5,15.0,,True\n"
        "WRES,T,2026,2,Shortlisting,Relative likelihood,,,3.8495575,False\n", encoding="utf-8")
    one, two = read_submission_csv(path, MIN)
    assert one.columns[:4] == ["White", "BME", "Unknown", "denominator"]
    label, cells = one.rows[0]
    assert label == "Band 8b" and cells[3].value == 41 and cells[2].marker == "<5"
    assert one.keys[(0, 2)] == ("1", "Band 8b", "Unknown", "numerator")
    assert "BME denominator" in two.columns and "Relative likelihood value" in two.columns
    rl = two.rows[0][1][two.columns.index("Relative likelihood value")]
    assert rl.kind == "figure" and rl.value == pytest.approx(3.8495575)


def test_benchmark_csv_one_table_per_metric(tmp_path):
    path = tmp_path / "benchmark.csv"
    path.write_text(
        "trust_code,metric,group,value,low,high,numerator,denominator,ref_numerator,ref_denominator,kind,suppressed\n"
        "A,BME %,BME,50.0,,,20.0,40.0,,,proportion,False\n"
        "B,BME %,BME,,,,,139.0,,,proportion,True\n", encoding="utf-8")
    (table,) = read_benchmark_csv(path, MIN)
    assert table.caption == "BME %" and [r[0] for r in table.rows] == ["A BME", "B BME"]
    assert table.rows[1][1][0].hidden and table.rows[1][1][1].value == 139


@pytest.mark.parametrize("suffix", [".parquet", ".xlsx"])
def test_exports_in_other_formats_read_like_the_csv(tmp_path, suffix):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"standard": ["WRES", "WRES"], "indicator": [1, 1], "breakdown": ["Band 8b", "Band 8b"],
                          "group": ["White", "BME"], "numerator": ["27.0", "<5"], "denominator": [30.0, 30.0],
                          "value": [90.0, None], "suppressed": [False, True]})
    path = tmp_path / f"wres_submission{suffix}"
    frame.to_parquet(path) if suffix == ".parquet" else frame.to_excel(path, index=False)
    (table,) = read_submission_csv(path, MIN)
    cells = table.rows[0][1]
    assert cells[0].value == 27 and cells[1].marker == "<5" and cells[2].value == 30
    assert table.rows[0][1][table.columns.index("BME value")].hidden
