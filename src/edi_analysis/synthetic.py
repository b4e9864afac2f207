"""Fictional NHS trusts with realistic workforce data, deterministic from a seed.

Run ``python -m edi_analysis.synthetic`` to (re)build ``data/synthetic/``.
Every trust is invented; no real person's data is used. Each trust is a
cohort simulated over five snapshot years: people join, leave and are
promoted, and pay follows Agenda for Change and medical pay scales. The
inequalities the reports must find are built in on purpose:

- BME staff are concentrated in lower bands and promoted less often;
- women are over-represented in lower-paid occupations, men among consultants
  and Clinical Excellence Award holders;
- disabled staff report more harassment in the staff survey, while only
  about 5% declare a disability on the staff record against about a quarter
  in the survey;
- some ethnicity is unknown, more so in the smaller trusts;
- one trust's BME share is driven by international recruitment into band 5
  nursing and medical posts (the "false positive" that aggregation hides).

The CSV files follow the data contract (``docs/data-contract/``).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

__all__ = ["TrustProfile", "PROFILES", "YEARS", "generate_trust", "write_trust", "main"]

#: Snapshot years (31 March). Survey files in folder Y hold the survey fielded in autumn Y-1.
YEARS: tuple[int, ...] = (2022, 2023, 2024, 2025, 2026)
SEED = 20260331

# Annual pay points, 2024/25 Agenda for Change and medical scales (GBP). Staff sit on discrete points, so
# many share a rate: the statutory tie rule at quartile boundaries matters here as in real data.
_PAY_POINTS: dict[str, tuple[float, ...]] = {
    "1": (23615,), "2": (23615,), "3": (24071, 25674), "4": (26530, 29114),
    "5": (29970, 32324, 36483), "6": (37338, 39405, 44962), "7": (46148, 48526, 52809),
    "8a": (53755, 60504), "8b": (62215, 72293), "8c": (74290, 85601), "8d": (88168, 101677),
    "9": (105385, 121271),
    "VSM": (125000, 140000, 155000, 170000, 190000, 215000),
    "Medical consultant": (105504, 111714, 118208, 131816, 139882),
    "Medical career grade": (59175, 65576, 71966, 80487, 88208, 95400),
    "Medical trainee": (36616, 42008, 49909, 63152, 70425),
}
# Pay scale in force in March of each snapshot year, relative to 2024/25.
_PAY_INDEX = {2022: 0.877, 2023: 0.903, 2024: 0.948, 2025: 1.0, 2026: 1.036}
_WEEKS = 52.143
_BAND_ORDER = ["1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9"]
# Log-odds shift of being BME, by band: lower bands and band 5 above the trust's average, senior bands below.
_BME_BAND_EFFECT = {
    "1": 0.3, "2": 0.35, "3": 0.2, "4": 0.0, "5": 0.55, "6": 0.05, "7": -0.35, "8a": -0.6, "8b": -0.8,
    "8c": -1.1, "8d": -1.2, "9": -1.4, "VSM": -1.3, "Medical consultant": 0.45,
    "Medical career grade": 1.3, "Medical trainee": 0.9,
}

# Occupations: staff group, share of the group's staff by trust type, band mix, share of women.
_OCCUPATIONS: dict[str, dict] = {
    "Nursing and midwifery": dict(group="Clinical", bands={"5": 45, "6": 30, "7": 17, "8a": 5.5, "8b": 1.8, "8c": 0.7}, female=0.89),
    "Healthcare support": dict(group="Clinical", bands={"2": 30, "3": 50, "4": 20}, female=0.86),
    "Allied health professionals": dict(group="Clinical", bands={"5": 20, "6": 40, "7": 29, "8a": 8, "8b": 2.5, "8c": 0.5}, female=0.80),
    "Scientific and technical": dict(group="Clinical", bands={"4": 15, "5": 20, "6": 25, "7": 25, "8a": 10, "8b": 4, "8c": 1}, female=0.64),
    "Ambulance": dict(group="Clinical", bands={"3": 22, "4": 20, "5": 24, "6": 29, "7": 5}, female=0.46),
    "Administrative and clerical": dict(group="Non-clinical", bands={"2": 10, "3": 34, "4": 25, "5": 10, "6": 7, "7": 6, "8a": 3.5, "8b": 2.2, "8c": 1.2, "8d": 0.7, "9": 0.4}, female=0.77),
    "Estates and ancillary": dict(group="Non-clinical", bands={"1": 4, "2": 60, "3": 20, "4": 8, "5": 5, "6": 2, "7": 1}, female=0.55),
    "Medical and dental": dict(group="Medical and dental", bands={"Medical consultant": 40, "Medical career grade": 15, "Medical trainee": 45}, female=0.44),
}
_OCC_MIX: dict[str, dict[str, float]] = {
    "Acute": {"Nursing and midwifery": 30, "Healthcare support": 15, "Allied health professionals": 7, "Scientific and technical": 6, "Administrative and clerical": 20, "Estates and ancillary": 8, "Medical and dental": 14},
    "Community": {"Nursing and midwifery": 33, "Healthcare support": 17, "Allied health professionals": 15, "Scientific and technical": 3, "Administrative and clerical": 24, "Estates and ancillary": 5, "Medical and dental": 3},
    "Mental health": {"Nursing and midwifery": 28, "Healthcare support": 22, "Allied health professionals": 8, "Scientific and technical": 8, "Administrative and clerical": 22, "Estates and ancillary": 6, "Medical and dental": 6},
    "Ambulance": {"Ambulance": 62, "Administrative and clerical": 24, "Estates and ancillary": 8, "Nursing and midwifery": 5, "Medical and dental": 1},
    "Specialist": {"Nursing and midwifery": 30, "Healthcare support": 9, "Allied health professionals": 7, "Scientific and technical": 12, "Administrative and clerical": 20, "Estates and ancillary": 4, "Medical and dental": 18},
}
_DIRECTORATES = {
    "Clinical": ["Medicine", "Surgery", "Women and children", "Community services", "Clinical support"],
    "Non-clinical": ["Corporate", "Estates and facilities", "Finance", "People", "Digital"],
    "Medical and dental": ["Medicine", "Surgery", "Women and children", "Clinical support"],
}
_DETAILED_BY_GROUP = {
    "White": (["A", "B", "C"], [0.82, 0.03, 0.15]),
    "Mixed": (["D", "E", "F", "G"], [0.3, 0.2, 0.3, 0.2]),
    "Asian": (["H", "J", "K", "L", "R"], [0.38, 0.22, 0.1, 0.25, 0.05]),
    "Black": (["M", "N", "P"], [0.22, 0.68, 0.1]),
    "Other": (["S"], [1.0]),
}
_RELIGION_BY_GROUP = {
    "White": (["Christianity", "Atheism", "Not declared", "Other", "Judaism", "Buddhism"], [0.48, 0.3, 0.15, 0.04, 0.015, 0.015]),
    "Mixed": (["Christianity", "Atheism", "Islam", "Not declared", "Other"], [0.38, 0.3, 0.1, 0.17, 0.05]),
    "Asian": (["Islam", "Hinduism", "Christianity", "Sikhism", "Not declared", "Buddhism", "Other"], [0.33, 0.28, 0.2, 0.05, 0.1, 0.02, 0.02]),
    "Black": (["Christianity", "Islam", "Not declared", "Atheism", "Other"], [0.72, 0.1, 0.1, 0.05, 0.03]),
    "Other": (["Islam", "Christianity", "Not declared", "Atheism", "Other"], [0.35, 0.3, 0.15, 0.1, 0.1]),
    "Unknown": (["Not declared", "Christianity", "Atheism"], [0.7, 0.2, 0.1]),
}
_ORIENTATIONS = (["Heterosexual or Straight", "Gay or Lesbian", "Bisexual", "Other sexual orientation", "Not declared"], [0.875, 0.025, 0.018, 0.004, 0.078])
_AGE_BANDS = ["16-24", "25-34", "35-44", "45-54", "55-64", "65+"]


@dataclass(frozen=True)
class TrustProfile:
    """What makes one fictional trust distinct."""

    code: str
    name: str
    trust_type: str
    region: str
    system: str
    headcount: int
    bme_share: float  # among staff with known ethnicity, first year
    bme_drift: float  # change in the joiners' BME share per year
    bme_mix: dict[str, float]  # Mixed/Asian/Black/Other shares among BME
    international: float  # share of new band 5 nurses and doctors recruited from overseas
    unknown_ethnicity: float
    la_codes: tuple[str, ...]  # real local authorities the catchment is modelled on
    description: str
    survey_climate: float = 1.0  # multiplies harassment rates
    bank_share: float = 0.07
    seed_offset: int = 0
    extra: dict = field(default_factory=dict)


PROFILES: tuple[TrustProfile, ...] = (
    TrustProfile("SYN01", "Northgate University Hospitals NHS Foundation Trust", "Acute", "London",
                 "North Thames ICS (fictional)", 9000, 0.52, 0.008,
                 {"Asian": 0.42, "Black": 0.38, "Mixed": 0.08, "Other": 0.12}, 0.35, 0.03,
                 ("E09000025", "E09000030", "E09000012"),
                 "A large acute teaching trust in a very diverse city.", 1.1,
                 extra={"targets": ({"characteristic": "sex", "measure": "median_gap", "target": 8.0, "target_year": 2028,
                                     "baseline_year": 2022},
                                    {"characteristic": "ethnicity", "measure": "median_gap", "target": 0.0,
                                     "target_year": 2030, "baseline_year": 2023}),
                        "hia6": ({"measure": "harassment_colleagues", "group": "all staff", "baseline_year": 2022,
                                  "target_year": 2026, "relative_reduction": 0.15},
                                 {"measure": "harassment_staff", "type": "gap", "dimension": "Ethnicity", "focus": "BME",
                                  "reference": "White", "baseline_year": 2022, "target_year": 2027,
                                  "target_gap_pp": 0.0})}),
    TrustProfile("SYN02", "Fellside Community Health NHS Trust", "Community", "North West",
                 "Lakes and Fells ICS (fictional)", 1400, 0.04, 0.004,
                 {"Asian": 0.45, "Black": 0.2, "Mixed": 0.25, "Other": 0.1}, 0.05, 0.08,
                 ("E07000028", "E07000030"),
                 "A small rural community trust with low ethnic diversity.", 0.85),
    TrustProfile("SYN03", "Riverside Mental Health NHS Foundation Trust", "Mental health", "Midlands",
                 "Riverside ICS (fictional)", 4200, 0.31, 0.01,
                 {"Asian": 0.4, "Black": 0.42, "Mixed": 0.1, "Other": 0.08}, 0.15, 0.04,
                 ("E06000016", "E07000135"),
                 "A mental health trust with many Black staff in lower bands.", 1.2),
    TrustProfile("SYN04", "Moorland Ambulance Service NHS Trust", "Ambulance", "North East and Yorkshire",
                 "Moorland ICS (fictional)", 4800, 0.055, 0.004,
                 {"Asian": 0.5, "Black": 0.2, "Mixed": 0.22, "Other": 0.08}, 0.02, 0.05,
                 ("E08000035", "E08000036", "E06000014"),
                 "An ambulance trust with low diversity and high violence from the public.", 1.4,
                 extra={"hia6": ({"measure": "violence_public", "group": "all staff", "baseline_year": 2022,
                                  "target_year": 2027, "annual_reduction": 0.05},)}),
    TrustProfile("SYN05", "Harbourview Specialist Hospital NHS Foundation Trust", "Specialist", "London",
                 "North Thames ICS (fictional)", 2600, 0.36, 0.008,
                 {"Asian": 0.5, "Black": 0.28, "Mixed": 0.1, "Other": 0.12}, 0.25, 0.03,
                 ("E09000007", "E09000033"),
                 "A specialist trust with a large medical workforce and many award holders.", 0.9),
    TrustProfile("SYN06", "Millbrook Hospitals NHS Trust", "Acute", "North West",
                 "Lakes and Fells ICS (fictional)", 5200, 0.14, 0.03,
                 {"Asian": 0.62, "Black": 0.3, "Mixed": 0.04, "Other": 0.04}, 0.75, 0.04,
                 ("E06000008", "E08000001"),
                 "A town acute trust whose rising BME share comes from international recruitment.", 1.05,
                 extra={"targets": ({"characteristic": "sex", "measure": "mean_gap", "target": 20.0, "target_year": 2027,
                                     "baseline_year": 2022},),
                        "disciplinary_bme_uk": 2.8, "disciplinary_intl": 0.1}),
    TrustProfile("SYN07", "Kingsmead Teaching Hospitals NHS Trust", "Acute", "Midlands",
                 "Riverside ICS (fictional)", 7600, 0.38, 0.01,
                 {"Asian": 0.6, "Black": 0.25, "Mixed": 0.08, "Other": 0.07}, 0.3, 0.035,
                 ("E08000025", "E08000029"),
                 "A teaching trust in a large, diverse Midlands city.", 1.0),
    TrustProfile("SYN08", "Saltmarsh Community and Mental Health NHS Trust", "Community", "East of England",
                 "Saltmarsh ICS (fictional)", 3000, 0.11, 0.006,
                 {"Asian": 0.45, "Black": 0.3, "Mixed": 0.15, "Other": 0.1}, 0.12, 0.06,
                 ("E07000076", "E07000149"),
                 "A coastal community and mental health trust.", 1.1,
                 extra={"targets": ({"characteristic": "disability", "measure": "median_gap", "target": 0.0,
                                     "target_year": 2028, "baseline_year": 2024},)}),
)


def _stable_seed(code: str) -> int:
    return SEED + int(hashlib.sha256(code.encode()).hexdigest()[:8], 16) % 100_000


def _choice(rng: np.random.Generator, options: list[str], p: list[float] | np.ndarray, n: int) -> np.ndarray:
    p = np.asarray(p, float)
    return rng.choice(np.asarray(options, dtype=object), size=n, p=p / p.sum())


def _logit(p: float) -> float:
    return float(np.log(p / (1 - p)))


def _new_people(rng: np.random.Generator, prof: TrustProfile, n: int, year: int, start_id: int,
                joiners: bool) -> pd.DataFrame:
    """Draw ``n`` people for a trust: job first, then sex, ethnicity and the rest given the job."""
    mix = _OCC_MIX[prof.trust_type]
    occ = _choice(rng, list(mix), list(mix.values()), n)
    band = np.empty(n, dtype=object)
    female = np.zeros(n, bool)
    for o in np.unique(occ):
        idx = np.flatnonzero(occ == o)
        spec = _OCCUPATIONS[o]
        band[idx] = _choice(rng, list(spec["bands"]), list(spec["bands"].values()), len(idx))
        p_f = np.full(len(idx), spec["female"])
        senior = np.isin(band[idx], ["7", "8a", "8b", "8c", "8d", "9", "Medical consultant"])
        p_f[senior] -= np.where(np.isin(band[idx][senior], ["7", "8a"]), 0.05, 0.15)  # women thin out at the top
        female[idx] = rng.random(len(idx)) < p_f
    # A few very senior managers on VSM pay.
    n_vsm = max(1, round(n * 0.0012)) if not joiners else int(rng.random() < n * 0.001)
    vsm_idx = rng.choice(np.flatnonzero(occ == "Administrative and clerical"), size=min(n_vsm, int((occ == "Administrative and clerical").sum())), replace=False)
    band[vsm_idx] = "VSM"
    staff_group = np.array([_OCCUPATIONS[o]["group"] for o in occ], dtype=object)

    years_on = year - YEARS[0]
    target = min(0.9, prof.bme_share + (prof.bme_drift * years_on if joiners else 0.0))
    effect = np.array([_BME_BAND_EFFECT[b] for b in band])
    offset = _logit(target) - float(np.mean(effect))
    for _ in range(30):  # calibrate so the overall share meets the target
        share = float(np.mean(1 / (1 + np.exp(-(offset + effect)))))
        offset += _logit(target) - _logit(min(max(share, 1e-6), 1 - 1e-6))
    bme = rng.random(n) < 1 / (1 + np.exp(-(offset + effect)))
    intl_eligible = (bme & ((occ == "Nursing and midwifery") & (band == "5") | np.isin(band, ["Medical career grade", "Medical trainee"])))
    intl = intl_eligible & (rng.random(n) < min(0.95, prof.international * (2.2 if joiners else 1.0)))
    group5 = np.full(n, "White", dtype=object)
    group5[bme] = _choice(rng, list(prof.bme_mix), list(prof.bme_mix.values()), int(bme.sum()))
    # International recruits come mostly from India, the Philippines and Nigeria.
    group5[intl] = _choice(rng, ["Asian", "Black"], [0.65, 0.35], int(intl.sum()))
    code = np.empty(n, dtype=object)
    for g, (codes, p) in _DETAILED_BY_GROUP.items():
        idx = np.flatnonzero(group5 == g)
        code[idx] = _choice(rng, codes, p, len(idx))
    philippines = intl & (group5 == "Asian") & (rng.random(n) < 0.45)
    code[philippines] = "L"
    unknown = rng.random(n) < prof.unknown_ethnicity
    code[unknown] = _choice(rng, ["Z", "99", ""], [0.4, 0.3, 0.3], int(unknown.sum()))
    group5[unknown] = "Unknown"

    # True disability ~ 22%; few declare it on ESR (about 5% "Yes").
    disabled = rng.random(n) < np.where(np.isin(band, ["1", "2", "3", "4"]), 0.25, 0.2)
    declared = rng.random(n)
    disability = np.where(disabled & (declared < 0.23), "Yes",
                          np.where(declared < 0.17, _choice(rng, ["Not declared", "Prefer not to say", ""], [0.6, 0.15, 0.25], n), "No"))
    age_p = np.where(np.isin(band, ["Medical trainee", "5", "2", "3"])[:, None],
                     [0.14, 0.33, 0.22, 0.17, 0.12, 0.02], [0.03, 0.17, 0.27, 0.28, 0.22, 0.03])
    age_idx = (rng.random(n)[:, None] > np.cumsum(age_p, axis=1)).sum(axis=1)
    religion = np.empty(n, dtype=object)
    for g, (opts, p) in _RELIGION_BY_GROUP.items():
        idx = np.flatnonzero(group5 == g)
        religion[idx] = _choice(rng, opts, p, len(idx))
    orientation = _choice(rng, *_ORIENTATIONS, n)
    tenure = rng.exponential(1.2 if joiners else 8.0, n).clip(0, 40)
    if joiners:
        tenure = rng.uniform(0, 1, n)
    start = pd.Timestamp(f"{year}-03-31") - pd.to_timedelta((tenure * 365.25).astype(int), unit="D")
    part_time = rng.random(n) < np.where(female, 0.33, 0.1)
    hours = np.where(band == "VSM", 37.5, np.where(staff_group == "Medical and dental", 40.0, 37.5))
    hours = np.where(part_time, np.round(hours * rng.choice([0.4, 0.5, 0.6, 0.8], n), 1), hours)
    bank = rng.random(n) < prof.bank_share
    hours = np.where(bank, 0.0, hours)
    return pd.DataFrame({
        "staff_id": [f"{prof.code}-{i:06d}" for i in range(start_id, start_id + n)],
        "sex": np.where(female, "Female", "Male"),
        "ethnic_code": code,
        "disability": disability,
        "age_band": np.array(_AGE_BANDS, dtype=object)[age_idx],
        "religion": religion,
        "sexual_orientation": orientation,
        "pay_band": band,
        "staff_group": staff_group,
        "occupation": occ,
        "directorate": [rng.choice(_DIRECTORATES[g]) for g in staff_group],
        "bank": bank,
        "contracted_hours": hours,
        "international_recruit": intl,
        "start_date": start.strftime("%Y-%m-%d"),
        # Hidden state used to simulate; dropped before writing.
        "_group5": group5,
        "_disabled": disabled,
        "_point": rng.uniform(0, 1, n) if not joiners else rng.uniform(0, 0.3, n),
        "_enhance": np.where(np.isin(occ, ["Nursing and midwifery", "Healthcare support", "Ambulance"]) & ~bank,
                             rng.choice([0, 0.05, 0.12, 0.2], n, p=[0.35, 0.25, 0.25, 0.15]) * rng.uniform(0.6, 1.4, n),
                             0.0),
        "_award": np.zeros(n),
        "_award_type": np.full(n, "", dtype=object),
    })


def _promote(rng: np.random.Generator, staff: pd.DataFrame) -> pd.DataFrame:
    """Move some AfC staff up one band; White staff are promoted more often (built-in inequality)."""
    afc = staff["pay_band"].isin(_BAND_ORDER[:-1]) & ~staff["bank"]
    p = np.where(staff["_group5"].isin(["White"]), 0.075, 0.045)
    move = afc & (rng.random(len(staff)) < p)
    nxt = {b: _BAND_ORDER[i + 1] for i, b in enumerate(_BAND_ORDER[:-1])}
    staff.loc[move, "pay_band"] = staff.loc[move, "pay_band"].map(nxt)
    staff.loc[move, "_point"] = 0.0
    return staff


def _awards(rng: np.random.Generator, staff: pd.DataFrame, year: int) -> None:
    """Clinical Excellence Awards (legacy local, national) and National Clinical Impact Awards for consultants."""
    cons = (staff["pay_band"] == "Medical consultant").to_numpy()
    male = (staff["sex"] == "Male").to_numpy()
    white = (staff["_group5"] == "White").to_numpy()
    new = cons & (staff["_award"].to_numpy() == 0)
    p = np.where(male, 0.34, 0.22) * np.where(white, 1.15, 0.8)
    draw = rng.random(len(staff))
    local = new & (draw < p * 0.85)
    ncia = new & (draw >= p * 0.85) & (draw < p)
    # Men hold more of the higher award levels.
    levels = np.array([3016, 6032, 9048, 12064, 15080, 18096, 24128, 30160, 36192])
    p_men = np.array([0.16, 0.16, 0.15, 0.13, 0.11, 0.1, 0.09, 0.06, 0.04])
    p_women = np.array([0.3, 0.25, 0.15, 0.1, 0.08, 0.06, 0.03, 0.02, 0.01])
    for is_male, p_level in ((True, p_men), (False, p_women)):
        idx = local & (male == is_male)
        staff.loc[idx, "_award"] = rng.choice(levels, int(idx.sum()), p=p_level)
    staff.loc[local, "_award_type"] = "Local CEA"
    staff.loc[ncia, "_award"] = rng.choice([20000, 30000, 40000], int(ncia.sum()), p=[0.5, 0.35, 0.15])
    staff.loc[ncia, "_award_type"] = "NCIA"
    # Awards are lost by those who leave consultant posts (handled by leaving) and eroded in value over time.
    staff.loc[~cons, ["_award"]] = 0.0
    staff.loc[~cons, "_award_type"] = ""


def _pay(rng: np.random.Generator, staff: pd.DataFrame, year: int) -> pd.DataFrame:
    points = staff["pay_band"].map(_PAY_POINTS)
    lo = points.map(lambda p: p[0]).to_numpy(float)
    # _point in [0, 1] is seniority within the band; it picks one of the band's pay points.
    annual = np.array([p[min(len(p) - 1, int(f * len(p)))] for p, f in zip(points, staff["_point"])]) * _PAY_INDEX[year]
    rate = annual * (1 + staff["_enhance"].to_numpy()) / _WEEKS / 37.5
    bank = staff["bank"].to_numpy()
    worked_march = rng.random(len(staff)) < 0.6
    full_pay = rng.random(len(staff)) > np.where(staff["sex"] == "Female", 0.05, 0.025)
    out = staff.copy()
    out["hourly_rate"] = np.where(bank & ~worked_march, np.nan, np.round(np.where(bank, lo * _PAY_INDEX[year] / _WEEKS / 37.5, rate), 2))
    out["full_pay_relevant"] = np.where(bank & ~worked_march, True, full_pay)
    # Awards are paid pro rata to programmed activities, so part-time consultants (mostly women) get less.
    fraction = np.where(staff["contracted_hours"] > 0, np.minimum(1.0, staff["contracted_hours"] / 40.0), 1.0)
    award = staff["_award"].to_numpy() * _PAY_INDEX[year] * fraction
    out["bonus_pay_12m"] = np.round(award, 2)
    out["bonus_award_type"] = np.where(award > 0, staff["_award_type"], "")
    return out


def _survey(rng: np.random.Generator, prof: TrustProfile, staff: pd.DataFrame, survey_year: int) -> pd.DataFrame:
    """Staff survey results by group, drawn from the workforce with group-specific rates."""
    base = {
        "q13a": 0.14, "q13b": 0.008, "q13c": 0.015, "q14a": 0.26, "q14b": 0.10, "q14c": 0.18, "q14bc": 0.22,
        "q14d": 0.52, "q15": 0.56, "q16a": 0.07, "q16b": 0.085, "q11e": 0.20, "q4b": 0.44,
    }
    if survey_year >= 2023:
        base.update({"q17a": 0.09, "q17b": 0.04})
    base["q31b" if survey_year >= 2023 else "q30b"] = 0.72
    type_adjust = {"Ambulance": {"q13a": 2.2, "q14a": 1.5, "q16a": 1.3}, "Mental health": {"q13a": 1.6, "q14a": 1.2},
                   "Community": {"q13a": 0.6, "q14a": 0.7}}.get(prof.trust_type, {})
    harmful = {"q13a", "q13b", "q13c", "q14a", "q14b", "q14c", "q14bc", "q16a", "q16b", "q11e", "q17a", "q17b"}
    trend = 1 - 0.02 * (survey_year - 2021)
    # Relative rates by group: (ethnicity BME, disabled, female, LGB+).
    effects = {
        "q14a": (1.05, 1.3, 1.0, 1.2), "q14b": (1.2, 1.6, 0.95, 1.4), "q14c": (1.15, 1.5, 1.0, 1.5),
        "q14bc": (1.2, 1.5, 1.0, 1.45), "q16a": (2.3, 1.4, 1.0, 1.6), "q16b": (2.0, 1.8, 1.0, 1.7),
        "q15": (0.78, 0.82, 1.0, 0.9), "q4b": (0.92, 0.85, 1.0, 0.95), "q11e": (1.05, 1.35, 1.05, 1.1),
        "q17a": (1.0, 1.4, 1.6, 1.5), "q17b": (1.0, 1.4, 1.7, 1.6),
    }
    known = staff[~staff["bank"]].copy()
    # Survey disability is self-reported: about a quarter report a long-term condition.
    known["svy_disabled"] = np.where(known["_disabled"] | (rng.random(len(known)) < 0.03), "Disabled", "Non-disabled")
    known["svy_eth"] = np.where(known["_group5"] == "White", "White", np.where(known["_group5"] == "Unknown", None, "BME"))
    lgb = known["sexual_orientation"].isin(["Gay or Lesbian", "Bisexual", "Other sexual orientation"])
    known["svy_so"] = np.where(lgb, "Gay, lesbian, bisexual or other", np.where(known["sexual_orientation"] == "Heterosexual or Straight", "Heterosexual or Straight", None))
    dims = {
        "All staff": pd.Series("All staff", index=known.index),
        "Ethnicity": known["svy_eth"],
        "Ethnicity (Census 5)": known["_group5"].where(known["_group5"] != "Unknown"),
        "Disability": known["svy_disabled"],
        "Sex": known["sex"],
        "Age band": known["age_band"],
        "Religion": known["religion"].where(known["religion"] != "Not declared"),
        "Sexual orientation": known["svy_so"],
    }
    response = rng.random(len(known)) < 0.46
    rows = []
    for q, p0 in base.items():
        p0 = p0 * type_adjust.get(q, 1.0) * (prof.survey_climate * trend if q in harmful else 1.0)
        e = effects.get(q, (1, 1, 1, 1))
        p_person = (p0 * np.where(known["svy_eth"] == "BME", e[0], 1.0) * np.where(known["svy_disabled"] == "Disabled", e[1], 1.0)
                    * np.where(known["sex"] == "Female", e[2], 1.0) * np.where(lgb, e[3], 1.0))
        answered = response & (rng.random(len(known)) < 0.97)
        positive = answered & (rng.random(len(known)) < np.clip(p_person, 0, 0.98))
        for dim, values in dims.items():
            frame = pd.DataFrame({"g": values, "a": answered, "p": positive}).dropna()
            agg = frame.groupby("g", sort=True)[["a", "p"]].sum()
            for g, r in agg.iterrows():
                rows.append((survey_year, q, dim, g, int(r["a"]), int(r["p"])))
    return pd.DataFrame(rows, columns=["year", "question", "group_dimension", "group_value", "responses", "positive_responses"])


def _events(rng: np.random.Generator, staff: pd.DataFrame, year: int, prof: TrustProfile, start_id: int) -> pd.DataFrame:
    """Employee relations cases in the financial year, with built-in disparities."""
    substantive = staff[~staff["bank"]]
    bme = (substantive["_group5"] != "White") & (substantive["_group5"] != "Unknown")
    disabled = substantive["disability"] == "Yes"
    rates = {
        # International recruits enter disciplinary processes less often than UK-recruited BME staff, so a trust
        # with many of them can show a reassuring aggregate that hides a worse figure for UK-recruited BME staff.
        "disciplinary": 0.011 * np.where(bme & substantive["international_recruit"].to_numpy(),
                                         prof.extra.get("disciplinary_intl", 0.6),
                                         np.where(bme, prof.extra.get("disciplinary_bme_uk", 2.1), 1.0)),
        "capability-performance": 0.003 * np.where(disabled, 2.2, 1.0) * np.where(bme, 1.3, 1.0),
        "capability-ill-health": 0.004 * np.where(disabled, 3.0, 1.0),
        "grievance": 0.005 * np.where(bme, 1.2, 1.0),
        "bullying-harassment": 0.004 * np.where(bme | disabled, 1.4, 1.0),
    }
    fy_start = pd.Timestamp(f"{year - 1}-04-01")
    parts = []
    for case_type, p in rates.items():
        hit = substantive[rng.random(len(substantive)) < p]
        days = rng.integers(0, 365, len(hit))
        parts.append(pd.DataFrame({
            "staff_id": hit["staff_id"].to_numpy(), "case_type": case_type,
            "start_date": (fy_start + pd.to_timedelta(days, unit="D")).strftime("%Y-%m-%d"),
            "sex": hit["sex"].to_numpy(), "ethnic_code": hit["ethnic_code"].to_numpy(),
            "disability": hit["disability"].to_numpy(),
        }))
    out = pd.concat(parts, ignore_index=True).sort_values(["start_date", "staff_id"], kind="stable").reset_index(drop=True)
    out.insert(0, "case_id", [f"{prof.code}-ER{year}-{i:05d}" for i in range(start_id, start_id + len(out))])
    return out


def _incidents(rng: np.random.Generator, staff: pd.DataFrame, year: int, prof: TrustProfile) -> pd.DataFrame:
    """Violence and aggression against staff: patient-facing, BME and disabled staff are targeted more often."""
    s = staff[~staff["bank"]]
    facing = s["occupation"].isin(["Nursing and midwifery", "Healthcare support", "Ambulance", "Medical and dental",
                                   "Allied health professionals"]).to_numpy()
    bme = ((s["_group5"] != "White") & (s["_group5"] != "Unknown")).to_numpy()
    disabled = s["_disabled"].to_numpy()
    base = {"Ambulance": 0.11, "Mental health": 0.12, "Acute": 0.06, "Specialist": 0.04, "Community": 0.03}[prof.trust_type]
    rate = base * np.where(facing, 1.6, 0.3) * np.where(bme, 1.35, 1.0) * np.where(disabled, 1.3, 1.0)
    # A rising trend in the later years, so the quarterly SPC charts have something to find.
    rate = rate * (1 + 0.06 * (year - YEARS[0]))
    counts = rng.poisson(rate)
    victims = s.loc[s.index.repeat(counts)]
    n = len(victims)
    fy_start = pd.Timestamp(f"{year - 1}-04-01")
    kind = _choice(rng, list(_INCIDENT_MIX), list(_INCIDENT_MIX.values()), n)
    racial = bme[np.repeat(np.arange(len(s)), counts)] & (rng.random(n) < 0.12)
    kind = np.where(racial, "hate incident", kind)
    who = _choice(rng, ["patient or service user", "relative or member of the public", "staff member"], [0.72, 0.2, 0.08], n)
    return pd.DataFrame({
        "incident_id": [f"{prof.code}-INC{year}-{i:05d}" for i in range(n)],
        "staff_id": victims["staff_id"].to_numpy(),
        "incident_date": (fy_start + pd.to_timedelta(rng.integers(0, 365, n), unit="D")).strftime("%Y-%m-%d"),
        "incident_type": kind, "perpetrator": who,
        "sex": victims["sex"].to_numpy(), "ethnic_code": victims["ethnic_code"].to_numpy(),
        "disability": victims["disability"].to_numpy(),
    }).sort_values(["incident_date", "incident_id"], kind="stable").reset_index(drop=True)


_INCIDENT_MIX = {"verbal abuse": 0.5, "physical assault": 0.25, "threatening behaviour": 0.2, "sexual harassment": 0.05}


def _recruitment(rng: np.random.Generator, joiners: pd.DataFrame, year: int, prof: TrustProfile) -> pd.DataFrame:
    """Applications: appointed people are the year's joiners; unsuccessful applicants are drawn around them."""
    n_app = len(joiners) * 6
    pool = joiners.sample(n=n_app, replace=True, random_state=int(rng.integers(2**31)))
    bme = ((pool["_group5"] != "White") & (pool["_group5"] != "Unknown")).to_numpy()
    disabled = pool["_disabled"].to_numpy()
    # Applicant pools are more diverse than those appointed.
    shortlisted = rng.random(n_app) < np.where(bme, 0.26, 0.34) * np.where(disabled, 1.1, 1.0)
    appointed = shortlisted & (rng.random(n_app) < np.where(bme, 0.17, 0.29) * np.where(disabled, 0.85, 1.0))
    fy_start = pd.Timestamp(f"{year - 1}-04-01")
    disability = np.where(disabled & (rng.random(n_app) < 0.8), "Yes", np.where(rng.random(n_app) < 0.05, "Prefer not to say", "No"))
    return pd.DataFrame({
        "application_id": [f"{prof.code}-A{year}-{i:06d}" for i in range(n_app)],
        "vacancy_id": [f"V{year}-{v:05d}" for v in rng.integers(0, max(1, n_app // 25), n_app)],
        "application_date": (fy_start + pd.to_timedelta(rng.integers(0, 365, n_app), unit="D")).strftime("%Y-%m-%d"),
        "pay_band": pool["pay_band"].to_numpy(),
        "sex": pool["sex"].to_numpy(), "ethnic_code": pool["ethnic_code"].to_numpy(), "disability": disability,
        "age_band": pool["age_band"].to_numpy(),
        "shortlisted": shortlisted, "appointed": appointed,
    })


def _training(rng: np.random.Generator, staff: pd.DataFrame, year: int) -> pd.DataFrame:
    substantive = staff[~staff["bank"]]
    white = (substantive["_group5"] == "White").to_numpy()
    took = substantive[rng.random(len(substantive)) < np.where(white, 0.42, 0.36)]
    reps = rng.choice([1, 2, 3], len(took), p=[0.7, 0.22, 0.08])
    ids = np.repeat(took["staff_id"].to_numpy(), reps)
    fy_start = pd.Timestamp(f"{year - 1}-04-01")
    courses = ["Leadership programme", "Clinical skills", "Coaching", "Project management", "Conference", "Degree module"]
    return pd.DataFrame({
        "staff_id": ids,
        "activity_date": (fy_start + pd.to_timedelta(rng.integers(0, 365, len(ids)), unit="D")).strftime("%Y-%m-%d"),
        "activity": rng.choice(courses, len(ids)),
        "non_mandatory": True,
    })


def _board(rng: np.random.Generator, prof: TrustProfile, year: int) -> pd.DataFrame:
    roles = [("Chair", True, False)] + [(f"Non-executive director {i}", True, False) for i in range(1, 7)] + [
        ("Chief Executive", True, True), ("Chief Financial Officer", True, True), ("Chief Nurse", True, True),
        ("Medical Director", True, True), ("Chief Operating Officer", True, True),
        ("Chief People Officer", False, True), ("Director of Strategy", False, True)]
    n = len(roles)
    p_bme = min(0.6, prof.bme_share * 0.55 + 0.02 * (year - YEARS[0]))
    bme = rng.random(n) < p_bme
    code = np.where(bme, rng.choice(["H", "N", "M", "F", "L"], n), rng.choice(["A", "A", "A", "C", "B"], n))
    disabled = rng.random(n) < 0.08
    return pd.DataFrame({
        "member_id": [f"B{i:02d}" for i in range(1, n + 1)],
        "role": [r[0] for r in roles], "voting": [r[1] for r in roles], "executive": [r[2] for r in roles],
        "sex": rng.choice(["Female", "Male"], n), "ethnic_code": code,
        "disability": np.where(disabled, "Yes", "No"),
    })


_SNAPSHOT_COLS = ["staff_id", "sex", "ethnic_code", "disability", "pay_band", "staff_group", "bank"]


def _declare(rng: np.random.Generator, staff: pd.DataFrame, year: int) -> None:
    """A declaration campaign from 2024: some staff record a disability they had not declared."""
    if year < 2024:
        return
    unknown = ~staff["disability"].isin(["Yes", "No"]).to_numpy()
    disabled = staff["_disabled"].to_numpy()
    declare = unknown & (rng.random(len(staff)) < 0.08)
    staff.loc[declare, "disability"] = np.where(disabled[declare], "Yes", "No")
    now_safe = (staff["disability"] == "No").to_numpy() & disabled & (rng.random(len(staff)) < 0.04)
    staff.loc[now_safe, "disability"] = "Yes"


def _quarterly(rng: np.random.Generator, prev: pd.DataFrame | None, cur: pd.DataFrame, year: int) -> pd.DataFrame:
    """Quarter-end snapshots of the financial year ending 31 March ``year``.

    Leavers leave, joiners join and changes (promotion, a new declaration) take effect at a random quarter
    between last year's snapshot and this year's, so the 31 March snapshot equals the annual one.
    """
    dates = [f"{year - 1}-06-30", f"{year - 1}-09-30", f"{year - 1}-12-31", f"{year}-03-31"]
    if prev is None:
        return cur[_SNAPSHOT_COLS].assign(snapshot_date=dates[-1])[["snapshot_date", *_SNAPSHOT_COLS]]
    m = prev.merge(cur[_SNAPSHOT_COLS], on="staff_id", how="outer", suffixes=("_p", "_c"), indicator=True)
    switch = rng.integers(0, 4, len(m))
    where = m["_merge"].to_numpy()
    parts = []
    for k, date in enumerate(dates):
        present = np.where(where == "left_only", k < switch, np.where(where == "right_only", k >= switch, True))
        use_prev = (where == "left_only") | ((where == "both") & (k < switch))
        rows = m[present]
        frame = pd.DataFrame({"snapshot_date": date, "staff_id": rows["staff_id"].to_numpy()})
        for col in _SNAPSHOT_COLS[1:]:
            frame[col] = np.where(use_prev[present], rows[f"{col}_p"].to_numpy(), rows[f"{col}_c"].to_numpy())
        parts.append(frame)
    return pd.concat(parts, ignore_index=True)


def generate_trust(prof: TrustProfile, years: tuple[int, ...] = YEARS) -> dict[int, dict[str, pd.DataFrame]]:
    """Simulate one trust over ``years``; returns input tables by year and input name."""
    rng = np.random.default_rng(_stable_seed(prof.code))
    # A second stream for quarterly timing and declarations keeps the annual draws as they were.
    qrng = np.random.default_rng(_stable_seed(prof.code) + 1)
    prev: pd.DataFrame | None = None
    staff = _new_people(rng, prof, prof.headcount, years[0], 0, joiners=False)
    next_id = prof.headcount
    out: dict[int, dict[str, pd.DataFrame]] = {}
    joiners = staff.iloc[: max(1, prof.headcount // 8)]
    er_id = 0
    for i, year in enumerate(years):
        if i > 0:
            leave_p = np.where(staff["pay_band"] == "Medical trainee", 0.35, 0.1)
            staff = staff[rng.random(len(staff)) >= leave_p].reset_index(drop=True)
            staff = _promote(rng, staff)
            staff["_point"] = (staff["_point"] + 0.2).clip(upper=1.0)
            older = rng.random(len(staff)) < 0.18
            idx = staff["age_band"].map({b: i for i, b in enumerate(_AGE_BANDS)}).to_numpy()
            staff["age_band"] = np.array(_AGE_BANDS, dtype=object)[np.minimum(idx + older, 5)]
            n_new = int(prof.headcount * (1 + 0.015 * i)) - len(staff)
            joiners = _new_people(rng, prof, n_new, year, next_id, joiners=True)
            next_id += n_new
            staff = pd.concat([staff, joiners], ignore_index=True)
        _declare(qrng, staff, year)
        quarterly = _quarterly(qrng, prev, staff, year)
        prev = staff[_SNAPSHOT_COLS].copy()
        _awards(rng, staff, year)
        snapshot = _pay(rng, staff, year)
        er = _events(rng, staff, year, prof, er_id)
        er_id += len(er)
        out[year] = {
            "staff": snapshot[[c for c in snapshot.columns if not c.startswith("_")]],
            "recruitment": _recruitment(rng, joiners, year, prof),
            "employee_relations": er,
            "training": _training(rng, staff, year),
            "board": _board(rng, prof, year),
            "staff_survey": _survey(rng, prof, staff, year - 1),
            "staff_snapshots": quarterly,
            "incidents": _incidents(qrng, staff, year, prof),
        }
    return out


def params_for(prof: TrustProfile, years: tuple[int, ...] = YEARS) -> dict:
    """The params file content for a synthetic trust."""
    return {
        "trust_code": prof.code,
        "trust_name": prof.name,
        "trust_type": prof.trust_type,
        "region": prof.region,
        "system": prof.system,
        "data_dir": f"../data/synthetic/{prof.code}",
        "years": list(years),
        "report_year": years[-1],
        "synthetic": True,
        "bme_label": "BME",
        "unknown_ethnic_codes": "error",
        "sdc": {"mode": "publish", "min_count": 5, "paygap_min_group": 10},
        "notebooks": ["pay_gaps", "trends", "wres", "wdes", "bullying_harassment"],
        # Published national figures for benchmarks: the public extracts shipped in data/reference.
        "reference_data": "../data/reference",
        # Real local authorities the fictional catchment is modelled on (Census 2021 comparison).
        "catchment_las": list(prof.la_codes),
        # WDES 9a engagement scores as published by the survey coordination centre, and 9b in the trust's words.
        "wdes_engagement": {"Disabled": round(7.4 - 0.8 * prof.survey_climate, 1), "Non-disabled": 7.0,
                            "Organisation": 6.9},
        "wdes_9b": {"answer": "Yes", "text": "The disabled staff network meets monthly, is chaired by a staff member "
                    "with an executive sponsor, and reviews every WDES action before it goes to the board."},
        **({"pay_gap_targets": list(prof.extra["targets"])} if "targets" in prof.extra else {}),
        **({"hia6_targets": list(prof.extra["hia6"])} if "hia6" in prof.extra else {}),
    }


def write_trust(prof: TrustProfile, root: Path, years: tuple[int, ...] = YEARS) -> list[Path]:
    """Generate a trust and write its CSV files under ``root/<code>/<year>/``; returns the paths."""
    written = []
    for year, tables in generate_trust(prof, years).items():
        folder = root / prof.code / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        for name, table in tables.items():
            path = folder / f"{name}.csv"
            tmp = path.with_suffix(".csv.tmp")
            table.to_csv(tmp, index=False, float_format="%.2f")
            tmp.replace(path)
            written.append(path)
    (root / prof.code / ".generator").write_text(generator_version())
    return written


def generator_version() -> str:
    """Hash of this module's source: data made by an older generator is made again."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def is_present(root: Path, code: str, years: tuple[int, ...] = YEARS) -> bool:
    """True when every input file of every year exists for the trust, made by this generator."""
    from .io.contract import INPUT_NAMES

    stamp = root / code / ".generator"
    if not stamp.exists() or stamp.read_text().strip() != generator_version():
        return False
    names = (*INPUT_NAMES, "staff_snapshots", "incidents")
    return all((root / code / str(y) / f"{n}.csv").exists() for y in years for n in names)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edi_analysis.synthetic", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("data/synthetic"), help="folder to write to")
    parser.add_argument("--params", type=Path, default=None, help="also write params/<code>.yaml files here")
    parser.add_argument("--trusts", nargs="*", default=None, help="trust codes (default: all)")
    parser.add_argument("--if-missing", action="store_true", help="only build trusts whose files are missing")
    chosen = [p for p in PROFILES if args.trusts is None or p.code in args.trusts]
    for prof in chosen:
        if args.if_missing and is_present(args.out, prof.code):
            continue
        print(f"synthetic: {prof.code} {prof.name}", flush=True)
        write_trust(prof, args.out)
        if args.params is not None:
            args.params.mkdir(parents=True, exist_ok=True)
            text = f"# {prof.description}\n# Fictional trust: synthetic data made by python -m edi_analysis.synthetic.\n"
            text += yaml.safe_dump(params_for(prof), sort_keys=False, allow_unicode=True)
            (args.params / f"{prof.code}.yaml").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
