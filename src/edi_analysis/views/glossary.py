"""One plain-English glossary for every report, and links to it from the jargon in the reports' sentences.

The terms live in ``glossary.yaml`` beside this module (data, not code). :func:`glossary` renders them as a
definition list at the end of a report; :func:`references` gives, after a finding, note or caption, links to
the definitions of the terms it uses, so a board member can look up "relative likelihood" or "pp" where they
meet it (WCAG 2.2, 3.1.3 Unusual Words and 3.1.4 Abbreviations).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

__all__ = ["Term", "TERMS", "terms", "anchor", "used", "references", "glossary", "HEADING_ID"]

#: The id of the glossary's heading, for a link to the whole glossary.
HEADING_ID = "glossary"
_DATA = Path(__file__).with_name("glossary.yaml")


@dataclass(frozen=True)
class Term:
    """One glossary entry: its anchor key, the term as shown, the patterns that find it and its definition."""

    key: str
    term: str
    patterns: tuple[str, ...]
    definition: str

    @property
    def regex(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in self.patterns))


@cache
def terms() -> tuple[Term, ...]:
    """The glossary's terms, in the order they are listed (read once from ``glossary.yaml``)."""
    raw = yaml.safe_load(_DATA.read_text(encoding="utf-8"))
    out = tuple(Term(str(t["key"]), str(t["term"]), tuple(str(p) for p in t["patterns"]), " ".join(str(t["definition"]).split()))
                for t in raw)
    keys = [t.key for t in out]
    if len(set(keys)) != len(keys):
        raise ValueError(f"glossary.yaml: every key must be unique; got {sorted(keys)}.")
    return out


TERMS = terms()


def anchor(key: str) -> str:
    """The id of a term's definition in the rendered glossary."""
    return f"glossary-{key}"


def used(text: str) -> list[Term]:
    """The glossary terms a piece of reader text uses, in the order they first appear."""
    found = [(m.start(), t) for t in TERMS if (m := t.regex.search(text))]
    return [t for _, t in sorted(found, key=lambda x: x[0])]


def references(text: str, *, inline: bool = True) -> str:
    """Links to the definitions of the terms ``text`` uses, as markup to put after it ("" when none).

    ``inline``: a bracketed aside to follow a sentence; otherwise a line of its own (after a list of findings).

    The links follow the sentence rather than sit inside it, so the sentence stays one run of text (copied,
    searched and read aloud whole) and each link names the term it explains.
    """
    terms_ = used(text)
    if not terms_:
        return ""
    links = ", ".join(f'<a href="#{anchor(t.key)}">{html.escape(t.term)}</a>' for t in terms_)
    if inline:
        return f' <span class="glossary-refs">(In the glossary: {links}.)</span>'
    return f'<p class="glossary-refs">In the glossary: {links}.</p>'


class _Section:
    """Trusted markup shown by Jupyter (the shape of ``display.Html``, which imports this module)."""

    def __init__(self, markup: str):
        self.markup = markup

    def _repr_html_(self) -> str:
        return self.markup


def glossary(heading: str = "Glossary") -> _Section:
    """The glossary as a definition list under its own heading, for the last cell of every report."""
    items = "".join(f'<dt id="{anchor(t.key)}">{html.escape(t.term)}</dt><dd>{html.escape(t.definition)}</dd>'
                    for t in TERMS)
    return _Section(f'<section class="glossary" aria-labelledby="{HEADING_ID}"><h2 id="{HEADING_ID}">'
                    f"{html.escape(heading)}</h2><p>What the technical words in this report mean.</p>"
                    f"<dl>{items}</dl></section>")
