"""The data contract: every input reads cleanly from its template and bad input gives one clear error."""

import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from edi_analysis import io as inputs
from edi_analysis.io import CONTRACT, InputError, load_params, load_trust, load_year, read_input
from edi_analysis.io.contract import HOURS_ELEMENTS, PAY_ELEMENTS

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "docs" / "data-contract" / "templates"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / f"{name}.csv"
    path.write_text(text, encoding="utf-8")
    return path


def staff_template() -> str:
    return (TEMPLATES / "staff.csv").read_text(encoding="utf-8")


def edit_staff(tmp_path: Path, row: int, column: str, value: str) -> Path:
    """Copy the staff template with one cell changed (row counts data rows from 0)."""
    frame = pd.read_csv(TEMPLATES / "staff.csv", dtype=str, keep_default_na=False)
    frame.loc[row, column] = value
    path = tmp_path / "staff.csv"
    frame.to_csv(path, index=False)
    return path


@pytest.mark.parametrize("name", list(CONTRACT))
def test_every_template_is_valid_and_documented(name):
    frame = read_input(TEMPLATES / f"{name}.csv", name)
    spec = CONTRACT[name]
    assert list(frame.columns) == [c.name for c in spec.columns]
    doc = (ROOT / "docs" / "data-contract" / f"{name}.md").read_text(encoding="utf-8")
    for col in spec.columns:
        assert f"`{col.name}`" in doc, f"{col.name} is not documented in {name}.md"


def test_types_are_explicit_and_codes_stay_strings(tmp_path):
    staff = read_input(TEMPLATES / "staff.csv", "staff")
    assert staff["pay_band"].tolist() == ["5", "Medical consultant", "8a"]
    assert staff["ethnic_code"].tolist()[:2] == ["A", "N"]
    assert staff["ethnic_code"].iloc[2] == "99"
    assert str(staff["pay_band"].dtype) == "string"
    assert str(staff["bank"].dtype) == "boolean"
    assert staff["contracted_hours"].dtype == "float64"
    assert pd.api.types.is_datetime64_any_dtype(staff["start_date"])
    assert pd.isna(staff["international_recruit"].iloc[2])


def test_band_spellings_are_normalised(tmp_path):
    path = edit_staff(tmp_path, 0, "pay_band", "Band 8A")
    assert read_input(path, "staff")["pay_band"].iloc[0] == "8a"


def test_unknown_ethnic_code_names_row_column_value_and_fix(tmp_path):
    path = edit_staff(tmp_path, 1, "ethnic_code", "Q1")
    with pytest.raises(InputError) as info:
        read_input(path, "staff")
    (problem,) = info.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == ("staff.csv", 3, "ethnic_code", "Q1")
    assert "A-H, J-N, P, R or S" in str(info.value)


@pytest.mark.parametrize("value", ["Asian", "Not stated ish", "White British", "W"])
def test_free_text_ethnicity_is_rejected(tmp_path, value):
    path = edit_staff(tmp_path, 1, "ethnic_code", value)
    with pytest.raises(InputError) as info:
        read_input(path, "staff")
    (problem,) = info.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == ("staff.csv", 3, "ethnic_code", value)
    assert "published description" in str(info.value)


@pytest.mark.parametrize("value", ["white - british", "C - White - Any other White background", "Not stated", "A",
                                   "99", "Z"])
def test_codes_and_descriptions_pass_validation(tmp_path, value):
    path = edit_staff(tmp_path, 1, "ethnic_code", value)
    assert read_input(path, "staff")["ethnic_code"].iloc[1] == value


def test_unknown_ethnic_code_allowed_when_params_say_warn(tmp_path):
    path = edit_staff(tmp_path, 1, "ethnic_code", "Q1")
    assert read_input(path, "staff", strict_codes=False)["ethnic_code"].iloc[1] == "Q1"


def test_negative_pay(tmp_path):
    path = edit_staff(tmp_path, 0, "hourly_rate", "-3.50")
    with pytest.raises(InputError, match=r"row 2, column 'hourly_rate', value '-3.50': is not allowed; use a number at least 0"):
        read_input(path, "staff")


def test_duplicate_staff_ids(tmp_path):
    path = edit_staff(tmp_path, 2, "staff_id", "P000123")
    with pytest.raises(InputError) as info:
        read_input(path, "staff")
    rows = sorted(p.row for p in info.value.problems)
    assert rows == [2, 4]
    assert all("appears more than once" in p.message for p in info.value.problems)


def test_missing_required_column(tmp_path):
    frame = pd.read_csv(TEMPLATES / "staff.csv", dtype=str, keep_default_na=False).drop(
        columns=["hourly_rate", "sex", *PAY_ELEMENTS, *HOURS_ELEMENTS])
    frame.to_csv(tmp_path / "staff.csv", index=False)
    with pytest.raises(InputError) as info:
        read_input(tmp_path / "staff.csv", "staff")
    assert {p.column for p in info.value.problems} == {"hourly_rate", "sex"}
    assert "required column is missing" in str(info.value)


def pay_elements_only(tmp_path: Path, drop=(), **cells) -> Path:
    """The staff template without hourly_rate (the pay-elements form), with some cells changed."""
    frame = pd.read_csv(TEMPLATES / "staff.csv", dtype=str, keep_default_na=False).drop(columns=["hourly_rate", *drop])
    for key, value in cells.items():
        column, row = key.rsplit("_", 1)
        frame.loc[int(row), column] = value
    path = tmp_path / "staff.csv"
    frame.to_csv(path, index=False)
    return path


def test_hourly_rate_is_worked_out_from_the_pay_elements(tmp_path):
    # Template rows: 2,910.83 in a 30.44-day month at 37.5 h -> 17.85003; 10,106.08 at 40 h -> 58.10;
    # 2,601.00 four-weekly with 270 hours in 12 weeks (22.5 h/week) -> 2,601 x 7 / 28 / 22.5 = 28.90.
    frame = read_input(pay_elements_only(tmp_path), "staff")
    assert list(frame.columns) == [c.name for c in CONTRACT["staff"].columns]
    assert frame["hourly_rate"].dtype == "float64"
    assert frame["hourly_rate"].tolist() == pytest.approx([17.85003066, 58.10, 28.90], abs=1e-6)
    # GPG-10 (metrics.md section 13), bonus and all; zero weekly hours gives no rate, as a blank hourly_rate does.
    path = pay_elements_only(tmp_path, ordinary_pay_0="2600", weekly_hours_0="37.5", bonus_in_period_0="1200",
                             bonus_relates_to_days_0="365", ordinary_pay_1="2600", weekly_hours_1="37.5",
                             weekly_hours_2="0")
    rates = read_input(path, "staff")["hourly_rate"]
    assert rates.iloc[0] == pytest.approx(16.557632, abs=1e-6)
    assert rates.iloc[1] == pytest.approx(15.943933, abs=1e-6)
    assert pd.isna(rates.iloc[2])


def test_hourly_rate_as_given_wins_over_the_pay_elements(tmp_path):
    # Decision: a file with both keeps the payroll's hourly_rate, silently (see docs/data-contract/staff.md).
    path = edit_staff(tmp_path, 0, "hourly_rate", "99.50")
    assert read_input(path, "staff")["hourly_rate"].tolist() == pytest.approx([99.50, 58.10, 28.90])


def test_neither_hourly_rate_nor_pay_elements(tmp_path):
    path = pay_elements_only(tmp_path, drop=("pay_period_days", "weekly_hours", "hours_12_weeks"))
    with pytest.raises(InputError) as info:
        read_input(path, "staff")
    (problem,) = info.value.problems
    assert (problem.file, problem.row, problem.column) == ("staff.csv", None, "hourly_rate")
    assert "missing: pay_period_days, weekly_hours or hours_12_weeks" in problem.message
    assert "add hourly_rate, or add ordinary_pay, pay_period_days and weekly_hours" in problem.message
    # Either hours column will do.
    path = pay_elements_only(tmp_path, drop=("weekly_hours",), hours_12_weeks_0="450", hours_12_weeks_1="480")
    assert read_input(path, "staff")["hourly_rate"].tolist() == pytest.approx([17.85003066, 58.10, 28.90])


def test_pay_elements_blank_where_needed(tmp_path):
    path = pay_elements_only(tmp_path, ordinary_pay_0="", pay_period_days_1="", hours_12_weeks_2="",
                             bonus_in_period_1="500")
    with pytest.raises(InputError) as info:
        read_input(path, "staff")
    got = [(p.row, p.column) for p in info.value.problems]
    assert got == [(2, "ordinary_pay"), (3, "bonus_relates_to_days"), (3, "pay_period_days"), (4, "weekly_hours")]
    assert all("needed to work out hourly_rate" in p.message or "bonus was paid" in p.message
               for p in info.value.problems)
    # Bad values are reported with the usual fix, alongside any other problem in the file.
    path = pay_elements_only(tmp_path, pay_period_days_0="0", weekly_hours_1="lots", sex_2="M")
    with pytest.raises(InputError) as info:
        read_input(path, "staff")
    assert [(p.row, p.column) for p in info.value.problems] == [(2, "pay_period_days"), (3, "weekly_hours"),
                                                                 (4, "sex")]


def _as_pay_elements(staff: pd.DataFrame) -> pd.DataFrame:
    """Back-compute each person's pay elements from hourly_rate: ordinary pay = rate x hours x days / 7 - bonus.

    Pay periods cycle monthly / four-weekly / weekly; people with no contracted hours but a rate become
    variable-hours workers (15 h/week over 12 weeks, paid weekly); every fourth monthly-paid person has a
    1,200 award relating to a year (so 1,200 x 30.44 / 365 of it counts in the month); no rate -> no hours.
    """
    out = staff.drop(columns=["hourly_rate"])
    rate, hours = staff["hourly_rate"], staff["contracted_hours"]
    days = pd.Series(np.resize([30.44, 28.0, 7.0], len(staff)), index=staff.index)
    variable = rate.notna() & (hours == 0)
    days[variable] = 7.0
    weekly = hours.where(rate.notna(), 0.0).where(~variable)
    bonus = pd.Series(np.where((days == 30.44) & (np.arange(len(staff)) % 4 == 0) & rate.notna(), 1200.0, 0.0),
                      index=staff.index)
    counted = bonus * days / 365
    out["ordinary_pay"] = (rate * weekly.fillna(15.0) * days / 7 - counted).fillna(0.0)
    out["pay_period_days"] = days
    out["weekly_hours"] = weekly
    out["hours_12_weeks"] = np.where(variable, 15.0 * 12, np.nan)
    out["bonus_in_period"] = bonus
    out["bonus_relates_to_days"] = np.where(bonus > 0, 365.0, np.nan)
    return out


def test_pay_elements_give_the_same_pay_gaps(tmp_path, synthetic_root):
    from edi_analysis.io import load_trust
    from edi_analysis.results import pay_gaps

    src = synthetic_root / "SYN08"
    shutil.copytree(src, tmp_path / "SYN08")
    for year_dir in sorted((tmp_path / "SYN08").glob("20[0-9][0-9]")):
        staff = pd.read_csv(year_dir / "staff.csv", dtype={"ethnic_code": str}, keep_default_na=False,
                            na_values={"hourly_rate": [""]})
        _as_pay_elements(staff).to_csv(year_dir / "staff.csv", index=False)
    assert "hourly_rate" not in pd.read_csv(tmp_path / "SYN08" / "2026" / "staff.csv", nrows=1).columns
    params = ROOT / "params"
    contract = pay_gaps.compute(load_trust("SYN08", 2026, params_dir=params))
    elements = pay_gaps.compute(load_trust("SYN08", 2026, params_dir=params, data_dir=tmp_path / "SYN08"))
    assert len(contract.gaps) > 0
    pd.testing.assert_frame_equal(elements.gaps, contract.gaps, check_exact=False, rtol=1e-9, atol=1e-9)
    pd.testing.assert_frame_equal(elements.quartiles, contract.quartiles)


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("contracted_hours", "thirty", "cannot be read as float"),
        ("bank", "maybe", "cannot be read as bool"),
        ("start_date", "31/02/2020", "cannot be read as date"),
        ("sex", "M", "is not allowed; use one of: 'Male', 'Female' or blank"),
        ("pay_band", "Band 10", "is not allowed"),
        ("staff_id", "", "is blank but required"),
    ],
)
def test_wrong_types_and_values(tmp_path, column, value, expected):
    path = edit_staff(tmp_path, 0, column, value)
    with pytest.raises(InputError) as info:
        read_input(path, "staff")
    (problem,) = info.value.problems
    assert (problem.row, problem.column) == (2, column)
    assert expected in problem.message


def test_empty_file_and_header_only(tmp_path):
    with pytest.raises(InputError, match="the file is empty"):
        read_input(write(tmp_path, "staff", ""), "staff")
    header = staff_template().splitlines()[0] + "\n"
    with pytest.raises(InputError, match="no data rows"):
        read_input(write(tmp_path, "staff", header), "staff")
    # No cases in a year is valid for event files.
    er_header = (TEMPLATES / "employee_relations.csv").read_text().splitlines()[0] + "\n"
    assert len(read_input(write(tmp_path, "employee_relations", er_header), "employee_relations")) == 0


def test_every_problem_in_one_error(tmp_path):
    frame = pd.read_csv(TEMPLATES / "staff.csv", dtype=str, keep_default_na=False)
    frame.loc[0, "ethnic_code"] = "Q"
    frame.loc[1, "bonus_pay_12m"] = "-1"
    frame.loc[2, "contracted_hours"] = "x"
    frame.to_csv(tmp_path / "staff.csv", index=False)
    with pytest.raises(InputError) as info:
        read_input(tmp_path / "staff.csv", "staff")
    assert [(p.row, p.column) for p in info.value.problems] == [(2, "ethnic_code"), (3, "bonus_pay_12m"), (4, "contracted_hours")]
    assert str(info.value).startswith("3 problem(s) in staff.csv")


def test_cross_field_rules(tmp_path):
    survey = (TEMPLATES / "staff_survey.csv").read_text().replace("412,97", "412,500")
    with pytest.raises(InputError, match="more positive responses than responses"):
        read_input(write(tmp_path, "staff_survey", survey), "staff_survey")
    # Appointed without shortlisting is read, then flagged and dropped by WRES indicator 2 (see test_wres).
    rec = pd.read_csv(TEMPLATES / "recruitment.csv", dtype=str, keep_default_na=False)
    rec.loc[0, ["shortlisted", "appointed"]] = ["FALSE", "TRUE"]
    rec.to_csv(tmp_path / "recruitment.csv", index=False)
    assert len(read_input(tmp_path / "recruitment.csv", "recruitment")) == 1


def test_survey_rows_unique_per_group(tmp_path):
    text = (TEMPLATES / "staff_survey.csv").read_text()
    lines = text.splitlines()
    with pytest.raises(InputError, match="appears more than once"):
        read_input(write(tmp_path, "staff_survey", "\n".join([*lines, lines[1]]) + "\n"), "staff_survey")


def test_excel_is_read_like_csv(tmp_path):
    frame = pd.read_csv(TEMPLATES / "staff.csv", dtype=str, keep_default_na=False)
    frame.to_excel(tmp_path / "staff.xlsx", index=False)
    from_excel = read_input(tmp_path / "staff.xlsx", "staff")
    pd.testing.assert_frame_equal(from_excel, read_input(TEMPLATES / "staff.csv", "staff"))
    assert inputs.input_path(tmp_path, "staff").suffix == ".xlsx"


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="file not found"):
        read_input(tmp_path / "staff.csv", "staff")


def test_load_year_gathers_every_file(tmp_path):
    year = tmp_path / "2026"
    year.mkdir()
    for name in CONTRACT:
        shutil.copy(TEMPLATES / f"{name}.csv", year / f"{name}.csv")
    assert set(load_year(tmp_path, 2026)) == set(CONTRACT) - set(inputs.OPTIONAL_INPUTS)
    (year / "board.csv").write_text("")
    edit_staff(year, 0, "sex", "X")
    with pytest.raises(InputError) as info:
        load_year(tmp_path, 2026)
    assert {p.file for p in info.value.problems} == {"2026/board.csv", "2026/staff.csv"}


PARAMS = """trust_code: ABC01
trust_name: Test Trust
trust_type: Acute
region: London
system: Test ICS
data_dir: data
years: [2025, 2026]
report_year: 2026
"""


def test_params_read_and_data_dir_resolved(tmp_path):
    (tmp_path / "ABC01.yaml").write_text(PARAMS)
    p = load_params(tmp_path / "ABC01.yaml")
    assert p.data_dir == (tmp_path / "data").resolve()
    assert p.years == (2025, 2026) and p.strict_codes and p.notebooks == ("summary", "pay_gaps")
    assert load_params(tmp_path / "ABC01.yaml", data_dir=tmp_path / "x").data_dir == (tmp_path / "x").resolve()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda t: t.replace("region: London\n", ""), "'region'.*required key is missing"),
        (lambda t: t.replace("report_year: 2026", "report_year: 2027"), "must be one of 'years'"),
        (lambda t: t + "colour: blue\n", "unknown key"),
        (lambda t: t.replace("trust_code: ABC01", "trust_code: XYZ99"), "must match the file name"),
        (lambda t: t + "unknown_ethnic_codes: ignore\n", "use 'error' or 'warn'"),
        (lambda t: "- just\n- a list\n", "must be a YAML mapping"),
        (lambda t: t + "comparisons:\n  wres:\n  - {focus: Blak, reference: White}\n",
         r"key 'comparisons.wres\[0\].focus', value 'Blak': use one of BME, White, Asian, Black, Mixed, Other"),
        (lambda t: t + "comparisons:\n  wrse: []\n", r"key 'comparisons.wrse': unknown report; use one of wres, wdes"),
        (lambda t: t + "sdc:\n  min_count: 3\n", r"key 'sdc.min_count', value '3': publish mode cannot go below 5"),
        (lambda t: t + "sdc:\n  suppress_bored: true\n", r"key 'sdc.suppress_bored': unknown setting"),
        (lambda t: t + "pay_gap_references:\n  ethnicity: Whte\n",
         r"key 'pay_gap_references.ethnicity', value 'Whte': use one of 'White', 'White British'"),
        (lambda t: t + "pay_gap_references:\n  disability: 'No'\n",
         r"key 'pay_gap_references.disability', value 'No': use 'Non-disabled'"),
        (lambda t: t + "pay_gap_references:\n  age_band: 35-45\n", r"value '35-45': use one of '16-24', '25-34'"),
        (lambda t: t + ("hia6_targets:\n- {measure: harrasment, baseline_year: 2022, target_year: 2026, "
                        "relative_reduction: 0.1}\n"),
         r"key 'hia6_targets\[0\].measure', value 'harrasment': use one of 'adjustments_made', "),
        (lambda t: t + ("hia6_targets:\n- {measure: harassment_staff, group: everyone, baseline_year: 2022, "
                        "target_year: 2026, relative_reduction: 0.1}\n"),
         r"key 'hia6_targets\[0\].group', value 'everyone': use 'all staff' or '<dimension>: <group>'.*Ethnicity"),
    ],
)
def test_params_errors(tmp_path, change, message):
    (tmp_path / "ABC01.yaml").write_text(change(PARAMS))
    with pytest.raises(InputError, match=re.compile(message, re.S)):
        load_params(tmp_path / "ABC01.yaml")


def test_a_missing_params_file_names_the_trusts_that_have_one(tmp_path):
    (tmp_path / "ABC01.yaml").write_text(PARAMS)
    with pytest.raises(InputError, match=r"params file not found at .*ABC02.yaml \(trust codes with a params file "
                       r"there: ABC01\); check the trust code"):
        load_params(tmp_path / "ABC02.yaml")


@pytest.mark.parametrize(("synthetic", "message"), [
    (True, (r"key 'data_dir', value '.*': the data folder of this fictional trust has not been made yet; run "
            r"'make synthetic'")),
    (False, (r"key 'data_dir', value '.*': the data folder does not exist; set data_dir to the folder holding your "
             r"year folders")),
])
def test_no_data_is_one_sentence_saying_what_to_do(tmp_path, synthetic, message):
    (tmp_path / "ABC01.yaml").write_text(PARAMS + f"synthetic: {str(synthetic).lower()}\n")
    with pytest.raises(InputError) as info:
        load_trust("ABC01", params_dir=tmp_path)
    assert len(info.value.problems) == 1 and re.match(message, str(info.value.problems[0]).split(", ", 1)[1])
    (tmp_path / "data" / "2025").mkdir(parents=True)  # one year there, the report year not
    with pytest.raises(InputError, match="the year folder[(]s[)] 2026"):
        load_trust("ABC01", params_dir=tmp_path)


def test_comparisons_are_read_from_params(tmp_path):
    (tmp_path / "ABC01.yaml").write_text(PARAMS + "comparisons:\n  wres:\n  - {focus: Black, reference: White}\n")
    assert load_params(tmp_path / "ABC01.yaml").comparisons == {"wres": (("Black", "White"),)}


def test_bundled_params_are_valid():
    files = sorted((ROOT / "params").glob("*.yaml"))
    assert len(files) >= 8
    for f in files:
        assert load_params(f).trust_code == f.stem


def test_surrounding_spaces_and_case_are_forgiven(tmp_path):
    frame = pd.read_csv(TEMPLATES / "staff.csv", dtype=str, keep_default_na=False)
    frame.loc[0, ["sex", "ethnic_code", "staff_group", "bank"]] = [" female ", " A ", "clinical", " true"]
    frame.to_csv(tmp_path / "staff.csv", index=False)
    row = read_input(tmp_path / "staff.csv", "staff").iloc[0]
    assert (row["sex"], row["ethnic_code"], row["staff_group"], row["bank"]) == ("Female", "A", "Clinical", True)


# --- Published gender pay gap returns ------------------------------------------------------------------


def test_shipped_returns_reproduce_the_published_nhs_median():
    """data/reference/gender_pay_gap/SOURCE.md: NHS trusts' median of median hourly gaps, 2024-25."""
    returns = inputs.read_national_gpg(ROOT / "data" / "reference")
    year = returns[returns["reporting_year"] == "2024-25"]["median_gap"].dropna()
    assert len(year) == 206 and round(year.median(), 2) == 7.05
    assert returns["trust_type"].notna().sum() > 1000  # matched to a trust type through the ODS code


def test_shipped_staff_survey_results_are_trusts_only():
    nss = inputs.read_national_nss(ROOT / "data" / "reference")
    assert nss.groupby("survey_year").size().to_dict() == {2021: 217, 2022: 215, 2023: 213, 2024: 210}
    assert nss["trust_type"].notna().all()


# The loader on every year's raw download: tests/fixtures/gpg_raw holds, for each yearly download, every NHS trust
# row and the first 40 other employers, as the service published them (Open Government Licence v3.0).

GPG_RAW = sorted((ROOT / "tests" / "fixtures" / "gpg_raw").glob("*.csv.gz"))
REFERENCE = ROOT / "data" / "reference"
# Rows per sample and NHS trust rows; the NHS rows are the full downloads' (shared/data/gender_pay_gap/SOURCE.md).
EXPECTED_ROWS = {"2017-18": (257, 217), "2018-19": (260, 220), "2019-20": (203, 163), "2020-21": (248, 208),
                 "2021-22": (241, 201), "2022-23": (243, 203), "2023-24": (122, 82), "2024-25": (246, 206)}


def test_every_yearly_download_is_sampled():
    assert len(GPG_RAW) == len(EXPECTED_ROWS)


@pytest.mark.parametrize("path", GPG_RAW, ids=lambda p: p.name[24:31])
def test_every_yearly_download_reads(path):
    returns = inputs.read_gpg_returns(path)
    year = returns["reporting_year"].iloc[0]
    assert (len(returns), len(inputs.select_nhs_trusts(returns))) == EXPECTED_ROWS[year]
    assert returns["snapshot_year"].iloc[0] == int(year[:4])
    assert returns["median_gap"].notna().all() and returns["female_top_pct"].notna().mean() > 0.95  # some 2020-22 returns left quartiles blank
    if year >= "2018-19":  # the first year has no dates
        assert returns["date_submitted"].notna().all() and returns["due_date"].notna().all()
    assert not returns["sic_codes"].str.contains("\n").any()


def test_national_returns_reproduce_the_published_summary():
    national = inputs.read_national_gpg(REFERENCE)
    summary = pd.read_csv(REFERENCE / "gender_pay_gap" / "gpg_nhs_trusts_summary_by_year.csv")
    got = national.groupby("reporting_year")["median_gap"].median()
    for row in summary.itertuples():
        assert got[row.ReportingYear] == pytest.approx(row.median_DiffMedianHourlyPercent)
    assert national["trust_type"].notna().mean() > 0.7
    assert set(national["trust_type"].dropna()) == {"Acute", "Mental health", "Community", "Specialist", "Ambulance"}


def test_raw_downloads_alone_give_the_same_trusts(tmp_path):
    folder = tmp_path / "gender_pay_gap"
    folder.mkdir()
    shutil.copy(GPG_RAW[-1], folder / GPG_RAW[-1].name)
    national = inputs.read_national_gpg(tmp_path)
    assert len(national) == 206 and set(national["reporting_year"]) == {"2024-25"}


def test_missing_returns_say_where_to_get_them(tmp_path):
    with pytest.raises(InputError, match="gender-pay-gap.service.gov.uk"):
        inputs.read_national_gpg(tmp_path)
    (tmp_path / "x.csv").write_text("a,b\n1,2\n")
    with pytest.raises(InputError, match="required column of the gender pay gap download"):
        inputs.read_gpg_returns(tmp_path / "x.csv", reporting_year="2024-25")


def test_national_staff_survey_reproduces_the_published_medians():
    nss = inputs.read_national_nss(REFERENCE)
    medians = nss.groupby("survey_year")["harassment_colleagues"].median().round(1)
    assert medians.to_dict() == {2021: 17.8, 2022: 18.4, 2023: 17.2, 2024: 17.1}  # SOURCE.md sanity check
    assert set(nss["trust_type"].dropna()) == {"Acute", "Mental health", "Community", "Specialist", "Ambulance"}
    assert nss.groupby("survey_year").size().tolist() == [217, 215, 213, 210]


def _survey(**change) -> pd.DataFrame:
    frame = pd.DataFrame({"year": pd.array([2024, 2024], dtype="Int64"),
                          "question": pd.array(["q14a", "q14a"], dtype="string"),
                          "group_dimension": pd.array(["Ethnicity", "Ethnicity"], dtype="string"),
                          "group_value": pd.array(["BME", "White"], dtype="string"),
                          "responses": pd.array([10, 20], dtype="Int64"),
                          "positive_responses": pd.array([1, 2], dtype="Int64")})
    for column, values in change.items():
        frame[column] = pd.array(values, dtype=frame[column].dtype)
    return frame


@pytest.mark.parametrize(("change", "failing", "together"), [
    ({}, [], False),
    ({"group_dimension": ["Ethnicity", "Colour"]}, ["group_dimension"], False),
    ({"responses": [10, -1]}, ["responses"], False),
    ({"year": [2024, 2101], "question": [None, "q14a"]}, ["year", "question"], False),
    ({"group_value": ["BME", "BME"]}, [], True),
])
def test_may_fail_names_every_column_pandera_fails_and_no_clean_one(change, failing, together):
    from pandera import errors as pandera_errors

    from edi_analysis.io.read import _may_fail, _schema
    spec, frame = CONTRACT["staff_survey"], _survey(**change)
    assert _may_fail(spec, frame, True) == (failing, together)
    try:  # pandera on every column: what it fails is what _may_fail named
        _schema(spec, frame.columns, True).validate(frame, lazy=True)
        reported = set()
    except pandera_errors.SchemaErrors as err:
        reported = set(err.failure_cases["column"].dropna())
    assert reported == set(failing) | ({"year", "question", "group_dimension", "group_value"} if together else set())


def test_read_input_coded_gives_categoricals_of_the_same_values(tmp_path):
    text = "member_id,role,voting,executive,sex,ethnic_code,disability\n" + "".join(
        f"B{i:02d},Chair,TRUE,FALSE,{'Female' if i % 2 else 'Male'},A,No\n" for i in range(10))
    plain = read_input(write(tmp_path, "board", text), "board")
    coded = read_input(write(tmp_path, "board", text), "board", coded=True)
    assert plain["sex"].dtype == "string" and list(coded["sex"].dtype.categories) == ["Female", "Male"]
    pd.testing.assert_frame_equal(coded.astype({c: "string" for c in ("member_id", "role", "sex", "ethnic_code",
                                                                       "disability")}), plain)
