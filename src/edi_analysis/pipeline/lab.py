"""The researcher's route: JupyterLab on the project's notebooks, with the project's kernel (``make lab``).

``python -m edi_analysis lab`` makes the fictional trusts' data if it is missing, then starts JupyterLab with
the project folder as its root and opens ``notebooks/``. Rooting the server at the project folder (not at
``notebooks/``) keeps jupytext's pairing working: jupytext looks for ``jupytext.toml`` only inside the server's
root, and the project's file pairs every notebook with its percent-format script. The kernel is this
interpreter (the project's virtual environment), found first through ``JUPYTER_PATH`` as the report build does.
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import io as inputs
from ..errors import InputError
from .plan import ensure_synthetic

__all__ = ["ensure_kernelspec", "kernel_dir", "lab_command", "lab_env", "main", "missing_synthetic"]


def kernel_dir(prefix: str | Path = sys.prefix) -> Path:
    """The ``share/jupyter`` folder of an environment (where its kernelspecs live)."""
    return Path(prefix) / "share" / "jupyter"


def ensure_kernelspec(prefix: str | Path = sys.prefix) -> Path:
    """Make sure the environment holds a ``python3`` kernelspec; install ipykernel's when it does not.

    The spec's ``python`` command is run as this interpreter (jupyter_client swaps a bare ``python`` for the
    server's own ``sys.executable``), so the notebooks always run with the project's packages.

    Returns
    -------
    Path
        The kernelspec's folder.
    """
    spec = kernel_dir(prefix) / "kernels" / "python3"
    if not (spec / "kernel.json").exists():
        from ipykernel.kernelspec import install

        install(prefix=str(prefix), kernel_name="python3")
    return spec


def lab_env(base: dict[str, str] | None = None, prefix: str | Path = sys.prefix) -> dict[str, str]:
    """The server's environment: this environment's kernelspecs first; no forced off-screen matplotlib backend."""
    env = dict(os.environ if base is None else base)
    paths = [str(kernel_dir(prefix))] + [p for p in env.get("JUPYTER_PATH", "").split(os.pathsep) if p]
    env["JUPYTER_PATH"] = os.pathsep.join(dict.fromkeys(paths))
    # The batch build draws off-screen; a researcher's plt.show() must draw inline.
    if env.get("MPLBACKEND", "").lower() == "agg":
        del env["MPLBACKEND"]
    return env


def lab_command(root: Path, notebooks: Path, *, port: int | None = None, browser: bool = True,
                python: str = sys.executable) -> list[str]:
    """The command line that starts JupyterLab rooted at ``root`` and opened on ``notebooks``."""
    tree = notebooks.resolve().relative_to(root.resolve()).as_posix()
    cmd = [python, "-m", "jupyterlab", f"--ServerApp.root_dir={root.resolve()}",
           f"--LabApp.default_url=/lab/tree/{tree}", "--ServerApp.ip=127.0.0.1"]
    if port is not None:
        # the port asked for or nothing: a test (or a bookmark) must not find the server elsewhere
        cmd += [f"--ServerApp.port={port}", "--ServerApp.port_retries=0"]
    if not browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # containers and CI machines often run as root; the server only listens on this machine
        cmd.append("--allow-root")
    return cmd


def missing_synthetic(params_dir: Path) -> tuple[list[inputs.TrustParams], list[str]]:
    """Synthetic trusts whose data has not been made yet, and params files that cannot be read."""
    from .. import synthetic

    need, problems = [], []
    for pfile in sorted(params_dir.glob("*.yaml")):
        try:
            params = inputs.load_params(pfile)
        except InputError as exc:
            problems.append(str(exc))
            continue
        if params.synthetic and not synthetic.is_present(params.data_dir.parent, params.trust_code):
            need.append(params)
    return need, problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m edi_analysis lab",
                                     description="Open JupyterLab on the notebooks with the project's kernel "
                                                 "(makes the synthetic trusts' data first if it is missing). "
                                                 "Other options are passed to JupyterLab.")
    parser.add_argument("--root", type=Path, default=Path("."), help="project folder (default: here)")
    parser.add_argument("--notebooks", type=Path, default=None, help="folder to open (default: ROOT/notebooks)")
    parser.add_argument("--params", type=Path, default=None, help="params folder (default: ROOT/params)")
    parser.add_argument("--port", type=int, default=None, help="serve on this port only (default: 8888 or next free)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser; print the address")
    parser.add_argument("--dry-run", action="store_true", help="print the command and what would be made; run nothing")
    # anything else goes to JupyterLab as it is (e.g. --ServerApp.token=...)
    args, extra = parser.parse_known_args(argv)
    root = args.root.resolve()
    notebooks = (args.notebooks or root / "notebooks").resolve()
    params_dir = (args.params or root / "params").resolve()
    if not notebooks.is_dir():
        print(f"No notebooks folder at {notebooks}; run this from the project folder or give --root.",
              file=sys.stderr)
        return 2
    try:
        notebooks.relative_to(root)
    except ValueError:
        print(f"The notebooks folder {notebooks} must be inside the project folder {root}.", file=sys.stderr)
        return 2
    need, problems = missing_synthetic(params_dir)
    for problem in problems:
        print(f"Skipped a params file: {problem}", file=sys.stderr)
    cmd = lab_command(root, notebooks, port=args.port, browser=not args.no_browser) + extra
    if args.dry_run:
        for params in need:
            print(f"would make the synthetic data of {params.trust_code} in {params.data_dir}")
        print(f"JUPYTER_PATH={kernel_dir()} {shlex.join(cmd)}")
        return 0
    for params in need:
        print(f"Making the synthetic data of {params.trust_code} (first run only)...", flush=True)
        error = ensure_synthetic(params)
        if error:
            print(error, file=sys.stderr)
    ensure_kernelspec()
    return _serve(cmd, root)


def _serve(cmd: list[str], root: Path) -> int:
    """Run the server until it stops; a terminate signal to this process stops the server too."""
    proc = subprocess.Popen(cmd, env=lab_env(), cwd=root)
    signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
    while True:
        try:
            return proc.wait()
        except KeyboardInterrupt:  # Ctrl-C reaches the server too, which asks to confirm: wait for its answer
            continue
