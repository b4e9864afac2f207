"""Guards around a build: one build per output folder at a time, and a memory ceiling per process.

- :func:`build_lock` holds ``<out>/.lock`` (with the build's process id) for the whole build. A second build
  of the same folder stops at once with :class:`BuildLocked`, naming the process; a lock left by a build that
  was killed is taken over (the operating system releases the file lock when a process dies; where there is no
  file locking, a lock whose process no longer runs is stale).
- :func:`limit_memory` caps the address space of this process and every process it starts (workers and
  notebook kernels inherit the limit), so an input too large for the machine fails with a clear message
  (:func:`memory_message`) instead of the machine's out-of-memory killer ending something at random.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

try:  # POSIX; Windows falls back to the process-id check alone
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

__all__ = ["LOCK_NAME", "MEMORY_ENV", "BuildLocked", "build_lock", "limit_memory", "memory_message"]

LOCK_NAME = ".lock"
MEMORY_ENV = "EDI_MAX_MEMORY_MB"


class BuildLocked(RuntimeError):
    """Another build is writing to the same output folder."""

    def __init__(self, out_dir: Path, pid: int | None):
        self.out_dir, self.pid = out_dir, pid
        who = f"pid {pid}" if pid else "pid unknown"
        super().__init__(f"another build is writing to {out_dir} ({who}); wait for it or remove the lock if it "
                         f"crashed ({out_dir / LOCK_NAME})")


def _pid_in(path: Path) -> int | None:
    try:
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # it exists, owned by someone else
        return True
    return True


@contextlib.contextmanager
def build_lock(out_dir: Path) -> Iterator[Path]:
    """Hold ``<out_dir>/.lock`` while the block runs; raise :class:`BuildLocked` if another build holds it."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / LOCK_NAME
    while True:
        fh = open(path, "a+", encoding="ascii")  # noqa: SIM115 - held open (and locked) for the whole build
        try:
            if fcntl is not None:
                try:
                    fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    raise BuildLocked(out_dir, _pid_in(path)) from None
                # the holder before us may have removed the file after we opened it: lock the file that is there
                try:
                    same = os.fstat(fh.fileno()).st_ino == os.stat(path).st_ino
                except FileNotFoundError:
                    same = False
                if not same:
                    fh.close()
                    continue
            else:  # pragma: no cover
                pid = _pid_in(path)
                if pid and pid != os.getpid() and _alive(pid):
                    raise BuildLocked(out_dir, pid)
        except BaseException:
            fh.close()
            raise
        break
    try:
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        yield path
    finally:
        with contextlib.suppress(OSError):
            path.unlink()  # removed while still locked, so no other build can lock the old file after us
        fh.close()


def limit_memory(megabytes: int | None) -> int | None:
    """Cap this process's address space (inherited by every process it starts) at ``megabytes``.

    ``None`` reads :data:`MEMORY_ENV`; no setting leaves the limit alone. Returns the limit applied, in MB.
    The cap is on address space (``RLIMIT_AS``), which is larger than the memory a process really uses, so
    give a generous figure (a few GB); a process that reaches it gets ``MemoryError`` rather than being killed.
    """
    if megabytes is None:
        env = os.environ.get(MEMORY_ENV, "").strip()
        if not env:
            return None
        if not env.isdigit() or int(env) < 1:
            raise ValueError(f"{MEMORY_ENV}={env!r} is not a number of megabytes; use a whole number such as 4000")
        megabytes = int(env)
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows has no rlimits
        return None
    limit = int(megabytes) * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    # child processes (workers, notebook kernels) read the same setting and inherit the limit
    os.environ[MEMORY_ENV] = str(megabytes)
    return int(megabytes)


def memory_message(where: str) -> str:
    """What to tell the user when ``where`` ran out of memory under the limit."""
    limit = os.environ.get(MEMORY_ENV)
    cap = f"the limit of {limit} MB per process ({MEMORY_ENV})" if limit else "the memory this machine has"
    return (f"{where} ran out of memory: it needs more than {cap}; raise {MEMORY_ENV} (or --max-memory-mb), build "
            "fewer reports at once (-j 1), or use a machine with more memory")
