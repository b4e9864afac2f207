"""The synthetic trusts: deterministic, valid against the data contract, with the inequalities built in."""

from pathlib import Path

import pandas as pd
import pytest

from edi_analysis import io as inputs, synthetic
from edi_analysis.metrics import groups
from edi_analysis.metrics.pay_gaps import pay_gap_measures

ROOT = Path(__file__).resolve().parents[1]
SMALL = next(p for p in synthetic.PROFILES if p.code == "SYN02")


def test_eight_distinct_fictional_trusts_with_params():
    codes = [p.code for p in synthetic.PROFILES]
    assert len(set(codes)) == len(codes) >= 8
    assert {p.trust_type for p in synthetic.PROFILES} >= {"Acute", "Community", "Mental health", "Ambulance", "Specialist"}
    for p in synthetic.PROFILES:
        params = inputs.load_params(ROOT / "params" / f"{p.code}.yaml")
        assert params.synthetic and params.trust_name == p.name and params.years == synthetic.YEARS


def test_deterministic_from_the_seed():
    a = synthetic.generate_trust(SMALL, years=synthetic.YEARS[:2])
    b = synthetic.generate_trust(SMALL, years=synthetic.YEARS[:2])
    for year in a:
        for name in a[year]:
            pd.testing.assert_frame_equal(a[year][name], b[year][name])


def test_written_files_meet_the_data_contract(tmp_path):
    synthetic.write_trust(SMALL, tmp_path, years=synthetic.YEARS[:2])
    assert synthetic.is_present(tmp_path, SMALL.code, years=synthetic.YEARS[:2])
    for year in synthetic.YEARS[:2]:
        tables = inputs.load_year(tmp_path / SMALL.code, year)
        assert len(tables["staff"]) > 1000
        assert tables["staff"]["staff_id"].is_unique


@pytest.fixture(scope="module")
def saltmarsh(synthetic_root):
    return inputs.load_year(synthetic_root / "SYN08", 2026)


def test_realistic_data_quality(saltmarsh):
    staff = saltmarsh["staff"]
    disabled = groups.disability_group(staff["disability"])
    esr_pct = (disabled == "Disabled").mean() * 100
    assert 3 < esr_pct < 8  # about 5% declare a disability on the staff record...
    survey = saltmarsh["staff_survey"]
    dis = survey[(survey.group_dimension == "Disability") & (survey.question == "q14a")].set_index("group_value")
    survey_pct = dis.loc["Disabled", "responses"] / dis["responses"].sum() * 100
    assert 18 < survey_pct < 32  # ...against about a quarter in the survey
    eth = groups.ethnic_binary(staff["ethnic_code"])
    assert 0 < (eth == "Unknown").mean() < 0.15


def test_inequalities_are_built_in(synthetic_root):
    staff = inputs.read_input(synthetic_root / "SYN08" / "2026" / "staff.csv", "staff")
    res = pay_gap_measures(staff)
    assert res.quartile_pct.loc["Upper", "Female"] < res.quartile_pct.loc["Upper middle", "Female"]
    assert res.bonus_proportion["Male"] > res.bonus_proportion["Female"]
    eth = groups.ethnic_binary(staff["ethnic_code"])
    senior = staff["pay_band"].isin(["8a", "8b", "8c", "8d", "9", "VSM"])
    lower = staff["pay_band"].isin(["2", "3", "4", "5"])
    assert (eth[senior] == "BME").mean() < (eth[lower] == "BME").mean()
    survey = inputs.read_input(synthetic_root / "SYN08" / "2026" / "staff_survey.csv", "staff_survey")
    q = survey[(survey.question == "q14b") & (survey.group_dimension == "Disability")].set_index("group_value")
    rate = q["positive_responses"] / q["responses"]
    assert rate["Disabled"] > rate["Non-disabled"]


def test_survey_in_folder_y_is_from_autumn_y_minus_1(saltmarsh):
    assert set(saltmarsh["staff_survey"]["year"]) == {2025}


def test_generator_version_covers_every_module_that_makes_data():
    # Every synthetic_* module except the national set's (which only draws profiles) makes data.
    made_by = {p.stem for p in (ROOT / "src" / "edi_analysis").glob("synthetic*.py")} - {"synthetic_national"}
    assert set(synthetic.GENERATOR_MODULES) == made_by
    modules = {f.__module__.rsplit(".", 1)[-1] for f in (synthetic.generate_trust, synthetic._new_people,
                                                          synthetic._survey, synthetic._quarterly)}
    assert modules <= set(synthetic.GENERATOR_MODULES)


def test_changing_any_generator_module_changes_the_version(tmp_path):
    src = ROOT / "src" / "edi_analysis"
    copies = []
    for name in synthetic.GENERATOR_MODULES:
        copy = tmp_path / f"{name}.py"
        copy.write_bytes((src / f"{name}.py").read_bytes())
        copies.append(copy)
    assert synthetic.generator_version(tuple(copies)) == synthetic.generator_version()
    versions = {synthetic.generator_version(tuple(copies))}
    for copy in copies:
        original = copy.read_bytes()
        copy.write_bytes(original + b"# changed\n")
        versions.add(synthetic.generator_version(tuple(copies)))
        copy.write_bytes(original)
    assert len(versions) == 1 + len(copies)
    # The order is fixed: the same files in another order are another generator.
    assert synthetic.generator_version(tuple(reversed(copies))) != synthetic.generator_version()


def test_command_writes_trusts_and_params(tmp_path, capsys):
    argv = ["--out", str(tmp_path / "data"), "--params", str(tmp_path / "params"), "--trusts", SMALL.code]
    assert synthetic.main(argv) == 0
    assert synthetic.is_present(tmp_path / "data", SMALL.code)
    assert inputs.load_params(tmp_path / "params" / f"{SMALL.code}.yaml").trust_name == SMALL.name
    assert synthetic.main([*argv, "--if-missing"]) == 0
    assert capsys.readouterr().out.count(SMALL.code) == 1  # made once; the second run finds it present
