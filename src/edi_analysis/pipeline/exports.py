"""The analysts' exports of a run: each trust's Excel workbook and the all-trusts tidy table.

Made in the pass that computes every trust's published results for the benchmark data set
(:func:`edi_analysis.pipeline.run.benchmark_stage`), so nothing is computed twice:

- ``<out>/<year>/<trust>/<trust>-<year>-equality-tables.xlsx``: one workbook per trust
  (:func:`edi_analysis.views.workbook.build_workbook`), written atomically and only when its bytes change, so a
  trust whose data cannot be read keeps its earlier workbook;
- ``<out>/<year>/equality-tables.csv`` and ``.parquet``: every trust's tables as one long table
  (:func:`edi_analysis.views.tidy.long_rows`), with ``equality-tables-dictionary.csv`` describing its columns.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from .. import io as inputs
from ..disclosure import Policy
from ..io.write import neutralise, write_atomic, write_csv
from ..views import headline, tidy, workbook

__all__ = ["benchmark_rows", "exports_present", "published_results", "tidy_path", "trust_exports", "workbook_path",
           "write_tidy"]

_HEADLINE_REPORTS = ("wres", "wdes", "pay_gaps", "bullying_harassment")


def published_results(params: inputs.TrustParams, year: int, mode: str | None = None, *, trends_too: bool = True
                      ) -> dict[str, object]:
    """A trust's reports' results, published by its own policy: the same ``compute`` calls the notebooks make.

    The four reports of the benchmark data set always; the trends report too when the trust builds it (its
    results are left out, not fatal, when its data cannot make them: its own report says why); in an internal
    build, the directorate breakdowns as well, so the workbook and the tidy table carry the directorate dimension.
    """
    from ..results import directorates, harassment, pay_gaps, standards, trends

    data = inputs.load_trust(params, year)
    policy = Policy.from_params(params, mode=mode)
    published: dict[str, object] = {
        "wres": policy.apply(standards.compute(data, "WRES")),
        "wdes": policy.apply(standards.compute(data, "WDES")),
        "pay_gaps": policy.apply(pay_gaps.compute(data)),
        "bullying_harassment": policy.apply(harassment.compute(data)),
    }
    if trends_too and "trends" in (params.notebooks or ()):
        try:
            published["trends"] = policy.apply(trends.compute(data))
        except inputs.InputError:
            pass
    if policy.internal:  # the directorate breakdowns are for the trust's own teams (internal builds only)
        published["directorates"] = policy.apply(directorates.compute(data))
    return published


def workbook_path(out_dir: Path, trust_code: str, year: int) -> Path:
    """Where a trust's workbook goes: its report folder."""
    return Path(out_dir).resolve() / str(year) / trust_code / workbook.file_name(trust_code, year)


def tidy_path(out_dir: Path, year: int) -> Path:
    """Where a year's all-trusts tidy table goes (with a ``.parquet`` twin and a ``-dictionary.csv``)."""
    return Path(out_dir).resolve() / str(year) / "equality-tables.csv"


def trust_exports(params: inputs.TrustParams, year: int, mode: str | None, out_dir: Path
                  ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Compute a trust's published results once; write its workbook; return its benchmark and tidy rows."""
    published = published_results(params, year, mode)
    wanted = set(params.notebooks or tidy.REPORTS) | {"directorates"}
    mine = {k: v for k, v in published.items() if k in wanted} or published
    data = workbook.build_workbook(mine)
    path = workbook_path(out_dir, params.trust_code, year)
    if not path.exists() or path.read_bytes() != data:  # unchanged bytes: leave the file (and its time) alone
        write_atomic(path, data)
    return benchmark_rows(published), tidy.long_rows(mine)


def benchmark_rows(published: dict[str, object]) -> pd.DataFrame:
    """A trust's rows of the benchmark data set from its published results (the four reports it compares)."""
    return headline.rows({k: published[k] for k in _HEADLINE_REPORTS})


def write_tidy(out_dir: Path, year: int, frames: Sequence[pd.DataFrame]) -> Path:
    """Write a year's tidy table (CSV: hidden figures as their marker; Parquet: numbers, blank when hidden).

    Both are formula-safe (:func:`edi_analysis.io.write.neutralise`) and written atomically, with the data
    dictionary beside them. Returns the CSV's path.
    """
    path = tidy_path(out_dir, year)
    data = pd.concat([f for f in frames if len(f)], ignore_index=True) if any(len(f) for f in frames) else (
        pd.DataFrame(columns=tidy.LONG_COLUMNS))
    write_csv(path, data)
    numeric = neutralise(data)
    numeric["value"] = pd.to_numeric(numeric["value"].where(~numeric["suppressed"].astype(bool)), errors="coerce")
    numeric = numeric.astype({"suppressed": bool, "synthetic": bool, "not_for_publication": bool, "report_year": "int64", "row": "int64",
                              "value": "float64"})
    for col in numeric.columns:
        if numeric[col].dtype == object:
            numeric[col] = numeric[col].astype("string")
    buf = io.BytesIO()
    numeric.to_parquet(buf, index=False)
    write_atomic(path.with_suffix(".parquet"), buf.getvalue())
    write_csv(path.with_name("equality-tables-dictionary.csv"),
              pd.DataFrame(tidy.DICTIONARY, columns=["column", "type", "meaning"]))
    return path


def exports_present(out_dir: Path, year: int, trust_codes: Sequence[str]) -> bool:
    """True when the year's tidy table and every listed trust's workbook exist (an up-to-date run skips them)."""
    return tidy_path(out_dir, year).exists() and all(
        workbook_path(out_dir, code, year).exists() for code in trust_codes)
