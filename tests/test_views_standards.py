"""WRES/WDES views: every indicator present, findings that never quote a hidden figure, board and survey rules,
declaration and population comparison, all from published results."""

import re
from pathlib import Path

import pytest
import yaml

from edi_analysis.disclosure import Policy
from edi_analysis.io import load_trust
from edi_analysis.results import standards as results
from edi_analysis.pipeline.reader_text import developer_markers
from edi_analysis.views import standards as views

ROOT = Path(__file__).resolve().parents[1]


def text(obj) -> str:
    return re.sub(r"<[^>]+>", " ", obj._repr_html_()).replace("&#x27;", "'")


def test_views_need_published_results(wres_res):
    with pytest.raises(TypeError, match="published"):
        views.declaration_view(wres_res)


def test_wres_has_every_indicator(wres_pub):
    assert set(views.submission_table(wres_pub)["indicator"]) == {str(i) for i in range(1, 10)}
    assert set(wres_pub.survey.loc[wres_pub.survey["year"] == 2026, "number"]) == {"5", "6", "7", "8"}


def test_wdes_has_every_metric(wdes_pub):
    sub = views.submission_table(wdes_pub)
    assert set(sub["indicator"]) == {"1", "2", "3", "4a(i)", "4a(ii)", "4a(iii)", "4b", "5", "6", "7", "8", "10"}
    assert "Engagement score" in text(views.engagement_table(wdes_pub))
    assert "facilitate the voices of disabled staff" in text(views.voice_text(wdes_pub))
    assert "Cluster 4: AfC bands 8c-9 and VSM" in set(wdes_pub.representation["level"])


def test_aggregate_hiding_a_subgroup_is_reported_for_the_trust_built_to_show_it(wres_res, wres_pub):
    internal = Policy(mode="internal").apply(wres_res)
    shown = text(views.subgroup_table(internal, "process_route"))
    assert "The aggregate hides a worse figure for a subgroup: UK-recruited (recruitment route)" in shown
    # each table's note names only its own subgroups
    assert "(recruitment route)" not in text(views.subgroup_table(internal, "process_staff_group"))
    lk = internal.likelihoods
    route = lk[(lk["split"] == "route") & (lk["indicator"] == "3") & (lk["basis"] == "pooled")].set_index("subgroup")
    agg = lk[(lk["split"] == "all") & (lk["indicator"] == "3") & (lk["basis"] == "pooled") & (lk["focus"] == "BME")]
    assert route.loc["UK-recruited", "rl"] > agg["rl"].iloc[0]
    # Published, the UK-recruited count would give away the internationally recruited one: neither is quoted.
    assert "hides a worse figure" not in text(views.subgroup_table(wres_pub, "process_route"))


def test_disciplinary_and_capability_are_never_mixed(wres_pub, wdes_pub):
    assert "disciplinary" in views.likelihood_table(wres_pub, "3").caption
    assert "capability" not in views.likelihood_table(wres_pub, "3").caption
    assert "capability process (performance only)" in views.likelihood_table(wdes_pub, "3").caption


def test_board_counts_public_by_default_and_hidden_when_asked(wdes_res, wdes_pub):
    board = views.board_table(wdes_pub).data
    for r in wdes_res.board.to_dict("records"):
        assert board.loc[r["board"], "Disabled"] == r["focus"]
    hidden = views.board_table(Policy(suppress_board=True).apply(wdes_res)).data
    for r in wdes_res.board.to_dict("records"):
        small = 0 < r["focus"] < 5
        assert (hidden.loc[r["board"], "Disabled"] == "<5") == small
        assert (hidden.loc[r["board"], "Difference (percentage points)"] == "suppressed") == small


def test_internal_mode_title_says_not_for_publication(wres_res):
    assert "Not for publication" in text(views.title(Policy(mode="internal").apply(wres_res)))
    assert "Not for publication" not in text(views.title(Policy().apply(wres_res)))


def test_declaration_view_states_the_range(wdes_pub, wres_pub):
    assert "survey" in text(views.declaration_view(wdes_pub))
    assert "if every unrecorded person were BME" in text(views.declaration_view(wres_pub))


def test_survey_table_base_rule(wdes_res):
    from dataclasses import replace
    s = wdes_res.survey.copy()
    first = s.index[s["year"] == 2026][0]
    s.loc[first, "focus_responses"] = 10
    pub = Policy().apply(replace(wdes_res, survey=s))
    row = views.survey_table(pub).data.iloc[0]
    assert row.iloc[0] == f"fewer than {pub.publication.policy.min_survey_base} responses"
    assert row["Difference"] == "suppressed"


def test_population_comparison_uses_the_catchment(tmp_path, synthetic_root, wres_pub):
    ref = ROOT / "data" / "reference"
    params = yaml.safe_load((ROOT / "params" / "SYN06.yaml").read_text())
    params.update(data_dir=str(ROOT / "data" / "synthetic" / "SYN06"), reference_data=str(ref))
    (tmp_path / "SYN06.yaml").write_text(yaml.safe_dump(params))
    pub = Policy().apply(results.compute(load_trust("SYN06", 2026, params_dir=tmp_path), "WRES"))
    pop = pub.population.set_index("group")["pct"]
    assert pop.drop("Ethnic minority").sum() == pytest.approx(100)
    assert pop["Ethnic minority"] == pytest.approx(100 - pop["White"])
    assert "named as the area it serves" in pub.population_source
    assert "catchment population is" in text(views.population_view(pub))
    # without reference data the board reads a plain sentence (no setup words)
    params.update(catchment_las=[])
    params.pop("reference_data")
    (tmp_path / "SYN06.yaml").write_text(yaml.safe_dump(params))
    pub = Policy().apply(results.compute(load_trust("SYN06", 2026, params_dir=tmp_path), "WRES"))
    missing = views.population_view(pub)
    assert "Census 2021 figures for the area the trust serves were not available" in text(missing)
    assert developer_markers(missing._repr_html_()) == [] and "reference_data" in pub.population_source


def test_every_view_renders_for_both_standards(wres_pub, wdes_pub):
    for pub in (wres_pub, wdes_pub):
        for f in (views.title, views.declaration_view, views.representation_chart,
                  views.representation_table, views.representation_by_group, views.population_view,
                  views.survey_table, views.adjustments_table, views.engagement_table, views.voice_text,
                  views.board_table, views.trend_table, views.notes_view, views.comparisons_table):
            assert isinstance(text(f(pub)), str)


def test_no_threshold_is_written_into_the_views():
    for name in ("standards.py", "standards_tables.py"):
        code = (ROOT / "src" / "edi_analysis" / "views" / name).read_text()
        assert not re.search(r"[<>]=?\s*(5|10|11|30)(?![\d.])|min\w*\s*=\s*(5|10|11|30)\b", code), name
