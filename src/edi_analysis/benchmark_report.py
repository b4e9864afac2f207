"""Benchmarking views: a trust against its system, region and all trusts, like-for-like peers, funnel plots,
and the cross-trust benchmarking report for peer learning.

Everything is read from the run's benchmark data set (``reports/<year>/benchmark.csv``, made by
:func:`edi_analysis.benchmark.dataset`), so every figure for a group of trusts is pooled from the trusts'
own counts. Trusts are ranked only where they differ from the rest by more than chance (outside the
99.8% funnel limits); the others are "within the expected range".
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .metrics import benchmark
from .views import charts, display

__all__ = ["KEY_METRICS", "Group", "build_group", "funnel_chart", "league_table", "population_table",
           "peers_table", "trust_comparison", "title", "missing_note", "load_dataset", "trust_peers",
           "trust_funnel", "all_peers_table", "REPORT_METRICS"]

#: Metrics the benchmarking report covers: metric -> lower is better?
KEY_METRICS: dict[str, bool] = {
    "BME staff, % of bands 8a and above": False,
    "Staff survey: harassment_colleagues": True,
    "Staff survey: harassment_managers": True,
    "Staff survey: discrimination_staff": True,
    "WRES 3: formal disciplinary process (BME / White), single year": True,
    "WRES 2: appointment from shortlisting (White / BME)": True,
    "Gender pay gap (median, %)": True,
}
Z95, Z998 = 1.959963984540054, 3.090232306167813

#: What each per-trust report compares with its system, region and all trusts.
REPORT_METRICS: dict[str, tuple[str, ...]] = {
    "wres": ("BME staff, % of workforce", "BME staff, % of bands 8a and above", "Ethnicity recorded, % of workforce",
             "WRES 2: appointment from shortlisting (White / BME)",
             "WRES 3: formal disciplinary process (BME / White), single year",
             "WRES 4: non-mandatory training (White / BME)"),
    "wdes": ("Disabled staff on the staff record, % of workforce", "Disability recorded, % of workforce",
             "WDES 2: appointment from shortlisting (non-disabled / disabled)",
             "WDES 3: formal capability process (disabled / non-disabled), single year"),
    "trends": ("BME staff, % of bands 8a and above", "Disabled staff on the staff record, % of workforce",
               "Ethnicity recorded, % of workforce", "Disability recorded, % of workforce"),
    "hia6": ("Staff survey: harassment_public", "Staff survey: harassment_managers", "Staff survey: harassment_colleagues",
             "Staff survey: discrimination_staff", "Staff survey: violence_public"),
}


def load_dataset(path: str | Path) -> pd.DataFrame | None:
    """The run's benchmark data set, or None when it has not been made (a single-trust run)."""
    path = Path(path)
    if not str(path) or not path.exists() or path.is_dir():
        return None
    return pd.read_csv(path, dtype={"trust_code": str, "group": str})


@dataclass(frozen=True)
class Group:
    """The trusts of one benchmarking group, from the run's benchmark data set."""

    name: str
    year: int
    data: pd.DataFrame
    features: pd.DataFrame  # trust_code -> trust_name, trust_type, system, region, headcount, population %
    mode: str


def build_group(group: str, year: int, *, benchmark_file: str | Path = "", sdc_mode: str = "publish") -> Group:
    """The trusts of ``group`` (``"all"``, a system or a region name) in the run's benchmark data set."""
    data = load_dataset(benchmark_file)
    if data is None:
        data = pd.DataFrame(columns=benchmark.COLUMNS)
    data = data[(data["year"] == year) & ((group == "all") | (data["system"] == group) | (data["region"] == group))]
    feats = benchmark.features(data) if len(data) else pd.DataFrame(
        columns=["trust_name", "trust_type", "system", "region", "headcount", "population_minority_pct"])
    return Group(group, year, data, feats, sdc_mode or "publish")


def title(g: Group) -> display.Html:
    """Report title."""
    label = "All trusts in the run" if g.name == "all" else g.name
    synthetic = bool(len(g.data)) and g.data["synthetic"].astype(str).str.lower().eq("true").all()
    return display.title(f"Benchmarking {g.year}: {label}", f"{len(g.features)} trusts",
                         "Like-for-like comparison for peer learning", synthetic=synthetic,
                         internal=g.mode == "internal", plural=True)


def missing_note(g: Group) -> display.Html:
    """Says what is missing when the run made no benchmark data set."""
    if len(g.data):
        return display.Html("")
    return display.note("No benchmark data set was found: it is made by 'python -m edi_analysis reports' from every "
                        "trust in the run.", "missing")


def _flags(rows: pd.DataFrame, lower_better: bool) -> pd.DataFrame:
    """Funnel position of each trust's proportion: above or below the 99.8% limits, or within them."""
    ok = rows[~rows["suppressed"].astype(bool)].copy()
    if ok.empty:
        return ok.assign(position=pd.Series(dtype=object), high_performer=pd.Series(dtype=bool))
    num, den = ok["numerator"].astype(float), ok["denominator"].astype(float)
    centre = num.sum() / den.sum()
    lo, hi = benchmark.funnel_limits(centre, den.to_numpy(), Z998)
    p = (num / den).to_numpy()
    ok["position"] = np.where(p > hi, "above the limits", np.where(p < lo, "below the limits", "within the expected range"))
    good = "below the limits" if lower_better else "above the limits"
    ok["high_performer"] = ok["position"] == good
    return ok


def league_table(g: Group, metric: str) -> display.Table | display.Html:
    """One metric for every trust in the group, ranked only where a trust is beyond the funnel limits."""
    rows = g.data[g.data["metric"] == metric].set_index("trust_code")
    if rows.empty:
        return display.note(f"{metric}: no data.", "missing")
    lower_better = KEY_METRICS.get(metric, True)
    kind = rows["kind"].iloc[0]
    table = pd.DataFrame(index=rows.index)
    table["Trust"] = g.features.reindex(rows.index)["trust_name"].to_numpy()

    def fmt(v: object) -> str:
        return "suppressed" if v is None or pd.isna(v) else (f"{float(v):.2f}" if kind == "relative_likelihood"
                                                              else f"{float(v):.1f}")
    table["Value"] = [fmt(v) for v in rows["value"]]
    table["95% interval"] = ["" if pd.isna(lo) else f"{fmt(lo)} to {fmt(hi)}" for lo, hi in zip(rows["low"], rows["high"])]
    note = ""
    if kind == "proportion":
        flags = _flags(rows.reset_index(), lower_better).set_index("trust_code")
        table["Compared with the group"] = flags["position"].reindex(rows.index).fillna("suppressed")
        table["High performer"] = flags["high_performer"].reindex(rows.index).map({True: "yes", False: ""}).fillna("")
        order = {"below the limits": 0, "within the expected range": 1, "above the limits": 2, "suppressed": 3}
        if not lower_better:
            order = {"above the limits": 0, "within the expected range": 1, "below the limits": 2, "suppressed": 3}
        table = table.assign(_o=table["Compared with the group"].map(order)).sort_values("_o").drop(columns="_o")
        note = ("Funnel limits (99.8%) around the group's pooled figure allow for each trust's size; only trusts beyond "
                "them are set apart, and the rest are not ranked.")
    elif kind == "relative_likelihood":
        table["Reading"] = ["within non-adverse range" if pd.notna(v) and 0.8 <= float(v) <= 1.25 else
                            ("outside range" if pd.notna(v) else "suppressed") for v in rows["value"]]
        table["High performer"] = ""
        note = "Relative likelihoods are not ranked; the reading compares each with the 0.80-1.25 non-adverse range."
    else:
        table["High performer"] = ""
        note = "Pay gaps are shown with their intervals and not ranked: overlapping intervals mean no clear difference."
    table.index.name = "Code"
    pooled = benchmark.pooled(g.data, metric, None)
    if not pooled.empty and pd.notna(pooled.iloc[0]["value"]):
        note += f" Whole group, pooled from the trusts' own counts: {fmt(pooled.iloc[0]['value'])}."
    return display.Table(table, _label(metric), text_columns=("Trust", "Compared with the group", "Reading",
                                                                "High performer"),
                         notes=[note])


def funnel_chart(g: Group, metric: str, highlight: str | None = None) -> display.Figure | display.Html:
    """A funnel plot: each trust's proportion against its size, with 95% and 99.8% limits around the pooled figure."""
    rows = g.data[(g.data["metric"] == metric) & ~g.data["suppressed"].astype(bool)]
    if rows.empty or rows["kind"].iloc[0] != "proportion":
        return display.Html("")
    num, den = rows["numerator"].astype(float).to_numpy(), rows["denominator"].astype(float).to_numpy()
    centre = num.sum() / den.sum()
    grid = np.linspace(max(1.0, den.min() * 0.5), den.max() * 1.2, 200)
    with plt.rc_context(charts._STYLE):
        fig, ax = plt.subplots(figsize=(7.5, 3.8))
        for z, style in ((Z95, ":"), (Z998, "--")):
            lo, hi = benchmark.funnel_limits(centre, grid, z)
            ax.plot(grid, hi * 100, color=charts.PALETTE["ink"], ls=style, lw=1,
                    label="95% limits" if z == Z95 else "99.8% limits")
            ax.plot(grid, lo * 100, color=charts.PALETTE["ink"], ls=style, lw=1)
        ax.axhline(centre * 100, color=charts.PALETTE["grey"], lw=1, label="Group (pooled)")
        mine = (rows["trust_code"] == highlight).to_numpy()
        ax.scatter(den[~mine], num[~mine] / den[~mine] * 100, color=charts.PALETTE["dark"], s=30, label="Trusts", zorder=3)
        if mine.any():
            ax.scatter(den[mine], num[mine] / den[mine] * 100, color=charts.PALETTE["light"], marker="D", s=60,
                       label="This trust", zorder=4, edgecolors="black", linewidths=0.6)
        for code, x, y in zip(rows["trust_code"], den, num / den * 100):
            ax.annotate(code, (x, y), textcoords="offset points", xytext=(4, 3), fontsize=7)
        ax.set_xlabel("Number counted (denominator)")
        ax.set_ylabel("%")
        ax.set_title(_label(metric), loc="left")
        ax.legend(loc="upper right", fontsize=7)
        outside = int(((num / den) > benchmark.funnel_limits(centre, den, Z998)[1]).sum()
                      + ((num / den) < benchmark.funnel_limits(centre, den, Z998)[0]).sum())
        return charts.figure(fig, alt=f"Funnel plot of {metric} for {len(rows)} trusts against the number counted; "
                             f"pooled figure {centre * 100:.1f}%; {outside} trust(s) outside the 99.8% limits.",
                             caption="Each dot is a trust. Small trusts scatter more by chance, so the limits widen "
                                     "to the left; a trust outside the dashed 99.8% limits differs by more than chance.")


def population_table(g: Group) -> display.Table | display.Html:
    """For each trust: ethnic minority share of the catchment, the workforce and the most senior bands."""
    metric = g.data.set_index(["trust_code", "metric"])["value"]
    rows = {}
    for code in g.features.index:
        pop = metric.get((code, "Catchment population from ethnic minority groups (%)"))
        if pop is None or pd.isna(pop):
            continue
        staff = metric.get((code, "Ethnic minority staff, % of staff with ethnicity recorded"))
        top = metric.get((code, "Ethnic minority staff in bands 8c and above, % with ethnicity recorded"))
        rows[code] = {"Trust": g.features.loc[code, "trust_name"], "Catchment population": float(pop),
                      "Workforce": np.nan if staff is None or pd.isna(staff) else float(staff),
                      "Bands 8c and above": np.nan if top is None or pd.isna(top) else float(top)}
    if not rows:
        return display.note("No Census 2021 comparison: set reference_data and catchment_las in the params files.",
                            "missing")
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame["Drop-off (pp)"] = frame["Bands 8c and above"] - frame["Workforce"]
    frame.index.name = "Code"
    return display.Table(frame, "Staff from ethnic minority groups (%): population, workforce and senior bands",
                         text_columns=("Trust",), formats={c: (display.fmt_pp if "pp" in c else display.fmt_pct)
                                                           for c in frame.columns if c != "Trust"},
                         notes=["Census 2021 catchment (all usual residents) against staff with ethnicity recorded. "
                                "Drop-off: senior bands minus the whole workforce. Suppressed where fewer than 5 "
                                "people are counted."])


def peers_table(g: Group, trust_code: str, n: int = 3) -> display.Table | display.Html:
    """The trust's nearest like-for-like peers and why they were chosen."""
    if trust_code not in g.features.index or len(g.features) < 2:
        return display.note("Too few trusts in the run to choose peers.", "missing")
    peers = benchmark.choose_peers(g.features, trust_code, n)
    me = g.features.loc[trust_code]
    frame = pd.DataFrame({
        "Trust": peers["trust_name"], "Type": peers["trust_type"], "Staff": peers["headcount"],
        "Population from ethnic minority groups": peers["population_minority_pct"],
        "Why": [("same type" if r.type_part == 0 else "different type") + f", size {r.headcount / me['headcount']:.1f}x"
                + ("" if pd.isna(r.population_minority_pct) or pd.isna(me["population_minority_pct"]) else
                   f", population {r.population_minority_pct - me['population_minority_pct']:+.0f} pp")
                for r in peers.itertuples()],
        "Distance": peers["distance"]})
    frame.index.name = "Code"
    return display.Table(frame, f"Like-for-like peers of {me['trust_name']}", text_columns=("Trust", "Type", "Why"),
                         formats={"Staff": display.fmt_count, "Population from ethnic minority groups": display.fmt_pct,
                                  "Distance": lambda v: f"{v:.2f}"},
                         notes=["Distance = 1 if the trust type differs + difference in log staff numbers / its spread "
                                "+ difference in the catchment's ethnic minority % / its spread (spreads are standard "
                                "deviations across the trusts in the run). The nearest are shown."])


def trust_comparison(benchmark_file: str, trust_code: str, year: int, report: str = "wres") -> display.Table | display.Html:
    """A trust's figures beside its system, its region and all trusts in the run, pooled from the trusts' counts.

    ``report`` chooses the measures (:data:`REPORT_METRICS`).
    """
    data = load_dataset(benchmark_file)
    if data is None:
        return display.note("No benchmark data set for this run (it is made when every trust's reports are built "
                            "together), so the comparison with system, region and all trusts is not shown.", "missing")
    data = data[data["year"] == year]
    me = data[data["trust_code"] == trust_code]
    if me.empty:
        return display.note("This trust is not in the run's benchmark data set.", "missing")
    system, region = me["system"].iloc[0], me["region"].iloc[0]
    rows = {}
    for metric in REPORT_METRICS[report]:
        mine = me[me["metric"] == metric]
        if mine.empty or mine["kind"].iloc[0] == "gap":
            continue
        kind = mine["kind"].iloc[0]
        fmt = (lambda v: f"{v:.2f}") if kind == "relative_likelihood" else (lambda v: f"{v:.1f}%")
        value = mine["value"].iloc[0]
        row = {"This trust": "suppressed" if pd.isna(value) else fmt(float(value))}
        for label, by, key in (("System", "system", system), ("Region", "region", region), ("All trusts", None, None)):
            pooled = benchmark.pooled(data, metric, by)
            v = pooled.loc[key if by else "All trusts", "value"] if len(pooled) else np.nan
            row[label] = "" if pd.isna(v) else fmt(float(v))
        rows[_label(metric)] = row
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "Measure"
    n = data["trust_code"].nunique()
    return display.Table(frame, f"This trust against its system ({system}), region ({region}) and all {n} trusts in "
                                "the run", text_columns=tuple(frame.columns),
                         notes=["Group figures pool the trusts' own counts (not an average of their percentages). "
                                "Suppressed trust figures are left out of the pools."])


def trust_peers(benchmark_file: str, trust_code: str, year: int, n: int = 3) -> display.Table | display.Html:
    """A trust's like-for-like peers among all trusts in the run (for the per-trust reports)."""
    return peers_table(build_group("all", year, benchmark_file=benchmark_file), trust_code, n)


def trust_funnel(benchmark_file: str, trust_code: str, year: int,
                 metric: str = "BME staff, % of bands 8a and above") -> display.Figure | display.Html:
    """The funnel plot of one metric across the run's trusts with this trust marked (for the per-trust reports)."""
    return funnel_chart(build_group("all", year, benchmark_file=benchmark_file), metric, highlight=trust_code)


def _label(metric: str) -> str:
    """Readable name of a data-set metric (survey measures carry their machine names in the data set)."""
    if metric.startswith("Staff survey: "):
        from .metrics.harassment import MEASURES

        key = metric.removeprefix("Staff survey: ")
        return f"Staff survey: {MEASURES.get(key, key)} (%)"
    return metric


def all_peers_table(g: Group, n: int = 3) -> display.Table | display.Html:
    """Every trust's nearest like-for-like peers in the group, in one table."""
    if len(g.features) < 2:
        return display.note("Too few trusts to choose peers.", "missing")
    rows = {}
    for code in g.features.index:
        peers = benchmark.choose_peers(g.features, code, n)
        rows[code] = {"Trust": g.features.loc[code, "trust_name"],
                      "Nearest peers": "; ".join(f"{p} ({d:.2f})" for p, d in peers["distance"].items())}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "Code"
    return display.Table(frame, "Like-for-like peers (distance in brackets)", text_columns=("Trust", "Nearest peers"),
                         notes=["Distance = 1 if the trust type differs + difference in log staff numbers / its spread "
                                "+ difference in the catchment's ethnic minority % / its spread. Peers are chosen within "
                                "the group shown."])
