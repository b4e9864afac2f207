"""``make lab``: the command resolves, the kernel is this interpreter, and the server starts and stops."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from edi_analysis.__main__ import main as cli
from edi_analysis.pipeline import lab

ROOT = Path(__file__).resolve().parents[1]


def test_command_roots_the_server_at_the_project_and_opens_the_notebooks():
    cmd = lab.lab_command(ROOT, ROOT / "notebooks", port=8123, browser=False, python="py")
    assert cmd[:3] == ["py", "-m", "jupyterlab"]
    # rooted at the project, so jupytext finds jupytext.toml and keeps the pairs in step
    assert f"--ServerApp.root_dir={ROOT}" in cmd
    assert "--LabApp.default_url=/lab/tree/notebooks" in cmd
    assert {"--ServerApp.port=8123", "--ServerApp.port_retries=0", "--no-browser"} <= set(cmd)
    assert "--no-browser" not in lab.lab_command(ROOT, ROOT / "notebooks")


def test_jupytext_pairing_is_configured_at_the_server_root():
    text = (ROOT / "jupytext.toml").read_text(encoding="utf-8")
    assert 'formats = "ipynb,py:percent"' in text


def test_environment_puts_this_environments_kernels_first_and_draws_inline(tmp_path):
    env = lab.lab_env({"JUPYTER_PATH": "/elsewhere", "MPLBACKEND": "Agg", "HOME": "/h"}, prefix=tmp_path)
    assert env["JUPYTER_PATH"].split(os.pathsep) == [str(tmp_path / "share" / "jupyter"), "/elsewhere"]
    assert "MPLBACKEND" not in env and env["HOME"] == "/h"
    assert lab.lab_env({"MPLBACKEND": "svg"}, prefix=tmp_path)["MPLBACKEND"] == "svg"  # a user's own choice stays


def test_kernelspec_is_installed_when_missing(tmp_path):
    spec = lab.ensure_kernelspec(tmp_path)
    argv = json.loads((spec / "kernel.json").read_text())["argv"]
    assert spec == tmp_path / "share" / "jupyter" / "kernels" / "python3"
    assert "ipykernel_launcher" in argv
    before = (spec / "kernel.json").stat().st_mtime_ns
    lab.ensure_kernelspec(tmp_path)  # present: left alone
    assert (spec / "kernel.json").stat().st_mtime_ns == before


def _project(tmp_path: Path, synthetic: bool = True) -> Path:
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "params").mkdir()
    text = (ROOT / "params" / "SYN03.yaml").read_text(encoding="utf-8")
    text = text.replace("../data/synthetic/SYN03", str(tmp_path / "data" / "synthetic" / "SYN03"))
    (tmp_path / "params" / "SYN03.yaml").write_text(text if synthetic else text.replace("synthetic: true",
                                                                                        "synthetic: false"))
    return tmp_path


def test_dry_run_prints_the_command_and_the_data_it_would_make(tmp_path, capsys):
    root = _project(tmp_path)
    assert cli(["lab", "--root", str(root), "--dry-run", "--no-browser", "--port", "8124"]) == 0
    out = capsys.readouterr().out
    assert "would make the synthetic data of SYN03" in out
    assert "-m jupyterlab" in out and "--ServerApp.port=8124" in out and "--no-browser" in out
    assert cli(["lab", "--root", str(root), "--dry-run", "--ServerApp.token=abc"]) == 0
    assert capsys.readouterr().out.rstrip().endswith("--ServerApp.token=abc")  # other options go to JupyterLab
    assert not (root / "data").exists()  # a dry run makes nothing


def test_real_trusts_are_never_generated(tmp_path):
    need, problems = lab.missing_synthetic(_project(tmp_path, synthetic=False) / "params")
    assert need == [] and problems == []


def test_no_notebooks_folder_is_one_sentence(tmp_path, capsys):
    assert cli(["lab", "--root", str(tmp_path), "--dry-run"]) == 2
    assert "No notebooks folder" in capsys.readouterr().err


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_server_starts_answers_keeps_the_pairs_and_stops(tmp_path):
    (tmp_path / "project").mkdir()
    root = _project(tmp_path / "project")
    shutil.copy(ROOT / "jupytext.toml", root / "jupytext.toml")
    port = _free_port()
    # a home of its own, without a jupytext config: the pairing must come from the project's jupytext.toml
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update({"JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg"),
                "JUPYTER_DATA_DIR": str(tmp_path / "data_home"), "HOME": str(tmp_path / "home"),
                "XDG_CONFIG_DIRS": str(tmp_path / "xdg")})
    log = (tmp_path / "lab.log").open("w")
    proc = subprocess.Popen([sys.executable, "-m", "edi_analysis", "lab", "--root", str(root), "--no-browser",
                             "--port", str(port), "--IdentityProvider.token=t0ken"], cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        answer = None
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=2) as resp:
                    answer = json.loads(resp.read())
                    break
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        assert answer and "version" in answer, (tmp_path / "lab.log").read_text()
        # the synthetic data was made before the server started
        assert (root / "data" / "synthetic" / "SYN03").is_dir()
        # saving a notebook through the server writes its paired script (jupytext.toml at the server's root)
        model = {"type": "notebook", "format": "json", "content": {
            "cells": [{"cell_type": "code", "source": "x = 1", "metadata": {}, "outputs": [], "execution_count": None}],
            "metadata": {}, "nbformat": 4, "nbformat_minor": 5}}
        request = urllib.request.Request(f"http://127.0.0.1:{port}/api/contents/notebooks/probe.ipynb", method="PUT",
                                         data=json.dumps(model).encode(), headers={
                                             "Authorization": "token t0ken", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as resp:
            assert resp.status in (200, 201)
        assert "x = 1" in (root / "notebooks" / "probe.py").read_text(encoding="utf-8")
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            log.close()
    assert proc.returncode is not None
