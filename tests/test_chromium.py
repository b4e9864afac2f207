"""One headless Chromium for a build, driven over the DevTools protocol: same PDFs as ``--print-to-pdf``."""

import re
import sys
import threading
from pathlib import Path

import pytest

from edi_analysis.pipeline import board_pack
from edi_analysis.pipeline.board_pack import (
    PACK_NAME,
    REPORTS,
    find_chromium,
    pack_html,
    pdf_page_count,
    print_pdf,
)
from edi_analysis.pipeline.chromium import Browser, BrowserError, pipe_supported
from edi_analysis.pipeline.jobs import Outcome

CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(CHROMIUM is None or not pipe_supported(), reason="Chromium is not installed")


def _page(tmp_path: Path, name: str, paragraphs: int) -> Path:
    body = "".join(f"<p>Paragraph {i} of {name}: the quick brown fox.</p>" for i in range(paragraphs))
    page = tmp_path / f"{name}.html"
    page.write_text("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>T</title><style>"
                    "@page { size: A4; margin: 17mm 15mm 16mm; "
                    "@bottom-right { content: \"Page \" counter(page) \" of \" counter(pages); } }"
                    f"</style></head><body><main><h1>{name}</h1>{body}</main></body></html>", encoding="utf-8")
    return page


def _same_print(pdf: bytes) -> bytes:
    """A PDF without what differs between any two prints: its dates and the structure tree's node numbers."""
    return re.sub(rb"\(node\d+\)", b"(node)", re.sub(rb"D:\d{14}", b"D:", pdf))


@needs_chromium
def test_a_page_prints_as_print_to_pdf_prints_it(tmp_path):
    page = _page(tmp_path, "long", 300)
    alone = print_pdf(page, CHROMIUM)
    with Browser(CHROMIUM) as browser:
        shared = browser.print_pdf(page)
    assert pdf_page_count(shared) == pdf_page_count(alone) > 3
    assert b"/StructTreeRoot" in shared  # tagged, as --print-to-pdf makes it
    assert _same_print(shared) == _same_print(alone)


@needs_chromium
def test_one_browser_prints_several_pages_at_once_each_in_its_own_tab(tmp_path):
    pages = {name: _page(tmp_path, name, n) for name, n in (("short", 5), ("long", 300), ("mid", 80))}
    got: dict[str, int] = {}
    with Browser(CHROMIUM) as browser:
        threads = [threading.Thread(target=lambda n=n, p=p: got.__setitem__(n, pdf_page_count(browser.print_pdf(p))))
                   for n, p in pages.items()]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        again = pdf_page_count(browser.print_pdf(pages["short"]))
    assert got["short"] == again == 1 and got["mid"] < got["long"] and got["long"] > 3


@needs_chromium
def test_a_page_that_cannot_be_opened_is_an_error_and_the_browser_carries_on(tmp_path):
    with Browser(CHROMIUM) as browser:
        with pytest.raises(BrowserError, match="could not open missing.html"):
            browser.print_pdf(tmp_path / "missing.html")
        assert pdf_page_count(browser.print_pdf(_page(tmp_path, "after", 1))) == 1


def test_a_program_that_is_not_chromium_cannot_start_a_browser():
    with pytest.raises(BrowserError, match="stopped"):
        Browser(sys.executable)  # python exits at once: no DevTools answer on the pipe


def _outcomes(folder: Path, code: str) -> list[Outcome]:
    return [Outcome(name=f"{code} {n} 2026", status="built", seconds=0.0, out_file=folder / f"{n}.html",
                    trust_code=code, trust_name="Trust", year=2026, notebook=n) for n in REPORTS]


@pytest.fixture
def two_trusts(tmp_path: Path, monkeypatch) -> list[Path]:
    monkeypatch.setenv("EDI_CHROMIUM", sys.executable)  # a program that exists; the tests replace what runs it
    folders = []
    for code in ("T01", "T02"):
        folder = tmp_path / "2026" / code
        folder.mkdir(parents=True)
        for name in REPORTS:
            (folder / f"{name}.html").write_text(f"<html><body><main><h1>{name}</h1></main></body></html>")
        folders.append(folder)
    return folders


def test_a_build_starts_one_browser_for_all_its_packs_and_closes_it(two_trusts, monkeypatch):
    made: list = []  # the browsers started

    class FakeBrowser:
        def __init__(self, chromium, timeout):
            self.printed, self.closed = [], False
            made.append(self)

        def print_pdf(self, page):
            assert "Board pack 2026" in page.read_text(encoding="utf-8")
            self.printed.append(page)
            return b"%PDF-1.4\n<</Type /Page>>\n"

        def close(self):
            self.closed = True

    monkeypatch.setattr(board_pack, "Browser", FakeBrowser)
    monkeypatch.setattr(board_pack, "print_pdf", lambda *a: pytest.fail("no Chromium per pack"))
    lines: list[str] = []
    outcomes = [o for f in two_trusts for o in _outcomes(f, f.name)]
    assert board_pack.write_board_packs(two_trusts[0].parents[1], outcomes, echo=lines.append) == [
        f / PACK_NAME for f in two_trusts]
    assert len(made) == 1 and len(made[0].printed) == 2 and made[0].closed
    assert lines == ["Board pack T01: 1 A4 pages", "Board pack T02: 1 A4 pages"]


def test_packs_print_one_chromium_each_when_the_shared_one_cannot_start(two_trusts, monkeypatch):
    def cannot_start(chromium, timeout):
        raise BrowserError("Chromium has stopped (before Browser.getVersion)")

    printed: list[Path] = []
    monkeypatch.setattr(board_pack, "Browser", cannot_start)
    monkeypatch.setattr(board_pack, "print_pdf", lambda page, chromium: printed.append(page) or b"<</Type /Page>>")
    outcomes = [o for f in two_trusts for o in _outcomes(f, f.name)]
    assert board_pack.write_board_packs(two_trusts[0].parents[1], outcomes, echo=lambda _: None) == [
        f / PACK_NAME for f in two_trusts]
    assert len(printed) == 2


def test_pack_html_is_what_the_shared_browser_prints(two_trusts):
    assert "<title>Board pack 2026: Trust</title>" in pack_html(two_trusts[0], "Trust", 2026)


def test_a_pack_is_printed_by_its_own_chromium_when_the_shared_one_has_stopped(two_trusts, monkeypatch):
    class StoppedBrowser:
        closed = False

        def __init__(self, chromium, timeout):
            pass

        def print_pdf(self, page):
            StoppedBrowser.closed = True  # Chromium went away while printing
            raise BrowserError("Chromium has stopped (during Page.printToPDF)")

        def close(self):
            pass

    printed: list[Path] = []
    monkeypatch.setattr(board_pack, "Browser", StoppedBrowser)
    monkeypatch.setattr(board_pack, "print_pdf", lambda page, chromium: printed.append(page) or b"<</Type /Page>>")
    outcomes = [o for f in two_trusts for o in _outcomes(f, f.name)]
    assert board_pack.write_board_packs(two_trusts[0].parents[1], outcomes, echo=lambda _: None) == [
        f / PACK_NAME for f in two_trusts]
    assert len(printed) == 2


@needs_chromium
def test_a_browser_that_has_quit_says_so(tmp_path):
    browser = Browser(CHROMIUM)
    assert not browser.closed
    browser.close()
    assert browser.closed
    with pytest.raises(BrowserError, match="stopped"):
        browser.print_pdf(_page(tmp_path, "late", 1))
