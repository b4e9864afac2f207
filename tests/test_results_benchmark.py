"""Cross-trust results from the run's data set: pooled group figures, funnel positions and peers."""

import pandas as pd
import pytest

from edi_analysis.disclosure import Policy
from edi_analysis.results import benchmark as rb


def rows(specs):
    """Data set rows from (trust, system, metric, kind, value, numerator, denominator, suppressed)."""
    out = []
    for t, system, metric, kind, value, num, den, hidden in specs:
        out.append({"trust_code": t, "trust_name": f"Trust {t}", "trust_type": "Acute", "region": "R", "system": system,
                    "synthetic": True, "year": 2026, "metric": metric, "group": "g", "value": value, "low": None,
                    "high": None, "numerator": num, "denominator": den, "ref_numerator": None, "ref_denominator": None,
                    "kind": kind, "suppressed": hidden})
    return pd.DataFrame(out, columns=rb.DATASET_COLUMNS)


@pytest.fixture
def dataset():
    return rows([
        ("A", "S1", "m", "proportion", 40.0, 40, 100, False),
        ("B", "S1", "m", "proportion", None, None, 100, True),
        ("C", "S2", "m", "proportion", 10.0, 100, 1000, False),
        ("A", "S1", "Staff in post", "count", 100.0, 100, None, False),
        ("B", "S1", "Staff in post", "count", 100.0, 100, None, False),
        ("C", "S2", "Staff in post", "count", 1000.0, 1000, None, False),
    ])


def test_pools_leave_out_hidden_trusts_and_say_so(dataset):
    res = rb.compute(dataset, 2026)
    pooled = res.pooled.set_index(["metric", "level", "key"])
    s1 = pooled.loc[("m", "system", "S1")]
    assert (s1["numerator"], s1["denominator"], s1["trusts"], s1["left_out"]) == (40, 100, 1, 1)
    whole = pooled.loc[("m", "all", "All trusts")]
    assert whole["value"] == pytest.approx(140 / 1100 * 100)


def test_funnel_position_by_hand(dataset):
    res = rb.compute(dataset, 2026)
    t = res.trusts[res.trusts["metric"] == "m"].set_index("trust_code")
    centre = 140 / 1100
    assert t.loc["A", "centre"] == pytest.approx(centre * 100)
    half = rb.Z998 * (centre * (1 - centre) / 100) ** 0.5
    assert t.loc["A", "hi998"] == pytest.approx((centre + half) * 100)
    # two trusts with a published figure: too few to call either high or low (rb.MIN_COMPARATORS)
    assert t.loc["A", "position"] == "too_few" and t.loc["C", "position"] == "too_few"
    assert t.loc["A", "comparators"] == 2
    assert pd.isna(t.loc["B", "position"])


@pytest.mark.parametrize(("others", "expected"), [(6, "too_few"), (7, "above"), (12, "above")])
def test_a_trust_is_set_apart_only_among_enough_comparators(others, expected):
    # A: 40 of 100 against trusts of 100 of 1,000 each; A lies far above the 99.8% limit once there are 8 trusts
    specs = [("A", "S1", "m", "proportion", 40.0, 40, 100, False)] + [
        (f"T{i}", "S2", "m", "proportion", 10.0, 100, 1000, False) for i in range(others)]
    t = rb.compute(rows(specs), 2026).trusts.set_index("trust_code")
    assert rb.MIN_COMPARATORS == 8 and t.loc["A", "comparators"] == others + 1
    assert t.loc["A", "position"] == expected
    assert set(t.loc[t.index != "A", "position"]) == {"within" if expected == "above" else "too_few"}


def test_group_filter_and_peers(dataset):
    res = rb.compute(dataset, 2026, "S1")
    assert res.n_trusts == 2 and set(res.features["trust_code"]) == {"A", "B"}
    assert rb.compute(dataset, 2026, peer_count=1).peers.groupby("trust_code").size().max() == 1


def test_no_data_set_gives_empty_results():
    res = rb.compute(None, 2026)
    assert res.n_trusts == 0 and res.trusts.empty and res.pooled.empty and res.peers.empty
    Policy().apply(res)  # publishes without error


def test_shares_without_an_interval_get_wilsons(dataset):
    from edi_analysis.metrics.stats import wilson

    t = rb.compute(dataset, 2026).trusts.set_index(["trust_code", "metric"])
    _, lo, hi = wilson(40, 100)
    assert (t.loc[("A", "m"), "low"], t.loc[("A", "m"), "high"]) == pytest.approx((lo * 100, hi * 100))
    assert pd.isna(t.loc[("B", "m"), "low"])  # hidden: nothing to compute from
