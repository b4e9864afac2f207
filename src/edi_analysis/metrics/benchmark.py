"""Where one organisation's figure sits among others' (benchmarking without league tables).

A position is stated as the share of organisations with a lower value and a
quartile, never as a bare rank, and always with the number compared.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Position", "position", "COLUMNS", "trust_metrics", "dataset", "finalize", "pooled", "funnel_limits",
           "choose_peers", "features"]


@dataclass(frozen=True)
class Position:
    """One value's place in a distribution."""

    value: float
    n: int
    pct_lower: float  # % of the others with a strictly lower value, ties counted as half
    median: float
    quartile: str  # "lowest quarter", "second quarter", "third quarter", "highest quarter"


def position(value: float, others: pd.Series) -> Position:
    """Mid-rank percentile of ``value`` among ``others`` (NaN ignored).

    pct_lower = (number below + half the number equal) / n x 100, the
    mid-rank percentile (Hazen), so a value equal to every other sits at 50.
    """
    data = others.dropna().to_numpy(float)
    if len(data) == 0:
        raise ValueError("position: nothing to compare with.")
    below = float((data < value).sum())
    equal = float((data == value).sum())
    pct = (below + equal / 2) / len(data) * 100
    quartile = ("lowest quarter" if pct < 25 else "second quarter" if pct < 50 else "third quarter" if pct < 75
                else "highest quarter")
    return Position(float(value), len(data), pct, float(np.median(data)), quartile)


# --- The benchmark data set: every trust's headline figures in one tidy table -------------------

COLUMNS = ["trust_code", "trust_name", "trust_type", "region", "system", "synthetic", "year", "metric", "group", "value",
           "low", "high", "numerator", "denominator", "ref_numerator", "ref_denominator", "kind", "suppressed"]


def _row(params, year: int, metric: str, group: str, kind: str, value, low=None, high=None, numerator=None,
         denominator=None, ref_numerator=None, ref_denominator=None) -> dict:
    return {"trust_code": params.trust_code, "trust_name": params.trust_name, "trust_type": params.trust_type,
            "region": params.region, "system": params.system, "synthetic": bool(params.synthetic), "year": year,
            "metric": metric, "group": group,
            "value": value, "low": low, "high": high, "numerator": numerator, "denominator": denominator,
            "ref_numerator": ref_numerator, "ref_denominator": ref_denominator, "kind": kind}


def trust_metrics(params, year: int) -> pd.DataFrame:
    """One trust's headline figures for one reporting year, unsuppressed (see :func:`dataset`).

    Kinds: ``proportion`` (a percentage with its counts, Wilson interval), ``relative_likelihood`` (with both
    groups' counts, Katz interval) and ``gap`` (a pay gap with its bootstrap interval; not additive).
    """
    from .. import io as inputs
    from . import groups, pay_gaps, population, survey, wres
    from .stats import rl_summary, wilson

    data = inputs.load_year(params.data_dir, year, strict_codes=params.strict_codes)
    wf = wres.workforce(data["staff"])
    rows = []

    def proportion(metric: str, group: str, x: int, n: int) -> None:
        p, lo, hi = wilson(x, n) if n else (np.nan, np.nan, np.nan)
        rows.append(_row(params, year, metric, group, "proportion", p * 100, lo * 100, hi * 100, x, n))

    senior = wf[wf["pay_band"].isin(["8a", "8b", "8c", "8d", "9", "VSM"])]
    proportion("BME staff, % of workforce", "BME", int((wf["ethnicity"] == "BME").sum()), len(wf))
    proportion("BME staff, % of bands 8a and above", "BME", int((senior["ethnicity"] == "BME").sum()), len(senior))
    proportion("Disabled staff on the staff record, % of workforce", "Disabled",
               int((wf["disability_status"] == "Disabled").sum()), len(wf))
    proportion("Ethnicity recorded, % of workforce", "All staff", int((wf["ethnicity"] != groups.UNKNOWN).sum()), len(wf))
    proportion("Disability recorded, % of workforce", "All staff",
               int((wf["disability_status"] != groups.UNKNOWN).sum()), len(wf))
    results = data["staff_survey"]
    for measure in ("harassment_public", "harassment_managers", "harassment_colleagues", "discrimination_staff",
                    "violence_public"):
        try:
            by = survey.measure_by_group(results, year - 1, measure, "All staff", ["All staff"])
        except (FileNotFoundError, KeyError):
            continue
        r = by.loc["All staff"]
        proportion(f"Staff survey: {measure}", "All staff", int(r["positive"]), int(r["responses"]))

    def rl(metric: str, group: str, res: dict) -> None:
        rows.append(_row(params, year, metric, group, "relative_likelihood", res["rl"], res["low"], res["high"],
                         res["focus_events"], res["focus_n"], res["reference_events"], res["reference_n"]))

    rl("WRES 2: appointment from shortlisting (White / BME)", "BME",
       wres.appointment_likelihood(data["recruitment"], "ethnicity", "White", "BME"))
    rl("WDES 2: appointment from shortlisting (non-disabled / disabled)", "Disabled",
       wres.appointment_likelihood(data["recruitment"], "disability_status", "Non-disabled", "Disabled"))
    er = data["employee_relations"]
    for metric, types, col, focus, ref in (
            ("WRES 3: formal disciplinary process (BME / White), single year", ["disciplinary"], "ethnicity", "BME", "White"),
            ("WDES 3: formal capability process (disabled / non-disabled), single year", ["capability-performance"],
             "disability_status", "Disabled", "Non-disabled")):
        res = wres.process_entry({year: er}, {year: wf}, types, col, focus, ref, year=year, window=1)
        rl(metric, focus, res.loc[("All staff", "single year")].to_dict())
    train = wres.training_likelihood(data["training"], wf, "ethnicity", "White", "BME").loc["All staff"].to_dict()
    rl("WRES 4: non-mandatory training (White / BME)", "BME", {**train, **rl_summary(
        train["focus_events"], train["focus_n"], train["reference_events"], train["reference_n"])})
    rows.append(_row(params, year, "Staff in post", "All staff", "count", float(len(wf)), numerator=len(wf)))
    mix, _ = inputs.trust_mix(params)
    if mix is not None:
        rows.append(_row(params, year, "Catchment population from ethnic minority groups (%)", "All residents",
                         "context", 100 - float(mix["White"])))
        known = wf[wf["ethnicity_census5"].isin(population.GROUPS)]
        top = known[known["pay_band"].isin(["8c", "8d", "9", "VSM"])]
        proportion("Ethnic minority staff, % of staff with ethnicity recorded", "Ethnic minority",
                   int((known["ethnicity_census5"] != "White").sum()), len(known))
        proportion("Ethnic minority staff in bands 8c and above, % with ethnicity recorded", "Ethnic minority",
                   int((top["ethnicity_census5"] != "White").sum()), len(top))
    staff = groups.add_analysis_groups(data["staff"])
    for metric, col, ref, foc in (("Gender pay gap (median, %)", "sex_group", "Male", "Female"),
                                  ("Ethnicity pay gap (median, %)", "ethnicity", "White", "BME"),
                                  ("Disability pay gap (median, %)", "disability_status", "Non-disabled", "Disabled")):
        res = pay_gaps.pay_gap_measures(staff, by=col, reference=ref, focus=foc)
        ci = pay_gaps.bootstrap_gap_ci(staff, col, ref, foc, n_boot=500)["median_gap"]
        rows.append(_row(params, year, metric, foc, "gap", res.median_gap, ci[0], ci[1], res.n_full_pay[foc],
                         None, res.n_full_pay[ref], None))
    return pd.DataFrame(rows, columns=COLUMNS[:-1])


def dataset(all_params, year: int, *, mode: str = "publish", min_count: int = 5) -> pd.DataFrame:
    """Every trust's headline figures in one tidy table: one row per trust, metric and group.

    Counts of 1 to ``min_count - 1`` and every figure built on them are blanked in publish mode
    (``suppressed`` is True), as :func:`edi_analysis.disclosure.suppress` does for tables.
    """
    return finalize([trust_metrics(p, year) for p in all_params if year in p.years], mode=mode, min_count=min_count)


def finalize(frames: list[pd.DataFrame], *, mode: str = "publish", min_count: int = 5) -> pd.DataFrame:
    """Stack trusts' :func:`trust_metrics` tables and apply small-number suppression (see :func:`dataset`)."""
    out = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS[:-1])
    counts = out[["numerator", "ref_numerator"]].apply(pd.to_numeric, errors="coerce")
    # Staff in post and population context are not small-number disclosures.
    small = ((counts > 0) & (counts < min_count)).any(axis=1) & ~out["kind"].isin(["count", "context"])
    out["suppressed"] = small & (mode == "publish")
    blank = ["value", "low", "high", "numerator", "ref_numerator"]
    out[blank] = out[blank].astype(object).where(~out["suppressed"], None)
    return out[COLUMNS]


def pooled(data: pd.DataFrame, metric: str, by: str | None) -> pd.DataFrame:
    """A metric for groups of trusts (system, region, or all) from the trusts' own counts, not averages of averages.

    Proportions pool numerators and denominators; relative likelihoods pool both groups' counts. Suppressed rows
    cannot be pooled, so a pooled figure says how many trusts it left out.
    """
    from .stats import rl_summary, wilson

    rows = data[data["metric"] == metric]
    keys = [by] if by else []
    out = []
    for key, part in (rows.groupby(keys) if keys else [("All trusts", rows)]):
        label = key[0] if isinstance(key, tuple) else key
        ok = part[~part["suppressed"]]
        kind = part["kind"].iloc[0]
        num, den = ok["numerator"].astype(float).sum(), ok["denominator"].astype(float).sum()
        if kind == "proportion":
            p, lo, hi = wilson(int(num), int(den)) if den else (np.nan,) * 3
            out.append({"group": label, "value": p * 100, "low": lo * 100, "high": hi * 100, "numerator": num,
                        "denominator": den, "trusts": len(ok), "left_out": len(part) - len(ok)})
        elif kind == "relative_likelihood":
            res = rl_summary(int(num), int(den), int(ok["ref_numerator"].astype(float).sum()),
                             int(ok["ref_denominator"].astype(float).sum()))
            out.append({"group": label, "value": res["rl"], "low": res["low"], "high": res["high"], "numerator": num,
                        "denominator": den, "trusts": len(ok), "left_out": len(part) - len(ok)})
    return pd.DataFrame(out).set_index("group") if out else pd.DataFrame()


def funnel_limits(centre: float, n: np.ndarray, z: float) -> tuple[np.ndarray, np.ndarray]:
    """Control limits of a funnel plot for a proportion (0-1): centre +- z sqrt(centre (1 - centre) / n).

    Spiegelhalter (2005), normal approximation; z = 1.96 (95%) and 3.09 (99.8%) are the usual pair.
    """
    n = np.asarray(n, dtype=float)
    half = z * np.sqrt(centre * (1 - centre) / n)
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def choose_peers(features: pd.DataFrame, trust_code: str, n: int = 3) -> pd.DataFrame:
    """The ``n`` most similar trusts by type, size and the ethnic make-up of the population served.

    distance = 1 if the trust type differs (else 0) + |difference in log headcount| / its spread across trusts
    + |difference in catchment ethnic minority %| / its spread; spreads are standard deviations across all the
    trusts compared. Documented in the report beside the peers it names.

    Parameters
    ----------
    features
        Index trust code; ``trust_type``, ``headcount``, ``population_minority_pct``.
    """
    f = features.copy()
    me = f.loc[trust_code]
    log_size = np.log(f["headcount"].astype(float))
    size_sd = log_size.std() or 1.0
    pop_sd = f["population_minority_pct"].astype(float).std() or 1.0
    f["type_part"] = (f["trust_type"] != me["trust_type"]).astype(float)
    f["size_part"] = (log_size - np.log(float(me["headcount"]))).abs() / size_sd
    f["population_part"] = (f["population_minority_pct"].astype(float) - float(me["population_minority_pct"])).abs() / pop_sd
    f["population_part"] = f["population_part"].fillna(1.0)
    f["distance"] = f["type_part"] + f["size_part"] + f["population_part"]
    return f.drop(index=trust_code).sort_values("distance").head(n)


def features(data: pd.DataFrame) -> pd.DataFrame:
    """Per trust: name, type, system, region, staff in post and the catchment's ethnic minority % (for peers)."""
    first = data.drop_duplicates("trust_code").set_index("trust_code")[["trust_name", "trust_type", "system", "region"]]
    metric = data.set_index(["trust_code", "metric"])["value"]
    first["headcount"] = [float(metric.get((c, "Staff in post"), np.nan)) for c in first.index]
    first["population_minority_pct"] = [
        float(metric.get((c, "Catchment population from ethnic minority groups (%)"), np.nan)) for c in first.index]
    return first
