"""io.checks: dates in the year folder's financial year, impossible pay and hours, identifiers that lost zeros."""

import pandas as pd

from edi_analysis.io.checks import MAX_HOURLY_RATE, financial_year, id_problems, pay_problems, year_problems


def test_financial_year_runs_april_to_march():
    assert financial_year(2026) == (pd.Timestamp("2025-04-01"), pd.Timestamp("2026-03-31"))


def test_dates_on_the_year_boundaries_are_in_and_a_day_outside_is_out():
    raw = pd.DataFrame({"application_date": ["2025-04-01", "2026-03-31", "2025-03-31", "2026-04-01"]})
    parsed = raw.assign(application_date=pd.to_datetime(raw["application_date"]))
    problems = year_problems("recruitment", parsed, raw, "recruitment.csv", 2026)
    assert [(p.row, p.value) for p in problems] == [(4, "2025-03-31"), (5, "2026-04-01")]


def test_staff_may_start_on_the_snapshot_date_but_not_after():
    raw = pd.DataFrame({"start_date": ["2026-03-31", "2026-04-01"]})
    parsed = raw.assign(start_date=pd.to_datetime(raw["start_date"]))
    assert [p.row for p in year_problems("staff", parsed, raw, "staff.csv", 2026)] == [3]


def test_inputs_without_a_dated_column_have_no_year_problems():
    raw = pd.DataFrame({"member_id": ["B01"]})
    assert year_problems("board", raw, raw, "board.csv", 2026) == []


def test_pay_problems():
    parsed = pd.DataFrame({
        "hourly_rate": [0.0, 0.0, MAX_HOURLY_RATE, MAX_HOURLY_RATE + 0.01, None],
        "full_pay_relevant": pd.array([True, False, True, True, True], dtype="boolean"),
        "contracted_hours": [37.5, 0.0, 37.5, 37.5, 0.0],
        "bank": pd.array([False, True, False, False, True], dtype="boolean"),
    })
    raw = parsed.astype(str)
    problems = pay_problems(parsed, raw, "staff.csv")
    # row 2: zero pay and full pay; row 5: a penny over the ceiling; the bank worker's zero pay is allowed
    assert [(p.row, p.column) for p in problems] == [(2, "hourly_rate"), (5, "hourly_rate")]


def test_zero_hours_for_every_employed_person_is_one_problem():
    parsed = pd.DataFrame({"hourly_rate": [15.0, 16.0, 17.0], "full_pay_relevant": [True, True, False],
                           "contracted_hours": [0.0, None, 0.0], "bank": [False, False, True]})
    problems = pay_problems(parsed, parsed.astype(str), "staff.csv")
    assert [(p.row, p.column, p.value) for p in problems] == [(None, "contracted_hours", "0")]
    parsed.loc[0, "contracted_hours"] = 37.5
    assert pay_problems(parsed, parsed.astype(str), "staff.csv") == []


def test_ids_that_match_only_without_leading_zeros():
    tables = {"staff": pd.DataFrame({"staff_id": ["000123", "000456", "P789", "1000"]}),
              "training": pd.DataFrame({"staff_id": ["123", "456", "000123", "999", "P789", "1000"]}),
              "board": pd.DataFrame({"member_id": ["B01"]})}
    files = {"staff": "2026/staff.csv", "training": "2026/training.xlsx", "board": "2026/board.csv"}
    [problem] = id_problems(tables, files)
    # 123 and 456 lost their zeros; 000123 and 1000 match as written; 999 and P789 are not about zeros
    assert (problem.file, problem.column, problem.value) == ("2026/training.xlsx", "staff_id", "123")
    assert problem.message.startswith("2 identifier(s) match 2026/staff.csv only once leading zeros are dropped "
                                      "(e.g. '123' here, '000123' in staff)")


def test_isin_is_pandas_isin_for_text_of_any_storage():
    from edi_analysis.io.checks import _isin
    values = pd.Series(["a", "b", None, "c"], dtype="string")
    among = pd.Series(["c", "a", "z"], dtype="str")
    assert _isin(values, among).tolist() == [True, False, False, True] == values.isin(among).tolist()
    assert _isin(pd.Series([], dtype="str"), among).tolist() == []
    assert _isin(pd.Series(["a"], dtype=object), pd.Series([], dtype="str")).tolist() == [False]
