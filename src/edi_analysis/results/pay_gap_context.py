"""Context of the pay gap report: who is counted, declaration on the staff record, the staff survey's disabled
share, and the published returns of other organisations. Tables of :class:`~edi_analysis.results.pay_gaps.
PayGapResults`; each count beside the figures derived from it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..disclosure import ColSum, Derived, RowSum, Same, Spec
from ..io import TrustData
from ..metrics import groups, survey

__all__ = ["SCOPE_SPEC", "RECORDS_SPEC", "SURVEY_SPEC", "NATIONAL_SPEC", "scope", "records", "survey_disability",
           "national"]

_SEX = {"comparison": "sex"}
SCOPE_SPEC = Spec(
    counts=("relevant", "full_pay", "bank"), col_sums=(ColSum(label="group"),),
    # women, men and not recorded are the sex comparison's focus, reference and unknown counts of the gaps table
    same=tuple(Same("gaps", {"relevant": f"n_relevant_{side}", "full_pay": f"n_full_pay_{side}"},
                    on={"year": "year", "group": side}, where=_SEX) for side in ("focus", "reference", "unknown")))

RECORDS_SPEC = Spec(
    counts=("count", "rest", "staff"), derived={"pct": Derived(of=("count", "staff"))},
    # count + rest = all staff (public): staff not declared are the comparison's Unknown, and the disabled are
    # the disability comparison's focus group, both counts of the gaps table (where its groups are these)
    row_sums=(RowSum(parts=("count", "rest")),),
    same=(*(Same("gaps", {"rest": "n_relevant_unknown"}, on={"year": "year", "comparison": "comparison",
                                                            "rest_group": "unknown"}, where={"reference": ref})
            for ref in ("White", "Non-disabled")),
          Same("gaps", {"count": "n_relevant_focus"}, on={"year": "year", "comparison": "comparison",
                                                         "count_group": "focus"}, where={"reference": "Non-disabled"})))

SURVEY_SPEC = Spec(counts=("disabled", "respondents"),
                    derived={"pct": Derived(of=("disabled", "respondents"), bases=("respondents",),
                                            base="survey_base")})

NATIONAL_SPEC = Spec(public="none")  # other organisations' published figures: no counts of this trust's people


def scope(staff: pd.DataFrame) -> pd.DataFrame:
    """Relevant, full-pay relevant and bank staff by sex (Female, Male, Not recorded)."""
    # each group as a mask of the recorded sex (compared by code, no text made per person); anything but
    # Female or Male, blank included, is not recorded
    female = (staff["sex"] == "Female").fillna(False).to_numpy(dtype=bool)
    male = (staff["sex"] == "Male").fillna(False).to_numpy(dtype=bool)
    fp = (staff["full_pay_relevant"].fillna(False).astype(bool) & staff["hourly_rate"].notna()).to_numpy(dtype=bool)
    bank = staff["bank"].fillna(False).astype(bool).to_numpy(dtype=bool)
    rows = [{"group": g, "relevant": int(m.sum()), "full_pay": int((m & fp).sum()), "bank": int((m & bank).sum())}
            for g, m in (("Female", female), ("Male", male), ("Not recorded", ~(female | male)))]
    return pd.DataFrame(rows)


def records(staff: pd.DataFrame) -> pd.DataFrame:
    """Staff whose ethnicity and disability are recorded, and staff recorded as disabled, of all staff."""
    n = len(staff)
    unknown = groups.UNKNOWN
    rows = [{"measure": "ethnicity_declared", "comparison": "ethnicity", "count_group": "", "rest_group": unknown,
             "count": int((staff["ethnicity"] != unknown).sum())},
            {"measure": "disability_declared", "comparison": "disability", "count_group": "", "rest_group": unknown,
             "count": int((staff["disability_status"] != unknown).sum())},
            {"measure": "disabled", "comparison": "disability", "count_group": "Disabled", "rest_group": "",
             "count": int((staff["disability_status"] == "Disabled").sum())}]
    out = pd.DataFrame(rows).assign(staff=n)
    out["rest"] = out["staff"] - out["count"]
    out["pct"] = out["count"] / n * 100 if n else np.nan
    return out


def survey_disability(data: TrustData) -> pd.DataFrame:
    """Disabled respondents and respondents by disability in the staff survey fielded the autumn before the snapshot.

    One definition for every report: :func:`edi_analysis.metrics.survey.disabled_share` (the year's
    ``respondent_base`` question). Columns ``survey_year``, ``question``, ``disabled``, ``respondents``, ``pct``;
    no row without a survey, a question map or a breakdown by disability.
    """
    empty = pd.DataFrame({"survey_year": pd.Series(dtype="int64"), "question": pd.Series(dtype="string"),
                          "disabled": pd.Series(dtype="int64"), "respondents": pd.Series(dtype="int64"),
                          "pct": pd.Series(dtype="float64")})
    try:
        results = data.table("staff_survey")
    except KeyError:
        return empty
    if results.empty:
        return empty
    try:
        share = survey.disabled_share(results, data.year - 1)
    except (FileNotFoundError, KeyError):
        return empty
    if not share["responses"]:
        return empty
    return pd.DataFrame({"survey_year": [share["survey_year"]], "question": [share["question"]],
                         "disabled": [share["disabled"]], "respondents": [share["responses"]], "pct": [share["pct"]]})


def national(data: TrustData) -> tuple[pd.DataFrame, str | None]:
    """Published median gender pay gaps of NHS trusts, or an empty table and why not."""
    cols = ["employer_name", "trust_type", "reporting_year", "snapshot_year", "median_gap"]
    national, problem = data.national_gpg
    if national is None:
        return pd.DataFrame(columns=cols), problem
    return national[cols].reset_index(drop=True), None
