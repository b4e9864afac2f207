"""The gender pay gap report: results, tables, charts and findings for one trust and year.

:func:`build` loads a trust's inputs and computes every figure once; the
view functions turn those figures into what ``notebooks/pay_gaps.ipynb``
shows. All small numbers pass through :func:`edi_analysis.disclosure.suppress`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import charts, display, inputs
from .disclosure import suppress
from .pay_gaps import QUARTILES, PayGapResult, pay_gap_measures, pay_gap_trend, pay_gaps_within

__all__ = [
    "GpgReport",
    "build",
    "title",
    "key_findings",
    "scope_table",
    "headline_table",
    "quartile_chart",
    "quartile_table",
    "band_chart",
    "band_table",
    "staff_group_table",
    "bonus_table",
    "award_table",
    "trend_chart",
    "trend_table",
    "small_number_notes",
]

VOLATILE_N = 30  # metrics.md section 8: base below 30 -> "small numbers" warning
_REF, _FOCUS = "Male", "Female"
_LABEL = {_REF: "Men", _FOCUS: "Women"}


@dataclass(frozen=True)
class GpgReport:
    """Everything the gender pay gap report shows, computed once."""

    params: inputs.TrustParams
    year: int
    staff: pd.DataFrame
    result: PayGapResult
    trend: pd.DataFrame
    by_band: pd.DataFrame
    by_group: pd.DataFrame
    mode: str
    min_count: int
    min_group: int

    @property
    def internal(self) -> bool:
        return self.mode == "internal"


def build(trust_code: str, year: int, *, params_dir: str | Path = "../params", data_dir: str | Path | None = None,
          sdc_mode: str | None = None) -> GpgReport:
    """Load a trust's staff snapshots and compute the report's figures.

    Parameters
    ----------
    trust_code
        Names the params file ``<params_dir>/<trust_code>.yaml``.
    year
        Snapshot year (31 March); the trend uses every year in the params up to it.
    params_dir, data_dir
        Where the params file is, and an optional override of its data folder.
    sdc_mode
        ``"publish"`` or ``"internal"``; default from the params file.

    Raises
    ------
    edi_analysis.inputs.InputError
        When the params or any staff file is invalid (every problem listed).
    """
    params = inputs.load_params(Path(params_dir) / f"{trust_code}.yaml", data_dir=data_dir or None)
    if year not in params.years:
        raise inputs.InputError([inputs.Problem(f"{trust_code}.yaml", None, "years", str(year),
                                                f"the report year is not among the years listed {list(params.years)}")])
    years = [y for y in params.years if y <= year]
    snapshots = inputs.load_years(params.data_dir, years, "staff", strict_codes=params.strict_codes)
    if year not in snapshots:
        path = inputs.input_path(params.data_dir / str(year), "staff")
        raise inputs.InputError([inputs.Problem(str(path), None, None, None, "the staff snapshot for the report year "
                                                "is missing; add it or change report_year")])
    staff = snapshots[year]
    mode = sdc_mode or params.sdc_setting("mode", "publish")
    if mode not in ("publish", "internal"):
        raise inputs.InputError([inputs.Problem("parameters", None, "sdc_mode", str(mode), "use 'publish' or 'internal'")])
    order = [b for b in inputs.PAY_BANDS if b in set(staff["pay_band"].dropna())]
    return GpgReport(
        params=params,
        year=year,
        staff=staff,
        result=pay_gap_measures(staff),
        trend=pay_gap_trend(snapshots),
        by_band=pay_gaps_within(staff, "pay_band", order=order),
        by_group=pay_gaps_within(staff, "staff_group", order=[g for g in inputs.STAFF_GROUPS if g in set(staff["staff_group"])]),
        mode=mode,
        min_count=int(params.sdc_setting("min_count", 5)),
        min_group=int(params.sdc_setting("paygap_min_group", 10)),
    )


# --- words ------------------------------------------------------------------

def _gap_words(gap: float | None, what: str) -> str:
    if gap is None:
        return f"The {what} cannot be calculated"
    if round(gap, 1) == 0:
        return f"Women's and men's {what.replace(' gap', '')} are the same"
    direction = "lower" if gap > 0 else "higher"
    return f"Women's {what.replace(' gap', '')} is {abs(gap):.1f}% {direction} than men's"


def _shown(rep: GpgReport, *groups_n: int) -> bool:
    return rep.internal or min(groups_n) >= rep.min_group


def _bonus_pct(rep: GpgReport, group: str) -> str | None:
    """The share of a group receiving a bonus, as text; hidden when fewer than min_count received one."""
    r = rep.result
    if r.bonus_proportion[group] is None or not _shown(rep, r.n_relevant[group]):
        return None
    if not rep.internal and 0 < r.n_bonus[group] < rep.min_count:
        return f"<{rep.min_count} people"
    return display.fmt_pct(r.bonus_proportion[group])


def title(rep: GpgReport) -> display.Html:
    """Report title with the snapshot date and any synthetic-data or internal banner."""
    return display.title(
        f"Gender pay gap report {rep.year}",
        rep.params.trust_name,
        f"Snapshot date 31 March {rep.year} · {rep.params.trust_type} trust · {rep.params.region}",
        synthetic=rep.params.synthetic,
        internal=rep.internal,
    )


def key_findings(rep: GpgReport) -> display.Html:
    """Three to five sentences a board should read first, all derived from the figures."""
    r = rep.result
    items = []
    nf, nm = r.n_full_pay[_FOCUS], r.n_full_pay[_REF]
    if _shown(rep, nf, nm):
        items.append(
            f"{_gap_words(r.median_gap, 'median hourly pay gap')} (median gap {display.fmt_pct(r.median_gap)}); "
            f"on the mean it is {display.fmt_pct(r.mean_gap)}. A positive gap means women are paid less."
        )
        q = r.quartile_pct[_FOCUS] if _FOCUS in r.quartile_pct else None
        if q is not None and not q.isna().any():
            share = nf / (nf + nm) * 100
            items.append(
                f"Women are {share:.0f}% of staff but {q['Upper']:.0f}% of the highest-paid quarter and "
                f"{q['Lower']:.0f}% of the lowest-paid quarter."
            )
    groups = rep.by_group
    if "Medical and dental" in groups.index:
        med = groups.loc["Medical and dental"]
        n_med = int(med[f"n_{_REF}"] + med[f"n_{_FOCUS}"])
        if _shown(rep, int(med[f"n_{_REF}"]), int(med[f"n_{_FOCUS}"])) and n_med:
            men_med = med[f"n_{_REF}"] / n_med * 100
            men_all = nm / (nm + nf) * 100
            items.append(
                f"Men are {men_med:.0f}% of medical and dental staff, the highest-paid staff group, against "
                f"{men_all:.0f}% of the whole workforce; within medical and dental staff the median gap is "
                f"{display.fmt_pct(med['median_gap'])}."
            )
    pct = {g: _bonus_pct(rep, g) for g in (_REF, _FOCUS)}
    if all(v is not None for v in pct.values()):
        who = [f"fewer than {rep.min_count} {_LABEL[g].lower()}" if str(pct[g]).startswith("<")
               else f"{pct[g]} of {_LABEL[g].lower()}" for g in (_REF, _FOCUS)]
        text = f"{who[0].capitalize()} and {who[1]} received bonus pay, almost all of it Clinical " \
               "Excellence or National Clinical Impact Awards for consultants"
        if r.mean_bonus_gap is not None and _shown(rep, r.n_bonus[_FOCUS], r.n_bonus[_REF]):
            text += f"; the mean bonus gap is {r.mean_bonus_gap:.1f}%."
        else:
            text += "; too few received a bonus for a bonus gap to be published."
        items.append(text)
    t = rep.trend["median_gap"].dropna()
    if len(t) >= 2:
        first_year, last_year = t.index[0], t.index[-1]
        change = t.iloc[-1] - t.iloc[0]
        verb = "narrowed" if abs(t.iloc[-1]) < abs(t.iloc[0]) else "widened" if abs(t.iloc[-1]) > abs(t.iloc[0]) else "not changed"
        items.append(
            f"Since {first_year} the median gap has {verb} from {t.iloc[0]:.1f}% to {t.iloc[-1]:.1f}% "
            f"({change:+.1f} percentage points). Year-to-year changes of a point or two can be noise."
        )
    if not items:
        items.append("Too few men or women are in scope for the gender pay gap to be published.")
    return display.findings(items)


# --- tables -----------------------------------------------------------------

def scope_table(rep: GpgReport) -> display.Table:
    """Who is counted: relevant and full-pay relevant employees by sex, and who is excluded."""
    s = rep.staff
    sex = s["sex"].fillna("Not recorded")
    rel = sex.value_counts()
    fp = sex[s["full_pay_relevant"].fillna(False).astype(bool) & s["hourly_rate"].notna()].value_counts()
    bank = sex[s["bank"].fillna(False).astype(bool)].value_counts()
    rows = ["Female", "Male", "Not recorded"]
    counts = pd.DataFrame(
        {
            "Relevant employees": [int(rel.get(g, 0)) for g in rows],
            "Full-pay relevant (hourly measures)": [int(fp.get(g, 0)) for g in rows],
            "Of whom bank workers": [int(bank.get(g, 0)) for g in rows],
        },
        index=pd.Index(["Women", "Men", "Sex not recorded"], name="Group"),
    )
    shown = suppress(counts, min_count=rep.min_count, mode=rep.mode)  # type: ignore[arg-type]
    return display.Table(
        shown,
        f"Who is counted: staff employed on 31 March {rep.year}",
        formats={c: display.fmt_count for c in counts.columns},
        notes=[
            "Full-pay relevant employees were not on reduced or nil pay because of leave in March and had "
            "contracted hours; the hourly and quartile measures use them. Bonus measures use all relevant employees.",
            "Staff recorded as neither male nor female are outside the statutory measures and counted here only.",
        ],
    )


def headline_table(rep: GpgReport) -> display.Table:
    """The six statutory measures with what each means, as published on gov.uk."""
    r = rep.result
    nf, nm = r.n_full_pay[_FOCUS], r.n_full_pay[_REF]
    hourly_ok = _shown(rep, nf, nm)
    bonus_ok = _shown(rep, r.n_bonus[_FOCUS], r.n_bonus[_REF])
    hidden = f"<{rep.min_group} in a group"

    def val(ok: bool, x: float | None) -> str:
        if not ok:
            return hidden
        return "n/a (no one in one group)" if x is None else display.fmt_pct(x)

    q = r.quartile_pct
    rows = [
        ("Mean hourly pay gap", val(hourly_ok, r.mean_gap),
         "Difference between men's and women's average hourly pay, as a % of men's."),
        ("Median hourly pay gap", val(hourly_ok, r.median_gap),
         "Difference between the middle-paid man and the middle-paid woman, as a % of men's."),
        ("Mean bonus gap", val(bonus_ok, r.mean_bonus_gap),
         "Difference in average bonus among those who received one."),
        ("Median bonus gap", val(bonus_ok, r.median_bonus_gap),
         "Difference in the middle bonus among those who received one."),
        ("Men receiving a bonus", _bonus_pct(rep, _REF) or hidden, "Share of all male relevant employees."),
        ("Women receiving a bonus", _bonus_pct(rep, _FOCUS) or hidden, "Share of all female relevant employees."),
    ]
    for qname in QUARTILES:
        pct = q.loc[qname, _FOCUS] if _FOCUS in q else None
        rows.append((f"Women in {qname.lower()} quartile", val(hourly_ok, None if pct is None or np.isnan(pct) else pct),
                     "Share of women among the quarter of staff at this pay level."))
    frame = pd.DataFrame(rows, columns=["Measure", f"{rep.year}", "What it means"]).set_index("Measure")
    return display.Table(frame, f"Statutory gender pay gap measures, snapshot 31 March {rep.year}",
                         text_columns=("What it means",),
                         notes=["A positive gap means women are paid less than men; a negative gap means they are paid more."])


def _quartile_counts(rep: GpgReport) -> tuple[pd.DataFrame, pd.DataFrame]:
    counts = rep.result.quartile_counts[[_FOCUS, _REF]].rename(columns=_LABEL)
    shown = suppress(counts, min_count=rep.min_count, mode=rep.mode)
    return counts, shown  # type: ignore[return-value]


def quartile_chart(rep: GpgReport) -> display.Figure:
    """Women's and men's share of each pay quartile."""
    counts, shown = _quartile_counts(rep)
    pct = counts.div(counts.sum(axis=1), axis=0) * 100
    pct = pct.where(~shown.map(lambda v: isinstance(v, str)).any(axis=1), np.nan, axis=0) if not rep.internal else pct
    pct.index = [f"{q} quartile" for q in pct.index]
    parts = [f"{q}: women {v['Women']:.0f}%, men {v['Men']:.0f}%" for q, v in pct.iterrows() if not v.isna().any()]
    return charts.share_bars(
        pct,
        title="Women and men in each pay quartile (lowest paid at the top)",
        alt="Stacked bar chart of the share of women and men in each quarter of staff ranked by hourly pay. "
        + "; ".join(parts) + ".",
        caption="Staff are ranked by hourly pay and split into four equal groups. If women and men were paid "
        "alike, each bar would match the workforce as a whole.",
    )


def quartile_table(rep: GpgReport) -> display.Table:
    """Counts and percentages of women and men in each pay quartile."""
    counts, shown = _quartile_counts(rep)
    pct = counts.div(counts.sum(axis=1), axis=0) * 100
    pct_shown = suppress(pct, counts=counts, min_count=rep.min_count, mode=rep.mode)
    table = pd.DataFrame(
        {
            "Women": shown["Women"], "Men": shown["Men"],
            "Women %": pct_shown["Women"], "Men %": pct_shown["Men"],
        },
        index=pd.Index([f"{q}" for q in counts.index], name="Quartile"),
    )
    return display.Table(table, "Pay quartiles: number and share of women and men",
                         formats={"Women": display.fmt_count, "Men": display.fmt_count,
                                  "Women %": display.fmt_pct, "Men %": display.fmt_pct})


def _within_shown(rep: GpgReport, within: pd.DataFrame) -> pd.DataFrame:
    n = within[[f"n_{_FOCUS}", f"n_{_REF}"]]
    n_shown = suppress(n, min_count=rep.min_count, mode=rep.mode)
    both = within[[f"n_{_FOCUS}", f"n_{_REF}"]].min(axis=1)
    out = pd.DataFrame(index=within.index)
    out["Women"] = n_shown[f"n_{_FOCUS}"]
    out["Men"] = n_shown[f"n_{_REF}"]
    for col, label in ((f"median_{_FOCUS}", "Women median £/h"), (f"median_{_REF}", "Men median £/h")):
        group_n = within[f"n_{_FOCUS}"] if _FOCUS in col else within[f"n_{_REF}"]
        out[label] = suppress(within[col], counts=group_n, min_count=rep.min_group, mode=rep.mode, secondary=False)
    for col, label in (("median_gap", "Median gap"), ("mean_gap", "Mean gap")):
        out[label] = suppress(within[col], counts=both, min_count=rep.min_group, mode=rep.mode, secondary=False)
    return out


def _gap_only(shown: pd.DataFrame) -> pd.DataFrame:
    gaps = shown[["Median gap", "Mean gap"]].map(lambda v: np.nan if isinstance(v, str) else v).astype(float)
    return gaps


def band_chart(rep: GpgReport) -> display.Figure:
    """Median and mean gap within each pay band (like-for-like)."""
    shown = _within_shown(rep, rep.by_band)
    gaps = _gap_only(shown)
    described = [f"band {b}: median {v['Median gap']:.1f}%" for b, v in gaps.iterrows() if not np.isnan(v["Median gap"])]
    return charts.paired_bars(
        gaps,
        title="Pay gap within each band (positive: women paid less)",
        xlabel="Gap, % of men's hourly pay",
        alt="Bar chart of the median and mean gender pay gap within each pay band. " + "; ".join(described) + ".",
        caption="Within most Agenda for Change bands pay is set by the same scale, so gaps are small; larger gaps "
        "within medical grades and senior bands come from pay points, awards and enhancements. Bands with fewer "
        f"than {rep.min_group} women or men are not shown.",
    )


def band_table(rep: GpgReport) -> display.Table:
    """Counts, median hourly pay and gaps within each pay band."""
    shown = _within_shown(rep, rep.by_band)
    shown.index.name = "Pay band"
    return display.Table(
        shown, f"Hourly pay by pay band, 31 March {rep.year}",
        formats={"Women": display.fmt_count, "Men": display.fmt_count, "Women median £/h": display.fmt_gbp,
                 "Men median £/h": display.fmt_gbp, "Median gap": display.fmt_pct, "Mean gap": display.fmt_pct},
        notes=[f"Counts of 1 to {rep.min_count - 1} are shown as <{rep.min_count} and a second cell as * so they "
               f"cannot be worked out from totals; pay figures need at least {rep.min_group} people in each group."],
    )


def staff_group_table(rep: GpgReport) -> display.Table:
    """Counts, median hourly pay and gaps within each staff group (medical vs Agenda for Change)."""
    shown = _within_shown(rep, rep.by_group)
    shown.index.name = "Staff group"
    return display.Table(
        shown, "Hourly pay by staff group",
        formats={"Women": display.fmt_count, "Men": display.fmt_count, "Women median £/h": display.fmt_gbp,
                 "Men median £/h": display.fmt_gbp, "Median gap": display.fmt_pct, "Mean gap": display.fmt_pct},
    )


def bonus_table(rep: GpgReport) -> display.Table:
    """Bonus recipients, proportions and mean and median bonus by sex."""
    r = rep.result
    counts = pd.DataFrame({"Relevant employees": [r.n_relevant[_FOCUS], r.n_relevant[_REF]],
                           "Received a bonus": [r.n_bonus[_FOCUS], r.n_bonus[_REF]]},
                          index=pd.Index(["Women", "Men"], name="Group"))
    shown = suppress(counts, min_count=rep.min_count, mode=rep.mode)
    out = shown.copy()
    out["% receiving"] = suppress(pd.Series([r.bonus_proportion[_FOCUS], r.bonus_proportion[_REF]], index=counts.index),
                                  counts=counts["Received a bonus"], min_count=rep.min_count, mode=rep.mode,
                                  secondary=False)
    for label, src in (("Mean bonus", r.mean_bonus), ("Median bonus", r.median_bonus)):
        out[label] = suppress(pd.Series([src[_FOCUS], src[_REF]], index=counts.index),
                              counts=counts["Received a bonus"], min_count=rep.min_group, mode=rep.mode,
                              secondary=False)
    return display.Table(
        out, "Bonus pay in the 12 months to the snapshot date",
        formats={"Relevant employees": display.fmt_count, "Received a bonus": display.fmt_count,
                 "% receiving": display.fmt_pct, "Mean bonus": display.fmt_gbp, "Median bonus": display.fmt_gbp},
        notes=["Bonus pay is not pro-rated for part-time staff in the statutory measures; Clinical Excellence "
               "Awards are themselves paid pro rata to sessions, which lowers awards to part-time consultants."],
    )


def award_table(rep: GpgReport) -> display.Table | display.Html:
    """Bonus recipients by type of award and sex, if award types are recorded."""
    s = rep.staff
    if "bonus_award_type" not in s.columns:
        return display.note("Award types are not recorded in the staff file (optional column bonus_award_type).",
                            "missing")
    paid = s[s["bonus_pay_12m"] > 0]
    table = pd.crosstab(paid["bonus_award_type"].fillna("Not recorded"), paid["sex"].fillna("Not recorded"))
    table = table.reindex(columns=[_FOCUS, _REF], fill_value=0).rename(columns=_LABEL)
    table.index.name = "Award type"
    return display.Table(suppress(table, min_count=rep.min_count, mode=rep.mode),  # type: ignore[arg-type]
                         "Bonus recipients by type of award", formats={"Women": display.fmt_count, "Men": display.fmt_count})


def _trend_visible(rep: GpgReport) -> pd.DataFrame:
    t = rep.trend.copy()
    if not rep.internal:
        small = t[[f"n_{_REF}", f"n_{_FOCUS}"]].min(axis=1) < rep.min_group
        t.loc[small, ["mean_gap", "median_gap"]] = np.nan
    return t


def trend_chart(rep: GpgReport) -> display.Figure:
    """Mean and median hourly gap by snapshot year."""
    t = _trend_visible(rep)
    first, last = t.index.min(), t.index.max()
    return charts.trend_lines(
        {"Median gap": t["median_gap"], "Mean gap": t["mean_gap"]},
        title=f"Hourly pay gap, {first} to {last}",
        ylabel="Gap, % of men's hourly pay",
        alt=f"Line chart of the median and mean hourly pay gap from {first} to {last}. Median: "
        + ", ".join(f"{y} {v:.1f}%" for y, v in t["median_gap"].dropna().items())
        + ". Mean: " + ", ".join(f"{y} {v:.1f}%" for y, v in t["mean_gap"].dropna().items()) + ".",
        caption="Each point is the snapshot at 31 March. The mean is pulled up by the highest-paid posts, most "
        "held by men; the median describes the middle of the workforce.",
    )


def trend_table(rep: GpgReport) -> display.Table:
    """The headline measures for every snapshot year."""
    t = _trend_visible(rep)
    table = pd.DataFrame(
        {
            "Women": t[f"n_{_FOCUS}"].astype(int), "Men": t[f"n_{_REF}"].astype(int),
            "Mean gap": t["mean_gap"], "Median gap": t["median_gap"],
            "Mean bonus gap": t["mean_bonus_gap"], "Median bonus gap": t["median_bonus_gap"],
            "Women in upper quartile": t[f"upper_pct_{_FOCUS}"],
        },
        index=pd.Index(t.index, name="Snapshot year"),
    )
    fmt = {c: display.fmt_pct for c in table.columns if c not in ("Women", "Men")}
    fmt.update({"Women": display.fmt_count, "Men": display.fmt_count})
    return display.Table(table, "Five-year trend (full-pay relevant employees)", formats=fmt,
                         notes=["n/a: not calculable, e.g. no woman received a bonus that year."])


def small_number_notes(rep: GpgReport) -> display.Html:
    """Cautions where a group is small enough for figures to swing from year to year."""
    r = rep.result
    cautions = []
    if min(r.n_bonus.values()) < VOLATILE_N:
        fewest = min(r.n_bonus, key=lambda g: r.n_bonus[g])
        cautions.append(
            f"Few {_LABEL[fewest].lower()} received a bonus ({display.fmt_count(suppress(pd.Series([r.n_bonus[fewest]]), min_count=rep.min_count, mode=rep.mode, secondary=False).iloc[0])}); "
            "bonus gaps can swing widely from year to year and should not be read as a trend."
        )
    if min(r.n_full_pay.values()) < VOLATILE_N:
        cautions.append("Fewer than 30 people in one group: hourly gaps are volatile.")
    if not cautions:
        return display.note("All groups in the headline measures have at least 30 people.", "info")
    return display.note(" ".join(cautions), "caution")
