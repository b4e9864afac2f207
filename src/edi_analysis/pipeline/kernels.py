"""One warm Jupyter kernel per worker process, reused for every notebook the worker runs.

Starting a kernel and importing pandas, matplotlib and the package costs seconds, more than most reports take to
compute; a worker pays it once. Between notebooks the kernel's namespace is cleared (``%reset -f``) and every
figure closed, so a report sees only its own variables, exactly as in a fresh kernel; modules stay imported. A
notebook that fails takes its kernel with it: the next one starts a fresh kernel.

Notebooks are executed with nbclient, parameters injected by Papermill's own code (the same injected cell as
``papermill`` on the command line).
"""

from __future__ import annotations

import os
import sys
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path

from .worker_env import worker_env

__all__ = ["CellError", "execute_notebook", "shutdown", "shutdown_all", "skip_iri_grammars"]

# One kernel per worker thread (a Dask worker may run several threads), by thread id.
_kernels: dict[int, object] = {}
_clients: dict[int, object] = {}  # each kernel's client, kept open too: no new channels per notebook
_lock = threading.Lock()
_registered = False
_RESET_TAG = "edi-analysis-reset"
# A batch kernel keeps no input history: IPython would otherwise write every cell to its history database.
_KERNEL_ARGS = ["--HistoryManager.enabled=False"]
_START_ATTEMPTS = 3
_READY_SECONDS = 120


class CellError(Exception):
    """A notebook cell raised: ``ename`` and ``evalue`` are the exception's name and message in the kernel."""

    def __init__(self, ename: str, evalue: str, traceback: str = ""):
        super().__init__(f"{ename}: {evalue}")
        self.ename, self.evalue, self.traceback = ename, evalue, traceback


def _log_path() -> Path:
    return Path(tempfile.gettempdir()) / f"edi-analysis-kernel-{os.getpid()}.log"


def _kernel(cwd: Path):
    """The calling thread's kernel manager, starting the kernel on first use."""
    global _registered
    km = _kernels.get(threading.get_ident())
    if km is not None and km.has_kernel:  # type: ignore[attr-defined]
        return km
    shutdown()  # whatever is left of a kernel that died: its client too

    # The kernel must be this interpreter, whatever kernelspecs the machine has elsewhere.
    os.environ["JUPYTER_PATH"] = str(Path(sys.prefix) / "share" / "jupyter")
    # Batch runs draw off-screen; set here, not at import, so a researcher's plt.show() works in JupyterLab.
    os.environ.setdefault("MPLBACKEND", "Agg")
    # A kernel can die before it answers: jupyter_client picks free TCP ports, and another process (a kernel of
    # another worker or another build) may take one before this kernel binds it ("Address already in use" in the
    # kernel log). No cell has run then, so a fresh kernel on fresh ports is tried.
    for attempt in range(1, _START_ATTEMPTS + 1):
        started = _started(cwd, list(_KERNEL_ARGS))
        if started is not None:
            break
        if attempt == _START_ATTEMPTS:
            raise RuntimeError(f"the notebook kernel did not start ({_START_ATTEMPTS} tries); its messages are in "
                               f"{_log_path()}")
    km, kc = started
    with _lock:
        _kernels[threading.get_ident()] = km
        _clients[threading.get_ident()] = kc
        if not _registered:
            # Pool workers leave through multiprocessing's exit (atexit does not run there); others through atexit.
            import atexit
            from multiprocessing import util

            util.Finalize(None, shutdown_all, exitpriority=10)
            atexit.register(shutdown_all)
            _registered = True
    return km


def _started(cwd: Path, extra: list[str]):
    """A kernel started in ``cwd`` and answering, with its client; None when it died (or was silent) first."""
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    km = AsyncKernelManager(kernel_name="python3")
    # The kernel's own start-up and shutdown chatter (file descriptor 2) goes to a log file, not the console.
    with _lock:
        sys.stderr.flush()
        saved = os.dup(2)
        with open(_log_path(), "ab") as log:
            os.dup2(log.fileno(), 2)
            try:
                # one arithmetic thread per kernel, freed memory reused (worker_env.py); not set in this process,
                # whose other children (Chromium) are no kernel
                run_sync(km.start_kernel)(cwd=str(cwd), extra_arguments=extra, env={**os.environ, **worker_env()})
            finally:
                os.dup2(saved, 2)
                os.close(saved)
    kc = km.client()
    kc.start_channels()
    try:
        run_sync(kc.wait_for_ready)(timeout=_READY_SECONDS)
    except RuntimeError:  # "Kernel died before replying to kernel_info", or no reply in time
        kc.stop_channels()
        _stop(km)
        return None
    return km, kc


def _stop(km) -> None:
    from jupyter_core.utils import run_sync

    try:
        if km.has_kernel:
            run_sync(km.shutdown_kernel)(now=True)
    except Exception:  # a kernel already gone is what we wanted
        pass


def shutdown() -> None:
    """Stop the calling thread's kernel, if it has one (its next notebook starts a fresh one)."""
    with _lock:
        km = _kernels.pop(threading.get_ident(), None)
        kc = _clients.pop(threading.get_ident(), None)
    if kc is not None:
        kc.stop_channels()  # type: ignore[attr-defined]
    if km is not None:
        _stop(km)


def shutdown_all() -> None:
    """Stop every kernel of this process (a worker leaving, or a build ending on a cluster)."""
    with _lock:
        kms = list(_kernels.values())
        kcs = list(_clients.values())
        _kernels.clear()
        _clients.clear()
    for kc in kcs:
        kc.stop_channels()  # type: ignore[attr-defined]
    for km in kms:
        _stop(km)


def _reset_cell(cwd: Path, env: Mapping[str, str]):
    import nbformat

    # Runs first in the warm kernel: forget the previous notebook's variables and figures, then stand where a fresh
    # kernel would (the notebook's folder, this job's environment).
    # Like %reset -f, without its full garbage collection (a second or more on a big heap, every notebook):
    # every name the notebooks made goes, outputs kept for Out/_ too; names IPython itself defines stay.
    source = "\n".join([
        "get_ipython().user_ns['Out'].clear()",
        "get_ipython().user_ns.update({'_': '', '__': '', '___': ''})",
        "list(map(get_ipython().user_ns.pop, [n for n in get_ipython().user_ns",
        "                                     if n not in get_ipython().user_ns_hidden and not n.startswith('__')]))",
        "import os as _os",
        f"_os.chdir({str(cwd)!r})",
        f"_os.environ.update({dict(env)!r})",
        "import matplotlib.pyplot as _plt",
        "_plt.close('all')",
        "del _os, _plt",
    ])
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = [_RESET_TAG]
    return cell


def skip_iri_grammars() -> None:
    """Keep nbformat's import light in this process: about 0.7 CPU-s less per worker.

    nbformat imports jsonschema, whose format checks import ``rfc3987_syntax`` when it is installed (it comes with
    the Jupyter server's extras) and so compile some forty Lark grammars, for an ``iri`` format check that notebook
    validation never makes (nbformat validates without a format checker). Marking the module absent before
    jsonschema is first imported makes jsonschema skip that one optional check, as it does wherever the module is
    not installed. A process that has already imported jsonschema is left as it is.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[assignment]


def execute_notebook(path: Path, parameters: Mapping[str, object], *, cwd: Path,
                     env: Mapping[str, str] | None = None):
    """Run the notebook at ``path`` with ``parameters`` in this worker's warm kernel; returns the executed notebook.

    Raises :class:`CellError` when a cell raises (the kernel is then replaced before the next notebook).
    """
    skip_iri_grammars()
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    nb = load_notebook_node(str(path))
    nb = parameterize_notebook(nb, dict(parameters), kernel_name="python3", language="python")
    for cell in nb.cells:  # papermill gives the injected cell a random id: a fixed one keeps builds reproducible
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
    nb.cells.insert(0, _reset_cell(cwd, env or {}))
    km = _kernel(cwd)
    client = NotebookClient(nb, km=km, kernel_name="python3", timeout=None, allow_errors=False,
                            resources={"metadata": {"path": str(cwd)}})
    client.kc = _clients.get(threading.get_ident())
    try:
        client.execute()
    except CellExecutionError as exc:
        _clients[threading.get_ident()] = client.kc
        shutdown()
        raise CellError(exc.ename, exc.evalue, str(exc)) from None
    except BaseException:
        _clients[threading.get_ident()] = client.kc
        shutdown()
        raise
    _clients[threading.get_ident()] = client.kc
    nb.cells = [c for c in nb.cells if _RESET_TAG not in c.get("metadata", {}).get("tags", [])]
    return nb
