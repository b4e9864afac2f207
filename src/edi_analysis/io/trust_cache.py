"""A content-addressed cache of loaded trusts, so a build reads and validates each trust's files once.

The report pipeline sets the environment variable ``EDI_ANALYSIS_CACHE`` to a folder under its output folder;
:func:`~edi_analysis.io.load_trust` then keeps each :class:`~edi_analysis.io.TrustData` there as a pickle named by
the hash of everything it was made from: the params, the report year, the inputs asked for, the bytes of every
input file of every year loaded, and the reading and validating code. Any change to one of those gives a new key,
so a stale copy is never used; nothing has to be invalidated. Without the variable (a researcher's notebook, the
tests) nothing is cached.

The cache is trusted like the rest of the output folder: it is written and read only by this package.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import inspect
import os
import pickle
import re
import sys
import weakref
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import pandas as pd

from .params import TrustParams
from .write import write_atomic

__all__ = ["CACHE_ENV", "trust_key", "cached_load", "cached_results"]

#: The environment variable naming the cache folder (unset: no cache).
CACHE_ENV = "EDI_ANALYSIS_CACHE"
_FORMAT = "1"  # bump when TrustData's layout changes in a way the code hash would not show
_PACKAGE = Path(__file__).resolve().parents[1]
# What reading and validating runs (load_trust's imports): an edit here must not reuse an older load.
_CODE = ("io", "metrics", "errors.py", "disclosure/policy.py", "__init__.py")

T = TypeVar("T")
# The key each cached load was made under, so results computed from it can be cached under it too.
_KEYS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _code_hash() -> str:
    h = hashlib.sha256()
    for part in _CODE:
        root = _PACKAGE / part
        files = sorted(root.rglob("*")) if root.is_dir() else [root]
        for f in files:
            if f.is_file() and f.suffix in {".py", ".json", ".yaml", ".csv"}:
                h.update(str(f.relative_to(_PACKAGE)).encode())
                h.update(f.read_bytes())
    return h.hexdigest()


def trust_key(params: TrustParams, year: int, names: Sequence[str]) -> str:
    """The hash naming a trust's load: params, year, inputs asked for, input files' bytes and the loading code."""
    h = hashlib.sha256()
    for part in (_FORMAT, sys.version, pd.__version__, _code_hash(), repr(params), str(year), repr(tuple(names))):
        h.update(hashlib.sha256(part.encode()).digest())
    for y in sorted(params.years):
        folder = Path(params.data_dir) / str(y)
        if y > year or not folder.is_dir():
            continue
        for f in sorted(folder.iterdir()):
            if f.is_file():
                h.update(f"{y}/{f.name}".encode())
                h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path``, so workers wanting the same trust wait for one load, not repeat it."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: no lock, at worst a trust is loaded twice
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def _read(path: Path) -> object | None:
    try:
        with open(path, "rb") as fh:
            found = pickle.load(fh)
        os.utime(path)  # in use: kept by the pipeline's clean-up of old loads
        return found
    except FileNotFoundError:
        return None
    except Exception:  # a truncated or foreign file is a miss, never an error: the trust is loaded again
        return None


def cached_load(params: TrustParams, year: int, names: Sequence[str], load: Callable[[], T]) -> T:
    """``load()``, or the copy an earlier call with the same key kept in the folder named by ``EDI_ANALYSIS_CACHE``.

    Errors are not cached: a trust whose inputs fail validation raises again each time, with every problem.
    """
    folder = os.environ.get(CACHE_ENV, "")
    if not folder:
        return load()
    key = trust_key(params, year, names)
    data = _once(Path(folder) / f"trust-{_stem(params.trust_code)}-{year}-{key[:40]}.pickle", load)
    _KEYS[data] = key
    return data


def _stem(code: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", code)


def _once(path: Path, make: Callable[[], T]) -> T:
    """The object pickled at ``path``, or ``make()``, pickled there for the next caller (one maker at a time)."""
    found = _read(path)
    if found is not None:
        return found  # type: ignore[return-value]
    with _locked(path.with_suffix(".lock")):
        found = _read(path)  # another worker may have made it while this one waited
        if found is not None:
            return found  # type: ignore[return-value]
        made = make()
        write_atomic(path, pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
    return made


@functools.lru_cache(maxsize=1)
def _package_hash() -> str:
    # Results depend on most of the package (metrics, results, disclosure settings): any edit is a new key.
    h = hashlib.sha256()
    for f in sorted(_PACKAGE.rglob("*.py")):
        h.update(str(f.relative_to(_PACKAGE)).encode())
        h.update(f.read_bytes())
    return h.hexdigest()


def cached_results(compute: Callable[..., T]) -> Callable[..., T]:
    """Decorate a report's ``compute(data, ...)`` so a build computes each trust's results once.

    The benchmark data set and the trust's own report ask for the same results; with the pipeline's cache folder
    set and ``data`` from a cached load, the second call reads what the first computed. The key is the load's key,
    the function, its other arguments and the package's code. Otherwise the call is simply made.
    """
    signature = inspect.signature(compute)

    @functools.wraps(compute)
    def wrapper(*args, **kwargs):
        folder = os.environ.get(CACHE_ENV, "")
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        data, *rest = bound.arguments.values()
        try:
            key = _KEYS.get(data)
        except TypeError:  # not something a load made
            key = None
        if not folder or key is None:
            return compute(*args, **kwargs)
        h = hashlib.sha256()
        for part in (key, compute.__module__, compute.__qualname__, repr(rest), _package_hash()):
            h.update(hashlib.sha256(part.encode()).digest())
        name = f"results-{_stem(data.params.trust_code)}-{compute.__module__.rpartition('.')[2]}-{h.hexdigest()[:40]}"
        return _once(Path(folder) / f"{name}.pickle", lambda: compute(*args, **kwargs))

    return wrapper
