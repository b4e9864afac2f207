"""edi-analysis: reproducible workforce equality reports for NHS trusts.

Modules are named after what they compute: ``groups`` (code mappings),
``stats`` (intervals and ratios), ``disclosure`` (small-number suppression),
``pay_gaps`` (statutory pay gap measures), ``inputs`` (reading and validating
every input), ``synthetic`` (fictional trusts), ``charts`` and ``display``
(what reviewers see), ``results.pay_gaps`` and ``views.pay_gaps`` (the pay gap report) and
``reports`` (building every report).
"""

__version__ = "0.1.0"
