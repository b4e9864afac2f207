"""Directorate breakdowns for the trust's own teams: words, tables and a chart from published results.

Each figure is shown with its interval and its counts, because a directorate's cells are small: a share or a
ratio that looks far from the trust's may be noise. Findings name only directorates whose interval excludes
the comparison (no ranking on point figures); a hidden cell is never quoted or worked around.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from ..disclosure import is_shown, require_published
from ..results.directorates import ALL_DIRECTORATES, ALL_LEVELS, LEVELS
from . import display

__all__ = ["title", "key_findings", "representation_table", "representation_chart", "pay_gap_table",
           "process_table", "method_note"]

_WHO = {"WRES": ("ethnicity", "BME staff", "White staff"), "WDES": ("disability", "Disabled staff",
                                                                       "Non-disabled staff")}
_PAY = {"sex": "Gender", "ethnicity": "Ethnicity", "disability": "Disability"}


def title(pub) -> display.Html:
    """The report's title block."""
    publication = require_published(pub)
    return display.title(f"Directorate breakdowns {pub.trust.year}", pub.trust.name,
                         f"Representation, pay gaps and formal processes in {len(pub.directorates)} directorates",
                         synthetic=pub.trust.synthetic, internal=publication.internal)


def _interval(v: object, lo: object, hi: object, fmt) -> str:
    if not is_shown(v):
        return str(v) if v is not None else "n/a"
    if is_shown(lo) and is_shown(hi):
        return f"{fmt(v)} ({fmt(lo)} to {fmt(hi)})"
    return fmt(v)


def _pct(v: float) -> str:
    return f"{float(v):.1f}%"


def _ratio(v: float) -> str:
    return f"{float(v):.2f}"


def key_findings(pub) -> display.Html:
    """Directorates whose figure differs from the trust's beyond noise: shares whose interval excludes the trust's
    share, relative likelihoods whose interval excludes 1, pay gaps whose interval excludes 0."""
    require_published(pub)
    items: list[str] = []
    rep = pub.representation
    whole = rep[(rep["directorate"] == ALL_DIRECTORATES) & (rep["level"] == ALL_LEVELS)].set_index("standard")
    parts = rep[(rep["directorate"] != ALL_DIRECTORATES) & (rep["level"] == ALL_LEVELS)]
    for standard, (_, focus, _) in _WHO.items():
        trust_pct = whole.at[standard, "pct_focus"] if standard in whole.index else None
        if not is_shown(trust_pct):
            continue
        rows = parts[parts["standard"] == standard]
        low = [r.directorate for r in rows.itertuples() if is_shown(r.pct_high) and r.pct_high < trust_pct]
        high = [r.directorate for r in rows.itertuples() if is_shown(r.pct_low) and r.pct_low > trust_pct]
        if low or high:
            text = f"{focus} are {_pct(trust_pct)} of the trust's workforce."
            if high:
                text += f" Their share is higher beyond chance in: {', '.join(high)}."
            if low:
                text += f" It is lower beyond chance in: {', '.join(low)}."
            items.append(text)
    proc = pub.process_entry
    for standard, (_, focus, reference) in _WHO.items():
        rows = proc[(proc["standard"] == standard) & (proc["directorate"] != ALL_DIRECTORATES)]
        sig = [f"{r.directorate} ({_ratio(r.rl)} times, interval {_ratio(r.low)} to {_ratio(r.high)})"
               for r in rows.itertuples() if is_shown(r.significant) and bool(r.significant) and r.rl > 1]
        if sig:
            items.append(f"{focus} were more likely than {reference.lower()} to enter the formal process, beyond "
                         f"chance, in: {'; '.join(sig)}.")
    pay = pub.pay_gaps
    for comparison, label in _PAY.items():
        rows = pay[pay["comparison"] == comparison]
        wide = [f"{r.directorate} ({_pct(r.median_gap)})" for r in rows.itertuples()
                if is_shown(r.median_gap_low) and (r.median_gap_low > 0 or r.median_gap_high < 0)]
        if wide:
            items.append(f"{label} median pay gaps that exclude zero: {'; '.join(wide)}.")
    if not items:
        items.append("No directorate's figures differ from the trust's beyond what chance alone could explain.")
    return display.findings(items)


def representation_table(pub, standard: str) -> display.Table:
    """Focus group share of each directorate at each pay level, with its 95% interval and counts."""
    require_published(pub)
    _, focus, _ = _WHO[standard]
    rep = pub.representation[pub.representation["standard"] == standard]
    levels = [lvl for lvl in (*LEVELS, ALL_LEVELS) if lvl in set(rep["level"])]
    cells: dict[str, dict[str, str]] = {}
    for r in rep.itertuples():
        share = _interval(r.pct_focus, r.pct_low, r.pct_high, _pct)
        cells.setdefault(r.directorate, {})[r.level] = f"{share}; {r.n_focus} of {r.total}"
    order = [d for d in cells if d != ALL_DIRECTORATES] + [ALL_DIRECTORATES]
    frame = pd.DataFrame([[cells[d].get(lvl, "none") for lvl in levels] for d in order], index=order, columns=levels)
    return display.Table(frame, caption=f"{focus} as a share of each directorate's staff, by pay level "
                         "(95% interval; count of total)", index_label="Directorate", text_columns=levels)


def representation_chart(pub, standard: str) -> display.Html:
    """Each directorate's focus share (all levels) with its interval, against the trust's share."""
    require_published(pub)
    _, focus, _ = _WHO[standard]
    rep = pub.representation[(pub.representation["standard"] == standard)
                             & (pub.representation["level"] == ALL_LEVELS)]
    whole = rep[rep["directorate"] == ALL_DIRECTORATES]["pct_focus"]
    rows = rep[(rep["directorate"] != ALL_DIRECTORATES) & rep["pct_low"].map(is_shown)]
    if rows.empty or not len(whole) or not is_shown(whole.iloc[0]):
        return display.note(f"Too few staff to chart {focus.lower()} by directorate.", "missing")
    y = np.arange(len(rows))
    pct = rows["pct_focus"].astype(float).to_numpy()
    lo, hi = rows["pct_low"].astype(float).to_numpy(), rows["pct_high"].astype(float).to_numpy()
    fig, ax = plt.subplots(figsize=(7, 0.45 * len(rows) + 1.2))
    ax.errorbar(pct, y, xerr=[pct - lo, hi - pct], fmt="o", color="#005eb8", ecolor="#425563", capsize=3)
    ax.axvline(float(whole.iloc[0]), color="#231f20", linestyle="--", linewidth=1)
    ax.set_yticks(y, rows["directorate"].tolist())
    ax.invert_yaxis()
    ax.set_xlabel(f"{focus} as % of staff (95% interval); dashed line: whole trust")
    ax.spines[["top", "right"]].set_visible(False)
    outside = [d for d, a, b in zip(rows["directorate"], lo, hi) if b < float(whole.iloc[0]) or a > float(whole.iloc[0])]
    alt = (f"Dot and interval chart of {focus.lower()} as a share of staff in {len(rows)} directorates against the "
           f"whole trust's {_pct(whole.iloc[0])}. "
           + (f"Intervals that exclude the trust's share: {', '.join(outside)}." if outside
              else "Every interval includes the trust's share."))
    return display.figure(fig, alt=alt, caption="Where an interval crosses the dashed line, the directorate's share "
                          "is consistent with the trust's; the wider the interval, the smaller the directorate.")


def pay_gap_table(pub, comparison: str) -> display.Table:
    """Mean and median hourly pay gaps of each directorate, with intervals and group sizes."""
    require_published(pub)
    rows = pub.pay_gaps[pub.pay_gaps["comparison"] == comparison]
    if rows.empty:
        return display.Table(pd.DataFrame(), caption=f"{_PAY[comparison]} pay gaps by directorate: no data")
    ref, foc = rows["reference"].iloc[0], rows["focus"].iloc[0]
    frame = pd.DataFrame({
        f"{ref} (full-pay staff)": rows["n_reference"].to_list(),
        f"{foc} (full-pay staff)": rows["n_focus"].to_list(),
        "Mean gap (95% interval)": [_interval(r.mean_gap, r.mean_gap_low, r.mean_gap_high, _pct)
                                    for r in rows.itertuples()],
        "Median gap (95% interval)": [_interval(r.median_gap, r.median_gap_low, r.median_gap_high, _pct)
                                      for r in rows.itertuples()],
    }, index=rows["directorate"].to_list())
    return display.Table(frame, caption=f"{_PAY[comparison]} pay gaps by directorate: how much less the {foc.lower()} "
                         f"group earns per hour than the {ref.lower()} group, as a % of the {ref.lower()} group's pay",
                         formats={c: display.fmt_count for c in frame.columns[:2]}, index_label="Directorate",
                         text_columns=list(frame.columns[2:]))


def process_table(pub, standard: str) -> display.Table:
    """Relative likelihood of entering the formal process in each directorate, with interval and counts."""
    require_published(pub)
    _, focus, reference = _WHO[standard]
    rows = pub.process_entry[pub.process_entry["standard"] == standard]
    frame = pd.DataFrame({
        f"{focus}: entered": rows["focus_events"].to_list(), f"{focus}: headcount": rows["focus_n"].to_list(),
        f"{reference}: entered": rows["reference_events"].to_list(),
        f"{reference}: headcount": rows["reference_n"].to_list(),
        "Relative likelihood (95% interval)": [_interval(r.rl, r.low, r.high, _ratio) for r in rows.itertuples()],
    }, index=rows["directorate"].to_list())
    years = rows["years"].iloc[0] if len(rows) else ""
    process = "disciplinary process" if standard == "WRES" else "capability process (performance)"
    return display.Table(frame, caption=f"Likelihood of {focus.lower()} entering the formal {process} compared with "
                         f"{reference.lower()}, by directorate, {years} pooled (above 1: more likely)",
                         formats={c: display.fmt_count for c in frame.columns[:4]}, index_label="Directorate",
                         text_columns=["Relative likelihood (95% interval)"])


def method_note(pub) -> display.Html:
    """How to read the breakdowns, with the policy's thresholds."""
    policy = require_published(pub).policy
    return display.note(
        "Figures are for each directorate as recorded on the staff record on 31 March. Intervals are 95%: Wilson "
        "intervals for shares, bootstrap intervals for pay gaps, and the standards' intervals for relative "
        f"likelihoods. Pay figures need at least {policy.min_pay_group} staff in each group, and ratios at least "
        f"{policy.min_count} events in each group; where a group is smaller the figure is marked as suppressed.",
        "info")
