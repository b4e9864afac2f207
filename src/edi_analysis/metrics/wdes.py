"""Workforce Disability Equality Standard metrics 1-10 (metrics.md sections 3-5 and 8).

The computations are those of :mod:`edi_analysis.wres` with disability groups;
this module holds what differs: the pay-band clusters of metric 1, the survey
metrics and their question map, and metric 8 (disabled respondents only).
Relative likelihoods are oriented so that above 1 is adverse for disabled staff.
"""

from __future__ import annotations

import pandas as pd

from . import survey, wres

__all__ = ["CLUSTERS", "SURVEY_METRICS", "representation", "adjustments"]

#: Metric 1 clusters (WDES technical guidance): AfC clusters for both tables, medical clusters for clinical staff.
CLUSTERS: dict[str, list[str]] = {
    "Cluster 1: AfC bands 1-4": ["1", "2", "3", "4"],
    "Cluster 2: AfC bands 5-7": ["5", "6", "7"],
    "Cluster 3: AfC bands 8a-8b": ["8a", "8b"],
    "Cluster 4: AfC bands 8c-9 and VSM": ["8c", "8d", "9", "VSM"],
    "Cluster 5: Medical and dental consultants": ["Medical consultant"],
    "Cluster 6: Medical and dental non-consultant career grades": ["Medical career grade"],
    "Cluster 7: Medical and dental trainee grades": ["Medical trainee"],
}

#: Survey metrics: number -> (measure in the question map, label). Metric 8 is separate (disabled staff only).
SURVEY_METRICS: dict[str, tuple[str, str]] = {
    "4a(i)": ("harassment_public", "Harassment, bullying or abuse from patients, service users, relatives or the public"),
    "4a(ii)": ("harassment_managers", "Harassment, bullying or abuse from managers"),
    "4a(iii)": ("harassment_colleagues", "Harassment, bullying or abuse from other colleagues"),
    "4b": ("harassment_reported", "Last experience of harassment, bullying or abuse was reported"),
    "5": ("equal_opportunities", "Believe the trust provides equal opportunities for career progression"),
    "6": ("pressure_when_unwell", "Felt pressure from their manager to come to work when not well enough"),
    "7": ("work_valued", "Satisfied with the extent the organisation values their work"),
}


def representation(wf: pd.DataFrame) -> pd.DataFrame:
    """Metric 1: Disabled, non-disabled and unknown shares of each cluster, non-clinical and clinical."""
    return wres.representation(wf, "disability_status", "Disabled", levels=CLUSTERS,
                               group_order=("Non-disabled", "Disabled", "Unknown"))


def adjustments(results: pd.DataFrame, survey_year: int) -> dict[str, object]:
    """Metric 8: disabled respondents saying their employer has made adequate adjustments (no comparison group)."""
    item = survey.item_map(survey_year)["adjustments_made"]
    by = survey.measure_by_group(results, survey_year, "adjustments_made", "Disability", ["Disabled"])
    return {"question": item.question, **by.loc["Disabled"].to_dict()}
