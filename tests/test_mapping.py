"""Mapping files: an ESR or recruitment-system export builds the same results as the contract form."""

import re
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from edi_analysis.io import InputError, load_params, load_trust, read_input
from edi_analysis.io.mapping import PRESETS_DIR, load_mapping, presets
from edi_analysis.io.validate import main as validate
from edi_analysis.results import pay_gaps, standards, trends

sys.path.insert(0, str(Path(__file__).parent))  # the export generator (tests use importlib mode)
from mapping_fixtures import esr_staff, export_trust

ROOT = Path(__file__).resolve().parents[1]
SYN = ROOT / "data" / "synthetic" / "SYN02"


def staff_text(year: int = 2026) -> pd.DataFrame:
    return pd.read_csv(SYN / str(year) / "staff.csv", dtype=str, keep_default_na=False)


def write_params(tmp_path: Path, data_dir: Path, **extra) -> Path:
    raw = yaml.safe_load((ROOT / "params" / "SYN02.yaml").read_text(encoding="utf-8"))
    raw.update(data_dir=str(data_dir), reference_data=str(ROOT / "data" / "reference"), **extra)
    path = tmp_path / "SYN02.yaml"
    path.write_text(yaml.safe_dump(raw), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("exports")
    export_trust(SYN, folder / "SYN02")
    return folder / "SYN02"


def test_presets_ship_and_load():
    assert presets() == ["esr", "recruitment"]
    assert set(load_mapping("esr").inputs) == {"staff"}
    assert set(load_mapping("recruitment").inputs) == {"recruitment"}


def test_esr_export_reads_as_the_contract_form(exported):
    mapped = read_input(exported / "2026" / "staff.csv", "staff", mapping=load_mapping("esr"))
    contract = read_input(SYN / "2026" / "staff.csv", "staff")
    # occupation is ESR's staff group name (free text, not used by any figure); the pay elements are extra.
    same = [c for c in contract.columns if c != "occupation"]
    pd.testing.assert_frame_equal(mapped[same], contract[same])
    assert mapped["ordinary_pay"].notna().all()


def test_esr_and_recruitment_exports_build_the_same_results(tmp_path, exported):
    """The whole path: params name the mappings, load_trust reads the exports, every results table agrees."""
    plain = load_trust("SYN02", params_dir=ROOT / "params")
    params = write_params(tmp_path, exported, mappings={"staff": "esr", "recruitment": "recruitment"})
    mapped = load_trust(load_params(params))
    computed = [
        (pay_gaps.compute(plain), pay_gaps.compute(mapped)),
        (standards.compute(plain, "WRES"), standards.compute(mapped, "WRES")),
        (standards.compute(plain, "WDES"), standards.compute(mapped, "WDES")),
        (trends.compute(plain), trends.compute(mapped)),
    ]
    compared = 0
    for want, got in computed:
        got_tables = dict(got.tables())
        for name, frame in want.tables():
            pd.testing.assert_frame_equal(got_tables[name], frame, obj=name)
            compared += 1
    assert compared > 20


def test_unknown_values_are_listed_once_with_row_and_the_fix(tmp_path):
    export = esr_staff(staff_text()).head(5)
    export.loc[1, "Ethnic Origin"] = "W - White - Welsh"
    export.loc[3, "Disability Flag"] = "Maybe"
    export.loc[3, "Date First Hired"] = "2019-09-02"
    export.loc[4, "Basic Pay"] = "12x"
    export.loc[[0, 2, 4], "Gender"] = "Not Known"
    export.to_csv(tmp_path / "staff.csv", index=False)
    with pytest.raises(InputError) as info:
        read_input(tmp_path / "staff.csv", "staff", mapping=load_mapping("esr"))
    found = [(p.row, p.column, p.value) for p in info.value.problems]
    assert found == [(2, "Gender", "Not Known"), (3, "Ethnic Origin", "W - White - Welsh"),
                     (5, "Date First Hired", "2019-09-02"), (5, "Disability Flag", "Maybe"), (6, "Basic Pay", "12x")]
    text = str(info.value)
    assert "add it under values: ethnic_code: in a copy of the 'esr' preset" in text
    assert "for sex (also on rows 4, 6); add it" in text  # one line per unknown value, with its rows
    assert "5 problem(s) in staff.csv" in text  # each bad cell once: not again by the contract's own checks


def test_contract_problems_name_the_exports_column(tmp_path):
    export = esr_staff(staff_text()).head(3).drop(columns=["Gender"])
    export.loc[2, "Contracted Hours"] = "abc"
    export.to_csv(tmp_path / "staff.csv", index=False)
    with pytest.raises(InputError) as info:
        read_input(tmp_path / "staff.csv", "staff", mapping=load_mapping("esr"))
    (problem,) = info.value.problems  # a missing column stops the check before the cells
    assert problem.column == "Gender (sex)" and "'Gender', not found in the file" in problem.message
    export = esr_staff(staff_text()).head(3)
    export.loc[2, "Contracted Hours"] = "abc"
    export.to_csv(tmp_path / "staff.csv", index=False)
    with pytest.raises(InputError) as info:
        read_input(tmp_path / "staff.csv", "staff", mapping=load_mapping("esr"))
    (problem,) = info.value.problems
    assert (problem.row, problem.column, problem.value) == (4, "Contracted Hours (contracted_hours)", "abc")


def test_a_trusts_own_mapping_sums_pay_elements_and_keeps_yes_as_text(tmp_path):
    (tmp_path / "mine.yaml").write_text(
        "title: Our payroll\ninputs:\n  staff:\n    columns:\n      Disabled?: disability\n"
        "    sums:\n      ordinary_pay: [Basic, Shift]\n    values:\n      disability:\n        Yes: Yes\n"
        "        N: No\n", encoding="utf-8")
    mapping = load_mapping("mine.yaml", base=tmp_path)
    assert not mapping.preset
    raw = pd.DataFrame({"Disabled?": ["yes", " N ", ""], "Basic": ["1,000.50", "", ""], "Shift": ["£20", "5", ""]})
    applied = mapping.apply(raw, "staff", "staff.csv")
    assert applied.problems == []
    assert applied.frame["disability"].tolist() == ["Yes", "No", ""]
    assert applied.frame["ordinary_pay"].tolist() == ["1020.5", "5.0", ""]


@pytest.mark.parametrize(("body", "message"), [
    ("inputs:\n  staf: {}\n", "not an input of the data contract"),
    ("inputs:\n  staff:\n    columns: {Sex: gender}\n", "not a column of the staff snapshot"),
    ("inputs:\n  staff:\n    columns: {Sex: sex}\n    values:\n      sex: {M: Man}\n", "does not accept 'Man'"),
    ("inputs:\n  staff:\n    columns: {A: sex, B: sex}\n", "more than one source column"),
    ("inputs:\n  staff:\n    columns: {D: start_date}\n    dates: {start_date: dd/mm/yyyy}\n", "strptime codes"),
    ("title: x\n", "needs 'inputs:'"),
])
def test_a_bad_mapping_file_is_reported_with_the_key(tmp_path, body, message):
    (tmp_path / "bad.yaml").write_text(body, encoding="utf-8")
    with pytest.raises(InputError, match=re.escape(message)):
        load_mapping(tmp_path / "bad.yaml")


def test_params_name_mappings_by_input(tmp_path):
    params = load_params(write_params(tmp_path, SYN, mappings={"staff": "esr"}))
    assert params.mappings["staff"].name == "esr" and params.mappings["staff"].preset
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "ours.yaml").write_text((PRESETS_DIR / "esr.yaml").read_text(encoding="utf-8"),
                                                 encoding="utf-8")
    params = load_params(write_params(tmp_path, SYN, mappings={"staff": "maps/ours.yaml"}))
    assert params.mappings["staff"].path == (tmp_path / "maps" / "ours.yaml").resolve()
    assert not params.mappings["staff"].preset
    with pytest.raises(InputError) as info:
        load_params(write_params(tmp_path, SYN, mappings={"staf": "esr", "recruitment": "esr",
                                                          "board": "nowhere.yaml"}))
    text = str(info.value)
    assert "mappings.staf" in text and "has no section for recruitment" in text and "mapping not found" in text


def test_validate_shows_the_mapped_result(tmp_path, exported, capsys):
    assert validate(["--mapping", "esr", str(exported / "2026" / "staff.csv")]) == 0
    out = capsys.readouterr().out
    assert "read with the mapping 'esr'" in out and "rows: 1,484" in out
    assert "Ethnic Origin -> ethnic_code" in out and "Basic Pay + Allowances -> ordinary_pay" in out
    assert re.search(r"ethnic_code: A 1,088, C 193, Z 46, 99 42", out)
    assert "hourly_rate: worked out from the pay elements; 49 row(s) without one" in out
    bad = esr_staff(staff_text()).head(3)
    bad.loc[0, "Gender"] = "Unsure"
    bad.to_csv(tmp_path / "staff.csv", index=False)
    assert validate(["--mapping", "esr", str(tmp_path / "staff.csv")]) == 1
    out = capsys.readouterr().out
    assert re.search(r"sex: .*Unsure 1", out) and "row 2, column 'Gender', value 'Unsure'" in out


def test_every_preset_is_documented():
    doc = (ROOT / "docs" / "mapping.md").read_text(encoding="utf-8")
    for path in PRESETS_DIR.glob("*.yaml"):
        assert f"`{path.stem}`" in doc


def test_an_excel_export_is_read_through_the_mapping(tmp_path):
    export = esr_staff(staff_text()).head(20)
    export.to_excel(tmp_path / "staff.xlsx", index=False)
    mapped = read_input(tmp_path / "staff.xlsx", "staff", mapping=load_mapping("esr"))
    contract = read_input(SYN / "2026" / "staff.csv", "staff").head(20)
    pd.testing.assert_series_equal(mapped["ethnic_code"], contract["ethnic_code"])
    pd.testing.assert_series_equal(mapped["hourly_rate"], contract["hourly_rate"])


def test_a_value_on_many_rows_is_one_problem_naming_its_rows():
    mapping = load_mapping("esr")
    raw = pd.DataFrame({"Disability Flag": ["No"] + ["Maybe"] * 12})  # spreadsheet rows 3 to 14
    (problem,) = mapping.apply(raw, "staff", "staff.csv").problems
    assert problem.row == 3 and "(also on rows 4, 5, 6, 7, 8, 9, 10 and 4 more)" in problem.message
