"""The quarterly trends report as a reader sees it: title, findings, SPC charts and tables, from published results.

Every function takes published :class:`~edi_analysis.results.trends.TrendsResults`. A series is charted,
and its SPC reading quoted, only when every figure of it is published (metrics.md section 9 rule 5);
otherwise a plain sentence says why not. The series helpers (:func:`series_chart`, :func:`series_numbers`,
:func:`series_hidden`) also serve the HIA 6 report's quarterly series.
"""

from __future__ import annotations

import pandas as pd

from ..disclosure import is_hidden, require_published
from ..metrics.spc import COMMON, SpcResult, describe
from ..results.trends import MIN_POINTS
from . import charts, display

__all__ = [
    "TITLES",
    "chart",
    "key_findings",
    "latest",
    "missing_note",
    "p_chart_view",
    "series_chart",
    "series_hidden",
    "series_numbers",
    "series_concerns",
    "series_reading",
    "series_signals",
    "table",
    "title",
]

#: Series key -> (title, y-axis label).
TITLES: dict[str, tuple[str, str]] = {
    "bme_senior": ("BME staff in bands 8a and above", "% of staff in bands 8a+"),
    "disabled_share": ("Staff recorded as disabled on the staff record", "% of staff"),
    "disability_declared": ("Disability declaration rate", "% with disability recorded"),
    "ethnicity_declared": ("Ethnicity declaration rate", "% with ethnicity recorded"),
    "disciplinary_bme": ("Entry into the formal disciplinary process: BME staff", "entries per 1,000 staff"),
    "disciplinary_white": ("Entry into the formal disciplinary process: White staff", "entries per 1,000 staff"),
    "capability_disabled": ("Entry into the formal capability process (performance): disabled staff",
                            "entries per 1,000 staff"),
    "capability_non_disabled": ("Entry into the formal capability process (performance): non-disabled staff",
                                "entries per 1,000 staff"),
}
# What the analyst must add is in the data contract; the board reads only that the figures are missing.
_MISSING = ("Quarter-by-quarter staff figures were not available for this report, so quarterly trends cannot be "
            "shown.")
_EXPLAIN_HIDDEN = ("annual figures, which pool a year's cases, are the place to compare these groups")


def _in_sentence(title_: str) -> str:
    """A title inside a sentence: first letter lower-case, acronyms kept."""
    return title_ if title_[:3].isupper() else title_[0].lower() + title_[1:]


def _unit(table: pd.DataFrame) -> tuple[str, float]:
    return ("%", 100.0) if table["unit"].iloc[0] == "percent" else (" per 1,000 staff", 1000.0)


# --- series helpers (shared with the HIA 6 report) -------------------------------------------------------

def series_hidden(table: pd.DataFrame) -> int:
    """How many quarters of a published series have a hidden figure (0: the series may be charted)."""
    cols = ["numerator", "denominator", "value"]
    return int(table[cols].map(is_hidden).any(axis=1).sum())


def _charted(table: pd.DataFrame) -> bool:
    return len(table) >= MIN_POINTS and series_hidden(table) == 0 and not is_hidden(table["variation_icon"].iloc[0])


def _why_not(table: pd.DataFrame) -> str:
    if len(table) < MIN_POINTS:
        return f"only {len(table)} quarters of data; an SPC chart needs at least {MIN_POINTS}"
    return (f"{series_hidden(table)} of {len(table)} quarters count too few people to publish, so the chart is "
            f"not published; {_EXPLAIN_HIDDEN}")


def _spc_result(table: pd.DataFrame) -> SpcResult:
    """The published SPC columns of a fully shown series, in the shape the chart draws."""
    points = pd.DataFrame({"date": table["period_end"], "value": table["value"].astype(float),
                           "rebase_group": 0, "mean": table["mean"].astype(float), "lpl": table["lpl"].astype(float),
                           "upl": table["upl"].astype(float), "point_type": table["point_type"],
                           "special_cause_type": table["special_cause_type"]}).reset_index(drop=True)
    summary = {"variation_type": str(table["point_type"].iloc[-1]),
               "variation_icon": str(table["variation_icon"].iloc[-1]), "assurance_type": None, "assurance_icon": None}
    return SpcResult(points, pd.DataFrame(), summary, str(table["direction"].iloc[0]), None)


def latest(table: pd.DataFrame) -> str:
    """The latest published value with its unit and quarter, for sentences (only for a charted series)."""
    last = table.iloc[-1]
    unit, _ = _unit(table)
    return f"{float(last['value']):.1f}{unit} ({last['period_end']:%b %Y})"


def series_reading(table: pd.DataFrame) -> str | None:
    """The series' variation icon, or None when the series is not charted (its reading is not quoted)."""
    return str(table["variation_icon"].iloc[-1]) if _charted(table) else None


def series_signals(table: pd.DataFrame) -> str | None:
    """The whole-series SPC reading of a charted series with special cause anywhere in it (None otherwise)."""
    if not _charted(table) or (table["special_cause_type"].astype(str) == COMMON).all():
        return None
    return describe(_spc_result(table))


def series_concerns(table: pd.DataFrame) -> int:
    """How many quarters of a charted series the chart marks as a concern (0 when not charted)."""
    return int((table["point_type"] == "special_cause_concern").sum()) if _charted(table) else 0


def series_chart(table: pd.DataFrame, title_: str, ylabel: str) -> display.Figure | display.Html:
    """The XmR chart of a published series, or a plain sentence saying why it is not charted."""
    if not _charted(table):
        return display.note(f"{title_}: not charted; {_why_not(table)}.", "caution")
    res = _spc_result(table)
    return charts.spc_chart(res, title=title_, ylabel=ylabel, caption=describe(res) + " Each point is one quarter; "
                            "the lines are the mean and the process limits within which quarter-to-quarter variation "
                            "is expected.")


def series_numbers(table: pd.DataFrame, title_: str, ylabel: str) -> display.Table:
    """A published series' numbers: counts beside the rate, hidden cells as published."""
    charted = _charted(table)
    out = pd.DataFrame({"Counted": table["numerator"].to_numpy(), "Out of": table["denominator"].to_numpy(),
                        ylabel: table["value"].to_numpy()},
                       index=pd.Index(table["period_end"].dt.strftime("%b %Y"), name="Quarter ending"))
    if charted:
        out["Signal"] = table["special_cause_type"].to_numpy()
    return display.Table(out, f"{title_}, by quarter", formats={
        "Counted": display.fmt_count, "Out of": display.fmt_count,
        ylabel: lambda v: v if isinstance(v, str) else "n/a" if pd.isna(v) else f"{float(v):.1f}"},
        text_columns=("Signal",) if charted else (), collapsed=True)


# --- the trends report --------------------------------------------------------------------------------

def title(pub) -> display.Html:
    """Report title with the period covered."""
    publication = require_published(pub)
    ends = [t["period_end"] for t in pub.series.values() if len(t)]
    first = min((e.min() for e in ends), default=None)
    last = max((e.max() for e in ends), default=None)
    span = f"Quarters ending {first:%B %Y} to {last:%B %Y}" if first is not None else "No quarterly data"
    return display.title(f"Quarterly equality trends {pub.year}", pub.trust.name,
                         f"{span} · {pub.trust.trust_type} trust · {pub.trust.region}",
                         synthetic=pub.trust.synthetic, internal=publication.internal)


def missing_note(pub) -> display.Html:
    """Says what is missing when the trust has no quarterly snapshots; empty otherwise."""
    require_published(pub)
    return display.note(_MISSING, "missing") if pub.missing else display.Html("")


def key_findings(pub) -> display.Html:
    """Which series show special cause variation anywhere in the series (as their charts draw it), and which
    are not charted."""
    require_published(pub)
    if pub.missing:
        return display.findings([_MISSING])
    signals, steady, hidden = [], [], []
    for key, t in pub.series.items():
        name = TITLES[key][0]
        if not _charted(t):
            hidden.append(_in_sentence(name))
        elif (reading := series_signals(t)) is None:
            steady.append(_in_sentence(name))
        else:
            signals.append(f"{name}: {_in_sentence(reading)} Latest {latest(t)}.")
    items = signals or [("No series shows special cause variation in any quarter: the changes seen are within "
                         "what the process produces by chance.")]
    if steady:
        items.append("Common cause variation only (no significant change in any quarter): " + "; ".join(steady) + ".")
    if hidden:
        items.append("Not charted (too few quarters or small numbers): " + "; ".join(hidden) + ".")
    return display.findings(items)


def chart(pub, key: str) -> display.Figure | display.Html:
    """The SPC chart of one series, or a note saying why it is not shown."""
    require_published(pub)
    if pub.missing:
        return display.Html("")
    return series_chart(pub.series[key], *TITLES[key])


def table(pub, key: str) -> display.Table | display.Html:
    """The series' numbers: counts beside the rate, small counts hidden."""
    require_published(pub)
    if pub.missing:
        return display.Html("")
    return series_numbers(pub.series[key], *TITLES[key])


#: Why a p-chart beside the XmR chart; shown only with the p-chart it explains.
P_CHART_EXPLAINED = (
    "The same rate again as a p-chart. The XmR chart is the national Making Data Count standard and suits measures "
    "of the workforce's make-up, where the same staff are counted every quarter. A p-chart suits proportions of "
    "events (entries into a process, appointments), where each quarter brings new cases: it knows how many staff "
    "each rate is based on and gives each quarter its own limits, wider when fewer staff are counted. Use it when "
    "denominators change markedly or are small.")


def p_chart_view(pub, key: str = "disciplinary_bme") -> display.Html:
    """The same rate as a p-chart whose limits follow each quarter's denominator (Laney-adjusted if needed), after
    the paragraph explaining it; nothing when the series is not charted (its XmR note already says why)."""
    require_published(pub)
    if pub.missing:
        return display.Html("")
    t = pub.series[key]
    if not _charted(t) or t["p_centre"].isna().all():
        return display.Html("")
    title_, ylabel = TITLES[key]
    _, scale = _unit(t)
    sigma_z, laney = float(t["p_sigma_z"].iloc[0]), bool(t["p_laney"].iloc[0])
    centre = float(t["p_centre"].iloc[0])
    points = pd.DataFrame({"p": t["numerator"].astype(float) / t["denominator"].astype(float),
                           "lpl": t["p_lpl"].astype(float), "upl": t["p_upl"].astype(float),
                           "outside_limits": t["p_outside"].astype(bool)}).reset_index(drop=True)
    res = _PChart(points, centre)
    kind = f"Laney p'-chart (sigma z = {sigma_z:.2f})" if laney else f"p-chart (sigma z = {sigma_z:.2f})"
    outside = int(points["outside_limits"].sum())
    unit = "%" if scale == 100 else " per 1,000"
    return display.stack([display.paragraph(P_CHART_EXPLAINED), charts.p_chart_plot(
        t["period_end"], res, title=f"{title_}: {kind}", ylabel=ylabel, scale=scale,
        alt=f"{kind} of {_in_sentence(title_)} by quarter: centre {centre * scale:.1f}{unit}, {outside} quarter(s) "
            "outside the limits.",
        caption=("Limits are wider in quarters with fewer staff. " + (
            "Quarters differ more than sampling alone explains, so the limits are widened (Laney's adjustment)."
            if laney else "Quarter-to-quarter differences are no larger than sampling explains, so no "
            "adjustment is needed.")),
    )])


class _PChart:
    """The published p-chart columns in the shape :func:`charts.p_chart_plot` draws."""

    def __init__(self, points: pd.DataFrame, centre: float):
        self.points, self.centre = points, centre
