"""Nothing but reader text: find developer markers in a built report before it is published.

A board member reads the report's visible text, the alternative text of its charts and the tooltips of its
elements. None of these may carry what only a developer understands: file paths, params keys, function or module
names, command-line flags, the metrics specification, stack traces or a missing value printed as ``nan``. The
pipeline runs :func:`developer_markers` on every staged report and refuses to publish one that has any, in the
same way the disclosure audit gate refuses a set that gives a small count away.
"""

from __future__ import annotations

from collections.abc import Sequence

import base64
import re
from html.parser import HTMLParser
from urllib.parse import unquote

__all__ = ["developer_markers", "reader_text", "staged_reports_problem"]

# Attributes a reader meets (read aloud or shown on hover); class names, ids and links are for the browser.
_READ_ATTRIBUTES = frozenset({"alt", "title", "aria-label", "aria-description", "placeholder", "summary", "label"})
# Elements whose content never reaches the reader (an SVG chart's metadata names the drawing library and date).
_HIDDEN_ELEMENTS = frozenset({"style", "script", "template", "metadata"})

# (what it is, pattern). Patterns are tried on each piece of reader text on its own, so context stays local.
_MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("stack trace", re.compile(r"Traceback \(most recent call last\)|\bFile \"[^\"]+\", line \d+")),
    ("error class name", re.compile(r"\b[A-Z][A-Za-z]*(?:Error|Exception)\b(?=:)")),
    ("file path", re.compile(r"(?:^|[\s(\"'])(?:\.\.?|~|…|\.\.\.)?/(?:[\w.-]+/)+[\w.-]*"
                             r"|\b[A-Za-z]:\\[\w\\.-]+"
                             r"|\b[\w-]+\.(?:ya?ml|py|ipynb|csv|parquet|xlsx|json|html?)\b")),
    ("module name", re.compile(r"\bedi_analysis\b|\bnbconvert\b|\bpapermill\b|\bjupyter\b|\bpandas\b", re.I)),
    # A name straight before "(" is a call: one with "_" or ".", or a word of four letters or more. Formulae such as
    # "√(p(1−p)/n)" or "log(x)" and the English "trust(s)" are reader text.
    ("function call", re.compile(r"\b(?:[A-Za-z_]\w*[_.][\w.]*|[A-Za-z]{4,}\w*)\((?!s\))")),
    ("code identifier", re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b[a-z]+\.[a-z_]+_[a-z_]+\b")),
    ("params key", re.compile(r"\bparams\b|(?<![\w-])sdc(?:\.\w+)?\b(?!-)", re.I)),
    ("command-line flag", re.compile(r"(?<![\w-])--[a-z][\w-]*")),
    ("developer word", re.compile(r"\bspecification\b|\bCensus-5\b|\bcensus5\b", re.I)),
    ("missing value shown", re.compile(r"\bnan\b|\bNaN\b|\bNaT\b|<NA>|\binf%|-inf\b|\bNone%")),
)
# Any of the markers at all: one search that rules out most pieces of text before each pattern is tried on its own
# (a search of the alternation finds a match exactly when one of the patterns has one).
_ANY_MARKER = re.compile("|".join(f"(?{'i' if p.flags & re.I else ''}:{p.pattern})"
                                  for _, p in _MARKERS))
# A cell or value that is only a missing-value token; "None" is an English word, so only on its own.
_BARE_MISSING = re.compile(r"^\s*(?:None|nan|NaN|NaT|<NA>|inf|-inf|null|undefined)\s*$")


class _ReaderText(HTMLParser):
    """Collect each text node and each reader-facing attribute value, outside style and script."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN_ELEMENTS:
            self._hidden += 1
        for name, value in attrs:
            if value and name in _READ_ATTRIBUTES:
                self.pieces.append(value)
            elif value and name in {"src", "href"} and value.startswith("data:image/svg+xml"):
                self.pieces.extend(_svg_text(value))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HIDDEN_ELEMENTS:
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN_ELEMENTS and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.pieces.append(data)


def _svg_text(uri: str) -> list[str]:
    """The reader text inside an embedded SVG chart (its text, titles and descriptions)."""
    head, _, payload = uri.partition(",")
    try:
        svg = base64.b64decode(payload).decode("utf-8") if head.endswith(";base64") else unquote(payload)
    except ValueError:
        return []
    inner = _ReaderText()
    inner.feed(svg)
    return inner.pieces


def reader_text(html: str) -> list[str]:
    """Every piece of text a reader of ``html`` meets: text nodes and reader-facing attributes, in page order."""
    parser = _ReaderText()
    parser.feed(html)
    parser.close()
    return parser.pieces


def developer_markers(html: str, allowed: Sequence[str] = ()) -> list[str]:
    """Developer markers in a built report's reader text, one line each, with the text around them.

    Parameters
    ----------
    html : str
        A built report (or any page a board member reads).
    allowed : sequence of str
        The trust's own words that reach the page as data (its name, system, region): whatever they hold is the
        trust's text, shown escaped, not the project's, so it is not read for markers.

    Returns
    -------
    list of str
        ``"<kind> 'match' in: …context…"`` for each marker found; empty when the page holds nothing but reader
        text. The kinds are file paths, params keys, module and function names, code identifiers, command-line
        flags, the word "specification", stack traces and missing values shown as ``nan``, ``None`` or ``<NA>``
        (issue 12, part 3).
    """
    found: list[str] = []
    seen: set[tuple[str, str]] = set()
    words = [" ".join(a.split()) for a in allowed if a and a.strip()]
    for piece in reader_text(html):
        text = " ".join(piece.split())
        for word in words:
            text = text.replace(word, " ")
        hits = [("missing value shown", m) for m in [_BARE_MISSING.match(text)] if m]
        if _ANY_MARKER.search(text):
            hits += [(kind, m) for kind, pattern in _MARKERS for m in pattern.finditer(text)]
        for kind, match in hits:
            token = match.group(0).strip()
            if (kind, token) in seen:
                continue
            seen.add((kind, token))
            start, end = max(0, match.start() - 50), min(len(text), match.end() + 50)
            context = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
            found.append(f"{kind} {token!r} in: {context}")
    return found


def staged_reports_problem(folder, names, allowed: Sequence[str] = ()) -> str | None:
    """Why the staged reports ``names`` in ``folder`` may not be published, or ``None`` when they hold only reader text.

    The pipeline's gate before promotion (:func:`edi_analysis.pipeline.run.publish_staged`): one message listing
    every marker by report, so the analyst can fix the wording and build again.
    """
    lines: list[str] = []
    for name in sorted(names):
        path = folder / name
        if path.suffix == ".html" and path.exists():
            lines += [f"{name}: {m}" for m in developer_markers(path.read_text(encoding="utf-8"), allowed)]
    if not lines:
        return None
    return (f"reader text check: {len(lines)} piece(s) of developer text would reach the board; nothing was "
            "replaced:\n" + "\n".join(lines[:20]) + (f"\n... and {len(lines) - 20} more" if len(lines) > 20 else ""))
