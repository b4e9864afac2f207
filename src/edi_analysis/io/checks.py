"""Checks that need more than one cell: values a type check passes but no trust can mean.

Each function returns :class:`~edi_analysis.errors.Problem` objects (never raises), so :mod:`.read` can gather
them with every other problem of a trust into one :class:`~edi_analysis.errors.InputError`:

- :func:`year_problems`: dates outside the financial year a year folder holds (1 April to 31 March), and staff
  who start after the 31 March snapshot;
- :func:`pay_problems`: hourly pay a payroll cannot produce (zero for a full-pay relevant employee, more than
  :data:`MAX_HOURLY_RATE`), and contracted hours of zero for every employed (non-bank) member of staff;
- :func:`id_problems`: staff identifiers that match the staff file only once leading zeros are dropped (what
  Excel does to a numeric column), which would silently lose people from every join.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from ..errors import Problem

__all__ = ["MAX_HOURLY_RATE", "financial_year", "id_problems", "pay_problems", "year_problems"]

#: Highest hourly rate accepted (GBP). The best paid NHS posts earn a few hundred pounds an hour even with a
#: Clinical Excellence Award counted in; anything above this is a typing or unit error (pence, annual pay).
MAX_HOURLY_RATE = 10_000.0

#: The date column of each input that must fall in the year folder's financial year.
IN_YEAR: dict[str, str] = {
    "recruitment": "application_date",
    "employee_relations": "start_date",
    "training": "activity_date",
    "incidents": "incident_date",
    "staff_snapshots": "snapshot_date",
}


def financial_year(year: int) -> tuple[pd.Timestamp, pd.Timestamp]:
    """First and last day of the NHS financial year ending 31 March ``year`` (the year folder's records)."""
    return pd.Timestamp(year - 1, 4, 1), pd.Timestamp(year, 3, 31)


def _rows(parsed: pd.DataFrame, raw: pd.DataFrame, file: str, column: str, bad: pd.Series,
          message: str) -> list[Problem]:
    bad = bad.fillna(False).astype(bool)
    return [Problem(file, int(i) + 2, column, raw.at[i, column] if column in raw.columns else None, message)
            for i in parsed.index[bad.to_numpy()]]


def year_problems(name: str, parsed: pd.DataFrame, raw: pd.DataFrame, file: str, year: int) -> list[Problem]:
    """Rows dated outside the financial year ending 31 March ``year``; staff starting after the snapshot."""
    first, last = financial_year(year)
    span = f"1 April {year - 1} to 31 March {year}"
    if name == "staff" and "start_date" in parsed.columns:
        return _rows(parsed, raw, file, "start_date", parsed["start_date"] > last,
                     f"starts after the staff snapshot date (31 March {year}); someone who had not started is not "
                     f"in the snapshot: remove the row, or correct the date, or move the file to the right year "
                     "folder")
    column = IN_YEAR.get(name)
    if column is None or column not in parsed.columns:
        return []
    dates = parsed[column]
    return _rows(parsed, raw, file, column, (dates < first) | (dates > last),
                 f"is outside the reporting year in this folder ({span}); keep only that year's records in the "
                 f"{year} folder (other years go in their own folder), or correct the date")


def pay_problems(parsed: pd.DataFrame, raw: pd.DataFrame, file: str) -> list[Problem]:
    """Hourly pay and hours that cannot be right (staff file, after ``hourly_rate`` is known)."""
    problems: list[Problem] = []
    rate = parsed["hourly_rate"]
    full_pay = parsed["full_pay_relevant"].fillna(False).astype(bool)
    problems += _rows(parsed, raw, file, "hourly_rate", full_pay & (rate == 0),
                      "is 0 for a full-pay relevant employee; give the hourly rate of ordinary pay, or set "
                      "full_pay_relevant to FALSE if they were paid nothing in the March pay period because of leave")
    problems += _rows(parsed, raw, file, "hourly_rate", rate > MAX_HOURLY_RATE,
                      f"is more than £{MAX_HOURLY_RATE:,.0f} an hour; give the hourly rate in pounds (not pence, "
                      "not annual pay)")
    if "contracted_hours" in parsed.columns and "bank" in parsed.columns:
        employed = ~parsed["bank"].fillna(False).astype(bool)
        hours = parsed.loc[employed, "contracted_hours"]
        if len(hours) and (hours.fillna(0) == 0).all():
            problems.append(Problem(file, None, "contracted_hours", "0", "is 0 (or blank) for every member of staff "
                                    "who is not bank-only; give each person's contracted weekly hours"))
    return problems


def _numeric_ids(ids: pd.Series) -> pd.Series:
    text = ids.dropna().astype(str)
    return text[text.str.fullmatch(r"\d+")]


def _isin(values: pd.Series, among: pd.Series) -> np.ndarray:
    """``values.isin(among)`` for text, in Arrow: pandas' ``isin`` on Arrow strings makes a scalar per value."""
    if not len(values):
        return np.zeros(0, dtype=bool)
    found = pc.is_in(pa.array(values, type=pa.string()), value_set=pa.array(among, type=pa.string()))
    return found.to_numpy(zero_copy_only=False).astype(bool)


def id_problems(tables: Mapping[str, pd.DataFrame], files: Mapping[str, str]) -> list[Problem]:
    """Identifiers in the year's other files that match ``staff`` only once leading zeros are dropped.

    Excel turns a column of identifiers such as ``000123`` into the number ``123``; the people of that file then
    join nobody in the staff file. Each affected file gets one problem naming both files and an example;
    ``files`` gives each table's file name as messages show it (e.g. ``2026/staff.csv``).
    """
    staff = tables.get("staff")
    if staff is None or "staff_id" not in staff.columns:
        return []
    known = staff["staff_id"].dropna().astype(str)
    staff_num = _numeric_ids(staff["staff_id"])
    staff_stripped = staff_num.str.lstrip("0")
    problems = []
    for name, frame in tables.items():
        if name == "staff" or "staff_id" not in frame.columns:
            continue
        ids = _numeric_ids(frame["staff_id"])
        lost = ids[~_isin(ids, known) & _isin(ids.str.lstrip("0"), staff_stripped)]
        if len(lost):
            first = lost.iloc[0]
            stripped = dict(zip(staff_stripped, staff_num))
            problems.append(Problem(
                files[name], None, "staff_id", first,
                f"{len(lost)} identifier(s) match {files['staff']} only once leading zeros are dropped (e.g. {first!r} "
                f"here, {stripped[first.lstrip('0')]!r} in staff); a spreadsheet has stripped the zeros in one of the "
                "two files: format the staff_id column as text and export both files again so the identifiers are "
                "written the same way"))
    return problems
