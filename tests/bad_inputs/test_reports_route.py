"""The reports route: a bad input fails that trust's build with the same message validate gives, and the reports
already in the output folder are left exactly as they were; small populations build, with sentences, not errors."""

from __future__ import annotations

import shutil

import pytest

from .conftest import snapshot

pytestmark = pytest.mark.slow


def test_bad_input_fails_the_build_and_earlier_reports_survive(case, good_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(good_build, out)
    before = snapshot(out)
    assert "2026/TST01/pay_gaps.html" in before
    case.edit("staff", lambda d: d.assign(hourly_rate=d["hourly_rate"].where(d.index != 0, "17,85")))
    status, validated = case.validate()
    result = case.reports(out)
    assert (status, result.returncode) == (1, 1)
    line = ("2026/staff.csv, row 2, column 'hourly_rate', value '17,85': has a decimal comma; use a point for "
            "decimals (e.g. 17.85) and no other separators")
    assert f"  - {line}" in validated.splitlines()
    assert line in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert snapshot(out) == before


def test_trust_code_that_is_a_path(case, good_build, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(good_build, out)
    before = snapshot(out)
    result = case.reports(out, "--trust", "../../etc")
    assert result.returncode == 1
    assert ("FAILED ../../etc:\n  --trust '../../etc' is not a trust code; use the code of a params file (letters, "
            "digits and hyphens), e.g. --trust SYN01") in result.stdout
    assert snapshot(out) == before


def test_unknown_trust_code(case, tmp_path):
    result = case.reports(tmp_path / "out", "--trust", "NOPE1")
    assert result.returncode == 1
    assert "--trust NOPE1: there is no params file NOPE1.yaml; use one of TST01" in result.stdout


@pytest.mark.parametrize(("change", "sentence"), [
    # the key findings no longer quote hidden gaps; the report says in words what it cannot publish
    ("three_staff", "Too few staff are recorded as disabled on the staff record to publish their share"),
    ("no_ethnicity", ("Hourly pay by ethnic group (Census 2021 groups): not shown (the reference group is not present "
                     "in the data).")),
])
def test_small_populations_build_with_a_sentence(case, tmp_path, change, sentence):
    for year in (2025, 2026):
        if change == "three_staff":
            case.edit("staff", lambda d: d.head(3), year)
        else:
            for name in ("staff", "recruitment", "employee_relations", "board", "staff_snapshots", "incidents"):
                case.edit(name, lambda d: d.assign(ethnic_code=""), year)
    out = tmp_path / "out"
    result = case.reports(out)
    assert result.returncode == 0, result.stdout + result.stderr
    html = (out / "2026" / "TST01" / "pay_gaps.html").read_text(encoding="utf-8")
    assert sentence in html
