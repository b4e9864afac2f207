"""The disclosure auditor: reads a built reports folder as an outsider would and solves for hidden counts.

No access to the package's results: only the published HTML reports (tables, key-finding sentences), the
exports beside them (``*_submission.csv``/``.parquet``/``.xlsx``) and the benchmark data set. Every table
is solved on its own (:mod:`~edi_analysis.disclosure.audit_solve`: totals, percentages of a shown base,
differences, changes between years, relative likelihoods, through the package's interval solver), then
figures hidden in one place are looked up where the same trust shows them (HTML table against export),
and key-finding sentences are read for small counts. A finding is a hidden count recovered exactly with a
value from 1 to ``min_count - 1`` (metrics.md section 9); recovered counts of ``min_count`` or more are not
disclosures but still feed the other relations.

``audit_trust(folder)`` is what the pipeline runs after building a trust; ``audit_dir(path)`` audits every
folder under ``path``; ``python -m edi_analysis audit DIR`` is the command line.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

from .audit_read import Page, Table, read_benchmark_csv, read_html, read_submission_csv
from .audit_solve import Model, build_model, final_bounds, solve_stages
from .policy import Policy

__all__ = ["PATTERNS", "Finding", "audit_dir", "audit_sentences", "audit_tables", "audit_trust", "main"]

_PATTERN_LIST = (
    ("total", "total beside its parts with one hidden part"),
    ("several", "several hidden cells pinned by their lines"),
    ("percentage", "count from a percentage of a shown base"),
    ("difference", "difference shown beside one of its terms"),
    ("likelihood", "relative likelihood or change between years"),
    ("elsewhere", "hidden in one place, shown in another"),
    ("sentence", "key-finding sentence"),
)
#: pattern number (as in the audit's brief) -> what it is
PATTERNS = {i: text for i, (_, text) in enumerate(_PATTERN_LIST, start=1)}
_P = {name: i for i, (name, _) in enumerate(_PATTERN_LIST, start=1)}
_STAGE_PATTERN = {1: _P["percentage"], 2: _P["difference"], 3: _P["likelihood"], 4: _P["likelihood"]}
_EXPORTS = (".csv", ".parquet", ".xlsx")
_NUMBER_WORDS = {w: i + 1 for i, w in enumerate(("one", "two", "three", "four", "five", "six", "seven", "eight",
                                                  "nine", "ten", "eleven", "twelve", "thirteen", "fourteen"))}
_FEED_ROUNDS = 8  # cross-file feeding stops when nothing new is learnt; this only bounds pathological cases
_PEOPLE = (r"(?:people|persons?|staff|members?|employees|applicants|respondents|colleagues|women|men|workers|"
           r"leavers|starters|individuals|doctors|nurses|consultants|managers|directors|cases|appointments)")
_NOT_PEOPLE = r"(?!\s+(?:groups?|networks?|survey|side|record)\b)"
# "3 people", "(3 staff)", "3 BME board members", "two board members" (not "one in three staff")
_COUNT_IN_TEXT = re.compile(
    r"(?<![\d.,%£])\b(\d[\d,]*)\s+(?:[A-Za-z-]+\s+){0,2}?" + _PEOPLE + r"\b" + _NOT_PEOPLE
    + r"|\b(" + "|".join(_NUMBER_WORDS) + r")\s+(?:(?!(?:in|of|per|out|from)\b)[A-Za-z-]+\s+)?" + _PEOPLE + r"\b"
    + _NOT_PEOPLE, re.IGNORECASE)
_RATE_BEFORE = re.compile(r"\b(?:per|in|every|of)\s*$", re.IGNORECASE)  # "1 in 3 staff", "per 1,000 staff"
_PCT_OF_BASE = re.compile(r"(\d+(?:\.\d+)?)%\s+(?:of|out of)\s+(?:the\s+|their\s+|its\s+)?(\d[\d,]*)\b(?!\.\d|%)"
                          r"|(\d+(?:\.\d+)?)%[^.;%]{0,40}?\(n\s*=\s*(\d[\d,]*)\)", re.IGNORECASE)
_INDICATOR = re.compile(r"^\s*(?:indicator|metric)\s+(\d+)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """A hidden count that a reader can recover: where it is, its value and how."""

    file: str
    table: str
    row: str
    column: str
    value: int
    pattern: int
    how: str

    def line(self) -> str:
        return (f"{self.file}: [{self.table}] row {self.row!r}, column {self.column!r} = {self.value} "
                f"(pattern {self.pattern}: {PATTERNS[self.pattern]}; {self.how})")


def _is_small(value: float, min_count: int) -> bool:
    return float(value).is_integer() and 1 <= value <= min_count - 1


def _how(m: Model, v: int, stage: int) -> tuple[int, str]:
    if stage == 0:
        hidden_alone = any(v in line.cells and all(i == v or i not in m.hidden and m.lo[i] == m.hi[i]
                                                   for i in line.cells) for line in m.lines)
        return (_P["total"], "a shown total minus its shown parts") if hidden_alone else (
            _P["several"], "the lines through it leave one value for the hidden cells")
    return _STAGE_PATTERN[stage], {1: "the shown percentage and base leave one whole number",
                                   2: "a shown difference and its other term",
                                   3: "a shown change and the other year",
                                   4: "the shown relative likelihood and the other three counts"}[stage]


@dataclass
class _Solved:
    table: Table
    model: Model
    lo: list[float]
    hi: list[float]

    def where(self, v: int) -> tuple[int, int]:
        return next(k for k, i in self.model.var.items() if i == v)


def _finding(s: _Solved, v: int, value: float, pattern: int, how: str) -> Finding:
    r, c = s.where(v)
    return Finding(s.table.file, s.table.caption, s.table.rows[r][0], s.table.columns[c], int(value), pattern, how)


def _solve_table(t: Table, min_count: int) -> tuple[_Solved, list[Finding]]:
    m = build_model(t)
    first = solve_stages(m)
    lo, hi = final_bounds(m)
    solved = _Solved(t, m, lo, hi)
    found = []
    for v, stage in sorted(first.items()):
        if _is_small(lo[v], min_count):
            found.append(_finding(solved, v, lo[v], *_how(m, v, stage)))
    return solved, found


def audit_tables(tables: list[Table], min_count: int) -> list[Finding]:
    """Findings from each table on its own (every pattern but the cross-file and sentence ones)."""
    return [f for t in tables for f in _solve_table(t, min_count)[1]]


# --- the same figure in two places of one trust -----------------------------------------------------------

def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def _html_key(t: Table, r: int, c: int) -> tuple[str, str, str, str] | None:
    m = _INDICATOR.match(t.caption)
    if not m:
        return None
    header = t.columns[c].strip()
    role = "numerator"
    if re.search(r"\(n\)$", header):
        group = header[:-3]
    elif ":" in header:
        group, what = (x.strip() for x in header.rsplit(":", 1))
        role = "numerator" if what.lower() in ("events", "n", "count") else "denominator"
    elif _norm(header) in ("members", "staff", "headcount", "total"):
        group, role = "*", "denominator"
    else:
        group = header
    row = "*" if len(t.rows) == 1 else _norm(t.rows[r][0])
    return m.group(1), row, group if group == "*" else _norm(group), role


def _match(html: tuple[str, str, str, str], export: tuple[str, ...]) -> bool:
    ind, row, group, role = html
    e_ind, e_row, e_group, e_role = export[0], _norm(export[1]), _norm(export[2]), export[3]
    return (ind == e_ind and role == e_role and row in ("*", e_row) and group in ("*", e_group))


def _cross(pairs: list[tuple[_Solved, _Solved]], min_count: int) -> list[Finding]:
    """Pattern 6: a count hidden in one file and shown (or worked out) in the other, fed back into both."""
    links = []  # (solved a, var a, solved b, var b)
    for html, export in pairs:
        keys = {(r, c): _html_key(html.table, r, c) for (r, c), v in html.model.var.items()
                if html.model.integer[v]}
        for (er, ec), ekey in export.table.keys.items():
            if (er, ec) not in export.model.var:
                continue
            hits = [k for k, key in keys.items() if key and _match(key, ekey)]
            if len(hits) == 1:
                links.append((html, html.model.var[hits[0]], export, export.model.var[(er, ec)]))
    found = []
    for _ in range(_FEED_ROUNDS):
        fed = False
        for a, va, b, vb in links + [(b, vb, a, va) for a, va, b, vb in links]:
            if not a.model.integer[va] or not b.model.integer[vb]:
                continue
            if b.lo[vb] == b.hi[vb] and a.lo[va] != a.hi[va] and a.lo[va] <= b.lo[vb] <= a.hi[va]:
                value = b.lo[vb]
                r, c = b.where(vb)
                place = (f"{Path(b.table.file).name} [{b.table.caption}] "
                         f"{b.table.rows[r][0]!r}, {b.table.columns[c]!r}")
                before = {v for v in a.model.hidden if a.lo[v] == a.hi[v]}
                lo, hi = list(a.lo), list(a.hi)
                lo[va] = hi[va] = value
                a.lo, a.hi = final_bounds(a.model, lo, hi)
                fed = True
                for v in sorted(a.model.hidden):
                    if v not in before and a.lo[v] == a.hi[v] and _is_small(a.lo[v], min_count):
                        how = f"shown or worked out as {int(value)} in {place}" if v == va else (
                            f"after taking {int(value)} from {place}")
                        found.append(_finding(a, v, a.lo[v], _P["elsewhere"], how))
        if not fed:
            break
    return found


# --- key-finding sentences ---------------------------------------------------------------------------------

def audit_sentences(file: str, sentences: list[str], min_count: int) -> list[Finding]:
    """Pattern 7: sentences that state a count under ``min_count``, or a percentage of a stated base that is."""
    found = []
    for s in sentences:
        for m in _COUNT_IN_TEXT.finditer(s):
            word = (m.group(1) or m.group(2)).lower()
            value = _NUMBER_WORDS.get(word) or int(word.replace(",", ""))
            if _RATE_BEFORE.search(s[:m.start()]) or not _is_small(value, min_count):
                continue
            found.append(Finding(file, "key findings", s, m.group(0), value, _P["sentence"],
                                 "the sentence states the count"))
        for m in _PCT_OF_BASE.finditer(s):
            pct, base = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            base = int(base.replace(",", ""))
            decimals = len(pct.split(".")[1]) if "." in pct else 0
            tol = 0.5 * 0.1 ** decimals
            fits = [x for x in range(base + 1) if abs(100 * x / base - float(pct)) <= tol + 1e-9] if base else []
            if len(fits) == 1 and _is_small(fits[0], min_count):
                found.append(Finding(file, "key findings", s, m.group(0), fits[0], _P["sentence"],
                                     f"{pct}% of {base} leaves one whole number"))
    return found


# --- folders -----------------------------------------------------------------------------------------------

def _export_tables(path: Path, min_count: int) -> list[Table]:
    if path.stem.startswith("benchmark"):
        return read_benchmark_csv(path, min_count)
    if path.stem.endswith("_submission"):
        return read_submission_csv(path, min_count)
    return []


def audit_trust(folder: str | Path, min_count: int | None = None) -> list[Finding]:
    """Every finding in one folder of reports (a trust's, or a year's benchmark files).

    Parameters
    ----------
    folder
        A folder holding ``*.html`` reports and their exports (not searched recursively).
    min_count
        The smallest count that may be published; default :attr:`Policy.min_count`.
    """
    min_count = Policy().min_count if min_count is None else min_count
    folder = Path(folder)
    pages: dict[str, Page] = {p.stem: read_html(p, min_count) for p in sorted(folder.glob("*.html"))}
    exports = {p: _export_tables(p, min_count) for p in sorted(folder.iterdir())
               if p.is_file() and p.suffix.lower() in _EXPORTS}
    found: list[Finding] = []
    solved: dict[str, list[_Solved]] = {}
    for name, tables in [(k, v.tables) for k, v in pages.items()] + [(str(p), v) for p, v in exports.items()]:
        solved[name] = []
        for t in tables:
            s, f = _solve_table(t, min_count)
            solved[name].append(s)
            found += f
    pairs = []
    for path in exports:
        stem = path.stem.removesuffix("_submission")
        if path.stem.endswith("_submission") and stem in pages:
            pairs += [(h, e) for h in solved[stem] for e in solved[str(path)]]
    found += _cross(pairs, min_count)
    for page in pages.values():
        found += audit_sentences(page.file, page.findings, min_count)
    unique = {}
    for f in found:
        unique.setdefault((f.file, f.table, f.row, f.column), f)
    return list(unique.values())


def audit_dir(path: str | Path, min_count: int | None = None) -> list[Finding]:
    """Every finding in every folder under ``path`` (itself included) that holds reports or exports."""
    path = Path(path)
    folders = [path] + sorted(p for p in path.rglob("*") if p.is_dir())
    found = []
    for folder in folders:
        if any(p.is_file() and (p.suffix.lower() in _EXPORTS or p.suffix.lower() == ".html")
               for p in folder.iterdir()):
            found += audit_trust(folder, min_count)
    return found


def main(argv: list[str] | None = None) -> int:
    """``python -m edi_analysis audit DIR [--min-count N] [--json FILE]``: exit 1 on any finding."""
    parser = argparse.ArgumentParser(prog="python -m edi_analysis audit",
                                     description="Try to recover every hidden count in a built reports folder.")
    parser.add_argument("dir", help="reports folder (e.g. reports/, reports/2026 or one trust's folder)")
    parser.add_argument("--min-count", type=int, default=Policy().min_count,
                        help="smallest count that may be published (default: the policy's)")
    parser.add_argument("--json", metavar="FILE", help="also write the findings to FILE as JSON")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    if not Path(args.dir).is_dir():
        print(f"audit: {args.dir} is not a folder", file=sys.stderr)
        return 2
    if args.min_count < 1:
        print("audit: --min-count must be at least 1", file=sys.stderr)
        return 2
    found = audit_dir(args.dir, args.min_count)
    for f in found:
        print(f.line())
    by_pattern = {p: sum(f.pattern == p for f in found) for p in PATTERNS}
    files = len({f.file for f in found})
    print(f"{len(found)} hidden count(s) recoverable in {files} file(s)"
          + (": " + ", ".join(f"pattern {p}: {n}" for p, n in by_pattern.items() if n) if found else ""))
    if args.json:
        rows = [asdict(f) | {"pattern_name": PATTERNS[f.pattern]} for f in found]
        from ..io.write import write_atomic  # atomic like every other output

        write_atomic(Path(args.json), json.dumps(rows, indent=2))
    return 1 if found else 0
