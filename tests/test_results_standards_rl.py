"""Relative likelihood rows: orientation by hand, residual subgroups, and no hidden count recoverable from the
aggregate minus its subgroups in any of the eight synthetic trusts."""

import math
from pathlib import Path

import pandas as pd
import pytest

from edi_analysis.disclosure import Policy, is_hidden
from edi_analysis.disclosure.solver import Line, propagate
from edi_analysis.io import load_trust
from edi_analysis.results import standards as results
from edi_analysis.results.standards_rl import (
    CENSUS_GROUPS,
    RL_COLUMNS,
    add_residuals,
    likelihood_spec,
    rl_row,
)

ROOT = Path(__file__).resolve().parents[1]
COUNTS = ("focus_events", "focus_n", "reference_events", "reference_n")


def test_orientation_by_hand():
    # indicator 2: White 6 of 12 appointed, BME 2 of 10: RL = 0.5 / 0.2 = 2.5 with the reference group on top
    r = rl_row("2", "BME", "White", "reference", 2, 10, 6, 12, years="2026")
    assert (r["focus_events"], r["focus_n"], r["reference_events"], r["reference_n"]) == (2, 10, 6, 12)
    assert r["rl"] == pytest.approx(2.5)
    # indicator 3: BME 3 of 100, White 2 of 200: RL = 0.03 / 0.01 = 3 with the focus group on top
    assert rl_row("3", "BME", "White", "focus", 3, 100, 2, 200)["rl"] == pytest.approx(3.0)
    assert math.isnan(rl_row("3", "BME", "White", "focus", 0, 0, 2, 200)["rl"])


def test_a_chosen_pair_repeats_a_count_hidden_to_protect_the_census_groups():
    # Census groups add to BME: Mixed (3 entrants) is hidden, so Other (6, the smallest left) is hidden to protect
    # it. Black against Other repeats Other's counts: shown there, they would give Mixed away (BME - the rest).
    rows = [rl_row("3", g, "White", "focus", fe, fn, 20, 400, years="2026")
            for g, fe, fn in (("BME", 49, 500), ("Asian", 25, 250), ("Black", 15, 150), ("Mixed", 3, 40),
                              ("Other", 6, 60))]
    rows.append(rl_row("3", "Black", "Other", "focus", 15, 150, 6, 60, years="2026"))
    frame = pd.DataFrame(rows, columns=list(RL_COLUMNS))
    out, _ = Policy().suppress_tables({"likelihoods": frame}, {"likelihoods": likelihood_spec("BME", "White", True)})
    t = out["likelihoods"].set_index(["focus", "reference"])
    assert t.loc[("Mixed", "White"), "focus_events"] == "<5" and t.loc[("Other", "White"), "focus_events"] == "*"
    pair = t.loc[("Black", "Other")]
    assert pair["reference_events"] == "*" and pair["focus_events"] == 15
    assert all(is_hidden(pair[c]) for c in ("rl", "low", "high", "within_range", "significant"))
    # swapped roles: Non-disabled against Disabled repeats the statutory row's counts, each on the other side.
    # Disabled entrants: 3 (2025) and 8 (2026), pooled 11; the 8 is hidden to protect the 3, in both rows.
    wdes = pd.DataFrame([rl_row("3", "Disabled", "Non-disabled", "focus", fe, 30 * k, 50 * k, 400 * k, basis=b, years=y,
                                in_window=True)
                         for fe, k, b, y in ((3, 1, "year", "2025"), (8, 1, "year", "2026"), (11, 2, "pooled", "2025-2026"))]
                        + [rl_row("3", "Non-disabled", "Disabled", "focus", 50, 400, 8, 30, years="2026", in_window=True)],
                        columns=list(RL_COLUMNS))
    out, _ = Policy().suppress_tables({"likelihoods": wdes}, {"likelihoods": likelihood_spec("Disabled", "Non-disabled",
                                                                                             False)})
    assert out["likelihoods"]["focus_events"].tolist() == ["<5", "*", 11, 50]
    assert out["likelihoods"]["reference_events"].tolist() == [50, 50, 100, "*"]


def test_training_headcounts_are_the_process_headcounts():
    # Indicator 4's headcounts repeat indicator 3's (same year and subgroup). Clinical BME staff (40) are hidden to
    # protect Medical and dental (3) within the staff groups of indicator 3: hidden in indicator 4 as well.
    def rows(indicator, numerator, events):
        return [rl_row(indicator, "BME", "White", numerator, events, n, 20, 400, split=split, subgroup=sub,
                       years="2026")
                for split, sub, n in (("all", "All staff", 143), ("staff_group", "Clinical", 40),
                                      ("staff_group", "Non-clinical", 100), ("staff_group", "Medical and dental", 3))]
    frame = pd.DataFrame([*rows("3", "focus", 0), *rows("4", "reference", 0)], columns=list(RL_COLUMNS))
    frame.loc[frame["subgroup"] != "All staff", ["reference_events", "reference_n"]] = [[10, 200], [5, 100], [5, 100]] * 2
    out, _ = Policy().suppress_tables({"likelihoods": frame}, {"likelihoods": likelihood_spec("BME", "White", False)})
    t = out["likelihoods"]
    assert t["focus_n"].tolist() == [143, "*", 100, "<5"] * 2
    frame.loc[7, "focus_n"] = 4
    with pytest.raises(ValueError, match="counts differ"):
        Policy().suppress_tables({"likelihoods": frame}, {"likelihoods": likelihood_spec("BME", "White", False)})


def test_residual_row_makes_the_subgroups_add_up():
    agg = rl_row("3", "BME", "White", "focus", 9, 100, 20, 400, years="2026", basis="year")
    parts = [rl_row("3", "BME", "White", "focus", 4, 60, 12, 250, split="staff_group", subgroup="Clinical",
                    years="2026"),
             rl_row("3", "BME", "White", "focus", 3, 40, 6, 150, split="staff_group", subgroup="Non-clinical",
                    years="2026")]
    out = add_residuals(pd.DataFrame([agg, *parts]))
    extra = out[out["subgroup"] == "Staff group not known"].iloc[0]
    assert (extra["focus_events"], extra["focus_n"], extra["reference_events"], extra["reference_n"]) == (2, 0, 2, 0)


def _bounds(v, min_count):
    if is_hidden(v):
        return (1, min_count - 1) if v.kind == "primary" else (min_count, math.inf)
    return (float(v), float(v))


def _recoverable(pub) -> list[str]:
    """Small hidden counts a reader pins down from aggregate = sum of subgroups (and pooled = sum of years)."""
    t = pub.likelihoods.reset_index(drop=True)
    m = pub.publication.policy.min_count
    idx, lo, hi, names, small = {}, [], [], [], []
    for i, r in enumerate(t.to_dict("records")):
        for c in COUNTS:
            idx[(i, c)] = len(lo)
            b = _bounds(r[c], m)
            small.append(is_hidden(r[c]) and r[c].kind == "primary")
            lo.append(b[0])
            hi.append(b[1])
            names.append(f"{r['indicator']} {r['focus']}/{r['reference']} {r['split']}:{r['subgroup']} {r['years']} {c}")
    lines = []
    key = ["indicator", "focus", "reference", "years"]
    for k, grp in t.groupby(key):
        agg = grp[grp["split"] == "all"]
        if len(agg) != 1:
            continue
        a = agg.index[0]
        for split, cols in (("staff_group", COUNTS), ("route", COUNTS[:2])):
            parts = grp[grp["split"] == split].index
            for c in cols if len(parts) else ():
                lines.append(Line((*[idx[(p, c)] for p in parts], idx[(a, c)]), (1.0,) * len(parts) + (-1.0,), 0.0))
            for p in parts if split == "route" else ():
                for c in COUNTS[2:]:
                    lines.append(Line((idx[(p, c)], idx[(a, c)]), (1.0, -1.0), 0.0))
    for (ind, ref, years), grp in t[t["split"] == "all"].groupby(["indicator", "reference", "years"]):
        agg = grp[grp["focus"] == pub.focus]
        parts = grp[grp["focus"].isin(CENSUS_GROUPS)].index
        if len(agg) == 1 and len(parts) == len(CENSUS_GROUPS):
            for c in COUNTS[:2]:
                lines.append(Line((*[idx[(p, c)] for p in parts], idx[(agg.index[0], c)]), (1.0,) * 4 + (-1.0,), 0.0))
    for k, grp in t[t["basis"] != "year"].groupby(["indicator", "focus", "reference", "split", "subgroup"]):
        pooled = grp.index[0]
        r = t.loc[pooled]
        singles = t[(t["indicator"] == r["indicator"]) & (t["focus"] == r["focus"]) & (t["reference"] == r["reference"])
                    & (t["split"] == r["split"]) & (t["subgroup"] == r["subgroup"]) & (t["basis"] == "year")
                    & t["years"].isin([str(y) for y in pub.window])].index
        for c in COUNTS:
            lines.append(Line((*[idx[(s, c)] for s in singles], idx[(pooled, c)]), (1.0,) * len(singles) + (-1.0,), 0.0))
    new_lo, new_hi = propagate(lines, lo, hi)
    # the policy's promise: no small count is pinned down (a "*" count may be: it is not small)
    return [names[i] for i in range(len(lo)) if small[i] and new_lo[i] == new_hi[i]]


@pytest.mark.parametrize("code", [f"SYN0{i}" for i in range(1, 9)])
def test_no_hidden_count_is_recoverable_from_the_aggregate(code):
    from conftest import ensure_synthetic

    ensure_synthetic((code,))
    data = load_trust(code, params_dir=ROOT / "params")
    for standard in ("WRES", "WDES"):
        pub = Policy.from_params(data.params).apply(results.compute(data, standard))
        assert _recoverable(pub) == [], (code, standard)


def test_the_issue_case_is_protected(synthetic_root):
    # SYN06: UK-recruited and internationally recruited BME staff add to all BME staff; the small part is hidden,
    # so the other part must be hidden too.
    data = load_trust("SYN06", params_dir=ROOT / "params")
    pub = Policy.from_params(data.params).apply(results.compute(data, "WRES"))
    lk = pub.likelihoods
    route = lk[(lk["split"] == "route") & (lk["indicator"] == "3") & (lk["basis"] == "pooled")].set_index("subgroup")
    assert is_hidden(route.loc["Internationally recruited", "focus_events"])
    assert is_hidden(route.loc["UK-recruited", "focus_events"])


@pytest.mark.parametrize("code", [f"SYN0{i}" for i in range(1, 9)])
def test_headcounts_repeated_across_tables_are_hidden_alike(code):
    # The report year's headcounts sit in indicator 1 (whole workforce) and in indicators 3 and 4; the trend
    # repeats each year's: a count hidden in one place must be hidden wherever it appears.
    from conftest import ensure_synthetic

    ensure_synthetic((code,))
    data = load_trust(code, params_dir=ROOT / "params")
    for standard in ("WRES", "WDES"):
        pub = Policy.from_params(data.params).apply(results.compute(data, standard))
        rep = pub.representation
        whole = rep[(rep["staff_type"] == "All staff") & (rep["level"] == "All levels")].to_dict("records")[0]
        lk = pub.likelihoods
        stat = lk[(lk["split"] == "all") & (lk["focus"] == pub.focus) & (lk["reference"] == pub.reference)
                  & (lk["basis"] == "year") & lk["indicator"].isin(["3", "4"])]
        for r in stat[stat["years"] == str(data.year)].to_dict("records"):
            assert is_hidden(r["focus_n"]) == is_hidden(whole[pub.focus]), (code, standard)
            assert is_hidden(r["reference_n"]) == is_hidden(whole[pub.reference]), (code, standard)
        share = pub.year_on_year["share"].set_index("year")
        for r in stat[stat["indicator"] == "3"].to_dict("records"):
            y = int(r["years"])
            assert is_hidden(r["focus_n"]) == is_hidden(share.loc[y, "focus_events"]), (code, standard)
            if y + 1 in share.index:
                assert is_hidden(r["focus_n"]) == is_hidden(share.loc[y + 1, "prev_focus_events"]), (code, standard)
        assert is_hidden(share.loc[data.year, "focus_n"]) == is_hidden(whole["total"]), (code, standard)
        every = lk[(lk["split"] == "all") & (lk["focus"] == pub.focus) & (lk["reference"] == pub.reference)
                   & (lk["basis"] == "year")]
        rl = pub.year_on_year["rl"]
        assert set(rl["indicator"]) == set(every["indicator"])
        for r in rl.to_dict("records"):
            for prefix, y in (("", r["years"]), ("prev_", r["prev_years"])):
                home = every[(every["indicator"] == r["indicator"]) & (every["years"] == y)]
                if isinstance(y, str) and len(home):
                    for c in COUNTS:
                        assert is_hidden(r[prefix + c]) == is_hidden(home[c].iloc[0]), (code, standard, c)


def test_a_chosen_pair_hides_what_its_home_rows_hide(synthetic_root, tmp_path):
    import yaml

    params = yaml.safe_load((ROOT / "params" / "SYN06.yaml").read_text())
    params.update(data_dir=str(ROOT / "data" / "synthetic" / "SYN06"),
                  comparisons={"wres": [{"focus": "Black", "reference": "Asian"}, {"focus": "Asian", "reference": "Mixed"}],
                               "wdes": [{"focus": "Non-disabled", "reference": "Disabled"}]})
    (tmp_path / "SYN06.yaml").write_text(yaml.safe_dump(params))
    data = load_trust("SYN06", params_dir=tmp_path)
    for standard in ("WRES", "WDES"):
        pub = Policy().apply(results.compute(data, standard))
        lk = pub.likelihoods
        homes = lk[(lk["split"] == "all") & (lk["reference"] == pub.reference)]
        seen = {}
        for r in homes.to_dict("records"):
            for side in ("focus", "reference"):
                for m in ("events", "n"):
                    seen[(r["indicator"], r["years"], r[side], m)] = is_hidden(r[f"{side}_{m}"])
        pairs = lk[(lk["split"] == "all") & (lk["reference"] != pub.reference)]
        assert len(pairs)
        for r in pairs.to_dict("records"):
            for side in ("focus", "reference"):
                for m in ("events", "n"):
                    home = seen.get((r["indicator"], r["years"], r[side], m))
                    if home is not None:  # one cell: hidden in both or neither, and the ratio with it
                        assert is_hidden(r[f"{side}_{m}"]) == home, (standard, r["focus"], r["reference"])
                        assert not home or not (isinstance(r["rl"], float) and r["rl"] == r["rl"])
