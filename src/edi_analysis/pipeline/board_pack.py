"""The board pack: one A4 PDF per trust, printed by headless Chromium from the published reports.

The pack is what a board secretary files in the board papers: the one-page summary (when the run made one), then
the body of the five reports (their key findings and headline sections), then an appendix with the detail. Report
notebooks tag their detail cells ``detail``; the nbconvert template renders a cell's tags as CSS classes
(``celltag_detail``), so the body hides those cells and the appendix prints only them. Nothing is recomputed: the
pack is printed from the published HTML, so it shows exactly what the reports show.

Chromium is optional. Without it the run says so in one line and every report is still built.
"""

from __future__ import annotations

import functools
import html
import os
import re
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from ..io.write import write_atomic
from .chromium import Browser, BrowserError, pipe_supported
from .jobs import Outcome

__all__ = ["PACK_NAME", "REPORTS", "find_chromium", "pack_html", "pdf_page_count", "print_pdf", "write_board_packs", "PackPrinter"]

PACK_NAME = "board-pack.pdf"
SUMMARY = "summary.html"
# The order a board reads them in: pay, the two standards, HIA 6, then the quarterly trends.
REPORTS = ("pay_gaps", "wres", "wdes", "bullying_harassment", "trends")
_CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_PRINT_SECONDS = 180

# Layout of the pack itself; the reports' own print styles (templates/edi_report) do the rest.
_PACK_CSS = """
@page { size: A4; margin: 17mm 15mm 16mm;
  @top-left { content: "%(head)s"; font: 8pt Arial, sans-serif; color: #555; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt Arial, sans-serif; color: #555; } }
.pack-part { break-before: page; }
.pack-part:first-child { break-before: auto; }
.pack-body .celltag_detail { display: none; }
.pack-appendix .jp-Cell:not(.celltag_detail):not(:has(.celltag_detail)) { display: none; }
.pack-appendix-title { font-size: 18pt; color: var(--accent, #005eb8); margin: 0 0 .4rem; }
.pack-appendix .pack-report-head { font-size: 14pt; margin: 0 0 .6rem; border-bottom: 2px solid var(--accent, #005eb8); }
.pack-cover h1 { font-size: 22pt; margin-top: 60mm; }
.pack-contents li { margin: .3rem 0; }
"""


def find_chromium() -> str | None:
    """The Chromium (or Chrome) executable on this machine, or ``None``; ``EDI_CHROMIUM`` names one explicitly."""
    chosen = os.environ.get("EDI_CHROMIUM")
    if chosen:
        return chosen if Path(chosen).exists() else None
    for name in _CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def print_pdf(page: Path, chromium: str) -> bytes:
    """Print an HTML file to PDF with headless Chromium; the page's own ``@page`` rules set A4 and the margins.

    Chromium's own header and footer (date, file address) are switched off: the running head comes from the page.
    """
    with tempfile.TemporaryDirectory(prefix="edi-pack-") as tmp:
        out = Path(tmp) / "out.pdf"
        cmd = [chromium, "--headless", "--disable-gpu", "--no-pdf-header-footer", "--no-first-run",
               f"--user-data-dir={Path(tmp) / 'profile'}", f"--print-to-pdf={out}", page.resolve().as_uri()]
        if hasattr(os, "geteuid") and os.geteuid() == 0:  # Chromium refuses to run as root inside its sandbox
            cmd.insert(1, "--no-sandbox")
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=_PRINT_SECONDS, check=False)
        if not out.exists() or out.stat().st_size == 0:
            last = (done.stderr.strip().splitlines() or ["no output"])[-1]
            raise RuntimeError(f"Chromium did not print {page.name}: {last}")
        return out.read_bytes()


def pdf_page_count(pdf: bytes) -> int:
    """Pages in a PDF as Chromium writes it: one ``/Type /Page`` object per page (PDF 1.7, 7.7.3.3).

    Chromium (Skia) does not pack page objects into compressed object streams, so counting them is exact for its
    output without a PDF library.
    """
    return len(re.findall(rb"/Type\s*/Page(?![A-Za-z])", pdf))


def _parts(page: str) -> tuple[str, str, str]:
    """A built page's styles, its ``<main>`` content and its first heading."""
    styles = "\n".join(re.findall(r"<style[^>]*>(.*?)</style>", page, flags=re.S))
    m = re.search(r"<main[^>]*>(.*)</main>", page, flags=re.S) or re.search(r"<body[^>]*>(.*)</body>", page, flags=re.S)
    body = m.group(1) if m else ""
    h1 = re.search(r"<h1[^>]*>(.*?)</h1>", body, flags=re.S)
    title = html.unescape(re.sub(r"<[^>]+>", "", h1.group(1))).strip() if h1 else ""
    return styles, body, title


def _open_details(body: str) -> str:
    """Every collapsed section open: paper cannot be clicked."""
    return re.sub(r"<details(?![^>]*\bopen\b)", "<details open", body)


def _no_ids(body: str) -> str:
    """The appendix repeats the reports: drop their ids so each id stays unique in the pack."""
    return re.sub(r'\sid="[^"]*"', "", body)


def _scoped(body: str, name: str) -> str:
    """A page's ids and its links within the page, prefixed with its name: the reports share ids (each has its own
    glossary), and in one pack a link must reach its own report's entry."""
    body = re.sub(r'(\sid=")([^"]*)"', lambda m: f'{m.group(1)}{name}--{m.group(2)}"', body)
    return re.sub(r'(\shref="#)([^"]*)"', lambda m: f'{m.group(1)}{name}--{m.group(2)}"', body)


_LINK = re.compile(r'<a\b([^>]*?)\shref="([^"]*)"([^>]*)>(.*?)</a>', flags=re.S)


def _pack_links(doc: str) -> str:
    """Links a reader of the PDF can follow: a report page (``wres.html``, ``wres.html#x``) becomes its place in the
    pack, web links stay, and a link to anything the pack does not hold (a CSV, the index) keeps its words but
    loses the link: printed, it would point into the folder the pack was printed from."""
    ids = {html.unescape(i) for i in re.findall(r'\sid="([^"]*)"', doc)}

    def target(href: str) -> str | None:
        if href.startswith(("http://", "https://", "mailto:")):
            return href
        page, _, frag = href.partition("#")
        name = page[:-len(".html")] if page.endswith(".html") else None
        place = frag if not page else (f"{name}--{frag}" if frag else f"pack-{name}") if name else None
        return f"#{place}" if place in ids else None

    def relink(m: re.Match) -> str:
        href = target(html.unescape(m.group(2)))
        return (f'<a{m.group(1)} href="{html.escape(href)}"{m.group(3)}>{m.group(4)}</a>' if href
                else f"<span{m.group(1)}{m.group(3)}>{m.group(4)}</span>")

    return _LINK.sub(relink, doc)


def pack_html(folder: Path, trust_name: str, year: int,
              sections: Sequence[str] = ("summary", "body", "appendix")) -> str:
    """The pack as one HTML page: the summary (if any), the body of each report, then the appendix of detail.

    Parameters
    ----------
    folder : Path
        A trust's published report folder (``<out>/<year>/<trust_code>``) holding the five reports.
    trust_name, year : str, int
        For the running head printed at the top of every page.
    sections : sequence of str
        Which of ``"summary"``, ``"body"`` and ``"appendix"`` to include (all three in the pack; one alone to
        count its pages).
    """
    from .export import css_string

    pages = {name: (folder / f"{name}.html").read_text(encoding="utf-8") for name in REPORTS
             if (folder / f"{name}.html").exists()}
    report_css = _parts(next(iter(pages.values())))[0] if pages else ""
    parts, appendix, css = [], [], [report_css]
    summary = folder / SUMMARY
    if summary.exists() and "summary" in sections:
        s_css, s_body, _ = _parts(summary.read_text(encoding="utf-8"))
        # The summary's own styles apply inside it only; its @page rules give way to the pack's.
        s_css = re.sub(r"@page[^{]*\{(?:[^{}]|\{[^{}]*\})*\}", "", s_css)
        css.append(f"@scope (.pack-summary) {{\n{s_css}\n}}")
        parts.append(f'<section class="pack-part pack-summary" id="pack-summary">'
                     f'{_open_details(_scoped(s_body, "summary"))}</section>')
    for name, page in pages.items():
        _, body, title = _parts(page)
        body = _scoped(body, name)
        if "body" in sections:
            parts.append(f'<section class="pack-part pack-body pack-report-{name}" id="pack-{name}">'
                         f'{_open_details(body)}</section>')
        if "celltag_detail" in body and "appendix" in sections:
            appendix.append(f'<section class="pack-part pack-appendix pack-report-{name}">'
                            f'<h2 class="pack-report-head">Appendix {chr(ord("A") + len(appendix))}: '
                            f'{html.escape(title)}, the detail</h2>{_open_details(_no_ids(body))}</section>')
    if appendix:
        appendix[0] = appendix[0].replace('<h2 class="pack-report-head">', '<p class="pack-appendix-title">'
                                          "Appendix: the detail behind each report</p>"
                                          '<h2 class="pack-report-head">', 1)
    head = css_string(f"{trust_name} · Equality, diversity and inclusion board pack {year}")
    css.append(_PACK_CSS % {"head": head})
    title = html.escape(f"Board pack {year}: {trust_name}")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{title}</title><style>{''.join(css)}</style></head>"
            f"<body><main>{_pack_links(''.join(parts + appendix))}</main></body></html>")


def _wanted(outcomes: Sequence[Outcome]) -> dict[Path, Outcome]:
    """Trust folders that get a pack: reports built this run (or no pack yet), and all five reports there."""
    folders: dict[Path, Outcome] = {}
    for o in outcomes:
        if o.out_file is not None and o.notebook in {*REPORTS, Path(SUMMARY).stem} and o.status in {"built", "skipped"}:
            folder = o.out_file.parent
            if o.status == "built" or not (folder / PACK_NAME).exists():
                folders.setdefault(folder, o)
    return {f: o for f, o in folders.items() if all((f / f"{n}.html").exists() for n in REPORTS)}


class PackPrinter:
    """Prints board packs in the background as trust folders are published, then writes them in trust order.

    A build hands each folder to :meth:`published` as soon as its reports are in place, so the packs print while
    the other folders are still being checked; :meth:`finish` prints any folder still due, waits, writes every
    pack atomically and reports them in trust order (whatever order they finished in). One Chromium serves the
    whole build (:class:`~edi_analysis.pipeline.chromium.Browser`), one tab per core printing at a time; where it
    cannot be started that way, each pack is printed by a Chromium of its own (:func:`print_pdf`).
    """

    def __init__(self, echo: Callable[[str], object] = print):
        self.echo = echo
        self.pool = ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1))
        self.started: dict[Path, tuple[Outcome, Future]] = {}
        self._browser: Browser | None = None
        self._browser_tried = False
        self._browser_lock = threading.Lock()

    @functools.cached_property
    def chromium(self) -> str | None:
        return find_chromium()  # looked for only once a pack is due

    def published(self, folder: Path, outcomes: Sequence[Outcome]) -> None:
        """Start printing ``folder``'s pack if it is due (``outcomes``: the folder's, as published)."""
        due = _wanted([o for o in outcomes if o.out_file is not None and o.out_file.parent == folder])
        if folder in due and folder not in self.started and self.chromium is not None:
            self.started[folder] = (due[folder], self.pool.submit(self._print, folder, due[folder]))

    def _shared_browser(self) -> Browser | None:
        """The build's one Chromium, started by the first pack due (``None`` where it cannot be started)."""
        with self._browser_lock:
            if not self._browser_tried and self.chromium is not None and pipe_supported():
                self._browser_tried = True
                try:
                    self._browser = Browser(self.chromium, timeout=_PRINT_SECONDS)
                except (OSError, BrowserError):
                    self._browser = None  # each pack then starts its own Chromium, as before
            return self._browser

    def _print(self, folder: Path, o: Outcome) -> bytes | Exception:
        with tempfile.TemporaryDirectory(prefix="edi-pack-") as tmp:
            page = Path(tmp) / "board-pack.html"
            page.write_text(pack_html(folder, o.trust_name or o.trust_code, o.year or 0), encoding="utf-8")
            try:
                browser = self._shared_browser()
                if browser is not None:
                    try:
                        return browser.print_pdf(page)
                    except BrowserError:
                        if not browser.closed:
                            raise
                        # the shared Chromium has stopped: this pack gets a Chromium of its own, as before
                return print_pdf(page, self.chromium)
            except (OSError, RuntimeError, subprocess.TimeoutExpired) as exc:
                return exc

    def finish(self, outcomes: Sequence[Outcome]) -> list[Path]:
        """Print what is still due, wait for every pack, write them; returns the packs written."""
        try:
            due = _wanted(outcomes)
            if due and self.chromium is None:
                self.echo("Board packs: not made, Chromium is not installed (install the chromium package to get "
                          f"{PACK_NAME} for each trust).")
                return []
            for folder, o in due.items():
                if folder not in self.started:
                    self.started[folder] = (o, self.pool.submit(self._print, folder, o))
            written = []
            for folder, (o, fut) in sorted(self.started.items()):
                pdf = fut.result()
                if isinstance(pdf, Exception):
                    self.echo(f"Board pack {o.trust_code}: not made ({pdf})")
                    continue
                write_atomic(folder / PACK_NAME, pdf)
                self.echo(f"Board pack {o.trust_code}: {pdf_page_count(pdf)} A4 pages")
                written.append(folder / PACK_NAME)
            return written
        finally:
            self.pool.shutdown(wait=True)
            with self._browser_lock:
                if self._browser is not None:
                    self._browser.close()
                    self._browser = None


def write_board_packs(out_dir: Path, outcomes: Sequence[Outcome], *, echo: Callable[[str], object] = print) -> list[Path]:
    """Print ``board-pack.pdf`` into each trust folder whose reports this run built (or that has no pack yet).

    The pack is written atomically. A folder missing any of the five reports gets no pack; without Chromium the
    run prints one line saying so and carries on. Returns the packs written.
    """
    return PackPrinter(echo).finish(outcomes)
