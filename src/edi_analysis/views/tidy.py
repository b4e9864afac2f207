"""A trust's report tables as analysts load them: one wide table per topic (for Excel) and one long table (for Power BI).

Both come from the PUBLISHED results of the trust's reports (``Policy.from_params(...).apply(res)``), so every cell
is the cell the HTML report publishes: hidden where it is hidden, with the same marker (``<5``, ``*``,
``suppressed``). Figures are rounded to the precision the reports show (1 dp for percentages, 2 dp for money and
ratios), so an export never states a figure more exactly than the page a reader can compare it with.

:data:`CATALOGUE` says which tables of which report go out, with plain-English captions, column labels and units.
:func:`wide_tables` gives them as display tables (the workbook's sheets); :func:`long_rows` melts the same tables
into one row per trust, report, table, group(s) and measure (the all-trusts table); :data:`DICTIONARY` describes
that table's columns.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from ..disclosure import is_hidden, require_published
from ..metrics.harassment import MEASURES as SURVEY_LABELS

__all__ = [
    "CATALOGUE",
    "DICTIONARY",
    "LONG_COLUMNS",
    "N_GROUPS",
    "REPORTS",
    "UNITS",
    "Measure",
    "TableDef",
    "long_rows",
    "round_value",
    "wide_tables",
]

#: unit -> (what it means, decimals shown)
UNITS: dict[str, tuple[str, int]] = {
    "count": ("number of people or events", 0),
    "percent": ("percentage (0 to 100)", 1),
    "pp": ("difference in percentage points", 1),
    "gbp": ("pounds sterling", 2),
    "ratio": ("ratio (1 means no difference)", 2),
    "rate": ("events per 1,000 staff in a year", 1),
    "number": ("as the measure says (percent, or per 1,000 staff)", 1),
}

#: report key -> sheet name / report title
REPORTS: dict[str, str] = {"pay_gaps": "Pay gaps", "wres": "WRES", "wdes": "WDES",
                           "bullying_harassment": "Bullying and harassment", "trends": "Trends",
                           "directorates": "Directorates"}


@dataclass(frozen=True)
class Measure:
    """One published column: its results name, its label (``{focus}``/``{reference}`` filled in) and unit."""

    column: str
    label: str
    unit: str


@dataclass(frozen=True)
class TableDef:
    """One exported table: which results table, which columns say what a row is, which columns are figures.

    ``source`` names a results table; ``"field.*"`` takes every table of a mapping field, one after another,
    with the key as the first group (``part_label``). ``measures`` may be a function of the frame and the results
    (for tables whose columns depend on the trust's groups). ``prepare`` adds context columns from elsewhere in
    the same published results (never a figure).
    """

    report: str
    name: str
    caption: str
    source: str
    groups: tuple[tuple[str, str], ...]
    measures: tuple[Measure, ...] | Callable[[pd.DataFrame, object], tuple[Measure, ...]]
    part_label: str = ""
    part_names: Mapping[str, str] = field(default_factory=dict)
    prepare: Callable[[pd.DataFrame, object], pd.DataFrame] | None = None
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


_COMPARISONS = {"comparison": {"sex": "Sex", "ethnicity": "Ethnicity", "disability": "Disability"}}


def _m(*items: tuple[str, str, str]) -> tuple[Measure, ...]:
    return tuple(Measure(*i) for i in items)


def _representation_measures(frame: pd.DataFrame, pub: object) -> tuple[Measure, ...]:
    names = [c for c in frame.columns if f"pct_{c}" in frame.columns and c not in ("total", "known")]
    out = [Measure(g, f"{g}: staff", "count") for g in names]
    out += [Measure("total", "All staff", "count")]
    out += [Measure(f"pct_{g}", f"{g}: % of staff", "percent") for g in names]
    out += [Measure("pct_declared", "Recorded: % of staff", "percent")]
    return tuple(m for m in out if m.column in frame.columns)


def _pay_names(frame: pd.DataFrame, pub: object) -> pd.DataFrame:
    """Name the groups each pay comparison sets side by side (from the published gaps table: labels, not figures)."""
    names = pub.gaps[["comparison", "reference", "focus"]].drop_duplicates("comparison")  # type: ignore[attr-defined]
    return frame.merge(names, on="comparison", how="left", suffixes=("", "_names"))


def _survey_labels(frame: pd.DataFrame, pub: object) -> pd.DataFrame:
    out = frame.copy()
    out["measure"] = [SURVEY_LABELS.get(m, m) for m in out["measure"]]
    return out


_STANDARD_TABLES = (
    ("representation", "Workforce by pay level and group (indicator 1)", "representation",
     (("years", "Year"), ("staff_type", "Staff type"), ("level", "Pay level")), _representation_measures),
    ("likelihoods", "Relative likelihoods (indicators 2 to 4), with 95% intervals", "likelihoods",
     (("indicator", "Indicator"), ("years", "Years"), ("basis", "Basis"), ("subgroup", "Subgroup"),
      ("focus", "Group"), ("reference", "Compared with")),
     _m(("focus_events", "Group: events", "count"), ("focus_n", "Group: staff", "count"),
        ("reference_events", "Compared with: events", "count"), ("reference_n", "Compared with: staff", "count"),
        ("rl", "Relative likelihood", "ratio"), ("low", "Interval: low", "ratio"), ("high", "Interval: high", "ratio"))),
    ("survey", "Staff survey indicators", "survey",
     (("year", "Report year"), ("survey_year", "Survey year"), ("number", "Indicator"), ("question", "Question")),
     _m(("focus_responses", "{focus}: responses", "count"), ("focus_positive", "{focus}: answered yes", "count"),
        ("focus_pct", "{focus}: %", "percent"), ("reference_responses", "{reference}: responses", "count"),
        ("reference_positive", "{reference}: answered yes", "count"), ("reference_pct", "{reference}: %", "percent"),
        ("diff", "Difference", "pp"))),
    ("adjustments", "Reasonable adjustments (WDES 9a)", "adjustments", (("year", "Year"), ("question", "Question")),
     _m(("responses", "Responses", "count"), ("positive", "Answered yes", "count"), ("pct", "%", "percent"))),
    ("board", "Board membership", "board", (("board", "Board"),),
     _m(("members", "Members", "count"), ("focus", "{focus} members", "count"), ("pct_board", "{focus}: % of board",
        "percent"), ("diff_pp", "Board minus workforce", "pp"))),
)

_PAY_ROWS = (("n_reference", "Reference group: staff", "count"), ("n_focus", "Focus group: staff", "count"),
             ("mean_reference", "Reference group: mean hourly pay", "gbp"),
             ("mean_focus", "Focus group: mean hourly pay", "gbp"),
             ("median_reference", "Reference group: median hourly pay", "gbp"),
             ("median_focus", "Focus group: median hourly pay", "gbp"),
             ("mean_gap", "Mean gap (%)", "percent"), ("median_gap", "Median gap (%)", "percent"))

_PAY_TABLES = (
    TableDef("pay_gaps", "gaps", "Pay gaps: the statutory measures, with 95% intervals", "gaps",
             (("comparison", "Comparison"), ("year", "Year"), ("reference", "Reference group"),
              ("focus", "Focus group")),
             _m(("n_full_pay_reference", "Reference group: full-pay staff", "count"),
                ("n_full_pay_focus", "Focus group: full-pay staff", "count"),
                ("mean_hourly_reference", "Reference group: mean hourly pay", "gbp"),
                ("mean_hourly_focus", "Focus group: mean hourly pay", "gbp"),
                ("median_hourly_reference", "Reference group: median hourly pay", "gbp"),
                ("median_hourly_focus", "Focus group: median hourly pay", "gbp"),
                ("mean_gap", "Mean gap (%)", "percent"), ("mean_gap_low", "Mean gap: interval low", "percent"),
                ("mean_gap_high", "Mean gap: interval high", "percent"), ("median_gap", "Median gap (%)", "percent"),
                ("median_gap_low", "Median gap: interval low", "percent"),
                ("median_gap_high", "Median gap: interval high", "percent"),
                ("bonus_pct_reference", "Reference group: % paid a bonus", "percent"),
                ("bonus_pct_focus", "Focus group: % paid a bonus", "percent"),
                ("mean_bonus_gap", "Mean bonus gap (%)", "percent"),
                ("median_bonus_gap", "Median bonus gap (%)", "percent")), labels=_COMPARISONS),
    TableDef("pay_gaps", "quartiles", "Pay quartiles: who is in each quarter of the pay range", "quartiles",
             (("comparison", "Comparison"), ("year", "Year"), ("quartile", "Quartile"),
              ("reference", "Reference group"), ("focus", "Focus group")),
             _m(("n_reference", "Reference group: staff", "count"), ("n_focus", "Focus group: staff", "count"),
                ("n_unknown", "Not recorded: staff", "count"), ("pct_reference", "Reference group: %", "percent"),
                ("pct_focus", "Focus group: %", "percent"), ("pct_unknown", "Not recorded: %", "percent")),
             prepare=_pay_names, labels=_COMPARISONS),
    TableDef("pay_gaps", "bands", "Pay gaps within each pay band", "bands",
             (("comparison", "Comparison"), ("year", "Year"), ("level", "Pay band"), ("reference", "Reference group"),
              ("focus", "Focus group")), _m(*_PAY_ROWS), prepare=_pay_names, labels=_COMPARISONS),
    TableDef("pay_gaps", "staff_groups", "Pay gaps within each staff group", "staff_groups",
             (("comparison", "Comparison"), ("year", "Year"), ("level", "Staff group"),
              ("reference", "Reference group"), ("focus", "Focus group")), _m(*_PAY_ROWS), prepare=_pay_names, labels=_COMPARISONS),
    TableDef("pay_gaps", "awards", "Clinical excellence awards", "awards",
             (("comparison", "Comparison"), ("year", "Year"), ("award", "Award"), ("reference", "Reference group"),
              ("focus", "Focus group")),
             _m(("n_reference", "Reference group: award holders", "count"),
                ("n_focus", "Focus group: award holders", "count"),
                ("mean_reference", "Reference group: mean award", "gbp"),
                ("mean_focus", "Focus group: mean award", "gbp"),
                ("mean_gap", "Mean gap (%)", "percent"), ("median_gap", "Median gap (%)", "percent")),
             prepare=_pay_names, labels=_COMPARISONS),
    TableDef("pay_gaps", "groups", "Pay gaps by other characteristics and intersections", "groups.*",
             (("group", "Group"), ("role", "Role"), ("year", "Year")),
             _m(("n", "Full-pay staff", "count"), ("share_pct", "% of staff", "percent"),
                ("mean_hourly", "Mean hourly pay", "gbp"), ("median_hourly", "Median hourly pay", "gbp"),
                ("mean_gap", "Mean gap (%)", "percent"), ("median_gap", "Median gap (%)", "percent")),
             part_label="Breakdown",
             part_names={"ethnicity_census5": "Ethnicity (Census 2021 groups)", "sexual_orientation":
                         "Sexual orientation", "religion": "Religion or belief", "age_band": "Age band",
                         "sex_ethnicity": "Sex and ethnicity", "sex_disability": "Sex and disability",
                         "ethnicity_route": "Ethnicity and recruitment route"}),
    TableDef("pay_gaps", "scope", "Staff in scope of the pay gap measures", "scope",
             (("year", "Year"), ("group", "Group")),
             _m(("relevant", "Relevant employees", "count"), ("full_pay", "Full-pay relevant employees", "count"),
                ("bank", "Bank staff", "count"))),
)

_HARASSMENT_TABLES = (
    TableDef("bullying_harassment", "survey", "Staff survey: harassment, violence and discrimination by group",
             "survey", (("survey_year", "Survey year"), ("measure", "Measure"), ("dimension", "Characteristic"),
                        ("group", "Group"), ("reference", "Compared with")),
             _m(("responses", "Responses", "count"), ("positive", "Answered yes", "count"), ("pct", "%", "percent"),
                ("low", "Interval: low", "percent"), ("high", "Interval: high", "percent"),
                ("gap", "Difference from comparison group", "pp"), ("gap_low", "Difference: interval low", "pp"),
                ("gap_high", "Difference: interval high", "pp")), prepare=_survey_labels),
    TableDef("bullying_harassment", "rates", "Cases and incidents per 1,000 staff", "rates",
             (("year", "Year"), ("dimension", "Characteristic"), ("source", "Record"), ("group", "Group"),
              ("reference", "Compared with")),
             _m(("events", "Events", "count"), ("headcount", "Staff", "count"), ("rate", "Rate per 1,000 staff", "rate"),
                ("low", "Interval: low", "rate"), ("high", "Interval: high", "rate"),
                ("ratio", "Ratio to comparison group", "ratio"))),
    TableDef("bullying_harassment", "national", "The trust beside similar trusts (staff survey)", "national",
             (("survey_year", "Survey year"), ("measure", "Measure")),
             _m(("responses", "Responses", "count"), ("positive", "Answered yes", "count"), ("pct", "%", "percent"),
                ("peer_median", "Similar trusts: median %", "percent"),
                ("peer_best_quartile", "Similar trusts: best quarter %", "percent")), prepare=_survey_labels),
)

_TRENDS_TABLES = (
    TableDef("trends", "series", "Quarterly trends (statistical process control)", "series.*",
             (("period_end", "Quarter ending"), ("group", "Group")),
             _m(("numerator", "Staff or events", "count"), ("denominator", "Staff", "count"),
                ("value", "Value", "number"), ("mean", "Centre line", "number"),
                ("lpl", "Lower process limit", "number"), ("upl", "Upper process limit", "number")),
             part_label="Measure",
             part_names={"bme_senior": "BME staff in bands 8a and above (%)",
                         "disabled_share": "Staff recorded as disabled (%)",
                         "disability_declared": "Disability recorded (%)",
                         "ethnicity_declared": "Ethnicity recorded (%)",
                         "disciplinary_bme": "Formal disciplinary entries per 1,000 staff: BME",
                         "disciplinary_white": "Formal disciplinary entries per 1,000 staff: White",
                         "capability_disabled": "Formal capability entries per 1,000 staff: disabled",
                         "capability_non_disabled": "Formal capability entries per 1,000 staff: non-disabled"}),
)

_DIRECTORATE_TABLES = (
    TableDef("directorates", "representation", "Representation by directorate and pay level, with 95% intervals",
             "representation", (("standard", "Standard"), ("directorate", "Directorate"), ("level", "Pay level"),
                                ("focus", "Group"), ("reference", "Compared with")),
             _m(("n_focus", "Group: staff", "count"), ("n_reference", "Compared with: staff", "count"),
                ("n_unknown", "Not recorded: staff", "count"), ("total", "All staff", "count"),
                ("pct_focus", "Group: % of staff", "percent"), ("pct_low", "Interval: low", "percent"),
                ("pct_high", "Interval: high", "percent"))),
    TableDef("directorates", "pay_gaps", "Pay gaps by directorate, with 95% intervals", "pay_gaps",
             (("comparison", "Comparison"), ("directorate", "Directorate"), ("reference", "Reference group"),
              ("focus", "Focus group")), _m(*_PAY_ROWS[:6], ("mean_gap", "Mean gap (%)", "percent"),
                                            ("mean_gap_low", "Mean gap: interval low", "percent"),
                                            ("mean_gap_high", "Mean gap: interval high", "percent"),
                                            ("median_gap", "Median gap (%)", "percent"),
                                            ("median_gap_low", "Median gap: interval low", "percent"),
                                            ("median_gap_high", "Median gap: interval high", "percent")),
             labels=_COMPARISONS),
    TableDef("directorates", "process_entry", "Entering formal processes by directorate (indicator 3), with 95% "
             "intervals", "process_entry", (("standard", "Standard"), ("directorate", "Directorate"), ("years", "Years"),
                                            ("focus", "Group"), ("reference", "Compared with")),
             _m(("focus_events", "Group: entered", "count"), ("focus_n", "Group: staff", "count"),
                ("reference_events", "Compared with: entered", "count"), ("reference_n", "Compared with: staff", "count"),
                ("rl", "Relative likelihood", "ratio"), ("low", "Interval: low", "ratio"),
                ("high", "Interval: high", "ratio"))),
)

#: Every exported table, in workbook order.
CATALOGUE: tuple[TableDef, ...] = (
    *_PAY_TABLES,
    *(TableDef(std, name, caption, source, groups, measures,
               labels={"basis": {"year": "Single year", "pooled": "Years pooled"}})
      for std in ("wres", "wdes") for name, caption, source, groups, measures in _STANDARD_TABLES),
    *_HARASSMENT_TABLES,
    *_TRENDS_TABLES,
    *_DIRECTORATE_TABLES,
)
N_GROUPS = 1 + max(len(t.groups) for t in CATALOGUE)


def round_value(value: object, unit: str) -> object:
    """A published cell at the precision the reports show: markers pass through, missing stays missing."""
    if is_hidden(value) or value is None or isinstance(value, bool):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    decimals = UNITS[unit][1]
    return round(float(value)) if decimals == 0 else round(float(value), decimals)


def _text(value: object) -> str:
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value)


def _frame(tdef: TableDef, pub: object) -> pd.DataFrame | None:
    if tdef.source.endswith(".*"):
        tables = getattr(pub, tdef.source[:-2], None) or {}
        parts = [f.reset_index(drop=True).assign(_part=tdef.part_names.get(k, k.replace("_", " ").capitalize()))
                 for k, f in tables.items() if len(f)]
        frame = pd.concat(parts, ignore_index=True) if parts else None
    else:
        frame = getattr(pub, tdef.source, None)
    if frame is None or not len(frame):
        return None
    frame = frame.reset_index(drop=not any(frame.index.names))
    frame = tdef.prepare(frame, pub) if tdef.prepare else frame
    for col, names in tdef.labels.items():
        if col in frame.columns:
            frame[col] = [names.get(v, v) if isinstance(v, str) else v for v in frame[col]]
    return frame


def _groups(tdef: TableDef) -> tuple[tuple[str, str], ...]:
    return ((("_part", tdef.part_label),) if tdef.part_label else ()) + tdef.groups


def _measures(tdef: TableDef, frame: pd.DataFrame, pub: object) -> tuple[Measure, ...]:
    ms = tdef.measures(frame, pub) if callable(tdef.measures) else tdef.measures
    names = {"focus": getattr(pub, "focus", "Focus group"), "reference": getattr(pub, "reference", "Reference group")}
    return tuple(Measure(m.column, m.label.format(**names), m.unit) for m in ms if m.column in frame.columns)


def wide_tables(published: Mapping[str, object]) -> list[tuple[TableDef, pd.DataFrame, tuple[str, ...]]]:
    """Each catalogue table of the given reports as a display table.

    Parameters
    ----------
    published
        Report key (see :data:`REPORTS`) -> its published results; any subset.

    Returns
    -------
    list of (TableDef, DataFrame, units)
        Group columns (text) then measure columns (rounded numbers, hidden markers as published, ``None`` where
        a figure does not apply), headed by their labels; ``units`` gives each column's unit (``"text"`` for the
        group columns).
    """
    out = []
    for tdef in CATALOGUE:
        pub = published.get(tdef.report)
        if pub is None:
            continue
        require_published(pub)
        frame = _frame(tdef, pub)
        if frame is None:
            continue
        groups = [(c, label) for c, label in _groups(tdef) if c in frame.columns]
        measures = _measures(tdef, frame, pub)
        table = pd.DataFrame({label: [_text(v) for v in frame[c]] for c, label in groups})
        for m in measures:
            table[m.label] = pd.Series([round_value(v, m.unit) for v in frame[m.column]], dtype=object)
        units = ("text",) * len(groups) + tuple(m.unit for m in measures)
        out.append((tdef, table, units))
    return out


#: The long table's columns, their type and meaning (the data dictionary).
DICTIONARY: tuple[tuple[str, str, str], ...] = (
    ("trust_code", "text", "The trust's ODS code (fictional trusts: SYN01 to SYN08)"),
    ("trust_name", "text", "The trust's name"),
    ("trust_type", "text", "Trust type (acute, mental health and so on)"),
    ("region", "text", "NHS England region"),
    ("system", "text", "Integrated care system"),
    ("synthetic", "true/false", "True for a fictional trust whose data was generated to illustrate the method"),
    ("report_year", "whole number", "The report year the figures belong to"),
    ("not_for_publication", "true/false", ("True for an internal build: small numbers are not hidden, and the "
                                          "figures must stay inside the trust")),
    ("report", "text", "The report the table comes from: Pay gaps, WRES, WDES, Bullying and harassment, Trends"),
    ("table", "text", "Short name of the table within its report"),
    ("table_caption", "text", "The table's caption, as in the workbook"),
    ("row", "whole number", "Row number within the table (1 is the first), to keep the report's order"),
    *((f"group_{i}_name", "text", (f"What the row's {'first' if i == 1 else 'next'} grouping is (e.g. Year, Group);"
       " blank when the table has fewer groupings")) for i in range(1, N_GROUPS + 1)),
    *((f"group_{i}", "text", f"The row's value of grouping {i} (e.g. 2026, BME)") for i in range(1, N_GROUPS + 1)),
    ("measure", "text", "What the figure is (column label in the workbook)"),
    ("unit", "text", ("count, percent (0 to 100), pp (percentage points), gbp (pounds), ratio, rate (per 1,000 "
                     "staff a year) or number (as the measure says)")),
    ("value", "number or symbol", ("The figure as published, rounded as the reports show it. In the CSV a hidden "
                                  "figure shows its symbol (\"<\" and the publication threshold, * or "
                                  "suppressed); in the Parquet file it is blank")),
    ("suppressed", "true/false", "True when the figure is hidden to protect small numbers"),
    ("marker", "text", ("The symbol shown instead of a hidden figure (<N: a count from 1 to N-1, where N is the "
                       "smallest count the trust publishes, usually 5; *: hidden so that a small count cannot be "
                       "worked out; suppressed: a figure computed from hidden or too few figures); blank when shown")),
)
LONG_COLUMNS = [name for name, _, _ in DICTIONARY]


def long_rows(published: Mapping[str, object]) -> pd.DataFrame:
    """One trust's exported tables as one long table: one row per report, table, group(s) and measure.

    Figures that do not apply to a row (missing, not hidden) are left out; hidden figures stay, with their marker.

    Returns
    -------
    pandas.DataFrame
        :data:`LONG_COLUMNS`; ``value`` holds numbers (rounded as published) or the hidden marker text.
    """
    records = []
    trust = None
    for tdef, table, units in wide_tables(published):
        trust = published[tdef.report].trust  # type: ignore[attr-defined]
        n_groups = units.count("text")
        group_labels = list(table.columns[:n_groups])
        base = {"trust_code": trust.code, "trust_name": trust.name, "trust_type": trust.trust_type,
                "region": trust.region, "system": trust.system, "synthetic": bool(trust.synthetic),
                "report_year": int(trust.year),
                "not_for_publication": bool(published[tdef.report].publication.internal),  # type: ignore[attr-defined]
                "report": REPORTS[tdef.report], "table": tdef.name,
                "table_caption": tdef.caption}
        for i, row in enumerate(table.itertuples(index=False, name=None), start=1):
            groups = {}
            for k in range(N_GROUPS):
                groups[f"group_{k + 1}_name"] = group_labels[k] if k < n_groups else ""
                groups[f"group_{k + 1}"] = row[k] if k < n_groups else ""
            for label, unit, value in zip(table.columns[n_groups:], units[n_groups:], row[n_groups:]):
                if value is None:
                    continue
                hidden = is_hidden(value)
                records.append({**base, "row": i, **groups, "measure": label, "unit": unit,
                                "value": str(value) if hidden else value, "suppressed": hidden,
                                "marker": str(value) if hidden else ""})
    return pd.DataFrame(records, columns=LONG_COLUMNS)
