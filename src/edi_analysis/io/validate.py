"""``python -m edi_analysis validate``: check every input of each trust and list every problem; write nothing."""

from __future__ import annotations

import textwrap
from pathlib import Path

from ..errors import InputError, Problem
from .contract import CONTRACT, OPTIONAL_INPUTS
from .mapping import SourceMapping, load_mapping, presets
from .params import load_params
from .read import _read_raw, load_year, load_years, read_input

_TABLES = (".csv", ".xlsx")
_MAX_VALUES = 12


def describe(path: Path, name: str, mapping: SourceMapping | None) -> tuple[str, InputError | None]:
    """A short summary of one file as the reports would read it, and its problems (None when it is valid).

    The summary gives the rows, each column the mapping filled and from what, the mapped columns not in the
    file, and the count of each value of every coded column (after mapping), so an analyst can check the
    mapping did what they meant before building reports.
    """
    spec = CONTRACT[name]
    try:
        frame, error = read_input(path, name, mapping=mapping), None
    except InputError as err:
        frame, error = None, err
    lines = [f"{path.name}: {spec.title.lower()}" + (f", read with the mapping '{mapping.name}' ({mapping.title})"
                                                      if mapping else ", in data-contract form")]
    applied = None
    if mapping is not None and path.exists() and path.stat().st_size:
        try:
            applied = mapping.apply(_read_raw(path), name, path.name)
        except (ValueError, UnicodeDecodeError):  # unreadable: the error above already says so
            applied = None
    if frame is None and applied is not None:
        frame = applied.frame
    if frame is None:
        return "\n".join(lines), error
    lines.append(f"  rows: {len(frame):,}")
    if applied is not None:
        lines.append("  columns mapped (export -> contract):")
        lines += [f"    {s} -> {t}" for s, t in applied.mapped]
        if applied.absent:
            lines.append(_wrap("named in the mapping but not in the file: " + ", ".join(applied.absent)))
    given = applied.frame.columns if applied is not None else _read_raw(path).columns
    if error is None and name == "staff" and "hourly_rate" not in given:
        lines.append(f"  hourly_rate: worked out from the pay elements; {frame['hourly_rate'].isna().sum():,} "
                     "row(s) without one (no working hours)")
    coded = [c.name for c in spec.columns if (c.allowed is not None or c.kind in ("code", "bool"))
             and c.name in frame.columns]
    if coded:
        lines.append("  values:")
    for column in coded:
        counts = frame[column].astype("string").fillna("(blank)").replace("", "(blank)").value_counts()
        shown = ", ".join(f"{v} {n:,}" for v, n in counts.head(_MAX_VALUES).items())
        more = f", and {len(counts) - _MAX_VALUES} more" if len(counts) > _MAX_VALUES else ""
        lines.append(_wrap(f"{column}: {shown}{more}", "    "))
    return "\n".join(lines), error


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(text, width=110, initial_indent=indent, subsequent_indent=indent + "    ",
                         break_on_hyphens=False)


def _files(paths: list[Path], mapping_ref: str | None, input_name: str | None) -> int:
    failed = 0
    try:
        mapping = load_mapping(mapping_ref, base=Path.cwd()) if mapping_ref else None
    except InputError as err:
        print(f"mapping {mapping_ref}: NOT VALID\n{err}")
        return 1
    for path in paths:
        name = input_name or (path.stem if path.stem in CONTRACT else None)
        if name is None and mapping is not None and len(mapping.inputs) == 1:
            name = next(iter(mapping.inputs))
        if name is None:
            print(InputError([Problem(path.name, None, None, None, "cannot tell which input this file holds; "
                                      "name it after the input (e.g. staff.csv) or give --input, one of "
                                      + ", ".join(CONTRACT))]))
            failed += 1
            continue
        summary, error = describe(path, name, mapping)
        print(summary)
        if error is not None:
            failed += 1
            print(f"{path.name}: NOT VALID\n{error}")
        else:
            print(f"{path.name}: valid")
    return failed


def main(argv: list[str] | None = None) -> int:
    """``python -m edi_analysis validate PARAMS... | [--mapping M] FILE...``: check inputs, write nothing."""
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m edi_analysis validate",
        description="Check a trust's input files against the data contract. Give params files to check every "
                    "input of each trust, or input files (.csv, .xlsx) to check those and see how they read.")
    parser.add_argument("paths", nargs="+", type=Path, help="params file(s), e.g. params/SYN01.yaml, or input "
                        "file(s), e.g. exports/staff.csv")
    parser.add_argument("--mapping", help="read the input files with this mapping: a preset ("
                        + ", ".join(presets()) + ") or the path to a trust's own mapping file")
    parser.add_argument("--input", choices=list(CONTRACT), help="which input the files hold (default: from the "
                        "file name, e.g. staff.csv)")
    args = parser.parse_args(argv)
    tables = [p for p in args.paths if p.suffix.lower() in _TABLES]
    failed = _files(tables, args.mapping, args.input) if tables else 0
    for pfile in (p for p in args.paths if p.suffix.lower() not in _TABLES):
        try:
            params = load_params(pfile)
            for year in params.years:
                load_year(params.data_dir, year, strict_codes=params.strict_codes, mappings=params.mappings)
            for name in OPTIONAL_INPUTS:
                load_years(params.data_dir, params.years, name, strict_codes=params.strict_codes,
                           mappings=params.mappings)
        except InputError as err:
            failed += 1
            print(f"{pfile}: NOT VALID\n{err}")
            continue
        read_with = "".join(f"; {n} read with the mapping '{m.name}'" for n, m in params.mappings.items())
        print(f"{pfile}: all inputs valid for {', '.join(map(str, params.years))}{read_with}")
    return 1 if failed else 0
