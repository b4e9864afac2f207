"""Bounds on hidden counts from a table's relations: every stage solved once, the same answers as stage by stage."""

from edi_analysis.disclosure import Policy, audit_bounds
from edi_analysis.disclosure.audit_bounds import final_bounds, solve_all, solve_stages
from edi_analysis.disclosure.audit_read import Table, parse_cell
from edi_analysis.disclosure.audit_solve import STAGES, build_model

MIN = Policy().min_count
LT = f"<{MIN}"


def make(columns, rows, caption="t"):
    return Table("f.html", caption, list(columns),
                 [(label, [parse_cell(str(v), MIN) for v in cells]) for label, *cells in rows])


def test_solve_all_is_solve_stages_and_final_bounds_with_no_stage_solved_twice(monkeypatch):
    # a total column only: every stage after the first brings nothing new, so one solve serves all five
    t = make(["A", "B", "Total"], [("x", LT, 20, 23), ("y", 7, 30, 37), ("z", 12, LT, 14)])
    m = build_model(t)
    expected = (solve_stages(m), *final_bounds(m))
    calls = []
    real = audit_bounds.solve
    monkeypatch.setattr(audit_bounds, "solve", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    assert solve_all(m) == expected and calls == [0]
    # a percentage column brings the ratios at stage 1: two solves, still the same answers as stage by stage
    t = make(["Shown", "Staff", "%"], [("x", LT, 40, "7.5%"), ("y", 20, 50, "40.0%"), ("z", 30, 60, "50.0%")])
    m = build_model(t)
    expected = (solve_stages(m), *final_bounds(m))
    calls.clear()
    assert solve_all(m) == expected and calls == [0, 1]
    v = m.var[(0, 0)]
    assert expected[0][v] == STAGES.index("ratios") and expected[1][v] == expected[2][v] == 3
