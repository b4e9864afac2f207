"""WRES/WDES staff survey tables and the year-on-year tables (metrics.md sections 5 and 8).

Survey percentages follow the NHS Staff Survey base rule (hidden under the policy's ``min_survey_base``
responses; the number of positive responses with them, since it gives the percentage away). The
year-on-year tables hold, for each indicator and year, that year's and the previous year's counts, both
figures and the change between them, so that a change is hidden whenever either figure is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..disclosure import Derived, Same, Spec
from ..metrics import survey, wdes, wres
from .standards_rl import ALL_STAFF

__all__ = ["SURVEY_SPECS", "survey_tables", "yoy_specs", "yoy_tables"]

_S = "survey_base"


def _group_derived(prefix: str) -> dict[str, Derived]:
    n = (f"{prefix}responses",)
    return {f"{prefix}positive": Derived(bases=n, base=_S), f"{prefix}pct": Derived(bases=n, base=_S),
            f"{prefix}low": Derived(of=(f"{prefix}pct",)), f"{prefix}high": Derived(of=(f"{prefix}pct",))}


SURVEY_SPECS: dict[str, Spec] = {
    "survey": Spec(public="none", derived={
        **_group_derived("focus_"), **_group_derived("reference_"),
        "diff": Derived(of=("focus_pct", "reference_pct"), bases=("focus_responses", "reference_responses"), base=_S),
        "diff_low": Derived(of=("diff",)), "diff_high": Derived(of=("diff",)),
        "adverse": Derived(of=("diff",)), "significant": Derived(of=("diff", "diff_low", "diff_high"))}),
    "adjustments": Spec(public="none", derived=_group_derived("")),
    "survey_disabled": Spec(public="none", derived={"disabled": Derived(bases=("responses",), base=_S),
                                                    "pct": Derived(of=("disabled",), bases=("responses",), base=_S)}),
}

_RL = ("focus_events", "focus_n", "reference_events", "reference_n")
_PREV_RL = tuple(f"prev_{c}" for c in _RL)


def yoy_specs(focus: str, reference: str) -> dict[str, Spec]:
    """Specs of the year-on-year tables: each year's counts repeat the statutory rows of ``likelihoods`` (and
    each row's previous year repeats the row before it), so they are one cell with them."""
    statutory = {"split": "all", "subgroup": ALL_STAFF, "basis": "year", "focus": focus, "reference": reference}
    rl_same = (Same("likelihoods", dict(zip(_RL, _RL)), on={"indicator": "indicator", "years": "years"}, where=statutory),
               Same("likelihoods", dict(zip(_PREV_RL, _RL)), on={"indicator": "indicator", "prev_years": "years"},
                    where=statutory))
    # indicator 1's share: the focus group's headcount is indicator 3's (the total is in indicator 1 for the report
    # year, declared there); each row's previous year is the row before
    head = {**statutory, "indicator": "3"}
    share_same = (Same("likelihoods", {"focus_events": "focus_n"}, on={"years": "years"}, where=head),
                  Same("likelihoods", {"prev_focus_events": "focus_n"}, on={"prev_years": "years"}, where=head),
                  Same("year_on_year.share", {"prev_focus_events": "focus_events", "prev_focus_n": "focus_n"},
                       on={"prev_years": "years"}))
    return {
        "year_on_year.rl": Spec(counts=(*_RL, *_PREV_RL), same=rl_same, derived={
            "rl": Derived(of=_RL, events=("focus_events", "reference_events"), bases=("focus_n", "reference_n")),
            "prev_rl": Derived(of=_PREV_RL, events=("prev_focus_events", "prev_reference_events"),
                               bases=("prev_focus_n", "prev_reference_n")),
            "change": Derived(of=("rl", "prev_rl")), "beyond_noise": Derived(of=("change",))}),
        "year_on_year.share": Spec(counts=("focus_events", "focus_n", "prev_focus_events", "prev_focus_n"),
                                   same=share_same, derived={
            "pct": Derived(of=("focus_events", "focus_n")), "prev_pct": Derived(of=("prev_focus_events", "prev_focus_n")),
            "change": Derived(of=("pct", "prev_pct")), "change_low": Derived(of=("change",)),
            "change_high": Derived(of=("change",)), "beyond_noise": Derived(of=("change", "change_low", "change_high"))}),
        "year_on_year.survey": Spec(public="none", derived={
            "focus_positive": Derived(bases=("focus_responses",), base=_S),
            "prev_focus_positive": Derived(bases=("prev_focus_responses",), base=_S),
            "pct": Derived(of=("focus_positive",), bases=("focus_responses",), base=_S),
            "prev_pct": Derived(of=("prev_focus_positive",), bases=("prev_focus_responses",), base=_S),
            "change": Derived(of=("pct", "prev_pct")), "change_low": Derived(of=("change",)),
            "change_high": Derived(of=("change",)), "beyond_noise": Derived(of=("change", "change_low", "change_high"))}),
    }


_SURVEY_COLUMNS = ["year", "survey_year", "number", "measure", "question", "higher_is",
                   *[f"{p}{c}" for p in ("focus_", "reference_") for c in ("responses", "positive", "pct", "low", "high")],
                   "diff", "diff_low", "diff_high", "adverse", "significant"]


def survey_tables(data, cfg: dict) -> tuple[dict[str, pd.DataFrame], list[str]]:
    """Survey indicators for every year (each reporting year reads the survey fielded the autumn before).

    Returns the ``survey``, ``adjustments`` and ``survey_disabled`` tables and the question-map problems.
    """
    rows, adjust, problems = [], [], []
    focus, ref = cfg["focus"], cfg["reference"]
    for y in data.years:
        results = data.table("staff_survey", y)
        sy = y - 1
        try:
            problems += survey.check_item_map(results, sy)
            for num, measure in cfg["survey"].items():
                s = wres.survey_indicator(results, sy, measure, cfg["dimension"], focus, ref)
                gap = s["gap"]
                row = {"year": y, "survey_year": sy, "number": num, "measure": measure, "question": s["question"],
                       "higher_is": s["higher_is"]}
                for p, part in (("focus_", s["focus"]), ("reference_", s["reference"])):
                    row |= {f"{p}{c}": part[c] for c in ("responses", "positive", "pct", "low", "high")}
                row |= {"diff": gap["diff"], "diff_low": gap["low"], "diff_high": gap["high"],
                        "adverse": gap["adverse"], "significant": gap["significant"]}
                rows.append(row)
            if cfg["key"] == "wdes":
                a = wdes.adjustments(results, sy)
                adjust.append({"year": y, "question": a["question"],
                               **{c: a[c] for c in ("responses", "positive", "pct", "low", "high")}})
        except (FileNotFoundError, KeyError) as exc:
            problems.append(str(exc).strip("'\""))
    # the one definition shared with the pay gap report (metrics.survey.disabled_share)
    disabled = pd.DataFrame(columns=["year", "survey_year", "question", "responses", "disabled", "pct"])
    try:
        share = survey.disabled_share(data.table("staff_survey"), data.year - 1)
    except (FileNotFoundError, KeyError) as exc:
        problems.append(str(exc).strip("'\""))
    else:
        if share["responses"]:
            disabled = pd.DataFrame([{"year": data.year, **share}])
    tables = {"survey": pd.DataFrame(rows, columns=_SURVEY_COLUMNS),
              "adjustments": pd.DataFrame(adjust, columns=["year", "question", "responses", "positive", "pct", "low",
                                                           "high"]),
              "survey_disabled": disabled}
    for c in ("diff", "diff_low", "diff_high"):
        tables["survey"][c] = pd.to_numeric(tables["survey"][c])
    return tables, problems


def yoy_tables(data, cfg: dict, lk: pd.DataFrame, survey_t: pd.DataFrame, rep: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Each indicator's figure for every year, beside the previous year's, and the change (metrics.md section 8)."""
    years = list(data.years)
    focus, ref = cfg["focus"], cfg["reference"]
    stat = lk[(lk["split"] == "all") & (lk["focus"] == focus) & (lk["reference"] == ref) & (lk["basis"] == "year")]
    rl_rows = []
    for ind in sorted(set(stat["indicator"])):
        by_year = stat[stat["indicator"] == ind].set_index("years")
        for i, y in enumerate(years):
            if str(y) not in by_year.index:
                continue
            r = by_year.loc[str(y)]
            prev = by_year.loc[str(years[i - 1])] if i and str(years[i - 1]) in by_year.index else None
            row = {"indicator": ind, "numerator": r["numerator"], "year": y,
                   "prev_year": years[i - 1] if i else np.nan, "years": str(y),
                   "prev_years": str(years[i - 1]) if prev is not None else np.nan, **{c: int(r[c]) for c in _RL},
                   **{f"prev_{c}": (int(prev[c]) if prev is not None else np.nan) for c in _RL},
                   "rl": r["rl"], "prev_rl": prev["rl"] if prev is not None else np.nan}
            yoy = wres.year_on_year(_oriented(r), _oriented(prev) if prev is not None else None)
            row |= {"change": np.nan if yoy["change"] is None else yoy["change"], "beyond_noise": yoy["beyond_noise"]}
            rl_rows.append(row)
    share_rows = []
    prev = None
    for y in years:
        wf = data.workforce(y)
        x, n = int((wf[cfg["group_col"]] == focus).sum()), len(wf)
        share_rows.append(_pct_change(y, x, n, prev))
        prev = (y, x, n)
    survey_rows = []
    for num in cfg["survey"]:
        part = survey_t[survey_t["number"] == num].set_index("year")
        prev = None
        for y in years:
            if y not in part.index:
                continue
            x, n = int(part.loc[y, "focus_positive"]), int(part.loc[y, "focus_responses"])
            row = _pct_change(y, x, n, prev)
            row["indicator"] = num
            survey_rows.append({"number": num, **{k.replace("focus_events", "focus_positive")
                                                  .replace("focus_n", "focus_responses"): v for k, v in row.items()}})
            prev = (y, x, n)
    rl_cols = ["indicator", "numerator", "year", "prev_year", "years", "prev_years", *_RL, *_PREV_RL, "rl", "prev_rl", "change", "beyond_noise"]
    share_cols = ["indicator", "year", "prev_year", "years", "prev_years", "focus_events", "focus_n", "prev_focus_events", "prev_focus_n",
                  "pct", "prev_pct", "change", "change_low", "change_high", "beyond_noise"]
    survey_cols = ["number"] + [c.replace("focus_events", "focus_positive").replace("focus_n", "focus_responses")
                                for c in share_cols]
    return {"rl": pd.DataFrame(rl_rows, columns=rl_cols), "share": pd.DataFrame(share_rows, columns=share_cols),
            "survey": pd.DataFrame(survey_rows, columns=survey_cols)}


def _oriented(r) -> dict[str, int]:
    """Counts in the ratio's orientation (the numerator group's as ``focus_``), as year_on_year expects."""
    if r["numerator"] == "focus":
        return {c: int(r[c]) for c in _RL}
    return {"focus_events": int(r["reference_events"]), "focus_n": int(r["reference_n"]),
            "reference_events": int(r["focus_events"]), "reference_n": int(r["focus_n"])}


def _pct_change(y: int, x: int, n: int, prev: tuple[int, int, int] | None) -> dict[str, object]:
    row = {"indicator": "1", "year": y, "prev_year": prev[0] if prev else np.nan, "years": str(y),
           "prev_years": str(prev[0]) if prev else np.nan, "focus_events": x, "focus_n": n,
           "prev_focus_events": prev[1] if prev else np.nan, "prev_focus_n": prev[2] if prev else np.nan,
           "pct": x / n * 100 if n else np.nan,
           "prev_pct": (prev[1] / prev[2] * 100 if prev[2] else np.nan) if prev else np.nan}
    ch = wres.proportion_change(x, n, prev[1], prev[2]) if prev else {"change": None}
    row |= {"change": np.nan if ch["change"] is None else ch["change"],
            "change_low": np.nan if ch["change"] is None else ch["low"],
            "change_high": np.nan if ch["change"] is None else ch["high"],
            "beyond_noise": None if ch["change"] is None else ch["beyond_noise"]}
    return row

