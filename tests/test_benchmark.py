"""Positions in a distribution, by hand."""

import pandas as pd
import pytest

from edi_analysis.metrics.benchmark import position


def test_mid_rank_percentile_and_quartile():
    others = pd.Series([1.0, 2.0, 3.0, 4.0, None])
    p = position(2.5, others)
    assert (p.n, p.pct_lower, p.median, p.quartile) == (4, 50.0, 2.5, "third quarter")
    assert position(2.0, others).pct_lower == pytest.approx(37.5)  # one below, one tie
    assert position(0.0, others).quartile == "lowest quarter"
    assert position(9.0, others).quartile == "highest quarter"
    with pytest.raises(ValueError):
        position(1.0, pd.Series([None], dtype=float))


import numpy as np  # noqa: E402

from edi_analysis.metrics import benchmark  # noqa: E402


def rows(specs):
    """Data set rows from (trust, system, metric, kind, value, numerator, denominator, ref_num, ref_den)."""
    out = []
    for t, system, metric, kind, value, num, den, rnum, rden in specs:
        out.append({"trust_code": t, "trust_name": f"Trust {t}", "trust_type": "Acute", "region": "R", "system": system,
                    "synthetic": True,
                    "year": 2026, "metric": metric, "group": "g", "value": value, "low": None, "high": None,
                    "numerator": num, "denominator": den, "ref_numerator": rnum, "ref_denominator": rden, "kind": kind})
    return pd.DataFrame(out)


def test_pooled_from_counts_not_averages():
    data = rows([
        ("A", "S1", "m", "proportion", 10.0, 10, 100, None, None),
        ("B", "S1", "m", "proportion", 50.0, 450, 900, None, None),
        ("C", "S2", "m", "proportion", 20.0, 20, 100, None, None),
        ("A", "S1", "rl", "relative_likelihood", 2.0, 20, 100, 10, 100),
        ("B", "S1", "rl", "relative_likelihood", 1.0, 10, 100, 10, 100),
    ]).assign(suppressed=False)
    by_system = benchmark.pooled(data, "m", "system")
    assert by_system.loc["S1", "value"] == pytest.approx(460 / 1000 * 100)  # not (10 + 50) / 2
    assert benchmark.pooled(data, "m", None).loc["All trusts", "value"] == pytest.approx(480 / 1100 * 100)
    assert benchmark.pooled(data, "rl", None).loc["All trusts", "value"] == pytest.approx((30 / 200) / (20 / 200))


def test_funnel_limits_by_hand():
    lo, hi = benchmark.funnel_limits(0.2, np.array([100.0, 400.0]), 1.96)
    assert hi.tolist() == pytest.approx([0.2 + 1.96 * 0.04, 0.2 + 1.96 * 0.02])
    assert lo[0] == pytest.approx(0.2 - 1.96 * 0.04)
    assert benchmark.funnel_limits(0.01, np.array([10.0]), 3.09)[0][0] == 0.0  # clipped at 0


def test_peers_by_type_size_and_population():
    f = pd.DataFrame({"trust_name": list("ABCD"), "trust_type": ["Acute", "Acute", "Acute", "Community"],
                      "headcount": [1000, 1100, 5000, 1000], "population_minority_pct": [10.0, 10.0, 30.0, 10.0]},
                     index=list("ABCD"))
    peers = benchmark.choose_peers(f, "A", 3)
    assert peers.index.tolist() == ["B", "D", "C"]
    pop_sd = f["population_minority_pct"].std()
    assert peers.loc["C", "population_part"] == pytest.approx(20 / pop_sd)
    assert peers.loc["D", "type_part"] == 1.0 and peers.loc["B", "type_part"] == 0.0
    log_sd = np.log(f["headcount"].astype(float)).std()
    assert peers.loc["C", "size_part"] == pytest.approx(abs(np.log(5000) - np.log(1000)) / log_sd)
