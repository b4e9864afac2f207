"""Census and catchment loaders on the shipped extracts (data/reference), and the population comparison by hand."""

from pathlib import Path

import pandas as pd
import pytest

from edi_analysis import io as inputs
from edi_analysis.metrics import population, wres

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "data" / "reference"


def test_census_loader_matches_the_published_totals():
    census = inputs.read_census_ethnicity(REFERENCE)
    assert len(census) == 331
    # England and Wales, Census 2021: 59,597,542 usual residents (the local authority cells' rounding adds 36).
    assert census["total"].sum() == 59_597_578
    assert (census[list(population.GROUPS)].sum(axis=1) == census["total"]).all()
    leicester = census.loc["E06000016"]
    assert leicester["Asian"] / leicester["total"] * 100 == pytest.approx(43.4, abs=0.05)  # ONS's own figure


def test_catchment_mix_reproduces_barts():
    census = inputs.read_census_ethnicity(REFERENCE)
    catchments = inputs.read_catchments(REFERENCE)
    sums = catchments.groupby("trust_code")["share"].sum()
    assert sums.round(9).eq(1).all()
    shares, source = population.trust_catchment("R1H", catchments)
    mix = population.catchment_mix(shares, census)
    assert 100 - mix["White"] == pytest.approx(54.7, abs=0.05)  # data/reference/trust_catchments/SOURCE.md
    assert source.startswith("OHID")


def test_catchment_mix_by_hand():
    census = pd.DataFrame({"White": [80, 40], "Mixed": [5, 10], "Asian": [10, 30], "Black": [4, 15], "Other": [1, 5],
                           "total": [100, 100]}, index=["A", "B"])
    mix = population.catchment_mix({"A": 3, "B": 1}, census)
    assert mix["White"] == pytest.approx(0.75 * 80 + 0.25 * 40)
    assert mix.sum() == pytest.approx(100)
    with pytest.raises(KeyError, match="Z9"):
        population.catchment_mix({"Z9": 1}, census)
    assert population.trust_catchment("XXX", None, ["A", "B"])[0] == {"A": 1.0, "B": 1.0}
    assert population.trust_catchment("XXX", None) == ({}, "")


def test_workforce_against_population_by_level():
    staff = pd.DataFrame({"staff_id": [str(i) for i in range(10)],
                          "ethnic_code": ["A", "A", "H", "N", "A", "A", "A", "H", "Z", "A"],
                          "disability": "No", "staff_group": "Clinical", "bank": False,
                          "pay_band": ["2", "3", "2", "5", "5", "8a", "8c", "VSM", "2", "Medical consultant"]})
    out = population.workforce_vs_population(wres.workforce(staff), pd.Series({g: 20.0 for g in population.GROUPS}))
    assert out.loc["Whole workforce", "n"] == 9  # Z (not stated) is left out
    assert out.loc["AfC bands 1-4", "Asian"] == pytest.approx(100 / 3)
    assert out.loc["AfC bands 8c-9 and VSM", "White"] == pytest.approx(50.0)
    assert out.loc["Catchment population", "Black"] == 20.0
