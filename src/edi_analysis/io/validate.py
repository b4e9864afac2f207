"""``python -m edi_analysis validate``: check every input of each trust and list every problem; write nothing."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .params import load_params
from .trust_data import load_trust


def main(argv: list[str] | None = None) -> int:
    """``python -m edi_analysis validate PARAMS...``: check every input of each trust, write nothing.

    Each trust is read exactly as a report reads it (:func:`~edi_analysis.io.load_trust`, every listed year), so
    every problem of the params file or of any input file, and the cross-file checks, are listed in one pass; the
    data-quality warnings a report would show on its first page are listed too. Exit status 1 if any trust has a
    problem.
    """
    import argparse

    parser = argparse.ArgumentParser(prog="python -m edi_analysis validate",
                                     description="Check a trust's input files against the data contract.")
    parser.add_argument("params", nargs="+", type=Path, help="params file(s), e.g. params/SYN01.yaml")
    args = parser.parse_args(argv)
    failed = 0
    for pfile in args.params:
        try:
            params = load_params(pfile)
            data = load_trust(params, max(params.years))
        except InputError as err:
            failed += 1
            print(f"{pfile}: NOT VALID\n{err}")
            continue
        print(f"{pfile}: all inputs valid for {', '.join(map(str, params.years))}")
        for warning in data.warnings:
            print(f"  warning (shown on the report's first page): {warning}")
    return 1 if failed else 0
