"""The disclosure policy: worked example of metrics.md section 13, every threshold's boundary, derived figures,
complementary suppression that an interval audit cannot undo, internal mode and the params checks."""

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pytest

from edi_analysis.disclosure import (ColSum, Derived, Hidden, Policy, RowSum, Same, Spec, is_hidden, is_shown,
                                     require_published, suppress_matrix)
from edi_analysis.disclosure.solver import Line, propagate
from edi_analysis.errors import InputError
from edi_analysis.results.base import Results, TrustInfo

TRUST = TrustInfo("XXX", "Test trust", "Acute", "London", "Test ICS", True, 2026)


def cells(frame: pd.DataFrame) -> list[list[object]]:
    return [[str(v) if is_hidden(v) else v for v in row] for row in frame.to_numpy().tolist()]


@pytest.fixture
def bands():
    return pd.DataFrame({"White": [120, 30], "BME": [80, 3], "Unknown": [10, 2]}, index=pd.Index(["5", "8c"], name="band"))


def test_worked_example_primary_and_complementary(bands):
    out = suppress_matrix(bands, Policy())
    assert cells(out) == [[120, "*", "*"], [30, "<5", "<5"]]
    assert out.index.equals(bands.index) and list(out.columns) == list(bands.columns)


def test_no_line_keeps_exactly_one_hidden_cell(bands):
    hidden = suppress_matrix(bands, Policy()).map(is_hidden).to_numpy()
    assert not (hidden.sum(axis=0) == 1).any()
    assert not (hidden.sum(axis=1) == 1).any()


def test_complementary_tie_goes_to_first_in_table_order():
    out = suppress_matrix(pd.DataFrame({"a": [2, 8, 8], "b": [20, 20, 20]}), Policy())
    assert [str(v) if is_hidden(v) else v for v in out["a"]] == ["<5", "*", 8]


def test_two_small_cells_summing_to_two_are_not_left_pinned():
    # Column a: 1 + 1 + 50 = 52 is public; hiding only the two 1s would leave each provably 1.
    out = suppress_matrix(pd.DataFrame({"a": [1, 1, 50], "b": [20, 20, 20]}), Policy())
    assert is_hidden(out.loc[2, "a"])


@pytest.mark.parametrize("min_count", [5, 7])
def test_count_boundary(min_count):
    t = pd.DataFrame({"a": [min_count, min_count - 1, 0]})
    out = suppress_matrix(t, Policy(min_count=min_count), totals=False)
    assert out.loc[0, "a"] == min_count  # equal to the threshold: shown
    assert out.loc[1, "a"] == f"<{min_count}" and out.loc[1, "a"].kind == "primary"  # one below: hidden
    assert out.loc[2, "a"] == 0  # zero: shown


@dataclass(frozen=True)
class Rates(Results):
    """A small report: counts with a total, percentages, a ratio and a survey figure."""

    SPECS = {
        "rates": Spec(counts=("x", "n"),
                      derived={"pct": Derived(of=("x", "n")),
                               "rl": Derived(of=("x", "n"), events=("x",), bases=("n",)),
                               "rl_low": Derived(of=("rl",))},
                      col_sums=(ColSum(label="group", total="All"),)),
        "survey": Spec(derived={"pct": Derived(bases=("responses",), base="survey_base")}, public="none"),
        "pay": Spec(derived={"gap": Derived(bases=("n_ref", "n_focus"), base="pay_group")}, public="none"),
        "board": Spec(counts=("members", "focus"), derived={"pct": Derived(of=("focus", "members"))},
                      public="board"),
    }
    rates: pd.DataFrame
    survey: pd.DataFrame
    pay: pd.DataFrame
    board: pd.DataFrame


def _rates() -> Rates:
    rates = pd.DataFrame({"group": ["A", "B", "C", "All"], "x": [3, 40, 12, 55], "n": [9, 400, 100, 509]})
    rates["pct"] = rates["x"] / rates["n"] * 100
    rates["rl"] = [1.2, 1.0, 1.1, 1.0]
    rates["rl_low"] = rates["rl"] - 0.1
    survey = pd.DataFrame({"group": ["a", "b", "c"], "responses": [11, 10, 300], "pct": [20.0, 30.0, 40.0]})
    pay = pd.DataFrame({"group": ["a", "b"], "n_ref": [10, 10], "n_focus": [10, 9], "gap": [5.0, 6.0]})
    board = pd.DataFrame({"board": ["All"], "members": [12], "focus": [2], "pct": [2 / 12 * 100]})
    return Rates(TRUST, rates=rates, survey=survey, pay=pay, board=board)


def test_derived_figures_follow_counts_and_thresholds():
    pub = Policy().apply(_rates())
    r = pub.rates.set_index("group")
    assert r.loc["A", "x"] == "<5" and r.loc["A", "pct"] == "suppressed" and r.loc["A", "rl"] == "suppressed"
    assert r.loc["A", "rl_low"] == "suppressed"  # derived from a hidden derived figure
    # The aggregate row: A is hidden, so one more of B, C or All must be hidden (smallest: C).
    assert r.loc["C", "x"] == "*" and r.loc["C", "pct"] == "suppressed"
    assert r.loc["B", "x"] == 40 and r.loc["B", "pct"] == pytest.approx(10.0)
    assert r.loc["B", "rl"] == 1.0


def test_events_and_population_boundaries():
    frame = pd.DataFrame({"group": ["a", "b", "c", "d"], "x": [5, 6, 0, 6], "n": [10, 9, 50, 10], "pct": 1.0,
                          "rl": 1.0, "rl_low": 0.9})
    pub = Policy().apply(Rates(TRUST, rates=frame, survey=_rates().survey, pay=_rates().pay, board=_rates().board))
    r = pub.rates.set_index("group")
    assert r.loc["a", "rl"] == 1.0  # 5 events, population 10: shown
    assert r.loc["b", "rl"] == "suppressed"  # population 9
    assert r.loc["c", "rl"] == "suppressed" and r.loc["c", "x"] == 0  # zero events: count shown, ratio hidden
    assert r.loc["d", "rl"] == 1.0


def test_survey_base_and_pay_group_boundaries():
    pub = Policy().apply(_rates())
    assert pub.survey["pct"].tolist()[0] == 20.0  # 11 responses: shown
    assert pub.survey["pct"].tolist()[1] == "suppressed"  # 10 responses: hidden
    assert pub.pay["gap"].tolist() == [5.0, "suppressed"]  # 10 and 10 shown; 9 hidden


def test_board_counts_are_public_unless_the_policy_says_otherwise():
    assert Policy().apply(_rates()).board["focus"].tolist() == [2]
    hidden = Policy(suppress_board=True).apply(_rates()).board
    assert hidden["focus"].tolist() == ["<5"] and hidden["pct"].tolist() == ["suppressed"]


def test_internal_mode_runs_the_same_code_and_keeps_values():
    res = _rates()
    pub = Policy(mode="internal").apply(res)
    pd.testing.assert_frame_equal(pub.rates, res.rates)
    assert pub.publication.internal and pub.publication.hidden["rates"] == Policy().apply(res).publication.hidden["rates"]


def test_views_need_published_results():
    with pytest.raises(TypeError, match="published"):
        require_published(_rates())
    pub = Policy().apply(_rates())
    assert require_published(pub).any_hidden
    with pytest.raises(TypeError, match="already published"):
        Policy().apply(pub)


def test_every_table_needs_a_spec():
    @dataclass(frozen=True)
    class Bare(Results):
        t: pd.DataFrame

    with pytest.raises(TypeError, match="no disclosure spec"):
        Policy().apply(Bare(TRUST, t=pd.DataFrame({"a": [1]})))


def test_spec_naming_a_missing_column_is_a_bug():
    @dataclass(frozen=True)
    class Wrong(Results):
        SPECS = {"t": Spec(counts=("b",))}
        t: pd.DataFrame

    with pytest.raises(KeyError, match="lacks: b"):
        Policy().apply(Wrong(TRUST, t=pd.DataFrame({"a": [1]})))


def test_row_sums_with_a_total_column():
    frame = pd.DataFrame({"level": ["1", "2"], "White": [50, 60], "BME": [3, 20], "total": [53, 80]})
    spec = Spec(counts=("White", "BME", "total"), row_sums=(RowSum(parts=("White", "BME"), total="total"),))
    out, hidden = Policy().suppress_tables({"t": frame}, {"t": spec})
    row = out["t"].iloc[0]
    assert row["BME"] == "<5" and is_hidden(row["White"]) or is_hidden(row["total"])
    assert hidden["t"] == 2


def test_hidden_marker_is_text_that_refuses_arithmetic():
    h = Hidden("<5", "primary")
    assert str(h) == "<5" and h.kind == "primary"
    with pytest.raises(TypeError):
        h + 1  # noqa: B018
    assert not is_shown(h) and not is_shown(np.nan) and is_shown(0)
    import pickle
    assert pickle.loads(pickle.dumps(h)).kind == "primary"


def test_solver_pins_a_cell_from_its_line():
    lo, hi = propagate([Line((0, 1, 2), (1.0, 1.0, 1.0), 12.0)], [1, 1, 10], [4, 4, 10])
    assert (lo[0], hi[0], lo[1], hi[1]) == (1, 1, 1, 1)  # two "<5" cells summing to 2
    lo, hi = propagate([Line((0, 1, 2), (1.0, 1.0, 1.0), 17.0)], [1, 5, 10], [4, np.inf, 10])
    assert (lo[0], hi[0], lo[1], hi[1]) == (1, 2, 5, 6)  # "*" is at least 5, so "<5" is at most 2


@pytest.mark.parametrize("sdc, key", [
    ({"min_count": 0}, "sdc.min_count"),
    ({"min_count": 4}, "sdc.min_count"),
    ({"min_count": "five"}, "sdc.min_count"),
    ({"paygap_min_group": 9}, "sdc.paygap_min_group"),
    ({"mode": "publsh"}, "sdc.mode"),
    ({"suppress_bored": True}, "sdc.suppress_bored"),
])
def test_settings_that_would_weaken_publication_are_errors(sdc, key):
    with pytest.raises(InputError) as err:
        Policy.from_settings(sdc, file="X.yaml")
    assert key in str(err.value)


def test_internal_mode_may_lower_thresholds_and_stricter_is_fine():
    assert Policy.from_settings({"mode": "internal", "min_count": 3}).min_count == 3
    assert Policy.from_settings({"min_count": 10}).min_count == 10
    assert Policy.from_settings({}, mode="internal").internal


def test_pooled_group_figure_cannot_be_backed_out_of_its_members():
    # Mixed's mean pay is hidden (8 staff); the BME row pools all four groups, so one more mean must go.
    frame = pd.DataFrame({"group": ["Asian", "Black", "Mixed", "Other", "BME"], "n": [40, 30, 8, 12, 90],
                          "mean": [20.0, 19.0, 18.0, 17.5, 19.3]})
    spec = Spec(derived={"mean": Derived(bases=("n",), base="pay_group")}, public="none",
                derived_sums=(ColSum(label="group", total="BME", columns=("mean",), smallest_by="n"),))
    out, _ = Policy().suppress_tables({"t": frame}, {"t": spec})
    shown = out["t"].set_index("group")["mean"]
    assert shown["Mixed"] == "suppressed" and shown["Other"] == "suppressed"  # the next smallest group
    assert shown["Asian"] == 20.0 and shown["BME"] == 19.3


def test_a_small_public_total_is_reported_not_ignored():
    # Row 0's total (1) is small and public: nothing in the table can protect the hidden 1.
    frame = pd.DataFrame({"_row": [0, 1], "a": [0, 40], "b": [1, 40]})
    spec = Spec(counts=("a", "b"), row_sums=(RowSum(parts=("a", "b")),), col_sums=(ColSum(label="_row"),))
    out, hidden = Policy().suppress_tables({"t": frame}, {"t": spec})
    assert out["t"].loc[0, "b"] == "<5" and hidden.unprotected == {"t": 1}
    with pytest.raises(ValueError, match="public total"):
        suppress_matrix(pd.DataFrame({"a": [0, 40], "b": [1, 40]}), Policy())


def test_a_count_repeated_in_another_table_is_one_cell():
    # "detail" splits BME into subgroups (one small); "summary" repeats the BME total from "detail".
    detail = pd.DataFrame({"group": ["Asian", "Black", "Mixed", "BME"], "n": [40, 30, 3, 73]})
    summary = pd.DataFrame({"group": ["White", "BME", "All"], "n": [300, 73, 373]})
    specs = {
        "detail": Spec(counts=("n",), col_sums=(ColSum(label="group", total="BME"),)),
        "summary": Spec(counts=("n",), col_sums=(ColSum(label="group", total="All"),),
                        same=(Same("detail", {"n": "n"}, on={"group": "group"}),)),
    }
    out, _ = Policy().suppress_tables({"detail": detail, "summary": summary}, specs)
    d, s = out["detail"].set_index("group")["n"], out["summary"].set_index("group")["n"]
    assert d["Mixed"] == "<5" and is_hidden(d["Black"])  # the one-table rule
    assert (is_hidden(d["BME"]) and is_hidden(s["BME"])) or (d["BME"] == 73 and s["BME"] == 73)


def test_a_repeated_count_hidden_in_one_table_is_hidden_in_the_other():
    a = pd.DataFrame({"group": ["x", "y", "All"], "n": [2, 40, 42]})
    b = pd.DataFrame({"group": ["x", "z"], "n": [2, 9]})
    specs = {"a": Spec(counts=("n",), col_sums=(ColSum(label="group", total="All"),)),
             "b": Spec(counts=("n",), same=(Same("a", {"n": "n"}, on={"group": "group"}),))}
    out, _ = Policy().suppress_tables({"a": a, "b": b}, specs)
    assert out["b"].set_index("group").loc["x", "n"] == "<5"
    with pytest.raises(ValueError, match="counts differ"):
        Policy().suppress_tables({"a": a, "b": b.assign(n=[3, 9])}, specs)


def test_a_repeat_can_be_limited_to_some_rows_of_its_own_table():
    # Only the "All" row of "b" repeats "a" (on a key every row of "b" shares): without ``this`` the Band rows
    # would be matched too (and their counts differ).
    a = pd.DataFrame({"year": ["2024"] * 3, "group": ["x", "y", "All"], "n": [7, 34, 41]})  # nothing small
    b = pd.DataFrame({"year": ["2024", "2024", "2024"], "level": ["Band 5", "Band 6", "All"], "n": [2, 38, 7]})
    specs = {"a": Spec(counts=("n",), col_sums=(ColSum(label="group", total="All", parts=("x", "y")),)),
             "b": Spec(counts=("n",), same=(Same("a", {"n": "n"}, on={"year": "year"}, where={"group": "x"},
                                                 this={"level": "All"}),))}
    out, hidden = Policy().suppress_tables({"a": a, "b": b}, specs)
    assert list(out["b"]["n"]) == ["<5", 38, 7] and hidden == {"a": 0, "b": 1}
    with pytest.raises(ValueError, match="counts differ"):
        Policy().suppress_tables({"a": a, "b": b}, {"a": specs["a"], "b": Spec(
            counts=("n",), same=(Same("a", {"n": "n"}, on={"year": "year"}, where={"group": "x"}),))})
    with pytest.raises(KeyError, match="lacks: stage"):
        Spec(counts=("n",), same=(Same("a", {"n": "n"}, this={"stage": 1}),)).check(b, "b")
