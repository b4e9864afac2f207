"""Pay gap results: the same figures as the metrics (and the old report), specs that hide what must be hidden,
pooled rows that cannot give a hidden member away, and the pay-group boundary through the real compute."""

import sys
from pathlib import Path

import pytest

from edi_analysis.disclosure import Policy, is_hidden, is_shown
from edi_analysis.errors import InputError
from edi_analysis.io import load_trust
from edi_analysis.metrics.pay_gaps import bootstrap_gap_ci, pay_gap_measures
from edi_analysis.results import pay_gaps as results

sys.path.insert(0, str(Path(__file__).parent))  # the shared constructed trust (tests use importlib mode)
from pay_gap_fixtures import base_rows, staff_table, trust

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def syn08(synthetic_root):
    data = load_trust("SYN08", 2026, params_dir=ROOT / "params")
    return data, results.compute(data)


def test_headline_figures_are_the_statutory_measures(syn08):
    data, res = syn08
    row = res.gaps[(res.gaps["comparison"] == "sex") & (res.gaps["year"] == 2026)].iloc[0]
    m = pay_gap_measures(data.staff(), by="sex_group")
    assert row["median_gap"] == pytest.approx(m.median_gap) and row["mean_gap"] == pytest.approx(m.mean_gap)
    assert row["bonus_pct_focus"] == pytest.approx(m.bonus_proportion["Female"])
    assert row["n_full_pay_focus"] == m.n_full_pay["Female"] and row["n_bonus_reference"] == m.n_bonus["Male"]


def test_intervals_use_the_same_draws_as_before(syn08):
    data, res = syn08
    g = res.gaps[res.gaps["comparison"] == "ethnicity"].set_index("year")
    now = bootstrap_gap_ci(data.staff(), "ethnicity", "White", "BME", n_boot=1000)
    before = bootstrap_gap_ci(data.staff(2024), "ethnicity", "White", "BME", n_boot=500)
    assert (g.loc[2026, "median_gap_low"], g.loc[2026, "median_gap_high"]) == pytest.approx(now["median_gap"])
    assert (g.loc[2024, "mean_gap_low"], g.loc[2024, "mean_gap_high"]) == pytest.approx(before["mean_gap"])


def test_quartiles_add_up_both_ways(syn08):
    _, res = syn08
    q = res.quartiles
    assert (q[["n_reference", "n_focus", "n_unknown"]].sum(axis=1) == q["size"]).all()
    sex = q[(q["comparison"] == "sex") & (q["year"] == 2026)].set_index("quartile")
    row = res.gaps[(res.gaps["comparison"] == "sex") & (res.gaps["year"] == 2026)].iloc[0]
    parts = sex.drop("All")
    assert list(parts.index) == ["Lower", "Lower middle", "Upper middle", "Upper"]
    assert (parts[["n_reference", "n_focus", "size"]].sum() == sex.loc["All", ["n_reference", "n_focus", "size"]]).all()
    assert sex.loc["All", "n_focus"] == row["n_full_pay_focus"] and sex.loc["All", "n_reference"] == row["n_full_pay_reference"]
    assert set(q.loc[q["comparison"] != "sex", "year"]) == {2026}


def test_every_table_has_a_spec_and_publishes(syn08):
    _, res = syn08
    pub = Policy().apply(res)
    assert pub.publication is not None
    names = {n for n, _ in res.tables()}
    assert {"gaps", "quartiles", "bands", "staff_groups", "groups.ethnicity_census5", "groups.ethnicity_route"} <= names


def test_report_year_must_be_in_params(synthetic_root):
    with pytest.raises(InputError, match="not among the years"):
        load_trust("SYN08", 2019, params_dir=ROOT / "params")


def test_bad_sdc_mode(syn08):
    data, _ = syn08
    with pytest.raises(InputError, match="use 'publish' or 'internal'"):
        Policy.from_params(data.params, mode="open")


@pytest.mark.parametrize("disabled, shown", [(10, True), (9, False)])
def test_pay_group_boundary_through_compute(disabled, shown):
    res = results.compute(trust(staff_table(base_rows(disabled))))
    pub = Policy().apply(res)
    row = pub.gaps[pub.gaps["comparison"] == "disability"].iloc[0]
    assert row["n_full_pay_focus"] == disabled  # a count of 9 or 10 is shown either way
    for col in ("median_gap", "mean_gap", "median_gap_low", "median_hourly_focus"):
        assert is_shown(row[col]) is shown, col
    assert is_shown(row["median_hourly_reference"])  # the large group's own pay stays


def test_targets_hold_the_tracked_gap_with_its_sizes(syn08):
    _, res = syn08
    (target,) = res.target_settings
    assert target["characteristic"] == "disability"
    t = res.targets
    assert list(t["year"]) == [2024, 2025, 2026]
    g = res.gaps[(res.gaps["comparison"] == "disability")].set_index("year")
    assert t["value"].tolist() == pytest.approx(g.loc[[2024, 2025, 2026], "median_gap"].tolist())
    assert (t["baseline_n_focus"] == g.loc[2024, "n_full_pay_focus"]).all()
    # a pay gap aims down to its target; "met" says when the gap is at the target or below it
    assert not t["higher_is_better"].any()
    assert t["met"].tolist() == [bool(v <= target["target"]) for v in t["value"]]


def test_a_small_column_total_is_protected_not_taken_as_public():
    # Two staff of unrecorded ethnicity: their quartile counts add up to 2, which must stay hidden itself.
    res = results.compute(trust(staff_table(base_rows() + [("Female", "Z", "No", 19.5, 2)])))
    q = Policy().apply(res).quartiles
    eth = q[q["comparison"] == "ethnicity"].set_index("quartile")
    assert is_hidden(eth.loc["All", "n_unknown"]) and eth["n_unknown"].map(is_hidden).sum() >= 2



def test_a_small_group_within_levels_is_protected_with_its_total():
    rows = [("Male", "A", "No", 22.0, 60), ("Female", "A", "No", 20.0, 120), ("Female", "H", "No", 19.0, 2),
            ("Female", "A", "Yes", 18.0, 3)]
    pub = Policy().apply(results.compute(trust(staff_table(rows))))
    eth = pub.staff_groups[pub.staff_groups["comparison"] == "ethnicity"].set_index("level")
    assert is_hidden(eth.loc["Clinical", "n_focus"]) and is_hidden(eth.loc["All", "n_focus"])
    assert is_hidden(eth.loc["Clinical", "median_gap"])


def _one(frame, **where):
    for col, value in where.items():
        frame = frame[frame[col] == value]
    (row,) = frame.to_dict("records")
    return row


def test_an_unknown_count_is_protected_against_all_staff_minus_the_two_groups():
    # Two staff of unrecorded ethnicity: all staff (public) - White - BME would give them away, so one of the
    # two groups' counts is hidden, and hidden in every table that repeats it.
    res = results.compute(trust(staff_table(base_rows() + [("Female", "Z", "No", 19.5, 2)])))
    g = _one(res.gaps, comparison="ethnicity")
    assert (g["n_relevant_unknown"], g["n_full_pay_unknown"]) == (2, 2)
    assert g["n_relevant_reference"] + g["n_relevant_focus"] + 2 == 262
    pub = Policy().apply(res)
    row = _one(pub.gaps, comparison="ethnicity")
    assert row["n_relevant_unknown"] == "<5" and row["n_full_pay_unknown"] == "<5"
    assert row["n_full_pay_focus"] == "*" and row["n_relevant_focus"] == "*"  # BME (40) is the smaller group
    assert is_shown(row["median_gap"])  # the pay figures need only their groups' sizes
    # the same BME full-pay count in the All rows of the quartiles, staff groups and the decomposition
    assert _one(pub.quartiles, comparison="ethnicity", quartile="All")["n_focus"] == "*"
    assert _one(pub.staff_groups, comparison="ethnicity", level="All")["n_focus"] == "*"
    assert _one(pub.drivers, comparison="ethnicity")["n_focus"] == "*"
    census5 = pub.groups["ethnicity_census5"].set_index("group")
    assert census5.loc["BME", "n"] == "*" and census5.loc["Unknown", "n"] == "<5"
    # internal mode keeps them all
    internal = Policy(mode="internal").apply(res)
    assert _one(internal.gaps, comparison="ethnicity")["n_full_pay_focus"] == 40


def test_a_count_hidden_in_the_sex_comparison_is_hidden_wherever_it_is_repeated():
    # Two staff with no recorded sex: the men's count (60 + 20, the smaller) is hidden in the gaps table, so it
    # is hidden in the quartiles, pay bands, staff groups and scope tables that repeat it.
    res = results.compute(trust(staff_table(base_rows() + [("Not known", "A", "No", 19.5, 2)])))
    assert _one(res.gaps, comparison="sex")["n_full_pay_unknown"] == 2
    pub = Policy().apply(res)
    row = _one(pub.gaps, comparison="sex")
    assert row["n_full_pay_reference"] == "*" and row["n_relevant_reference"] == "*"
    assert _one(pub.quartiles, comparison="sex", quartile="All")["n_reference"] == "*"
    assert _one(pub.bands, comparison="sex", level="All")["n_reference"] == "*"
    assert _one(pub.staff_groups, comparison="sex", level="All")["n_reference"] == "*"
    scope = pub.scope.set_index("group")
    assert scope.loc["Male", "relevant"] == "*" and scope.loc["Not recorded", "relevant"] == "<5"
    assert scope.loc["Female", "relevant"] == 180


def test_repeated_counts_are_declared_for_every_table_that_repeats_them(syn08):
    # a repeated count that differs from its original is a bug the policy refuses (Spec.same checks values)
    _, res = syn08
    Policy().apply(res)
    g = res.gaps[res.gaps["year"] == res.year].set_index("comparison")
    a = res.awards.set_index("award").loc["All awards"]
    assert (a["n_reference"], a["n_focus"]) == (g.loc["sex", "n_bonus_reference"], g.loc["sex", "n_bonus_focus"])
    t = res.targets
    assert (t["comparison"] == "disability").all() and (t["baseline_year"] == 2024).all()
    assert (res.gaps.assign(total=lambda f: f["n_relevant_reference"] + f["n_relevant_focus"]
                            + f["n_relevant_unknown"]).groupby("year")["total"].nunique() == 1).all()
