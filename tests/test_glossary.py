"""The shared glossary: its data, the links to it from reader text, and that every link resolves."""

import re
from html.parser import HTMLParser

import pandas as pd
import pytest

from edi_analysis.views import display, glossary


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: list[str] = []
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])


def anchors(markup: str) -> _Anchors:
    p = _Anchors()
    p.feed(markup)
    return p


def test_every_term_has_a_unique_anchor_and_a_plain_definition():
    keys = [t.key for t in glossary.TERMS]
    assert len(keys) == len(set(keys)) >= 15
    for t in glossary.TERMS:
        assert re.fullmatch(r"[a-z0-9-]+", t.key), t.key
        assert t.definition.endswith(".") and len(t.definition) > 40, t.key
        assert t.regex.search(t.term) or t.key == "mean", t.key  # "mean" is matched only as "mean pay", "mean gap"


@pytest.mark.parametrize(("text", "keys"), [
    ("The relative likelihood is 1.32, outside the non-adverse range.", ["relative-likelihood", "non-adverse-range"]),
    ("BME staff: 12.0% (95% interval 9.1 to 15.6).", ["bme", "confidence-interval"]),
    ("The median gap narrowed by 2.1 pp.", ["median", "percentage-points"]),
    ("It rose 3 percentage points; the WRES and WDES both ask.", ["percentage-points", "wres", "wdes"]),
    ("SPC chart: special cause variation above the process limits.", ["spc", "special-cause", "process-limits"]),
    ("The mean hourly pay gap of women.", ["mean", "pay-gap"]),
    # "pp" only after a number, "mean" only as the average, "Median" at a sentence start
    ("Apply the approach; staff mean well.", []),
    ("Median pay rose.", ["median"]),
])
def test_terms_are_found_in_reader_text(text, keys):
    assert [t.key for t in glossary.used(text)] == keys


def test_references_link_each_term_once_in_reading_order():
    refs = glossary.references("BME staff ... BME again; relative likelihood 1.2")
    assert refs.count("#glossary-bme") == 1
    assert refs.index("#glossary-bme") < refs.index("#glossary-relative-likelihood")
    assert glossary.references("Nothing technical here.") == ""


def test_reader_text_keeps_its_sentence_whole_and_links_after_it():
    html = display.note("The relative likelihood is 1.32 & rising.")._repr_html_()
    assert "The relative likelihood is 1.32 &amp; rising." in html  # one run of text, escaped
    assert '<a href="#glossary-relative-likelihood">Relative likelihood</a>' in html
    box = display.findings(["BME staff are 1.4 times as likely", "The median gap is 5%"])._repr_html_()
    assert box.count('<p class="glossary-refs">In the glossary: ') == 1
    assert "#glossary-bme" in box and "#glossary-median" in box and box.index("</ul>") < box.index("#glossary-bme")


def test_every_glossary_link_a_view_makes_resolves_in_the_glossary():
    ids = set(anchors(glossary.glossary()._repr_html_()).ids)
    words = " ".join(t.term for t in glossary.TERMS) + " mean pay"
    parts = [display.findings([words]), display.note(words), display.paragraph(words),
             display.Table(pd.DataFrame({"x": [1.0]}), "c", notes=[words])]
    hrefs = {h for p in parts for h in anchors(p._repr_html_()).hrefs}
    assert len(hrefs) == len(glossary.TERMS)
    assert {h.removeprefix("#") for h in hrefs} <= ids


def test_glossary_is_one_section_with_a_heading_and_a_definition_list():
    html = glossary.glossary()._repr_html_()
    assert html.startswith('<section class="glossary" aria-labelledby="glossary"><h2 id="glossary">Glossary</h2>')
    assert html.count("<dt ") == len(glossary.TERMS) == html.count("<dd>")
    assert "&lt;5" in html  # escaped
