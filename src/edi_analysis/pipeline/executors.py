"""Where the report jobs run: this machine's worker processes (the default) or a Dask distributed cluster.

Both run the same function on the same jobs and hand back each result as it finishes, so the rest of the pipeline
(staging, audit, promotion, index) is the same whichever runs them. Each worker keeps one warm kernel for all the
notebooks it runs (:mod:`edi_analysis.pipeline.kernels`).

A Dask worker needs what a local worker has: the same version of this package and the same locked dependencies,
and the params, data and output folders at the same paths (shared storage), because jobs name files by path.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import TypeVar

from . import kernels

__all__ = ["EXECUTORS", "DaskExecutor", "LocalExecutor", "make_executor"]

EXECUTORS = ("local", "dask")
T = TypeVar("T")
R = TypeVar("R")


@contextlib.contextmanager
def environment(env: Mapping[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of a block, then restore the old values."""
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _set_env(env: Mapping[str, str]) -> None:
    os.environ.update(env)


def _call_with_env(env: Mapping[str, str], fn: Callable[[T], R], item: T) -> R:
    _set_env(env)
    return fn(item)


class LocalExecutor:
    """Worker processes on this machine; one worker runs the jobs in this process, one after another."""

    def __init__(self, workers: int, env: Mapping[str, str] | None = None):
        self.workers = max(1, workers)
        self.env = dict(env or {})

    def run(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Yield ``fn(item)`` for every item, in the order they finish."""
        items = list(items)
        if not items:
            return
        if self.workers == 1 or len(items) == 1:
            with environment(self.env):
                try:
                    for item in items:
                        yield fn(item)
                finally:
                    kernels.shutdown()
            return
        with ProcessPoolExecutor(max_workers=min(self.workers, len(items)), initializer=_set_env,
                                 initargs=(self.env,)) as pool:
            futures = [pool.submit(fn, item) for item in items]
            for fut in as_completed(futures):
                yield fut.result()

    def close(self) -> None:
        pass


class DaskExecutor:
    """The jobs on a Dask distributed cluster: the scheduler at ``address``, or a local cluster of ``workers``."""

    def __init__(self, workers: int, env: Mapping[str, str] | None = None, address: str | None = None):
        from distributed import Client, LocalCluster

        self.env = dict(env or {})
        self.cluster = None
        if address:
            self.client = Client(address)
        else:
            # One thread per worker process: one warm kernel each, like the local pool.
            self.cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                                        dashboard_address=":0")  # any free port: never clash with another
            self.client = Client(self.cluster)

    def run(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """Yield ``fn(item)`` for every item, in the order they finish on the cluster."""
        from distributed import as_completed as dask_completed

        items = list(items)
        if not items:
            return
        futures = [self.client.submit(_call_with_env, self.env, fn, item, pure=False) for item in items]
        for fut in dask_completed(futures):
            yield fut.result()

    def close(self) -> None:
        # Kernels hold the package as it was imported: stop them, so the next build starts from the code then.
        with contextlib.suppress(Exception):
            self.client.run(kernels.shutdown_all)
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_executor(kind: str, workers: int, env: Mapping[str, str] | None = None,
                  scheduler: str | None = None) -> LocalExecutor | DaskExecutor:
    """The executor named ``kind`` (``local`` or ``dask``)."""
    if kind == "dask":
        return DaskExecutor(workers, env, scheduler)
    if kind != "local":
        raise ValueError(f"unknown executor {kind!r}; choose one of {', '.join(EXECUTORS)}")
    return LocalExecutor(workers, env)
