"""Relative likelihood tables, the trend table and the submission CSV: each group's own counts under its own
label, the CSV hiding exactly what the report hides, every year in the trend."""

from pathlib import Path

import pandas as pd
import pytest

from edi_analysis.disclosure import Policy, is_hidden
from edi_analysis.results import standards as results
from edi_analysis.views import display
from edi_analysis.views import standards as views

ROOT = Path(__file__).resolve().parents[1]


def _stat(pub, indicator, years="2026"):
    lk = pub.likelihoods
    return lk[(lk["indicator"] == indicator) & (lk["years"] == years) & (lk["split"] == "all")
              & (lk["focus"] == pub.focus) & (lk["reference"] == pub.reference)].to_dict("records")[0]


def test_relative_likelihood_columns_follow_the_orientation(wres_pub):
    t2 = views.likelihood_table(wres_pub, "2").data
    assert list(t2.columns[:4]) == ["White: events", "White: applicants", "BME: events", "BME: applicants"]
    a = _stat(wres_pub, "2")
    assert t2.iloc[0]["White: events"] == a["reference_events"] and t2.iloc[0]["BME: events"] == a["focus_events"]
    assert t2.iloc[0]["Relative likelihood"] == f"{a['rl']:.2f}"
    t3 = views.likelihood_table(wres_pub, "3").data
    assert list(t3.columns[:2]) == ["BME: events", "BME: staff"]
    assert t3.index.tolist() == ["Pooled 2025-2026", "Single year 2026"]
    with pytest.raises(ValueError):
        views.likelihood_table(wres_pub, "5")


def test_wdes_metric_2_labels(wdes_pub):
    t2 = views.likelihood_table(wdes_pub, "2").data
    a = _stat(wdes_pub, "2")
    assert t2.iloc[0]["Disabled: events"] == a["focus_events"] and t2.iloc[0]["Non-disabled: applicants"] == a["reference_n"]
    with pytest.raises(ValueError):
        views.likelihood_table(wdes_pub, "4")


def test_subgroup_table_shows_the_aggregate_from_the_same_cells(wres_pub):
    t = views.subgroup_table(wres_pub, "process_route").data
    agg = _stat(wres_pub, "3", "2025-2026")
    assert t.loc["All staff (aggregate)", "BME: events"] == agg["focus_events"]
    assert set(t.index) >= {"UK-recruited", "Internationally recruited"}
    census = views.subgroup_table(wres_pub, "appointment_ethnicity_census5").data
    assert list(census.columns[:4]) == ["White: events", "White: applicants", "Group: events", "Group: applicants"]
    assert set(census.index) == {"All staff (aggregate)", "Asian", "Black", "Mixed", "Other"}
    assert "staff group" in text_of(views.subgroup_table(wres_pub, "training_staff_group"))


def text_of(obj) -> str:
    return obj._repr_html_()


def test_comparisons_table_lists_each_chosen_pair(wres_pub, wdes_pub):
    t = views.comparisons_table(wres_pub).data
    assert [i.split(":")[0] for i in t.index] == ["Indicator 2", "Indicator 3", "Indicator 4"] * 2
    assert any("Black compared with White" in i for i in t.index)
    assert "No further comparisons" in views.comparisons_table(wdes_pub)._repr_html_()


def test_year_on_year_covers_every_year(wres_pub):
    t = views.trend_table(wres_pub).data
    assert [c for c in t.columns if c.isdigit()] == ["2022", "2023", "2024", "2025", "2026"]
    assert t.loc["1. BME % of workforce", "Change since last year"].endswith("noise)")
    # a hidden single-year ratio has no published change
    row = t.loc["3. Entry to the formal disciplinary process (single-year RL)"]
    if row["2026"] == "suppressed" or row["2025"] == "suppressed":
        assert row["Change since last year"] == "suppressed"


def test_submission_hides_exactly_what_the_report_hides(wres_pub):
    sub = views.submission_table(wres_pub)
    rep = views.representation_table(wres_pub).data
    one = sub[sub["indicator"] == "1"]
    for r in one.to_dict("records"):
        label = "Whole workforce" if r["breakdown"] == "All staff: All levels" else r["breakdown"]
        assert str(r["numerator"]) == str(rep.loc[label, f"{r['group']} (n)"])
        assert str(r["denominator"]) == str(rep.loc[label, "Total (n)"])
    # no indicator-1 row leaves exactly one hidden cell beside its total
    for _, g in one.groupby("breakdown"):
        cells = [*g["numerator"], g["denominator"].iloc[0]]
        assert sum(is_hidden(c) for c in cells) != 1
    a = _stat(wres_pub, "2")
    rows = sub[(sub["indicator"] == "2") & (sub["breakdown"] == "Appointed from shortlisting (2026)")].set_index("group")
    assert rows.loc["BME", "numerator"] == a["focus_events"] and rows.loc["White", "numerator"] == a["reference_events"]
    hidden = sub[sub["suppressed"]]
    assert len(hidden) > 0
    assert hidden[["numerator", "denominator", "value"]].map(is_hidden).any(axis=1).all()


def test_internal_mode_shows_everything(wres_res):
    sub = views.submission_table(Policy(mode="internal").apply(wres_res))
    assert not sub["suppressed"].any()


def test_export_writes_csv_and_links_it(wres_pub, wdes_pub, tmp_path):
    note = views.export_submission(wres_pub, str(tmp_path))
    csv = tmp_path / "wres_submission.csv"
    assert csv.exists() and 'href="wres_submission.csv"' in note._repr_html_()
    frame = pd.read_csv(csv, dtype=str, keep_default_na=False)
    assert list(frame.columns[:4]) == ["standard", "trust_code", "year", "indicator"]
    counts = frame.loc[frame["indicator"].isin(["1", "2", "3", "4"]), ["numerator", "denominator"]].stack()
    shown = pd.to_numeric(counts[~counts.isin(["<5", "*", ""])])
    assert not shown.between(1, Policy().min_count - 1).any()  # no small count of staff reaches the CSV
    assert not frame["numerator"].str.endswith(".0").any() and not frame["denominator"].str.endswith(".0").any()
    assert isinstance(views.export_submission(wres_pub, ""), display.Html)
    views.export_submission(wdes_pub, str(tmp_path))  # no hidden denominator: the column must stay whole numbers
    wdes = pd.read_csv(tmp_path / "wdes_submission.csv", dtype=str, keep_default_na=False)
    assert not wdes["denominator"].str.endswith(".0").any()


def _excluded(rows):
    return pd.DataFrame(rows, columns=["years", "reason", "people"])


def test_indicator_3_states_its_population_and_the_people_outside_it(wres_res, wres_pub):
    import dataclasses
    note = " ".join(views.likelihood_table(wres_pub, "3").notes)
    assert "Population: the staff in each year's 31 March headcount" in note
    assert "Everyone recorded as entering the formal disciplinary process was in the headcount." in note
    res = dataclasses.replace(wres_res, process_excluded=_excluded(
        [("2025", "bank", 0), ("2025", "not_in_headcount", 0), ("2026", "bank", 3), ("2026", "not_in_headcount", 12)]))
    pub = Policy().apply(res)
    assert is_hidden(pub.process_excluded.iloc[2]["people"])  # a count of people: primary suppression
    note = " ".join(views.likelihood_table(pub, "3").notes)
    assert ("entrants to the formal disciplinary process outside the headcount are not counted (2026: <5 bank-only "
            "staff and 12 people not on the 31 March staff record, such as leavers)") in note
    assert f"counts under {pub.publication.policy.min_count} are not published" in note


def _low_base_results(res, n):
    """The report year's survey rows (and their trend rows) with ``n`` focus respondents."""
    import dataclasses
    year = res.trust.year
    survey = res.survey.copy()
    mask = survey["year"] == year
    survey.loc[mask, "focus_responses"] = n
    survey.loc[mask, "focus_positive"] = n // 2
    survey.loc[mask, "focus_pct"] = (n // 2) / n * 100
    yoy = {k: v.copy() for k, v in res.year_on_year.items()}
    s = yoy["survey"]
    last = s["year"] == year
    s.loc[last, "focus_responses"] = n
    s.loc[last, "focus_positive"] = n // 2
    s.loc[last, "pct"] = (n // 2) / n * 100
    return dataclasses.replace(res, survey=survey, year_on_year=yoy)


def test_low_base_survey_figures_are_flagged_in_the_trend_and_the_export(wres_res, wres_pub):
    n = Policy().low_survey_base - 1
    pub = Policy().apply(_low_base_results(wres_res, n))
    trend = views.trend_table(pub).data
    survey_rows = [i for i in trend.index if "respondents" in i]
    assert survey_rows and all(str(trend.loc[i, "2026"]).endswith("(low base)") for i in survey_rows)
    assert not any("(low base)" in str(trend.loc[i, "2025"]) for i in survey_rows)
    sub = views.submission_table(pub)
    survey_sub = sub[sub["breakdown"].str.startswith("Staff survey")]
    assert survey_sub.loc[survey_sub["group"] == "BME", "low_base"].all()
    assert not survey_sub.loc[survey_sub["group"] == "White", "low_base"].any()
    assert not views.submission_table(wres_pub)["low_base"].any()
    table = views.survey_table(pub).data
    assert table["BME % (95% CI)"].str.endswith("(low base)").all()


def test_low_base_disabled_share_is_flagged(syn06):
    import dataclasses
    res = results.compute(syn06, "WDES")
    n = Policy().low_survey_base - 1
    small = res.survey_disabled.assign(responses=n, disabled=n // 2, pct=(n // 2) / n * 100)
    pub = Policy().apply(dataclasses.replace(res, survey_disabled=small))
    flag = f"(low base: fewer than {n + 1} responses)"
    assert flag in views.declaration_view(pub)._repr_html_()
    assert flag not in views.declaration_view(Policy().apply(res))._repr_html_()
