"""Directorate views: findings name only differences beyond chance, never a hidden figure; tables show markers."""

from __future__ import annotations

import pandas as pd
import pytest

from edi_analysis.disclosure import Policy, is_hidden
from edi_analysis.results import directorates as d
from edi_analysis.results.base import TrustInfo
from edi_analysis.views import directorates as views

_TRUST = TrustInfo("TST", "Test Trust", "Acute", "London", "Test ICS", True, 2026)


def _rep(rows):
    cols = ["standard", "directorate", "level", "focus", "reference", "n_focus", "n_reference", "n_unknown", "total",
            "pct_focus", "pct_low", "pct_high"]
    return pd.DataFrame(rows, columns=cols).astype({c: "int64" for c in ("n_focus", "n_reference", "n_unknown",
                                                                           "total")})


def _results(rep, proc=None, pay=None) -> d.DirectorateResults:
    proc = proc if proc is not None else pd.DataFrame(columns=[
        "standard", "directorate", "years", "focus", "reference", "focus_events", "focus_n", "reference_events",
        "reference_n", "rl", "low", "high", "significant", "within_range"]).astype(
        {c: "int64" for c in ("focus_events", "focus_n", "reference_events", "reference_n")})
    pay = pay if pay is not None else pd.DataFrame(columns=[
        "comparison", "directorate", "reference", "focus", "n_reference", "n_focus", "mean_reference", "mean_focus",
        "mean_gap", "mean_gap_low", "mean_gap_high", "median_reference", "median_focus", "median_gap",
        "median_gap_low", "median_gap_high"]).astype({"n_reference": "int64", "n_focus": "int64"})
    return d.DirectorateResults(_TRUST, representation=rep, pay_gaps=pay, process_entry=proc,
                                directorates=tuple(sorted(set(rep["directorate"]) - {d.ALL_DIRECTORATES})))


# Trust 20% BME; A's interval (30-50%) lies above it, B's (10-30%) includes it.
_ROWS = [
    ("WRES", "A", d.ALL_LEVELS, "BME", "White", 40, 55, 5, 100, 40.0, 30.0, 50.0),
    ("WRES", "B", d.ALL_LEVELS, "BME", "White", 20, 75, 5, 100, 20.0, 10.0, 30.0),
    ("WRES", "C", d.ALL_LEVELS, "BME", "White", 1, 95, 4, 100, 1.0, 0.2, 5.4),
    ("WRES", d.ALL_DIRECTORATES, d.ALL_LEVELS, "BME", "White", 61, 225, 14, 300, 20.3, 16.1, 25.3),
]


def test_findings_name_only_directorates_whose_interval_excludes_the_trust():
    pub = Policy(mode="internal").apply(_results(_rep(_ROWS)))
    text = views.key_findings(pub).markup
    assert "higher beyond chance in: A." in text
    assert "B" not in text.split("higher beyond chance in:")[1].split(".")[0]


def test_findings_never_quote_a_hidden_share():
    # C's 1 BME person is hidden when published, so C may not be named as lower beyond chance from its figure
    pub = Policy().apply(_results(_rep(_ROWS)))
    assert is_hidden(pub.representation.loc[2, "pct_high"])
    text = views.key_findings(pub).markup
    assert "C" not in text.replace("BME", "")
    internal = views.key_findings(Policy(mode="internal").apply(_results(_rep(_ROWS)))).markup
    assert "lower beyond chance in: C." in internal


def test_representation_table_shows_markers_and_intervals():
    pub = Policy().apply(_results(_rep(_ROWS)))
    html = views.representation_table(pub, "WRES")._repr_html_()
    assert "40.0% (30.0% to 50.0%); 40 of 100" in html
    assert "&lt;5 of" in html


def test_views_refuse_unpublished_results():
    with pytest.raises(Exception):
        views.key_findings(_results(_rep(_ROWS)))
