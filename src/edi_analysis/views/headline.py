"""A trust's headline figures as one tidy table, read from the published results of its reports.

This is the benchmark data set's row source: every figure here is the very cell the trust's own report
publishes (same computation, same bootstrap settings and seed, same disclosure), so the cross-trust reports
and the Power BI file can never show a figure the trust report hides, nor a different value for it.
A hidden figure is blank with ``suppressed`` True.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from ..disclosure import is_hidden, is_shown, require_published
from ..metrics.benchmark import COLUMNS

__all__ = ["COLUMNS", "SURVEY_MEASURES", "rows"]

#: Staff survey measures in the data set (All staff, the survey fielded the autumn before the report year).
SURVEY_MEASURES = ("harassment_public", "harassment_managers", "harassment_colleagues", "discrimination_staff",
                   "violence_public")
_PAY_METRICS = {"sex": "Gender pay gap (median, %)", "ethnicity": "Ethnicity pay gap (median, %)",
                "disability": "Disability pay gap (median, %)"}
_RL_METRICS = {
    ("WRES", "2"): "WRES 2: appointment from shortlisting (White / BME)",
    ("WRES", "3"): "WRES 3: formal disciplinary process (BME / White), single year",
    ("WRES", "4"): "WRES 4: non-mandatory training (White / BME)",
    ("WDES", "2"): "WDES 2: appointment from shortlisting (non-disabled / disabled)",
    ("WDES", "3"): "WDES 3: formal capability process (disabled / non-disabled), single year",
}
_FOCUS_SHARE = {"WRES": "BME staff, % of workforce", "WDES": "Disabled staff on the staff record, % of workforce"}
_DECLARED = {"WRES": "Ethnicity recorded, % of workforce", "WDES": "Disability recorded, % of workforce"}


def _cell(v: object) -> object:
    return v if is_shown(v) else None


def _row(trust, metric: str, group: str, kind: str, value: object, low: object = None, high: object = None,
         numerator: object = None, denominator: object = None, ref_numerator: object = None,
         ref_denominator: object = None) -> dict:
    cells = (value, low, high, numerator, denominator, ref_numerator, ref_denominator)
    hidden = any(is_hidden(c) for c in cells)
    out = {"trust_code": trust.code, "trust_name": trust.name, "trust_type": trust.trust_type, "region": trust.region,
           "system": trust.system, "synthetic": bool(trust.synthetic), "year": trust.year, "metric": metric,
           "group": group, "kind": kind, "suppressed": hidden}
    names = ("value", "low", "high", "numerator", "denominator", "ref_numerator", "ref_denominator")
    for name, c in zip(names, cells):
        out[name] = _cell(c)
    if hidden:  # a figure and the counts it comes from go together: nothing to difference back
        for name in ("value", "low", "high", "numerator", "ref_numerator"):
            out[name] = None
    return out


def _standards(pub) -> list[dict]:
    out = []
    std, focus, t = pub.standard, pub.focus, pub.trust
    rep = pub.representation
    whole = rep[(rep["staff_type"] == "All staff") & (rep["level"] == "All levels")]
    if len(whole):
        w = whole.iloc[0]
        out.append(_row(t, _FOCUS_SHARE[std], focus, "proportion", w[f"pct_{focus}"], numerator=w[focus],
                        denominator=w["total"]))
        out.append(_row(t, _DECLARED[std], "All staff", "proportion", w["pct_declared"], numerator=w["known"],
                        denominator=w["total"]))
        if std == "WRES":
            out.append(_row(t, "Staff in post", "All staff", "count", w["total"], numerator=w["total"]))
    if std == "WRES":
        senior = rep[(rep["staff_type"] == "All staff") & (rep["level"] == "Bands 8a and above and VSM")]
        if len(senior):
            s = senior.iloc[0]
            out.append(_row(t, "BME staff, % of bands 8a and above", focus, "proportion", s[f"pct_{focus}"],
                            numerator=s[focus], denominator=s["total"]))
        minority = pub.population[pub.population["group"] == "Ethnic minority"]
        if len(minority):
            out.append(_row(t, "Catchment population from ethnic minority groups (%)", "All residents", "context",
                            minority["pct"].iloc[0]))
            for level, metric in (("All levels", "Ethnic minority staff, % of staff with ethnicity recorded"),
                                  ("AfC bands 8c-9 and VSM",
                                   "Ethnic minority staff in bands 8c and above, % with ethnicity recorded")):
                r = rep[(rep["staff_type"] == "All staff") & (rep["level"] == level)]
                if len(r):
                    r = r.iloc[0]
                    count = (r["known"] - r["White"]) if is_shown(r["known"]) and is_shown(r["White"]) else (
                        r["known"] if is_hidden(r["known"]) else r["White"])
                    out.append(_row(t, metric, "Ethnic minority", "proportion", r["pct_known_minority"],
                                    numerator=count, denominator=r["known"]))
    lk = pub.likelihoods
    for (standard, indicator), metric in _RL_METRICS.items():
        if standard != std:
            continue
        r = lk[(lk["indicator"] == indicator) & (lk["split"] == "all") & (lk["focus"] == focus)
               & (lk["reference"] == pub.reference) & (lk["basis"] == "year") & (lk["years"] == str(t.year))]
        if r.empty:
            continue
        r = r.iloc[0]
        num, other = ("reference", "focus") if r["numerator"] == "reference" else ("focus", "reference")
        out.append(_row(t, metric, focus, "relative_likelihood", r["rl"], r["low"], r["high"],
                        r[f"{num}_events"], r[f"{num}_n"], r[f"{other}_events"], r[f"{other}_n"]))
    return out


def _pay_gaps(pub) -> list[dict]:
    out = []
    g = pub.gaps[pub.gaps["year"] == pub.trust.year]
    for comparison, metric in _PAY_METRICS.items():
        r = g[g["comparison"] == comparison]
        if r.empty:
            continue
        r = r.iloc[0]
        out.append(_row(pub.trust, metric, r["focus"], "gap", r["median_gap"], r["median_gap_low"],
                        r["median_gap_high"], numerator=r["n_full_pay_focus"],
                        ref_numerator=r["n_full_pay_reference"]))
    return out


def _harassment(pub) -> list[dict]:
    s = pub.survey
    s = s[(s["dimension"] == "All staff") & (s["group"] == "All staff") & (s["survey_year"] == pub.survey_year)]
    out = []
    for measure in SURVEY_MEASURES:
        r = s[s["measure"] == measure]
        if r.empty:
            continue
        r = r.iloc[0]
        out.append(_row(pub.trust, f"Staff survey: {measure}", "All staff", "proportion", r["pct"], r["low"],
                        r["high"], numerator=r["positive"], denominator=r["responses"]))
    return out


_EXTRACT = {"wres": _standards, "wdes": _standards, "pay_gaps": _pay_gaps, "bullying_harassment": _harassment}


def rows(published: Mapping[str, object]) -> pd.DataFrame:
    """The headline rows of one trust from the published results of its reports.

    Parameters
    ----------
    published
        Report name (``wres``, ``wdes``, ``pay_gaps``, ``bullying_harassment``) -> its published results; any
        subset.

    Returns
    -------
    pandas.DataFrame
        :data:`COLUMNS`, one row per metric and group.
    """
    out: list[dict] = []
    for name, pub in published.items():
        require_published(pub)
        out += _EXTRACT[name](pub)
    return pd.DataFrame(out, columns=COLUMNS)
