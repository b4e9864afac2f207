"""Benchmarking views read published cross-trust results only."""

import pandas as pd
import pytest

from edi_analysis.disclosure import Policy
from edi_analysis.results import benchmark as rb
from edi_analysis.views import benchmark as views
from edi_analysis.views import display


def _dataset():
    out = []
    for t, system, value, num, den, hidden in (("A", "S1", 40.0, 40, 100, False), ("B", "S1", None, None, 100, True),
                                                ("C", "S2", 10.0, 100, 1000, False), ("D", "S2", 12.0, 60, 500, False)):
        for metric, kind, v, n, d in (("BME staff, % of workforce", "proportion", value, num, den),
                                      ("Staff in post", "count", float(den), den, None),
                                      ("Catchment population from ethnic minority groups (%)", "context", 20.0, None,
                                       None)):
            out.append({"trust_code": t, "trust_name": f"Trust {t}", "trust_type": "Acute", "region": "R",
                        "system": system, "synthetic": True, "year": 2026, "metric": metric, "group": "g", "value": v,
                        "low": None, "high": None, "numerator": n, "denominator": d, "ref_numerator": None,
                        "ref_denominator": None, "kind": kind, "suppressed": hidden and kind == "proportion"})
    return pd.DataFrame(out, columns=rb.DATASET_COLUMNS)


@pytest.fixture
def pub():
    return Policy().apply(rb.compute(_dataset(), 2026))


def test_views_refuse_unpublished_results():
    with pytest.raises(TypeError, match="published"):
        views.league_table(rb.compute(_dataset(), 2026), "BME staff, % of workforce")


def test_league_table_sets_apart_only_trusts_beyond_the_limits(pub):
    table = views.league_table(pub, "BME staff, % of workforce")
    data = table.data
    assert data.loc["B", "Value"] == "suppressed" and data.loc["B", "Compared with the group"] == "suppressed"
    # three trusts with a figure: none is compared, none is a high performer, and the note says why
    assert set(data.drop(index="B")["Compared with the group"]) == {"not compared (too few trusts)"}
    assert not (data["High performer"] == "yes").any()
    assert f"at least {rb.MIN_COMPARATORS} are needed" in table._repr_html_()
    funnel = views.funnel_chart(pub, "BME staff, % of workforce")
    assert isinstance(funnel, display.Figure) and f"at least {rb.MIN_COMPARATORS} are needed" in funnel.caption
    assert "differs by more than chance" not in funnel.caption


def _many(n_like, low=("L", 20, 1000)):
    """One trust far below n_like trusts of 100 of 1,000 each (BME staff, % of workforce: lower is better here)."""
    out = []
    for t, num, den in [low] + [(f"T{i}", 100, 1000) for i in range(n_like)]:
        out.append({"trust_code": t, "trust_name": f"Trust {t}", "trust_type": "Acute", "region": "R", "system": "S",
                    "synthetic": True, "year": 2026, "metric": "BME staff, % of workforce", "group": "g",
                    "value": num / den * 100, "low": None, "high": None, "numerator": num, "denominator": den,
                    "ref_numerator": None, "ref_denominator": None, "kind": "proportion", "suppressed": False})
    return Policy().apply(rb.compute(pd.DataFrame(out, columns=rb.DATASET_COLUMNS), 2026))


@pytest.mark.parametrize(("n_like", "performer"), [(1, ""), (6, ""), (7, "yes")])
def test_a_high_performer_needs_enough_comparators(n_like, performer):
    table = views.league_table(_many(n_like), "BME staff, % of workforce").data
    assert table.loc["L", "High performer"] == performer
    assert table.loc["L", "Compared with the group"] == ("below the limits" if performer else
                                                         "not compared (too few trusts)")
    caption = views.funnel_chart(_many(n_like), "BME staff, % of workforce").caption
    assert ("differs by more than chance" in caption) == bool(performer)


def test_trust_comparison_pools_system_region_and_all(pub):
    table = views.trust_comparison(pub, "C", "wres").data
    assert list(table.columns) == ["This trust", "System", "Region", "All trusts"]
    row = table.loc["BME staff, % of workforce"]
    assert row["This trust"] == "10.0%" and row["System"] == f"{160 / 1500 * 100:.1f}%"
    assert row["All trusts"] == f"{200 / 1600 * 100:.1f}%"
    assert views.trust_comparison(pub, "B", "wres").data.loc["BME staff, % of workforce", "This trust"] == "suppressed"


def test_a_region_of_one_system_is_one_column():
    # every trust of region R is in system S: the two pools are the same trusts, so one column shows both
    table = views.trust_comparison(_many(2), "L", "wres")
    assert list(table.data.columns) == ["This trust", "System and region", "All trusts"]
    assert "every trust of the R region is in S" in table._repr_html_()


def test_missing_data_set_and_peers(pub):
    empty = Policy().apply(rb.compute(None, 2026))
    assert "Figures from other trusts were not available" in views.trust_comparison(empty, "C")._repr_html_()
    assert isinstance(views.trust_peers(empty, "C"), display.Html)
    peers = views.peers_table(pub, "A").data
    assert len(peers) == 3 and "A" not in peers.index
    assert "Distance = 1 if the trust type differs" in views.all_peers_table(pub)._repr_html_()


def test_relative_likelihoods_are_read_against_the_range_not_ranked():
    rows = _dataset()
    rl = rows[rows["metric"] == "BME staff, % of workforce"].assign(
        metric="WRES 2: appointment from shortlisting (White / BME)", kind="relative_likelihood",
        value=[0.8, None, 1.5, 1.1], low=[0.5, None, 1.2, 0.7], high=[1.2, None, 1.9, 1.6], ref_numerator=50,
        ref_denominator=500)
    pub = Policy().apply(rb.compute(pd.concat([rows, rl], ignore_index=True), 2026))
    table = views.league_table(pub, "WRES 2: appointment from shortlisting (White / BME)")
    assert "0.80-1.25" in table._repr_html_()
    assert table.data.loc["A", "Reading"].startswith("within")
