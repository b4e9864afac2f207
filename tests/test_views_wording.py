"""Shared wording: every branch of the sentences that must agree with the figures beside them."""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from edi_analysis.disclosure import Policy
from edi_analysis.views import standards_tables, wording

VIEWS = Path(__file__).resolve().parents[1] / "src" / "edi_analysis" / "views"


@pytest.mark.parametrize(("first", "last", "expected"), [
    (10.4, 6.2, "narrowed from 10.4% to 6.2%"),
    (10.4, 12.8, "widened from 10.4% to 12.8%"),
    (10.4, -12.8, "reversed from 10.4% to -12.8%, so it now runs the other way"),
    (-3.0, 2.0, "reversed from -3.0% to 2.0%, so it now runs the other way"),
    (-3.0, -1.0, "narrowed from -3.0% to -1.0%"),
    (-3.0, -5.5, "widened from -3.0% to -5.5%"),
    (10.4, 0.0, "closed (from 10.4% to 0.0%)"),
    (10.4, 0.04, "closed (from 10.4% to 0.0%)"),  # judged as printed
    (0.0, 4.0, "opened (from 0.0% to 4.0%)"),
    (5.0, 5.02, "not changed (5.0%)"),
])
def test_gap_change_is_sign_aware(first, last, expected):
    assert wording.gap_change(first, last) == expected


@pytest.mark.parametrize(("status", "met", "year", "expected"), [
    ("on_track", True, 2025, "target met early"),
    ("on_track", True, 2027, "target met"),
    ("on_track", False, 2025, "on track"),
    ("behind_within_uncertainty", False, 2025, "behind the path, but within the uncertainty"),
    ("off_track", False, 2025, "off track: behind the path by more than chance explains"),
    ("reversed", False, 2025, "not on track: the gap has passed parity and now runs the other way by more than "
                              "chance, so a gap in the other direction has opened"),
    ("insufficient_data", False, 2025, "not yet judged (too little data)"),
    ("insufficient_data", "suppressed", 2025, "not yet judged (too little data)"),
])
def test_target_status_words(status, met, year, expected):
    assert wording.target_status(status, met, year, 2027) == expected


@pytest.mark.parametrize(("higher", "side"), [(True, "below"), (False, "above")])
def test_path_caption_follows_the_direction(higher, side):
    assert f"whole interval lies {side} the path" in wording.path_caption(higher)
    assert ("Higher is better" if higher else "Lower is better") in wording.path_caption(higher)


@pytest.mark.parametrize(("value", "low", "high", "expected"), [
    (1.10, 0.90, 1.30, "within the non-adverse range"),
    (1.25, 1.10, 1.40, "within the non-adverse range"),  # the bound is inside
    (1.60, 0.85, 3.00, "outside the range but within chance: the 95% interval includes 1"),
    (1.60, 1.20, 2.10, "outside the range, by more than chance: the 95% interval excludes 1"),
    (0.50, 0.30, 0.90, "outside the range, by more than chance: the 95% interval excludes 1"),
    (0.50, None, None, "outside the range (no interval to judge chance)"),
])
def test_range_reading_needs_a_significant_interval(value, low, high, expected):
    assert wording.range_reading(value, low, high, (0.8, 1.25)) == expected


@pytest.mark.parametrize(("within", "significant", "start"), [
    (True, False, "within the non-adverse range"), (False, True, "outside the range, by more than chance"),
    (False, False, "outside the range but within chance")])
def test_standards_reading_uses_the_shared_words(within, significant, start):
    pub = SimpleNamespace(publication=SimpleNamespace(policy=Policy()))
    r = {"rl": 1.6, "within_range": within, "significant": significant, "focus_events": 50, "reference_events": 60}
    assert standards_tables.rl_reading(pub, r).startswith(start)


def test_no_view_words_a_change_outside_the_shared_rule():
    for path in VIEWS.glob("*.py"):
        if path.name != "wording.py":
            assert not re.search(r"[\"'](narrowed|widened)[\"']", path.read_text()), path.name
