"""The API reference: HTML pages from the package's numpy-style docstrings, built with pdoc (``make docs``).

``python -m edi_analysis docs`` writes one page per module into ``docs/api/`` (git-ignored; open
``docs/api/index.html``). Each report's results module has its page, and its results class's docstring lists
every table and column (:mod:`edi_analysis.results` links them). pdoc reads the docstrings as numpy style
(sections such as Parameters, Returns, Attributes) with reStructuredText roles (``:func:``) turned into links.
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

__all__ = ["build", "main"]

PACKAGE = "edi_analysis"


def build(out: Path, modules: Sequence[str] = (PACKAGE,)) -> Path:
    """Write the HTML reference of ``modules`` (and every submodule) into ``out``; returns its index page.

    Parameters
    ----------
    out
        Folder to write to (made if missing; pages already there are replaced).
    modules
        Importable module names; the default documents the whole package.
    """
    import pdoc
    import pdoc.render

    pdoc.render.configure(docformat="numpy", show_source=False, search=True,
                          footer_text="edi-analysis API reference")
    out.mkdir(parents=True, exist_ok=True)
    with warnings.catch_warnings():
        # ``Publication`` is imported for type checking only (results must not import it at run time, to keep
        # the one-way flow), so pdoc cannot resolve that one annotation; the page shows it as written
        warnings.filterwarnings("ignore", message="Error parsing type annotation .*Publication", category=UserWarning)
        pdoc.pdoc(*modules, output_directory=out)
    return out / "index.html"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edi_analysis docs",
                                     description="Build the HTML API reference from the docstrings.")
    parser.add_argument("--out", type=Path, default=Path("docs/api"), help="folder to write (default docs/api)")
    args = parser.parse_args(argv)
    index = build(args.out)
    print(f"API reference: {index.resolve()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
