"""Key findings chosen by rules written as data, from published results only.

:mod:`edi_analysis.views.findings_facts` reads a report's published results into facts (a hidden figure
never becomes one); the rules in ``findings_rules.yaml`` pick among them (largest statistically significant
gap, every off-track target, every significant change, every data-quality warning that changes the reading)
and give each its line for the board; this module applies the rules and renders the findings. Every report
opens with :func:`key_findings`; the board summary (:mod:`edi_analysis.views.summary`) uses :func:`select`.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import quote

import yaml

from ..disclosure import require_published
from . import display
from .findings_facts import Fact, facts, report_of

__all__ = ["RULES_FILE", "Finding", "anchor", "apply_rules", "check", "key_findings", "render", "report_of", "rules",
           "select"]

RULES_FILE = "findings_rules.yaml"
_NO_SINCE = "No published figure for last year to compare with."
_KINDS = {"headline", "gap", "target", "change", "quality"}
_SELECT = {"every", "largest"}


@dataclass(frozen=True)
class Finding:
    """A fact picked by a rule, with the line for the board and the section that holds its detail."""

    fact: Fact
    rule: str
    so_what: str
    section: str

    @property
    def anchor(self) -> str:
        return anchor(self.section)


def anchor(heading: str) -> str:
    """The id the HTML export gives a Markdown heading (spaces become hyphens), for links to its section."""
    return heading.strip().replace(" ", "-")


@cache
def rules() -> dict:
    """The rules file shipped with the package, checked."""
    text = resources.files("edi_analysis.views").joinpath(RULES_FILE).read_text(encoding="utf-8")
    return check(yaml.safe_load(text))


def check(spec: Mapping) -> dict:
    """A rules mapping checked for what :func:`apply_rules` needs (ValueError naming the rule otherwise)."""
    spec = dict(spec)
    for key in ("rules", "limits", "sections"):
        if key not in spec:
            raise ValueError(f"{RULES_FILE}: '{key}' is missing")
    for i, rule in enumerate(spec["rules"]):
        name = rule.get("id", f"rule {i + 1}")
        if rule.get("kind") not in _KINDS:
            raise ValueError(f"{RULES_FILE}: {name}: kind must be one of {sorted(_KINDS)}")
        if rule.get("select", "every") not in _SELECT:
            raise ValueError(f"{RULES_FILE}: {name}: select must be one of {sorted(_SELECT)}")
        if not isinstance(rule.get("so_what"), Mapping) or not rule["so_what"]:
            raise ValueError(f"{RULES_FILE}: {name}: so_what must give at least one line")
    return spec


def _matches(fact: Fact, rule: Mapping) -> bool:
    return fact.kind == rule["kind"] and all(fact.get(k) == v for k, v in (rule.get("where") or {}).items())


def _so_what(rule: Mapping, fact: Fact) -> str:
    lines = rule["so_what"]
    line = lines.get(fact.family, lines.get("any", next(iter(lines.values()))))
    return " ".join(str(line).split()).replace("{subject}", fact.subject or "these staff")


def apply_rules(found: Iterable[Fact], spec: Mapping | None = None) -> list[Finding]:
    """Apply the rules in order; one finding per figure (``Fact.key``) per report, the first rule's.

    Parameters
    ----------
    found
        Facts of one or more reports (:func:`edi_analysis.views.findings_facts.facts`).
    spec
        The rules (default: the package's rules file).
    """
    spec = rules() if spec is None else check(spec)
    found = list(found)
    taken: set[tuple[str, str]] = set()
    out: list[Finding] = []
    for rule in spec["rules"]:
        pool = [f for f in found if _matches(f, rule) and (f.report, f.key) not in taken]
        if rule.get("select", "every") == "largest":
            best: dict[tuple[str, str], Fact] = {}
            for f in pool:
                group = (f.report, f.family if rule.get("per") == "family" else "")
                if group not in best or f.rank > best[group].rank:
                    best[group] = f
            keep = {id(f) for f in best.values()}
            pool = [f for f in pool if id(f) in keep]
        for f in pool:
            taken.add((f.report, f.key))
            section = spec["sections"].get(f.report, {}).get(f.topic, "")
            out.append(Finding(f, rule["id"], _so_what(rule, f), section))
    return out


def select(pub, spec: Mapping | None = None, *, limit: int | None = None) -> list[Finding]:
    """The findings one report opens with, by the rules, at most ``limits.report`` of them."""
    require_published(pub)
    spec = rules() if spec is None else check(spec)
    chosen = apply_rules(facts(pub), spec)
    return chosen[: limit if limit is not None else int(spec["limits"]["report"])]


def render(chosen: Sequence[Finding], *, heading: str = "Key findings", link_to: Mapping[str, str] | None = None,
           report_names: Mapping[str, str] | None = None, empty: str = "", compact: bool = False) -> display.Html:
    """The findings as an accessible list: sentence, direction, target, the board's line and a link to detail.

    ``link_to`` maps a report name to the page holding it (the board summary links to other reports); without
    it links point into the same page; ``report_names`` names the report in each link. ``compact`` puts each
    finding in one paragraph (the board summary, which must fit one printed page).
    """
    items = []
    for f in chosen:
        if compact:
            items.append(f'<li class="finding">{_compact(f, link_to, report_names)}</li>')
            continue
        parts = [f'<p class="finding-text">{html.escape(f.fact.text)}</p>']
        since = f.fact.since or (_NO_SINCE if f.fact.kind in ("gap", "headline") else "")
        if since:
            parts.append(f'<p class="finding-since"><strong>Since last year:</strong> {html.escape(since)}</p>')
        if f.fact.target:
            parts.append(f'<p class="finding-target"><strong>Target:</strong> {html.escape(f.fact.target)}</p>')
        parts.append(f'<p class="finding-ask"><strong>For the board:</strong> {html.escape(f.so_what)}</p>')
        if f.section:
            href = _href((link_to or {}).get(f.fact.report, ""), f.anchor)
            where = f"{report_names[f.fact.report]}: " if report_names and f.fact.report in report_names else ""
            parts.append(f'<p class="finding-link"><a href="{href}">Detail: '
                         f"{html.escape(where + f.section)}</a></p>")
        items.append(f"<li>{''.join(parts)}</li>")
    if not items:
        items.append(f"<li><p>{html.escape(empty)}</p></li>")
    return display.Html(f'<section class="findings" aria-label="{html.escape(heading, quote=True)}">'
                        f"<h2>{html.escape(heading)}</h2><ul>{''.join(items)}</ul></section>")


def _href(page: str, anchor_id: str) -> str:
    """A link to a section of a page (the same page when ``page`` is empty), escaped for an attribute."""
    return html.escape(f"{page}#{quote(anchor_id, safe=':()-')}", quote=True)


def _compact(f: Finding, link_to: Mapping[str, str] | None, report_names: Mapping[str, str] | None) -> str:
    """One finding run on in one list item (no paragraph margins): sentence, direction, target, ask, link."""
    parts = [f'<span class="finding-text">{html.escape(f.fact.text)}</span>']
    if f.fact.since:
        parts.append(f'<span class="finding-since"><em>Since last year:</em> {html.escape(f.fact.since)}</span>')
    if f.fact.target:
        parts.append(f'<span class="finding-target"><em>Target:</em> {html.escape(f.fact.target)}</span>')
    parts.append(f'<strong class="finding-ask">{html.escape(f.so_what)}</strong>')
    if f.section:
        page = (link_to or {}).get(f.fact.report, "")
        name = (report_names or {}).get(f.fact.report, "")
        label = f"{name}: {f.section}" if name else f.section
        parts.append(f'<a href="{_href(page, f.anchor)}" aria-label="Detail in {html.escape(label, quote=True)}">'
                     "Detail</a>")
    return " ".join(parts)


def key_findings(pub) -> display.Html:
    """The findings a report opens with, chosen by the rules file, each with its line for the board."""
    require_published(pub)
    return render(select(pub), empty=(
        "Nothing in this report is statistically significant, off track against a target or flagged for data "
        "quality. Absence of a signal is not evidence of equality, especially for small groups."))

