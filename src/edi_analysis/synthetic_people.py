"""The synthetic trusts' people: the trust profiles, and each year's staff record, pay and quarterly snapshots.

Part of the synthetic data generator (:mod:`edi_analysis.synthetic` makes and writes the data): who the
fictional trusts are, who joins them, who is promoted, who holds a Clinical Excellence Award, what everyone
is paid, who declares a disability, and the quarter-end snapshots of the financial year.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

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
