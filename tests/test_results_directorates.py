"""Directorate breakdowns: hand-worked counts, shares, intervals and sums; the same totals as the trust reports."""

from __future__ import annotations

import pandas as pd
import pytest

from edi_analysis.disclosure import Policy, is_hidden
from edi_analysis.results import directorates as d


def _wf(rows: list[tuple[str, str, str, str]]) -> pd.DataFrame:
    """(directorate, pay_band, ethnicity, disability_status) per person."""
    return pd.DataFrame(rows, columns=["directorate", "pay_band", "ethnicity", "disability_status"])


def test_representation_counts_shares_and_wilson_interval_by_hand():
    # Surgery, band 5: 3 BME, 5 White, 2 unknown -> 30% BME; Wilson 95% for 3/10 is 10.78% to 60.32%
    rows = [("Surgery", "5", "BME", "Disabled")] * 3 + [("Surgery", "5", "White", "Non-disabled")] * 5 \
        + [("Surgery", "5", "Unknown", "Unknown")] * 2 + [("Digital", "8a", "White", "Non-disabled")] * 4 \
        + [(None, "Medical trainee", "BME", "Non-disabled")]
    rep = d._representation(_wf(rows)).set_index(["standard", "directorate", "level"])
    r = rep.loc[("WRES", "Surgery", "AfC bands 5-7")]
    assert (r["n_focus"], r["n_reference"], r["n_unknown"], r["total"]) == (3, 5, 2, 10)
    assert r["pct_focus"] == pytest.approx(30.0)
    assert (r["pct_low"], r["pct_high"]) == pytest.approx((10.78, 60.32), abs=0.01)
    # a blank directorate is its own row, not dropped
    assert rep.loc[("WRES", d.NOT_RECORDED, "Medical and dental"), "n_focus"] == 1
    # the margins are the sums: 4 BME in the whole trust of 15, and Surgery's all-levels row is its one level
    whole = rep.loc[("WRES", d.ALL_DIRECTORATES, d.ALL_LEVELS)]
    assert (whole["n_focus"], whole["n_reference"], whole["n_unknown"], whole["total"]) == (4, 9, 2, 15)
    assert rep.loc[("WRES", "Surgery", d.ALL_LEVELS), "total"] == 10
    assert rep.loc[("WRES", d.ALL_DIRECTORATES, "AfC bands 8a and above, VSM"), "n_reference"] == 4
    # WDES counts disability in the same rows: 3 disabled in Surgery
    assert rep.loc[("WDES", "Surgery", "AfC bands 5-7"), "n_focus"] == 3
    # only the pairs someone holds are rows: Digital has no band 5-7 row; 3 directorates x (levels held + all)
    assert ("WRES", "Digital", "AfC bands 5-7") not in rep.index
    assert len(rep.loc["WRES"]) == (1 + 1) + (1 + 1) + (1 + 1) + (3 + 1)


def test_names_are_the_directorates_held_sorted():
    held = pd.Series(pd.Categorical(["Surgery", None, "Digital", "Surgery"],
                                    categories=["Surgery", "Estates", "Digital"]))
    assert d._names(held) == ["Digital", "Surgery"]  # Estates is held by nobody; a blank is not a directorate
    assert d._names(pd.Series(["B", "A", "B"], dtype="string")) == ["A", "B"]


def test_every_band_of_the_contract_has_a_level():
    from edi_analysis.io import PAY_BANDS

    covered = {b for bands in d.LEVELS.values() for b in bands}
    assert set(PAY_BANDS) <= covered


@pytest.fixture(scope="module")
def syn06_dir(syn06):
    return d.compute(syn06)


def test_all_directorates_rows_are_the_trust_headcounts(syn06_dir, syn06):
    wf = syn06.workforce()
    rep = syn06_dir.representation
    whole = rep[(rep["directorate"] == d.ALL_DIRECTORATES) & (rep["level"] == d.ALL_LEVELS)].set_index("standard")
    assert whole.at["WRES", "total"] == len(wf)
    assert whole.at["WRES", "n_focus"] == int((wf["ethnicity"] == "BME").sum())
    assert whole.at["WDES", "n_focus"] == int((wf["disability_status"] == "Disabled").sum())
    # directorates add up to the trust in every level
    parts = rep[rep["directorate"] != d.ALL_DIRECTORATES].groupby(["standard", "level"])["total"].sum()
    margin = rep[rep["directorate"] == d.ALL_DIRECTORATES].set_index(["standard", "level"])["total"]
    assert parts.sort_index().tolist() == margin.loc[parts.sort_index().index].tolist()


def test_process_entry_directorates_add_up_to_the_trust(syn06_dir):
    p = syn06_dir.process_entry
    for standard in ("WRES", "WDES"):
        rows = p[p["standard"] == standard]
        whole = rows[rows["directorate"] == d.ALL_DIRECTORATES].iloc[0]
        parts = rows[rows["directorate"] != d.ALL_DIRECTORATES]
        for c in ("focus_events", "focus_n", "reference_events", "reference_n"):
            assert parts[c].sum() == whole[c], (standard, c)


def test_pay_gaps_by_hand_for_one_directorate():
    staff = pd.DataFrame({
        "directorate": ["A"] * 4, "sex_group": ["Male", "Male", "Female", "Female"],
        "ethnicity": ["White"] * 4, "disability_status": ["Non-disabled"] * 4,
        "hourly_rate": [20.0, 30.0, 15.0, 25.0], "full_pay_relevant": [True] * 4,
        "bonus_pay_12m": [0.0] * 4, "sex": ["Male", "Male", "Female", "Female"],
    })
    gaps = d._pay_gaps(staff).set_index(["comparison", "directorate"])
    r = gaps.loc[("sex", "A")]
    # means: men 25, women 20 -> (25 - 20) / 25 = 20%; medians the same here
    assert (r["n_reference"], r["n_focus"]) == (2, 2)
    assert r["mean_gap"] == pytest.approx(20.0)
    assert r["median_gap"] == pytest.approx(20.0)
    assert r["mean_gap_low"] <= r["mean_gap"] <= r["mean_gap_high"]


def test_publish_hides_small_directorate_cells_and_what_would_give_them_away(syn06_dir):
    pub = Policy().apply(syn06_dir)
    rep, raw = pub.representation, syn06_dir.representation
    small = raw["n_focus"].between(1, Policy().min_count - 1)
    assert small.any()
    assert rep.loc[small, "n_focus"].map(is_hidden).all()
    assert rep.loc[small, "pct_focus"].map(is_hidden).all()
    # each row with a hidden focus count hides a second cell of the row, so the total cannot give it away
    for i in rep.index[small]:
        assert sum(is_hidden(rep.at[i, c]) for c in ("n_focus", "n_reference", "n_unknown", "total")) >= 2
    internal = Policy(mode="internal").apply(syn06_dir)
    assert not internal.representation["n_focus"].map(is_hidden).any()


def test_internal_builds_add_the_directorate_report_and_publish_builds_do_not(synthetic_root):
    from edi_analysis.pipeline.plan import plan

    root = synthetic_root.parent.parent
    kw = dict(trusts=["SYN02"])
    internal, _, _ = plan(root / "params", root / "notebooks", root / "reports", sdc_mode="internal", **kw)
    published, _, _ = plan(root / "params", root / "notebooks", root / "reports", sdc_mode="publish", **kw)
    assert "directorates" in {j.notebook.stem for j in internal}
    assert "directorates" not in {j.notebook.stem for j in published}
