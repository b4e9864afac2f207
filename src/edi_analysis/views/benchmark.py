"""Benchmarking views: a trust against its system, region and all trusts, like-for-like peers, funnel plots, and
the cross-trust report for peer learning, all drawn from published :class:`~edi_analysis.results.benchmark.BenchmarkResults`.

Trusts are set apart only where they differ from the rest by more than chance (outside the 99.8% funnel
limits); the others are "within the expected range" and are not ranked.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..disclosure import is_shown, require_published
from ..metrics import benchmark
from ..metrics.stats import NON_ADVERSE_RANGE
from ..results.benchmark import MIN_COMPARATORS, Z95, Z998, enough_comparators
from . import charts, display, wording

__all__ = ["KEY_METRICS", "REPORT_METRICS", "title", "missing_note", "league_table", "funnel_chart",
           "population_table", "peers_table", "all_peers_table", "trust_comparison", "trust_peers", "trust_funnel"]

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
_POSITION_WORDS = {"above": "above the limits", "below": "below the limits", "within": "within the expected range",
                   "too_few": "not compared (too few trusts)"}


def _too_few(n: int) -> str:
    """Why no trust is set apart: the comparator rule, with the number from the results."""
    have = "1 trust has" if n == 1 else f"{n} trusts have"
    return (f"Only {have} a published figure; at least {MIN_COMPARATORS} are needed before any trust is called high "
            "or low, so none is set apart.")
# Reader words: the data set is made only when every trust is built together, which is for the analyst to know.
_NO_DATA = ("Figures from other trusts were not available for this report, so the comparison with the trust's "
            "system, region and all trusts is not shown.")


def _label(metric: str) -> str:
    """Readable name of a data-set metric (survey measures carry their machine names in the data set)."""
    if metric.startswith("Staff survey: "):
        from ..metrics.harassment import MEASURES

        key = metric.removeprefix("Staff survey: ")
        return f"Staff survey: {MEASURES.get(key, key)} (%)"
    return metric


def _fmt(kind: str, v: object) -> str:
    if not is_shown(v):
        return "suppressed"
    return f"{float(v):.2f}" if kind == "relative_likelihood" else f"{float(v):.1f}"


def title(pub) -> display.Html:
    """Report title."""
    pub_info = require_published(pub)
    return display.title(f"Benchmarking {pub.year}: {pub.trust.name}", f"{pub.n_trusts} trusts",
                         "Like-for-like comparison for peer learning", synthetic=pub.trust.synthetic,
                         internal=pub_info.internal, plural=True)


def missing_note(pub) -> display.Html:
    """Says what is missing when the run made no benchmark data set."""
    require_published(pub)
    if pub.n_trusts:
        return display.Html("")
    return display.note("Figures from other trusts were not available for this report.", "missing")


def league_table(pub, metric: str) -> display.Table | display.Html:
    """One metric for every trust in the group, set apart only where a trust is beyond the funnel limits."""
    require_published(pub)
    rows = pub.trusts[pub.trusts["metric"] == metric].set_index("trust_code")
    if rows.empty:
        return display.note(f"{_label(metric)}: no data.", "missing")
    lower_better = KEY_METRICS.get(metric, True)
    kind = rows["kind"].iloc[0]
    table = pd.DataFrame(index=rows.index)
    table["Trust"] = rows["trust_name"]
    table["Value"] = [_fmt(kind, v) for v in rows["value"]]
    table["95% interval"] = ["" if not (is_shown(lo) and is_shown(hi)) else f"{_fmt(kind, lo)} to {_fmt(kind, hi)}"
                             for lo, hi in zip(rows["low"], rows["high"])]
    if kind == "proportion":
        pos = rows["position"].map(_POSITION_WORDS).fillna("suppressed")
        good = "below the limits" if lower_better else "above the limits"
        table["Compared with the group"] = pos
        table["High performer"] = np.where(pos == good, "yes", "")
        order = ["below the limits", "within the expected range", "above the limits", "suppressed"]
        if not lower_better:
            order = ["above the limits", "within the expected range", "below the limits", "suppressed"]
        table = table.assign(_o=pos.map({p: i for i, p in enumerate(order)})).sort_values("_o").drop(columns="_o")
        note = ("Funnel limits (99.8%) around the group's pooled figure allow for each trust's size; only trusts beyond "
                f"them are set apart, and the rest are not ranked. A trust is set apart only among at least "
                f"{MIN_COMPARATORS} trusts with a published figure.")
        n = int(rows["comparators"].max()) if len(rows) else 0
        if not enough_comparators(n):
            note += " " + _too_few(n)
    elif kind == "relative_likelihood":
        low, high = NON_ADVERSE_RANGE
        table["Reading"] = ["suppressed" if not is_shown(v) else wording.range_reading(
                                v, float(lo) if is_shown(lo) else None, float(hi) if is_shown(hi) else None, (low, high))
                            for v, lo, hi in zip(rows["value"], rows["low"], rows["high"])]
        table["High performer"] = ""
        note = (f"Relative likelihoods are not ranked; the reading compares each with the {float(low):.2f}-{float(high):.2f} "
                "non-adverse range, and calls a ratio outside it only when its 95% interval excludes 1.")
    else:
        table["High performer"] = ""
        note = "Pay gaps are shown with their intervals and not ranked: overlapping intervals mean no clear difference."
    table.index.name = "Code"
    whole = pub.pooled[(pub.pooled["metric"] == metric) & (pub.pooled["level"] == "all")]
    if len(whole) and is_shown(whole["value"].iloc[0]):
        note += f" Whole group, pooled from the trusts' own counts: {_fmt(kind, whole['value'].iloc[0])}."
    return display.Table(table, _label(metric), text_columns=("Trust", "Compared with the group", "Reading",
                                                                "High performer"), notes=[note])


def funnel_chart(pub, metric: str, highlight: str | None = None) -> display.Figure | display.Html:
    """A funnel plot: each trust's proportion against its size, with 95% and 99.8% limits around the pooled figure."""
    require_published(pub)
    rows = pub.trusts[(pub.trusts["metric"] == metric) & (pub.trusts["kind"] == "proportion")]
    rows = rows[rows["value"].map(is_shown) & rows["numerator"].map(is_shown)]
    if rows.empty:
        return display.Html("")
    num, den = rows["numerator"].astype(float).to_numpy(), rows["denominator"].astype(float).to_numpy()
    centre = num.sum() / den.sum()
    grid = np.linspace(max(1.0, den.min() * 0.5), den.max() * 1.2, 200)
    with plt.rc_context(charts._STYLE):
        fig, ax = plt.subplots(figsize=(charts.WIDTH, 3.6), layout="constrained")
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
            ax.annotate(code, (x, y), textcoords="offset points", xytext=(4, 3), fontsize=charts.SMALL)
        ax.set_xlabel("Number counted (denominator)")
        ax.set_ylabel("%")
        ax.set_title(_label(metric), loc="left")
        fig.legend(ncols=2, loc="outside lower left")
        if enough_comparators(len(rows)):
            outside = int(rows["position"].isin(["above", "below"]).sum())
            verdict = f"{outside} trust(s) outside the 99.8% limits."
            rule = "a trust outside the dashed 99.8% limits differs by more than chance."
        else:
            verdict = rule = _too_few(len(rows))
        return charts.figure(fig, alt=f"Funnel plot of {_label(metric)} for {len(rows)} trusts against the number "
                             f"counted; pooled figure {centre * 100:.1f}%; {verdict}",
                             caption="Each dot is a trust. Small trusts scatter more by chance, so the limits widen "
                                     f"to the left; {rule[0].lower() + rule[1:]}")


def population_table(pub) -> display.Table | display.Html:
    """For each trust: ethnic minority share of the catchment, the workforce and the most senior bands."""
    require_published(pub)
    t = pub.trusts.set_index(["trust_code", "metric"])["value"]
    rows = {}
    for f in pub.features.itertuples():
        pop = t.get((f.trust_code, "Catchment population from ethnic minority groups (%)"))
        if not is_shown(pop):
            continue
        staff = t.get((f.trust_code, "Ethnic minority staff, % of staff with ethnicity recorded"))
        top = t.get((f.trust_code, "Ethnic minority staff in bands 8c and above, % with ethnicity recorded"))
        rows[f.trust_code] = {
            "Trust": f.trust_name, "Catchment population": float(pop),
            "Workforce": float(staff) if is_shown(staff) else "suppressed",
            "Bands 8c and above": float(top) if is_shown(top) else "suppressed",
            "Drop-off (percentage points)": (float(top) - float(staff) if is_shown(staff) and is_shown(top)
                                             else "suppressed")}
    if not rows:
        return display.note("No Census 2021 comparison: the trusts' catchments are not known.", "missing")
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "Code"
    return display.Table(frame, "Staff from ethnic minority groups (%): population, workforce and senior bands",
                         text_columns=("Trust",), formats={c: (display.fmt_pp if "Drop-off" in c else display.fmt_pct)
                                                           for c in frame.columns if c != "Trust"},
                         notes=["Census 2021 catchment (all usual residents) against staff with ethnicity recorded. "
                                "Drop-off: senior bands minus the whole workforce. A figure is suppressed where its "
                                "trust's own report suppresses it."])


def peers_table(pub, trust_code: str) -> display.Table | display.Html:
    """The trust's nearest like-for-like peers and why they were chosen."""
    require_published(pub)
    peers = pub.peers[pub.peers["trust_code"] == trust_code]
    me = pub.features[pub.features["trust_code"] == trust_code]
    if peers.empty or me.empty:
        return display.note("Too few trusts in the run to choose peers.", "missing")
    me = me.iloc[0]
    frame = pd.DataFrame({
        "Trust": peers["peer_name"].to_numpy(), "Type": peers["peer_type"].to_numpy(),
        "Staff": peers["peer_headcount"].to_numpy(),
        "Population from ethnic minority groups": peers["peer_population_pct"].to_numpy(),
        "Why": [("same type" if r.type_part == 0 else "different type") + f", size {r.peer_headcount / me['headcount']:.1f}x"
                + ("" if pd.isna(r.peer_population_pct) or pd.isna(me["population_minority_pct"]) else
                   f", population {r.peer_population_pct - me['population_minority_pct']:+.0f} pp")
                for r in peers.itertuples()],
        "Distance": peers["distance"].to_numpy()}, index=pd.Index(peers["peer_code"].to_numpy(), name="Code"))
    return display.Table(frame, f"Like-for-like peers of {me['trust_name']}", text_columns=("Trust", "Type", "Why"),
                         formats={"Staff": display.fmt_count, "Population from ethnic minority groups": display.fmt_pct,
                                  "Distance": lambda v: f"{v:.2f}"},
                         notes=["Distance = 1 if the trust type differs + difference in log staff numbers / its spread "
                                "+ difference in the catchment's ethnic minority % / its spread (spreads are standard "
                                "deviations across the trusts in the run). The nearest are shown."])


def all_peers_table(pub) -> display.Table | display.Html:
    """Every trust's nearest like-for-like peers in the group, in one table."""
    require_published(pub)
    if pub.peers.empty:
        return display.note("Too few trusts to choose peers.", "missing")
    names = pub.features.set_index("trust_code")["trust_name"]
    rows = {code: {"Trust": names[code], "Nearest peers": "; ".join(f"{p} ({d:.2f})" for p, d in
                                                                  zip(part["peer_code"], part["distance"]))}
            for code, part in pub.peers.groupby("trust_code", sort=False)}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "Code"
    return display.Table(frame, "Like-for-like peers (distance in brackets)", text_columns=("Trust", "Nearest peers"),
                         notes=["Distance = 1 if the trust type differs + difference in log staff numbers / its spread "
                                "+ difference in the catchment's ethnic minority % / its spread. Peers are chosen within "
                                "the group shown."])


def trust_comparison(pub, trust_code: str, report: str = "wres") -> display.Table | display.Html:
    """A trust's figures beside its system, its region and all trusts in the run, pooled from the trusts' counts.

    ``report`` chooses the measures (:data:`REPORT_METRICS`).
    """
    require_published(pub)
    if not pub.n_trusts:
        return display.note(_NO_DATA, "missing")
    me = pub.trusts[pub.trusts["trust_code"] == trust_code]
    if me.empty:
        return display.note("This trust is not in the run's benchmark data set.", "missing")
    system, region = me["system"].iloc[0], me["region"].iloc[0]
    # In a run where the region's only trusts are this system's (every synthetic region has one system), the two
    # pools are the same trusts and the same figures: one column says so instead of two identical ones.
    members = pub.trusts.drop_duplicates("trust_code")
    same = set(members.loc[members["system"] == system, "trust_code"]) == set(
        members.loc[members["region"] == region, "trust_code"])
    columns = ((("System and region", "system", system),) if same else
               (("System", "system", system), ("Region", "region", region))) + (("All trusts", "all", "All trusts"),)
    pooled = pub.pooled.set_index(["metric", "level", "key"])["value"]
    rows = {}
    for metric in REPORT_METRICS[report]:
        mine = me[me["metric"] == metric]
        if mine.empty or mine["kind"].iloc[0] == "gap":
            continue
        kind = mine["kind"].iloc[0]
        unit = "" if kind == "relative_likelihood" else "%"
        value = mine["value"].iloc[0]
        row = {"This trust": _fmt(kind, value) + (unit if is_shown(value) else "")}
        for label, level, key in columns:
            v = pooled.get((metric, level, key))
            row[label] = _fmt(kind, v) + unit if is_shown(v) else ""
        rows[_label(metric)] = row
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "Measure"
    notes = ["Group figures pool the trusts' own counts (not an average of their percentages). "
             "Suppressed trust figures are left out of the pools."]
    if same:
        notes.append(f"In this run every trust of the {region} region is in {system}, so the system and the region "
                     "pool the same trusts and one column shows both.")
    return display.Table(frame, f"This trust against its system ({system}), region ({region}) and all "
                                f"{pub.n_trusts} trusts in the run", text_columns=tuple(frame.columns), notes=notes)


def trust_peers(pub, trust_code: str) -> display.Table | display.Html:
    """A trust's like-for-like peers among all trusts in the run (for the per-trust reports)."""
    require_published(pub)
    if not pub.n_trusts:
        return display.Html("")
    return peers_table(pub, trust_code)


def trust_funnel(pub, trust_code: str, metric: str = "BME staff, % of bands 8a and above"
                 ) -> display.Figure | display.Html:
    """The funnel plot of one metric across the run's trusts with this trust marked (for the per-trust reports)."""
    return funnel_chart(pub, metric, highlight=trust_code)
