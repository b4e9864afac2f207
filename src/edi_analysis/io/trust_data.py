"""Load a trust once: params, every input up to the report year, analysis groups and national reference data.

:func:`load_trust` is the only place a report reads files. It validates every input (all problems in
one :class:`~edi_analysis.errors.InputError`), adds the analysis group columns once, and gives the
results layer a :class:`TrustData` to compute from.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from ..errors import InputError, Problem
from ..metrics import groups, wres
from .checks import id_problems
from .contract import INPUT_NAMES, OPTIONAL_INPUTS
from .params import TrustParams, data_dir_problems, load_params
from .parse import arrow_memory, factorize_text
from .read import input_path, load_year, load_years
from .reference import read_national_gpg, read_national_nss, trust_mix
from .trust_cache import cached_load

__all__ = ["TrustData", "load_trust"]


@dataclass(frozen=True, eq=False)
class TrustData:
    """A trust's validated inputs for every year up to the report year.

    ``inputs[year][name]`` holds each contract input (``staff`` with the analysis group columns of
    :func:`edi_analysis.metrics.groups.add_analysis_groups`); ``optional[name][year]`` the optional inputs
    that exist. ``warnings`` are data-quality warnings raised while reading (shown by the reports).
    """

    params: TrustParams
    year: int
    years: tuple[int, ...]
    inputs: Mapping[int, Mapping[str, pd.DataFrame]]
    optional: Mapping[str, Mapping[int, pd.DataFrame]] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def table(self, name: str, year: int | None = None) -> pd.DataFrame:
        """One input for one year (default: the report year)."""
        y = self.year if year is None else year
        if name in OPTIONAL_INPUTS:
            return self.optional.get(name, {}).get(y, pd.DataFrame())
        return self.inputs[y][name]

    def by_year(self, name: str) -> dict[int, pd.DataFrame]:
        """One input for every year loaded (optional inputs: the years that have it)."""
        if name in OPTIONAL_INPUTS:
            return dict(self.optional.get(name, {}))
        return {y: d[name] for y, d in self.inputs.items() if name in d}

    def staff(self, year: int | None = None) -> pd.DataFrame:
        """The staff snapshot at 31 March with analysis groups (bank staff included)."""
        return self.table("staff", year)

    def workforce(self, year: int | None = None) -> pd.DataFrame:
        """The WRES/WDES population (bank-only staff left out), computed once per year."""
        y = self.year if year is None else year
        return self._workforce[y]

    @cached_property
    def _workforce(self) -> dict[int, pd.DataFrame]:
        return {y: wres.workforce(d["staff"]) for y, d in self.inputs.items() if "staff" in d}

    def training_access(self, year: int | None = None) -> tuple[np.ndarray, int]:
        """:func:`edi_analysis.metrics.wres.training_access` of a year's training and workforce, worked out once:
        WRES and WDES both ask, and each answer hashes every identifier of both tables. Read-only: shared."""
        y = self.year if year is None else year
        if y not in self._training_access:
            mask, unmatched = wres.training_access(self.table("training", y), self.workforce(y))
            mask.flags.writeable = False  # one array for every caller: none may change it
            self._training_access[y] = (mask, unmatched)
        return self._training_access[y]

    @cached_property
    def _training_access(self) -> dict[int, tuple[np.ndarray, int]]:
        return {}

    def entrant_mask(self, year: int, case_types: Sequence[str]) -> np.ndarray:
        """:func:`edi_analysis.metrics.wres.entrant_mask` of a year's cases and workforce, worked out once per
        case types: the standards and the directorates reports both ask. Read-only: shared."""
        key = (year, tuple(case_types))
        if key not in self._entrant_masks:
            mask = wres.entrant_mask(self.by_year("employee_relations").get(year), self.workforce(year), case_types)
            mask.flags.writeable = False  # one array for every caller: none may change it
            self._entrant_masks[key] = mask
        return self._entrant_masks[key]

    @cached_property
    def _entrant_masks(self) -> dict[tuple[int, tuple[str, ...]], np.ndarray]:
        return {}

    def _national(self, read) -> tuple[pd.DataFrame | None, str | None]:
        if self.params.reference_data is None:
            return None, "no national reference data is configured"
        try:
            return read(self.params.reference_data), None
        except InputError as err:
            return None, err.problems[0].message

    @cached_property
    def national_gpg(self) -> tuple[pd.DataFrame | None, str | None]:
        """Published gender pay gap returns of NHS trusts, or (None, why not)."""
        return self._national(read_national_gpg)

    @cached_property
    def national_nss(self) -> tuple[pd.DataFrame | None, str | None]:
        """Published NHS Staff Survey results by trust, or (None, why not)."""
        return self._national(read_national_nss)

    @cached_property
    def catchment(self) -> tuple[pd.Series | None, str]:
        """The catchment population's ethnic mix (Census 2021), and where it came from or why it is missing."""
        return trust_mix(self.params)


def _no_data(params: TrustParams, years: Sequence[int]) -> Problem:
    """One sentence for data that is not there: make the fictional trusts' data, or point the params at yours."""
    file = params.source.name if params.source else f"{params.trust_code}.yaml"
    what = "the data folder" if not params.data_dir.exists() else "the year folder(s) " + ", ".join(map(str, years))
    if params.synthetic:
        return Problem(file, None, "data_dir", str(params.data_dir), f"{what} of this fictional trust has not been "
                       "made yet; run 'make synthetic' (or 'make reports', which makes it), then run this again")
    return Problem(file, None, "data_dir", str(params.data_dir), f"{what} is missing; set 'data_dir' in {file} to "
                   "the folder holding your year folders (one per year in 'years', see docs/data-contract.md)")


def _coded(frame: pd.DataFrame) -> pd.DataFrame:
    """Text columns with few distinct values (codes, bands, groups) as categoricals of their strings.

    The values read the same; filtering and grouping a national-scale staff table move integer codes instead of
    strings (``python -m edi_analysis bench --scale``). Identifiers and free text stay strings.
    """
    out = frame.copy(deep=False)  # copy-on-write: replacing a column leaves ``frame`` as it was, without a copy
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_string_dtype(s.dtype) and not isinstance(s.dtype, pd.CategoricalDtype):
            codes, values = factorize_text(s)  # Arrow's encoding: identifiers never become Python strings
            distinct = values.dropna()
            if len(distinct) <= max(64, len(s) // 100):
                out[col] = _as_category(s, pd.CategoricalDtype(sorted(distinct)), codes, values.array)
    return out


def _as_category(s: pd.Series, dtype: pd.CategoricalDtype, codes: np.ndarray | None = None,
                 distinct: object = None) -> pd.Series:
    """``s.astype(dtype)`` for text, from its factorized codes (``pd.factorize(s)``, made if not given).

    pandas matches every row's string against the categories; the distinct values are matched once instead.
    """
    if codes is None:
        codes, distinct = pd.factorize(s)
    at = dtype.categories.get_indexer(distinct)
    cat = pd.Categorical.from_codes(np.where(codes < 0, -1, at[codes]), dtype=dtype)
    return pd.Series(cat, index=s.index, name=s.name, copy=False)


def _coded_years(frames: Mapping[int, pd.DataFrame]) -> dict[int, pd.DataFrame]:
    """:func:`_coded` of one input's years with the same categories in each, so that joining the years keeps them.

    The quarterly snapshots (many rows a person) are filtered and grouped quarter by quarter. A year may come
    already coded on its own by :func:`_coded` (to hold less memory while the next year is read): its categories
    are its distinct values, so the result is the same; a column the years together have too many values for is
    made text again (``string``, the dtype of parsed text: :func:`edi_analysis.io.read.read_input`).
    """
    # the rule of _coded on all years at once, from each year's distinct values (no joined copy of the years)
    rows = sum(len(f) for f in frames.values())
    limit = max(64, rows // 100)
    values: dict[str, set] = {}
    many: set[str] = set()  # columns with more distinct values in one year than the limit: never coded
    for f in frames.values():
        for col in f.columns:
            if col in many:
                continue
            if isinstance(f[col].dtype, pd.CategoricalDtype):
                distinct = f[col].cat.categories
            elif pd.api.types.is_string_dtype(f[col].dtype):
                distinct = f[col].dropna().unique()
            else:
                continue
            if len(distinct) > limit:  # skip making millions of identifiers Python strings
                many.add(col)
                continue
            values.setdefault(col, set()).update(distinct)
    kinds = {c: pd.CategoricalDtype(sorted(v)) for c, v in values.items() if c not in many and len(v) <= limit}
    out = {}
    for y, f in frames.items():
        out[y] = f.copy(deep=False)
        for c in f.columns:
            coded = isinstance(f[c].dtype, pd.CategoricalDtype)
            if c in kinds:
                out[y][c] = f[c].astype(kinds[c]) if coded else _as_category(f[c], kinds[c])
            elif coded:
                out[y][c] = f[c].astype("string")
    return out


def load_trust(trust: str | TrustParams, year: int | None = None, *, params_dir: str | Path = "../params",
               data_dir: str | Path | None = None, names: Sequence[str] = INPUT_NAMES) -> TrustData:
    """Read and validate a trust's inputs for every year up to ``year``.

    Parameters
    ----------
    trust
        A trust code (reads ``<params_dir>/<code>.yaml``) or params already loaded.
    year
        The report year (default: the params file's ``report_year``).
    params_dir, data_dir
        Where the params file is, and an optional override of its data folder.
    names
        The contract inputs to read (default: all); optional inputs are read when present.

    Raises
    ------
    edi_analysis.errors.InputError
        Every problem in the params and the input files, at once.
    """
    params = trust if isinstance(trust, TrustParams) else load_params(Path(params_dir) / f"{trust}.yaml",
                                                                       data_dir=data_dir or None)
    year = params.report_year if year is None else int(year)
    # Read once per build: the pipeline names a cache folder, and every report of the trust reuses this load.
    return cached_load(params, year, tuple(names), lambda: _read_trust(params, year, names))


def _read_trust(params: TrustParams, year: int, names: Sequence[str]) -> TrustData:
    """Read and validate the files (what :func:`load_trust` does when no cached copy exists)."""
    with arrow_memory():  # what reading frees goes back at once: the peak is what is held plus one file
        return _read_files(params, year, names)


def _read_files(params: TrustParams, year: int, names: Sequence[str]) -> TrustData:
    if year not in params.years:
        raise InputError([Problem(params.source.name if params.source else f"{params.trust_code}.yaml", None,
                                  "years", str(year), f"the report year is not among the years listed "
                                  f"{list(params.years)}")])
    years = tuple(y for y in params.years if y <= year)
    folder_problems = data_dir_problems(params)
    if folder_problems:  # a fictional trust's data is simply not made yet: say how to make it
        raise InputError([_no_data(params, years)] if params.synthetic else folder_problems)
    missing = [y for y in years if not (params.data_dir / str(y)).is_dir()]
    if missing:
        raise InputError([_no_data(params, missing)])
    inputs: dict[int, dict[str, pd.DataFrame]] = {}
    problems: list[Problem] = []
    reference = params.pay_gap_references.get("ethnicity", "White")
    # The optional inputs (quarterly snapshots: four rows a person) are read first, while little else is held:
    # the process's peak is what is held plus the largest file being read. Their problems and warnings still
    # come after those of the contract inputs.
    optional, optional_problems = {}, []
    with warnings.catch_warnings(record=True) as caught_optional:
        warnings.simplefilter("always", groups.DataQualityWarning)
        for name in OPTIONAL_INPUTS:
            try:
                optional[name] = _coded_years(load_years(params.data_dir, years, name, strict_codes=params.strict_codes,
                                                         mappings=params.mappings, each=_coded,
                                                         coded=True))
            except InputError as err:
                optional_problems += err.problems
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", groups.DataQualityWarning)
        for y in years:
            try:
                inputs[y] = load_year(params.data_dir, y, names, strict_codes=params.strict_codes,
                                      mappings=params.mappings)
            except InputError as err:
                problems += err.problems
                continue
            if "staff" in inputs[y]:
                inputs[y]["staff"] = _coded(groups.add_analysis_groups(inputs[y]["staff"], reference))
    problems += optional_problems
    for y in years:  # identifiers must be written the same way in every file of a year
        tables = {**inputs.get(y, {}), **{n: by[y] for n, by in optional.items() if y in by}}
        problems += id_problems(tables, {n: f"{y}/{input_path(params.data_dir / str(y), n).name}" for n in tables})
    if problems:
        raise InputError(problems)
    if "staff" in names and "staff" not in inputs.get(year, {}):
        raise InputError([Problem(str(input_path(params.data_dir / str(year), "staff")), None, None, None,
                                  "the staff snapshot for the report year is missing; add it or change report_year")])
    quality = tuple(dict.fromkeys(str(w.message) for w in [*caught, *caught_optional]
                                  if issubclass(w.category, groups.DataQualityWarning)))
    return TrustData(params=params, year=year, years=years, inputs=inputs, optional=optional, warnings=quality)
