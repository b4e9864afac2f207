"""National reference data: published gender pay gap returns, NHS Staff Survey results, Census 2021 and catchments."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem
from ..metrics.population import catchment_mix, trust_catchment
from .params import TrustParams

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
    """Keep the rows of NHS trusts, by employer name (the rule behind ``data/reference/gender_pay_gap/``).

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


def trust_mix(params: TrustParams) -> tuple[pd.Series | None, str]:
    """A trust's catchment ethnic mix from the files in ``reference_data``, or why it cannot be had.

    Returns
    -------
    tuple
        (:func:`catchment_mix` result, where the catchment came from and its areas), or (None, the reason and
        what to do about it).
    """
    if params.reference_data is None:
        return None, ("Census 2021 data is not configured: set 'reference_data' in the params file to the folder "
                      f"holding census2021_la/ (TS021 from {CENSUS_URL}).")
    try:
        census = read_census_ethnicity(params.reference_data)
    except InputError as err:
        return None, err.problems[0].message
    try:
        catchments = read_catchments(params.reference_data)
    except InputError:
        catchments = None
    shares, source = trust_catchment(params.trust_code, catchments, params.catchment_las)
    if not shares:
        return None, ("The trust's catchment is not known: list its local authorities in 'catchment_las' in the "
                      "params file (OHID's catchments cover acute trusts only).")
    try:
        mix = catchment_mix(shares, census)
    except KeyError as exc:
        return None, str(exc)
    names = ", ".join(census.loc[list(shares), "ltla21_name"].astype(str)) if len(shares) <= 6 else f"{len(shares)} areas"
    return mix, f"{source}: {names}"


def load_benchmark(path: str | Path) -> pd.DataFrame | None:
    """The run's benchmark data set (``reports/<year>/benchmark.csv``), or None when the run made none.

    It holds every trust's headline figures as their reports publish them (hidden figures blank).
    """
    path = Path(path) if path else None
    if path is None or not path.exists() or path.is_dir():
        return None
    return pd.read_csv(path, dtype={"trust_code": str, "group": str, "trust_name": str, "system": str, "region": str})
