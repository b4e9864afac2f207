"""Quarterly series by hand on tiny snapshots."""

import warnings

import pandas as pd
import pytest

from edi_analysis.metrics import groups, trends


def snaps(rows):
    frame = pd.DataFrame(rows, columns=["snapshot_date", "staff_id", "ethnic_code", "disability", "pay_band", "bank"])
    frame["snapshot_date"] = pd.to_datetime(frame["snapshot_date"])
    return frame


SNAPSHOTS = snaps([
    ("2025-06-30", "a", "A", "Yes", "8a", False),
    ("2025-06-30", "b", "H", "No", "8b", False),
    ("2025-06-30", "c", "Z", "", "5", False),
    ("2025-06-30", "d", "N", "Yes", "9", True),  # bank: left out
    ("2025-09-30", "a", "A", "Yes", "8a", False),
    ("2025-09-30", "b", "H", "No", "8b", False),
    ("2025-09-30", "c", "Z", "No", "8a", False),
    ("2025-08-31", "e", "M", "No", "8c", False),  # earlier snapshot in the same quarter: dropped
])


def test_quarter_ends_keep_the_last_snapshot_of_each_quarter_and_drop_bank():
    q = trends.quarter_ends(SNAPSHOTS)
    assert sorted(q["staff_id"] + q["snapshot_date"].dt.strftime("%m")) == ["a06", "a09", "b06", "b09", "c06", "c09"]


def test_representation_in_senior_bands_counts_unknown_in_the_denominator():
    s = trends.representation_series(SNAPSHOTS)
    assert s["numerator"].tolist() == [1, 1]
    assert s["denominator"].tolist() == [2, 3]
    assert s["value"].tolist() == pytest.approx([50.0, 100 / 3])


def test_declaration_and_share():
    d = trends.declaration_series(SNAPSHOTS, "disability")
    assert d["value"].tolist() == pytest.approx([200 / 3, 100.0])
    e = trends.declaration_series(SNAPSHOTS, "ethnicity")
    assert e["numerator"].tolist() == [2, 2]
    share = trends.share_series(SNAPSHOTS, "disability", "Disabled")
    assert share["numerator"].tolist() == [1, 1] and share["denominator"].tolist() == [3, 3]
    with pytest.raises(ValueError, match="characteristic"):
        trends.share_series(SNAPSHOTS, "age")


def test_entry_rates_per_thousand_by_quarter():
    cases = pd.DataFrame({
        "case_type": ["disciplinary", "disciplinary", "grievance", "disciplinary", "disciplinary"],
        "start_date": pd.to_datetime(["2025-05-01", "2025-08-15", "2025-08-20", "2025-09-30", "2024-01-01"]),
        "ethnic_code": ["H", "H", "A", "A", "A"],
    })
    out = trends.entry_rate_series(cases, SNAPSHOTS, ["disciplinary"], "ethnicity", ["BME", "White"])
    bme = out[out["group"] == "BME"]
    white = out[out["group"] == "White"]
    assert bme["numerator"].tolist() == [1, 1] and bme["denominator"].tolist() == [1, 1]
    assert white["numerator"].tolist() == [0, 1]  # the grievance and the 2024 case do not count
    assert white["value"].tolist() == [0.0, 1000.0]
    # every event counted (no case types, e.g. incidents), coded or not; an event without a date counts nowhere
    incidents = pd.DataFrame({"incident_date": pd.to_datetime(["2025-04-02", "2025-06-30", None, "2025-07-01"]),
                              "disability": ["Yes", "Yes", "Yes", "No"]})
    for events in (incidents, incidents.astype({"disability": "category"})):
        got = trends.entry_rate_series(events, SNAPSHOTS, None, "disability", ["Disabled", "Non-disabled", "Unknown"],
                                       date_col="incident_date")
        # June: 2 Disabled of 1, nobody Non-disabled of 1, Unknown 0 of 1; September: 1 Non-disabled of 2
        assert list(zip(got["group"], got["numerator"], got["denominator"])) == [
            ("Disabled", 2, 1), ("Disabled", 0, 1), ("Non-disabled", 0, 1), ("Non-disabled", 1, 2), ("Unknown", 0, 1)]
        assert got["value"].tolist() == [2000.0, 0.0, 0.0, 500.0, 0.0]


def test_quarterly_headcount_by_hand_and_shared_by_the_series():
    head = trends.quarterly_headcount(SNAPSHOTS, "disability")
    # June: a Disabled, b Non-disabled, c Unknown (d is bank); September: a Disabled, b and c Non-disabled
    got = {(str(r.period_end.date()), r.group): r.headcount for r in head.itertuples()}
    assert got == {("2025-06-30", "Disabled"): 1, ("2025-06-30", "Non-disabled"): 1, ("2025-06-30", "Unknown"): 1,
                   ("2025-09-30", "Disabled"): 1, ("2025-09-30", "Non-disabled"): 2}
    for series in (trends.share_series, trends.declaration_series):
        args = (SNAPSHOTS, "disability")
        pd.testing.assert_frame_equal(series(*args, headcount=head), series(*args))
    assert trends.declaration_series(SNAPSHOTS, "disability", headcount=head)["numerator"].tolist() == [2, 3]


def test_snapshot_dates_coded_by_runs_as_factorize_does():
    dates = pd.Series(pd.to_datetime(["2025-06-30", "2025-06-30", None, None, "2025-03-31", "2025-06-30"]))
    starts, run_codes, uniq = trends._date_runs(dates)
    assert starts.tolist() == [0, 2, 4, 5] and run_codes.tolist() == [0, -1, 1, 0]
    assert list(uniq) == [pd.Timestamp("2025-06-30"), pd.Timestamp("2025-03-31")]
    snaps = pd.DataFrame({"snapshot_date": dates, "bank": [False, True, False, False, True, False]})
    rows, codes, _ = trends._quarter_end_rows(snaps)
    assert codes.tolist() == [0, 0, -1, -1, 1, 0]  # pandas.factorize's codes
    # 31 March and 30 June are each their quarter's last date; bank staff and a missing date are left out
    assert rows.tolist() == [True, False, False, False, False, True]
    (kept_rows, kept_codes), = trends._quarter_end_parts([snaps], kept_only=True)[0]
    assert kept_rows.tolist() == rows.tolist() and kept_codes.tolist() == [0, 0]  # codes[rows]


def test_headcounts_of_several_characteristics_as_one_by_one():
    snaps = pd.DataFrame({"snapshot_date": pd.to_datetime(["2025-06-30"] * 3 + ["2025-09-30"] * 2),
                          "bank": [False, False, True, False, False],
                          "ethnic_code": ["A", "N", "A", None, "A"], "disability": ["Yes", "No", "No", "No", None]})
    both = trends.quarterly_headcounts(snaps, ["ethnicity", "disability"])
    for c in ("ethnicity", "disability"):
        pd.testing.assert_frame_equal(both[c], trends.quarterly_headcount(snaps, c))
    # June: the bank worker left out; September: one White, one Unknown
    assert both["ethnicity"]["headcount"].tolist() == [1, 1, 1, 1]


def test_headcount_of_a_coded_column_as_of_its_text_and_warns_alike():
    dates = pd.to_datetime(["2025-06-30"] * 4 + ["2025-09-30"] * 3)
    text = pd.DataFrame({"snapshot_date": dates, "bank": [False] * 7,
                         "ethnic_code": ["A", "N", None, "Z", "A", "H", "99"],
                         "disability": ["Yes", "No", None, "No", "Yes", "Yes", "Not declared"]})
    # categories nobody holds (C, and Q which is not a national code) change nothing and warn of nothing
    coded = text.assign(ethnic_code=text["ethnic_code"].astype(pd.CategoricalDtype(["99", "A", "C", "H", "N", "Q", "Z"])),
                        disability=text["disability"].astype("category"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for c in ("ethnicity", "disability"):
            pd.testing.assert_frame_equal(trends.quarterly_headcount(coded, c), trends.quarterly_headcount(text, c))
    assert trends.quarterly_headcount(coded, "ethnicity")["headcount"].tolist() == [1, 2, 1, 1, 1, 1]
    # a kept row with a code that is not a national one: counted as Unknown, with the same warning
    odd = coded.assign(ethnic_code=coded["ethnic_code"].where(coded.index != 1, "Q"))
    with pytest.warns(groups.DataQualityWarning, match="'Q' \\(1\\)"):
        got = trends.quarterly_headcount(odd, "ethnicity")
    assert got["headcount"].tolist() == [3, 1, 1, 1, 1]  # June: Unknown 3 (Q, blank, Z), White 1


def test_each_years_table_counted_as_their_join():
    # two years' files: the second repeats a date of the first (a quarter's last date is found across both)
    first = SNAPSHOTS.iloc[:5].reset_index(drop=True)
    second = snaps([("2025-09-30", "f", "N", "No", "8a", False), ("2025-12-31", "a", "A", "Yes", "8a", False),
                    ("2025-12-31", "f", None, "Yes", "VSM", False), ("2025-11-30", "g", "A", "No", "8b", False)])
    joined = pd.concat([first, second], ignore_index=True)
    parts, dates = trends._quarter_end_parts([first, second])
    rows, codes, joined_dates = trends._quarter_end_rows(joined)
    assert list(dates) == list(joined_dates)
    assert [r.tolist() for r, _ in parts] == [rows[:5].tolist(), rows[5:].tolist()]
    assert [c.tolist() for _, c in parts] == [codes[:5].tolist(), codes[5:].tolist()]
    kept, _ = trends._quarter_end_parts([first, second], kept_only=True)
    assert [c.tolist() for _, c in kept] == [codes[:5][rows[:5]].tolist(), codes[5:][rows[5:]].tolist()]
    for tables in ([first, second], [first.astype({"ethnic_code": "category", "disability": "category"}),
                                     second.astype({"ethnic_code": "category", "disability": "category"})]):
        both = trends.quarterly_headcounts(tables, ["ethnicity", "disability"])
        for c in ("ethnicity", "disability"):
            pd.testing.assert_frame_equal(both[c], trends.quarterly_headcount(joined, c))
        pd.testing.assert_frame_equal(trends.representation_series(tables), trends.representation_series(joined))
    # 30 September: a (first file) and f (second) counted together; June a, b, c; December a and f (g's November
    # snapshot is not its quarter's last)
    sept = both["disability"][both["disability"]["period_end"] == pd.Timestamp("2025-09-30")]
    assert dict(zip(sept["group"], sept["headcount"])) == {"Disabled": 1, "Non-disabled": 1}
    assert both["ethnicity"]["headcount"].sum() == 3 + 2 + 2
    # a code that is not a national one in one year: the same counts and warning as the joined table's
    odd = second.assign(ethnic_code=second["ethnic_code"].where(second.index != 0, "Q"))
    with pytest.warns(groups.DataQualityWarning, match="'Q' \\(1\\)"):
        got = trends.quarterly_headcount([first.astype({"ethnic_code": "category"}),
                                          odd.astype({"ethnic_code": "category"})], "ethnicity")
    with pytest.warns(groups.DataQualityWarning, match="'Q' \\(1\\)"):
        pd.testing.assert_frame_equal(got, trends.quarterly_headcount(pd.concat([first, odd], ignore_index=True),
                                                                      "ethnicity"))


def test_isin_of_a_coded_column_by_its_codes():
    text = pd.Series(["8a", None, "5", "VSM", "8a"], dtype="string")
    coded = text.astype(pd.CategoricalDtype(["5", "8a", "9", "VSM"]))
    for values in (text, coded):
        assert trends._isin(values, ["8a", "VSM", "8d"]).tolist() == [True, False, False, True, True]
        assert trends._isin(values, []).tolist() == [False] * 5
