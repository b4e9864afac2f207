"""The board pack: summary, report bodies, appendix of detail; printed by headless Chromium when it is there."""

import re
from pathlib import Path

import pytest

from edi_analysis.pipeline import board_pack
from edi_analysis.pipeline.board_pack import (PACK_NAME, REPORTS, find_chromium, pack_html, pdf_page_count, print_pdf,
                                              write_board_packs)
from edi_analysis.pipeline.jobs import Outcome

CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")


def report(name: str, detail_paragraphs: int = 1) -> str:
    detail = "".join(f"<p>Detail paragraph {i} of {name}.</p>" for i in range(detail_paragraphs))
    return (f"<!DOCTYPE html><html><head><style>.r-{name} {{ color: black }}</style></head><body><main>"
            f'<div class="jp-Cell" id="cell-id=t-{name}"><header class="edi-title"><h1>{name} 2026: A &amp; B</h1>'
            f"</header></div>"
            f'<div class="jp-Cell" id="cell-id=b-{name}"><p>BODY-{name}</p></div>'
            f'<div class="jp-Cell jp-MarkdownCell" id="cell-id=h-{name}"><div class="jp-MarkdownOutput celltag_detail">'
            f"<h2>DETAIL-HEADING-{name}</h2></div></div>"
            f'<div class="jp-Cell celltag_detail" id="cell-id=d-{name}"><details><summary>More</summary>'
            f"{detail}</details></div></main></body></html>")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    trust = tmp_path / "2026" / "T01"
    trust.mkdir(parents=True)
    for name in REPORTS:
        (trust / f"{name}.html").write_text(report(name), encoding="utf-8")
    return trust


def test_pack_orders_summary_then_bodies_then_appendix(folder):
    (folder / "summary.html").write_text("<html><head><style>@page { size: letter; } h1 { color: red }</style></head>"
                                         "<body><main><h1>SUMMARY</h1></main></body></html>")
    page = pack_html(folder, 'St "Mary\'s" </style> Trust', 2026)
    # the detail is in each body (hidden there by the print styles) and again, last, in the appendix
    order = ([page.index(x) for x in ("SUMMARY", *(f"BODY-{n}" for n in REPORTS))]
             + [page.rindex(f"DETAIL-HEADING-{n}") for n in REPORTS])
    assert order == sorted(order)
    # the appendix is lettered in report order
    assert [m for m in re.findall(r"Appendix ([A-E]): (\w+) 2026", page)] == [
        ("A", "pay_gaps"), ("B", "wres"), ("C", "wdes"), ("D", "bullying_harassment"), ("E", "trends")]
    assert page.count("<details open>") == 10 and "<details>" not in page
    assert page.count('id="wres--cell-id=d-wres"') == 1  # ids stay unique: the appendix copy has none
    # the summary keeps its styles inside it, without its own page size; the running head is a safe CSS string
    assert "@scope (.pack-summary) {" in page and "size: letter" not in page
    assert 'content: "St \\"Mary\'s\\" \\3c /style\\3e  Trust · Equality, diversity and inclusion board pack 2026"' in page
    assert page.count("</style>") == 1


def test_links_in_the_pack_lead_to_places_in_the_pack(folder):
    # each report has its own glossary under the same ids; the summary links to the reports' pages and anchors
    for name in ("wres", "wdes"):
        (folder / f"{name}.html").write_text(report(name).replace(
            "</main>", f'<p><a href="#glossary-bme">BME</a></p><dl><dt id="glossary-bme">BME-{name}</dt></dl></main>'))
    (folder / "summary.html").write_text(
        '<html><body><main><h1>S</h1><a href="wdes.html#glossary-bme">to WDES</a> <a href="trends.html">to trends</a> '
        '<a href="wres_submission.csv">the CSV</a> <a href="https://www.england.nhs.uk/">NHS England</a> '
        '<a href="wres.html#nowhere">gone</a></main></body></html>')
    page = pack_html(folder, "T", 2026)
    ids = re.findall(r'\sid="([^"]*)"', page)
    assert len(ids) == len(set(ids))
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert hrefs.count("#wres--glossary-bme") == 2 and hrefs.count("#wdes--glossary-bme") == 3  # body + appendix
    assert "#pack-trends" in hrefs and "https://www.england.nhs.uk/" in hrefs
    assert all(h.startswith(("#", "https://")) and (h.startswith("https://") or h[1:] in ids) for h in hrefs)
    assert "<span>the CSV</span>" in page and "<span>gone</span>" in page  # words kept, dead link dropped


def test_pack_without_a_summary_starts_with_the_reports(folder):
    page = pack_html(folder, "T", 2026, sections=("body",))
    sections = re.findall(r'<section class="pack-part ([\w-]+)', page)
    assert sections == ["pack-body"] * 5


def test_page_count_reads_page_objects_not_the_page_tree():
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>\n2 0 obj << /Type /Page >>\n" \
          b"3 0 obj <</Type/Page/Parent 1 0 R>>\n"
    assert pdf_page_count(pdf) == 2


def test_no_chromium_means_one_clear_line_and_no_pack(folder, monkeypatch):
    monkeypatch.setenv("EDI_CHROMIUM", str(folder / "no-such-browser"))
    lines: list[str] = []
    outcomes = [Outcome(name=f"T01 {n} 2026", status="built", seconds=0.0, out_file=folder / f"{n}.html",
                        trust_code="T01", trust_name="Trust", year=2026, notebook=n) for n in REPORTS]
    assert write_board_packs(folder.parents[1], outcomes, echo=lines.append) == []
    assert lines == ["Board packs: not made, Chromium is not installed (install the chromium package to get "
                     "board-pack.pdf for each trust)."]
    assert not (folder / PACK_NAME).exists()


def test_a_folder_missing_a_report_gets_no_pack(folder, monkeypatch):
    (folder / "trends.html").unlink()
    monkeypatch.setattr(board_pack, "find_chromium", lambda: pytest.fail("nothing to print"))
    outcomes = [Outcome(name="T01 wres 2026", status="built", seconds=0.0, out_file=folder / "wres.html",
                        trust_code="T01", year=2026, notebook="wres")]
    assert write_board_packs(folder.parents[1], outcomes, echo=print) == []


@needs_chromium
def test_body_hides_detail_cells_and_appendix_prints_them(folder, tmp_path):
    (folder / "wres.html").write_text(report("wres", detail_paragraphs=400), encoding="utf-8")
    counts = {}
    for part in ("body", "appendix"):
        page = tmp_path / f"{part}.html"
        page.write_text(pack_html(folder, "T", 2026, sections=(part,)), encoding="utf-8")
        counts[part] = pdf_page_count(print_pdf(page, CHROMIUM))
    assert counts["body"] == 5  # one short page per report: the long detail is not in the body
    assert counts["appendix"] > 5 + 3  # the 400 detail paragraphs of one report take several pages


@needs_chromium
def test_pack_is_written_atomically_into_the_trust_folder(folder):
    lines: list[str] = []
    outcomes = [Outcome(name=f"T01 {n} 2026", status="built", seconds=0.0, out_file=folder / f"{n}.html",
                        trust_code="T01", trust_name="Trust", year=2026, notebook=n) for n in REPORTS]
    assert write_board_packs(folder.parents[1], outcomes, echo=lines.append) == [folder / PACK_NAME]
    pdf = (folder / PACK_NAME).read_bytes()
    assert pdf.startswith(b"%PDF") and lines == [f"Board pack T01: {pdf_page_count(pdf)} A4 pages"]
    assert sorted(p.name for p in folder.iterdir()) == sorted([PACK_NAME, *(f"{n}.html" for n in REPORTS)])


@pytest.mark.slow
@needs_chromium
def test_built_trusts_get_a_pack_whose_body_fits_twelve_pages(built_two_trusts, tmp_path):
    out, _, lines = built_two_trusts
    for code in ("SYN02", "SYN08"):
        folder = out / "2026" / code
        pack = folder / PACK_NAME
        assert pack.exists() and any(line.startswith(f"Board pack {code}: ") for line in lines)
        body = tmp_path / f"{code}-body.html"
        body.write_text(pack_html(folder, code, 2026, sections=("body",)), encoding="utf-8")
        body_pages = pdf_page_count(print_pdf(body, CHROMIUM))
        assert 5 <= body_pages <= 12
        assert pdf_page_count(pack.read_bytes()) > body_pages  # the appendix follows
