"""Does the workforce reflect the community it serves? Catchment population against workforce, by level.

A trust's catchment ethnic mix is the sum over local authorities of the share
of its patients from each authority times that authority's Census 2021 ethnic
mix (the method of OHID's catchment tables). The workforce is compared with it
overall and at each pay level, to show where representation drops off with
seniority.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

__all__ = ["GROUPS", "catchment_mix", "trust_catchment", "workforce_vs_population", "LEVELS"]

GROUPS: tuple[str, ...] = ("White", "Mixed", "Asian", "Black", "Other")

#: Pay levels for the population comparison, lowest first.
LEVELS: dict[str, list[str]] = {
    "AfC bands 1-4": ["1", "2", "3", "4"],
    "AfC bands 5-7": ["5", "6", "7"],
    "AfC bands 8a-8b": ["8a", "8b"],
    "AfC bands 8c-9 and VSM": ["8c", "8d", "9", "VSM"],
    "Medical and dental": ["Medical consultant", "Medical career grade", "Medical trainee"],
}


def catchment_mix(shares: Mapping[str, float], census: pd.DataFrame) -> pd.Series:
    """The catchment's percentage in each of the five groups: sum over areas of share x area %.

    Parameters
    ----------
    shares
        Local authority code -> share of the trust's catchment (normalised here to add to 1).
    census
        :func:`edi_analysis.io.reference.read_census_ethnicity` output.

    Raises
    ------
    KeyError
        When an area code is not in the census table, naming it.
    """
    missing = [c for c in shares if c not in census.index]
    if missing:
        raise KeyError(f"local authority code(s) not in the Census 2021 table: {', '.join(missing)}")
    weights = pd.Series(shares, dtype=float)
    weights = weights / weights.sum()
    pct = census.loc[weights.index, list(GROUPS)].div(census.loc[weights.index, "total"], axis=0) * 100
    return pct.mul(weights, axis=0).sum().rename("Catchment population")


def trust_catchment(trust_code: str, catchments: pd.DataFrame | None, catchment_las: Sequence[str] | Mapping[str, float]
                    = ()) -> tuple[dict[str, float], str]:
    """The areas a trust serves, and where that came from: the params file first, else OHID's acute catchments.

    Returns
    -------
    tuple
        (area code -> share, description of the source); an empty mapping when neither has the trust.
    """
    if catchment_las:
        shares = dict(catchment_las) if isinstance(catchment_las, Mapping) else dict.fromkeys(catchment_las, 1.0)
        return shares, "the local authorities the trust has named as the area it serves"
    if catchments is not None:
        rows = catchments[catchments["trust_code"] == trust_code]
        if len(rows):
            return dict(zip(rows["ltla21_code"], rows["share"])), "OHID acute trust catchment (patients' home areas)"
    return {}, ""


def workforce_vs_population(wf: pd.DataFrame, population: pd.Series, group_col: str = "ethnicity_census5",
                            levels: Mapping[str, Sequence[str]] = LEVELS) -> pd.DataFrame:
    """Each group's share of the workforce, overall and at each level, beside its share of the population.

    Percentages are of staff whose ethnicity is recorded, so they compare like with like with the census.

    Returns
    -------
    pandas.DataFrame
        Rows: ``Catchment population``, ``Whole workforce`` and one per level; columns the five groups
        (percent) and ``n`` (staff with ethnicity recorded; NaN for the population row).
    """
    known = wf[wf[group_col].isin(GROUPS)]
    rows = {"Catchment population": {**population.to_dict(), "n": float("nan")}}

    def shares(frame: pd.DataFrame) -> dict[str, float]:
        counts = frame[group_col].value_counts()
        n = len(frame)
        return {**{g: (counts.get(g, 0) / n * 100 if n else float("nan")) for g in GROUPS}, "n": n}

    rows["Whole workforce"] = shares(known)
    for label, bands in levels.items():
        rows[label] = shares(known[known["pay_band"].isin(bands)])
    out = pd.DataFrame.from_dict(rows, orient="index")[[*GROUPS, "n"]]
    out.index.name = "Population"
    return out
