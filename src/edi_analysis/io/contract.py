"""The data contract: every input's columns, their types, allowed values and how to fix a bad one.

Each input of ``docs/data-contract/`` is declared once here; readers and
validation are built from these declarations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from ..metrics import groups

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

#: Staff columns from which ``hourly_rate`` is worked out when the file does not give it
#: (metrics.md section 7): both of these, plus one of :data:`HOURS_ELEMENTS`.
PAY_ELEMENTS: tuple[str, ...] = ("ordinary_pay", "pay_period_days")
#: Weekly working hours, contractual or (for variable hours) the 12-week total; one is needed per row.
HOURS_ELEMENTS: tuple[str, ...] = ("weekly_hours", "hours_12_weeks")


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
                    "allowed, e.g. C1), Z for not stated, or 99 / blank for not known, or the code's published "
                    "description with or without the code (e.g. 'White - British' or 'C - White - Any other White "
                    "background'); free text such as 'Asian' or 'White British' is not a code")
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
        Column("ethnic_code", "code", "NHS ethnic category code (one letter, optional local second character), or its "
               "published description.",
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
               "there were no working hours. Optional when the pay elements below are given instead: it is then "
               "worked out from them.", required=False, nullable=True, minimum=0, example="17.85"),
        # The pay elements: the alternative to hourly_rate (metrics.md section 7, SI 2017/353 Sch. 1 paras 6-7).
        Column("ordinary_pay", "float",
               "Ordinary pay in the pay period containing the snapshot date (gross, after salary sacrifice; no "
               "overtime). Needed when hourly_rate is not given.", required=False, nullable=True, minimum=0,
               example="2910.83"),
        Column("pay_period_days", "float",
               "Days in that pay period: 30.44 for a month, 7 for a week, 14 fortnightly, 28 four-weekly. Needed "
               "when hourly_rate is not given.", required=False, nullable=True, minimum=1, maximum=366,
               example="30.44"),
        Column("weekly_hours", "float",
               "Contractual weekly working hours for the pay period; blank for variable hours (then "
               "hours_12_weeks is used). Needed, or hours_12_weeks, when hourly_rate is not given.",
               required=False, nullable=True, minimum=0, maximum=168, example="37.5"),
        Column("hours_12_weeks", "float",
               "Variable hours: total hours worked in the 12 weeks ending with the last complete week of the pay "
               "period; weekly hours = hours_12_weeks / 12. Used only where weekly_hours is blank.",
               required=False, nullable=True, minimum=0, maximum=2016, example=""),
        Column("bonus_in_period", "float",
               "Bonus pay received in the pay period (the whole amount paid; it is pro-rated using "
               "bonus_relates_to_days); blank or 0 for none.", required=False, nullable=True, minimum=0,
               example="0"),
        Column("bonus_relates_to_days", "float",
               "Days the bonus in the period relates to (365 for a year's award); needed when bonus_in_period > 0.",
               required=False, nullable=True, minimum=1, example=""),
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
        Column("application_date", "date", "Date the application was made.", example="2025-06-14"),
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
               "investigation).", example="2025-11-03"),
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
        Column("activity_date", "date", "Date the activity started.", example="2025-05-20"),
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
        Column("incident_date", "date", "Date of the incident.", example="2026-01-14"),
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


