"""``edi_analysis.metrics.pay_gaps``: every pay gap name still importable from it, and the bootstrap
interval of the gaps."""

import importlib
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from edi_analysis.metrics import pay_gaps as pg

sys.path.insert(0, str(Path(__file__).parent))  # the shared staff tables (tests use importlib mode)
from pay_staff_fixtures import frame, people


def test_bootstrap_interval_is_seeded_and_collapses_without_spread():
    flat = people(m=("Male", 50, 10.0), f=("Female", 60, 9.0))
    ci = pg.bootstrap_gap_ci(flat, n_boot=200)
    assert ci["mean_gap"] == pytest.approx((10.0, 10.0)) and ci["median_gap"] == pytest.approx((10.0, 10.0))
    rng = np.random.default_rng(1)
    spread = pd.concat([frame(["Male"] * 80, rng.normal(20, 4, 80)), frame(["Female"] * 120, rng.normal(18, 4, 120))],
                       ignore_index=True)
    a, b = pg.bootstrap_gap_ci(spread, n_boot=300), pg.bootstrap_gap_ci(spread, n_boot=300)
    assert a == b
    est = pg.pay_gap_measures(spread).mean_gap
    assert a["mean_gap"][0] < est < a["mean_gap"][1]
    bigger = pd.concat([spread] * 9, ignore_index=True)
    wide = a["mean_gap"][1] - a["mean_gap"][0]
    assert pg.bootstrap_gap_ci(bigger, n_boot=300)["mean_gap"][1] - pg.bootstrap_gap_ci(bigger, n_boot=300)["mean_gap"][0] < wide


def test_every_name_is_the_one_its_own_module_defines():
    homes = {
        "pay_quartiles": ["QUARTILES", "quartile_sizes", "allocate_quartiles", "quartile_counts", "quartile_table"],
        "hourly_rates": ["hourly_rate", "hourly_rates"],
        "statutory_gaps": ["PayGapResult", "pay_gap_measures", "measures_of", "pay_gap_trend"],
        "gaps_within": ["pay_gaps_within", "within_of"],
        "group_gaps": ["merge_small_groups", "group_pay_gaps"],
        "gap_drivers": ["decompose_gap", "decompose_of", "bonus_by_type"],
        "pay_bootstrap": ["bootstrap_gap_ci", "bootstrap_rates_ci"],
        "targets": ["track_target"],
    }
    assert sorted(pg.__all__) == sorted(name for names in homes.values() for name in names)
    for home, names in homes.items():
        module = importlib.import_module(f"edi_analysis.metrics.{home}")
        for name in names:
            assert getattr(pg, name) is getattr(module, name), name
    # names outside __all__ that callers have imported from here
    from edi_analysis.metrics.pay_gaps import RATE_DECIMALS, group_labels, pair_labels  # noqa: F401
