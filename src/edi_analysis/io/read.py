"""Read and validate every input a trust provides: the one I/O module.

Each input of the data contract (``docs/data-contract/``) is declared once in
:data:`CONTRACT`: its columns, their types, what values are allowed and how to
fix a bad one. Files are read with every column as text (codes such as
``"8a"`` or ``"99"`` stay strings), parsed to the declared types, then checked
with a pandera schema built from the same declaration. Every problem in every
file is collected and raised as one :class:`InputError` naming file, row,
column, value and the fix, so an analyst can correct the data in one pass.

At national scale (1.4 million staff rows) the text is read by Arrow and each
column parsed once per distinct value (:mod:`.parse`), and pandera is given
only the columns a vectorised check finds failing (:func:`_may_fail`): the
problems reported are the same, found in a fraction of the time and memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pyarrow as pa_memory

from ..errors import InputError, Problem
from ..metrics import groups
from ..metrics.hourly_rates import hourly_rates
from .checks import pay_problems, year_problems
from .contract import _SUFFIXES, CONTRACT, HOURS_ELEMENTS, INPUT_NAMES, PAY_ELEMENTS, InputSpec
from .mapping import SourceMapping
from .parse import csv_cells, parse_column, strip_cells


def _read_raw(path: Path) -> pd.DataFrame:
    """Every cell as stripped text; the header row is read as data so that repeated names stay visible."""
    if path.suffix.lower() == ".xlsx":
        raw = pd.read_excel(path, dtype=str, header=None, keep_default_na=False, na_filter=False)
    else:
        raw = csv_cells(path)
    header = [str(c).strip() if str(c).strip() else f"Unnamed: {i}" for i, c in enumerate(raw.iloc[0])] if len(raw) else []
    raw = raw.iloc[1:].reset_index(drop=True)
    raw.columns = header
    counts = pd.Series(header, dtype=object).value_counts()
    repeated = [c for c in header if counts[c] > 1]
    if repeated:
        raise InputError([Problem(path.name, 1, c, None, f"the header names this column {counts[c]} times "
                                  f"(columns {', '.join(_letter(i) for i, h in enumerate(header) if h == c)}); keep "
                                  "one and remove or rename the others")
                          for c in dict.fromkeys(repeated)])
    return strip_cells(raw)


def _letter(i: int) -> str:
    """Spreadsheet column letter of 0-based position ``i`` (A, ..., Z, AA, ...)."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(ord("A") + r) + out
    return out


def _unreadable(path: Path, exc: Exception) -> Problem:
    """Why a file could not be read at all, and what to do, naming the file."""
    if path.suffix.lower() == ".xlsx":
        return Problem(path.name, None, None, None, f"is not a readable Excel workbook ({type(exc).__name__}: "
                       f"{exc}); open it in Excel and save it again as .xlsx, or save it as CSV UTF-8")
    if isinstance(exc, UnicodeDecodeError):
        return Problem(path.name, None, None, None, f"is not UTF-8 text (byte {exc.object[exc.start]:#04x} at "
                       f"position {exc.start}); in Excel use Save As > CSV UTF-8 (comma delimited)")
    return Problem(path.name, None, None, None, f"cannot be read as a table ({exc}); save it as CSV UTF-8 (comma "
                   "delimited) or .xlsx, with one header row and the same number of cells in every row")


def _may_fail(spec: InputSpec, parsed: pd.DataFrame, strict_codes: bool) -> tuple[list[str], bool]:
    """Columns of ``parsed`` that fail a check of :func:`_schema`, and whether rows repeat ``unique_together``.

    Vectorised, on each column's distinct values where it can: pandera checks a valid national-scale file
    row by row for many seconds, so only what fails here is handed to it (for the very problems it reports).
    A column named here may still pass; one not named here cannot fail.
    """
    failing = []
    for col in spec.columns:
        if col.name not in parsed.columns:
            continue
        s = parsed[col.name]

        def values(s: pd.Series = s) -> pd.Series:  # the distinct values, for checks of coded columns only
            return pd.Series(s.dropna().unique())

        fails = ((not col.nullable and s.isna().any())
                 or (col.unique and s.nunique(dropna=False) < len(s))
                 or (col.allowed is not None and not values().isin(list(col.allowed)).all())
                 or (col.kind == "code" and strict_codes and not groups.valid_ethnic_codes(values()).all())
                 or (col.minimum is not None and bool((s < col.minimum).any()))
                 or (col.maximum is not None and bool((s > col.maximum).any())))
        if fails:
            failing.append(col.name)
    together = bool(spec.unique_together) and bool(parsed[list(spec.unique_together)].duplicated().any())
    return failing, together


def _schema(spec: InputSpec, present: Iterable[str], strict_codes: bool, together: bool = True) -> pa.DataFrameSchema:
    """The pandera schema of ``spec``'s columns in ``present`` (and of ``unique_together`` if ``together``)."""
    cols: dict[str, pa.Column] = {}
    for col in spec.columns:
        if col.name not in present:
            continue
        checks = []
        if col.allowed is not None:
            checks.append(pa.Check.isin(list(col.allowed), name="allowed"))
        if col.kind == "code" and strict_codes:
            checks.append(pa.Check(groups.valid_ethnic_codes, name="ethnic_code"))
        if col.minimum is not None:
            checks.append(pa.Check.ge(col.minimum, name="minimum"))
        if col.maximum is not None:
            checks.append(pa.Check.le(col.maximum, name="maximum"))
        cols[col.name] = pa.Column(None, checks=checks, nullable=col.nullable, unique=col.unique, required=False)
    return pa.DataFrameSchema(cols, unique=(list(spec.unique_together) or None) if together else None, strict=False)


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


def _missing_pay_form(columns: Iterable[str], file: str) -> list[Problem]:
    """The staff file needs hourly_rate or the pay elements to work it out (metrics.md section 7)."""
    columns = set(columns)
    if "hourly_rate" in columns:
        return []
    missing = [c for c in PAY_ELEMENTS if c not in columns]
    if not columns.intersection(HOURS_ELEMENTS):
        missing.append(" or ".join(HOURS_ELEMENTS))
    if not missing:
        return []
    return [Problem(file, None, "hourly_rate", None,
                    "required column is missing: give hourly_rate, or the pay elements to work it out (missing: "
                    + ", ".join(missing) + "); add hourly_rate, or add ordinary_pay, pay_period_days and "
                    "weekly_hours (hours_12_weeks for variable hours), see docs/data-contract/staff.md")]


def _derive_hourly_rate(parsed: pd.DataFrame, raw: pd.DataFrame, file: str) -> tuple[pd.DataFrame, list[Problem]]:
    """Work out hourly_rate from the pay elements when the file does not give it.

    A file that gives ``hourly_rate`` keeps it as given, even beside the pay
    elements: it is the figure the trust's payroll system reports, and a
    check against the elements would flag pence of rounding, not errors.
    """
    if "hourly_rate" in parsed.columns:
        return parsed, []

    def given(column: str) -> pd.Series:
        return parsed[column].notna() if column in parsed.columns else pd.Series(False, index=parsed.index)

    needs = [(c, given(c), f"is blank but needed to work out hourly_rate; {m}") for c, m in (
        ("ordinary_pay", "give the ordinary pay in the pay period (0 if none)"),
        ("pay_period_days", "give the days in the pay period (30.44 for a month, 7 for a week)"),
    )]
    hours_col = "weekly_hours" if "weekly_hours" in parsed.columns else "hours_12_weeks"
    needs.append((hours_col, given("weekly_hours") | given("hours_12_weeks"),
                  ("is blank but needed to work out hourly_rate; give weekly_hours, or hours_12_weeks for "
                   "variable hours")))
    bonus = parsed["bonus_in_period"].fillna(0) if "bonus_in_period" in parsed.columns else 0
    needs.append(("bonus_relates_to_days", ~(bonus > 0) | given("bonus_relates_to_days"),
                  ("is blank but a bonus was paid in the period; give the days the bonus relates to (365 for "
                   "a year's award, the pay period days if it is for this period only)")))
    problems = [Problem(file, int(idx) + 2, column, raw.at[idx, column] if column in raw.columns else None, message)
                for column, ok, message in needs for idx in parsed.index[~ok]]
    if problems:
        return parsed, problems
    out = parsed.copy()
    out["hourly_rate"] = hourly_rates(
        parsed["ordinary_pay"], parsed["pay_period_days"], parsed.get("weekly_hours"),
        hours_12_weeks=parsed.get("hours_12_weeks"), bonus_in_period=parsed.get("bonus_in_period"),
        bonus_relates_to_days=parsed.get("bonus_relates_to_days"),
    )
    return out, []


def read_input(path: str | Path, name: str, *, strict_codes: bool = True, year: int | None = None,
               mapping: SourceMapping | None = None, coded: bool = False) -> pd.DataFrame:
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
    year
        The report year the file's folder holds; when given, dates outside its financial year (and staff
        starting after its 31 March snapshot) are problems (:func:`edi_analysis.io.checks.year_problems`).
    mapping
        A source system's mapping (:mod:`edi_analysis.io.mapping`) when the
        file is an export as it comes (e.g. from ESR), not in contract form.
    coded
        Give text columns with few distinct values (at most 64, or one per 100 rows) as categoricals of their
        sorted strings instead of ``string``, made while parsing: a national file's codes are never held as
        millions of strings (:func:`edi_analysis.io.parse.parse_column`).

    Returns
    -------
    pandas.DataFrame
        Declared columns in contract order (optional ones only if present),
        typed: codes and labels as ``string``, numbers ``float64``/``Int64``,
        flags ``boolean``, dates ``datetime64``. A staff file that gives the
        pay elements instead of ``hourly_rate`` gets ``hourly_rate`` worked
        out from them (:func:`edi_analysis.metrics.pay_gaps.hourly_rates`,
        metrics.md section 7); one that gives both keeps ``hourly_rate``.

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
    if not path.is_file():
        raise InputError([Problem(file, None, None, None, f"is a folder, not a file ({path}); put the "
                                  f"{spec.title.lower()} file itself there, as {name}.csv or {name}.xlsx")])
    if path.stat().st_size == 0:
        raise InputError([Problem(file, None, None, None, "the file is empty; it needs a header row naming the "
                                  f"columns (template: docs/data-contract/templates/{name}.csv)")])
    try:
        raw = _read_raw(path)
    except InputError:
        raise
    except Exception as exc:  # any reader failure (zip, XML, parser, encoding, OS) is this file's problem
        raise InputError([_unreadable(path, exc)]) from exc
    if mapping is not None:  # an export as it comes: mapped onto the contract first, one report of problems
        return mapping.read(raw, name, file, partial(check_frame, strict_codes=strict_codes, year=year, coded=coded))
    return check_frame(raw, name, file, strict_codes=strict_codes, year=year, lean=True, coded=coded)


def check_frame(raw: pd.DataFrame, name: str, file: str, *, strict_codes: bool = True,
                year: int | None = None, lean: bool = False, coded: bool = False) -> pd.DataFrame:
    """Parse and validate an input already read as text (see :func:`read_input`); ``file`` names it in problems.

    With ``lean``, each text column of ``raw`` is replaced, once parsed, by the same text in less memory (a
    categorical of its strings): for a caller that owns ``raw`` and keeps it no longer. ``coded``: see
    :func:`read_input`.
    """
    spec = CONTRACT[name]
    problems: list[Problem] = []
    missing = [c.name for c in spec.columns if c.required and c.name not in raw.columns]
    for m in missing:
        problems.append(Problem(file, None, m, None, f"required column is missing; add it ({spec.column(m).description})"))
    if name == "staff":
        problems += _missing_pay_form(raw.columns, file)
    if len(raw) < spec.min_rows:
        problems.append(Problem(file, None, None, None, f"the file has no data rows; the {spec.title.lower()} needs at "
                                "least one"))
    if problems:
        raise InputError(problems)

    present = [c.name for c in spec.columns if c.name in raw.columns]
    parsed = pd.DataFrame(index=raw.index)
    for name_ in present:
        parsed[name_], col_problems, text = parse_column(spec.column(name_), raw[name_], file, coded=coded)
        if lean:  # the file's text is kept only to quote cells in messages: the compact copy frees memory
            raw[name_] = text
        problems += col_problems
    skip = {(p.row - 2, p.column) for p in problems if p.row is not None and p.column is not None}
    failing, together = _may_fail(spec, parsed, strict_codes)
    try:
        if failing or together:
            # pandera checks text as text: coded columns are given to it as the strings they hold
            text_cols = {c: "string" for c in failing if isinstance(parsed[c].dtype, pd.CategoricalDtype)}
            _schema(spec, failing, strict_codes, together).validate(parsed.astype(text_cols), lazy=True)
    except pa.errors.SchemaErrors as err:
        problems += _schema_problems(err, spec, raw, file, skip)
    for column, ok, message in spec.row_checks:
        if column not in parsed.columns:
            continue
        good = ok(parsed).fillna(True).astype(bool)
        for idx in parsed.index[~good]:
            problems.append(Problem(file, int(idx) + 2, column, raw.at[idx, column], message))
    if name == "staff":
        parsed, derive_problems = _derive_hourly_rate(parsed, raw, file)
        # A cell already reported as unreadable is not reported again as blank.
        problems += [p for p in derive_problems if (p.row - 2, p.column) not in skip]
        if "hourly_rate" in parsed.columns:
            problems += pay_problems(parsed, raw, file)
    if year is not None:
        problems += year_problems(name, parsed, raw, file, year)
    if problems:
        problems.sort(key=lambda p: (p.row or 0, p.column or ""))
        raise InputError(problems)
    return parsed[[c.name for c in spec.columns if c.name in parsed.columns]]


def input_path(folder: str | Path, name: str) -> Path:
    """The file of input ``name`` in ``folder``: ``name.csv``, else ``name.xlsx``."""
    folder = Path(folder)
    for suffix in _SUFFIXES:
        candidate = folder / f"{name}{suffix}"
        if candidate.exists():
            return candidate
    return folder / f"{name}.csv"


def _read_each(items: Iterable[tuple[object, Path, str, int]], strict_codes: bool,
               mappings: Mapping[str, SourceMapping] | None = None,
               each: Callable[[pd.DataFrame], pd.DataFrame] | None = None, coded: bool = False) -> dict:
    """Read each (key, path, input name, year); every problem of every file is raised together as one
    :class:`InputError`, with file names prefixed by their year folder. ``each`` is applied to every frame
    as soon as it is read (to make it smaller before the next file is read)."""
    out: dict = {}
    problems: list[Problem] = []
    for key, path, name, year in items:
        # a year folder holding the same input twice (CSV and Excel) is ambiguous: never pick one silently
        twins = [path.with_name(f"{name}{s}") for s in _SUFFIXES if path.with_name(f"{name}{s}").exists()]
        if len(twins) > 1:
            problems.append(Problem(f"{year}/{path.name}", None, None, None, "both " + " and ".join(
                t.name for t in twins) + f" are in the folder {path.parent.name}; it is not clear which to use: keep "
                "one of them and remove or rename the other"))
            continue
        try:
            out[key] = read_input(path, name, strict_codes=strict_codes, year=year,
                                  mapping=(mappings or {}).get(name), coded=coded)
            if each is not None:
                out[key] = each(out[key])
        except InputError as err:
            problems += [Problem(f"{year}/{p.file}", p.row, p.column, p.value, p.message) for p in err.problems]
        finally:  # give back what reading the file freed, before the next file: the process's peak is the sum
            pa_memory.default_memory_pool().release_unused()
    if problems:
        raise InputError(problems)
    return out


def load_year(
    data_dir: str | Path, year: int, names: Sequence[str] = INPUT_NAMES, *, strict_codes: bool = True,
    mappings: Mapping[str, SourceMapping] | None = None,
) -> dict[str, pd.DataFrame]:
    """Read the inputs of one reporting year from ``<data_dir>/<year>/``.

    Problems in all files are gathered and raised together as one
    :class:`InputError`; file names in it are prefixed with the year folder.
    """
    folder = Path(data_dir) / str(year)
    return _read_each(((name, input_path(folder, name), name, year) for name in names), strict_codes, mappings)


def load_years(
    data_dir: str | Path, years: Iterable[int], name: str, *, strict_codes: bool = True,
    mappings: Mapping[str, SourceMapping] | None = None, each: Callable[[pd.DataFrame], pd.DataFrame] | None = None,
    coded: bool = False,
) -> dict[int, pd.DataFrame]:
    """Read one input for several years; years without the file are left out.

    ``each`` is applied to each year's frame as soon as it is read (e.g. to code it before the next year);
    ``coded`` as in :func:`read_input`.
    """
    paths = ((year, input_path(Path(data_dir) / str(year), name)) for year in years)
    return _read_each(((year, path, name, year) for year, path in paths if path.exists()), strict_codes, mappings,
                      each, coded)
