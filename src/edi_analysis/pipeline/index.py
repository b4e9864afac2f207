"""The index pages of a reports folder: one landing page per trust, and the top page listing every trust.

``reports/<year>/<trust>/index.html`` lists the board summary first, then the reports, the board pack (when
one was made) and the exports in the folder (submission CSVs, workbooks). ``reports/index.html`` lists every
trust with a few headline figures read from the run's PUBLISHED benchmark data set (``<year>/benchmark.csv``,
small numbers already suppressed), never from the trusts' data, and the last run's failures. Every name and
value on the pages is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import quote

import pandas as pd

from ..io.write import write_atomic
from .jobs import BENCHMARK_DIR, NOTEBOOK_TITLES, Outcome, dataset_path

__all__ = ["HEADLINES", "REPORT_ORDER", "trust_page", "write_index", "write_trust_index"]

#: The order reports appear in on a trust's page (the board summary first); others follow by name.
REPORT_ORDER = ("summary", "pay_gaps", "wres", "wdes", "bullying_harassment", "trends")
BOARD_PACK = "board-pack.pdf"
_EXPORTS = {".csv": "CSV file", ".xlsx": "Excel workbook", ".parquet": "Parquet file"}
#: Benchmark data set metric -> column heading on the top page, with its unit.
HEADLINES: dict[str, tuple[str, str]] = {
    "Gender pay gap (median, %)": ("Gender pay gap (median)", "%"),
    "BME staff, % of bands 8a and above": ("BME staff in bands 8a and above", "%"),
    "WRES 2: appointment from shortlisting (White / BME)": (
        "White applicants' likelihood of appointment, relative to BME applicants (times)", ""),
    "Staff survey: harassment_colleagues": ("Harassment from colleagues (staff survey)", "%"),
}
_STYLE = """html { font-family: Arial, Helvetica, sans-serif; color: #1a1a1a; }
main { max-width: 60rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; line-height: 1.5; }
h1 { color: #005eb8; } h2 { border-bottom: 2px solid #005eb8; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; } caption { text-align: left; font-weight: bold; padding: .3rem 0; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #d0d0d0; } a { color: #005eb8; }
td.num { text-align: right; } .failed li, .stale { color: #a00; }
.first a { font-weight: bold; }"""


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n<title>{html.escape(title)}</title>\n'
            f"<style>\n{_STYLE}\n</style></head>\n<body><main>{body}</main></body></html>\n")


def _href(path: str) -> str:
    return html.escape(quote(path), quote=True)


def _report_key(path: Path) -> tuple[int, str]:
    return (REPORT_ORDER.index(path.stem) if path.stem in REPORT_ORDER else len(REPORT_ORDER), path.stem)


def trust_page(folder: Path, trust_name: str, year: int, stale: Sequence[str] = ()) -> str:
    """The landing page of one trust's folder: summary, reports, board pack and exports that are in it."""
    reports = sorted((p for p in folder.glob("*.html") if p.stem != "index"), key=_report_key)
    who = trust_name or folder.name
    items = []
    for p in reports:
        note = ' <span class="stale">(not updated: the last build of this report failed)</span>' \
            if p.stem in stale else ""
        first = ' class="first"' if p.stem == "summary" else ""
        items.append(f'<li{first}><a href="{_href(p.name)}">{html.escape(NOTEBOOK_TITLES.get(p.stem, p.stem))}</a>'
                     f"{note}</li>")
    parts = [(f"<h1>{html.escape(who)}</h1><p>Workforce equality reports for {year}. Start with the board summary: "
              "it brings together what the board needs to know, with links to the detail.</p>"),
             f"<h2>Reports</h2><ul>{''.join(items)}</ul>" if items else "<p>No reports have been built yet.</p>"]
    pack = folder / BOARD_PACK
    if pack.exists():
        parts.append(f'<h2>Board pack</h2><p><a href="{_href(pack.name)}">Board pack for printing (PDF)</a>: the '
                     "reports in one document.</p>")
    exports = _files(folder)
    if exports:
        rows = "".join(f'<li><a href="{_href(p.name)}">{html.escape(p.name)}</a> ({_EXPORTS[p.suffix.lower()]})</li>'
                       for p in exports)
        parts.append("<h2>Data files</h2><p>Figures from the reports for analysts, with small numbers hidden as in "
                     f"the reports.</p><ul>{rows}</ul>")
    parts.append('<p><a href="../../index.html">All trusts</a></p>')
    return _page(f"{who}: workforce equality reports {year}", "".join(parts))


def _files(folder: Path) -> list[Path]:
    """The data files in a folder (CSV, Excel, Parquet), by name; hidden files left out."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in _EXPORTS
                  and not p.name.startswith("."))


def write_trust_index(folder: Path, trust_name: str, year: int, stale: Sequence[str] = ()) -> Path:
    """Write ``index.html`` in one trust's report folder (see :func:`trust_page`)."""
    path = folder / "index.html"
    write_atomic(path, trust_page(folder, trust_name, year, stale))
    return path


def _headlines(out_dir: Path, year: int) -> dict[str, dict[str, str]]:
    """Trust code -> column heading -> the figure as shown, from the published benchmark data set."""
    path = dataset_path(out_dir, year)
    if not path.exists():
        return {}
    data = pd.read_csv(path, dtype={"trust_code": "string", "metric": "string"})
    data = data[data["metric"].isin(list(HEADLINES))]
    out: dict[str, dict[str, str]] = {}
    for row in data.itertuples(index=False):
        heading, unit = HEADLINES[str(row.metric)]
        suppressed = str(row.suppressed).strip().lower() == "true"
        if suppressed or pd.isna(row.value):
            text = "too few to publish" if suppressed else "not available"
        else:
            text = f"{float(row.value):.1f}{unit}" if unit else f"{float(row.value):.2f}"
        out.setdefault(str(row.trust_code), {})[heading] = text
    return out


def _year_section(out_dir: Path, year: int, trusts: Mapping[str, list[Path]], names: Mapping[str, str],
                  failed: Mapping[tuple[str, int, str], Outcome]) -> str:
    figures = _headlines(out_dir, year)
    headings = [h for h, _ in HEADLINES.values()]
    rows = []
    for code in sorted(trusts):
        stale = [nb for (c, y, nb) in failed if c == code and y == year]
        write_trust_index(out_dir / str(year) / code, names.get(code, ""), year, stale)
        cells = "".join(f'<td class="num">{html.escape(figures.get(code, {}).get(h, "not available"))}</td>'
                        for h in headings)
        flag = ' <span class="stale">(some reports not updated)</span>' if stale else ""
        rows.append(f'<tr><th scope="row"><a href="{_href(f"{year}/{code}/index.html")}">'
                    f"{html.escape(names.get(code, code))}</a> ({html.escape(code)}){flag}</th>{cells}</tr>")
    head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in headings)
    note = ("<p>Figures from the benchmark data set, which holds only what the trusts' published reports show: a "
            "figure built on too few people is not published.</p>" if figures else "")
    files = _files(out_dir / str(year)) if (out_dir / str(year)).is_dir() else []
    data = "".join(f'<li><a href="{_href(f"{year}/{f.name}")}">{html.escape(f.name)}</a> '
                   f"({_EXPORTS[f.suffix.lower()]})</li>" for f in files)
    return (f"<h2>Reporting year {year}</h2>{note}<div class=\"scroll\"><table><caption>Trusts and headline figures, "
            f"{year}</caption><thead><tr><th scope=\"col\">Trust</th>{head}</tr></thead><tbody>{''.join(rows)}"
            "</tbody></table></div>"
            + (f"<h3>Data sets across trusts, {year}</h3><p>One row per trust and figure, small numbers hidden as in "
               f"the reports.</p><ul>{data}</ul>" if data else ""))


def _group_section(out_dir: Path, year: int, reports: Sequence[Path], names: Mapping[str, str]) -> str:
    links = "".join(f'<li><a href="{_href(p.relative_to(out_dir).as_posix())}">'
                    f"{html.escape(names.get(p.stem, p.stem.replace('-', ' ').capitalize()))}</a></li>" for p in reports)
    return f"<h3>Benchmarking across trusts, {year}</h3><ul>{links}</ul>"


def write_index(out_dir: Path, outcomes: Sequence[Outcome]) -> Path:
    """Write ``reports/index.html`` and every trust's landing page, from the reports on disk and this run."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = {o.trust_code: o.trust_name for o in outcomes if o.trust_name}
    failed = {(o.trust_code, o.year, o.notebook): o for o in outcomes if o.status == "failed"}
    found: dict[int, dict[str, list[Path]]] = {}
    group_reports: dict[int, list[Path]] = {}
    for path in sorted(out_dir.glob("*/*/*.html")):
        year_dir, trust_dir = path.parent.parent.name, path.parent.name
        if not year_dir.isdigit() or path.stem == "index":
            continue
        if trust_dir == BENCHMARK_DIR:
            group_reports.setdefault(int(year_dir), []).append(path)
        else:
            found.setdefault(int(year_dir), {}).setdefault(trust_dir, []).append(path)
    group_names = {o.out_file.stem: o.trust_name for o in outcomes
                   if o.out_file and o.out_file.parent.name == BENCHMARK_DIR}
    parts = [("<h1>Workforce equality reports</h1><p>Each trust's page starts with its one-page board summary, then "
              "its reports. Reports marked as synthetic describe fictional trusts.</p>")]
    for year in sorted(set(found) | set(group_reports), reverse=True):
        if year in found:
            parts.append(_year_section(out_dir, year, found[year], names, failed))
        if year in group_reports:
            parts.append(_group_section(out_dir, year, group_reports[year], group_names))
    if failed:
        items = "".join(f"<li>{html.escape(o.name)}: {html.escape(o.message.splitlines()[0] if o.message else '')}</li>"
                        for o in failed.values())
        parts.append(f'<h2>Not built in the last run</h2><ul class="failed">{items}</ul>')
    if not found:
        parts.append("<p>No reports have been built yet.</p>")
    index = out_dir / "index.html"
    write_atomic(index, _page("Workforce equality reports", "".join(parts)))
    return index
