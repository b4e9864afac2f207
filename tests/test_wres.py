"""WRES indicators against hand-worked values (metrics.md section 13: STAT-5, STAT-8 and by hand)."""

import numpy as np
import pandas as pd
import pytest

from edi_analysis.metrics import wres

ABS = 1e-6


def people(spec, start=0):
    """Workforce rows from (ethnic code, staff_group, pay_band, n) tuples."""
    rows = []
    i = start
    for code, group, band, n in spec:
        for _ in range(n):
            rows.append({"staff_id": f"P{i:05d}", "ethnic_code": code, "disability": "No", "staff_group": group,
                         "pay_band": band, "bank": False, "international_recruit": False})
            i += 1
    return pd.DataFrame(rows)


def test_representation_by_band_with_unknown_in_the_denominator():
    staff = people([("A", "Clinical", "5", 6), ("N", "Clinical", "5", 3), ("Z", "Clinical", "5", 1),
                    ("A", "Non-clinical", "8a", 4), ("H", "Medical and dental", "Medical consultant", 2)])
    staff.loc[0, "bank"] = True  # bank-only staff are left out
    t = wres.representation(wres.workforce(staff))
    row = t.loc[("Clinical", "5")]
    assert (row["White"], row["BME"], row["Unknown"], row["total"]) == (5, 3, 1, 9)
    assert row["pct_BME"] == pytest.approx(3 / 9 * 100)
    assert row["diff_pp"] == pytest.approx(3 / 9 * 100 - 5 / 15 * 100)
    assert t.loc[("Clinical", "Consultants"), "BME"] == 2
    assert ("Non-clinical", "5") not in t.index


def recruitment(white_short, white_app, bme_short, bme_app, extra=()):
    rows = []
    for code, short, app in (("A", white_short, white_app), ("M", bme_short, bme_app)):
        rows += [{"ethnic_code": code, "disability": "No", "shortlisted": True, "appointed": i < app} for i in range(short)]
    rows += list(extra)
    return pd.DataFrame(rows)


def test_appointment_stat5_and_dropped_rows():
    r = recruitment(72, 7, 63, 3, extra=[{"ethnic_code": "A", "disability": "No", "shortlisted": False, "appointed": True}])
    out = wres.appointment_likelihood(r, "ethnicity", "White", "BME")
    assert out["rl"] == pytest.approx(2.041667, abs=ABS)
    assert (out["low"], out["high"]) == pytest.approx((0.551127, 7.563413), abs=ABS)
    assert out["dropped"] == 1 and out["reading"] == "outside range, not statistically significant"


def test_disciplinary_pooling_stat8():
    wf = {2025: wres.workforce(people([("M", "Clinical", "5", 380), ("A", "Clinical", "5", 1550)])),
          2026: wres.workforce(people([("M", "Clinical", "5", 400), ("A", "Clinical", "5", 1600)], start=5000))}

    def cases(wfy, bme, white):
        b = wfy[wfy["ethnicity"] == "BME"].head(bme)
        w = wfy[wfy["ethnicity"] == "White"].head(white)
        c = pd.concat([b, w])
        frame = pd.DataFrame({"staff_id": c["staff_id"], "case_type": "disciplinary", "ethnic_code": c["ethnic_code"],
                              "disability": "No"})
        # A second case for the same person in the same year counts once; other case types not at all.
        return pd.concat([frame, frame.head(1), frame.head(2).assign(case_type="grievance")])

    er = {2025: cases(wf[2025], 4, 12), 2026: cases(wf[2026], 6, 10)}
    out = wres.process_entry(er, wf, ["disciplinary"], "ethnicity", "BME", "White", year=2026)
    pooled, single = out.loc[("All staff", "pooled")], out.loc[("All staff", "single year")]
    assert pooled["rl"] == pytest.approx(1.835664, abs=ABS)
    assert (pooled["low"], pooled["high"]) == pytest.approx((0.872866, 3.860459), abs=ABS)
    assert single["rl"] == pytest.approx(2.4, abs=1e-12)
    assert (single["low"], single["high"]) == pytest.approx((0.877477, 6.564274), abs=ABS)
    assert pooled["years"] == "2025-2026" and single["years"] == "2026"
    # who entered, found once per year by the caller, gives the same table
    masks = {y: wres.entrant_mask(er[y], wf[y], ["disciplinary"]) for y in wf}
    assert [int(m.sum()) for m in masks.values()] == [16, 16]  # each person once; grievances not counted
    pd.testing.assert_frame_equal(wres.process_entry(er, wf, ["disciplinary"], "ethnicity", "BME", "White",
                                                     year=2026, entrants=masks), out)
    # the masks given are the ones used, for every year of the window
    nobody = {y: np.zeros(len(wf[y]), dtype=bool) for y in wf}
    none = wres.process_entry(er, wf, ["disciplinary"], "ethnicity", "BME", "White", year=2026, entrants=nobody)
    assert none.loc[("All staff", "pooled"), "focus_events"] == 0 and none.loc[("All staff", "pooled"),
                                                                               "reference_events"] == 0


def test_process_entry_split_by_subgroup():
    staff = people([("M", "Clinical", "5", 100), ("A", "Clinical", "5", 100), ("M", "Non-clinical", "3", 50),
                    ("A", "Non-clinical", "3", 50)])
    wf = {2026: wres.workforce(staff)}
    ids = list(staff["staff_id"].iloc[[0, 1, 2, 3, 100, 200, 201, 250]])
    er = {2026: pd.DataFrame({"staff_id": ids, "case_type": "disciplinary",
                              "ethnic_code": staff.set_index("staff_id").loc[ids, "ethnic_code"].to_numpy(),
                              "disability": "No"})}
    out = wres.process_entry(er, wf, ["disciplinary"], "ethnicity", "BME", "White", year=2026, window=1,
                             split="staff_group")
    clinical = out.loc[("Clinical", "single year")]
    assert (clinical["focus_events"], clinical["focus_n"], clinical["reference_events"]) == (4, 100, 1)
    assert out.loc[("Non-clinical", "single year"), "rl"] == pytest.approx(2.0)


def test_training_counts_each_person_once():
    staff = people([("A", "Clinical", "5", 10), ("N", "Clinical", "5", 10)])
    wf = wres.workforce(staff)
    training = pd.DataFrame({"staff_id": ["P00000", "P00000", "P00001", "P00010", "GONE"],
                             "non_mandatory": [True, True, True, True, True]})
    out = wres.training_likelihood(training, wf, "ethnicity", "White", "BME").loc["All staff"]
    assert (out["focus_events"], out["reference_events"]) == (2, 1)
    assert out["rl"] == pytest.approx(2.0) and out["unmatched"] == 1
    mask, unmatched = wres.training_access(training, wf)
    assert int(mask.sum()) == 3 and unmatched == 1
    shared = wres.training_likelihood(training, wf, "ethnicity", "White", "BME", access=(mask, unmatched))
    pd.testing.assert_series_equal(shared.loc["All staff"], out)


def test_board_difference_in_percentage_points():
    staff = people([("A", "Clinical", "5", 75), ("N", "Clinical", "5", 25)])
    board = pd.DataFrame({"member_id": list("abcde"), "voting": [True, True, True, True, False],
                          "executive": [False, False, True, True, True], "ethnic_code": ["A", "H", "A", "Z", "M"],
                          "disability": ["No"] * 5})
    out = wres.board_difference(board, wres.workforce(staff), "ethnicity", "BME")
    assert out.loc["Voting members", "diff_pp"] == pytest.approx(25.0 - 25.0)
    assert out.loc["Executive members", "pct_board"] == pytest.approx(100 / 3)
    assert out.loc["All board members", "focus"] == 2


def test_year_on_year_change_beyond_noise():
    now = {"focus_events": 60, "focus_n": 300, "reference_events": 20, "reference_n": 300}
    before = {"focus_events": 20, "focus_n": 300, "reference_events": 20, "reference_n": 300}
    out = wres.year_on_year(now, before)
    assert out["change"] == pytest.approx(2.0) and out["beyond_noise"]
    assert not wres.year_on_year(now, now)["beyond_noise"]
    assert wres.year_on_year(now, None)["change"] is None
    assert wres.year_on_year({**now, "focus_events": 0}, before)["z"] is None
    pc = wres.proportion_change(60, 250, 150, 750)
    assert pc["change"] == pytest.approx(4.0) and pc["beyond_noise"] is False


def test_zero_and_small_cells():
    staff = people([("M", "Clinical", "5", 40), ("A", "Clinical", "5", 300)])
    wf = {2026: wres.workforce(staff)}
    white_ids = staff.loc[staff["ethnic_code"] == "A", "staff_id"].head(6)
    er = {2026: pd.DataFrame({"staff_id": white_ids, "case_type": "disciplinary", "ethnic_code": "A", "disability": "No"})}
    out = wres.process_entry(er, wf, ["disciplinary"], "ethnicity", "BME", "White", year=2026, window=1)
    row = out.loc[("All staff", "single year")]
    # No BME entrants: RL reported as 0, interval from the adjusted-log fallback, flagged as volatile.
    assert row["rl"] == 0 and row["ci_method"] == "adjusted_log" and row["volatile"]
    rl_adj = (0.5 / 40.5) / (6.5 / 300.5)
    se = np.sqrt(1 / 0.5 - 1 / 40.5 + 1 / 6.5 - 1 / 300.5)
    assert (row["low"], row["high"]) == pytest.approx((rl_adj * np.exp(-1.959963984540054 * se),
                                                       rl_adj * np.exp(1.959963984540054 * se)))
    nobody = wres.process_entry({2026: er[2026].iloc[:0]}, wf, ["disciplinary"], "ethnicity", "BME", "White",
                                year=2026, window=1).loc[("All staff", "single year")]
    assert nobody["rl"] is None and nobody["reading"] == "not calculable"


def test_process_entry_numerator_and_denominator_are_one_population():
    # 100 White and 100 BME substantive staff, 10 bank-only BME staff; 4 BME and 5 White entrants in the
    # headcount, 3 bank BME entrants and 2 BME leavers (not on the 31 March record). The population is the
    # headcount: RL = (4/100)/(5/100) = 0.8 exactly; the old code put the 5 outsiders in the numerator only
    # (9/100 against 5/100 = 1.8).
    staff = people([("A", "Clinical", "5", 100), ("N", "Clinical", "5", 100)])
    bank = people([("N", "Clinical", "5", 10)], start=200).assign(bank=True)
    snapshot = pd.concat([staff, bank], ignore_index=True)
    wf = {2026: wres.workforce(snapshot)}
    white, bme = list(staff["staff_id"].iloc[:5]), list(staff["staff_id"].iloc[100:104])
    outside = list(bank["staff_id"].iloc[:3]) + ["LEFT1", "LEFT2"]
    ids = white + bme + outside
    er = {2026: pd.DataFrame({"staff_id": ids, "case_type": "disciplinary",
                              "ethnic_code": ["A"] * 5 + ["N"] * 9, "disability": "No"})}
    row = wres.process_entry(er, wf, ["disciplinary"], "ethnicity", "BME", "White", year=2026,
                             window=1).loc[("All staff", "single year")]
    assert (row["focus_events"], row["focus_n"], row["reference_events"], row["reference_n"]) == (4, 100, 5, 100)
    assert bool(row["within_range"]) is True
    ex = wres.process_exclusions(er, wf, {2026: snapshot}, ["disciplinary"]).set_index("reason")["people"]
    assert ex.to_dict() == {"bank": 3, "not_in_headcount": 2}


def test_process_entry_group_comes_from_the_headcount_record():
    # the case file says White (A), the staff record says BME (N): the denominator counts the person as BME,
    # so the numerator does too
    staff = people([("A", "Clinical", "5", 50), ("N", "Clinical", "5", 50)])
    wf = {2026: wres.workforce(staff)}
    er = {2026: pd.DataFrame({"staff_id": [staff["staff_id"].iloc[60], staff["staff_id"].iloc[0]],
                              "case_type": "disciplinary", "ethnic_code": ["A", "A"], "disability": "No"})}
    row = wres.process_entry(er, wf, ["disciplinary"], "ethnicity", "BME", "White", year=2026,
                             window=1).loc[("All staff", "single year")]
    assert (row["focus_events"], row["reference_events"]) == (1, 1)


def test_headcount_counts_pairs_from_codes():
    # 6 people: a missing group or subgroup is in no cell; a pair nobody holds (Medical, BME) is not listed
    wf = pd.DataFrame({"ethnicity": pd.Categorical(["White", "BME", "White", None, "BME", "White"]),
                       "staff_group": pd.Series(["Nursing", "Nursing", "Medical", "Medical", None, "Nursing"],
                                                dtype="string")})
    assert wres._headcount(wf, "staff_group", "ethnicity") == {("Nursing", "White"): 2, ("Nursing", "BME"): 1,
                                                                ("Medical", "White"): 1}
    assert wres._headcount(wf, None, "ethnicity") == {("All staff", "BME"): 2, ("All staff", "White"): 3}
    # among people 1, 3 and 4 (entrants, say): the missing subgroup counted as Unknown when asked
    among = np.array([False, True, False, True, True, False])
    assert wres._headcount(wf, "staff_group", "ethnicity", among=among) == {("Nursing", "BME"): 1}
    assert wres._headcount(wf, "staff_group", "ethnicity", among=among, missing="Unknown") == {
        ("Nursing", "BME"): 1, ("Unknown", "BME"): 1}
    # a missing subgroup named as one that is held adds to it
    assert wres._headcount(wf, "staff_group", "ethnicity", missing="Nursing") == {
        ("Nursing", "White"): 2, ("Nursing", "BME"): 2, ("Medical", "White"): 1}
    assert wres._entrant_tally(wf, among, "staff_group", "ethnicity") == (
        {("Nursing", "BME"): 1, ("Unknown", "BME"): 1}, {"BME": 2})


def test_used_only_keeps_the_labels_held_in_order_as_remove_unused_categories():
    cat = wres._used_only(np.array([2, 0, 2], dtype=np.int8), ["Intl", "UK", "Unknown"])
    assert list(cat.categories) == ["Intl", "Unknown"] and list(cat) == ["Unknown", "Intl", "Unknown"]
    full = pd.Categorical.from_codes(np.array([2, 0, 2], dtype=np.int8), categories=["Intl", "UK", "Unknown"])
    pd.testing.assert_extension_array_equal(cat, full.remove_unused_categories())
    every = wres._used_only(np.array([1, 0], dtype=np.int8), ["Clinical", "Non-clinical"])
    assert list(every.categories) == ["Clinical", "Non-clinical"] and list(every) == ["Non-clinical", "Clinical"]


def test_process_entry_with_shared_headcounts_counts_each_year_once_and_gives_the_same_table():
    staff = people([("A", "Clinical", "5", 30), ("N", "Non-clinical", "6", 20)])
    wf = {2025: wres.workforce(staff), 2026: wres.workforce(staff.iloc[5:])}
    er = {2026: pd.DataFrame({"staff_id": staff["staff_id"].iloc[[10, 40]].tolist(), "case_type": "disciplinary",
                              "ethnic_code": ["A", "N"], "disability": "No"})}
    heads: dict = {}
    for split in (None, "staff_group"):
        alone = wres.process_entry(er, wf, ["disciplinary"], "ethnicity", "BME", "White", year=2026, split=split)
        shared = wres.process_entry(er, wf, ["disciplinary"], "ethnicity", "BME", "White", year=2026, split=split,
                                    headcounts=heads)
        pd.testing.assert_frame_equal(shared, alone)
    assert heads[2025, None, "ethnicity"] == {("All staff", "BME"): 20, ("All staff", "White"): 30}
    assert heads[2026, "staff_group", "ethnicity"] == {("Clinical", "White"): 25, ("Non-clinical", "BME"): 20}
    heads[2026, None, "ethnicity"] = {("All staff", "BME"): 1000, ("All staff", "White"): 1000}  # read, not recounted
    again = wres.process_entry(er, wf, ["disciplinary"], "ethnicity", "BME", "White", year=2026, window=1,
                               headcounts=heads).loc[("All staff", "single year")]
    assert (again["focus_n"], again["reference_n"]) == (1000, 1000)
