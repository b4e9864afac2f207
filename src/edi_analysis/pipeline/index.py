"""The index page of a reports folder: every report on disk, by year and trust, and the last run's failures."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path

from ..io.write import write_atomic
from .jobs import BENCHMARK_DIR, NOTEBOOK_TITLES, Outcome, dataset_path


def write_index(out_dir: Path, outcomes: Sequence[Outcome]) -> Path:
    """Write ``reports/index.html``: every report on disk, by year and trust, plus this run's failures."""
    out_dir.mkdir(parents=True, exist_ok=True)
    names = {o.trust_code: o.trust_name for o in outcomes if o.trust_name}
    failed = {(o.trust_code, o.year, o.notebook): o for o in outcomes if o.status == "failed"}
    found: dict[int, dict[str, list[Path]]] = {}
    group_reports: dict[int, list[Path]] = {}
    for path in sorted(out_dir.glob("*/*/*.html")):
        year_dir, trust_dir = path.parent.parent.name, path.parent.name
        if not year_dir.isdigit():
            continue
        if trust_dir == BENCHMARK_DIR:
            group_reports.setdefault(int(year_dir), []).append(path)
        else:
            found.setdefault(int(year_dir), {}).setdefault(trust_dir, []).append(path)
    group_names = {o.out_file.stem: o.trust_name for o in outcomes if o.out_file and o.out_file.parent.name == BENCHMARK_DIR}
    parts = []
    for year in sorted(set(found) | set(group_reports), reverse=True):
        rows = []
        for code in sorted(found.get(year, {})):
            links = " · ".join(
                f'<a href="{html.escape(p.relative_to(out_dir).as_posix())}">'
                f"{html.escape(NOTEBOOK_TITLES.get(p.stem, p.stem))}</a>"
                + (" <strong>(stale: last build failed)</strong>" if (code, year, p.stem) in failed else "")
                for p in found[year][code]
            )
            rows.append(f"<tr><th scope=\"row\">{html.escape(code)}</th><td>{html.escape(names.get(code, ''))}</td>"
                        f"<td>{links}</td></tr>")
        parts.append(f"<h2>Snapshot {year}</h2><table><caption>Reports for snapshot year {year}</caption>"
                     "<thead><tr><th scope=\"col\">Code</th><th scope=\"col\">Trust</th><th scope=\"col\">Reports</th>"
                     f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")
        if year in group_reports:
            links = "".join(f'<li><a href="{html.escape(p.relative_to(out_dir).as_posix())}">'
                            f"{html.escape(group_names.get(p.stem, p.stem.replace('-', ' ').capitalize()))}</a></li>"
                            for p in group_reports[year])
            data = dataset_path(out_dir, year)
            files = " · ".join(f'<a href="{year}/{f.name}">{f.name}</a>' for f in (data, data.with_suffix(".parquet"))
                               if f.exists())
            parts.append(f"<h3>Benchmarking across trusts, {year}</h3><ul>{links}</ul>"
                         + (f"<p>Benchmark data set (one row per trust, measure and group; small numbers "
                            f"suppressed): {files}</p>" if files else ""))
    if failed:
        items = "".join(f"<li>{html.escape(o.name)}: {html.escape(o.message.splitlines()[0] if o.message else '')}</li>"
                        for o in failed.values())
        parts.append(f'<h2>Not built in the last run</h2><ul class="failed">{items}</ul>')
    if not found:
        parts.append("<p>No reports have been built yet. Run <code>make reports</code>.</p>")
    page = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Workforce equality reports</title>
<style>
html {{ font-family: Arial, Helvetica, sans-serif; color: #1a1a1a; }}
main {{ max-width: 60rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; line-height: 1.5; }}
h1 {{ color: #005eb8; }} h2 {{ border-bottom: 2px solid #005eb8; }}
table {{ border-collapse: collapse; width: 100%; }} caption {{ text-align: left; font-weight: bold; padding: .3rem 0; }}
th, td {{ text-align: left; padding: .35rem .6rem; border-bottom: 1px solid #d0d0d0; }} a {{ color: #005eb8; }}
.failed li {{ color: #a00; }}
</style></head>
<body><main><h1>Workforce equality reports</h1>
<p>One report per trust and topic. Reports marked as synthetic describe fictional trusts.</p>
{''.join(parts)}
</main></body></html>
"""
    index = out_dir / "index.html"
    write_atomic(index, page)
    return index


