"""Independent recomputation: one synthetic trust's headline figures, from its raw CSVs with plain pandas.

Every expected figure below is computed from the definitions in the metrics specification
(``/work/shared/spec/metrics.md``: pay gaps sections 6-7, WRES/WDES sections 2-4, staff survey section 5,
statistics section 8) and the data contract (``docs/data-contract/*.md``), without importing anything from
``edi_analysis`` except :func:`~edi_analysis.io.load_trust` and the three ``compute`` functions under test.
It is a second implementation, written from the text, so that a shared misreading of the spec is the only
way both can agree on a wrong number.

Trust SYN06, report year 2026 (staff snapshot 31 March 2026; financial year 2025-26 events; survey 2025).
Computed values are compared to 1e-9, counts exactly.

Two copies of SYN06 changed by a few rows cover rules the generated data never meets: cases about people
outside the headcount (a bank-only worker, a leaver) for indicator 3 / metric 3, and a relative likelihood of
exactly 0.80 for the inclusive non-adverse range (both were wrong in the package before this test was written).
"""

import math
import shutil
from collections import Counter
from fractions import Fraction
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from edi_analysis.io import load_trust
from edi_analysis.results import harassment, pay_gaps, standards

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
TRUST, YEAR = "SYN06", 2026
Z = 1.959963984540054  # metrics.md section 8
TOL = {"abs": 1e-9, "rel": 1e-12}
QUARTILES = ("Lower", "Lower middle", "Upper middle", "Upper")

# metrics.md 1.1: national codes; A-C White, every other national code BME; Z, 99, X, blank Unknown.
NATIONAL = set("ABCDEFGHJKLMNPRS")
NOT_KNOWN = {"", "99", "X", "Z"}
AFC = ("1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9")
MEDICAL = {"Medical consultant": "Consultants", "Medical career grade": "Non-consultant career grade",
           "Medical trainee": "Trainee grades"}
# metrics.md 3, WDES metric 1 clusters.
CLUSTERS = {**{b: 1 for b in ("1", "2", "3", "4")}, **{b: 2 for b in ("5", "6", "7")}, "8a": 3, "8b": 3,
            **{b: 4 for b in ("8c", "8d", "9", "VSM")}, "Medical consultant": 5, "Medical career grade": 6,
            "Medical trainee": 7}
SENIOR = ("8a", "8b", "8c", "8d", "9", "VSM")

# ---------------------------------------------------------------------------------------------------------
# Raw inputs
# ---------------------------------------------------------------------------------------------------------

def truthy(col: pd.Series) -> pd.Series:
    """Data contract booleans: TRUE/FALSE, yes/no, 1/0, any case."""
    low = col.str.strip().str.lower()
    assert low.isin({"true", "false", "yes", "no", "1", "0"}).all(), sorted(set(low))
    return low.isin({"true", "yes", "1"})


def wres_group(code: str) -> str:
    c = code.strip().upper()
    if c in NOT_KNOWN:
        return "Unknown"
    # Only one- or two-character codes occur in the synthetic data; free text is never read by first letter.
    assert len(c) <= 2 and c[0] in NATIONAL, code
    return "White" if c[0] in "ABC" else "BME"


def disability_group(value: str) -> str:
    return {"yes": "Disabled", "no": "Non-disabled"}.get(value.strip().lower(), "Unknown")


def sex_group(value: str) -> str:
    return {"male": "Male", "female": "Female"}.get(value.strip().lower(), "Not recorded")


class Raw:
    """The trust's CSVs for every year, read as text exactly as the contract says, with the groups added."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._cache = {}

    def read(self, name: str, year: int) -> pd.DataFrame:
        key = (name, year)
        if key not in self._cache:
            df = pd.read_csv(self.folder / str(year) / f"{name}.csv", dtype=str, keep_default_na=False)
            df = df.apply(lambda c: c.str.strip())
            if "ethnic_code" in df:
                df["eth"] = df["ethnic_code"].map(wres_group)
            if "disability" in df:
                df["dis"] = df["disability"].map(disability_group)
            if "sex" in df:
                df["sex_g"] = df["sex"].map(sex_group)
            self._cache[key] = df
        return self._cache[key]

    def staff(self, year: int) -> pd.DataFrame:
        df = self.read("staff", year).copy()
        assert df["staff_id"].is_unique
        df["bank_b"] = truthy(df["bank"])
        df["full_pay_b"] = truthy(df["full_pay_relevant"])
        df["rate"] = pd.to_numeric(df["hourly_rate"].replace("", np.nan))
        df["bonus"] = pd.to_numeric(df["bonus_pay_12m"])
        return df

    def headcount(self, year: int) -> pd.DataFrame:
        """WRES/WDES populations: staff at 31 March, bank-only workers excluded (include_bank=False)."""
        s = self.staff(year)
        return s[~s["bank_b"]]


def financial_year(dates: pd.Series, year: int) -> pd.Series:
    d = pd.to_datetime(dates, format="%Y-%m-%d")
    return (d >= pd.Timestamp(year - 1, 4, 1)) & (d <= pd.Timestamp(year, 3, 31))


# ---------------------------------------------------------------------------------------------------------
# Independent formulas (metrics.md)
# ---------------------------------------------------------------------------------------------------------

def gap(ref: float, focus: float) -> float:
    """Sections 6-7: (ref - focus) / ref x 100; positive = focus paid less."""
    return (ref - focus) / ref * 100


def median(values: pd.Series) -> float:
    """Even count: mean of the two middle values (section 6, measure 2)."""
    v = np.sort(values.to_numpy(dtype=float))
    n = len(v)
    return float(v[n // 2]) if n % 2 else float((v[n // 2 - 1] + v[n // 2]) / 2)


def quartile_sizes(n: int) -> list[int]:
    q, r = divmod(n, 4)
    return [q + (r >= 1), q + (r == 3), q + (r >= 2), q]


def quartile_counts(rates: pd.Series, groups: pd.Series) -> list[Counter]:
    """Section 6 measure 6 with the tie rule (SI 2017/172 reg. 13(2); the spec's deterministic decision).

    Only a block of equal rates that crosses a band boundary is shared: its slots per band come from its
    sort positions; bands low to high; each group's quota = remaining_g x slots / remaining_total, floored,
    leftover slots by largest fractional part (ties: larger count in the block, then ascending label).
    """
    frame = pd.DataFrame({"rate": rates.to_numpy(dtype=float), "g": groups.to_numpy()})
    frame = frame.sort_values("rate", kind="mergesort").reset_index(drop=True)
    sizes = quartile_sizes(len(frame))
    band_of = np.repeat(np.arange(4), sizes)
    out = [Counter() for _ in range(4)]
    for _, block in frame.groupby("rate", sort=True):
        bands = band_of[block.index.to_numpy()]
        block_counts = Counter(block["g"])
        if len(set(bands)) == 1:
            out[bands[0]].update(block_counts)
            continue
        remaining = dict(block_counts)
        for band in sorted(set(bands)):
            slots = int((bands == band).sum())
            total = sum(remaining.values())
            quota = {g: Fraction(remaining[g] * slots, total) for g in remaining}
            given = {g: math.floor(quota[g]) for g in remaining}
            leftover = slots - sum(given.values())
            order = sorted(remaining, key=lambda g: (-(quota[g] - given[g]), -block_counts[g], g))
            for g in order[:leftover]:
                given[g] += 1
            for g, k in given.items():
                out[band][g] += k
                remaining[g] -= k
        assert all(v == 0 for v in remaining.values())
    return out


def katz(top_events, top_n, bottom_events, bottom_n) -> tuple[float, float, float, Fraction]:
    """Section 8: RL = (top_events/top_n) / (bottom_events/bottom_n), Katz log 95% interval; also the exact
    ratio of the counts, which the non-adverse range reads (inclusive, unrounded)."""
    rl = (top_events / top_n) / (bottom_events / bottom_n)
    se = math.sqrt(1 / top_events - 1 / top_n + 1 / bottom_events - 1 / bottom_n)
    exact = Fraction(top_events * bottom_n, top_n * bottom_events)
    return rl, rl * math.exp(-Z * se), rl * math.exp(Z * se), exact


def wilson(x: int, n: int) -> tuple[float, float]:
    """Section 8 Wilson score interval, as %."""
    p = x / n
    centre = (p + Z ** 2 / (2 * n)) / (1 + Z ** 2 / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z ** 2 / (4 * n ** 2)) / (1 + Z ** 2 / n)
    return (centre - half) * 100, (centre + half) * 100


# ---------------------------------------------------------------------------------------------------------
# Fixtures: raw data, params window, and the results under test
# ---------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def params(synthetic_root):
    return yaml.safe_load((ROOT / "params" / f"{TRUST}.yaml").read_text())


@pytest.fixture(scope="module")
def raw(synthetic_root):
    return Raw(synthetic_root / TRUST)


@pytest.fixture(scope="module")
def data(synthetic_root):
    return load_trust(TRUST, YEAR, params_dir=ROOT / "params")


@pytest.fixture(scope="module")
def pay(data):
    return pay_gaps.compute(data)


# wres_res and wdes_res (SYN06, 2026) come from the root conftest.py, computed once per session.


@pytest.fixture(scope="module")
def hia6(data):
    return harassment.compute(data)


def approx(x):
    return pytest.approx(x, **TOL)


def one(df: pd.DataFrame, **where) -> pd.Series:
    mask = np.ones(len(df), dtype=bool)
    for col, val in where.items():
        mask &= (df[col] == val).to_numpy()
    rows = df[mask]
    assert len(rows) == 1, (where, len(rows))
    return rows.iloc[0]


# ---------------------------------------------------------------------------------------------------------
# Pay gaps (sections 6-7)
# ---------------------------------------------------------------------------------------------------------

PAY_SIDES = {"sex": ("sex_g", "Male", "Female"), "ethnicity": ("eth", "White", "BME"),
             "disability": ("dis", "Non-disabled", "Disabled")}


def pay_expected(raw: Raw, comparison: str) -> dict:
    col, ref, focus = PAY_SIDES[comparison]
    s = raw.staff(YEAR)  # relevant employees: everyone on the snapshot, bank included (gpg_include_bank=True)
    full = s[s["full_pay_b"] & s["rate"].notna()]  # full-pay relevant with an hourly rate
    out = {}
    for side, g in (("reference", ref), ("focus", focus)):
        rel, fp = s[s[col] == g], full[full[col] == g]
        bonus = rel.loc[rel["bonus"] > 0, "bonus"]
        out |= {f"n_relevant_{side}": len(rel), f"n_full_pay_{side}": len(fp), f"n_bonus_{side}": len(bonus),
                f"mean_hourly_{side}": fp["rate"].mean(), f"median_hourly_{side}": median(fp["rate"]),
                f"bonus_pct_{side}": len(bonus) / len(rel) * 100, f"mean_bonus_{side}": bonus.mean(),
                f"median_bonus_{side}": median(bonus)}
    for m in ("mean", "median"):
        out[f"{m}_gap"] = gap(out[f"{m}_hourly_reference"], out[f"{m}_hourly_focus"])
        out[f"{m}_bonus_gap"] = gap(out[f"{m}_bonus_reference"], out[f"{m}_bonus_focus"])
    return out


SEX_FIGURES = ("mean_gap", "median_gap", "mean_bonus_gap", "median_bonus_gap", "bonus_pct_reference",
               "bonus_pct_focus", "mean_hourly_reference", "mean_hourly_focus", "median_hourly_reference",
               "median_hourly_focus", "mean_bonus_reference", "mean_bonus_focus", "median_bonus_reference",
               "median_bonus_focus")
COUNTS = ("n_relevant_reference", "n_relevant_focus", "n_full_pay_reference", "n_full_pay_focus",
          "n_bonus_reference", "n_bonus_focus")


@pytest.mark.parametrize("figure", SEX_FIGURES)
def test_sex_pay_measures(raw, pay, figure):
    got = one(pay.gaps, comparison="sex", year=YEAR)
    assert got[figure] == approx(pay_expected(raw, "sex")[figure])


@pytest.mark.parametrize("comparison", ("sex", "ethnicity", "disability"))
def test_pay_counts(raw, pay, comparison):
    got = one(pay.gaps, comparison=comparison, year=YEAR)
    exp = pay_expected(raw, comparison)
    assert {c: int(got[c]) for c in COUNTS} == {c: exp[c] for c in COUNTS}


@pytest.mark.parametrize("comparison", ("ethnicity", "disability"))
@pytest.mark.parametrize("figure", ("median_gap", "median_hourly_reference", "median_hourly_focus"))
def test_ethnicity_disability_median_gaps(raw, pay, comparison, figure):
    got = one(pay.gaps, comparison=comparison, year=YEAR)
    assert got[figure] == approx(pay_expected(raw, comparison)[figure])


def sex_quartiles(raw: Raw) -> list[Counter]:
    s = raw.staff(YEAR)
    full = s[s["full_pay_b"] & s["rate"].notna() & s["sex_g"].isin(["Male", "Female"])]
    return quartile_counts(full["rate"], full["sex_g"])


def test_sex_quartile_counts_with_ties(raw, pay):
    bands = sex_quartiles(raw)
    got = pay.quartiles[(pay.quartiles["comparison"] == "sex") & (pay.quartiles["year"] == YEAR)]
    got = got.set_index("quartile")
    exp = {q: (b["Male"], b["Female"], b["Male"] + b["Female"]) for q, b in zip(QUARTILES, bands)}
    assert {q: (int(got.at[q, "n_reference"]), int(got.at[q, "n_focus"]), int(got.at[q, "size"]))
            for q in QUARTILES} == exp
    # The rule is exercised: at least one block of equal rates crosses a boundary in this trust.
    s = raw.staff(YEAR)
    rates = np.sort(s.loc[s["full_pay_b"] & s["rate"].notna() & s["sex_g"].isin(["Male", "Female"]),
                          "rate"].to_numpy())
    edges = np.cumsum(quartile_sizes(len(rates)))[:-1]
    assert any(rates[e - 1] == rates[e] for e in edges)


@pytest.mark.parametrize("quartile", QUARTILES)
def test_sex_quartile_shares(raw, pay, quartile):
    b = dict(zip(QUARTILES, sex_quartiles(raw)))[quartile]
    size = b["Male"] + b["Female"]
    got = one(pay.quartiles, comparison="sex", year=YEAR, quartile=quartile)
    assert (got["pct_reference"], got["pct_focus"]) == (approx(b["Male"] / size * 100),
                                                        approx(b["Female"] / size * 100))


def test_quartile_tie_rule_hand_cases():
    """The recomputation's own tie rule reproduces the spec's worked examples GPG-7, GPG-8 and GPG-9."""
    # GPG-7: 40 at one rate (36 women, 4 men) with 10 slots left in the lower band, 30 in lower-middle.
    # N = 160 (bands of 40): 30 below the block, the block at positions 30-69, 90 above.
    rates = pd.Series([0.5] * 30 + [1.0] * 40 + [2.0 + i for i in range(90)])
    groups = pd.Series(["X"] * 30 + ["F"] * 36 + ["M"] * 4 + ["X"] * 90)
    bands = quartile_counts(rates, groups)
    assert (bands[0]["F"], bands[0]["M"], bands[1]["F"], bands[1]["M"]) == (9, 1, 27, 3)
    # GPG-8: block of 7 (3 men, 4 women), 3 slots in band k (lower), 4 in k+1; 8 people above it.
    rates = pd.Series([0.5, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0] + [2.0 + i for i in range(8)])
    groups = pd.Series(["X"] + ["M"] * 3 + ["F"] * 4 + ["X"] * 8)
    bands = quartile_counts(rates, groups)
    assert (bands[0]["M"], bands[0]["F"], bands[1]["M"], bands[1]["F"]) == (1, 2, 2, 2)
    assert [quartile_sizes(n) for n in (8, 9, 10, 11)] == [[2, 2, 2, 2], [3, 2, 2, 2], [3, 2, 3, 2],
                                                          [3, 3, 3, 2]]


# ---------------------------------------------------------------------------------------------------------
# Indicator 1 (WRES) and metric 1 (WDES): representation (sections 2-3)
# ---------------------------------------------------------------------------------------------------------

def staff_type(group: str) -> str:
    return "Non-clinical" if group == "Non-clinical" else "Clinical"


def wres_level(band: str) -> str:
    assert band in AFC or band == "VSM" or band in MEDICAL, band
    return MEDICAL.get(band, band)


WRES_GROUPS = ("White", "BME", "Unknown")
WDES_GROUPS = ("Non-disabled", "Disabled", "Unknown")


def representation_expected(raw: Raw, col: str, groups: tuple, level_of) -> pd.DataFrame:
    h = raw.headcount(YEAR).assign(staff_type=lambda d: d["staff_group"].map(staff_type),
                                   level=lambda d: d["pay_band"].map(level_of))
    by = pd.crosstab([h["staff_type"], h["level"]], h[col]).reindex(columns=list(groups), fill_value=0)
    types = pd.crosstab(h["staff_type"], h[col]).reindex(columns=list(groups), fill_value=0)
    for t, row in types.iterrows():
        by.loc[(t, "All levels"), :] = row
    by.loc[("All staff", "All levels"), :] = h[col].value_counts().reindex(list(groups), fill_value=0)
    senior = h[h["pay_band"].isin(SENIOR)]
    by.loc[("All staff", "Bands 8a and above and VSM"), :] = senior[col].value_counts().reindex(
        list(groups), fill_value=0)
    by = by.astype(int)
    by["total"] = by[list(groups)].sum(axis=1)
    return by


def rep_rows(res) -> pd.DataFrame:
    r = res.representation
    return r[r["years"].astype(str) == str(YEAR)].set_index(["staff_type", "level"])


def test_wres_1_counts(raw, wres_res):
    exp = representation_expected(raw, "eth", WRES_GROUPS, wres_level)
    got = rep_rows(wres_res)
    # Every level present in the clinical and non-clinical tables is a level of ours, and vice versa.
    for t in ("Non-clinical", "Clinical"):
        assert set(got.loc[t].index) == set(exp.loc[t].index)
    cols = [*WRES_GROUPS, "total"]
    mine = {k: tuple(int(v) for v in row) for k, row in exp[cols].iterrows()}
    theirs = {k: tuple(int(got.loc[k, c]) for c in cols) for k in exp.index}
    assert theirs == mine


def test_wres_1_whole_workforce(raw, wres_res):
    h = raw.headcount(YEAR)
    got = rep_rows(wres_res).loc[("All staff", "All levels")]
    counts = h["eth"].value_counts()
    assert (int(got["White"]), int(got["BME"]), int(got["Unknown"]), int(got["total"])) == (
        counts["White"], counts["BME"], counts["Unknown"], len(h))


def test_wres_1_percentages(raw, wres_res):
    exp = representation_expected(raw, "eth", WRES_GROUPS, wres_level)
    got = rep_rows(wres_res)
    overall_bme = exp.at[("All staff", "All levels"), "BME"] / exp.at[("All staff", "All levels"), "total"] * 100
    for key, row in exp.iterrows():
        for g in WRES_GROUPS:
            assert got.at[key, f"pct_{g}"] == approx(row[g] / row["total"] * 100), (key, g)
        assert got.at[key, "diff_pp"] == approx(row["BME"] / row["total"] * 100 - overall_bme), key


def wdes_level(band: str) -> int:
    assert band in CLUSTERS, band
    return CLUSTERS[band]


def test_wdes_1_counts_and_percentages(raw, wdes_res):
    exp = representation_expected(raw, "dis", WDES_GROUPS, wdes_level)
    got = rep_rows(wdes_res)
    # The package labels clusters "Cluster k: ..."; map our cluster numbers onto its labels.
    labels = {}
    for t, level in got.index:
        if str(level).startswith("Cluster "):
            labels[(t, int(str(level).split()[1].rstrip(":")))] = (t, level)
        else:
            labels[(t, level)] = (t, level)
    for t in ("Non-clinical", "Clinical"):
        assert {k for k in labels if k[0] == t} == {(t, lv) for lv in exp.loc[t].index}
    cols = [*WDES_GROUPS, "total"]
    for key, row in exp.iterrows():
        g = got.loc[labels[key]]
        assert tuple(int(g[c]) for c in cols) == tuple(int(row[c]) for c in cols), key
        for grp in WDES_GROUPS:
            assert g[f"pct_{grp}"] == approx(row[grp] / row["total"] * 100), (key, grp)


# ---------------------------------------------------------------------------------------------------------
# Indicators 2-4 (WRES) and metrics 2-3 (WDES): relative likelihoods (sections 2-4, 8)
# ---------------------------------------------------------------------------------------------------------

STD = {"WRES": ("eth", "BME", "White"), "WDES": ("dis", "Disabled", "Non-disabled")}
CASE_TYPE = {"WRES": "disciplinary", "WDES": "capability-performance"}


def shortlisting(raw: Raw, standard: str, year: int) -> dict:
    """Indicator 2 / metric 2: appointed / shortlisted per group; appointed-not-shortlisted rows dropped."""
    col, focus, ref = STD[standard]
    r = raw.read("recruitment", year)
    r = r[financial_year(r["application_date"], year)]
    sl, ap = truthy(r["shortlisted"]), truthy(r["appointed"])
    bad = ap & ~sl
    r = r[~bad]
    sl, ap = sl[~bad], ap[~bad]
    counts = {g: (int((ap & sl & (r[col] == g)).sum()), int((sl & (r[col] == g)).sum())) for g in (focus, ref)}
    # Orientation: the reference group's rate on top (> 1: reference more likely to be appointed).
    return {"focus_events": counts[focus][0], "focus_n": counts[focus][1],
            "reference_events": counts[ref][0], "reference_n": counts[ref][1], "dropped": int(bad.sum()),
            "rl_ci": katz(*counts[ref], *counts[focus])}


def entries(raw: Raw, standard: str, year: int) -> dict:
    """Indicator 3 / metric 3: people of the 31 March headcount who entered the formal process in the
    financial year, each person once; headcount excludes bank-only workers, so the entrants do too."""
    col, focus, ref = STD[standard]
    h = raw.headcount(year)
    er = raw.read("employee_relations", year)
    er = er[(er["case_type"] == CASE_TYPE[standard]) & financial_year(er["start_date"], year)]
    entered = h[h["staff_id"].isin(set(er["staff_id"]))]
    return {g: (int((entered[col] == g).sum()), int((h[col] == g).sum())) for g in (focus, ref)}


def training(raw: Raw, year: int) -> dict:
    """Indicator 4: people of the headcount with >= 1 non-mandatory activity in the financial year."""
    col, focus, ref = STD["WRES"]
    h = raw.headcount(year)
    t = raw.read("training", year)
    t = t[truthy(t["non_mandatory"]) & financial_year(t["activity_date"], year)]
    trained = h[h["staff_id"].isin(set(t["staff_id"]))]
    return {g: (int((trained[col] == g).sum()), int((h[col] == g).sum())) for g in (focus, ref)}


def rl_row(res, standard: str, indicator: str, years: str, basis: str = "year") -> pd.Series:
    _, focus, ref = STD[standard]
    return one(res.likelihoods, indicator=indicator, focus=focus, reference=ref, subgroup="All staff",
               split="all", basis=basis, years=years)


def check_rl(got: pd.Series, counts: dict, rl_ci: tuple):
    assert {k: int(got[k]) for k in counts} == counts
    rl, low, high, exact = rl_ci
    assert (got["rl"], got["low"], got["high"]) == (approx(rl), approx(low), approx(high))
    # Section 8: RL in [0.80, 1.25] inclusive, on the unrounded ratio: decided on the exact ratio of counts.
    assert bool(got["within_range"]) == (Fraction(4, 5) <= exact <= Fraction(5, 4))
    assert bool(got["significant"]) == (low > 1 or high < 1)


@pytest.mark.parametrize("standard", ("WRES", "WDES"))
def test_indicator_2_shortlisting(raw, wres_res, wdes_res, standard):
    res = {"WRES": wres_res, "WDES": wdes_res}[standard]
    exp = shortlisting(raw, standard, YEAR)
    got = rl_row(res, standard, "2", str(YEAR))
    assert int(got["dropped"]) == exp.pop("dropped")
    check_rl(got, {k: v for k, v in exp.items() if k != "rl_ci"}, exp["rl_ci"])


def window(params) -> tuple[int, ...]:
    n = int(params.get("rl_window_years", 2))
    return tuple(range(YEAR - n + 1, YEAR + 1))


def rl3_expected(raw, standard, years) -> tuple[dict, tuple]:
    """Pooled counts over the window (section 4 rule 1); focus's rate on top (> 1: focus more likely)."""
    _, focus, ref = STD[standard]
    per_year = [entries(raw, standard, y) for y in years]
    fe, fn = (sum(c[focus][i] for c in per_year) for i in (0, 1))
    re_, rn = (sum(c[ref][i] for c in per_year) for i in (0, 1))
    counts = {"focus_events": fe, "focus_n": fn, "reference_events": re_, "reference_n": rn}
    return counts, katz(fe, fn, re_, rn)


@pytest.mark.parametrize("standard", ("WRES", "WDES"))
def test_indicator_3_pooled_window(raw, params, wres_res, wdes_res, standard):
    res = {"WRES": wres_res, "WDES": wdes_res}[standard]
    years = window(params)
    assert tuple(res.window) == years
    label = f"{years[0]}-{years[-1]}" if len(years) > 1 else str(years[0])
    counts, rl_ci = rl3_expected(raw, standard, years)
    check_rl(rl_row(res, standard, "3", label, basis="pooled"), counts, rl_ci)


@pytest.mark.parametrize("standard", ("WRES", "WDES"))
@pytest.mark.parametrize("year", (YEAR - 1, YEAR))
def test_indicator_3_single_years(raw, wres_res, wdes_res, standard, year):
    res = {"WRES": wres_res, "WDES": wdes_res}[standard]
    counts, rl_ci = rl3_expected(raw, standard, (year,))
    check_rl(rl_row(res, standard, "3", str(year)), counts, rl_ci)


def test_indicator_4_training(raw, wres_res):
    c = training(raw, YEAR)
    counts = {"focus_events": c["BME"][0], "focus_n": c["BME"][1],
              "reference_events": c["White"][0], "reference_n": c["White"][1]}
    check_rl(rl_row(wres_res, "WRES", "4", str(YEAR)), counts, katz(*c["White"], *c["BME"]))


# ---------------------------------------------------------------------------------------------------------
# Staff survey, All staff (section 5): survey fielded in the autumn before the report year
# ---------------------------------------------------------------------------------------------------------

SURVEY_MEASURES = ("harassment_public", "harassment_managers", "harassment_colleagues", "discrimination_public",
                   "discrimination_staff", "violence_public", "violence_managers", "violence_colleagues")


@pytest.mark.parametrize("measure", SURVEY_MEASURES)
def test_survey_all_staff(raw, hia6, measure):
    survey_year = YEAR - 1
    items = yaml.safe_load((ROOT / "src" / "edi_analysis" / "metrics" / "nss_items" /
                            f"nss_items_{survey_year}.yaml").read_text())
    question = items["measures"][measure]["question"]
    s = raw.read("staff_survey", YEAR)
    row = s[(s["year"] == str(survey_year)) & (s["question"].str.lower() == question.lower())
            & (s["group_dimension"] == "All staff")]
    assert len(row) == 1
    n, x = int(row["responses"].iloc[0]), int(row["positive_responses"].iloc[0])
    got = one(hia6.survey, survey_year=survey_year, measure=measure, dimension="All staff")
    assert (int(got["responses"]), int(got["positive"])) == (n, x)
    low, high = wilson(x, n)
    assert (got["pct"], got["low"], got["high"]) == (approx(x / n * 100), approx(low), approx(high))


# ---------------------------------------------------------------------------------------------------------
# Indicator 3 when a case is about someone outside the headcount (not in SYN06 as generated)
# ---------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def outsiders(synthetic_root, tmp_path_factory):
    """SYN06 with four cases added to 2025-26: a disciplinary and a capability (performance) case each for a
    BME disabled bank-only worker (in the staff file, bank = TRUE) and a BME disabled leaver (in the 2025
    staff file, not the 2026 one). Neither is in the 31 March 2026 headcount (section 2: bank excluded)."""
    folder = tmp_path_factory.mktemp("outsiders") / TRUST
    shutil.copytree(synthetic_root / TRUST, folder)
    raw = Raw(folder)
    s26, s25 = raw.staff(YEAR), raw.staff(YEAR - 1)
    bme_disabled = (s26["eth"] == "BME") & (s26["dis"] == "Disabled")
    bank = s26[bme_disabled & s26["bank_b"]].iloc[0]
    left = s25[(s25["eth"] == "BME") & (s25["dis"] == "Disabled") & ~s25["bank_b"]
               & ~s25["staff_id"].isin(s26["staff_id"])].iloc[0]
    path = folder / str(YEAR) / "employee_relations.csv"
    er = pd.read_csv(path, dtype=str, keep_default_na=False)
    people = [(p, case) for p in (bank, left) for case in ("disciplinary", "capability-performance")]
    added = [{"case_id": f"OUTSIDER-{i}", "staff_id": p["staff_id"], "case_type": case,
              "start_date": f"{YEAR - 1}-06-01", "sex": p["sex"], "ethnic_code": p["ethnic_code"],
              "disability": p["disability"]} for i, (p, case) in enumerate(people)]
    pd.concat([er, pd.DataFrame(added)]).to_csv(path, index=False)
    data = load_trust(TRUST, YEAR, params_dir=ROOT / "params", data_dir=folder)
    return Raw(folder), {s: standards.compute(data, s) for s in ("WRES", "WDES")}


@pytest.mark.parametrize("standard", ("WRES", "WDES"))
def test_indicator_3_outsiders_headcount(outsiders, standard):
    raw, res = outsiders
    counts, _ = rl3_expected(raw, standard, (YEAR,))
    got = rl_row(res[standard], standard, "3", str(YEAR))
    assert (int(got["focus_n"]), int(got["reference_n"])) == (counts["focus_n"], counts["reference_n"])


@pytest.mark.parametrize("standard", ("WRES", "WDES"))
def test_indicator_3_outsiders_entrants(outsiders, standard):
    """Entrants are people of the headcount: the bank worker's and the leaver's cases are not counted
    (L = entered / headcount, section 2 indicator 3; section 3 metric 3 likewise)."""
    raw, res = outsiders
    counts, rl_ci = rl3_expected(raw, standard, (YEAR,))
    check_rl(rl_row(res[standard], standard, "3", str(YEAR)), counts, rl_ci)


@pytest.fixture(scope="module")
def boundary(synthetic_root, tmp_path_factory):
    """SYN06 with 2025-26 recruitment replaced by 80 shortlisted applicants: 20 White non-disabled, 12 of them
    appointed, and 20 BME disabled, 15 appointed. Both indicator 2 and metric 2 are then exactly
    (12/20) / (15/20) = 4/5, the lower end of the non-adverse range (inclusive)."""
    folder = tmp_path_factory.mktemp("boundary") / TRUST
    shutil.copytree(synthetic_root / TRUST, folder)
    applicants = [(code, dis, k < hired) for code, dis, hired in (("A", "No", 12), ("H", "Yes", 15))
                  for k in range(20)]
    rows = [{"application_id": f"B{i:03d}", "application_date": f"{YEAR - 1}-10-01", "sex": "Female",
             "ethnic_code": code, "disability": dis, "shortlisted": "TRUE", "appointed": str(hired).upper()}
            for i, (code, dis, hired) in enumerate(applicants)]
    pd.DataFrame(rows).to_csv(folder / str(YEAR) / "recruitment.csv", index=False)
    data = load_trust(TRUST, YEAR, params_dir=ROOT / "params", data_dir=folder)
    return Raw(folder), {s: standards.compute(data, s) for s in ("WRES", "WDES")}


@pytest.mark.parametrize("standard", ("WRES", "WDES"))
def test_indicator_2_boundary_counts_and_ratio(boundary, standard):
    raw, res = boundary
    exp = shortlisting(raw, standard, YEAR)
    got = rl_row(res[standard], standard, "2", str(YEAR))
    assert exp["rl_ci"][3] == Fraction(4, 5)
    assert {k: int(got[k]) for k in ("focus_events", "focus_n", "reference_events", "reference_n")} == {
        "focus_events": 15, "focus_n": 20, "reference_events": 12, "reference_n": 20}
    assert got["rl"] == approx(0.8)


@pytest.mark.parametrize("standard", ("WRES", "WDES"))
def test_indicator_2_boundary_within_range(boundary, standard):
    """An RL of exactly 0.80 is within the non-adverse range (section 8: inclusive, unrounded)."""
    _, res = boundary
    assert bool(rl_row(res[standard], standard, "2", str(YEAR))["within_range"]) is True
