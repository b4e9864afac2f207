"""``edi_analysis.metrics.pay_gaps``: every pay gap name still importable from it, from the module that defines it."""

import importlib

from edi_analysis.metrics import pay_gaps as pg


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
