"""Params: missing, misspelt and mistyped keys, disclosure settings that switch suppression off, unknown
targets and areas, data folders that do not hold the data, and paths that would leave the output folder."""

from __future__ import annotations

import pytest

from .conftest import CODE, problem_lines

FILE = f"{CODE}.yaml"


@pytest.mark.parametrize(("change", "expected"), [
    ({"sdc": {"mode": "publish", "min_count": "five"}},
     [f"{FILE}, key 'sdc.min_count', value 'five': use a whole number, e.g. 5"]),
    ({"sdc": {"mode": "publish", "min_count": 0}},
     [f"{FILE}, key 'sdc.min_count', value '0': use a whole number, e.g. 5"]),
    ({"sdc": {"mode": "publish", "min_count": 3}},
     [(f"{FILE}, key 'sdc.min_count', value '3': publish mode cannot go below 5; raise it, or build with sdc.mode: "
      "internal for a private, unsuppressed version")]),
    ({"sdc": {"mode": "publsh"}}, [f"{FILE}, key 'sdc.mode', value 'publsh': use 'publish' or 'internal'"]),
    ({"report_year": True}, [f"{FILE}, key 'report_year', value 'True': must be a whole number (e.g. 2026)"]),
    ({"years": [True, 2026]}, [f"{FILE}, key 'years', value '[True, 2026]': list the snapshot years, e.g. [2024, 2025]"]),
    ({"report_year": 2026.0}, [f"{FILE}, key 'report_year', value '2026.0': must be a whole number (e.g. 2026)"]),
    ({"hia6_targets": [{"measure": "harasment_staff", "baseline_year": 2024, "target_year": 2026,
                        "relative_reduction": 0.1}]},
     None),  # checked below: the message lists the known measures
    ({"catchment_las": ["E09000025", "E09999999"]},
     [(f"{FILE}, key 'catchment_las', value 'E09999999': is not a local authority in the Census 2021 table (2021 "
      "lower-tier local authorities); check the code")]),
    ({"catchment_las": ["Cumbria"]},
     [(f"{FILE}, key 'catchment_las', value 'Cumbria': is not a local authority code; use the 9-character ONS code, "
      "e.g. E09000025")]),
    ({"notebooks": ["pay_gaps", "/tmp/evil", "../../x"]},
     [(f"{FILE}, key 'notebooks[1]', value '/tmp/evil': use a report name from the notebooks folder, e.g. pay_gaps "
      "(lower-case letters, digits and underscores; no folders or paths)"),
      (f"{FILE}, key 'notebooks[2]', value '../../x': use a report name from the notebooks folder, e.g. pay_gaps "
      "(lower-case letters, digits and underscores; no folders or paths)")]),
])
def test_params_value_problems(case, change, expected):
    case.set_params(**change)
    status, out = case.validate()
    assert status == 1
    if expected is None:
        [line] = problem_lines(out)
        assert line.startswith(f"{FILE}, key 'hia6_targets[0].measure', value 'harasment_staff': use one of ")
        assert "'harassment_staff'" in line.split("use one of ")[1].split(", ")
    else:
        assert problem_lines(out) == expected


def test_every_misspelt_key_is_named(case):
    text = case.params_file.read_text(encoding="utf-8")
    case.params_file.write_text(text.replace("bme_label:", "bme_labl:").replace("peer_count:", "peer_cont:")
                                if "peer_count:" in text else text.replace("bme_label:", "bme_labl:") +
                                "peer_cont: 3\n", encoding="utf-8")
    status, out = case.validate()
    assert status == 1
    assert problem_lines(out) == [f"{FILE}, key 'bme_labl': unknown key; check its spelling (see params/README.md)",
                                  f"{FILE}, key 'peer_cont': unknown key; check its spelling (see params/README.md)"]


def test_params_file_in_latin1(case):
    text = case.params_file.read_text(encoding="utf-8")
    case.params_file.write_bytes(text.replace("Fellside", "Fellsidé").encode("latin-1"))
    position = text.encode().index(b"Fellside") + len("Fellsid")  # the é
    status, out = case.validate()
    assert status == 1
    assert problem_lines(out) == [(f"{FILE}: is not UTF-8 text (byte 0xe9 at position {position}); save it as UTF-8 "
                                  "(in Notepad: Save As, Encoding UTF-8)")]


def test_data_dir_that_does_not_exist(case):
    case.set_params(data_dir="../nowhere")
    status, out = case.validate()
    assert status == 1
    assert problem_lines(out) == [(f"{FILE}, key 'data_dir', value '{case.root / 'nowhere'}': the data folder does "
                                  "not exist; set data_dir to the folder holding your year folders (relative to the "
                                  "params file's folder)")]


def test_data_dir_pointing_at_a_system_folder(case):
    case.set_params(data_dir="/etc")
    status, out = case.validate()
    assert status == 1
    assert problem_lines(out) == [(f"{FILE}, key 'data_dir', value '/etc': holds none of the year folders listed in "
                                  "'years' (2025, 2026); set data_dir to the folder holding them, e.g. data/real/<CODE> "
                                  "with data/real/<CODE>/2026/staff.csv")]
