"""Index pages: each trust's landing page (summary first, reports, board pack, exports) and the top page's
headline figures from the published benchmark data set, everything escaped."""

from pathlib import Path

import pandas as pd

from edi_analysis.pipeline import index
from edi_analysis.pipeline.jobs import Outcome


def _trust_folder(root: Path, code: str = "SYN99") -> Path:
    folder = root / "2026" / code
    folder.mkdir(parents=True)
    for name in ("wres", "pay_gaps", "summary", "trends"):
        (folder / f"{name}.html").write_text("<html></html>")
    (folder / "wres_submission.csv").write_text("a,b\n")
    (folder / "notes.txt").write_text("not an export")
    return folder


def test_trust_page_lists_summary_first_then_reports_pack_and_exports(tmp_path):
    folder = _trust_folder(tmp_path)
    (folder / "board-pack.pdf").write_bytes(b"%PDF")
    page = index.trust_page(folder, "Smith & Jones <Trust>", 2026)
    order = [page.index(f'href="{n}.html"') for n in ("summary", "pay_gaps", "wres", "trends")]
    assert order == sorted(order)
    assert page.index("trends.html") < page.index("board-pack.pdf") < page.index("wres_submission.csv")
    assert "notes.txt" not in page and "Smith &amp; Jones &lt;Trust&gt;" in page and "<Trust>" not in page


def test_trust_page_without_pack_says_nothing_of_it(tmp_path):
    page = index.trust_page(_trust_folder(tmp_path), "A Trust", 2026)
    assert "board-pack" not in page and "Board pack" not in page


def test_top_index_reads_headlines_from_the_published_benchmark(tmp_path):
    _trust_folder(tmp_path, "SYN98")
    _trust_folder(tmp_path, "SYN99")
    rows = [("SYN98", "Gender pay gap (median, %)", 12.345, False), ("SYN99", "Gender pay gap (median, %)", None, True),
            ("SYN98", "BME staff, % of bands 8a and above", 20.0, False), ("SYN98", "Staff in post", 4000, False)]
    pd.DataFrame(rows, columns=["trust_code", "metric", "value", "suppressed"]).to_csv(tmp_path / "2026" / "benchmark.csv",
                                                                                      index=False)
    outcomes = [Outcome(name="x", status="built", seconds=0.0, trust_code="SYN98", trust_name="Alpha <A> Trust"),
                Outcome(name="SYN99 wres 2026", status="failed", seconds=0.0, message="boom", trust_code="SYN99",
                        trust_name="Beta Trust", year=2026, notebook="wres")]
    top = index.write_index(tmp_path, outcomes).read_text()
    assert "12.3%" in top and "20.0%" in top and "too few to publish" in top and "4000" not in top
    assert 'href="2026/SYN98/index.html"' in top and "Alpha &lt;A&gt; Trust" in top
    assert "Not built in the last run" in top and 'href="2026/benchmark.csv"' in top
    beta = (tmp_path / "2026" / "SYN99" / "index.html").read_text()
    assert "not updated" in beta and 'href="summary.html"' in beta
    # the landing pages are not listed as reports
    assert 'href="index.html"' not in (tmp_path / "2026" / "SYN98" / "index.html").read_text()
