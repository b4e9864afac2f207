"""The quarterly trends report: equality series as SPC charts with a short narrative.

:func:`build` loads a trust's quarterly staff snapshots and employee
relations cases, computes each series (:mod:`edi_analysis.trends`) and its
XmR chart (:mod:`edi_analysis.spc`); the view functions give the notebook
its title, findings, charts and tables. A series is charted only with at
least 12 quarters (metrics.md section 10) and, in publish mode, only if no
quarter has a count from 1 to 4 (section 9, rule 5).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .metrics import trends
from .views import charts, display
from . import io as inputs
from .disclosure.legacy import suppress
from .metrics.spc import SpcResult, describe, p_chart, spc  # noqa: F401  (describe is part of the view API)

__all__ = ["Series", "TrendsReport", "build", "make_series", "title", "key_findings", "chart", "table", "p_chart_view",
           "missing_note"]

MIN_POINTS = 12


@dataclass(frozen=True)
class Series:
    """One quarterly series, its SPC result, or the reason it is not charted."""

    key: str
    title: str
    ylabel: str
    direction: str
    data: pd.DataFrame
    result: SpcResult | None
    reason: str | None
    value_format: str = "{:.1f}"

    @property
    def scale(self) -> float:
        """100 for percentages, 1,000 for rates per 1,000 staff."""
        return 1000.0 if "1,000" in self.ylabel else 100.0

    def latest(self) -> str:
        """The latest value with its unit and quarter, for sentences."""
        last = self.data.iloc[-1]
        unit = "%" if self.scale == 100 else " per 1,000 staff"
        return f"{self.value_format.format(last['value'])}{unit} ({last['period_end']:%b %Y})"

    @property
    def name(self) -> str:
        """The title for use inside a sentence (first letter lower-case, acronyms kept)."""
        return self.title if self.title[:3].isupper() else self.title[0].lower() + self.title[1:]


@dataclass(frozen=True)
class TrendsReport:
    """Everything the trends report shows."""

    params: inputs.TrustParams
    year: int
    series: dict[str, Series]
    mode: str
    min_count: int
    missing: str | None = None

    @property
    def internal(self) -> bool:
        return self.mode == "internal"


_DEFINITIONS = [
    # key, title, y label, direction, how to compute
    ("bme_senior", "BME staff in bands 8a and above", "% of staff in bands 8a+", "increase",
     lambda s, c: trends.representation_series(s)),
    ("disabled_share", "Staff recorded as disabled on the staff record", "% of staff", "increase",
     lambda s, c: trends.share_series(s, "disability", "Disabled")),
    ("disability_declared", "Disability declaration rate", "% with disability recorded", "increase",
     lambda s, c: trends.declaration_series(s, "disability")),
    ("ethnicity_declared", "Ethnicity declaration rate", "% with ethnicity recorded", "increase",
     lambda s, c: trends.declaration_series(s, "ethnicity")),
    ("disciplinary_bme", "Entry into the formal disciplinary process: BME staff", "entries per 1,000 staff",
     "decrease", lambda s, c: _group(trends.entry_rate_series(c, s, ["disciplinary"], "ethnicity", ["BME"]), "BME")),
    ("disciplinary_white", "Entry into the formal disciplinary process: White staff", "entries per 1,000 staff",
     "decrease", lambda s, c: _group(trends.entry_rate_series(c, s, ["disciplinary"], "ethnicity", ["White"]), "White")),
    ("capability_disabled", "Entry into the formal capability process (performance): disabled staff",
     "entries per 1,000 staff", "decrease",
     lambda s, c: _group(trends.entry_rate_series(c, s, ["capability-performance"], "disability", ["Disabled"]), "Disabled")),
    ("capability_non_disabled", "Entry into the formal capability process (performance): non-disabled staff",
     "entries per 1,000 staff", "decrease",
     lambda s, c: _group(trends.entry_rate_series(c, s, ["capability-performance"], "disability", ["Non-disabled"]),
                         "Non-disabled")),
]


def _group(frame: pd.DataFrame, group: str) -> pd.DataFrame:
    return frame[frame["group"] == group].reset_index(drop=True)


def make_series(key: str, title_: str, ylabel: str, direction: str, data: pd.DataFrame, mode: str,
          min_count: int) -> Series:
    if len(data) < MIN_POINTS:
        return Series(key, title_, ylabel, direction, data, None,
                      f"only {len(data)} quarters of data; an SPC chart needs at least {MIN_POINTS}")
    if mode == "publish":
        small = ((data["numerator"] > 0) & (data["numerator"] < min_count)) | (data["denominator"] < 10)
        if small.any():
            return Series(key, title_, ylabel, direction, data, None,
                          f"{int(small.sum())} of {len(data)} quarters have fewer than {min_count} people counted, "
                          "so the chart is not published; annual figures, which pool a year's cases, are the place to compare these groups")
    result = spc(data["value"].to_numpy(), data["period_end"].to_numpy(), improvement_direction=direction)
    return Series(key, title_, ylabel, direction, data, result, None)


def build(trust_code: str, year: int, *, params_dir: str | Path = "../params", data_dir: str | Path | None = None,
          sdc_mode: str | None = None) -> TrendsReport:
    """Load the quarterly snapshots and cases up to ``year`` and compute every series."""
    settings = inputs.report_settings(trust_code, year, params_dir=params_dir, data_dir=data_dir, sdc_mode=sdc_mode)
    params, mode, min_count, years = settings.params, settings.mode, settings.min_count, list(settings.years)
    snaps = inputs.load_years(params.data_dir, years, "staff_snapshots", strict_codes=params.strict_codes)
    if not snaps:
        return TrendsReport(params, year, {}, mode, min_count,
                            missing="No quarterly staff snapshots were found (staff_snapshots.csv in each year folder; "
                                    "see docs/data-contract/staff_snapshots.md). Add them to see quarterly trends.")
    cases = inputs.load_years(params.data_dir, years, "employee_relations", strict_codes=params.strict_codes)
    snapshots = pd.concat(snaps.values(), ignore_index=True)
    er = pd.concat(cases.values(), ignore_index=True) if cases else pd.DataFrame(
        columns=["case_type", "start_date", "ethnic_code", "disability"])
    series = {}
    for key, title_, ylabel, direction, compute in _DEFINITIONS:
        series[key] = make_series(key, title_, ylabel, direction, compute(snapshots, er), mode, min_count)
    return TrendsReport(params, year, series, mode, min_count)


def title(rep: TrendsReport) -> display.Html:
    """Report title with the period covered."""
    first = min((s.data["period_end"].min() for s in rep.series.values() if len(s.data)), default=None)
    last = max((s.data["period_end"].max() for s in rep.series.values() if len(s.data)), default=None)
    span = f"Quarters ending {first:%B %Y} to {last:%B %Y}" if first is not None else "No quarterly data"
    return display.title(f"Quarterly equality trends {rep.year}", rep.params.trust_name,
                         f"{span} · {rep.params.trust_type} trust · {rep.params.region}",
                         synthetic=rep.params.synthetic, internal=rep.internal)


def missing_note(rep: TrendsReport) -> display.Html:
    """Says what is missing when the trust has no quarterly snapshots; empty otherwise."""
    return display.note(rep.missing, "missing") if rep.missing else display.Html("")


def key_findings(rep: TrendsReport) -> display.Html:
    """Which series show special cause variation at the latest quarter, and which are not charted."""
    if rep.missing:
        return display.findings([rep.missing])
    signals, steady, hidden = [], [], []
    for s in rep.series.values():
        if s.result is None:
            hidden.append(s.name)
            continue
        icon = str(s.result.summary["variation_icon"])
        if icon == "common_cause":
            steady.append(s.name)
        else:
            verdict = "improving" if icon.startswith("improvement") else "a concern" if icon.startswith("concern") else "changed"
            signals.append(f"{s.title}: special cause variation, {verdict}; latest {s.latest()}.")
    items = signals or ["No series shows special cause variation at the latest quarter: the changes seen are "
                        "within what the process produces by chance."]
    if steady:
        items.append("Common cause variation only (no significant change): " + "; ".join(steady) + ".")
    if hidden:
        items.append("Not charted (too few quarters or small numbers): " + "; ".join(hidden) + ".")
    return display.findings(items)


def chart(rep: TrendsReport, key: str) -> display.Figure | display.Html:
    """The SPC chart of one series, or a note saying why it is not shown."""
    if rep.missing:
        return display.Html("")
    s = rep.series[key]
    if s.result is None:
        return display.note(f"{s.title}: not charted; {s.reason}.", "caution")
    return charts.spc_chart(s.result, title=s.title, ylabel=s.ylabel, value_format=s.value_format,
                            caption=describe(s.result) + " Each point is one quarter; the lines are the mean and "
                            "the process limits within which quarter-to-quarter variation is expected.")


def table(rep: TrendsReport, key: str) -> display.Table | display.Html:
    """The series' numbers: counts beside the rate, small counts suppressed."""
    if rep.missing:
        return display.Html("")
    s = rep.series[key]
    d = s.data.set_index(s.data["period_end"].dt.strftime("%b %Y"))
    counts = d[["numerator", "denominator"]]
    shown = suppress(counts, min_count=rep.min_count, mode=rep.mode, secondary=False)  # type: ignore[arg-type]
    value = suppress(d["value"], counts=d["numerator"], min_count=rep.min_count, mode=rep.mode, secondary=False)
    out = pd.DataFrame({"Counted": shown["numerator"], "Out of": shown["denominator"], s.ylabel: value})
    if s.result is not None:
        out["Signal"] = s.result.points["special_cause_type"].to_numpy()
    out.index.name = "Quarter ending"
    return display.Table(out, f"{s.title}, by quarter", formats={
        "Counted": display.fmt_count, "Out of": display.fmt_count,
        s.ylabel: lambda v: v if isinstance(v, str) else s.value_format.format(v)},
        text_columns=("Signal",) if s.result is not None else (), collapsed=True)


def p_chart_view(rep: TrendsReport, key: str = "disciplinary_bme") -> display.Figure | display.Html:
    """The same proportion as a p-chart whose limits follow each quarter's denominator (Laney-adjusted if needed)."""
    if rep.missing:
        return display.Html("")
    s = rep.series[key]
    if s.result is None:
        return display.Html("")
    res = p_chart(s.data["numerator"].to_numpy(), s.data["denominator"].to_numpy())
    kind = f"Laney p'-chart (sigma z = {res.sigma_z:.2f})" if res.laney else f"p-chart (sigma z = {res.sigma_z:.2f})"
    outside = int(res.points["outside_limits"].sum())
    unit = "%" if s.scale == 100 else " per 1,000"
    return charts.p_chart_plot(
        s.data["period_end"], res, title=f"{s.title}: {kind}", ylabel=s.ylabel, scale=s.scale,
        alt=f"{kind} of {s.name} by quarter: centre {res.centre * s.scale:.1f}{unit}, {outside} quarter(s) outside "
            "the limits.",
        caption=("Limits are wider in quarters with fewer staff. " + (
            "Quarters differ more than sampling alone explains, so the limits are widened (Laney's adjustment)."
            if res.laney else "Quarter-to-quarter differences are no larger than sampling explains, so no "
            "adjustment is needed.")),
    )
