"""One headless Chromium for a whole build, driven over the Chrome DevTools Protocol on a pipe.

Printing each board pack with its own ``chromium --print-to-pdf`` process pays Chromium's start-up (browser,
zygote, GPU and network services: about a second of CPU) once per trust. :class:`Browser` starts Chromium once
with ``--remote-debugging-pipe`` and prints every pack in a new tab of it, with the same print settings the
``--print-to-pdf`` switch uses (page size and margins from the page's ``@page`` rules, backgrounds printed, a
tagged PDF, Chromium's own header and footer off), so a pack comes out page for page the same.

The protocol (https://chromedevtools.github.io/devtools-protocol/): JSON messages, each ended by a NUL byte,
written to Chromium's file descriptor 3 and read from its descriptor 4; ``Target.attachToTarget`` with
``flatten`` gives each tab a session whose commands carry its ``sessionId``. No library is needed beyond the
standard one. Several threads may print at once, each in its own tab.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Self

__all__ = ["PRINT_PARAMS", "Browser", "BrowserError", "pipe_supported"]

#: What ``--print-to-pdf --no-pdf-header-footer`` asks for (Chromium's headless command handler).
PRINT_PARAMS = {"printBackground": True, "preferCSSPageSize": True, "displayHeaderFooter": False,
                "generateTaggedPDF": True}
_START_SECONDS = 60
_QUIT_SECONDS = 15
# Run as ``python -c _LAUNCH IN OUT chromium ARGS...``: descriptors IN and OUT become 3 and 4, then exec Chromium.
# (Copies first, so neither end is overwritten by the other; dup2 onto itself keeps close-on-exec, hence the
# explicit set_inheritable.)
_LAUNCH = ("import os, sys; a, b = int(sys.argv[1]), int(sys.argv[2]); a3 = os.dup(a); b4 = os.dup(b); "
           "os.dup2(a3, 3); os.dup2(b4, 4); os.set_inheritable(3, True); os.set_inheritable(4, True); "
           "os.execv(sys.argv[3], sys.argv[3:])")


class BrowserError(RuntimeError):
    """Chromium could not be started, stopped answering, or could not print a page."""


def pipe_supported() -> bool:
    """True where a child can be handed descriptors 3 and 4 (POSIX); elsewhere each pack has its own process."""
    return os.name == "posix"


class _Call:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.message: dict = {}


class Browser:
    """A headless Chromium kept for many prints; use as a context manager, or call :meth:`close`.

    Parameters
    ----------
    chromium : str
        The Chromium (or Chrome) executable (see :func:`edi_analysis.pipeline.board_pack.find_chromium`).
    timeout : float
        Seconds any one step (a page loading, a PDF printing) may take before the print is abandoned.
    """

    def __init__(self, chromium: str, timeout: float = 180.0):
        self.timeout = timeout
        self._tmp = tempfile.TemporaryDirectory(prefix="edi-chromium-")
        self._ids = itertools.count(1)
        self._calls: dict[int, _Call] = {}
        self._loaded: dict[str, set[str]] = {}  # session -> the navigations (loaderId) whose page has loaded
        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._write_lock = threading.Lock()
        self._closed = False
        to_child, self._write = os.pipe()
        self._read, from_child = os.pipe()
        args = [chromium, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--remote-debugging-pipe", f"--user-data-dir={Path(self._tmp.name) / 'profile'}", "about:blank"]
        if hasattr(os, "geteuid") and os.geteuid() == 0:  # Chromium refuses to run as root inside its sandbox
            args.insert(1, "--no-sandbox")
        # A small launcher puts our pipe ends on descriptors 3 and 4, where Chromium looks for them, then becomes
        # Chromium: a thread-safe start (no code of ours runs in the child between fork and exec).
        try:
            self.proc = subprocess.Popen([sys.executable, "-I", "-S", "-c", _LAUNCH, str(to_child), str(from_child),
                                          *args], pass_fds=(to_child, from_child), stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError:
            for fd in (self._write, self._read):
                os.close(fd)
            self._tmp.cleanup()
            raise
        finally:  # the child's ends are the child's now
            os.close(to_child)
            os.close(from_child)
        self._reader = threading.Thread(target=self._read_loop, name="chromium-cdp", daemon=True)
        self._reader.start()
        try:
            self.call("Browser.getVersion", timeout=_START_SECONDS)
        except BrowserError:
            self.close()
            raise

    @property
    def closed(self) -> bool:
        """True once Chromium has stopped (or been closed): no more pages can be printed with it."""
        return self._closed

    # --- the protocol --------------------------------------------------------------------------------------

    def _read_loop(self) -> None:
        parts: list[bytes] = []  # the message being read (a PDF arrives as several megabytes of base64)
        while True:
            try:
                chunk = os.read(self._read, 1 << 20)
            except OSError:
                chunk = b""
            if not chunk:
                break
            while (end := chunk.find(b"\0")) >= 0:
                parts.append(chunk[:end])
                self._dispatch(json.loads(b"".join(parts)))
                parts, chunk = [], chunk[end + 1:]
            parts.append(chunk)
        with self._lock:  # Chromium is gone: nobody waits forever
            self._closed = True
            calls, self._calls = list(self._calls.values()), {}
            self._cond.notify_all()
        for c in calls:
            c.done.set()

    def _dispatch(self, message: dict) -> None:
        if "id" in message:
            with self._lock:
                call = self._calls.pop(message["id"], None)
            if call is not None:
                call.message = message
                call.done.set()
        elif message.get("method") == "Page.lifecycleEvent" and message.get("params", {}).get("name") == "load":
            with self._lock:
                self._loaded.setdefault(message.get("sessionId", ""), set()).add(message["params"].get("loaderId"))
                self._cond.notify_all()

    def call(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float | None = None) -> dict:
        """Send one command and wait for its result (raises :class:`BrowserError` on an error or a timeout)."""
        call = _Call()
        message = {"id": next(self._ids), "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        with self._lock:
            if self._closed:
                raise BrowserError(f"Chromium has stopped (before {method})")
            self._calls[message["id"]] = call
        try:
            with self._write_lock:  # one message at a time on the pipe; the reader never waits for it
                self._write_all(data)
        except OSError as exc:
            with self._lock:
                self._calls.pop(message["id"], None)
            raise BrowserError(f"Chromium has stopped ({exc})") from None
        if not call.done.wait(self.timeout if timeout is None else timeout):
            with self._lock:
                self._calls.pop(message["id"], None)
            raise BrowserError(f"Chromium did not answer {method} in time")
        if "error" in call.message:
            raise BrowserError(f"{method}: {call.message['error'].get('message', call.message['error'])}")
        if not call.message:
            raise BrowserError(f"Chromium has stopped (during {method})")
        return call.message.get("result", {})

    def _write_all(self, data: bytes) -> None:
        view = memoryview(data)
        while view:
            view = view[os.write(self._write, view):]

    # --- printing ------------------------------------------------------------------------------------------

    def print_pdf(self, page: Path) -> bytes:
        """``page`` (an HTML file) printed to PDF in a fresh tab, as ``--print-to-pdf`` prints it."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        try:
            session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
            self.call("Page.enable", session=session)
            self.call("Page.setLifecycleEventsEnabled", {"enabled": True}, session=session)
            nav = self.call("Page.navigate", {"url": Path(page).resolve().as_uri()}, session=session)
            if nav.get("errorText"):
                raise BrowserError(f"Chromium could not open {Path(page).name}: {nav['errorText']}")
            # The load of this navigation (its loaderId), not a late one of the blank page the tab opened with.
            with self._cond:
                done = self._cond.wait_for(lambda: self._closed or nav.get("loaderId") in self._loaded.get(session, ()),
                                           self.timeout)
                self._loaded.pop(session, None)
            if not done or self._closed:
                raise BrowserError(f"Chromium did not finish loading {Path(page).name}")
            data = self.call("Page.printToPDF", dict(PRINT_PARAMS), session=session)["data"]
            return base64.b64decode(data)
        finally:
            if not self._closed:
                try:
                    self.call("Target.closeTarget", {"targetId": target}, timeout=_QUIT_SECONDS)
                except BrowserError:
                    pass

    def close(self) -> None:
        """Ask Chromium to quit, wait for it (kill it if it lingers) and remove its profile folder."""
        if getattr(self, "proc", None) is not None and self.proc.poll() is None:
            try:
                if not self._closed:
                    self.call("Browser.close", timeout=_QUIT_SECONDS)
            except BrowserError:
                pass
            try:
                self.proc.wait(_QUIT_SECONDS)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        with self._lock:
            self._closed = True
        for fd in (self._write,):
            try:
                os.close(fd)
            except OSError:
                pass
        if self._reader.is_alive():
            self._reader.join(5)
        try:
            os.close(self._read)
        except OSError:
            pass
        self._tmp.cleanup()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
