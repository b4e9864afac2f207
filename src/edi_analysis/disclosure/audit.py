"""The disclosure auditor: reads a built reports folder as an outsider would and solves for hidden counts.

No access to the package's results: only the published HTML reports (tables, key-finding sentences), the
exports beside them (``*_submission.csv``/``.parquet``/``.xlsx``, the trust's workbook and its rows of the
year's tidy table, read by :mod:`~edi_analysis.disclosure.audit_exports`) and the benchmark data set. Every
table is solved on its own (:mod:`~edi_analysis.disclosure.audit_solve`: totals, percentages of a shown base,
differences, changes between years, relative likelihoods, through the package's interval solver), then
figures hidden in one place are looked up where the same trust shows them (HTML table against submission CSV,
workbook and tidy table against each other and against both), and key-finding sentences are read for small
counts. A finding is a hidden count recovered exactly with a
value from 1 to ``min_count - 1`` (metrics.md section 9); recovered counts of ``min_count`` or more are not
disclosures but still feed the other relations.

``audit_trust(folder)`` is what the pipeline runs after building a trust; ``audit_dir(path)`` audits every
folder under ``path``; ``python -m edi_analysis audit DIR`` is the command line.
"""

from __future__ import annotations

import argparse
import functools
import itertools
import json
import re
import sys
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from .audit_exports import TIDY_NAMES, is_tidy, is_workbook, read_tidy, read_workbook, tidy_trusts
from .audit_read import Page, Table, read_benchmark_csv, read_html, read_submission_csv
from .audit_bounds import final_bounds, solve_all
from .audit_solve import Model, build_model
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


@dataclass(eq=False)
class _Solved:
    table: Table
    model: Model
    lo: list[float]
    hi: list[float]

    def where(self, v: int) -> tuple[int, int]:
        return next(k for k, i in self.model.var.items() if i == v)


_Link = tuple[_Solved, int, _Solved, int]


def _finding(s: _Solved, v: int, value: float, pattern: int, how: str) -> Finding:
    r, c = s.where(v)
    column = s.table.columns[c] + (f" ({s.table.cells[(r, c)]})" if (r, c) in s.table.cells else "")
    return Finding(s.table.file, s.table.caption, s.table.rows[r][0], column, int(value), pattern, how)


def _solve_table(t: Table, min_count: int, cache: dict | None = None) -> tuple[_Solved, list[Finding]]:
    """A table solved on its own. With ``cache``, a table shown the same way in another file (the workbook and
    the two tidy files hold the same tables) reuses that solution: same model, same bounds, its own names."""
    key = None
    if cache is not None:
        key = (t.caption, tuple(t.columns), tuple((label, tuple(cells)) for label, cells in t.rows))
        if key in cache:
            m, first, lo, hi = cache[key]
            solved = _Solved(t, m, list(lo), list(hi))
            return solved, [_finding(solved, v, lo[v], *_how(m, v, stage)) for v, stage in first]
    m = build_model(t, discover=any(x.hidden for _, cells in t.rows for x in cells))
    if m.hidden:
        first, lo, hi = solve_all(m)
    else:  # nothing hidden: nothing to learn here, but its shown cells still feed other files
        first, lo, hi = {}, list(m.lo), list(m.hi)
    small = [(v, stage) for v, stage in sorted(first.items()) if _is_small(lo[v], min_count)]
    if key is not None:
        cache[key] = (m, small, lo, hi)
    solved = _Solved(t, m, list(lo), list(hi))
    return solved, [_finding(solved, v, lo[v], *_how(m, v, stage)) for v, stage in small]


def audit_tables(tables: list[Table], min_count: int) -> list[Finding]:
    """Findings from each table on its own (every pattern but the cross-file and sentence ones)."""
    return [f for t in tables for f in _solve_table(t, min_count)[1]]


# --- the same figure in two places of one trust -----------------------------------------------------------

@functools.lru_cache(maxsize=1 << 16)  # the same labels and headers are compared again and again
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


def _html_links(pairs: list[tuple[_Solved, _Solved]]) -> list[_Link]:
    """Cells of an HTML table and of an export (submission CSV, workbook, tidy table) holding the same count."""
    links = []  # (solved a, var a, solved b, var b)
    html_keys: dict[int, dict] = {}
    for html, export in pairs:
        if id(html) not in html_keys:
            html_keys[id(html)] = {(r, c): key for (r, c), v in html.model.var.items()
                                   if html.model.integer[v] and (key := _html_key(html.table, r, c))}
        keys = html_keys[id(html)]
        for (er, ec), ekey in export.table.keys.items():
            if (er, ec) not in export.model.var:
                continue
            ind, row, group, role = ekey[0], _norm(ekey[1]), _norm(ekey[2]), ekey[3]
            hits = [k for k, (i, r, g, o) in keys.items()
                    if i == ind and o == role and r in ("*", row) and g in ("*", group)]
            if len(hits) == 1:
                links.append((html, html.model.var[hits[0]], export, export.model.var[(er, ec)]))
    # a workbook or tidy table repeats a figure over years and subgroups: keep only one-to-one links
    per_html = Counter((id(h), vh, e.table.file) for h, vh, e, _ in links if e.table.source == "export")
    return [(h, vh, e, ve) for h, vh, e, ve in links
            if e.table.source != "export" or per_html[(id(h), vh, e.table.file)] == 1]


def _feed(links: list[_Link], min_count: int) -> list[Finding]:
    """Pattern 6: a count hidden in one file and shown (or worked out) in another, fed back into both."""
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
                         f"{b.table.rows[r][0]!r}, {b.table.columns[c]!r}"
                         + (f" ({b.table.cells[(r, c)]})" if (r, c) in b.table.cells else ""))
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


def _same_key(sub: tuple[str, ...], exp: tuple[str, ...]) -> bool:
    """A submission CSV cell and a workbook/tidy cell of the same count (see ``audit_exports.standard_key``)."""
    if sub[0] != exp[0] or sub[3] != exp[3] or (exp[2] != "*" and _norm(sub[2]) != _norm(exp[2])):
        return False
    return sub[1].endswith(exp[1][1:]) if exp[1].startswith("~") else _norm(sub[1]) == _norm(exp[1])


def _export_links(subs: list[_Solved], exps: list[_Solved]) -> list[_Link]:
    """Workbook and tidy cells linked with each other (same table, block, row and measure) and with the
    submission CSVs; only one-to-one matches, so no link rests on a guess."""
    links: list[_Link] = []
    index: dict[tuple, list[tuple[_Solved, int]]] = {}
    for e in exps:
        for rc, key in e.table.links.items():
            if rc in e.model.var:
                index.setdefault(key, []).append((e, e.model.var[rc]))
    for cells in index.values():
        files = {s.table.file for s, _ in cells}
        if len(files) == len(cells) > 1:
            links += [(a, va, b, vb) for (a, va), (b, vb) in itertools.pairwise(cells)]
    # submission cells by (indicator, role), which _same_key requires equal: each export cell meets only those,
    # in the same order as before (a scan of every pair was most of the audit's linking time)
    sub_cells: dict[tuple[str, str], list[tuple[_Solved, int, tuple[str, ...]]]] = {}
    for s in subs:
        for rc, key in s.table.keys.items():
            if rc in s.model.var:
                sub_cells.setdefault((key[0], key[3]), []).append((s, s.model.var[rc], key))
    pairs = [(s, v, e, e.model.var[rc]) for e in exps for rc, key in e.table.keys.items() if rc in e.model.var
             for s, v, skey in sub_cells.get((key[0], key[3]), ()) if _same_key(skey, key)]
    per_sub = Counter((id(s), v, e.table.file) for s, v, e, _ in pairs)
    per_exp = Counter((id(e), ve, s.table.file) for s, _, e, ve in pairs)
    return links + [(s, v, e, ve) for s, v, e, ve in pairs
                    if per_sub[(id(s), v, e.table.file)] == 1 and per_exp[(id(e), ve, s.table.file)] == 1]


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
    if is_workbook(path):
        return read_workbook(path, min_count)
    return []


def _tidy_tables(folder: Path, min_count: int) -> dict[str, list[Table]]:
    """The tidy table's rows for this folder's trust (the table sits in the year's folder, one up), or, in the
    year's folder, for every trust that has no folder of its own there (audited with its folder otherwise)."""
    out: dict[str, list[Table]] = {}
    for path in [folder.parent / n for n in TIDY_NAMES if (folder.parent / n).is_file()]:
        if folder.name in tidy_trusts(path):
            out[str(path)] = read_tidy(path, min_count, folder.name)
    for path in [folder / n for n in TIDY_NAMES if (folder / n).is_file()]:
        alone = [code for code in tidy_trusts(path) if code and not (folder / code).is_dir()]
        out[str(path)] = [t for code in alone for t in read_tidy(path, min_count, code, name_trust=True)]
    return out


def audit_trust(folder: str | Path, min_count: int | None = None) -> list[Finding]:
    """Every finding in one folder of reports (a trust's, or a year's benchmark files).

    Parameters
    ----------
    folder
        A folder holding ``*.html`` reports and their exports (not searched recursively); a trust's rows of the
        year's tidy table (``equality-tables.csv``/``.parquet`` one folder up) are read with them.
    min_count
        The smallest count that may be published; default :attr:`Policy.min_count`.
    """
    min_count = Policy().min_count if min_count is None else min_count
    folder = Path(folder)
    pages: dict[str, Page] = {p.stem: read_html(p, min_count) for p in sorted(folder.glob("*.html"))}
    exports = {str(p): _export_tables(p, min_count) for p in sorted(folder.iterdir())
               if p.is_file() and p.suffix.lower() in _EXPORTS and not is_tidy(p)}
    exports.update(_tidy_tables(folder, min_count))
    found: list[Finding] = []
    solved: dict[str, list[_Solved]] = {}
    cache: dict = {}
    for name, tables in [(k, v.tables) for k, v in pages.items()] + list(exports.items()):
        solved[name] = []
        for t in tables:
            s, f = _solve_table(t, min_count, cache if t.source == "export" else None)
            solved[name].append(s)
            found += f
    pairs = []  # (HTML table, submission or workbook/tidy table of the same report)
    subs, exps = [], []
    for path in exports:
        stem = Path(path).stem
        if stem.endswith("_submission"):
            subs += solved[path]
            pairs += [(h, e) for h in solved.get(stem.removesuffix("_submission"), []) for e in solved[path]]
            continue
        exps += [e for e in solved[path] if e.table.source == "export"]
        for e in (e for e in solved[path] if e.table.keys):  # WRES/WDES tables: "WRES: ..." beside wres.html
            page = e.table.caption.split(":", 1)[0].lower()
            pairs += [(h, e) for h in solved.get(page, []) if _INDICATOR.match(h.table.caption)]
    found += _feed(_html_links(pairs) + _export_links(subs, exps), min_count)
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
