"""The report pipeline end to end on two synthetic trusts, as an analyst and a reviewer would meet it."""

import os
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml

from edi_analysis import io as inputs
from edi_analysis.io.write import write_atomic
from edi_analysis.pipeline import run as reports
from edi_analysis.pipeline.cache import job_fingerprint
from edi_analysis.pipeline.plan import plan
from edi_analysis.metrics.pay_gaps import pay_gap_measures

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse(path: Path) -> _Tags:
    p = _Tags()
    p.feed(path.read_text(encoding="utf-8"))
    return p


@pytest.fixture(scope="module")
def built(tmp_path_factory, synthetic_root):
    out = tmp_path_factory.mktemp("reports")
    outcomes = reports.build_all(ROOT / "params", ROOT / "notebooks", out, trusts=["SYN02", "SYN08"], jobs_n=2,
                                 echo=lambda *_: None)
    return out, outcomes


@pytest.mark.slow
def test_builds_each_trust_and_an_index(built):
    out, outcomes = built
    assert sorted((o.name, o.status) for o in outcomes) == [
        (f"{t} {n} 2026", "built") for t in ("SYN02", "SYN08")
        for n in ("bullying_harassment", "pay_gaps", "summary", "trends", "wdes", "wres")]
    index = (out / "index.html").read_text()
    for href in ("2026/SYN02/index.html", "2026/SYN08/index.html"):
        assert f'href="{href}"' in index
    landing = (out / "2026" / "SYN08" / "index.html").read_text()
    for href in ("summary.html", "pay_gaps.html", "trends.html", "wres.html", "wdes.html", "wres_submission.csv"):
        assert f'href="{href}"' in landing
    assert landing.index("summary.html") < landing.index("pay_gaps.html")
    assert (out / "2026" / "SYN08" / "wres_submission.csv").exists()
    assert "Fellside Community Health NHS Trust" in index


@pytest.mark.slow
def test_cells_tagged_remove_cell_never_reach_the_report(built):
    out, _ = built
    for page in (out / "2026" / "SYN02").glob("*.html"):
        raw = page.read_text()
        assert 'class="dataframe"' not in raw, f"{page.name}: a researcher's table reached the report"
        assert "remove-cell" not in raw and "stop after the compute cell" not in raw


@pytest.mark.slow
def test_report_is_self_contained_with_no_code_and_alt_text(built):
    out, _ = built
    page = out / "2026" / "SYN02" / "pay_gaps.html"
    doc = parse(page)
    raw = page.read_text()
    assert not [a for t, a in doc.tags if t == "script"], "reports must not carry scripts"
    assert not re.search(r"""(src|href)=["']https?://""", raw), "reports must not load anything from the network"
    assert "results.compute(" not in raw and "import " not in "".join(doc.text)
    imgs = [a for t, a in doc.tags if t == "img"]
    assert len(imgs) >= 3 and all(a.get("alt", "").strip() for a in imgs)
    assert all(a["src"].startswith("data:image/svg+xml;base64,") for a in imgs)
    text = " ".join(doc.text)
    assert ("<title>Pay gaps 2026: sex, ethnicity, disability, sexual orientation, religion and age · Fellside Community "
            "Health NHS Trust</title>") in raw
    assert text.index("Key findings") < text.index("The six statutory measures") < text.index("Method and caveats")
    assert "Synthetic data." in text


@pytest.mark.slow
def test_report_numbers_match_the_package(built, synthetic_root):
    out, _ = built
    staff = inputs.read_input(synthetic_root / "SYN08" / "2026" / "staff.csv", "staff")
    res = pay_gap_measures(staff)
    text = " ".join(parse(out / "2026" / "SYN08" / "pay_gaps.html").text)
    assert f"Median hourly pay gap {res.median_gap:.1f}%" in text
    assert f"Mean hourly pay gap {res.mean_gap:.1f}%" in text


@pytest.mark.slow
def test_unchanged_reports_are_skipped_and_changed_ones_rebuilt(built, tmp_path):
    out, _ = built
    again = reports.build_all(ROOT / "params", ROOT / "notebooks", out, trusts=["SYN02"], echo=lambda *_: None)
    assert {o.status for o in again} == {"skipped"}
    forced = reports.build_all(ROOT / "params", ROOT / "notebooks", out, trusts=["SYN02"], notebooks=["trends"],
                               force=True, echo=lambda *_: None)
    assert [(o.name, o.status) for o in forced] == [("SYN02 trends 2026", "built")]


def _broken_trust(tmp_path: Path, synthetic_root: Path) -> Path:
    """A params folder with one good trust and one whose staff file has bad rows."""
    params = tmp_path / "params"
    params.mkdir()
    good = yaml.safe_load((ROOT / "params" / "SYN02.yaml").read_text())
    good["data_dir"] = str(synthetic_root / "SYN02")
    (params / "SYN02.yaml").write_text(yaml.safe_dump(good))
    bad_data = tmp_path / "bad"
    shutil.copytree(synthetic_root / "SYN02" / "2026", bad_data / "2026")
    staff = (bad_data / "2026" / "staff.csv").read_text().splitlines()
    cells = staff[3].split(",")
    cells[2] = "Q9"  # ethnic_code
    staff[3] = ",".join(cells)
    (bad_data / "2026" / "staff.csv").write_text("\n".join(staff) + "\n")
    bad = dict(good, trust_code="BAD01", trust_name="Broken Test Trust", data_dir=str(bad_data), years=[2026],
               report_year=2026, synthetic=False, notebooks=["pay_gaps"])
    good["notebooks"] = ["pay_gaps"]
    (params / "SYN02.yaml").write_text(yaml.safe_dump(good))
    (params / "BAD01.yaml").write_text(yaml.safe_dump(bad))
    return params


@pytest.mark.slow
def test_one_failing_trust_does_not_stop_the_others(tmp_path, synthetic_root, capsys):
    params = _broken_trust(tmp_path, synthetic_root)
    out = tmp_path / "reports"
    code = reports.main(["--params", str(params), "--notebooks", str(ROOT / "notebooks"), "--out", str(out), "-j", "2"])
    printed = capsys.readouterr().out
    assert code == 1
    assert (out / "2026" / "SYN02" / "pay_gaps.html").exists()
    assert not (out / "2026" / "BAD01" / "pay_gaps.html").exists()
    assert "Summary: 1 built, 0 up to date, 1 failed." in printed
    assert "2026/staff.csv, row 4, column 'ethnic_code', value 'Q9'" in printed
    assert "Not built in the last run" in (out / "index.html").read_text()


def test_bad_params_file_is_reported_not_fatal(tmp_path):
    params = tmp_path / "params"
    params.mkdir()
    (params / "ZZZ01.yaml").write_text("trust_code: ZZZ01\n")
    outcomes = reports.build_all(params, ROOT / "notebooks", tmp_path / "out", echo=lambda *_: None)
    assert [o.status for o in outcomes] == ["failed"]
    assert "required key is missing" in outcomes[0].message
    assert (tmp_path / "out" / "index.html").exists()


def test_write_atomic_leaves_nothing_half_written(tmp_path, monkeypatch):
    target = tmp_path / "r.html"
    write_atomic(target, "old")

    def boom(*_):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.html"]


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium (installed by .ci/run)")
def test_reviewer_view_in_a_browser(built, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api")
    out, _ = built
    url = (out / "2026" / "SYN02" / "pay_gaps.html").as_uri()
    requests: list[str] = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
        page = browser.new_page(viewport={"width": 1000, "height": 800})
        page.on("request", lambda r: requests.append(r.url))
        page.goto(url)
        assert page.title().startswith("Pay gaps 2026: sex, ethnicity")
        assert page.locator("h1").first.inner_text() == ("Pay gaps 2026: sex, ethnicity, disability, sexual orientation, "
                                                         "religion and age")
        assert page.locator(".jp-CodeCell .jp-InputArea, .highlight").count() == 0
        # Every chart is loaded, visible and described.
        for img in page.locator("img").all():
            assert img.get_attribute("alt")
            assert img.evaluate("el => el.complete && el.naturalWidth > 0")
        assert page.get_by_role("heading", name="Key findings").is_visible()
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        browser.close()
    assert [u for u in requests if not u.startswith(("file:", "data:"))] == []


def test_fingerprint_follows_data_params_and_national_files(tmp_path):
    import dataclasses

    jobs, _, _ = plan(ROOT / "params", ROOT / "notebooks", tmp_path, trusts=["SYN02"], notebooks=["pay_gaps"])
    ref = tmp_path / "reference"
    ref.mkdir()
    job = dataclasses.replace(jobs[0], reference_data=ref, data_dir=tmp_path / "data")
    before = job_fingerprint(job)
    assert job_fingerprint(job) == before
    (ref / "returns.csv").write_text("a\n1\n")
    after_ref = job_fingerprint(job)
    assert after_ref != before
    (tmp_path / "data" / "2026").mkdir(parents=True)
    (tmp_path / "data" / "2026" / "staff.csv").write_text("x\n")
    assert job_fingerprint(job) != after_ref
    assert job_fingerprint(dataclasses.replace(job, parameters={"sdc_mode": "internal"})) != job_fingerprint(job)


@pytest.mark.slow
def test_a_failed_audit_keeps_the_earlier_reports(tmp_path, synthetic_root, monkeypatch):
    from edi_analysis.disclosure import audit

    out = tmp_path / "out"
    first = reports.build_all(ROOT / "params", ROOT / "notebooks", out, trusts=["SYN02"], notebooks=["trends"],
                              echo=lambda *_: None)
    assert [o.status for o in first] == ["built"]
    report = out / "2026" / "SYN02" / "trends.html"
    before = report.read_bytes()
    finding = audit.Finding("trends.html", "A table", "Row", "Column", 3, 1, "total 10 minus shown 7")
    monkeypatch.setattr(audit, "audit_trust", lambda folder, min_count=None: [finding])
    again = reports.build_all(ROOT / "params", ROOT / "notebooks", out, trusts=["SYN02"], notebooks=["trends"],
                              force=True, echo=lambda *_: None)
    assert [o.status for o in again] == ["failed"]
    assert "disclosure audit" in again[0].message and "A table" in again[0].message
    assert report.read_bytes() == before  # the published report was not replaced
    assert not (out / ".staging").exists()
    monkeypatch.undo()
    # The earlier report still matches its inputs; a forced build that passes the audit replaces it.
    assert [o.status for o in reports.build_all(ROOT / "params", ROOT / "notebooks", out, trusts=["SYN02"],
                                                notebooks=["trends"], echo=lambda *_: None)] == ["skipped"]
    assert [o.status for o in reports.build_all(ROOT / "params", ROOT / "notebooks", out, trusts=["SYN02"],
                                                notebooks=["trends"], force=True, echo=lambda *_: None)] == ["built"]


@pytest.mark.slow
def test_pipeline_makes_the_data_set_and_group_reports(tmp_path, synthetic_root):
    codes = ("SYN02", "SYN06", "SYN08")
    params_dir = tmp_path / "params"
    params_dir.mkdir()
    for code in codes:
        p = yaml.safe_load((ROOT / "params" / f"{code}.yaml").read_text())
        p["data_dir"] = str(ROOT / "data" / "synthetic" / code)
        p.pop("reference_data", None)
        (params_dir / f"{code}.yaml").write_text(yaml.safe_dump(p))
    out = tmp_path / "reports"
    outcomes = reports.build_all(params_dir, ROOT / "notebooks", out, notebooks=["benchmarking"], echo=lambda *_: None)
    assert sorted((o.name, o.status) for o in outcomes) == [
        ("benchmarking/all-trusts benchmarking 2026", "built"),
        ("benchmarking/lakes-and-fells-ics-fictional benchmarking 2026", "built")]
    data = pd.read_csv(out / "2026" / "benchmark.csv")
    assert set(data["trust_code"]) == set(codes)
    assert pd.read_parquet(out / "2026" / "benchmark.parquet").shape[0] == data.shape[0]
    index = (out / "index.html").read_text()
    assert 'href="2026/benchmarking/all-trusts.html"' in index and "benchmark.parquet" in index
    again = reports.build_all(params_dir, ROOT / "notebooks", out, notebooks=["benchmarking"], echo=lambda *_: None)
    assert {o.status for o in again} == {"skipped"}


def test_jobs_are_spread_so_workers_start_on_different_trusts(tmp_path):
    jobs, _, _ = plan(ROOT / "params", ROOT / "notebooks", tmp_path, trusts=["SYN02", "SYN08"],
                      notebooks=["wres", "trends"])
    assert [(j.trust_code, j.notebook.stem) for j in reports.spread(jobs)] == [
        ("SYN02", "trends"), ("SYN08", "trends"), ("SYN02", "wres"), ("SYN08", "wres")]


def test_old_cached_loads_are_pruned_and_used_ones_kept(tmp_path):
    old, used = tmp_path / "trust-A.pickle", tmp_path / "trust-B.pickle"
    old.write_bytes(b"x")
    used.write_bytes(b"x")
    os.utime(old, (0, 0))
    reports.prune_cache(tmp_path)
    assert not old.exists() and used.exists()


def test_a_build_started_outside_the_project_finds_its_notebooks_or_stops_at_once(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # no notebooks folder here: the project's own are used
    assert reports.notebooks_folder(Path("notebooks")) == reports.PROJECT_NOTEBOOKS
    assert (reports.PROJECT_NOTEBOOKS / "pay_gaps.ipynb").exists()
    assert reports.notebooks_folder(tmp_path / "mine") == tmp_path / "mine"  # a folder given is kept
    assert reports.main(["--notebooks", str(tmp_path / "none"), "--out", str(tmp_path / "out")]) == 2
    assert "No notebooks folder at" in capsys.readouterr().err and not (tmp_path / "out").exists()


def test_a_library_that_cannot_be_mapped_under_the_memory_ceiling_is_out_of_memory(monkeypatch):
    # what the loader says when pyarrow's parquet library finds no address space left under --max-memory-mb
    exc = ImportError("libparquet.so.2600: failed to map segment from shared object")
    monkeypatch.delenv("EDI_MAX_MEMORY_MB", raising=False)
    assert not reports._out_of_memory(exc)  # without a ceiling it is some other fault: reported as it is
    monkeypatch.setenv("EDI_MAX_MEMORY_MB", "800")
    assert reports._out_of_memory(exc)
    assert not reports._out_of_memory(ImportError("No module named 'nope'"))
