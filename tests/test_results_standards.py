"""WRES/WDES results: indicator 1 by hand with every subtotal, each group's own counts checked against an
independent count from the raw CSVs, what publishing hides, and the year-on-year changes."""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from edi_analysis.disclosure import Policy, is_hidden, is_shown
from edi_analysis.io import load_trust
from edi_analysis.metrics import wres
from edi_analysis.results import standards as results

ROOT = Path(__file__).resolve().parents[1]
BAND_ROWS = ("1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9", "VSM")


def people(spec):
    rows = []
    for i, (code, group, band, n) in enumerate(spec):
        rows += [{"staff_id": f"P{i}-{k}", "ethnic_code": code, "disability": "No", "staff_group": group,
                  "pay_band": band, "bank": False, "international_recruit": False} for k in range(n)]
    return wres.workforce(pd.DataFrame(rows))


def test_representation_by_hand_with_every_subtotal():
    wf = people([("A", "Clinical", "5", 6), ("N", "Clinical", "5", 3), ("Z", "Clinical", "5", 1),
                 ("A", "Non-clinical", "8a", 4), ("H", "Non-clinical", "8a", 1),
                 ("H", "Medical and dental", "Medical consultant", 2)])
    t = results.representation(wf, results.SETTINGS["WRES"]).set_index(["staff_type", "level"])
    row = t.loc[("Clinical", "5")]
    assert (row["White"], row["BME"], row["Unknown"], row["total"], row["known"]) == (6, 3, 1, 10, 9)
    assert row["pct_BME"] == pytest.approx(30.0)
    assert row["diff_pp"] == pytest.approx(30.0 - 6 / 17 * 100)
    assert t.loc[("Clinical", "Consultants"), "BME"] == 2
    assert t.loc[("Clinical", "All levels"), "total"] == 12 and t.loc[("Non-clinical", "All levels"), "BME"] == 1
    whole = t.loc[("All staff", "All levels")]
    assert (whole["White"], whole["BME"], whole["Unknown"], whole["total"]) == (10, 6, 1, 17)
    assert (whole["Black"], whole["Asian"], whole["Other"], whole["Mixed"]) == (3, 3, 0, 0)  # N: Black, H: Asian
    senior = t.loc[("All staff", results.SENIOR)]
    assert (senior["BME"], senior["total"]) == (1, 5) and senior["pct_BME"] == pytest.approx(20.0)
    assert whole["pct_declared"] == pytest.approx(16 / 17 * 100)
    assert whole["pct_focus_upper"] == pytest.approx(7 / 17 * 100)
    assert whole["pct_known_minority"] == pytest.approx(6 / 16 * 100)
    assert np.isnan(row["Asian"])  # Census groups only on the all-staff rows
    assert ("Non-clinical", "5") not in t.index


def test_indicator_1_sums_hold_in_the_synthetic_trust(wres_res, wdes_res):
    for res in (wres_res, wdes_res):
        t = res.representation
        per_type = t[t["staff_type"] != "All staff"]
        g = list(res.groups)
        assert (t[g].sum(axis=1) == t["total"]).all()
        for st, part in per_type.groupby("staff_type"):
            assert (part[part["level"] != "All levels"][g].sum() == part[part["level"] == "All levels"][g].iloc[0]).all()
        whole = t[(t["staff_type"] == "All staff") & (t["level"] == "All levels")][g].iloc[0]
        assert (per_type[per_type["level"] == "All levels"][g].sum() == whole).all()
    t = wres_res.representation
    w = t[(t["staff_type"] == "All staff") & (t["level"] == "All levels")].iloc[0]
    assert w[["Asian", "Black", "Mixed", "Other"]].sum() == w["BME"]
    assert "Cluster 4: AfC bands 8c-9 and VSM" in set(wdes_res.representation["level"])


# --- independent counts from the raw CSVs (the label swap in the old export) -------------------------

def _raw(name, year=2026):
    return pd.read_csv(ROOT / "data" / "synthetic" / "SYN06" / str(year) / f"{name}.csv", dtype=str,
                       keep_default_na=False)


def _true(s):
    return s.str.strip().str.upper().isin(["TRUE", "YES", "1"])


def _ethnic(codes):
    first = codes.str.strip().str[:1].str.upper()
    return np.where(first.isin(list("ABC")), "White", np.where(first.isin(list("DEFGHJKLMNPRS")), "BME", "Unknown"))


def _disab(values):
    v = values.str.strip().str.lower()
    return np.where(v == "yes", "Disabled", np.where(v == "no", "Non-disabled", "Unknown"))


def _appointments(group_of):
    r = _raw("recruitment")
    r = r[~(_true(r["appointed"]) & ~_true(r["shortlisted"]))]
    short = r[_true(r["shortlisted"])]
    g = group_of(short)
    return {k: (int((_true(short["appointed"]) & (g == k)).sum()), int((g == k).sum())) for k in set(g)}


def _workforce(year=2026):
    s = _raw("staff", year)
    return s[~_true(s["bank"])]


def _row(res, indicator, years="2026", focus=None):
    lk = res.likelihoods
    return lk[(lk["indicator"] == indicator) & (lk["years"] == years) & (lk["split"] == "all")
              & (lk["focus"] == (focus or res.focus)) & (lk["reference"] == res.reference)].iloc[0]


def test_each_group_has_its_own_counts_wres_2_and_4(wres_res, syn06):
    counts = _appointments(lambda f: _ethnic(f["ethnic_code"]))
    r = _row(wres_res, "2")
    assert (r["focus_events"], r["focus_n"]) == counts["BME"]
    assert (r["reference_events"], r["reference_n"]) == counts["White"]
    assert r["rl"] == pytest.approx((counts["White"][0] / counts["White"][1]) / (counts["BME"][0] / counts["BME"][1]))
    wf = _workforce()
    took = set(_raw("training").loc[lambda t: _true(t["non_mandatory"]), "staff_id"])
    g = _ethnic(wf["ethnic_code"])
    r = _row(wres_res, "4")
    assert (r["focus_events"], r["focus_n"]) == (int((wf["staff_id"].isin(took) & (g == "BME")).sum()), int((g == "BME").sum()))
    assert r["reference_events"] == int((wf["staff_id"].isin(took) & (g == "White")).sum())


def test_each_group_has_its_own_counts_wres_3_pooled(wres_res):
    events = {"BME": 0, "White": 0}
    staff = {"BME": 0, "White": 0}
    for y in (2025, 2026):
        c = _raw("employee_relations", y)
        c = c[c["case_type"] == "disciplinary"].drop_duplicates("staff_id")
        g = _ethnic(c["ethnic_code"])
        wg = _ethnic(_workforce(y)["ethnic_code"])
        for k in events:
            events[k] += int((g == k).sum())
            staff[k] += int((wg == k).sum())
    r = _row(wres_res, "3", "2025-2026")
    assert (r["focus_events"], r["focus_n"], r["reference_events"], r["reference_n"]) == (
        events["BME"], staff["BME"], events["White"], staff["White"])


def test_each_group_has_its_own_counts_wdes_2(wdes_res):
    counts = _appointments(lambda f: _disab(f["disability"]))
    r = _row(wdes_res, "2")
    assert (r["focus_events"], r["focus_n"]) == counts["Disabled"]
    assert (r["reference_events"], r["reference_n"]) == counts["Non-disabled"]
    assert r["numerator"] == "reference"


def test_comparisons_from_params_are_computed_alongside(wres_res):
    assert wres_res.comparisons == (("Black", "White"), ("Asian", "White"))
    r = _row(wres_res, "2", focus="Black")
    counts = _appointments(lambda f: np.where(f["ethnic_code"].str[:1].isin(list("MNP")), "Black", "x"))
    assert (r["focus_events"], r["focus_n"]) == counts["Black"]
    census = wres_res.likelihoods[(wres_res.likelihoods["focus"].isin(["Asian", "Black", "Mixed", "Other"]))
                                  & (wres_res.likelihoods["indicator"] == "2")]
    assert census["focus_n"].sum() == _row(wres_res, "2")["focus_n"]  # the Census groups add to BME


# --- publishing ------------------------------------------------------------------------------------

def test_no_ratio_from_too_few_events_is_published(wres_res, wdes_res):
    for res in (wres_res, wdes_res):
        pub = Policy().apply(res)
        for r in pub.likelihoods.to_dict("records"):
            small = any(is_hidden(r[c]) or r[c] < Policy().min_count for c in ("focus_events", "reference_events"))
            if small:
                assert not is_shown(r["rl"]) and not is_shown(r["low"]) and not is_shown(r["high"])


def test_year_on_year_change_hidden_when_either_year_is(wres_res, wdes_res):
    for res in (wres_res, wdes_res):
        pub = Policy().apply(res)
        t = pub.year_on_year["rl"]
        for r in t.to_dict("records"):
            if is_hidden(r["rl"]) or is_hidden(r["prev_rl"]):
                assert not is_shown(r["change"]) and not is_shown(r["beyond_noise"])
        # the single-year counts are hidden in the trend wherever the ratio table hides them
        lk = pub.likelihoods
        stat = lk[(lk["split"] == "all") & (lk["focus"] == res.focus) & (lk["basis"] == "year")
                  & (lk["reference"] == res.reference)]
        for r in stat.to_dict("records"):
            y = t[(t["indicator"] == r["indicator"]) & (t["year"] == int(r["years"]))].to_dict("records")[0]
            for c in ("focus_events", "focus_n", "reference_events", "reference_n"):
                assert is_hidden(y[c]) == is_hidden(r[c])


def test_internal_mode_keeps_every_value(wres_res):
    pub = Policy(mode="internal").apply(wres_res)
    pd.testing.assert_frame_equal(pub.likelihoods, wres_res.likelihoods)
    assert pub.publication.internal


def test_board_is_public_by_default(wres_res, wdes_res):
    b = Policy().apply(wdes_res).board
    assert b["focus"].tolist() == wdes_res.board["focus"].tolist()
    hidden = Policy(suppress_board=True).apply(wdes_res).board
    small = wdes_res.board["focus"].between(1, 4)
    assert (hidden.loc[small, "focus"] == "<5").all() and (hidden.loc[small, "diff_pp"] == "suppressed").all()


def test_survey_base_rule_hides_percentages_and_positive_counts(wdes_res):
    res = wdes_res
    s = res.survey.copy()
    s.loc[0, "focus_responses"] = 10
    from dataclasses import replace
    pub = Policy().apply(replace(res, survey=s))
    r = pub.survey.to_dict("records")[0]
    assert r["focus_responses"] == 10 and is_hidden(r["focus_pct"]) and is_hidden(r["focus_positive"])
    assert is_hidden(r["diff"]) and is_shown(r["reference_pct"])


def test_unknown_standard_is_an_error(syn06):
    with pytest.raises(ValueError, match="WRES"):
        results.compute(syn06, "WXYZ")


def _rep_lines(t, groups, census):
    """Every sum a reader of indicator 1 can form, as solver lines over (row, column) cells."""
    from edi_analysis.disclosure.solver import Line
    from edi_analysis.metrics import population

    cols = [*groups, "total", *census]
    idx = {(i, c): k for k, (i, c) in enumerate((i, c) for i in t.index for c in cols)}
    lines = []

    def add(parts, total, c):
        if all(pd.notna(t.at[p, c]) for p in [*parts, total]) and parts:
            lines.append(Line((*[idx[(p, c)] for p in parts], idx[(total, c)]), (1.0,) * len(parts) + (-1.0,), 0.0))

    for i in t.index:
        lines.append(Line((*[idx[(i, g)] for g in groups], idx[(i, "total")]), (1.0,) * len(groups) + (-1.0,), 0.0))
        if census and pd.notna(t.at[i, "Asian"]):
            lines.append(Line((*[idx[(i, g)] for g in census], idx[(i, "BME")]), (1.0,) * 4 + (-1.0,), 0.0))
    rows = {(r["staff_type"], r["level"]): i for i, r in zip(t.index, t.to_dict("records"))}
    band_rows = [i for (st, lvl), i in rows.items() if st != "All staff" and lvl != "All levels"]
    for c in cols:
        for st in ("Non-clinical", "Clinical"):
            if (st, "All levels") in rows:
                add([i for (s, lvl), i in rows.items() if s == st and lvl != "All levels"], rows[(st, "All levels")], c)
        add([rows[(st, "All levels")] for st in ("Non-clinical", "Clinical") if (st, "All levels") in rows],
            rows[("All staff", "All levels")], c)
        senior = [i for i in band_rows if t.at[i, "level"] in ("8a", "8b", "8c", "8d", "9", "VSM")
                  or t.at[i, "level"].startswith(("Cluster 3", "Cluster 4"))]
        add(senior, rows[("All staff", results.SENIOR)], c)
        if census:
            medical = {"Medical consultant": "Consultants", "Medical career grade": "Non-consultant career grade",
                       "Medical trainee": "Trainee grades"}
            for label, bands in population.LEVELS.items():
                add([i for i in band_rows if t.at[i, "level"] in [medical.get(b, b) for b in bands]], rows[("All staff", label)], c)
            add([rows[("All staff", x)] for x in (*population.LEVELS, results.OTHER_PAY)], rows[("All staff", "All levels")], c)
    return idx, lines


@pytest.mark.parametrize("code", [f"SYN0{i}" for i in range(1, 9)])
def test_no_small_count_of_indicator_1_is_recoverable(code):
    from conftest import ensure_synthetic

    from edi_analysis.disclosure.solver import propagate

    ensure_synthetic((code,))
    data = load_trust(code, params_dir=ROOT / "params")
    for standard in ("WRES", "WDES"):
        pub = Policy.from_params(data.params).apply(results.compute(data, standard))
        m = pub.publication.policy.min_count
        census = ("Asian", "Black", "Mixed", "Other") if standard == "WRES" else ()
        t = pub.representation
        idx, lines = _rep_lines(t, pub.groups, census)
        lo, hi, small = [0.0] * len(idx), [0.0] * len(idx), []
        for (i, c), k in idx.items():
            v = t.at[i, c]
            if is_hidden(v):
                lo[k], hi[k] = (1, m - 1) if v.kind == "primary" else (m, np.inf)
                if v.kind == "primary":
                    small.append(k)
            else:
                lo[k] = hi[k] = float(v) if pd.notna(v) else np.nan
        lo2, hi2 = propagate(lines, lo, hi)
        assert [k for k in small if lo2[k] == hi2[k]] == [], (code, standard)
