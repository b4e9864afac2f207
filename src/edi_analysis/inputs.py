"""Read and validate every input a trust provides: the one I/O module.

Each input of the data contract (``docs/data-contract/``) is declared once in
:data:`CONTRACT`: its columns, their types, what values are allowed and how to
fix a bad one. Files are read with every column as text (codes such as
``"8a"`` or ``"99"`` stay strings), parsed to the declared types, then checked
with a pandera schema built from the same declaration. Every problem in every
file is collected and raised as one :class:`InputError` naming file, row,
column, value and the fix, so an analyst can correct the data in one pass.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pandas as pd
import pandera.pandas as pa
import yaml

from . import groups

__all__ = [
    "Column",
    "InputSpec",
    "Problem",
    "InputError",
    "CONTRACT",
    "read_input",
    "load_year",
    "load_years",
    "TrustParams",
    "load_params",
    "input_path",
]

Kind = Literal["text", "code", "int", "float", "bool", "date"]

AGE_BANDS: tuple[str, ...] = ("16-24", "25-34", "35-44", "45-54", "55-64", "65+")
RELIGIONS: tuple[str, ...] = (
    "Atheism", "Buddhism", "Christianity", "Hinduism", "Islam", "Jainism", "Judaism", "Sikhism",
    "Other", "Not declared", "Prefer not to say",
)
SEXUAL_ORIENTATIONS: tuple[str, ...] = (
    "Heterosexual or Straight", "Gay or Lesbian", "Bisexual", "Other sexual orientation",
    "Not declared", "Prefer not to say",
)
AFC_BANDS: tuple[str, ...] = ("1", "2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9")
MEDICAL_GRADES: tuple[str, ...] = ("Medical consultant", "Medical career grade", "Medical trainee")
PAY_BANDS: tuple[str, ...] = (*AFC_BANDS, "VSM", *MEDICAL_GRADES, "Other")
STAFF_GROUPS: tuple[str, ...] = ("Clinical", "Non-clinical", "Medical and dental")
CASE_TYPES: tuple[str, ...] = (
    "disciplinary", "capability-performance", "capability-ill-health", "grievance", "bullying-harassment",
)
SURVEY_DIMENSIONS: tuple[str, ...] = (
    "All staff", "Ethnicity", "Ethnicity (Census 5)", "Disability", "Sex", "Age band", "Religion",
    "Sexual orientation",
)
BONUS_TYPES: tuple[str, ...] = ("Local CEA", "National CEA", "NCIA", "Other")
INPUT_NAMES: tuple[str, ...] = ("staff", "recruitment", "employee_relations", "training", "board", "staff_survey")

_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f"}
_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class Column:
    """One column of an input: its type, whether it may be blank and what is allowed."""

    name: str
    kind: Kind
    description: str
    required: bool = True
    nullable: bool = False
    allowed: tuple[str, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    unique: bool = False
    example: str = ""

    def fix(self) -> str:
        """Plain words on what the column accepts, used in every error message."""
        blank = " or blank" if self.nullable else ""
        if self.name.endswith("ethnic_code"):
            return ("use an NHS ethnic category code: A-H, J-N, P, R or S (a local second character is "
                    "allowed, e.g. C1), Z for not stated, or 99 / blank for not known")
        if self.allowed is not None:
            return "use one of: " + ", ".join(repr(v) for v in self.allowed) + blank
        if self.kind == "bool":
            return "use TRUE or FALSE (yes/no and 1/0 are also read)" + blank
        if self.kind == "date":
            return "use a date as YYYY-MM-DD (DD/MM/YYYY is also read)" + blank
        if self.kind in ("int", "float"):
            what = "a whole number" if self.kind == "int" else "a number"
            limits = []
            if self.minimum is not None:
                limits.append(f"at least {self.minimum:g}")
            if self.maximum is not None:
                limits.append(f"at most {self.maximum:g}")
            return f"use {what}" + (" " + " and ".join(limits) if limits else "") + blank
        return "give a value" + blank


@dataclass(frozen=True)
class InputSpec:
    """One input file of the data contract."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    min_rows: int = 1
    unique_together: tuple[str, ...] = ()
    row_checks: tuple[tuple[str, Callable[[pd.DataFrame], pd.Series], str], ...] = ()

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


def _characteristics(required: bool = True) -> tuple[Column, ...]:
    return (
        Column("sex", "text", "Sex as recorded: Male or Female; blank if not recorded.", required=required,
               nullable=True, allowed=("Male", "Female"), example="Female"),
        Column("ethnic_code", "code", "NHS ethnic category code (one letter, optional local second character).",
               required=required, nullable=True, example="A"),
        Column("disability", "text", "Disability as recorded (Equality Act 2010 definition).", required=required,
               nullable=True, allowed=groups.DISABILITY_VALUES, example="No"),
    )


def _optional_characteristics() -> tuple[Column, ...]:
    return (
        Column("age_band", "text", "Age band at the snapshot date.", required=False, nullable=True,
               allowed=AGE_BANDS, example="35-44"),
        Column("religion", "text", "Religion or belief.", required=False, nullable=True, allowed=RELIGIONS,
               example="Christianity"),
        Column("sexual_orientation", "text", "Sexual orientation.", required=False, nullable=True,
               allowed=SEXUAL_ORIENTATIONS, example="Heterosexual or Straight"),
    )


STAFF = InputSpec(
    name="staff",
    title="Staff snapshot",
    description=(
        "One row per person employed at the snapshot date (31 March of the reporting year), as in ESR. "
        "People with several assignments appear once, with pay and hours summed and the primary "
        "assignment's band and group. Bank-only workers are included with bank = TRUE."
    ),
    columns=(
        Column("staff_id", "text", "Pseudonymised person identifier, stable across years. Never a name or NHS number.",
               unique=True, example="P000123"),
        *_characteristics(),
        *(
            Column(c.name, c.kind, c.description, required=True, nullable=True, allowed=c.allowed, example=c.example)
            for c in _optional_characteristics()
        ),
        Column("pay_band", "text", "Agenda for Change band (1-9, 8a-8d), VSM, or a medical grade.",
               allowed=PAY_BANDS, example="5"),
        Column("staff_group", "text", "Clinical, Non-clinical, or Medical and dental.", allowed=STAFF_GROUPS,
               example="Clinical"),
        Column("occupation", "text", "Occupation group (free text, e.g. Nursing and midwifery).", nullable=True,
               example="Nursing and midwifery"),
        Column("directorate", "text", "Directorate or division (free text).", nullable=True, example="Surgery"),
        Column("bank", "bool", "TRUE for bank-only workers.", example="FALSE"),
        Column("contracted_hours", "float", "Contracted weekly hours.", minimum=0, maximum=100, example="37.5"),
        Column("hourly_rate", "float",
               "Statutory ordinary pay per hour in the March pay period (gender pay gap definition); blank when "
               "there were no working hours.", nullable=True, minimum=0, example="17.85"),
        Column("full_pay_relevant", "bool",
               "TRUE unless paid at a reduced rate or nil in March because of leave.", example="TRUE"),
        Column("bonus_pay_12m", "float",
               "Total bonus pay (incl. Clinical Excellence and National Clinical Impact Awards) in the 12 months "
               "to the snapshot date; 0 for none.", minimum=0, example="0"),
        Column("bonus_award_type", "text", "Main type of bonus when bonus_pay_12m > 0.", required=False,
               nullable=True, allowed=BONUS_TYPES, example=""),
        Column("international_recruit", "bool",
               "TRUE if recruited from overseas (first professional qualification outside the UK); blank if "
               "not known.", nullable=True, example="FALSE"),
        Column("country_of_qualification", "text", "Country of first professional qualification.",
               required=False, nullable=True, example="United Kingdom"),
        Column("start_date", "date", "Start date of continuous service with the trust.", example="2019-09-02"),
    ),
    row_checks=(
        ("bonus_award_type", lambda d: ~((d["bonus_pay_12m"].fillna(0) == 0) & d["bonus_award_type"].notna()),
         "an award type is given but bonus_pay_12m is 0; remove the type or give the bonus amount"),
    ),
)

RECRUITMENT = InputSpec(
    name="recruitment",
    title="Recruitment",
    description=(
        "One row per application in the financial year (1 April to 31 March), all posts, internal and external, "
        "with the stage reached (NHS Jobs or TRAC export)."
    ),
    columns=(
        Column("application_id", "text", "Application identifier.", unique=True, example="APP0001"),
        Column("vacancy_id", "text", "Vacancy identifier.", required=False, nullable=True, example="V123"),
        Column("application_date", "date", "Date the application was made.", example="2024-06-14"),
        Column("pay_band", "text", "Band of the post.", required=False, nullable=True, allowed=PAY_BANDS,
               example="5"),
        *_characteristics(),
        *_optional_characteristics(),
        Column("shortlisted", "bool", "TRUE if shortlisted.", example="TRUE"),
        Column("appointed", "bool", "TRUE if appointed (the system's appointed status).", example="FALSE"),
    ),
    # Appointed-but-not-shortlisted rows are data errors that the analysis flags and drops (metrics.md
    # section 2), so they are not rejected here.
    min_rows=0,
)

EMPLOYEE_RELATIONS = InputSpec(
    name="employee_relations",
    title="Employee relations cases",
    description=(
        "One row per formal case started in the financial year, with the characteristics of the member of staff "
        "the case is about."
    ),
    columns=(
        Column("case_id", "text", "Case identifier.", unique=True, example="ER0001"),
        Column("staff_id", "text", "Pseudonymised identifier of the member of staff (as in the staff file).",
               example="P000123"),
        Column("case_type", "text", "Type of case.", allowed=CASE_TYPES, example="disciplinary"),
        Column("start_date", "date", "Date the formal process started (for disciplinary: the formal "
               "investigation).", example="2024-11-03"),
        *_characteristics(),
    ),
    min_rows=0,
)

TRAINING = InputSpec(
    name="training",
    title="Non-mandatory training and CPD",
    description="One row per non-mandatory training or CPD activity started in the financial year.",
    columns=(
        Column("staff_id", "text", "Pseudonymised identifier of the member of staff.", example="P000123"),
        Column("activity_date", "date", "Date the activity started.", example="2024-05-20"),
        Column("activity", "text", "Course or activity name (free text).", nullable=True, example="Leadership"),
        Column("non_mandatory", "bool", "TRUE for non-mandatory training or CPD.", example="TRUE"),
    ),
    min_rows=0,
)

BOARD = InputSpec(
    name="board",
    title="Board members",
    description="One row per board member at the snapshot date, voting and non-voting, executive and non-executive.",
    columns=(
        Column("member_id", "text", "Identifier (not a name).", unique=True, example="B01"),
        Column("role", "text", "Role (free text, e.g. Chair, Chief Executive).", nullable=True, example="Chair"),
        Column("voting", "bool", "TRUE for voting members.", example="TRUE"),
        Column("executive", "bool", "TRUE for executive members.", example="FALSE"),
        *_characteristics(),
    ),
)

STAFF_SURVEY = InputSpec(
    name="staff_survey",
    title="NHS Staff Survey results by group",
    description=(
        "One row per survey year, question and group: the number who answered the question and the number "
        "giving the answer the measure counts (e.g. experienced harassment at least once), as published by the "
        "survey coordination centre for the trust."
    ),
    columns=(
        Column("year", "int", "Year the survey was fielded (autumn).", minimum=2021, maximum=2100, example="2024"),
        Column("question", "text", "Question number as in that year's questionnaire, e.g. q14a.", example="q14a"),
        Column("group_dimension", "text", "Which characteristic the group belongs to.", allowed=SURVEY_DIMENSIONS,
               example="Ethnicity"),
        Column("group_value", "text", "The group, e.g. BME, White, Disabled.", example="BME"),
        Column("responses", "int", "Number answering the question.", minimum=0, example="412"),
        Column("positive_responses", "int", "Number giving the answer the measure counts.", minimum=0,
               example="97"),
    ),
    unique_together=("year", "question", "group_dimension", "group_value"),
    row_checks=(
        ("positive_responses", lambda d: ~(d["positive_responses"] > d["responses"]),
         "more positive responses than responses; check the two columns"),
    ),
)

STAFF_SNAPSHOTS = InputSpec(
    name="staff_snapshots",
    title="Quarterly staff snapshots (optional)",
    description=(
        "One row per person per snapshot date within the financial year: at least the four quarter ends "
        "(30 June, 30 September, 31 December, 31 March), monthly if available. Only the columns the trend "
        "series need. Optional: without it the trends report says what is missing."
    ),
    columns=(
        Column("snapshot_date", "date", "Date of the snapshot (quarter or month end).", example="2025-06-30"),
        Column("staff_id", "text", "Pseudonymised person identifier, as in the staff file.", example="P000123"),
        *_characteristics(),
        Column("pay_band", "text", "Pay band at the snapshot date.", allowed=PAY_BANDS, example="5"),
        Column("staff_group", "text", "Staff group at the snapshot date.", allowed=STAFF_GROUPS, example="Clinical"),
        Column("bank", "bool", "TRUE for bank-only workers.", example="FALSE"),
    ),
    unique_together=("staff_id", "snapshot_date"),
)

INCIDENT_TYPES: tuple[str, ...] = ("physical assault", "verbal abuse", "threatening behaviour", "sexual harassment",
                                   "hate incident")
PERPETRATORS: tuple[str, ...] = ("patient or service user", "relative or member of the public", "staff member")

INCIDENTS = InputSpec(
    name="incidents",
    title="Violence and aggression incidents against staff (optional)",
    description=(
        "One row per incident reported in the financial year in which a member of staff was the victim (from the "
        "incident reporting system, e.g. Datix), with the characteristics of the member of staff affected. "
        "Optional: without it the bullying and harassment report says what is missing."
    ),
    columns=(
        Column("incident_id", "text", "Incident identifier.", unique=True, example="INC00017"),
        Column("staff_id", "text", "Pseudonymised identifier of the member of staff affected.", example="P000123"),
        Column("incident_date", "date", "Date of the incident.", example="2025-01-14"),
        Column("incident_type", "text", "What happened.", allowed=INCIDENT_TYPES, example="verbal abuse"),
        Column("perpetrator", "text", "Who it came from.", allowed=PERPETRATORS, example="patient or service user"),
        *_characteristics(),
    ),
    min_rows=0,
)

#: Every input of the data contract, by name.
CONTRACT: dict[str, InputSpec] = {
    s.name: s for s in (STAFF, RECRUITMENT, EMPLOYEE_RELATIONS, TRAINING, BOARD, STAFF_SURVEY, STAFF_SNAPSHOTS,
                        INCIDENTS)
}
#: Inputs that need not exist; reports that use them say so when they are missing.
OPTIONAL_INPUTS: tuple[str, ...] = ("staff_snapshots", "incidents")


@dataclass(frozen=True)
class Problem:
    """One problem found in an input file; ``row`` is the spreadsheet row (header = 1)."""

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        if self.value is not None:
            where.append(f"value {self.value!r}")
        return ", ".join(where) + f": {self.message}"


class InputError(ValueError):
    """Raised with every problem found in the inputs; nothing has been written."""

    max_listed = 50

    def __init__(self, problems: Sequence[Problem]):
        self.problems = list(problems)
        files = sorted({p.file for p in self.problems})
        lines = [f"{len(self.problems)} problem(s) in {', '.join(files)}; fix them and run again:"]
        lines += [f"  - {p}" for p in self.problems[: self.max_listed]]
        if len(self.problems) > self.max_listed:
            lines.append(f"  ... and {len(self.problems) - self.max_listed} more of the same kinds.")
        super().__init__("\n".join(lines))


def _read_raw(path: Path) -> pd.DataFrame:
    if path.suffix.lower() == ".xlsx":
        raw = pd.read_excel(path, dtype=str, keep_default_na=False, na_filter=False)
    else:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig")
    raw.columns = [str(c).strip() for c in raw.columns]
    return raw.apply(lambda s: s.str.strip())


def _normalise_band(s: pd.Series) -> pd.Series:
    out = s.str.replace(r"(?i)^band\s+", "", regex=True)
    return out.where(~out.str.fullmatch(r"(?i)8[a-d]"), out.str.lower())


def _parse(col: Column, raw: pd.Series, file: str) -> tuple[pd.Series, list[Problem]]:
    """Parse one text column to its declared kind; unparseable cells become problems."""
    blank = raw == ""
    problems: list[Problem] = []
    if col.kind in ("text", "code"):
        parsed = raw.where(~blank, pd.NA).astype("string")
        if col.name == "pay_band":
            parsed = _normalise_band(parsed)
        if col.allowed is not None:
            lookup = {v.lower(): v for v in col.allowed}
            canon = parsed.str.lower().map(lookup)
            parsed = canon.where(canon.notna(), parsed).astype("string")
        return parsed, problems
    if col.kind in ("int", "float"):
        parsed = pd.to_numeric(raw.where(~blank, None).str.replace(",", "", regex=False), errors="coerce")
        if col.kind == "int":
            frac = parsed.notna() & (parsed != parsed.round())
            bad = (parsed.isna() & ~blank) | frac
            parsed = parsed.where(~frac).astype("Int64")
        else:
            bad = parsed.isna() & ~blank
            parsed = parsed.astype("float64")
    elif col.kind == "bool":
        low = raw.str.lower()
        parsed = pd.Series(pd.NA, index=raw.index, dtype="boolean")
        parsed[low.isin(_TRUE)] = True
        parsed[low.isin(_FALSE)] = False
        bad = parsed.isna() & ~blank
    else:  # date
        parsed = pd.to_datetime(raw.where(~blank, None), format="ISO8601", errors="coerce")
        uk = pd.to_datetime(raw.where(parsed.isna() & ~blank, None), format="%d/%m/%Y", errors="coerce")
        parsed = parsed.fillna(uk)
        bad = parsed.isna() & ~blank
    for idx in raw.index[bad]:
        problems.append(Problem(file, int(idx) + 2, col.name, raw[idx], f"cannot be read as {col.kind}; {col.fix()}"))
    return parsed, problems


def _schema(spec: InputSpec, present: Iterable[str], strict_codes: bool) -> pa.DataFrameSchema:
    cols: dict[str, pa.Column] = {}
    for col in spec.columns:
        if col.name not in present:
            continue
        checks = []
        if col.allowed is not None:
            checks.append(pa.Check.isin(list(col.allowed), name="allowed"))
        if col.kind == "code" and strict_codes:
            checks.append(pa.Check(groups.is_valid_ethnic_code, element_wise=True, name="ethnic_code"))
        if col.minimum is not None:
            checks.append(pa.Check.ge(col.minimum, name="minimum"))
        if col.maximum is not None:
            checks.append(pa.Check.le(col.maximum, name="maximum"))
        cols[col.name] = pa.Column(None, checks=checks, nullable=col.nullable, unique=col.unique, required=False)
    return pa.DataFrameSchema(cols, unique=list(spec.unique_together) or None, strict=False)


def _schema_problems(err: pa.errors.SchemaErrors, spec: InputSpec, raw: pd.DataFrame, file: str,
                     skip: set[tuple[int, str]]) -> list[Problem]:
    problems: list[Problem] = []
    fc = err.failure_cases
    together: set[int] = set()
    for rec in fc.itertuples(index=False):
        column, check, index = rec.column, str(rec.check), rec.index
        if index is None or pd.isna(index):
            continue
        row = int(index)
        if "multiple_fields_uniqueness" in check:
            if row not in together:
                together.add(row)
                cols = list(spec.unique_together)
                value = ", ".join(f"{c}={raw.at[row, c]}" for c in cols)
                problems.append(Problem(file, row + 2, "+".join(cols), value,
                                        "this combination appears more than once; keep one row for it"))
            continue
        if column is None or column not in raw.columns or (row, column) in skip:
            continue
        col = spec.column(column)
        value = raw.at[row, column]
        if check == "not_nullable":
            message = f"is blank but required; {col.fix()}"
        elif check == "field_uniqueness":
            message = f"appears more than once; each {column} must be unique"
        else:
            message = f"is not allowed; {col.fix()}"
        problems.append(Problem(file, row + 2, column, value, message))
    return problems


def read_input(path: str | Path, name: str, *, strict_codes: bool = True) -> pd.DataFrame:
    """Read one input file (CSV or Excel) and return it parsed and validated.

    Parameters
    ----------
    path
        The file; ``.csv`` (UTF-8) or ``.xlsx`` (first sheet).
    name
        Which input of :data:`CONTRACT` the file holds.
    strict_codes
        Reject ethnic codes outside the national list (default). With
        ``False`` they are kept and later counted as Unknown with a
        data-quality warning (metrics.md section 1.1); params key
        ``unknown_ethnic_codes: warn``.

    Returns
    -------
    pandas.DataFrame
        Declared columns in contract order (optional ones only if present),
        typed: codes and labels as ``string``, numbers ``float64``/``Int64``,
        flags ``boolean``, dates ``datetime64``.

    Raises
    ------
    InputError
        Listing every problem: file, row, column, value and the fix.
    """
    spec = CONTRACT[name]
    path = Path(path)
    file = path.name
    if not path.exists():
        raise InputError([Problem(file, None, None, None, f"file not found at {path}; provide the {spec.title.lower()} "
                                  f"file (template: docs/data-contract/templates/{name}.csv)")])
    if path.stat().st_size == 0:
        raise InputError([Problem(file, None, None, None, "the file is empty; it needs a header row naming the "
                                  f"columns (template: docs/data-contract/templates/{name}.csv)")])
    try:
        raw = _read_raw(path)
    except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
        raise InputError([Problem(file, None, None, None, f"cannot be read as a table ({exc}); save it as UTF-8 CSV "
                                  "or .xlsx")]) from exc
    problems: list[Problem] = []
    missing = [c.name for c in spec.columns if c.required and c.name not in raw.columns]
    for m in missing:
        problems.append(Problem(file, None, m, None, f"required column is missing; add it ({spec.column(m).description})"))
    if len(raw) < spec.min_rows:
        problems.append(Problem(file, None, None, None, f"the file has no data rows; the {spec.title.lower()} needs at "
                                "least one"))
    if problems:
        raise InputError(problems)

    present = [c.name for c in spec.columns if c.name in raw.columns]
    parsed = pd.DataFrame(index=raw.index)
    for name_ in present:
        parsed[name_], col_problems = _parse(spec.column(name_), raw[name_], file)
        problems += col_problems
    skip = {(p.row - 2, p.column) for p in problems if p.row is not None and p.column is not None}
    try:
        _schema(spec, present, strict_codes).validate(parsed, lazy=True)
    except pa.errors.SchemaErrors as err:
        problems += _schema_problems(err, spec, raw, file, skip)
    for column, ok, message in spec.row_checks:
        if column not in parsed.columns:
            continue
        good = ok(parsed).fillna(True).astype(bool)
        for idx in parsed.index[~good]:
            problems.append(Problem(file, int(idx) + 2, column, raw.at[idx, column], message))
    if problems:
        problems.sort(key=lambda p: (p.row or 0, p.column or ""))
        raise InputError(problems)
    return parsed


def input_path(folder: str | Path, name: str) -> Path:
    """The file of input ``name`` in ``folder``: ``name.csv``, else ``name.xlsx``."""
    folder = Path(folder)
    for suffix in _SUFFIXES:
        candidate = folder / f"{name}{suffix}"
        if candidate.exists():
            return candidate
    return folder / f"{name}.csv"


def load_year(
    data_dir: str | Path, year: int, names: Sequence[str] = INPUT_NAMES, *, strict_codes: bool = True
) -> dict[str, pd.DataFrame]:
    """Read the inputs of one reporting year from ``<data_dir>/<year>/``.

    Problems in all files are gathered and raised together as one
    :class:`InputError`; file names in it are prefixed with the year folder.
    """
    folder = Path(data_dir) / str(year)
    out: dict[str, pd.DataFrame] = {}
    problems: list[Problem] = []
    for name in names:
        path = input_path(folder, name)
        try:
            out[name] = read_input(path, name, strict_codes=strict_codes)
        except InputError as err:
            problems += [Problem(f"{year}/{p.file}", p.row, p.column, p.value, p.message) for p in err.problems]
    if problems:
        raise InputError(problems)
    return out


def load_years(
    data_dir: str | Path, years: Iterable[int], name: str, *, strict_codes: bool = True
) -> dict[int, pd.DataFrame]:
    """Read one input for several years; years without the file are left out."""
    out: dict[int, pd.DataFrame] = {}
    problems: list[Problem] = []
    for year in years:
        path = input_path(Path(data_dir) / str(year), name)
        if not path.exists():
            continue
        try:
            out[year] = read_input(path, name, strict_codes=strict_codes)
        except InputError as err:
            problems += [Problem(f"{year}/{p.file}", p.row, p.column, p.value, p.message) for p in err.problems]
    if problems:
        raise InputError(problems)
    return out


# --- Trust parameters -------------------------------------------------------

_CODE = re.compile(r"^[A-Z0-9]{3,6}$")


@dataclass(frozen=True)
class TrustParams:
    """A trust's settings, read from ``params/<trust_code>.yaml``."""

    trust_code: str
    trust_name: str
    trust_type: str
    region: str
    system: str
    data_dir: Path
    years: tuple[int, ...]
    report_year: int
    synthetic: bool = False
    bme_label: str = "BME"
    strict_codes: bool = True
    sdc: dict[str, Any] = field(default_factory=dict)
    notebooks: tuple[str, ...] = ("pay_gaps",)
    source: Path | None = None
    reference_data: Path | None = None
    pay_gap_references: dict[str, str] = field(default_factory=dict)
    ethnicity_level: str = "census5"
    pay_gap_targets: tuple[dict[str, Any], ...] = ()
    wdes_engagement: dict[str, float] = field(default_factory=dict)
    wdes_9b: dict[str, str] = field(default_factory=dict)
    rl_window_years: int = 2
    hia6_targets: tuple[dict[str, Any], ...] = ()
    catchment_las: tuple[str, ...] | dict[str, float] = ()
    peer_count: int = 3

    def sdc_setting(self, key: str, default: Any) -> Any:
        return self.sdc.get(key, default)


_PARAM_KEYS = {
    "trust_code": str, "trust_name": str, "trust_type": str, "region": str, "system": str, "data_dir": str,
    "years": list, "report_year": int,
}
_OPTIONAL_KEYS = {"synthetic": bool, "bme_label": str, "unknown_ethnic_codes": str, "sdc": dict, "notebooks": list,
                  "reference_data": str, "pay_gap_references": dict, "ethnicity_level": str, "pay_gap_targets": list,
                  "wdes_engagement": dict, "wdes_9b": dict, "rl_window_years": int, "hia6_targets": list,
                  "catchment_las": (list, dict), "peer_count": int}
#: Default reference group of each characteristic in the pay gap report (metrics.md section 7).
PAY_GAP_REFERENCES: dict[str, str] = {
    "sex": "Male", "ethnicity": "White", "disability": "Non-disabled",
    "sexual_orientation": "Heterosexual or Straight", "religion": "Christianity", "age_band": "35-44",
}
_TARGET_KEYS = {"characteristic": str, "measure": str, "target": (int, float), "target_year": int}


def load_params(path: str | Path, *, data_dir: str | Path | None = None) -> TrustParams:
    """Read and check a trust's params file.

    ``data_dir`` in the file is relative to the file's folder; the
    ``data_dir`` argument, when given, overrides it.

    Raises
    ------
    InputError
        Listing every missing key, wrong type or bad value.
    """
    path = Path(path)
    file = path.name
    if not path.exists():
        raise InputError([Problem(file, None, None, None, f"params file not found at {path}; copy one from params/ "
                                  "and edit it")])
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise InputError([Problem(file, None, None, None, f"is not valid YAML: {exc}")]) from exc
    problems = []
    if not isinstance(raw, Mapping):
        raise InputError([Problem(file, None, None, None, "must be a YAML mapping of key: value lines")])
    for key, typ in _PARAM_KEYS.items():
        if key not in raw:
            problems.append(Problem(file, None, key, None, f"required key is missing; add '{key}: ...'"))
        elif not isinstance(raw[key], typ):
            problems.append(Problem(file, None, key, str(raw[key]), f"must be a {typ.__name__}"))
    for key, typ in _OPTIONAL_KEYS.items():
        if key in raw and not isinstance(raw[key], typ):
            names = " or ".join(t.__name__ for t in typ) if isinstance(typ, tuple) else typ.__name__
            problems.append(Problem(file, None, key, str(raw[key]), f"must be a {names}"))
    unknown = sorted(set(raw) - set(_PARAM_KEYS) - set(_OPTIONAL_KEYS))
    for key in unknown:
        problems.append(Problem(file, None, key, None, "unknown key; check its spelling (see params/README.md)"))
    if not problems:
        if not _CODE.match(raw["trust_code"]):
            problems.append(Problem(file, None, "trust_code", raw["trust_code"], "use the 3-6 character upper-case "
                                    "organisation code"))
        if raw["trust_code"] != path.stem:
            problems.append(Problem(file, None, "trust_code", raw["trust_code"], f"must match the file name "
                                    f"({path.stem}.yaml)"))
        if not all(isinstance(y, int) for y in raw["years"]) or not raw["years"]:
            problems.append(Problem(file, None, "years", str(raw["years"]), "list the snapshot years, e.g. [2024, 2025]"))
        elif raw["report_year"] not in raw["years"]:
            problems.append(Problem(file, None, "report_year", str(raw["report_year"]), "must be one of 'years'"))
        for key in sorted(set(raw.get("pay_gap_references", {})) - set(PAY_GAP_REFERENCES)):
            problems.append(Problem(file, None, "pay_gap_references", key, "unknown characteristic; use one of "
                                    + ", ".join(PAY_GAP_REFERENCES)))
        if raw.get("ethnicity_level", "census5") not in ("binary", "census5", "detailed"):
            problems.append(Problem(file, None, "ethnicity_level", str(raw["ethnicity_level"]),
                                    "use 'binary', 'census5' or 'detailed'"))
        for i, target in enumerate(raw.get("pay_gap_targets", [])):
            where = f"pay_gap_targets[{i}]"
            if not isinstance(target, dict):
                problems.append(Problem(file, None, where, str(target), "each target is a mapping"))
                continue
            for key, typ in _TARGET_KEYS.items():
                if not isinstance(target.get(key), typ):
                    problems.append(Problem(file, None, f"{where}.{key}", str(target.get(key)), "required; e.g. "
                                            "{characteristic: sex, measure: median_gap, target: 5.0, target_year: 2030}"))
            if target.get("characteristic") not in ("sex", "ethnicity", "disability"):
                problems.append(Problem(file, None, f"{where}.characteristic", str(target.get("characteristic")),
                                        "use sex, ethnicity or disability"))
            if target.get("measure") not in ("mean_gap", "median_gap"):
                problems.append(Problem(file, None, f"{where}.measure", str(target.get("measure")),
                                        "use mean_gap or median_gap"))
            extra = sorted(set(target) - set(_TARGET_KEYS) - {"baseline_year", "baseline_value"})
            if extra:
                problems.append(Problem(file, None, where, ", ".join(extra), "unknown key(s) in the target"))
        for i, target in enumerate(raw.get("hia6_targets", [])):
            where = f"hia6_targets[{i}]"
            if not isinstance(target, dict) or not {"measure", "baseline_year", "target_year"} <= set(target):
                problems.append(Problem(file, None, where, str(target), "needs measure, baseline_year and target_year "
                                        "(survey years), and target_value, relative_reduction, annual_reduction or "
                                        "type: gap with dimension, focus and reference"))
                continue
            ways = {"target_value", "relative_reduction", "annual_reduction"} & set(target)
            if target.get("type") == "gap":
                if not {"dimension", "focus", "reference"} <= set(target):
                    problems.append(Problem(file, None, where, str(target), "a gap target needs dimension, focus and "
                                            "reference (e.g. Ethnicity, BME, White)"))
            elif len(ways) != 1:
                problems.append(Problem(file, None, where, str(target), "give exactly one of target_value, "
                                        "relative_reduction or annual_reduction"))
        if raw.get("rl_window_years", 2) < 1:
            problems.append(Problem(file, None, "rl_window_years", str(raw["rl_window_years"]), "use 1 or more years"))
        if raw.get("wdes_9b") and raw["wdes_9b"].get("answer") not in ("Yes", "No"):
            problems.append(Problem(file, None, "wdes_9b.answer", str(raw["wdes_9b"].get("answer")), "use Yes or No"))
        if raw.get("unknown_ethnic_codes", "error") not in ("error", "warn"):
            problems.append(Problem(file, None, "unknown_ethnic_codes", raw["unknown_ethnic_codes"],
                                    "use 'error' or 'warn'"))
    if problems:
        raise InputError(problems)
    folder = Path(data_dir) if data_dir else (path.parent / raw["data_dir"])
    return TrustParams(
        trust_code=raw["trust_code"],
        trust_name=raw["trust_name"],
        trust_type=raw["trust_type"],
        region=raw["region"],
        system=raw["system"],
        data_dir=folder.resolve(),
        years=tuple(sorted(raw["years"])),
        report_year=raw["report_year"],
        synthetic=raw.get("synthetic", False),
        bme_label=raw.get("bme_label", "BME"),
        strict_codes=raw.get("unknown_ethnic_codes", "error") == "error",
        sdc=dict(raw.get("sdc", {})),
        notebooks=tuple(raw.get("notebooks", ["pay_gaps"])),
        source=path.resolve(),
        reference_data=(path.parent / raw["reference_data"]).resolve() if raw.get("reference_data") else None,
        pay_gap_references={**PAY_GAP_REFERENCES, **raw.get("pay_gap_references", {})},
        ethnicity_level=raw.get("ethnicity_level", "census5"),
        pay_gap_targets=tuple(raw.get("pay_gap_targets", [])),
        wdes_engagement=dict(raw.get("wdes_engagement", {})),
        wdes_9b=dict(raw.get("wdes_9b", {})),
        rl_window_years=int(raw.get("rl_window_years", 2)),
        hia6_targets=tuple(raw.get("hia6_targets", [])),
        catchment_las=(dict(raw["catchment_las"]) if isinstance(raw.get("catchment_las"), dict)
                       else tuple(raw.get("catchment_las", ()))),
        peer_count=int(raw.get("peer_count", 3)),
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m edi_analysis validate PARAMS...``: check every input of each trust, write nothing."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m edi_analysis validate",
                                     description="Check a trust's input files against the data contract.")
    parser.add_argument("params", nargs="+", type=Path, help="params file(s), e.g. params/SYN01.yaml")
    args = parser.parse_args(argv)
    failed = 0
    for pfile in args.params:
        try:
            params = load_params(pfile)
            for year in params.years:
                load_year(params.data_dir, year, strict_codes=params.strict_codes)
            for name in OPTIONAL_INPUTS:
                load_years(params.data_dir, params.years, name, strict_codes=params.strict_codes)
        except InputError as err:
            failed += 1
            print(f"{pfile}: NOT VALID\n{err}")
            continue
        print(f"{pfile}: all inputs valid for {', '.join(map(str, params.years))}")
    return 1 if failed else 0


# --- Published gender pay gap returns (GOV.UK gender pay gap service) --------

GPG_DOWNLOAD_URL = "https://gender-pay-gap.service.gov.uk/viewing/download"
GPG_EXTRACT = "gpg_nhs_trusts_2017-18_to_2024-25.csv"
_GPG_COLUMNS = {
    "EmployerName": "employer_name", "CurrentName": "current_name", "EmployerId": "employer_id",
    "ReportingYear": "reporting_year", "SicCodes": "sic_codes",
    "DiffMeanHourlyPercent": "mean_gap", "DiffMedianHourlyPercent": "median_gap",
    "DiffMeanBonusPercent": "mean_bonus_gap", "DiffMedianBonusPercent": "median_bonus_gap",
    "MaleBonusPercent": "male_bonus_pct", "FemaleBonusPercent": "female_bonus_pct",
    "FemaleLowerQuartile": "female_lower_pct", "FemaleLowerMiddleQuartile": "female_lower_middle_pct",
    "FemaleUpperMiddleQuartile": "female_upper_middle_pct", "FemaleTopQuartile": "female_top_pct",
    "EmployerSize": "employer_size", "SubmittedAfterTheDeadline": "submitted_late",
    "DueDate": "due_date", "DateSubmitted": "date_submitted",
}
_GPG_NUMBERS = ("mean_gap", "median_gap", "mean_bonus_gap", "median_bonus_gap", "male_bonus_pct", "female_bonus_pct",
                "female_lower_pct", "female_lower_middle_pct", "female_upper_middle_pct", "female_top_pct")
# The service's downloads have used three date layouts over the years.
_GPG_DATE_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y/%m/%d %H:%M:%S", "%d-%m-%Y %H:%M", "ISO8601")


def _gpg_dates(values: pd.Series) -> pd.Series:
    out = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    for fmt in _GPG_DATE_FORMATS:
        todo = out.isna() & (values != "")
        if not todo.any():
            break
        out[todo] = pd.to_datetime(values[todo], format=fmt, errors="coerce")
    return out


def read_gpg_returns(path: str | Path, reporting_year: str | None = None) -> pd.DataFrame:
    """Read a GOV.UK gender pay gap download (any year's layout, CSV or .csv.gz) into one tidy shape.

    Handles what differs between years: 23, 25 or 27 columns, three date
    layouts, booleans as ``True``/``TRUE``, values a spreadsheet re-saved
    without quotes, and newlines inside ``SicCodes``.

    Parameters
    ----------
    path
        A yearly download ("UK Gender Pay Gap Data - 2024 to 2025.csv") or
        the NHS extract with a ``ReportingYear`` column.
    reporting_year
        E.g. ``"2024-25"``; taken from the ``ReportingYear`` column or the
        file name when not given.

    Returns
    -------
    pandas.DataFrame
        Columns ``employer_name``, ``current_name``, ``employer_id``,
        ``reporting_year``, ``snapshot_year`` (the year of the 31 March
        public-sector snapshot, e.g. 2024 for 2024-25), the gap and quartile
        percentages as floats, ``submitted_late`` (boolean) and the dates.

    Raises
    ------
    InputError
        When required columns are missing or a number cannot be read.
    """
    path = Path(path)
    file = path.name
    if not path.exists():
        raise InputError([Problem(file, None, None, None, f"file not found at {path}; download the returns from "
                                  f"{GPG_DOWNLOAD_URL}")])
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig")
    raw.columns = [c.strip() for c in raw.columns]
    missing = [c for c in ("EmployerName", "DiffMeanHourlyPercent", "DiffMedianHourlyPercent") if c not in raw.columns]
    if missing:
        raise InputError([Problem(file, None, c, None, "required column of the gender pay gap download is missing; "
                                  "is this a GOV.UK gender pay gap file?") for c in missing])
    out = pd.DataFrame(index=raw.index)
    for src, dst in _GPG_COLUMNS.items():
        out[dst] = raw[src].str.strip() if src in raw.columns else ""
    if not (out["reporting_year"] != "").all():
        year = reporting_year
        if year is None:
            m = re.search(r"(20\d\d)[-_ to]+(?:20)?(\d\d)", file)
            year = f"{m.group(1)}-{m.group(2)}" if m else None
        if year is None:
            raise InputError([Problem(file, None, "ReportingYear", None, "no reporting year in the file or its name; "
                                      "pass reporting_year, e.g. '2024-25'")])
        out.loc[out["reporting_year"] == "", "reporting_year"] = year
    out["snapshot_year"] = out["reporting_year"].str[:4].astype(int)
    problems = []
    for col in _GPG_NUMBERS:
        values = pd.to_numeric(out[col].where(out[col] != ""), errors="coerce")
        for idx in out.index[values.isna() & (out[col] != "")][:20]:
            problems.append(Problem(file, int(idx) + 2, col, out.at[idx, col], "cannot be read as a number"))
        out[col] = values.astype("float64")
    if problems:
        raise InputError(problems)
    late = out["submitted_late"].str.lower()
    out["submitted_late"] = late.map({"true": True, "false": False}).astype("boolean")
    for col in ("due_date", "date_submitted"):
        out[col] = _gpg_dates(out[col])
    out["sic_codes"] = out["sic_codes"].str.replace(r"\s+", " ", regex=True)
    out["current_name"] = out["current_name"].where(out["current_name"] != "", out["employer_name"])
    return out


_NHS_EXCLUDE = ("CCG", "CLINICAL COMMISSIONING", "INTEGRATED CARE BOARD", "COMMISSIONING SUPPORT", "CSU", "LIMITED",
                "LTD", "TRUSTEE", "CHARIT", "DEVELOPMENT AUTHORITY", "EDUCATION CENTRE")
_NHS_BY_HAND = ("BIRMINGHAM AND SOLIHULL MENTAL HEALTH", "LEEDS COMMUNITY HEALTHCARE", "LONDON NORTH WEST UNIVERSITY HEALTHCARE",
                "ISLE OF WIGHT PRIMARY HEALTHCARE")


def select_nhs_trusts(returns: pd.DataFrame) -> pd.DataFrame:
    """Keep the rows of NHS trusts, by the name rule of ``shared/data/gender_pay_gap/SOURCE.md``.

    A name (upper case, "N H S" read as NHS) is an NHS trust when it contains
    NHS and TRUST, FT or "NHS FOUNDATION", or ends in FOUNDATION TRUST, or is
    one of four trusts without NHS in the name; commissioners, companies and
    charities are excluded.
    """
    name = returns["employer_name"].str.upper().str.replace("N H S", "NHS", regex=False).str.replace("&", "AND")
    name = name.str.replace(r"\s+", " ", regex=True).str.strip()
    words = name.str.replace(r"[^A-Z0-9 ]", " ", regex=True).str.split()
    has = words.map(set)
    rule_a = has.map(lambda w: "NHS" in w and ("TRUST" in w or "FT" in w)) | name.str.contains("NHS FOUNDATION")
    rule_b = name.str.replace(r"[^A-Z ]", "", regex=True).str.strip().str.endswith("FOUNDATION TRUST")
    rule_c = name.map(lambda n: any(h in n for h in _NHS_BY_HAND))
    excluded = name.map(lambda n: any(x in n for x in _NHS_EXCLUDE))
    return returns[(rule_a | rule_b | rule_c) & ~excluded].reset_index(drop=True)


_SURVEY_GROUP_TO_TYPE = {
    "Acute and Acute & Community Trusts": "Acute",
    "Acute Specialist Trusts": "Specialist",
    "Mental Health & Learning Disability and Mental Health, Learning Disability & Community Trusts": "Mental health",
    "Community Trusts": "Community",
    "Ambulance Trusts": "Ambulance",
}


def read_national_gpg(reference_dir: str | Path) -> pd.DataFrame:
    """Every NHS trust's published gender pay gap returns, with trust type where it can be matched.

    Reads ``<reference_dir>/gender_pay_gap/`` (the NHS extract, or else every
    yearly download in it or in ``raw_all_employers/``) and the trust lists
    in ``<reference_dir>/trust_reference/`` for types.

    Raises
    ------
    InputError
        When no returns are found, saying where to download them and where to put them.
    """
    folder = Path(reference_dir) / "gender_pay_gap"
    extract = folder / GPG_EXTRACT
    if extract.exists():
        returns = read_gpg_returns(extract)
    else:
        files = sorted(p for p in [*folder.glob("*.csv*"), *folder.glob("raw_all_employers/*.csv*")]
                       if "Gender_Pay_Gap_Data" in p.name or "Gender Pay Gap Data" in p.name)
        if not files:
            raise InputError([Problem(str(folder), None, None, None, f"no gender pay gap returns found; download the "
                                      f"yearly CSV files from {GPG_DOWNLOAD_URL} into this folder, or set "
                                      "'reference_data' in the params file to the folder that holds gender_pay_gap/")])
        returns = select_nhs_trusts(pd.concat([read_gpg_returns(p) for p in files], ignore_index=True))
    returns["trust_type"] = pd.Series(pd.NA, index=returns.index, dtype="string")
    match = folder / "gpg_nhs_employer_to_ods_code_name_match.csv"
    types = Path(reference_dir) / "trust_reference" / "nhs_trusts_from_staff_survey_latest.csv"
    if match.exists() and types.exists():
        m = pd.read_csv(match, dtype=str, keep_default_na=False)[["EmployerName", "CurrentName", "ods_code"]]
        m = m[m["ods_code"] != ""].drop_duplicates(["EmployerName", "CurrentName"])
        t = pd.read_csv(types, dtype=str, keep_default_na=False)[["ods_code", "benchmarking_group"]]
        t["trust_type"] = t["benchmarking_group"].map(_SURVEY_GROUP_TO_TYPE)
        codes = returns.merge(m, how="left", left_on=["employer_name", "current_name"],
                              right_on=["EmployerName", "CurrentName"])["ods_code"]
        returns["ods_code"] = codes.to_numpy()
        returns["trust_type"] = returns["ods_code"].map(t.set_index("ods_code")["trust_type"]).astype("string")
    return returns


# --- Published NHS Staff Survey results by trust ---------------------------------

NSS_DOWNLOAD_URL = "https://www.nhsstaffsurveys.com/results/"
_NSS_COLUMNS = {
    "Emotional_public": "harassment_public", "Emotional_manager": "harassment_managers",
    "Emotional_colleagues": "harassment_colleagues", "Physical_public": "violence_public",
    "Physical_manager": "violence_managers", "Physical_colleagues": "violence_colleagues",
    "Discrimination_public": "discrimination_public", "Discrimination_internal": "discrimination_staff",
}


def read_national_nss(reference_dir: str | Path) -> pd.DataFrame:
    """Every NHS trust's published staff survey results for the harassment, violence and discrimination items.

    Reads ``<reference_dir>/nhs_staff_survey/nss_org_results_2021_2024_clean.csv`` (organisation-level
    results, one row per organisation and year) and keeps NHS trusts.

    Returns
    -------
    pandas.DataFrame
        ``ods_code``, ``survey_year``, ``org_name``, ``trust_type`` (Acute, Specialist, Mental health,
        Community, Ambulance), ``region``, ``system`` and, per measure (e.g. ``harassment_public``), the
        percentage and ``<measure>_base``.

    Raises
    ------
    InputError
        When the file is not there, saying where to get it.
    """
    path = Path(reference_dir) / "nhs_staff_survey" / "nss_org_results_2021_2024_clean.csv"
    if not path.exists():
        raise InputError([Problem(str(path), None, None, None, "staff survey results by trust not found; download "
                                  f"the organisation results from {NSS_DOWNLOAD_URL} or set 'reference_data' in the "
                                  "params file to the folder that holds nhs_staff_survey/")])
    raw = pd.read_csv(path, dtype={"ods_code": str})
    needed = ["ods_code", "Year", "org_name", "benchmarking_group"] + [f"{c}_rate" for c in _NSS_COLUMNS]
    missing = [c for c in needed if c not in raw.columns]
    if missing:
        raise InputError([Problem(path.name, None, c, None, "column missing from the staff survey results file")
                          for c in missing])
    trusts = raw[raw["benchmarking_group"].astype(str).str.contains("Trust")]
    out = pd.DataFrame({
        "ods_code": trusts["ods_code"], "survey_year": trusts["Year"].astype(int), "org_name": trusts["org_name"],
        "trust_type": trusts["benchmarking_group"].map(_SURVEY_GROUP_TO_TYPE).astype("string"),
        "region": trusts.get("nhs_region_clean"), "system": trusts.get("ics_or_stp_clean"),
    })
    for src, dst in _NSS_COLUMNS.items():
        out[dst] = pd.to_numeric(trusts[f"{src}_rate"], errors="coerce")
        out[f"{dst}_base"] = pd.to_numeric(trusts.get(f"{src}_base"), errors="coerce")
    return out.reset_index(drop=True)


@dataclass(frozen=True)
class ReportSettings:
    """What every report needs first: the trust's params, the disclosure mode and the years up to the report year."""

    params: TrustParams
    mode: str
    min_count: int
    years: tuple[int, ...]


def report_settings(trust_code: str, year: int, *, params_dir: str | Path, data_dir: str | Path | None = None,
                    sdc_mode: str | None = None) -> ReportSettings:
    """Read ``<params_dir>/<trust_code>.yaml`` and check the year and disclosure mode a report was asked for.

    Raises
    ------
    InputError
        When the params file is invalid, the year is not among its years, or the mode is not publish or internal.
    """
    params = load_params(Path(params_dir) / f"{trust_code}.yaml", data_dir=data_dir or None)
    if year not in params.years:
        raise InputError([Problem(f"{trust_code}.yaml", None, "years", str(year),
                                  f"the report year is not among the years listed {list(params.years)}")])
    mode = sdc_mode or params.sdc_setting("mode", "publish")
    if mode not in ("publish", "internal"):
        raise InputError([Problem("parameters", None, "sdc_mode", str(mode), "use 'publish' or 'internal'")])
    return ReportSettings(params, mode, int(params.sdc_setting("min_count", 5)),
                          tuple(y for y in params.years if y <= year))


# --- Census 2021 population and trust catchments ------------------------------------

CENSUS_URL = "https://www.ons.gov.uk/datasets/TS021/editions/2021/versions/3"
_CENSUS_PREFIX = {
    "Asian, Asian British or Asian Welsh": "Asian",
    "Black, Black British, Black Welsh, Caribbean or African": "Black",
    "Mixed or Multiple ethnic groups": "Mixed",
    "White": "White",
    "Other ethnic group": "Other",
}


def read_census_ethnicity(reference_dir: str | Path) -> pd.DataFrame:
    """Census 2021 ethnic group (TS021) by lower-tier local authority, in the five groups the reports use.

    Reads the long table ``census2021_la/census2021_ts021_ethnic_group_ltla21_long_demographr.csv`` (the
    19 ONS categories as counts) and adds the categories up to Census 2021's five groups, as metrics.md
    section 1.1 maps them (Chinese within Asian; Arab within Other).

    Returns
    -------
    pandas.DataFrame
        Index ``ltla21_code``; ``ltla21_name``, counts ``White``, ``Mixed``, ``Asian``, ``Black``,
        ``Other``, ``White British`` and ``total``.

    Raises
    ------
    InputError
        When the file is missing (saying where to get it) or has an unexpected category.
    """
    path = Path(reference_dir) / "census2021_la" / "census2021_ts021_ethnic_group_ltla21_long_demographr.csv"
    if not path.exists():
        raise InputError([Problem(str(path), None, None, None, "Census 2021 ethnic group by local authority not found; "
                                  f"download TS021 from {CENSUS_URL} or set 'reference_data' in the params file")])
    long = pd.read_csv(path, dtype={"ltla21_code": str})
    counts = long[long["ethnic_group"].str.endswith("(number)")].copy()
    category = counts["ethnic_group"].str.removesuffix(" (number)")
    prefix = category.str.split(":").str[0]
    unknown = sorted(set(prefix) - set(_CENSUS_PREFIX))
    if unknown:
        raise InputError([Problem(path.name, None, "ethnic_group", u, "not a Census 2021 TS021 category") for u in unknown])
    counts["group"] = prefix.map(_CENSUS_PREFIX)
    wide = counts.pivot_table(index="ltla21_code", columns="group", values="value", aggfunc="sum")
    wide = wide[["White", "Mixed", "Asian", "Black", "Other"]]
    british = counts[category == "White: English, Welsh, Scottish, Northern Irish or British"]
    wide["White British"] = british.set_index("ltla21_code")["value"]
    wide["total"] = wide[["White", "Mixed", "Asian", "Black", "Other"]].sum(axis=1)
    wide.insert(0, "ltla21_name", counts.drop_duplicates("ltla21_code").set_index("ltla21_code")["ltla21_name"])
    return wide


def read_catchments(reference_dir: str | Path) -> pd.DataFrame:
    """OHID acute trust catchments: the share of each trust's patients from each local authority (LTLA21).

    Returns
    -------
    pandas.DataFrame
        ``trust_code``, ``ltla21_code``, ``share`` (adds up to 1 for each trust).
    """
    path = Path(reference_dir) / "trust_catchments" / "ohid_acute_trust_catchment_ltla21_geographr.csv"
    if not path.exists():
        raise InputError([Problem(str(path), None, None, None, "trust catchment table not found; it comes from OHID's "
                                  "'NHS Acute (Hospital) Trust Catchment Populations', or set 'catchment_las' in the "
                                  "params file")])
    raw = pd.read_csv(path, dtype={"nhs_trust22_code": str, "ltla21_code": str})
    return raw.rename(columns={"nhs_trust22_code": "trust_code", "proportion_trust_came_from_ltla": "share"})
