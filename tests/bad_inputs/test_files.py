"""Files and formats: a folder where a file should be, unreadable workbooks and text, two files for one input,
a header naming a column twice. Each gives one clear problem naming the file; a valid workbook is read."""

from __future__ import annotations

import pandas as pd
import pytest

from .conftest import problem_lines


def test_folder_where_the_staff_file_should_be(case):
    path = case.path("staff")
    path.unlink()
    path.mkdir()
    status, out = case.validate()
    assert status == 1
    assert problem_lines(out) == [(f"2026/staff.csv: is a folder, not a file ({path}); put the staff snapshot file "
                                  "itself there, as staff.csv or staff.xlsx")]


def test_corrupt_workbook_is_named(case):
    case.path("staff").unlink()
    case.path("staff", suffix=".xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    status, out = case.validate()
    assert status == 1
    [line] = problem_lines(out)
    assert line.startswith("2026/staff.xlsx: is not a readable Excel workbook (")
    assert line.endswith("); open it in Excel and save it again as .xlsx, or save it as CSV UTF-8")


def test_a_valid_workbook_is_read_like_the_csv(case):
    staff = pd.read_csv(case.path("staff"), dtype=str, keep_default_na=False)
    staff.to_excel(case.path("staff", suffix=".xlsx"), index=False)
    case.path("staff").unlink()
    status, out = case.validate()
    assert (status, out.strip().splitlines()[0]) == (0, f"{case.params_file}: all inputs valid for 2025, 2026")


def test_both_csv_and_xlsx_present_is_ambiguous(case):
    staff = pd.read_csv(case.path("staff"), dtype=str, keep_default_na=False)
    staff.head(10).to_excel(case.path("staff", suffix=".xlsx"), index=False)
    status, out = case.validate()
    assert status == 1
    assert problem_lines(out) == [("2026/staff.csv: both staff.csv and staff.xlsx are in the folder 2026; it is not "
                                  "clear which to use: keep one of them and remove or rename the other")]


def test_a_column_named_twice(case):
    text = case.path("staff").read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    assert header.split(",")[4] == "age_band"  # columns: staff_id, sex, ethnic_code, disability, age_band
    case.path("staff").write_text(header.replace(",age_band,", ",sex,", 1) + "\n" + rest, encoding="utf-8")
    status, out = case.validate()
    assert status == 1
    assert problem_lines(out) == [("2026/staff.csv, row 1, column 'sex': the header names this column 2 times "
                                  "(columns B, E); keep one and remove or rename the others")]


def test_latin1_text_file(case):
    text = case.path("board").read_text(encoding="utf-8")
    header, first, rest = text.split("\n", 2)
    first = first.replace("Chair", "Chair (Zoë)")
    case.path("board").write_bytes((header + "\n" + first + "\n" + rest).encode("latin-1"))
    position = len((header + "\n").encode()) + first.index("ë")  # the first byte UTF-8 cannot read
    status, out = case.validate()
    assert status == 1
    assert problem_lines(out) == [(f"2026/board.csv: is not UTF-8 text (byte 0xeb at position {position}); in Excel "
                                  "use Save As > CSV UTF-8 (comma delimited)")]


@pytest.mark.parametrize("year", [2025, 2026])
def test_problems_of_every_year_and_file_come_together(case, year):
    case.path("board", year).write_text("", encoding="utf-8")
    case.edit("training", lambda d: d.assign(activity_date=d["activity_date"].where(d.index != 0, "2019-01-01")))
    status, out = case.validate()
    assert status == 1
    files = sorted({line.split(",")[0].split(":")[0] for line in problem_lines(out)})
    assert files == sorted({f"{year}/board.csv", "2026/training.csv"})
