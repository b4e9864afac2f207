"""Where one organisation's figure sits among others' (benchmarking without league tables).

A position is stated as the share of organisations with a lower value and a
quartile, never as a bare rank, and always with the number compared.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Position", "position", "COLUMNS", "pooled", "funnel_limits",
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


# --- The benchmark data set: every trust's headline figures in one tidy table (views.headline makes it) ---

COLUMNS = ["trust_code", "trust_name", "trust_type", "region", "system", "synthetic", "year", "metric", "group", "value",
           "low", "high", "numerator", "denominator", "ref_numerator", "ref_denominator", "kind", "suppressed"]


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
