"""The other tables a synthetic trust gives: staff survey, employee relations, incidents, recruitment,
training and board.

Part of the synthetic data generator (:mod:`edi_analysis.synthetic` makes and writes the data): each table is
drawn from the year's staff (see :mod:`edi_analysis.synthetic_people`) with the inequalities built in.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .synthetic_people import YEARS, TrustProfile, _choice


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
