"""The one-page board summary: the findings that matter across a trust's reports, from published results only.

The findings are the reports' own (:mod:`edi_analysis.views.findings`, chosen by the rules file); the summary
takes them in the order and numbers the rules file's ``limits`` give (off-track targets first, then significant
changes, the largest significant gaps, data-quality warnings, headline figures), so that it stays short enough
to print on one page. Each finding links to the section of its report that holds the detail.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

from ..disclosure import require_published
from . import display, findings
from .findings_facts import facts

__all__ = ["REPORT_NAMES", "board_summary", "select"]

#: Report name -> what a reader calls it (links in the summary).
REPORT_NAMES: dict[str, str] = {
    "pay_gaps": "Pay gaps",
    "wres": "Workforce Race Equality Standard",
    "wdes": "Workforce Disability Equality Standard",
    "bullying_harassment": "Bullying, harassment, discrimination and violence",
    "trends": "Quarterly equality trends",
}


def select(published: Mapping[str, object], spec: Mapping | None = None) -> list[findings.Finding]:
    """The summary's findings: every report's findings by the rules, ordered and capped by ``limits``.

    Parameters
    ----------
    published
        Report name -> its published results (any of :data:`REPORT_NAMES`).
    spec
        The rules (default: the package's rules file).
    """
    spec = findings.rules() if spec is None else findings.check(spec)
    limits = spec["limits"]
    order = [r for r in limits["summary_reports"] if r in published]
    chosen: list[findings.Finding] = []
    for name in order:
        chosen += findings.apply_rules(facts(require_published_of(published[name])), spec)
    kinds = list(limits["summary_order"])
    families = list(limits.get("summary_family_order", ()))
    per_kind = limits.get("summary_kind_max", {})
    out: list[findings.Finding] = []
    for kind in kinds:
        of_kind = [f for f in chosen if f.fact.kind == kind]
        # one of each report before a second of any, so every report is heard
        nth = {id(f): sum(g.fact.report == f.fact.report for g in of_kind[:i]) for i, f in enumerate(of_kind)}
        of_kind = sorted(of_kind, key=lambda f: (nth[id(f)], _rank(families, f.fact.family)))
        out += of_kind[: int(per_kind.get(kind, len(of_kind)))]
    return out[: int(limits["summary"])]


def _rank(order: Sequence[str], family: str) -> int:
    return order.index(family) if family in order else len(order)


def require_published_of(pub):
    require_published(pub)
    return pub


def board_summary(published: Mapping[str, object], reports: Sequence[str] | None = None) -> display.Html:
    """The board summary page: title, the findings with links to their reports, and the reports themselves.

    Parameters
    ----------
    published
        Report name -> its published results.
    reports
        The reports built beside the summary (the params file's list); only these are summarised and linked.
        Default: every report given.
    """
    if reports is not None:
        published = {name: pub for name, pub in published.items() if name in reports}
    pubs = [require_published_of(p) for p in published.values()]
    if not pubs:
        raise ValueError("board_summary: no published results given")
    trust = pubs[0].trust
    internal = any(p.publication.internal for p in pubs)
    head = display.title(f"Board summary {trust.year}: workforce equality", trust.name,
                         f"{trust.trust_type} trust · {trust.region} · findings chosen by fixed rules from the "
                         "published reports", synthetic=trust.synthetic, internal=internal)
    chosen = select(published)
    links = {name: f"{name}.html" for name in published}
    body = findings.render(chosen, heading="What the board needs to know", link_to=links, report_names=REPORT_NAMES,
                           compact=True,
                           empty="No figure in this year's reports is off track, changed by more than chance or "
                                 "flagged for data quality.")
    reports = " · ".join(f'<a href="{html.escape(name)}.html">{html.escape(REPORT_NAMES.get(name, name))}</a>'
                         for name in published)
    return display.stack([head, body,
                          display.Html(f'<nav aria-label="The full reports"><p><strong>The full reports:</strong> '
                                       f"{reports}</p></nav>")])
