"""``python -m edi_analysis validate``: check every input of each trust and list every problem; write nothing."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from .contract import OPTIONAL_INPUTS
from .params import load_params
from .read import load_year, load_years


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


