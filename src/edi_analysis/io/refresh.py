"""``python -m edi_analysis reference refresh --from DIR``: rebuild the national reference extracts from new downloads.

The project ships compact extracts of public national data in
``data/reference/`` (see its README and each folder's SOURCE.md). When the
publishers release a new year (a gender pay gap reporting year, a staff
survey year), put the downloads in a folder and run this command: it
recognises each download by its columns, checks that every column the
extract keeps is there, cuts the extract the same way the shipped one was
cut, merges it with what is already there (a year in the download replaces
that year), writes every file atomically and says what changed.

Recognised downloads (CSV, or gzipped CSV):

* GOV.UK gender pay gap service, "UK Gender Pay Gap Data - YYYY to YYYY.csv":
  the NHS trusts' returns (:func:`~edi_analysis.io.reference.select_nhs_trusts`)
  replace that reporting year; new employers are added to the employer to
  ODS code match, matched only where the name equals a trust's name in the
  trust list, otherwise left blank to be filled by hand.
* NHS Staff Survey organisation results by trust (``ods_code``, ``Year``,
  ``benchmarking_group`` and the harassment, violence and discrimination
  rates and bases): the trusts' rows replace those survey years, and the
  trust list (type, region, system) is rebuilt from each trust's latest year.
* Census 2021 TS021 ethnic group by local authority, long form
  (``ltla21_code``, ``ltla21_name``, ``ethnic_group``, ``value``): replaces the extract (counts only).
* OHID acute trust catchments by local authority (``nhs_trust22_code``,
  ``ltla21_code``, ``proportion_trust_came_from_ltla``): replaces the extract.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from ..errors import InputError, Problem
from .reference import GPG_EXTRACT, select_nhs_trusts
from .write import write_atomic

__all__ = ["EXTRACTS", "Extract", "main", "refresh"]


@dataclass(frozen=True)
class Extract:
    """One shipped extract: where it lives, its columns, the key of a row and the column that holds the year."""

    kind: str
    path: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    year: str | None
    signature: tuple[str, ...]  # columns that say a download is of this kind


_GPG_NUMBERS = ("DiffMeanHourlyPercent", "DiffMedianHourlyPercent", "DiffMeanBonusPercent", "DiffMedianBonusPercent",
                "MaleBonusPercent", "FemaleBonusPercent", "FemaleLowerQuartile", "FemaleLowerMiddleQuartile",
                "FemaleUpperMiddleQuartile", "FemaleTopQuartile")
_NSS_MEASURES = tuple(f"{m}_{p}" for m in ("Emotional_public", "Emotional_manager", "Emotional_colleagues",
                                           "Physical_public", "Physical_manager", "Physical_colleagues",
                                           "Discrimination_public", "Discrimination_internal")
                      for p in ("base", "rate"))
_TRUST_COLUMNS = ("ods_code", "org_name", "latest_survey_year", "benchmarking_group", "nhs_region_clean",
                  "ics_or_stp_clean")

GPG = Extract("gender pay gap returns", f"gender_pay_gap/{GPG_EXTRACT}",
              ("ReportingYear", "SnapshotYearStart", "EmployerName", "EmployerId", "CurrentName", "nation_hint",
               "partial_year", "SicCodes", *_GPG_NUMBERS, "EmployerSize", "SubmittedAfterTheDeadline", "DueDate",
               "DateSubmitted"),
              ("ReportingYear", "EmployerName"), "ReportingYear", ("EmployerName", "DiffMeanHourlyPercent"))
GPG_MATCH = "gender_pay_gap/gpg_nhs_employer_to_ods_code_name_match.csv"
NSS = Extract("staff survey results by trust", "nhs_staff_survey/nss_org_results_2021_2024_clean.csv",
              ("ods_code", "Year", "org_name", "benchmarking_group", "nhs_region_clean", "ics_or_stp_clean",
               *_NSS_MEASURES),
              ("ods_code", "Year"), "Year", ("ods_code", "benchmarking_group"))
TRUSTS = "trust_reference/nhs_trusts_from_staff_survey_latest.csv"
CENSUS = Extract("Census 2021 ethnic group by local authority",
                 "census2021_la/census2021_ts021_ethnic_group_ltla21_long_demographr.csv",
                 ("ltla21_code", "ltla21_name", "ethnic_group", "value"), ("ltla21_code", "ethnic_group"), None,
                 ("ltla21_code", "ethnic_group"))
CATCHMENTS = Extract("acute trust catchments", "trust_catchments/ohid_acute_trust_catchment_ltla21_geographr.csv",
                     ("nhs_trust22_code", "ltla21_code", "proportion_trust_came_from_ltla"),
                     ("nhs_trust22_code", "ltla21_code"), None, ("nhs_trust22_code", "proportion_trust_came_from_ltla"))
#: Every extract the command can rebuild.
EXTRACTS: tuple[Extract, ...] = (GPG, NSS, CENSUS, CATCHMENTS)

#: Columns a gender pay gap download must have; the rest of the extract's are filled blank for older layouts.
_GPG_REQUIRED = ("EmployerName", "SicCodes", *_GPG_NUMBERS, "EmployerSize")


def _read(path: Path) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig")
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def _kind(frame: pd.DataFrame, path: Path) -> Extract | None:
    name = path.name.lower().replace("_", " ")
    if "gender pay gap" in name:
        return GPG
    for extract in EXTRACTS:
        if set(extract.signature) <= set(frame.columns):
            return extract
    if "staff survey" in name or name.startswith("nss"):
        return NSS
    return None


def _missing(frame: pd.DataFrame, needed: Sequence[str], path: Path, extract: Extract) -> list[Problem]:
    return [Problem(path.name, None, c, None, f"column missing from the {extract.kind} download; download the "
                    "file again from the publisher (see the folder's SOURCE.md) or check it is the right table")
            for c in needed if c not in frame.columns]


def _gpg_rows(frame: pd.DataFrame, path: Path) -> tuple[pd.DataFrame, list[Problem]]:
    """The NHS trusts' returns of one yearly download, in the extract's columns (values as published)."""
    year = frame["ReportingYear"].iloc[0] if "ReportingYear" in frame.columns and len(frame) else None
    if not year:
        m = re.search(r"(20\d\d)[-_ to]+(?:20)?(\d\d)", path.name)
        year = f"{m.group(1)}-{m.group(2)[-2:]}" if m else None
    if year is None:
        return frame.iloc[0:0], [Problem(path.name, None, "ReportingYear", None, "no reporting year in the file or "
                                         "its name; keep the publisher's name, e.g. 'UK Gender Pay Gap Data - 2025 "
                                         "to 2026.csv'")]
    names = pd.DataFrame({"employer_name": frame["EmployerName"], "_row": range(len(frame))})
    rows = frame.iloc[select_nhs_trusts(names)["_row"].to_numpy()].copy()
    out = pd.DataFrame(index=rows.index)
    for column in GPG.columns:
        # Values as published, except line breaks inside a field (SicCodes "1,\n86210") become a space.
        out[column] = rows[column].str.replace(r"\r?\n", " ", regex=True) if column in rows.columns else ""
    out["ReportingYear"] = year
    out["SnapshotYearStart"] = year[:4]
    out["CurrentName"] = out["CurrentName"].where(out["CurrentName"] != "", out["EmployerName"])
    out["nation_hint"] = rows["EmployerName"].str.upper().str.contains("WALES|WELSH|VELINDRE").map(
        {True: "Wales", False: "England"})
    out["partial_year"] = "TRUE" if "partial" in path.name.lower() else "FALSE"
    problems = []
    for column in _GPG_NUMBERS:
        bad = pd.to_numeric(out[column].where(out[column] != ""), errors="coerce").isna() & (out[column] != "")
        problems += [Problem(path.name, int(frame.index.get_loc(i)) + 2, column, out.at[i, column],
                             "cannot be read as a number") for i in out.index[bad]]
    return out.reset_index(drop=True), problems


def _whole_numbers(values: pd.Series, path: Path) -> tuple[pd.Series, list[Problem]]:
    """Census counts as whole numbers (a download may write 278 as 278.0)."""
    number = pd.to_numeric(values.where(values != ""), errors="coerce")
    bad = number.isna() | (number != number.round())
    problems = [Problem(path.name, int(values.index.get_loc(i)) + 2, "value", values[i], "a count must be a "
                        "whole number") for i in values.index[bad][:20]]
    return number.fillna(0).round().astype("int64").astype(str), problems


def _fold(name: str) -> str:
    text = name.upper().replace("N H S", "NHS").replace("&", " AND ")
    return " ".join(re.sub(r"[^A-Z0-9 ]", " ", text).split())


@dataclass
class _Change:
    path: str
    before: pd.DataFrame
    after: pd.DataFrame
    key: tuple[str, ...]
    year: str | None
    note: str = ""

    def describe(self) -> str:
        old = set(map(tuple, self.before[list(self.key)].to_numpy())) if len(self.before) else set()
        new = set(map(tuple, self.after[list(self.key)].to_numpy()))
        text = (f"{self.path}: {len(self.before):,} -> {len(self.after):,} rows "
                f"({len(new - old):,} added, {len(old - new):,} removed)")
        if self.year:
            was = sorted(set(self.before[self.year])) if len(self.before) else []
            now = sorted(set(self.after[self.year]))
            span = (lambda ys: f"{ys[0]} to {ys[-1]}" if ys else "none")
            text += f"; years {span(was)} -> {span(now)}"
            if set(now) - set(was):
                text += " (new: " + ", ".join(sorted(set(now) - set(was))) + ")"
        return text + (f"; {self.note}" if self.note else "")


def _existing(path: Path, columns: Sequence[str]) -> pd.DataFrame:
    return _read(path) if path.exists() else pd.DataFrame({c: pd.Series(dtype=str) for c in columns})


def _merge_years(old: pd.DataFrame, new: pd.DataFrame, year: str) -> pd.DataFrame:
    """Rows of the years in ``new`` replace those years in ``old``; the rest keep their order, by year."""
    kept = old[~old[year].isin(set(new[year]))]
    merged = pd.concat([kept, new[list(old.columns)]], ignore_index=True)
    return merged.sort_values(year, kind="stable").reset_index(drop=True)


def refresh(source: str | Path, target: str | Path) -> list[str]:
    """Rebuild the extracts in ``target`` from the downloads in ``source``; return what changed, one line each.

    Raises
    ------
    InputError
        When a download lacks a column the extract keeps (naming the file and the column), a number cannot
        be read, or no download in ``source`` is recognised. Nothing is written then.
    """
    source, target = Path(source), Path(target)
    files = sorted(p for p in source.iterdir() if p.is_file() and p.name.lower().endswith((".csv", ".csv.gz")))
    problems: list[Problem] = []
    found: dict[Extract, list[pd.DataFrame]] = {}
    used: dict[Extract, list[str]] = {}
    for path in files:
        frame = _read(path)
        extract = _kind(frame, path)
        if extract is None:
            continue
        needed = _GPG_REQUIRED if extract is GPG else extract.columns
        missing = _missing(frame, needed, path, extract)
        if missing:
            problems += missing
            continue
        if extract is GPG:
            frame, found_problems = _gpg_rows(frame, path)
            problems += found_problems
        elif extract is NSS:
            frame = frame[frame["benchmarking_group"].str.contains("Trust")][list(NSS.columns)]
        elif extract is CENSUS:
            frame = frame[frame["ethnic_group"].str.endswith("(number)")][list(CENSUS.columns)].copy()
            frame["value"], found_problems = _whole_numbers(frame["value"], path)
            problems += found_problems
        else:
            frame = frame[list(extract.columns)]
        found.setdefault(extract, []).append(frame)
        used.setdefault(extract, []).append(path.name)
    if not found and not problems:
        problems.append(Problem(str(source), None, None, None, "no download recognised (gender pay gap, staff survey "
                                "by trust, Census 2021 TS021 by local authority, or trust catchments); see "
                                "data/reference/README.md for what each extract is cut from"))
    if problems:
        raise InputError(problems)

    merged = {extract: pd.concat(frames, ignore_index=True) for extract, frames in found.items()}
    for extract, new in merged.items():
        twice = new[new.duplicated(list(extract.key), keep="first")]
        problems += [Problem(", ".join(used[extract]), None, "+".join(extract.key), ", ".join(map(str, row)),
                             "appears more than once in the downloads; keep one download per year")
                     for row in twice[list(extract.key)].drop_duplicates().to_numpy()[:20]]
    if problems:
        raise InputError(problems)

    changes: list[_Change] = []
    writes: dict[str, pd.DataFrame] = {}
    for extract, new in merged.items():
        old = _existing(target / extract.path, extract.columns)
        after = _merge_years(old, new, extract.year) if extract.year else new.reset_index(drop=True)
        changes.append(_Change(extract.path, old, after, extract.key, extract.year))
        writes[extract.path] = after
    if NSS in found:
        old = _existing(target / TRUSTS, _TRUST_COLUMNS)
        latest = writes[NSS.path].sort_values(["ods_code", "Year"], kind="stable").groupby("ods_code").tail(1)
        trusts = latest.rename(columns={"Year": "latest_survey_year"})[list(_TRUST_COLUMNS)].reset_index(drop=True)
        changes.append(_Change(TRUSTS, old, trusts, ("ods_code",), "latest_survey_year"))
        writes[TRUSTS] = trusts
    if GPG in found:
        changes.append(_match_change(target, writes[GPG.path], writes.get(TRUSTS)))
        writes[GPG_MATCH] = changes[-1].after
    for relative, frame in writes.items():
        write_atomic(target / relative, frame.to_csv(index=False, lineterminator="\n"))
    for extract, names in used.items():
        _note_source(target / Path(extract.path).parent / "SOURCE.md", names)
    return [c.describe() for c in changes]


def _match_change(target: Path, returns: pd.DataFrame, trusts: pd.DataFrame | None) -> _Change:
    """Add new employers to the name-to-ODS match: matched where the name equals a listed trust's, else blank.

    ``trusts`` is the trust list this refresh made (from a new survey year), else the one in ``target``.
    """
    old = _existing(target / GPG_MATCH, ("EmployerName", "CurrentName", "ods_code"))
    pairs = returns[["EmployerName", "CurrentName"]].drop_duplicates()
    known = set(map(tuple, old[["EmployerName", "CurrentName"]].to_numpy()))
    new = pairs[[tuple(p) not in known for p in pairs.to_numpy()]].copy()
    trusts = _existing(target / TRUSTS, _TRUST_COLUMNS) if trusts is None else trusts
    by_name = {_fold(n): c for n, c in zip(trusts["org_name"], trusts["ods_code"], strict=True)}
    new["ods_code"] = [by_name.get(_fold(c), by_name.get(_fold(e), "")) for e, c in new.to_numpy()]
    after = pd.concat([old, new], ignore_index=True)
    blank = int((new["ods_code"] == "").sum())
    note = (f"{len(new) - blank} new employer(s) matched to a trust code by name"
            + (f", {blank} without a match: add their ODS codes by hand" if blank else "")) if len(new) else ""
    return _Change(GPG_MATCH, old, after, ("EmployerName", "CurrentName"), None, note)


def _note_source(path: Path, names: Sequence[str]) -> None:
    """Record the refresh in the folder's SOURCE.md: when, and from which downloads."""
    line = (f"- **Refreshed {date.today().isoformat()}** by `python -m edi_analysis reference refresh` from: "
            + ", ".join(f"`{n}`" for n in names) + ".\n")
    text = path.read_text(encoding="utf-8") if path.exists() else f"# {path.parent.name}\n\n"
    if line not in text:  # the same refresh run again adds nothing
        write_atomic(path, (text if text.endswith("\n") else text + "\n") + line)


def main(argv: list[str] | None = None) -> int:
    """``python -m edi_analysis reference refresh --from DIR [--to DIR]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m edi_analysis reference",
                                     description="Work with the national reference extracts in data/reference.")
    sub = parser.add_subparsers(dest="action", required=True)
    cmd = sub.add_parser("refresh", help="rebuild the extracts from newer public downloads",
                         description="Rebuild the national reference extracts from newer public downloads "
                                     "(a new gender pay gap year, a new staff survey year) and say what changed.")
    cmd.add_argument("--from", dest="source", type=Path, required=True, help="folder holding the downloads")
    cmd.add_argument("--to", dest="target", type=Path, default=Path("data") / "reference",
                     help="the reference folder to update (default data/reference)")
    args = parser.parse_args(argv)
    if not args.source.is_dir():
        print(InputError([Problem(str(args.source), None, None, None, "folder not found; give the folder that "
                                  "holds the downloads")]))
        return 1
    try:
        lines = refresh(args.source, args.target)
    except InputError as err:
        print(f"nothing written\n{err}")
        return 1
    print("\n".join(lines))
    return 0
