"""Command line: ``python -m edi_analysis <command> [options]``.

Commands: ``reports`` (build every report), ``synthetic`` (make the fictional
trusts' data), ``bench`` (time the report build against the naive way),
``validate`` (check a trust's input files without building anything), ``templates`` (write the
Excel input templates), ``reference refresh`` (rebuild the national reference extracts), ``audit`` (try to recover
hidden counts from a built reports folder).
"""

from __future__ import annotations

import sys

USAGE = """usage: python -m edi_analysis <command> [options]

commands:
  reports     build every report for every params file (make reports)
  synthetic   generate the synthetic trusts' data
  validate    check a trust's inputs and list every problem
  templates   write the Excel input templates (one per input, with drop-downs for coded columns)
  reference   rebuild the national reference extracts from newer public downloads (reference refresh)
  audit       try to recover every hidden count from a built reports folder (exit 1 if any)
  bench       time the build against papermill + nbconvert one by one and against plain Python (make bench);
              bench --scale ROWS times every report's results on one trust of ROWS staff
  lab         open JupyterLab on the notebooks with the project's kernel (make lab)
  docs        build the API reference into docs/api (make docs)

Run 'python -m edi_analysis <command> --help' for a command's options."""


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help"}:
        print(USAGE)
        return 0 if args else 2
    command, rest = args[0], args[1:]
    if command == "reports":
        from .pipeline.run import main as run
    elif command == "synthetic" and "--national" in rest:
        from .synthetic_national import main as run
    elif command == "synthetic":
        from .synthetic import main as run
    elif command == "validate":
        from .io.validate import main as run
    elif command == "templates":
        from .io.templates import main as run
    elif command == "reference":
        from .io.refresh import main as run
    elif command == "audit":
        from .disclosure.audit import main as run
    elif command == "bench":
        from .pipeline.bench import main as run
    elif command == "lab":
        from .pipeline.lab import main as run
    elif command == "docs":
        from .pipeline.docs import main as run
    else:
        print(f"unknown command {command!r}\n\n{USAGE}", file=sys.stderr)
        return 2
    return run(rest)


if __name__ == "__main__":
    sys.exit(main())
