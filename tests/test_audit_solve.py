"""Relations a reader can find in one published table, and the bounds they leave on hidden counts."""

import math

import pytest

from edi_analysis.disclosure import Policy
from edi_analysis.disclosure.audit_read import Table, parse_cell
from edi_analysis.disclosure.audit_bounds import final_bounds, solve_stages
from edi_analysis.disclosure.audit_solve import STAGES, build_model

MIN = Policy().min_count
LT = f"<{MIN}"


def make(columns, rows, caption="t"):
    return Table("f.html", caption, list(columns),
                 [(label, [parse_cell(str(v), MIN) for v in cells]) for label, *cells in rows])


def bounds(t, r, c):
    m = build_model(t)
    lo, hi = final_bounds(m)
    v = m.var[(r, c)]
    return lo[v], hi[v]


def test_a_repeated_reference_column_does_not_break_a_total_row():
    # "White: events" repeats the reference group on every row: it is no part of the sum, the others are
    t = make(["BME: events", "BME: staff", "White: events", "White: staff"],
             [("All staff (aggregate)", 196, 8967, 98, 8141), ("Internationally recruited", LT, 1063, 98, 8141),
              ("UK-recruited", 193, 7904, 98, 8141)])
    assert bounds(t, 1, 0) == (3, 3)


def test_a_hidden_repeated_reference_column_is_one_figure_not_parts():
    # A national synthetic trust's indicator 3 by Census group: every "White: events" hidden, beside a "White: staff"
    # that is the same on every row. Read as parts of the aggregate they "gave" 4 = 1 + 1 + 1 + 1; the true count
    # was 2 on every row. A reader can only learn that they are equal.
    t = make(["Group: events", "Group: staff", "White: events", "White: staff", "Relative likelihood"],
             [("All staff (aggregate)", LT, 274, LT, 495, "suppressed"), ("Asian", LT, 161, LT, 495, "suppressed"),
              ("Black", LT, 54, LT, 495, "suppressed"), ("Mixed", LT, 32, LT, 495, "suppressed"),
              ("Other", 0, 27, LT, 495, "suppressed")])
    assert bounds(t, 0, 2) == (1, MIN - 1)
    assert bounds(t, 1, 2) == (1, MIN - 1)
    m = build_model(t)
    assert any(set(line.cells) == {m.var[(0, 2)], m.var[(1, 2)]} for line in m.lines)  # equal, as a reader knows


def test_a_relative_likelihood_is_not_read_as_a_percentage():
    # The White rate here is 84 / 8,399, within rounding of 1%, so the shown ratios also fit 100 * events / staff.
    # Taking both readings together pinned the hidden "Other" count at 3 (it is 2): only the ratio reading holds.
    t = make(["Group: events", "Group: staff", "White: events", "White: staff", "Relative likelihood"],
             [("All staff (aggregate)", 32, 1393, 84, 8399, "2.30"), ("Asian", 12, 536, 84, 8399, "2.24"),
              ("Black", "*", 234, 84, 8399, "suppressed"), ("Mixed", 10, 408, 84, 8399, "2.45"),
              ("Other", LT, 215, 84, 8399, "suppressed")])
    assert bounds(t, 4, 0) == (1, MIN - 1)
    assert not build_model(t).ratios


def test_rows_with_one_non_zero_part_do_not_confirm_a_sum():
    # A national synthetic trust's non-clinical WRES indicator 1: grades 1 and 9 have only White staff, so they fit
    # "White = BME + Unknown + All staff" as well as the true "All staff = White + BME + Unknown". Taking the
    # first as well "gave" 8d's White count as 1 (it is 4) and 8a's as 23 (it is 20).
    t = make(["White", "BME", "Unknown", "All staff"],
             [("1", 7, 0, 0, 7), ("2", 156, "*", "*", 186), ("3", 220, "*", "*", 248), ("4", 175, "*", "*", 198),
              ("5", 76, "*", "*", 90), ("6", 48, "*", LT, 57), ("7", 39, LT, LT, 44), ("8a", "*", 0, LT, 22),
              ("8b", "*", LT, 0, "*"), ("8c", "*", LT, LT, "*"), ("8d", LT, 0, 0, LT), ("9", 5, 0, 0, 5),
              ("VSM", LT, 0, 0, LT), ("All levels", 779, "*", "*", 893)])
    m = build_model(t)
    totals = {m.table.columns[c] for line in m.lines if len(line.cells) == 4
              for (r, c), v in m.var.items() if v == line.cells[0]}
    assert totals == {"All staff"}
    assert bounds(t, 10, 0) == (1, MIN - 1)
    assert bounds(t, 7, 0)[0] < bounds(t, 7, 0)[1]


def test_a_column_showing_only_zeros_beside_hidden_cells_is_a_part_not_a_constant():
    # SYN04's non-clinical WRES indicator 1 in the workbook: BME shows 0 or <5, never another number. Leaving it
    # out of "All staff = White + BME + Unknown" made 87 - 83 = 4 "the" Unknown count on row 7.
    t = make(["White", "BME", "Unknown", "All staff"],
             [("1", "*", 0, LT, 13), ("7", 83, LT, LT, 87), ("8c", "*", 0, LT, 14), ("9", "*", 0, 0, "*"),
              ("VSM", "*", 0, 0, "*")])
    assert bounds(t, 1, 2) == (1, 3)


def test_a_contradicted_sum_is_dropped():
    # R = P + Q on two rows but not on the third: no relation, the hidden cell keeps its marker's bounds
    t = make(["P", "Q", "R"], [("a", 10, 20, 30), ("b", 7, 8, 15), ("c", 1, 1, 9), ("d", LT, 9, 12)])
    assert bounds(t, 3, 0) == (1, MIN - 1)


def test_zero_rows_do_not_confirm_a_sum():
    t = make(["P", "Q", "R"], [("a", 0, 0, 0), ("b", 7, 8, 15), ("c", LT, 9, 12)])
    assert bounds(t, 2, 0) == (1, MIN - 1)


def test_percentage_relation_needs_two_confirming_rows():
    one = make(["Members", "Disabled", "Share"], [("A", 40, 10, "25.0"), ("B", 20, LT, "15.0"), ("C", 9, 9, "")])
    assert bounds(one, 1, 1) == (1, MIN - 1)
    two = make(["Members", "Disabled", "Share"],
               [("A", 40, 10, "25.0"), ("C", 60, 15, "25.0"), ("B", 20, LT, "15.0")])
    assert bounds(two, 2, 1) == (3, 3)


def test_percentage_rounding_leaves_an_interval():
    # a percentage rounded to one decimal pins the count only where the base is small enough
    t = make(["N", "x", "%"], [("a", 40, 10, "25.0%"), ("b", 60, 15, "25.0%"), ("c", 150, LT, "2.0%")])
    assert bounds(t, 2, 1) == (3, 3)  # 2.0% of 150 is 2.925 to 3.075
    t = make(["N", "x", "%"], [("a", 40, 10, "25.0%"), ("b", 60, 15, "25.0%"), ("c", 400, LT, "1%")])
    assert bounds(t, 2, 1) == (2, MIN - 1)  # 0.5% to 1.5% of 400 is 2 to 6


def test_per_thousand_rates():
    t = make(["Counted", "Out of", "entries per 1,000 staff"],
             [("Q1", 12, 4000, "3.0"), ("Q2", 8, 2000, "4.0"), ("Q3", LT, 1500, "2.0")])
    assert bounds(t, 2, 0) == (3, 3)


def test_relative_likelihood_orientation_from_a_shown_row():
    # the shown row says the ratio is (c3/c4)/(c1/c2), against the columns' order
    t = make(["W: events", "W: staff", "B: events", "B: staff", "Relative likelihood"],
             [("a", 40, 1000, 8, 100, "2.00"), ("b", 40, 1000, LT, 100, "0.75")])
    assert bounds(t, 1, 2) == (3, 3)


def test_stages_credit_the_first_family_that_pins():
    t = make(["Members", "BME", "% BME", "% of workforce", "Difference (pp)"],
             [("A", 10, 5, "50.0%", "40.0%", "+10.0 pp"), ("B", 20, 6, "30.0%", "40.0%", "-10.0 pp"),
              ("C", 12, LT, "suppressed", "40.0%", "-15.0 pp")])
    m = build_model(t)
    first = solve_stages(m)
    assert {STAGES[s] for s in first.values()} == {"differences"}


def test_unbounded_complementary_cell_stays_unbounded_without_relations():
    t = make(["P"], [("a", "*")])
    lo, hi = bounds(t, 0, 0)
    assert lo == MIN and math.isinf(hi)


@pytest.mark.slow
def test_subtotals_sum_their_own_block_only(tmp_path, synthetic_root):
    """Indicator 1 lists each staff type's levels then its subtotal, then the whole workforce; reading every
    subtotal as the sum of all rows "recovered" counts that were not true (SYN02: Non-clinical band 6)."""
    from pathlib import Path

    from edi_analysis.disclosure import Policy
    from edi_analysis.disclosure.audit import audit_trust
    from edi_analysis.io import load_trust
    from edi_analysis.results import standards
    from edi_analysis.views import standards as views

    root = Path(__file__).resolve().parents[1]
    pub = Policy().apply(standards.compute(load_trust("SYN02", 2026, params_dir=root / "params"), "WRES"))
    (tmp_path / "wres.html").write_text("<html><body>" + views.representation_table(pub)._repr_html_()
                                        + "</body></html>", encoding="utf-8")
    assert audit_trust(tmp_path) == []


def test_a_percentage_that_fits_two_bases_is_left_alone():
    # Men: 40 of 2,000 receive a bonus (2.0%); 40 / (2,000 + 40) also rounds to 2.0%. Which base holds is not
    # known, so neither may pin the women's hidden count.
    t = make(["Relevant", "Received", "% receiving"], [("Men", 2000, 40, "2.0"), ("Women", 2868, LT, "suppressed")])
    assert bounds(t, 1, 1) == (1, MIN - 1)
