"""Statutory pay gap measures (metrics.md sections 6 and 7): every pay gap function under one name.

The six measures of the Equality Act 2010 (Specific Duties and Public
Authorities) Regulations 2017, Schedule 1, computed for any two groups of one
characteristic: by default men (reference) and women (focus). A positive gap
means the focus group is paid less.

This module computes nothing itself: it keeps ``edi_analysis.metrics.pay_gaps``
importable, with the same names, for notebooks and researchers' code. Each part
lives in the module named after what it computes:

- :mod:`~edi_analysis.metrics.hourly_rates`: hourly rates of pay (section 6, "Hourly rate");
- :mod:`~edi_analysis.metrics.pay_quartiles`: pay quartiles, tied rates shared at boundaries (measure 6);
- :mod:`~edi_analysis.metrics.statutory_gaps`: the six measures, for one snapshot and for each year;
- :mod:`~edi_analysis.metrics.gaps_within`: hourly gaps within each level (e.g. pay band);
- :mod:`~edi_analysis.metrics.group_gaps`: each group of another characteristic against a reference
  (section 7);
- :mod:`~edi_analysis.metrics.gap_drivers`: what lies behind a gap (level mix, bonus award types);
- :mod:`~edi_analysis.metrics.targets`: progress against a target (section 11);
- :mod:`~edi_analysis.metrics.pay_bootstrap`: bootstrap intervals of the gaps.

Code inside the package imports from those modules directly.
"""

from __future__ import annotations

# Names this module has always offered (including helpers it imported), re-exported unchanged.
from .gap_drivers import bonus_by_type, decompose_gap, decompose_of
from .gaps_within import pay_gaps_within, within_of
from .group_gaps import group_labels, group_pay_gaps, merge_small_groups, pair_labels  # noqa: F401
from .hourly_rates import RATE_DECIMALS, hourly_rate, hourly_rates  # noqa: F401
from .pay_arrays import PayArrays, mean, median  # noqa: F401
from .pay_bootstrap import bootstrap_gap_ci, bootstrap_rates_ci
from .pay_by_group import GroupPay, gap_pct, pay_by_group, pool_gaps, pooled  # noqa: F401
from .pay_quartiles import QUARTILES, allocate_quartiles, quartile_counts, quartile_sizes, quartile_table
from .statutory_gaps import PayGapResult, measures_of, pay_gap_measures, pay_gap_trend
from .targets import track_target

__all__ = [
    "QUARTILES",
    "hourly_rate",
    "hourly_rates",
    "quartile_sizes",
    "allocate_quartiles",
    "PayGapResult",
    "pay_gap_measures",
    "measures_of",
    "quartile_counts",
    "quartile_table",
    "pay_gap_trend",
    "pay_gaps_within",
    "within_of",
    "merge_small_groups",
    "group_pay_gaps",
    "decompose_gap",
    "decompose_of",
    "bootstrap_gap_ci",
    "bootstrap_rates_ci",
    "bonus_by_type",
    "track_target",
]
