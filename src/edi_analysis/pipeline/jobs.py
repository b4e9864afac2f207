"""What the pipeline builds: jobs (one notebook for one trust or group and year) and their outcomes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
#: Report name -> what the report is called (links, page titles).
NOTEBOOK_TITLES = {
    "summary": "Board summary",
    "pay_gaps": "Pay gaps",
    "trends": "Quarterly equality trends",
    "wres": "Workforce Race Equality Standard",
    "wdes": "Workforce Disability Equality Standard",
    "bullying_harassment": "Bullying, harassment, discrimination and violence",
    "benchmarking": "Benchmarking",
    "directorates": "Directorate breakdowns",
}
#: Reports for the trust's own teams: built by every internal build (``--sdc-mode internal``), not published.
INTERNAL_NOTEBOOKS: tuple[str, ...] = ("directorates",)
#: Report name -> what it covers, after its title and year ("Pay gaps 2026: sex, ethnicity, ...").
NOTEBOOK_COVERS = {
    "summary": "the findings the board needs across every report",
    "pay_gaps": "sex, ethnicity, disability, sexual orientation, religion and age",
    "trends": "representation, recording and formal processes, quarter by quarter",
    "wres": "ethnicity in the workforce, recruitment, discipline, training, the staff survey and the board",
    "wdes": "disability in the workforce, recruitment, capability, the staff survey, adjustments and the board",
    "bullying_harassment": "staff survey by protected characteristic, targets, and the trust's own records",
    "benchmarking": "trusts compared on the same published figures",
    "directorates": "the workforce measures by directorate, for the trust's own teams",
}


def report_title(notebook: str, year: int) -> str:
    """A report's title that says what it covers, e.g. "Pay gaps 2026: sex, ethnicity, disability, ..."."""
    title = f"{NOTEBOOK_TITLES.get(notebook, notebook.replace('_', ' ').capitalize())} {year}"
    return f"{title}: {NOTEBOOK_COVERS[notebook]}" if notebook in NOTEBOOK_COVERS else title


@dataclass(frozen=True)
class Job:
    """One report: a notebook run for one trust and year."""

    trust_code: str
    trust_name: str
    year: int
    notebook: Path
    params_file: Path | None
    out_file: Path
    data_dir: Path
    code_hash: str
    parameters: dict = field(default_factory=dict)
    force: bool = False
    reference_data: Path | None = None
    extra_inputs: tuple[Path, ...] = ()
    renderer: str = "nbconvert"  # or "quarto" (pipeline.quarto)

    @property
    def name(self) -> str:
        return f"{self.trust_code} {self.notebook.stem} {self.year}"

    @property
    def stamp_file(self) -> Path:
        return self.out_file.with_name(f".{self.out_file.name}.fingerprint")

    @property
    def stage_dir(self) -> Path:
        """Where the report and its exports are written first, to be audited before they replace the old ones."""
        return stage_dir_of(self.out_file.parent)

    @property
    def staged_file(self) -> Path:
        return self.stage_dir / self.out_file.name

    @property
    def staged_stamp(self) -> Path:
        return self.stage_dir / self.stamp_file.name


STAGING = ".staging"


def stage_dir_of(folder: Path) -> Path:
    """The staging twin of a report folder ``<out>/<year>/<trust>``: ``<out>/.staging/<year>/<trust>``."""
    return folder.parent.parent / STAGING / folder.parent.name / folder.name


@dataclass(frozen=True)
class Outcome:
    """What happened to one job (or to a params file that could not be read)."""

    name: str
    status: str  # "built", "skipped" or "failed"
    seconds: float
    message: str = ""
    out_file: Path | None = None
    trust_code: str = ""
    trust_name: str = ""
    year: int | None = None
    notebook: str = ""


BENCHMARK_NOTEBOOK = "benchmarking"
BENCHMARK_DIR = "benchmarking"


def dataset_path(out_dir: Path, year: int) -> Path:
    """Where a run's benchmark data set lives (with a .parquet twin)."""
    return (out_dir / str(year) / "benchmark.csv").resolve()


