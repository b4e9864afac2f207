"""The gender pay gap report: results, tables, charts and findings for one trust and year.

:func:`build` loads a trust's inputs and computes every figure once; the
view functions turn those figures into what ``notebooks/pay_gaps.ipynb``
shows. All small numbers pass through :func:`edi_analysis.disclosure.suppress`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .metrics import benchmark, groups
from .views import charts, display
from . import io as inputs
from .disclosure.legacy import suppress
from .metrics.pay_gaps import (
    QUARTILES,
    PayGapResult,
    allocate_quartiles,
    bonus_by_type,
    bootstrap_gap_ci,
    decompose_gap,
    group_pay_gaps,
    pay_gap_measures,
    pay_gap_trend,
    pay_gaps_within,
    track_target,
)

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
class Comparison:
    """A binary comparison (e.g. White vs BME) with its trend and intervals."""

    characteristic: str
    column: str
    reference: str
    focus: str
    result: PayGapResult
    ci: dict[str, tuple[float, float]]
    trend: pd.DataFrame  # index year: mean_gap, median_gap, *_low, *_high, n_reference, n_focus
    declaration_rate: float


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
    comparisons: dict[str, Comparison] = field(default_factory=dict)
    group_tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    decompositions: dict[str, dict[str, float]] = field(default_factory=dict)
    award_gaps: pd.DataFrame | None = None
    targets: tuple[tuple[dict, pd.DataFrame], ...] = ()
    national: pd.DataFrame | None = None
    national_problem: str | None = None
    survey_disabled_pct: float | None = None
    data_quality: tuple[str, ...] = ()

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
    settings = inputs.report_settings(trust_code, year, params_dir=params_dir, data_dir=data_dir, sdc_mode=sdc_mode)
    params, mode = settings.params, settings.mode
    snapshots = inputs.load_years(params.data_dir, settings.years, "staff", strict_codes=params.strict_codes)
    if year not in snapshots:
        path = inputs.input_path(params.data_dir / str(year), "staff")
        raise inputs.InputError([inputs.Problem(str(path), None, None, None, "the staff snapshot for the report year "
                                                "is missing; add it or change report_year")])
    min_group = int(params.sdc_setting("paygap_min_group", 10))
    refs = params.pay_gap_references
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", groups.DataQualityWarning)
        snapshots = {y: groups.add_analysis_groups(s, refs["ethnicity"]) for y, s in snapshots.items()}
    quality = tuple(dict.fromkeys(str(w.message) for w in caught if issubclass(w.category, groups.DataQualityWarning)))
    staff = snapshots[year]
    order = [b for b in inputs.PAY_BANDS if b in set(staff["pay_band"].dropna())]
    focus_eth = "BME" if refs["ethnicity"] == "White" else "Other ethnic groups"
    comparisons = {
        "sex": _comparison(snapshots, year, "sex", "sex_group", "Male", "Female"),
        "ethnicity": _comparison(snapshots, year, "ethnicity", "ethnicity", refs["ethnicity"], focus_eth),
        "disability": _comparison(snapshots, year, "disability", "disability_status", refs["disability"], "Disabled"),
    }
    tables = _group_tables(staff, params, min_group)
    route = _route_table(staff, "ethnicity", refs["ethnicity"], min_group)
    if route is not None:
        tables["ethnicity_route"] = route
    decompositions = {}
    for key, comp in comparisons.items():
        if min(comp.result.n_full_pay.values()) >= min_group:
            decompositions[key] = decompose_gap(staff, "pay_band", comp.column, comp.reference, comp.focus)
    targets = []
    for target in params.pay_gap_targets:
        comp = comparisons[target["characteristic"]]
        measure = target["measure"]
        observed = pd.DataFrame({"value": comp.trend[measure], "low": comp.trend[f"{measure}_low"],
                                 "high": comp.trend[f"{measure}_high"]})
        baseline = int(target.get("baseline_year", observed.index.min()))
        targets.append((dict(target), track_target(observed, baseline_year=baseline, target_value=float(target["target"]),
                                                   target_year=int(target["target_year"]),
                                                   baseline_value=target.get("baseline_value"))))
    national, national_problem = _national(params)
    return GpgReport(
        params=params,
        year=year,
        staff=staff,
        result=comparisons["sex"].result,
        trend=pay_gap_trend({y: s for y, s in snapshots.items()}),
        by_band=pay_gaps_within(staff, "pay_band", order=order),
        by_group=pay_gaps_within(staff, "staff_group", order=[g for g in inputs.STAFF_GROUPS if g in set(staff["staff_group"])]),
        mode=mode,
        min_count=settings.min_count,
        min_group=min_group,
        comparisons=comparisons,
        group_tables=tables,
        decompositions=decompositions,
        award_gaps=bonus_by_type(staff) if "bonus_award_type" in staff.columns else None,
        targets=tuple(targets),
        national=national,
        national_problem=national_problem,
        survey_disabled_pct=_survey_disabled_pct(params, year),
        data_quality=quality,
    )


def _comparison(snapshots: dict[int, pd.DataFrame], year: int, name: str, column: str, reference: str,
                focus: str) -> Comparison:
    rows = {}
    for y, s in sorted(snapshots.items()):
        res = pay_gap_measures(s, by=column, reference=reference, focus=focus)
        ci = bootstrap_gap_ci(s, column, reference, focus, n_boot=500 if y != year else 1000)
        rows[y] = {"mean_gap": res.mean_gap, "median_gap": res.median_gap,
                   "mean_gap_low": ci["mean_gap"][0], "mean_gap_high": ci["mean_gap"][1],
                   "median_gap_low": ci["median_gap"][0], "median_gap_high": ci["median_gap"][1],
                   "n_reference": res.n_full_pay[reference], "n_focus": res.n_full_pay[focus]}
    trend = pd.DataFrame.from_dict(rows, orient="index").astype({"mean_gap": float, "median_gap": float})
    trend.index.name = "year"
    staff = snapshots[year]
    result = pay_gap_measures(staff, by=column, reference=reference, focus=focus)
    ci = {"mean_gap": (trend.loc[year, "mean_gap_low"], trend.loc[year, "mean_gap_high"]),
          "median_gap": (trend.loc[year, "median_gap_low"], trend.loc[year, "median_gap_high"])}
    return Comparison(name, column, reference, focus, result, ci, trend, groups.declaration_rate(staff[column]))


_GROUP_TABLES = {
    # key: (column, reference key or literal, order, parents)
    "ethnicity_census5": ("ethnicity_census5", "White", list(groups.CENSUS5), None),
    "ethnicity_detailed": ("ethnicity_detailed", "White British", list(groups.DETAILED.values()), "census5"),
    "sexual_orientation": ("sexual_orientation_group", "sexual_orientation", None, None),
    "religion": ("religion_group", "religion", None, None),
    "age_band": ("age_group", "age_band", list(inputs.AGE_BANDS), None),
    "sex_ethnicity": ("sex_ethnicity", "Men White", None, None),
    "sex_disability": ("sex_disability", "Men Non-disabled", None, None),
}


def _group_tables(staff: pd.DataFrame, params: inputs.TrustParams, min_group: int) -> dict[str, pd.DataFrame]:
    out = {}
    census_of = {label: groups.ethnic_census5(pd.Series([code])).iloc[0] for code, label in groups.DETAILED.items()}
    for key, (column, ref, order, parents) in _GROUP_TABLES.items():
        if key == "ethnicity_detailed" and params.ethnicity_level != "detailed":
            continue
        if key == "ethnicity_census5" and params.ethnicity_level == "binary":
            continue
        reference = params.pay_gap_references.get(ref, ref)
        if reference not in set(staff[column]):
            continue
        parent_map = census_of if parents == "census5" else (
            dict.fromkeys(["Mixed", "Asian", "Black", "Other"], "BME") if key == "ethnicity_census5" else None)
        out[key] = group_pay_gaps(staff, column, reference, order=order, parents=parent_map, min_group=min_group)
    return out


def _national(params: inputs.TrustParams) -> tuple[pd.DataFrame | None, str | None]:
    where = params.reference_data
    if where is None:
        return None, ("No national data is configured. Download the gender pay gap returns from "
                      f"{inputs.GPG_DOWNLOAD_URL}, save them in a folder named gender_pay_gap/, and set "
                      "'reference_data' in the params file to the folder that holds it.")
    try:
        return inputs.read_national_gpg(where), None
    except inputs.InputError as err:
        return None, (f"The published gender pay gap returns were not found under {where}. Download them from "
                      f"{inputs.GPG_DOWNLOAD_URL} into {where / 'gender_pay_gap'}, or point 'reference_data' in the "
                      f"params file at the folder that holds gender_pay_gap/. ({err.problems[0].message.split(';')[0]})")


def _survey_disabled_pct(params: inputs.TrustParams, year: int) -> float | None:
    survey = inputs.load_years(params.data_dir, [year], "staff_survey", strict_codes=params.strict_codes).get(year)
    if survey is None:
        return None
    d = survey[(survey["group_dimension"] == "Disability") & survey["group_value"].isin(["Disabled", "Non-disabled"])]
    if d.empty:
        return None
    q = d[d["question"] == d.groupby("question")["responses"].sum().idxmax()]
    return float(q.loc[q["group_value"] == "Disabled", "responses"].sum() / q["responses"].sum() * 100)


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
    for key in ("ethnicity", "disability"):
        if key in rep.comparisons:
            items.append(gap_sentence(rep, key))
            if key == "ethnicity" and (hidden := hidden_by_aggregate(rep)):
                items.append(hidden)
    t = rep.trend["median_gap"].dropna()
    if len(t) >= 2:
        first_year = t.index[0]
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


def _within_shown(rep: GpgReport, within: pd.DataFrame, reference: str = _REF, focus: str = _FOCUS,
                  labels: tuple[str, str] = ("Women", "Men")) -> pd.DataFrame:
    n = within[[f"n_{focus}", f"n_{reference}"]]
    n_shown = suppress(n, min_count=rep.min_count, mode=rep.mode)
    both = n.min(axis=1)
    out = pd.DataFrame(index=within.index)
    out[labels[0]] = n_shown[f"n_{focus}"]
    out[labels[1]] = n_shown[f"n_{reference}"]
    for group, label in ((focus, labels[0]), (reference, labels[1])):
        out[f"{label} median £/h"] = suppress(within[f"median_{group}"], counts=within[f"n_{group}"],
                                              min_count=rep.min_group, mode=rep.mode, secondary=False)
    for col, label in (("median_gap", "Median gap"), ("mean_gap", "Mean gap")):
        out[label] = suppress(within[col], counts=both, min_count=rep.min_group, mode=rep.mode, secondary=False)
    return out


def _within_formats(labels: tuple[str, str]) -> dict:
    return {labels[0]: display.fmt_count, labels[1]: display.fmt_count, f"{labels[0]} median £/h": display.fmt_gbp,
            f"{labels[1]} median £/h": display.fmt_gbp, "Median gap": display.fmt_pct, "Mean gap": display.fmt_pct}


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
        shown, f"Hourly pay by pay band, 31 March {rep.year}", formats=_within_formats(("Women", "Men")),
        notes=[f"Counts of 1 to {rep.min_count - 1} are shown as <{rep.min_count} and a second cell as * so they "
               f"cannot be worked out from totals; pay figures need at least {rep.min_group} people in each group."],
    )


def staff_group_table(rep: GpgReport, key: str = "sex") -> display.Table:
    """Counts, median hourly pay and gaps within each staff group (medical and dental vs Agenda for Change)."""
    comp = rep.comparisons[key]
    order = [g for g in inputs.STAFF_GROUPS if g in set(rep.staff["staff_group"])]
    within = pay_gaps_within(rep.staff, "staff_group", comp.column, comp.reference, comp.focus, order=order)
    labels = ("Women", "Men") if key == "sex" else (comp.focus, comp.reference)
    shown = _within_shown(rep, within, comp.reference, comp.focus, labels)
    shown.index.name = "Staff group"
    return display.Table(shown, f"Hourly pay by staff group: {labels[0]} and {labels[1]}",
                         formats=_within_formats(labels))


def recruitment_route_table(rep: GpgReport) -> display.Table | display.Html:
    """Ethnicity pay gaps for UK-recruited and internationally recruited staff separately.

    International recruits fill many band 5 nursing and medical posts; pooled with UK-recruited staff they can
    make an aggregate ethnicity figure look better or worse than either group's experience.
    """
    if "ethnicity_route" not in rep.group_tables:
        return display.note("International recruitment is not recorded (column international_recruit), so the "
                            "ethnicity gap cannot be split by recruitment route.", "missing")
    comp = rep.comparisons["ethnicity"]
    return group_table(rep, "ethnicity_route",
                       f"Hourly pay of {comp.focus} staff by recruitment route, compared with all {comp.reference} staff")


def _route_table(staff: pd.DataFrame, column: str, reference: str, min_group: int) -> pd.DataFrame | None:
    if "international_recruit" not in staff.columns or staff["international_recruit"].isna().all():
        return None
    route = staff["international_recruit"].map({True: "internationally recruited", False: "UK-recruited"})
    label = (staff[column] + ", " + route).where(route.notna() & (staff[column] != groups.UNKNOWN), groups.UNKNOWN)
    frame = staff.assign(ethnicity_route=label.where(staff[column] != reference, reference).astype("string"))
    return group_pay_gaps(frame, "ethnicity_route", reference, min_group=min_group)


def hidden_by_aggregate(rep: GpgReport) -> str | None:
    """A sentence when a recruitment-route subgroup's median gap is clearly worse than the aggregate's."""
    table = rep.group_tables.get("ethnicity_route")
    comp = rep.comparisons["ethnicity"]
    overall = comp.result.median_gap
    if table is None or overall is None or not _shown(rep, *comp.result.n_full_pay.values()):
        return None
    rows = table[~table["suppressed"] & table["median_gap"].notna()]
    rows = rows[rows["median_gap"] >= overall + 5]
    if rows.empty:
        return None
    group, row = next(rows.sort_values("median_gap", ascending=False).iterrows())
    return (f"The aggregate hides a wider gap: {group} staff's median pay is {row['median_gap']:.1f}% below White staff's, "
            f"against {overall:.1f}% for all {comp.focus} staff, because internationally recruited staff sit in "
            "different posts and pay points.")


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


# --- Every characteristic (HIA 3) ----------------------------------------------

_CHARACTERISTIC_WORDS = {"sex": ("men", "women"), "ethnicity": None, "disability": ("non-disabled staff", "disabled staff")}


def _names(comp: Comparison) -> tuple[str, str]:
    words = _CHARACTERISTIC_WORDS.get(comp.characteristic)
    if words:
        return words
    return f"{comp.reference} staff", f"{comp.focus} staff"


WIDE_INTERVAL = 10.0  # percentage points: wider than this, a gap is flagged as imprecise


def _reading(low: float, high: float, focus: str) -> str:
    if np.isnan(low) or np.isnan(high):
        return "not enough data to judge"
    if low > 0:
        text = f"a clear gap: {focus} are paid less"
    elif high < 0:
        text = f"a clear gap: {focus} are paid more"
    else:
        text = "within noise: no clear gap either way"
    if high - low > WIDE_INTERVAL:
        text += "; the interval is wide (small or very varied groups), so treat the figure with caution"
    return text


def gap_sentence(rep: GpgReport, key: str) -> str:
    """One sentence on a binary comparison's median gap, its interval and what it means."""
    comp = rep.comparisons[key]
    ref, foc = _names(comp)
    r = comp.result
    if not _shown(rep, *r.n_full_pay.values()):
        return f"Too few {foc} or {ref} are in scope for a {key} pay gap to be published."
    lo, hi = comp.ci["median_gap"]
    value = r.median_gap
    if value is None:
        return f"The median {key} pay gap cannot be calculated."
    direction = "lower" if value > 0 else "higher"
    return (f"The median hourly pay of {foc} is {abs(value):.1f}% {direction} than that of {ref} "
            f"(95% interval {lo:.1f}% to {hi:.1f}%: {_reading(lo, hi, foc)}).")


def comparison_table(rep: GpgReport, key: str) -> display.Table:
    """The statutory measures for a binary comparison (e.g. White vs BME), with intervals and a plain reading."""
    comp = rep.comparisons[key]
    r = comp.result
    ref, foc = _names(comp)
    hourly_ok = _shown(rep, *r.n_full_pay.values())
    bonus_ok = _shown(rep, *r.n_bonus.values())
    hidden = f"<{rep.min_group} in a group"

    def val(ok: bool, x: float | None) -> str:
        return hidden if not ok else ("n/a" if x is None else display.fmt_pct(x))

    def interval(name: str) -> str:
        lo, hi = comp.ci[name]
        return "" if not hourly_ok or np.isnan(lo) else f"{lo:.1f}% to {hi:.1f}%"

    def reading(name: str) -> str:
        return "" if not hourly_ok else _reading(*comp.ci[name], foc)

    rows = [
        ("Mean hourly pay gap", val(hourly_ok, r.mean_gap), interval("mean_gap"), reading("mean_gap")),
        ("Median hourly pay gap", val(hourly_ok, r.median_gap), interval("median_gap"), reading("median_gap")),
        ("Mean bonus gap", val(bonus_ok, r.mean_bonus_gap), "", ""),
        ("Median bonus gap", val(bonus_ok, r.median_bonus_gap), "", ""),
        (f"Receiving a bonus: {ref}", val(_shown(rep, r.n_relevant[comp.reference]), r.bonus_proportion[comp.reference])
         if r.n_bonus[comp.reference] >= rep.min_count or rep.internal else f"<{rep.min_count} people", "", ""),
        (f"Receiving a bonus: {foc}", val(_shown(rep, r.n_relevant[comp.focus]), r.bonus_proportion[comp.focus])
         if r.n_bonus[comp.focus] >= rep.min_count or rep.internal else f"<{rep.min_count} people", "", ""),
    ]
    frame = pd.DataFrame(rows, columns=["Measure", str(rep.year), "95% interval", "Reading"]).set_index("Measure")
    counts = suppress(pd.Series([r.n_full_pay[comp.reference], r.n_full_pay[comp.focus]]), min_count=rep.min_count,
                      mode=rep.mode, secondary=False)
    return display.Table(
        frame, f"{key.capitalize()} pay gap: {comp.focus} compared with {comp.reference}, 31 March {rep.year}",
        text_columns=("Reading",),
        notes=[f"Full-pay relevant staff: {display.fmt_count(counts.iloc[0])} {ref}, {display.fmt_count(counts.iloc[1])} "
               f"{foc}. Staff whose {key} is not recorded are left out of every gap.",
               "Intervals come from resampling the staff 1,000 times (a bootstrap): they show how far the gap could "
               "move by chance with a slightly different set of people. Where an interval includes zero, the gap is "
               "not distinguishable from noise and should not be ranked or rated."])


def quartile_composition(rep: GpgReport, key: str) -> display.Table:
    """Each group's share of each pay quartile, Unknown included so shares add up to 100."""
    comp = rep.comparisons[key]
    fp = rep.staff[rep.staff["full_pay_relevant"].fillna(False).astype(bool) & rep.staff["hourly_rate"].notna()]
    counts = allocate_quartiles(fp["hourly_rate"], fp[comp.column])
    order = [g for g in (comp.reference, comp.focus, groups.UNKNOWN) if g in counts.columns]
    counts = counts[order]
    shown = suppress(counts, min_count=rep.min_count, mode=rep.mode)
    pct = suppress(counts.div(counts.sum(axis=1), axis=0) * 100, counts=counts, min_count=rep.min_count, mode=rep.mode)
    table = pd.DataFrame({**{f"{g} (n)": shown[g] for g in order}, **{f"{g} %": pct[g] for g in order}})
    table.index.name = "Quartile"
    fmt = {c: (display.fmt_count if c.endswith("(n)") else display.fmt_pct) for c in table.columns}
    return display.Table(table, f"Pay quartiles by {key}", formats=fmt, collapsed=True)


def group_table(rep: GpgReport, key: str, caption: str) -> display.Table | display.Html:
    """Pay and gaps for every group of a characteristic against its reference (merged or suppressed if small)."""
    if key == "ethnicity_detailed" and rep.params.ethnicity_level != "detailed":
        return display.Html("")  # switched off in params (ethnicity_level)
    if key not in rep.group_tables:
        return display.note(f"{caption}: not shown (the reference group is not present in the data).", "missing")
    t = rep.group_tables[key]
    reference = t.index[0]
    counts = suppress(t["n_relevant"], min_count=rep.min_count, mode=rep.mode)
    rows = []
    for (group, row), n_shown in zip(t.iterrows(), counts):
        small = (row["n"] < rep.min_group) and not rep.internal
        if group == reference:
            status = "reference"
        elif group == groups.UNKNOWN:
            status = "not recorded: excluded from gaps"
        elif row["suppressed"]:
            status = "too few to report, even combined"
        else:
            status = ""
        gap = (lambda v: "–" if group in (reference, groups.UNKNOWN) else
               (f"<{rep.min_group}" if (small or row["suppressed"]) and not rep.internal else v))
        rows.append({
            "Group": group, "Staff": n_shown,
            "% of staff": "*" if isinstance(n_shown, str) else row["share_pct"],
            "Median £/h": f"<{rep.min_group}" if small or row["suppressed"] else row["median_hourly"],
            "Mean gap": gap(row["mean_gap"]), "Median gap": gap(row["median_gap"]),
            "Note": status,
        })
    frame = pd.DataFrame(rows).set_index("Group")
    return display.Table(
        frame, caption, text_columns=("Note",),
        formats={"Staff": display.fmt_count, "% of staff": display.fmt_pct, "Median £/h": display.fmt_gbp,
                 "Mean gap": display.fmt_pct, "Median gap": display.fmt_pct},
        notes=[f"Gaps compare each group with {reference}; positive means the group is paid less. Groups with fewer "
               f"than {rep.min_group} full-pay relevant staff are combined with other small groups, or not reported. "
               "n/a: not calculable."])


def declaration_note(rep: GpgReport) -> display.Html:
    """Declaration rates, and the staff record's disability share beside the staff survey's."""
    eth = rep.comparisons["ethnicity"].declaration_rate
    dis = rep.comparisons["disability"].declaration_rate
    disabled = (rep.staff["disability_status"] == "Disabled").mean() * 100
    text = (f"Ethnicity is recorded for {eth:.1f}% of staff and disability for {dis:.1f}%. {disabled:.1f}% of staff are "
            "recorded as disabled on the staff record")
    if rep.survey_disabled_pct is not None:
        text += (f", against {rep.survey_disabled_pct:.1f}% of staff survey respondents who report a long-term condition "
                 "or illness. Disability pay gaps from the staff record describe only those who have told the trust, "
                 "and should be read with that caution.")
    else:
        text += "."
    if rep.data_quality:
        text += " Data quality: " + " ".join(rep.data_quality)
    return display.note(text, "caution" if dis < 90 or rep.data_quality else "info")


def drivers_table(rep: GpgReport) -> display.Table:
    """How much of each mean gap comes from where groups sit in the pay structure, and how much from pay within bands."""
    rows = {}
    for key, d in rep.decompositions.items():
        comp = rep.comparisons[key]
        rows[f"{comp.focus} vs {comp.reference}"] = {
            "Mean gap": d["mean_gap"], "From where groups sit (bands)": d["structure"],
            "From pay within bands": d["within"]}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "Comparison"
    return display.Table(
        frame, "What drives the mean hourly gap", formats={c: display.fmt_pct for c in frame.columns},
        notes=["'Where groups sit' is the gap that would remain if every band paid both groups its own average "
               "rate: it comes from one group being more often in higher-paid bands and grades. 'Pay within bands' "
               "is the rest: different pay for people in the same band (pay points, enhancements, awards). The two "
               "add up to the mean gap (a twofold decomposition with pooled band averages)."])


def award_gap_table(rep: GpgReport) -> display.Table | display.Html:
    """Bonus gaps by type of award (Clinical Excellence Awards, National Clinical Impact Awards)."""
    if rep.award_gaps is None or rep.award_gaps.empty:
        return display.note("No award types are recorded, so bonus gaps cannot be split by award.", "missing")
    a = rep.award_gaps
    counts = a[[f"n_{_FOCUS}", f"n_{_REF}"]]
    shown = suppress(counts, min_count=rep.min_count, mode=rep.mode)
    both = counts.min(axis=1)
    frame = pd.DataFrame({
        "Women": shown[f"n_{_FOCUS}"], "Men": shown[f"n_{_REF}"],
        "Mean bonus gap": suppress(a["mean_gap"], counts=both, min_count=rep.min_group, mode=rep.mode, secondary=False),
        "Median bonus gap": suppress(a["median_gap"], counts=both, min_count=rep.min_group, mode=rep.mode,
                                     secondary=False),
    }, index=a.index)
    frame.index.name = "Award"
    return display.Table(frame, "Bonus gaps by type of award (recipients only)",
                         formats={"Women": display.fmt_count, "Men": display.fmt_count,
                                  "Mean bonus gap": display.fmt_pct, "Median bonus gap": display.fmt_pct})


def targets_view(rep: GpgReport) -> display.Html:
    """Each target's path, the observed gaps with intervals, and a plain verdict."""
    if not rep.targets:
        return display.note("No pay gap targets are set. Add 'pay_gap_targets' to the params file (characteristic, "
                            "measure, target, target_year, optionally baseline_year) to track progress here.", "missing")
    words = {"on_track": "on track", "behind_within_uncertainty": "behind the path, but within the uncertainty",
             "off_track": "off track: behind the path by more than chance explains",
             "insufficient_data": "not yet judged: too little data"}
    parts: list[object] = []
    for target, track in rep.targets:
        comp = rep.comparisons[target["characteristic"]]
        ref_words, focus_words = _names(comp)
        measure = target["measure"].replace("_", " ")
        latest = track.iloc[-1]
        sentence = (f"Target: {measure} between {focus_words} and {ref_words} of {target['target']:.1f}% by "
                    f"{target['target_year']} (from {track.iloc[0]['value']:.1f}% in {track.index[0]}). In "
                    f"{track.index[-1]} the gap was {latest['value']:.1f}% (95% interval {latest['low']:.1f}% to "
                    f"{latest['high']:.1f}%) against a milestone of {latest['milestone']:.1f}%: {words[latest['status']]}.")
        parts.append(display.note(sentence, "info" if latest["status"] == "on_track" else "caution"))
        parts.append(charts.target_chart(
            track, target_year=int(target["target_year"]), target_value=float(target["target"]),
            title=f"{comp.characteristic.capitalize()} {measure}: progress to target",
            ylabel=f"{measure.capitalize()}, %",
            alt=f"Chart of the {measure} between {comp.focus} and {comp.reference} by year with 95% intervals, against "
                f"a straight path to {target['target']:.1f}% in {target['target_year']}. " + "; ".join(
                    f"{y}: {r['value']:.1f}% (milestone {r['milestone']:.1f}%)" for y, r in track.iterrows()) + ".",
            caption="Blue points are the observed gaps with their 95% intervals; the dashed green line is the path "
                    "from the baseline to the target. A year is off track only when its whole interval lies above the path."))
    return display.stack(parts)


def national_view(rep: GpgReport) -> display.Html:
    """The trust's median gap among every NHS trust's published returns, and among trusts of its type."""
    if rep.national is None:
        return display.note(rep.national_problem or "National data is not available.", "missing")
    nat = rep.national[~rep.national["reporting_year"].str.startswith("2023-24")]  # a partial download
    published = sorted(set(nat["snapshot_year"]) & set(rep.trend.index))
    year = published[-1] if published else int(nat["snapshot_year"].max())
    value = rep.trend.loc[year, "median_gap"] if year in rep.trend.index else rep.result.median_gap
    if value is None or pd.isna(value):
        return display.note("The trust's median gap is not available for the comparison year.", "missing")
    same_year = nat[nat["snapshot_year"] == year]
    peers = same_year[same_year["trust_type"] == rep.params.trust_type]["median_gap"]
    pos = benchmark.position(float(value), same_year["median_gap"])
    ryear = same_year["reporting_year"].iloc[0]
    text = (f"For the snapshot of 31 March {year} (reporting year {ryear}), the trust's median gap of {value:.1f}% is "
            f"higher than {pos.pct_lower:.0f}% of the {pos.n} NHS trusts that published (national median "
            f"{pos.median:.1f}%): the {pos.quartile}.")
    if len(peers.dropna()) >= 5:
        ppos = benchmark.position(float(value), peers)
        text += (f" Among {ppos.n} {rep.params.trust_type.lower()} trusts it is higher than {ppos.pct_lower:.0f}% "
                 f"(median {ppos.median:.1f}%).")
    if rep.params.synthetic:
        text += " This trust is fictional: it is placed as if it had reported."
    if year != rep.year:
        text += f" {rep.year} returns are not yet published, so the comparison uses {year}."
    chart = charts.distribution_chart(
        same_year["median_gap"], float(value), peers=peers,
        title=f"Median gender pay gap of NHS trusts, {ryear}", xlabel="Median hourly pay gap, %",
        marker_label="This trust", alt=f"Histogram of the median gender pay gap of {pos.n} NHS trusts in {ryear}; "
        f"this trust's {value:.1f}% is marked, higher than {pos.pct_lower:.0f}% of trusts; national median {pos.median:.1f}%.",
        caption="Each bar counts trusts with a median gap in that range; hatched bars are trusts of the same type. "
                "Published returns from the GOV.UK gender pay gap service.")
    return display.stack([display.note(text, "info"), chart])
