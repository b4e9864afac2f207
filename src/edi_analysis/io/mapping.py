"""Read exports as they come: a mapping file per source system turns its columns and values into the data contract.

An HR system's export (ESR, TRAC, NHS Jobs) has its own column names and its
own words for coded values ("C - White - Any other White background", "Not
Stated", "Prefer not to say"). A mapping file (YAML) says, per input of the
contract (:mod:`edi_analysis.io.contract`):

``columns``
    source column -> contract column (or a list of contract columns when one
    source column feeds several, e.g. ESR's staff group gives both
    ``staff_group`` and ``occupation``);
``sums``
    contract column -> source columns added up (pay elements: basic pay plus
    allowances make ``ordinary_pay``);
``values``
    contract column -> {source value: contract value}; matched ignoring case
    and surrounding spaces. Once a column has a value list, *every* non-blank
    value must be in it: an unknown value is reported with its row and the fix
    (add it to the mapping), never guessed;
``dates``
    contract column -> the source's date layout (Python ``strptime`` codes,
    e.g. ``"%d-%b-%Y"`` for ``02-SEP-2019``).

Columns of the export that the mapping does not name are passed through, so
a trust can add contract columns (e.g. ``hourly_rate``) beside a preset.
Presets ship in ``edi_analysis/io/mappings/`` (``esr``, ``recruitment``);
``docs/mapping.md`` shows how a trust writes its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd
import yaml

from ..errors import InputError, Problem
from ..metrics import groups
from .contract import _FALSE, _TRUE, CONTRACT, Column

__all__ = ["PRESETS_DIR", "Applied", "InputMapping", "SourceMapping", "load_mapping", "presets"]

#: Where the shipped presets live (package data).
PRESETS_DIR = Path(__file__).with_name("mappings")
_TOP_KEYS = {"title", "description", "inputs"}
_INPUT_KEYS = {"columns", "sums", "values", "dates"}
_ROWS_SHOWN = 8


class _TextLoader(yaml.SafeLoader):
    """Every plain scalar stays text: YAML 1.1 would read the answer ``Yes`` as True and ``08`` as a number."""


_TextLoader.yaml_implicit_resolvers = {}


def _fold(text: object) -> str:
    return " ".join(str(text).split()).casefold()


@dataclass(frozen=True)
class InputMapping:
    """How one input of the contract is read from a source system's export."""

    input: str
    columns: dict[str, tuple[str, ...]]
    sums: dict[str, tuple[str, ...]] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    dates: dict[str, str] = field(default_factory=dict)

    def sources(self) -> dict[str, str]:
        """Contract column -> the source column(s) it is read from, as a reader would name them."""
        out = {t: s for s, targets in self.columns.items() for t in targets}
        out.update({t: " + ".join(srcs) for t, srcs in self.sums.items()})
        return out


@dataclass(frozen=True)
class Applied:
    """An export mapped onto the contract: the frame, the problems found and what was done."""

    frame: pd.DataFrame
    problems: list[Problem]
    mapped: list[tuple[str, str]]
    absent: list[str]
    flagged: set[tuple[int, str]]


@dataclass(frozen=True)
class SourceMapping:
    """A mapping file: a source system's columns and values onto the data contract, per input."""

    name: str
    file: str
    title: str
    inputs: dict[str, InputMapping]
    preset: bool = False
    path: Path | None = None

    def where(self, key: str) -> str:
        """Where a trust adds an entry: its own file, or a copy of a preset (presets ship inside the package)."""
        if self.preset:
            return f"under {key} in a copy of the '{self.name}' preset (see docs/mapping.md)"
        return f"under {key} in {self.file}"

    def apply(self, raw: pd.DataFrame, name: str, file: str) -> Applied:
        """Map an export read as text (every cell a string, blank ``""``) onto the contract's columns and values.

        Problems (unknown values, unreadable dates or amounts) are returned, not raised, so that they are
        listed with the contract's own checks in one report.
        """
        spec = CONTRACT[name]
        m = self.inputs[name]
        problems: list[Problem] = []
        flagged: set[tuple[int, str]] = set()
        used = [s for s in m.columns if s in raw.columns] + [s for srcs in m.sums.values() for s in srcs
                                                              if s in raw.columns]
        # Contract-named columns of the export that the mapping also fills are replaced by the mapped ones.
        filled = {t for s in m.columns if s in raw.columns for t in m.columns[s]} | set(m.sums)
        out = raw.drop(columns=[c for c in dict.fromkeys([*used, *sorted(filled)]) if c in raw.columns])
        mapped: list[tuple[str, str]] = []
        absent = [s for s in m.columns if s not in raw.columns]
        for source, targets in m.columns.items():
            if source not in raw.columns:
                continue
            for target in targets:
                out[target] = raw[source]
                mapped.append((source, target))
        for target, sources in m.sums.items():
            missing = [s for s in sources if s not in raw.columns]
            absent += missing
            if missing:
                continue
            out[target], found = _sum(raw, sources, file, target)
            problems += found
            flagged |= {(p.row - 2, target) for p in found}
            mapped.append((" + ".join(sources), target))
        source_of = m.sources()
        for target, fmt in m.dates.items():
            if target in out.columns:
                out[target], found = _dates(out[target], fmt, file, source_of[target], self.where("dates:"))
                problems += found
                flagged |= {(p.row - 2, target) for p in found}
        for target, table in m.values.items():
            if target not in out.columns:
                continue
            values = out[target]
            key = values.map(_fold)
            listed = key.isin(table.keys())
            known = listed | (values == "")
            out[target] = key.map(table).where(listed, values)
            col = spec.column(target)
            flagged |= {(int(idx), target) for idx in values.index[~known]}
            # One line per unknown value, with the rows it is on: a value used a thousand times is one fix.
            for value, rows in values[~known].groupby(values[~known], sort=False).groups.items():
                numbers = [int(i) + 2 for i in rows]
                others = ""
                if len(numbers) > 1:
                    shown = ", ".join(map(str, numbers[1:_ROWS_SHOWN]))
                    more = f" and {len(numbers) - _ROWS_SHOWN:,} more" if len(numbers) > _ROWS_SHOWN else ""
                    others = f" (also on rows {shown}{more})"
                problems.append(Problem(file, numbers[0], source_of[target], value,
                                        f"is not in the mapping '{self.name}' for {target}{others}; add it "
                                        f"{self.where(f'values: {target}:')} with the value it means "
                                        f"({_accepts(col)})"))
        return Applied(out, problems, mapped, list(dict.fromkeys(absent)), flagged)

    def read(self, raw: pd.DataFrame, name: str, file: str,
             check: Callable[[pd.DataFrame, str, str], pd.DataFrame]) -> pd.DataFrame:
        """Map ``raw`` and check the result against the contract with ``check``; raise every problem at once.

        Contract problems are named by the export's own column (``Ethnic Origin (ethnic_code)``), and cells
        whose value the mapping could not map are reported once, by the mapping.
        """
        if name not in self.inputs:
            raise InputError([Problem(file, None, None, None, f"the mapping '{self.name}' ({self.file}) has no "
                                      f"section for the {CONTRACT[name].title.lower()}; add 'inputs: {name}:' to "
                                      "it, or read this file without a mapping")])
        applied = self.apply(raw, name, file)
        try:
            frame = check(applied.frame, name, file)
            later: list[Problem] = []
        except InputError as err:
            frame, later = None, err.problems
        problems = applied.problems + self._translate(later, name, applied)
        if problems:
            problems.sort(key=lambda p: (p.row or 0, p.column or ""))
            raise InputError(problems)
        return frame

    def _translate(self, problems: Iterable[Problem], name: str, applied: Applied) -> list[Problem]:
        source_of = self.inputs[name].sources()
        out = []
        for p in problems:
            if p.row is not None and (p.row - 2, p.column) in applied.flagged:
                continue
            column, message = p.column, p.message
            if column in source_of:
                sources = source_of[column]
                column = f"{sources} ({p.column})"
                if p.row is None and "missing" in message:
                    gone = [s for s in applied.absent if s in sources.split(" + ")]
                    if gone:
                        message = (f"the mapping '{self.name}' reads {p.column} from "
                                   + ", ".join(repr(g) for g in gone) + ", not found in the file; add the "
                                   f"column to the export, or name the export's column {self.where('columns:')}")
            out.append(Problem(p.file, p.row, column, p.value, message))
        return out


def _accepts(col: Column) -> str:
    if col.kind == "code":
        return "an NHS ethnic category code, e.g. C, Z for not stated, or 99 for not known"
    return col.fix()


def _sum(raw: pd.DataFrame, sources: Sequence[str], file: str, target: str) -> tuple[pd.Series, list[Problem]]:
    """Add up pay elements; a blank element counts as 0, a row with every element blank stays blank."""
    problems = []
    total = pd.Series(0.0, index=raw.index)
    any_given = pd.Series(False, index=raw.index)
    for source in sources:
        text = raw[source]
        blank = text == ""
        number = pd.to_numeric(text.str.replace(r"[£,\s]", "", regex=True).where(~blank), errors="coerce")
        for idx in raw.index[number.isna() & ~blank]:
            problems.append(Problem(file, int(idx) + 2, source, text[idx], f"cannot be read as an amount for "
                                    f"{target}; give a number such as 1234.56"))
        total = total + number.fillna(0)
        any_given |= ~blank
    return total.map(repr).where(any_given, ""), problems


def _dates(values: pd.Series, fmt: str, file: str, source: str, where: str) -> tuple[pd.Series, list[Problem]]:
    parsed = pd.to_datetime(values.where(values != ""), format=fmt, errors="coerce")
    bad = parsed.isna() & (values != "")
    problems = [Problem(file, int(i) + 2, source, values[i], f"is not a date in the mapping's layout {fmt!r}; "
                        f"correct the date, or the layout {where}") for i in values.index[bad]]
    return parsed.dt.strftime("%Y-%m-%d").where(~parsed.isna(), values), problems


def presets() -> list[str]:
    """Names of the shipped mapping presets (``esr``, ``recruitment``)."""
    return sorted(p.stem for p in PRESETS_DIR.glob("*.yaml"))


def load_mapping(ref: str | Path, base: str | Path | None = None) -> SourceMapping:
    """Read a mapping: a preset's name (``"esr"``) or a path to a trust's own YAML file.

    Parameters
    ----------
    ref
        A preset name (see :func:`presets`) or a path; a relative path is read from ``base``.
    base
        The folder relative paths start from (the params file's folder).

    Raises
    ------
    InputError
        When the file is missing or not valid YAML, or when it names a contract input or column that does
        not exist, maps one column twice, or maps a value to something the contract does not accept.
    """
    text = str(ref)
    if text in presets():
        path = PRESETS_DIR / f"{text}.yaml"
    else:
        path = Path(text)
        if not path.is_absolute() and base is not None:
            path = Path(base) / path
    file = path.name
    if not path.exists():
        raise InputError([Problem(file, None, None, None, f"mapping not found at {path}; use a preset ("
                                  + ", ".join(presets()) + ") or the path to the trust's own mapping file")])
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_TextLoader) or {}  # a SafeLoader that keeps text
    except yaml.YAMLError as exc:
        raise InputError([Problem(file, None, None, None, f"is not valid YAML: {exc}")]) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("inputs"), dict):
        raise InputError([Problem(file, None, "inputs", None, "a mapping file needs 'inputs:' with a section per "
                                  "input, e.g. 'inputs: {staff: {columns: {...}}}'; see docs/mapping.md")])
    problems = [Problem(file, None, k, None, "unknown key; use title, description and inputs")
                for k in sorted(set(raw) - _TOP_KEYS)]
    inputs: dict[str, InputMapping] = {}
    for name, section in raw["inputs"].items():
        if name not in CONTRACT:
            problems.append(Problem(file, None, f"inputs.{name}", None, "not an input of the data contract; use "
                                    "one of " + ", ".join(CONTRACT)))
            continue
        found, parsed = _input_mapping(name, section, file)
        problems += found
        if parsed is not None:
            inputs[name] = parsed
    if problems:
        raise InputError(problems)
    return SourceMapping(path.stem, file, str(raw.get("title", path.stem)), inputs,
                         preset=path.parent == PRESETS_DIR, path=path.resolve())


def _as_dict(value: object, where: str, file: str, problems: list[Problem]) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.append(Problem(file, None, where, str(value), "must be a mapping of 'key: value' lines"))
        return {}
    return value


def _input_mapping(name: str, section: object, file: str) -> tuple[list[Problem], InputMapping | None]:
    spec = CONTRACT[name]
    known = {c.name for c in spec.columns}
    problems: list[Problem] = []
    where = f"inputs.{name}"
    section = _as_dict(section, where, file, problems)
    problems += [Problem(file, None, f"{where}.{k}", None, "unknown key; use columns, sums, values and dates")
                 for k in sorted(set(section) - _INPUT_KEYS)]
    columns: dict[str, tuple[str, ...]] = {}
    for source, target in _as_dict(section.get("columns"), f"{where}.columns", file, problems).items():
        columns[str(source)] = tuple(target) if isinstance(target, list) else (str(target),)
    sums = {str(t): tuple(s) if isinstance(s, list) else (str(s),)
            for t, s in _as_dict(section.get("sums"), f"{where}.sums", file, problems).items()}
    targets = [t for ts in columns.values() for t in ts] + list(sums)
    for target in targets:
        if target not in known:
            problems.append(Problem(file, None, f"{where}.columns", target, f"not a column of the {spec.title.lower()}; "
                                    "use one of " + ", ".join(sorted(known))))
    for target in sorted({t for t in targets if targets.count(t) > 1}):
        problems.append(Problem(file, None, f"{where}.columns", target, "is filled from more than one source "
                                "column; keep one (add pay elements up under sums:)"))
    values: dict[str, dict[str, str]] = {}
    for target, table in _as_dict(section.get("values"), f"{where}.values", file, problems).items():
        at = f"{where}.values.{target}"
        if target not in targets:
            problems.append(Problem(file, None, at, None, "values are given for a column the mapping does not fill; "
                                    "add its source column under columns:"))
            continue
        table = _as_dict(table, at, file, problems)
        col = spec.column(target) if target in known else None
        values[target] = {}
        for source_value, value in table.items():
            value = "" if value is None else str(value)
            if col is not None and not _acceptable(col, value):
                problems.append(Problem(file, None, at, f"{source_value}: {value}",
                                        f"the contract does not accept {value!r}; {_accepts(col)}"))
            values[target][_fold(source_value)] = value
    dates = {str(t): str(f) for t, f in _as_dict(section.get("dates"), f"{where}.dates", file, problems).items()}
    for target, fmt in dates.items():
        if target not in targets or target not in known or spec.column(target).kind != "date":
            problems.append(Problem(file, None, f"{where}.dates", target, "not a date column the mapping fills"))
        elif "%" not in fmt:
            problems.append(Problem(file, None, f"{where}.dates.{target}", fmt, "give the layout with strptime codes, "
                                    "e.g. '%d/%m/%Y' or '%d-%b-%Y'"))
    if problems:
        return problems, None
    return [], InputMapping(name, columns, sums, values, dates)


def _acceptable(col: Column, value: str) -> bool:
    """Whether the contract would read ``value`` in column ``col`` (blank only where the column may be blank)."""
    if value == "":
        return col.nullable
    if col.kind == "code":
        return groups.is_valid_ethnic_code(value)
    if col.allowed is not None:
        return value.casefold() in {v.casefold() for v in col.allowed}
    if col.kind == "bool":
        return value.lower() in _TRUE | _FALSE
    if col.kind in ("int", "float"):
        try:
            float(value)
        except ValueError:
            return False
    if col.kind == "date":
        try:
            datetime.fromisoformat(value)
        except ValueError:
            return False
    return True
