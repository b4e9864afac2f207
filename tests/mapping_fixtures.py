"""Turn a synthetic trust's contract-form files into exports as an HR system gives them (ESR, TRAC).

The value lists here are written out by hand from the systems' own wording, not read from the presets, so
that a wrong preset entry makes the round trip fail instead of agreeing with itself.
"""

import shutil
from pathlib import Path

import numpy as np
import pandas as pd

ESR_ETHNIC = {
    "A": "A - White - British", "B": "B - White - Irish", "C": "C - White - Any other White background",
    "D": "D - Mixed - White and Black Caribbean", "E": "E - Mixed - White and Black African",
    "F": "F - Mixed - White and Asian", "G": "G - Mixed - Any other mixed background",
    "H": "H - Asian or Asian British - Indian", "J": "J - Asian or Asian British - Pakistani",
    "K": "K - Asian or Asian British - Bangladeshi", "L": "L - Asian or Asian British - Any other Asian background",
    "M": "M - Black or Black British - Caribbean", "N": "N - Black or Black British - African",
    "P": "P - Black or Black British - Any other Black background", "R": "R - Chinese",
    "S": "S - Any Other Ethnic Group", "Z": "Not Stated", "99": "Unspecified", "": "",
}
ESR_DISABILITY = {"Yes": "Yes", "No": "No", "Not declared": "Not Declared", "Prefer not to say": "Prefer not to say",
                  "": ""}
ESR_RELIGION = {"Not declared": "Unspecified", "Prefer not to say": "I do not wish to disclose my religion/belief"}
ESR_ORIENTATION = {"Other sexual orientation": "Other sexual orientation not listed", "Not declared": "Unspecified",
                   "Prefer not to say": "I do not wish to disclose my sexual orientation"}
ESR_BAND = {"VSM": "Very Senior Manager", "Medical consultant": "Consultant",
            "Medical career grade": "Specialty Doctor", "Medical trainee": "Specialty Registrar"}
ESR_STAFF_GROUP = {
    "Administrative and clerical": "Administrative and Clerical", "Allied health professionals": "Allied Health "
    "Professionals", "Estates and ancillary": "Estates and Ancillary", "Healthcare support": "Additional Clinical "
    "Services", "Medical and dental": "Medical and Dental", "Nursing and midwifery": "Nursing and Midwifery "
    "Registered", "Scientific and technical": "Add Prof Scientific and Technic",
}
TRAC_ETHNIC = {
    "A": "White - British", "B": "White - Irish", "C": "White - Any other White background",
    "D": "Mixed - White and Black Caribbean", "E": "Mixed - White and Black African",
    "F": "Mixed - White and Asian", "G": "Mixed - Any other mixed background",
    "H": "Asian or Asian British - Indian", "J": "Asian or Asian British - Pakistani",
    "K": "Asian or Asian British - Bangladeshi", "L": "Asian or Asian British - Any other Asian background",
    "M": "Black or Black British - Caribbean", "N": "Black or Black British - African",
    "P": "Black or Black British - Any other Black background", "R": "Chinese", "S": "Any other ethnic group",
    "Z": "I do not wish to disclose my ethnic origin", "99": "Not known", "": "",
}
TRAC_DISABILITY = {"Yes": "Yes", "No": "No", "": "",
                   "Prefer not to say": "I do not wish to disclose whether or not I have a disability"}


def _band(value: str) -> str:
    return ESR_BAND.get(value, f"Band {value.upper()}" if value else "")


def esr_staff(staff: pd.DataFrame) -> pd.DataFrame:
    """A contract-form staff table (all text) as an ESR-style export, with pay elements instead of hourly_rate.

    Pay elements are chosen so that the statutory formula gives back the same hourly rate: monthly pay at the
    contracted hours; bank staff (no contracted hours) paid weekly on 12-week variable hours of 90; no rate
    (blank) is 0 pay at 0 weekly hours.
    """
    rate = pd.to_numeric(staff["hourly_rate"].replace("", np.nan))
    hours = pd.to_numeric(staff["contracted_hours"])
    has_rate = rate.notna()
    variable = has_rate & (hours == 0)
    monthly = has_rate & ~variable
    ordinary = pd.Series(0.0, index=staff.index)
    ordinary[monthly] = rate[monthly] * hours[monthly] * 30.44 / 7
    ordinary[variable] = rate[variable] * 90 / 12
    basic = (ordinary * 0.875).round(2)
    start = pd.to_datetime(staff["start_date"]).dt.strftime("%d-%b-%Y").str.upper()
    return pd.DataFrame({
        "Pseudonymised Employee Number": staff["staff_id"],
        "Gender": staff["sex"],
        "Ethnic Origin": staff["ethnic_code"].map(ESR_ETHNIC),
        "Disability Flag": staff["disability"].map(ESR_DISABILITY),
        "Age Band (10 Years)": staff["age_band"],
        "Religious Belief": staff["religion"].map(lambda v: ESR_RELIGION.get(v, v)),
        "Sexual Orientation": staff["sexual_orientation"].map(lambda v: ESR_ORIENTATION.get(v, v)),
        "Pay Band": staff["pay_band"].map(_band),
        "Staff Group": staff["occupation"].map(ESR_STAFF_GROUP),
        "Org L4": staff["directorate"],
        "Assignment Category": np.where(staff["bank"].str.lower() == "true", "Bank", "Permanent"),
        "Contracted Hours": staff["contracted_hours"],
        "Payroll Frequency": np.where(variable, "Week", "Calendar Month"),
        "Weekly Hours (Pay Period)": np.where(variable, "", np.where(has_rate, staff["contracted_hours"], "0")),
        "Hours Worked (12 Weeks)": np.where(variable, "90", ""),
        "Basic Pay": basic.map(repr),
        "Allowances": (ordinary - basic).map(repr),
        "Full Pay Relevant": staff["full_pay_relevant"],
        "Bonus Pay (12 Months)": staff["bonus_pay_12m"],
        "Bonus Award Type": staff["bonus_award_type"],
        "International Recruit": staff["international_recruit"],
        "Date First Hired": start,
        "Assignment Number": [f"{i:08d}-2" for i in range(len(staff))],  # an ESR column the contract does not use
    })


def trac_recruitment(rec: pd.DataFrame) -> pd.DataFrame:
    """A contract-form recruitment table (all text) as a TRAC-style export with one 'stage reached' column."""
    short, appointed = rec["shortlisted"].str.lower() == "true", rec["appointed"].str.lower() == "true"
    stage = np.where(appointed, "Appointed", np.where(short, "Interviewed", "Not shortlisted"))
    return pd.DataFrame({
        "Application Reference": rec["application_id"], "Job Reference": rec["vacancy_id"],
        "Date Submitted": pd.to_datetime(rec["application_date"]).dt.strftime("%d/%m/%Y"),
        "Band": rec["pay_band"].map(lambda v: "Consultant" if v == "Medical consultant" else
                                    "Specialty Doctor" if v == "Medical career grade" else
                                    "Trainee Doctor" if v == "Medical trainee" else
                                    "Very Senior Manager" if v == "VSM" else f"Band {v}" if v else "Not banded"),
        "Gender": rec["sex"], "Ethnic Group": rec["ethnic_code"].map(TRAC_ETHNIC),
        "Disability": rec["disability"].map(TRAC_DISABILITY), "Age Range": rec["age_band"],
        "Stage Reached": stage,
    })


def export_trust(source: Path, target: Path) -> None:
    """Copy a synthetic trust's year folders, with staff and recruitment as ESR and TRAC exports."""
    shutil.copytree(source, target)
    for folder in sorted(p for p in target.iterdir() if p.is_dir()):
        for name, convert in (("staff", esr_staff), ("recruitment", trac_recruitment)):
            path = folder / f"{name}.csv"
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            convert(frame).to_csv(path, index=False)
