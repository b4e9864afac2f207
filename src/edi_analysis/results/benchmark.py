"""Cross-trust results: each trust's headline figures beside its system, region and all trusts, funnels and peers.

Computed from the run's benchmark data set (:func:`edi_analysis.io.load_benchmark`), which holds every trust's
headline figures exactly as its own reports publish them: a figure hidden in a trust's report is blank there,
so it is left out of every pooled figure here (metrics.md section 9: no pool can be differenced back to it).
Group figures pool the trusts' own counts (not averages of percentages); funnel limits follow Spiegelhalter
(2005); peers use the distance of :func:`edi_analysis.metrics.benchmark.choose_peers`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from ..disclosure import Derived, Spec
from ..metrics import benchmark
from ..metrics.stats import wilson
from .base import Results, TrustInfo

__all__ = ["BenchmarkResults", "compute", "Z95", "Z998", "DATASET_COLUMNS", "MIN_COMPARATORS", "enough_comparators"]

Z95, Z998 = 1.959963984540054, 3.090232306167813
#: Fewest trusts with a published figure before a funnel or a peer ranking may call any trust high or low.
#: With fewer, the pooled centre is mostly the trusts themselves and the limits say little (a statistical
#: rule about comparators, not a disclosure threshold: it lives here, not in the policy).
MIN_COMPARATORS = 8


def enough_comparators(n: int) -> bool:
    """True when ``n`` trusts are enough to set any of them apart (:data:`MIN_COMPARATORS`)."""
    return int(n) >= MIN_COMPARATORS
DATASET_COLUMNS = benchmark.COLUMNS
_POOL_KEYS = (("system", "system"), ("region", "region"), ("all", None))
_RATE = Derived(of=("numerator", "denominator"))


@dataclass(frozen=True)
class BenchmarkResults(Results):
    """The trusts of one benchmarking group (``group``: ``"all"``, a system or a region) for one year.

    Attributes
    ----------
    trusts
        One row per trust and metric: ``trust_code``, ``trust_name``, ``trust_type``, ``system``, ``region``,
        ``metric``, ``group``, ``kind`` (proportion, relative_likelihood, gap, count, context), ``value``, ``low``,
        ``high``, ``numerator``, ``denominator``, ``ref_numerator``, ``ref_denominator``, ``suppressed`` (hidden in
        the trust's own report), and for proportions the funnel: ``centre`` (pooled %), ``lo95``, ``hi95``,
        ``lo998``, ``hi998`` at the trust's denominator, ``comparators`` (trusts in the metric's funnel) and
        ``position`` (above, below or within the 99.8% limits; ``too_few`` with fewer than
        :data:`MIN_COMPARATORS` comparators, when no trust is set apart).
    pooled
        One row per metric and pool: ``metric``, ``level`` (system, region, all), ``key`` (its name), ``kind``,
        ``value``, ``low``, ``high``, ``numerator``, ``denominator``, ``trusts`` (pooled), ``left_out`` (hidden).
    features
        One row per trust: ``trust_code``, ``trust_name``, ``trust_type``, ``system``, ``region``, ``headcount``,
        ``population_minority_pct`` (Census 2021 catchment), the inputs of the peer distance.
    peers
        For each trust its nearest peers: ``trust_code``, ``rank``, ``peer_code``, ``peer_name``, ``peer_type``,
        ``peer_headcount``, ``peer_population_pct``, ``type_part``, ``size_part``, ``population_part``, ``distance``.
    """

    SPECS: ClassVar = {
        "trusts": Spec(counts=("numerator", "denominator", "ref_numerator", "ref_denominator"),
                       derived={"value": Derived(of=("numerator", "ref_numerator")),
                                "low": Derived(of=("value",)), "high": Derived(of=("value",))}),
        "pooled": Spec(counts=("numerator", "denominator"),
                       derived={"value": _RATE, "low": Derived(of=("value",)), "high": Derived(of=("value",))}),
        "features": Spec(public="none"),
        "peers": Spec(public="none"),
    }

    group: str
    year: int
    n_trusts: int
    trusts: pd.DataFrame
    pooled: pd.DataFrame
    features: pd.DataFrame
    peers: pd.DataFrame
    peer_count: int = 3


def _numeric(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in ("value", "low", "high", "numerator", "denominator", "ref_numerator", "ref_denominator"):
        out[col] = pd.to_numeric(out[col], errors="coerce")
    out["suppressed"] = out["suppressed"].astype(str).str.lower().eq("true")
    # Shares from the staff record come without an interval: Wilson's, from the published counts.
    need = (out["kind"] == "proportion") & out["low"].isna() & out["numerator"].notna() & (out["denominator"] > 0)
    for i in out.index[need]:
        _, lo, hi = wilson(int(out.at[i, "numerator"]), int(out.at[i, "denominator"]))
        out.at[i, "low"], out.at[i, "high"] = lo * 100, hi * 100
    return out


def _funnels(rows: pd.DataFrame) -> pd.DataFrame:
    """Funnel limits of every proportion around its metric's pooled figure (suppressed trusts left out)."""
    out = rows.assign(centre=np.nan, lo95=np.nan, hi95=np.nan, lo998=np.nan, hi998=np.nan, comparators=0,
                      position=None)
    for metric, part in out[(out["kind"] == "proportion") & ~out["suppressed"]].groupby("metric", sort=False):
        num, den = part["numerator"].astype(float), part["denominator"].astype(float)
        if den.sum() <= 0:
            continue
        centre = num.sum() / den.sum()
        p = (num / den).to_numpy()
        out.loc[part.index, "centre"] = centre * 100
        out.loc[part.index, "comparators"] = len(part)
        for z, lo_col, hi_col in ((Z95, "lo95", "hi95"), (Z998, "lo998", "hi998")):
            lo, hi = benchmark.funnel_limits(centre, den.to_numpy(), z)
            out.loc[part.index, lo_col], out.loc[part.index, hi_col] = lo * 100, hi * 100
            if z == Z998:
                out.loc[part.index, "position"] = (np.where(p > hi, "above", np.where(p < lo, "below", "within"))
                                                   if enough_comparators(len(part)) else "too_few")
    return out


def _pooled(rows: pd.DataFrame) -> pd.DataFrame:
    frames = []
    for level, by in _POOL_KEYS:
        for metric in rows["metric"].unique():
            pooled = benchmark.pooled(rows, metric, by)
            if pooled.empty:
                continue
            pooled = pooled.reset_index().rename(columns={"group": "key"})
            pooled.insert(0, "level", level)
            pooled.insert(0, "metric", metric)
            pooled["kind"] = rows.loc[rows["metric"] == metric, "kind"].iloc[0]
            frames.append(pooled)
    cols = ["metric", "level", "key", "kind", "value", "low", "high", "numerator", "denominator", "trusts", "left_out"]
    return pd.concat(frames, ignore_index=True)[cols] if frames else pd.DataFrame(columns=cols)


def _peers(features: pd.DataFrame, n: int) -> pd.DataFrame:
    cols = ["trust_code", "rank", "peer_code", "peer_name", "peer_type", "peer_headcount", "peer_population_pct",
            "type_part", "size_part", "population_part", "distance"]
    if len(features) < 2:
        return pd.DataFrame(columns=cols)
    f = features.set_index("trust_code")
    rows = []
    for code in f.index:
        chosen = benchmark.choose_peers(f, code, n)
        for rank, (peer, r) in enumerate(chosen.iterrows(), start=1):
            rows.append((code, rank, peer, r["trust_name"], r["trust_type"], r["headcount"],
                         r["population_minority_pct"], r["type_part"], r["size_part"], r["population_part"],
                         r["distance"]))
    return pd.DataFrame(rows, columns=cols)


def compute(dataset: pd.DataFrame | None, year: int, group: str = "all", *, peer_count: int = 3) -> BenchmarkResults:
    """The cross-trust results of ``group`` (``"all"``, a system or a region) in the run's benchmark data set.

    With no data set (a run of one trust), every table is empty and ``n_trusts`` is 0.
    """
    data = pd.DataFrame(columns=DATASET_COLUMNS) if dataset is None else _numeric(dataset)
    data = data[(data["year"].astype(int) == int(year)) if len(data) else slice(None)]
    if group != "all" and len(data):
        data = data[(data["system"] == group) | (data["region"] == group)]
    feats = benchmark.features(data).reset_index() if len(data) else pd.DataFrame(
        columns=["trust_code", "trust_name", "trust_type", "system", "region", "headcount", "population_minority_pct"])
    synthetic = bool(len(data)) and data["synthetic"].astype(str).str.lower().eq("true").all()
    info = TrustInfo(code=group, name="All trusts in the run" if group == "all" else group, trust_type="",
                     region="", system="", synthetic=synthetic, year=int(year))
    trusts = _funnels(data.reset_index(drop=True)) if len(data) else data.assign(
        centre=np.nan, lo95=np.nan, hi95=np.nan, lo998=np.nan, hi998=np.nan, comparators=0, position=None)
    return BenchmarkResults(info, group=group, year=int(year), n_trusts=int(data["trust_code"].nunique()),
                            trusts=trusts.reset_index(drop=True), pooled=_pooled(data) if len(data) else _pooled(data),
                            features=feats, peers=_peers(feats, peer_count), peer_count=peer_count)
