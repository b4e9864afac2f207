"""HTML export: the running head of the print styles is a safe CSS string."""

import nbformat
import pytest

from edi_analysis.pipeline.export import css_string, export_html


@pytest.mark.parametrize(("text", "expected"), [
    ("Pay gap report 2026: Northgate NHS Trust", "Pay gap report 2026: Northgate NHS Trust"),
    ('St "Mary\'s"', 'St \\"Mary\'s\\"'),
    ("a\\b", "a\\\\b"),
    ("</style><script>", "\\3c /style\\3e \\3c script\\3e "),
    ("line\nbreak", "line\\a break"),
    ("A & B", "A \\26  B"),
])
def test_css_string_escapes_what_could_end_the_string_or_the_style(text, expected):
    assert css_string(text) == expected


def test_exported_report_prints_on_a4_with_its_title_as_running_head():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Hello", metadata={"tags": ["detail"]})]
    page = export_html(nb, 'WRES report 2026: St "Mary\'s" </style> Trust')
    assert "size: A4" in page and "@top-left" in page and 'counter(page) " of " counter(pages)' in page
    assert '@top-left { content: "WRES report 2026: St \\"Mary\'s\\" \\3c /style\\3e  Trust"' in page
    assert "celltag_detail" in page  # the board pack hides or shows cells by this class
    assert "details::details-content" in page  # collapsed sections print open


def test_collapsed_sections_print_open(tmp_path):
    from edi_analysis.pipeline.board_pack import find_chromium, pdf_page_count, print_pdf

    chromium = find_chromium()
    if chromium is None:
        pytest.skip("Chromium is not installed")
    long = "".join(f"<p>Row {i}</p>" for i in range(300))
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Title")]
    pages = {}
    for state in ("", " open"):
        page = export_html(nb, "T").replace("</main>", f"<details{state}><summary>Numbers</summary>{long}</details></main>")
        path = tmp_path / f"r{state.strip()}.html"
        path.write_text(page, encoding="utf-8")
        pages[state] = pdf_page_count(print_pdf(path, chromium))
    assert pages[""] == pages[" open"] > 3
