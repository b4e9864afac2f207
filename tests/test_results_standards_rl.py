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
from edi_analysis.results.standards_rl import CENSUS_GROUPS, add_residuals, rl_row

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
        share = pub.year_on_year["share"]
        for r in stat[stat["indicator"] == "3"].to_dict("records"):
            s = share[share["year"] == int(r["years"])].to_dict("records")[0]
            assert not (is_hidden(r["focus_n"]) and not is_hidden(s["focus_events"])), (code, standard)


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
                    if seen.get((r["indicator"], r["years"], r[side], m)):
                        assert is_hidden(r[f"{side}_{m}"]) and not (isinstance(r["rl"], float) and r["rl"] == r["rl"])
