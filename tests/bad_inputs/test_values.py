"""Values a type check passes but no trust can mean: each is a problem naming file, row, column and value."""

from __future__ import annotations

import pandas as pd

from .conftest import problem_lines


def _first_rows(frame: pd.DataFrame, mask: pd.Series, n: int) -> pd.Index:
    return frame.index[mask][:n]


def test_zero_hourly_pay_for_full_pay_staff(case):
    staff = pd.read_csv(case.path("staff"), dtype=str, keep_default_na=False)
    rows = _first_rows(staff, staff["full_pay_relevant"] == "True", 25)
    staff.loc[rows, "hourly_rate"] = "0"
    staff.to_csv(case.path("staff"), index=False)
    status, out = case.validate()
    lines = problem_lines(out)
    assert status == 1 and len(lines) == 25
    assert lines[0] == (f"2026/staff.csv, row {rows[0] + 2}, column 'hourly_rate', value '0': is 0 for a full-pay "
                        "relevant employee; give the hourly rate of ordinary pay, or set full_pay_relevant to FALSE if "
                        "they were paid nothing in the March pay period because of leave")


def test_absurd_and_infinite_pay_and_decimal_commas(case):
    def change(d):
        d.loc[0, "hourly_rate"] = "1000000000"
        d.loc[1, "hourly_rate"] = "inf"
        d.loc[2, "hourly_rate"] = "17,85"
        d.loc[3, "hourly_rate"] = "1,017.50"  # a thousands separator is fine
    case.edit("staff", change)
    status, out = case.validate()
    assert status == 1
    assert problem_lines(out) == [
        ("2026/staff.csv, row 2, column 'hourly_rate', value '1000000000': is more than £10,000 an hour; give the "
        "hourly rate in pounds (not pence, not annual pay)"),
        ("2026/staff.csv, row 3, column 'hourly_rate', value 'inf': cannot be read as float; use a number at least 0 "
        "or blank"),
        ("2026/staff.csv, row 4, column 'hourly_rate', value '17,85': has a decimal comma; use a point for decimals "
        "(e.g. 17.85) and no other separators"),
    ]


def test_zero_contracted_hours_for_everyone(case):
    case.edit("staff", lambda d: d.assign(contracted_hours="0"))
    status, out = case.validate()
    assert status == 1
    assert problem_lines(out) == [("2026/staff.csv, column 'contracted_hours', value '0': is 0 (or blank) for every "
                                  "member of staff who is not bank-only; give each person's contracted weekly hours")]


def test_start_date_after_the_snapshot(case):
    case.edit("staff", lambda d: d.assign(start_date=d["start_date"].where(d.index != 4, "2026-06-01")))
    status, out = case.validate()
    assert status == 1
    assert problem_lines(out) == [("2026/staff.csv, row 6, column 'start_date', value '2026-06-01': starts after the "
                                  "staff snapshot date (31 March 2026); someone who had not started is not in the "
                                  "snapshot: remove the row, or correct the date, or move the file to the right year "
                                  "folder")]


def test_dates_outside_the_reporting_year(case):
    case.edit("recruitment", lambda d: d.assign(application_date=d["application_date"].where(d.index != 0,
                                                                                           "2025-03-31")))
    case.edit("employee_relations", lambda d: d.assign(start_date=d["start_date"].where(d.index != 1, "2026-04-01")))
    case.edit("staff_snapshots", lambda d: d.assign(snapshot_date=d["snapshot_date"].where(d.index != 0,
                                                                                         "2024-06-30")))
    status, out = case.validate()
    tail = ("is outside the reporting year in this folder (1 April 2025 to 31 March 2026); keep only that year's "
            "records in the 2026 folder (other years go in their own folder), or correct the date")
    assert status == 1
    assert problem_lines(out) == [
        f"2026/recruitment.csv, row 2, column 'application_date', value '2025-03-31': {tail}",
        f"2026/employee_relations.csv, row 3, column 'start_date', value '2026-04-01': {tail}",
        f"2026/staff_snapshots.csv, row 2, column 'snapshot_date', value '2024-06-30': {tail}",
    ]


def test_staff_ids_whose_leading_zeros_were_stripped(case):
    # IDs as a payroll export writes them (000298) in staff; as Excel leaves them (298) in the cases file
    case.edit("staff", lambda d: d.assign(staff_id=d["staff_id"].str.removeprefix("SYN02-")))
    er = pd.read_csv(case.path("employee_relations"), dtype=str, keep_default_na=False)
    staff_ids = set(pd.read_csv(case.path("staff"), dtype=str)["staff_id"])
    padded = er["staff_id"].str.removeprefix("SYN02-")
    matched = padded[padded.isin(staff_ids)]
    er["staff_id"] = padded.str.lstrip("0")
    er.to_csv(case.path("employee_relations"), index=False)
    first = matched.iloc[0]
    status, out = case.validate()
    assert status == 1
    assert problem_lines(out) == [
        (f"2026/employee_relations.csv, column 'staff_id', value '{first.lstrip('0')}': {len(matched)} identifier(s) "
        f"match 2026/staff.csv only once leading zeros are dropped (e.g. '{first.lstrip('0')}' here, '{first}' in "
        "staff); a spreadsheet has stripped the zeros in one of the two files: format the staff_id column as text and "
        "export both files again so the identifiers are written the same way")]
