"""Reference refresh: new public downloads are cut and merged like the shipped extracts, and say what changed."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from edi_analysis.io import InputError, read_national_gpg, read_national_nss
from edi_analysis.io.refresh import GPG, GPG_MATCH, NSS, TRUSTS, main, refresh

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "reference_refresh"
SHIPPED = ROOT / "data" / "reference"


@pytest.fixture
def reference(tmp_path) -> Path:
    target = tmp_path / "reference"
    shutil.copytree(SHIPPED, target)
    return target


def read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_a_new_gpg_and_survey_year_are_added_and_reported(reference):
    lines = refresh(FIXTURE / "downloads", reference)
    text = "\n".join(lines)
    # 4 of the 6 employers are NHS trusts; the company and the integrated care board are left out.
    assert f"{GPG.path}: 1,500 -> 1,504 rows (4 added, 0 removed); years 2017-18 to 2024-25 -> 2017-18 to " \
           "2025-26 (new: 2025-26)" in text
    assert (f"{GPG_MATCH}: 464 -> 466 rows (2 added, 0 removed); 1 new employer(s) matched to a trust code by name, "
            "1 without a match: add their ODS codes by hand") in text
    assert f"{NSS.path}: 855 -> 857 rows (2 added, 0 removed); years 2021 to 2024 -> 2021 to 2025 (new: 2025)" in text
    assert f"{TRUSTS}: 217 -> 218 rows (1 added, 0 removed)" in text
    returns = read_national_gpg(reference)
    new = returns[returns["reporting_year"] == "2025-26"].set_index("employer_name")
    assert new.loc["Manchester University NHS Foundation Trust", "median_gap"] == 8.25
    assert new.loc["Manchester University NHS Foundation Trust", "trust_type"] == "Acute"
    assert new.loc["Manchester University NHS Foundation Trust", "sic_codes"] == "1, 86101"  # line break read
    assert new.loc["Fellside Community Health NHS Trust", "trust_type"] == "Community"  # matched by name
    match = read(reference / GPG_MATCH).set_index("EmployerName")
    assert match.loc["Fellside Community Health NHS Trust", "ods_code"] == "ZZ1"
    assert match.loc["Northgate University Hospitals NHS Foundation Trust", "ods_code"] == ""
    # The published figure from the earlier years is untouched: median of trusts' median gaps, 2024-25.
    old = returns[returns["reporting_year"] == "2024-25"]["median_gap"]
    assert (len(old), round(old.median(), 2)) == (206, 7.05)
    survey = read_national_nss(reference)
    assert sorted(survey[survey["survey_year"] == 2025]["ods_code"]) == ["R0A", "ZZ1"]
    trusts = read(reference / TRUSTS).set_index("ods_code")
    assert trusts.loc["R0A", "latest_survey_year"] == "2025" and trusts.loc["ZZ1", "benchmarking_group"] == \
        "Community Trusts"
    assert "Refreshed" in (reference / "gender_pay_gap" / "SOURCE.md").read_text(encoding="utf-8")


def test_refreshing_again_changes_nothing(reference):
    refresh(FIXTURE / "downloads", reference)
    before = {p: p.read_bytes() for p in reference.rglob("*") if p.is_file()}
    lines = refresh(FIXTURE / "downloads", reference)
    assert all("(0 added, 0 removed)" in line for line in lines)
    assert {p: p.read_bytes() for p in reference.rglob("*") if p.is_file()} == before


def test_a_missing_column_names_file_and_column_and_writes_nothing(reference, tmp_path):
    downloads = tmp_path / "downloads"
    shutil.copytree(FIXTURE / "downloads", downloads)
    gpg = downloads / "UK Gender Pay Gap Data - 2025 to 2026.csv"
    read(gpg).drop(columns=["DiffMedianHourlyPercent"]).to_csv(gpg, index=False)
    nss = downloads / "nss_org_results_2025.csv"
    read(nss).drop(columns=["Physical_public_rate"]).to_csv(nss, index=False)
    before = {p: p.read_bytes() for p in reference.rglob("*") if p.is_file()}
    with pytest.raises(InputError) as info:
        refresh(downloads, reference)
    found = {(p.file, p.column) for p in info.value.problems}
    assert found == {(gpg.name, "DiffMedianHourlyPercent"), (nss.name, "Physical_public_rate")}
    assert "column missing from the gender pay gap returns download" in str(info.value)
    assert {p: p.read_bytes() for p in reference.rglob("*") if p.is_file()} == before


def test_census_counts_replace_the_extract_as_whole_numbers(reference):
    (line,) = refresh(FIXTURE / "census", reference)
    assert line.startswith("census2021_la/census2021_ts021_ethnic_group_ltla21_long_demographr.csv: 6,289 -> 2 rows")
    frame = read(reference / "census2021_la" / "census2021_ts021_ethnic_group_ltla21_long_demographr.csv")
    assert frame["value"].tolist() == ["88000", "300"]


def test_command_line(reference, tmp_path, capsys):
    assert main(["refresh", "--from", str(FIXTURE / "downloads"), "--to", str(reference)]) == 0
    assert "(new: 2025-26)" in capsys.readouterr().out
    assert main(["refresh", "--from", str(tmp_path / "nowhere"), "--to", str(reference)]) == 1
    assert "folder not found" in capsys.readouterr().out
    (tmp_path / "empty").mkdir()
    assert main(["refresh", "--from", str(tmp_path / "empty"), "--to", str(reference)]) == 1
    assert "no download recognised" in capsys.readouterr().out
