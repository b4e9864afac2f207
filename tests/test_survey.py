"""Staff survey measures: NSS worked examples, per-year question maps checked against the data."""

from pathlib import Path

import pandas as pd
import pytest

from edi_analysis import io as inputs
from edi_analysis.metrics import survey

ROOT = Path(__file__).resolve().parents[1]


def results(rows):
    return pd.DataFrame(rows, columns=["year", "question", "group_dimension", "group_value", "responses",
                                       "positive_responses"])


def test_percentage_nss1_and_wilson():
    # NSS-1: 30 of the 100 who answered (blanks already excluded from the base) -> 30.0%.
    r = results([(2024, "q14a", "All staff", "All staff", 100, 30)])
    out = survey.measure_by_group(r, 2024, "harassment_public", "All staff")
    row = out.loc["All staff"]
    assert row["pct"] == pytest.approx(30.0)
    assert (row["low"], row["high"]) == pytest.approx((21.8949, 39.5849), abs=1e-4)


def test_minimum_base_nss3():
    r = results([(2024, "q15", "Ethnicity", "BME", 10, 5), (2024, "q15", "Ethnicity", "White", 11, 6)])
    out = survey.measure_by_group(r, 2024, "equal_opportunities", "Ethnicity", ["BME", "White", "Other"])
    assert out["shown"].tolist() == [False, True, False]
    assert out.loc["Other", "responses"] == 0


def test_gap_with_newcombe_interval_and_orientation():
    # HIA 6 worked example: BME 60/250 vs White 150/750 -> +4.0 pp, Newcombe -1.730719 to +10.275714.
    r = results([(2024, "q14bc", "Ethnicity", "BME", 250, 60), (2024, "q14bc", "Ethnicity", "White", 750, 150),
                 (2024, "q15", "Ethnicity", "BME", 250, 60), (2024, "q15", "Ethnicity", "White", 750, 150)])
    by = survey.measure_by_group(r, 2024, "harassment_staff", "Ethnicity")
    gap = survey.group_gap(by, "BME", "White", higher_is="worse")
    assert gap["diff"] == pytest.approx(4.0)
    assert (gap["low"], gap["high"]) == pytest.approx((-1.730719, 10.275714), abs=1e-6)
    assert gap["adverse"] is True and gap["significant"] is False
    by15 = survey.measure_by_group(r, 2024, "equal_opportunities", "Ethnicity")
    assert survey.group_gap(by15, "BME", "White", higher_is="better")["adverse"] is False


def test_question_numbers_come_from_the_year_map():
    assert survey.item_map(2022)["adjustments_made"].question == "q30b"
    assert survey.item_map(2023)["adjustments_made"].question == "q31b"
    assert "sexual_behaviour_public" not in survey.item_map(2022)
    with pytest.raises(FileNotFoundError, match="nss_items_2019.yaml"):
        survey.item_map(2019)


def test_every_year_map_matches_the_synthetic_survey(synthetic_root):
    for year in range(2022, 2027):
        data = inputs.read_input(synthetic_root / "SYN08" / str(year) / "staff_survey.csv", "staff_survey")
        assert survey.check_item_map(data, year - 1) == []


def test_check_reports_missing_questions():
    r = results([(2024, "q14a", "All staff", "All staff", 100, 30)])
    problems = survey.check_item_map(r, 2024)
    assert any("q15" in p for p in problems)
    assert survey.check_item_map(r, 2023) == ["no staff survey results for 2023"]


def test_disabled_share_reads_the_question_from_the_year_map():
    # One definition (docs/metrics-decisions.md, "Metrics: the disabled share of survey respondents"): the year's
    # respondent_base question, Disabled / (Disabled + Non-disabled); other questions and years are ignored.
    r = results([(2023, "q14a", "Disability", "Disabled", 27, 5), (2023, "q14a", "Disability", "Non-disabled", 73, 9),
                 (2023, "q15", "Disability", "Disabled", 40, 5), (2023, "q15", "Disability", "Non-disabled", 60, 9),
                 (2022, "q14a", "Disability", "Disabled", 90, 5), (2023, "q14a", "All staff", "All staff", 120, 14)])
    assert survey.respondent_question(2023) == "q14a"
    share = survey.disabled_share(r, 2023)
    assert (share["question"], share["responses"], share["disabled"]) == ("q14a", 100, 27)
    assert share["pct"] == pytest.approx(27.0)
    assert survey.disabled_share(r, 2021)["responses"] == 0


def test_disabled_share_follows_the_map_not_a_literal(monkeypatch):
    monkeypatch.setattr(survey, "respondent_question", lambda year: "q15")
    r = results([(2023, "q14a", "Disability", "Disabled", 27, 5), (2023, "q14a", "Disability", "Non-disabled", 73, 9),
                 (2023, "q15", "Disability", "Disabled", 40, 5), (2023, "q15", "Disability", "Non-disabled", 60, 9)])
    assert survey.disabled_share(r, 2023)["pct"] == pytest.approx(40.0)


def test_every_map_names_its_respondent_question():
    for path in sorted((ROOT / "src/edi_analysis/metrics/nss_items").glob("nss_items_*.yaml")):
        year = int(path.stem.rsplit("_", 1)[1])
        assert survey.respondent_question(year) in {i.question for i in survey.item_map(year).values()}


def test_group_row_and_gap_between_are_the_rows_and_gap_of_measure_by_group():
    # 60 of 250 BME and 150 of 750 White staff: 24% and 20%, +4.0 pp (Newcombe -1.730719 to +10.275714)
    bme, white = survey.group_row("q14bc", 250, 60), survey.group_row("q14bc", 750, 150)
    assert (bme["responses"], bme["positive"], bme["pct"], bme["shown"]) == (250, 60, pytest.approx(24.0), True)
    gap = survey.gap_between(bme, white, higher_is="worse")
    assert gap["diff"] == pytest.approx(4.0) and gap["adverse"] and not gap["significant"]
    assert (gap["low"], gap["high"]) == pytest.approx((-1.730719, 10.275714), abs=1e-6)
    assert survey.gap_between(bme, white, higher_is="better")["adverse"] is False
    # below the base: counts kept, no gap; nobody: no figures
    few = survey.group_row("q14bc", 10, 5)
    assert few["shown"] is False and survey.gap_between(few, white, higher_is="worse")["diff"] is None
    assert pd.isna(survey.group_row("q14bc", 0, 0)["pct"])
    r = results([(2024, "q14bc", "Ethnicity", "BME", 250, 60), (2024, "q14bc", "Ethnicity", "White", 750, 150)])
    by = survey.measure_by_group(r, 2024, "harassment_staff", "Ethnicity")
    assert by.loc["BME"].to_dict() == bme
    assert survey.group_gap(by, "BME", "White", higher_is="worse") == gap


def test_group_rows_are_measure_by_group_as_dicts():
    r = results([(2024, "q14bc", "Ethnicity", "BME", 250, 60), (2024, "q14bc", "Ethnicity", "White", 750, 150),
                 (2024, "q14bc", "Disability", "Disabled", 90, 30)])
    rows = survey.group_rows(r, 2024, "harassment_staff", "Ethnicity", ["White", "Mixed"])
    assert list(rows) == ["White", "Mixed"] and rows["White"]["pct"] == pytest.approx(20.0)
    assert rows["Mixed"]["responses"] == 0 and not rows["Mixed"]["shown"]  # not in the data: no figures
    by = survey.measure_by_group(r, 2024, "harassment_staff", "Ethnicity", ["White", "Mixed"])
    assert {g: by.loc[g].to_dict() for g in by.index}.keys() == rows.keys()
    assert by.loc["White"].to_dict() == rows["White"]
