"""The other tables a synthetic trust gives, drawn from a small cohort of its people."""

import numpy as np
import pandas as pd
import pytest

from edi_analysis import synthetic_people as people, synthetic_tables as tables

SMALL = next(p for p in people.PROFILES if p.code == "SYN02")


@pytest.fixture(scope="module")
def staff():
    return people._new_people(np.random.default_rng(1), SMALL, 400, 2023, 0, joiners=False)


def _in_financial_year(dates: pd.Series, year: int) -> bool:
    return bool(((dates >= f"{year - 1}-04-01") & (dates <= f"{year}-03-31")).all())


def test_board_has_the_fourteen_seats():
    board = tables._board(np.random.default_rng(0), SMALL, 2023)
    # Chair and 6 non-executives, 5 voting and 2 non-voting executives.
    assert len(board) == 14 and list(board["member_id"][:2]) == ["B01", "B02"]
    assert board["voting"].sum() == 12 and board["executive"].sum() == 7
    assert board.loc[~board["voting"], "executive"].all()


def test_relations_cases_are_numbered_on_and_inside_the_year(staff):
    er = tables._events(np.random.default_rng(2), staff, 2023, SMALL, 40)
    assert len(er) > 0
    assert er["case_id"].iloc[0] == "SYN02-ER2023-00040"
    assert er["case_id"].is_unique and _in_financial_year(er["start_date"], 2023)
    assert set(er["staff_id"]) <= set(staff.loc[~staff["bank"], "staff_id"])


def test_training_and_incidents_are_for_substantive_staff_inside_the_year(staff):
    training = tables._training(np.random.default_rng(3), staff, 2023)
    assert set(training["staff_id"]) <= set(staff.loc[~staff["bank"], "staff_id"])
    assert _in_financial_year(training["activity_date"], 2023)
    incidents = tables._incidents(np.random.default_rng(4), staff, 2023, SMALL)
    assert set(incidents["staff_id"]) <= set(staff.loc[~staff["bank"], "staff_id"])
    assert _in_financial_year(incidents["incident_date"], 2023)


def test_recruitment_gives_six_applications_per_joiner(staff):
    joiners = staff.iloc[:50]
    apps = tables._recruitment(np.random.default_rng(5), joiners, 2023, SMALL)
    assert len(apps) == 300 and apps["application_id"].is_unique
    assert not (apps["appointed"] & ~apps["shortlisted"]).any()


def test_survey_counts_add_up_for_every_dimension(staff):
    survey = tables._survey(np.random.default_rng(6), SMALL, staff, 2022)
    assert set(survey["year"]) == {2022}
    assert (survey["positive_responses"] <= survey["responses"]).all()
    q = survey[survey["question"] == "q14a"]
    everyone = q.loc[q["group_dimension"] == "All staff", "responses"].item()
    # Every response has a sex, so the sexes add up to all staff.
    assert q.loc[q["group_dimension"] == "Sex", "responses"].sum() == everyone
    # The 2022 survey numbered the question q30b and had no q17; from 2023 it is q31b, and q17 is asked.
    assert {"q30b"} <= set(survey["question"]) and not {"q31b", "q17a"} & set(survey["question"])
    later = set(tables._survey(np.random.default_rng(6), SMALL, staff, 2023)["question"])
    assert {"q31b", "q17a", "q17b"} <= later and "q30b" not in later
