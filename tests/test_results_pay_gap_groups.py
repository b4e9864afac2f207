"""Pay gap group tables: merge then suppress, and pooled rows that cannot give a hidden member away."""

import dataclasses
import sys
from pathlib import Path

from edi_analysis.disclosure import Policy, is_hidden, is_shown
from edi_analysis.io import load_trust
from edi_analysis.results import pay_gaps as results

sys.path.insert(0, str(Path(__file__).parent))  # the shared constructed trust (tests use importlib mode)
from pay_gap_fixtures import staff_table, trust

ROOT = Path(__file__).resolve().parents[1]


def test_small_groups_are_pooled_before_they_are_compared(synthetic_root):
    res = results.compute(load_trust("SYN02", 2026, params_dir=ROOT / "params"))
    census = res.groups["ethnicity_census5"]
    members = census[census["role"].isin(["group", "pooled"])]
    assert (members["n"] >= 10).all()
    too_few = census[census["role"] == "too_few"]
    assert (too_few["n"] < 10).all() and too_few["group"].str.contains("too few to report").all()
    total = census[census["role"] == "total"].iloc[0]
    parts = census[census["line"] == total["group"]]
    assert parts.loc[parts["role"] != "total", "n"].sum() == total["n"]  # the ColSum the spec declares


def test_a_pooled_row_cannot_reveal_a_hidden_member():
    # White 100; Mixed 12, Asian 15; Black 6 and Other 3 are pooled but still too few (9): their pay is hidden.
    rows = [("Female", "A", "No", 20.0, 100), ("Male", "A", "No", 22.0, 50), ("Female", "D", "No", 18.0, 12),
            ("Female", "H", "No", 19.0, 15), ("Female", "N", "No", 17.0, 6), ("Female", "S", "No", 16.0, 3),
            ("Female", "A", "Yes", 18.0, 30)]
    res = results.compute(trust(staff_table(rows)))
    census = res.groups["ethnicity_census5"].set_index("group")
    assert census.loc["BME", "role"] == "total" and census.loc["BME", "n"] == 36
    pub = Policy().apply(res).groups["ethnicity_census5"].set_index("group")
    line = pub[(pub["line"] == "BME") & (pub["role"] != "total")]
    assert is_shown(pub.loc["BME", "mean_hourly"])  # the pooled row is published...
    for col in ("mean_hourly", "median_hourly", "mean_gap"):
        hidden = [g for g, v in line[col].items() if is_hidden(v)]
        assert len(hidden) >= 2, col  # ...so one hidden member alone would be worked out from it and the others
    assert is_hidden(pub.loc["Mixed", "mean_hourly"])  # the smallest shown member goes with it


def detailed_trust(rows):
    data = trust(staff_table(rows))
    return dataclasses.replace(data, params=dataclasses.replace(data.params, ethnicity_level="detailed"))


def test_a_pool_across_census_groups_cannot_reveal_its_members():
    # Asian: Indian 12 alone, Pakistani 8 pooled with Mixed White and Asian 3 (the only small groups).
    # The census5 table publishes Asian (20): Asian minus Indian would give Pakistani's pay and count.
    rows = [("Female", "A", "No", 20.0, 100), ("Male", "A", "No", 22.0, 50), ("Female", "B", "No", 21.0, 20),
            ("Female", "H", "No", 19.0, 12), ("Female", "J", "No", 18.0, 8), ("Female", "F", "No", 17.0, 3),
            ("Female", "N", "No", 18.5, 15), ("Female", "S", "No", 16.5, 12), ("Female", "A", "Yes", 18.0, 30)]
    res = results.compute(detailed_trust(rows))
    t = res.groups["ethnicity_detailed"].set_index("group")
    pool = "Mixed: White and Asian and Asian: Pakistani (combined)"
    assert t.loc[pool, "role"] == "pooled" and t.loc[pool, "pool_role"] == "total"
    assert t.loc["Asian: Pakistani", "role"] == "in_pool" and t.loc["Asian: Pakistani", "line"] == "Asian"
    assert t.loc["Asian", "n"] == 20 and res.groups["ethnicity_census5"].set_index("group").loc["Asian", "n"] == 20
    pub = Policy().apply(res).groups["ethnicity_detailed"].set_index("group")
    assert is_shown(pub.loc["Asian", "mean_hourly"]) and is_shown(pub.loc["Black: African", "mean_hourly"])
    assert is_hidden(pub.loc["Asian: Indian", "mean_hourly"])  # else Asian and Indian give Pakistani's pay
    assert is_hidden(pub.loc["Asian: Indian", "n"])  # else Asian - Indian = 8, and the pool's 11 - 8 = 3
    assert is_hidden(pub.loc["Mixed: White and Asian", "n"])
    assert is_hidden(pub.loc[pool, "n"])  # Indian hidden from the table's total needs one more hidden row


def test_intersections_carry_the_comparison_groups_they_add_up_to(synthetic_root):
    res = results.compute(load_trust("SYN02", 2026, params_dir=ROOT / "params"))
    t = res.groups["sex_ethnicity"].set_index("group")
    assert t.loc["BME", "role"] == "total" and t.loc["BME", "n"] == t.loc["Men BME", "n"] + t.loc["Women BME", "n"]
    assert t.loc["White", "members"] == "Men White, Women White" and t.loc["Men White", "line"] == "White"
    gap = res.gaps[(res.gaps["comparison"] == "ethnicity") & (res.gaps["year"] == 2026)].iloc[0]
    assert t.loc["BME", "mean_hourly"] <= gap["mean_hourly_focus"] + 1  # the pool of the same people (sex known)


def test_a_census_group_hidden_in_the_census5_table_is_hidden_as_the_detailed_tables_total():
    # Other (3) is too few; the census5 table then hides Mixed (12, the smallest count of its line) as well. The
    # detailed table repeats Mixed as the total of its two Mixed groups (6 + 6, pooled): it must hide it too, or
    # the census5 "*" would be undone. (On its own the detailed table would hide White Irish, its smallest.)
    rows = [("Female", "A", "No", 20.0, 100), ("Male", "A", "No", 22.0, 50), ("Female", "B", "No", 20.5, 10),
            ("Female", "D", "No", 18.0, 6),
            ("Female", "E", "No", 18.5, 6), ("Female", "H", "No", 19.0, 15), ("Female", "N", "No", 17.0, 15),
            ("Female", "S", "No", 16.0, 3), ("Female", "A", "Yes", 18.0, 30)]
    data = trust(staff_table(rows))
    data = dataclasses.replace(data, params=dataclasses.replace(data.params, ethnicity_level="detailed"))
    res = results.compute(data)
    detailed = res.groups["ethnicity_detailed"]
    mixed = detailed[(detailed["line"] == "Mixed")].set_index("role")
    assert mixed.loc["total", "n"] == 12 and mixed.loc["pooled", "n"] == 12
    pub = Policy().apply(res).groups
    census = pub["ethnicity_census5"].set_index("group")
    assert census.loc["Other (too few to report)", "n"] == "<5" and census.loc["Mixed", "n"] == "*"
    line = pub["ethnicity_detailed"]
    line = line[line["line"] == "Mixed"].set_index("role")
    assert line.loc["total", "n"] == "*" and is_hidden(line.loc["pooled", "n"])
