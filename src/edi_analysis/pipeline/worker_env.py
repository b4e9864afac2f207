"""The environment of every process that computes reports: one arithmetic thread each, freed memory reused.

The pipeline's notebook kernels, the benchmark's floor workers and the scale test's process (``python -m
edi_analysis bench --scale``) all start with these settings; a value already set in the environment wins, so a
user who wants something else keeps it. Each was measured on a trust of 1.4 million staff (README, "Speed"):

- ``OPENBLAS_NUM_THREADS``, ``OMP_NUM_THREADS``, ``MKL_NUM_THREADS`` = 1: the pipeline runs one worker per core.
  The only matrix products are the bootstrap's small ones, and BLAS's extra threads mostly spun waiting for work:
  half a processor-second per large trust taken from the other worker's core.
- ``NUMPY_MADVISE_HUGEPAGE`` = 0: numpy asks Linux for 2 MB pages for large arrays; where the kernel then
  compacts memory to find them (``defrag`` set to ``madvise``, Linux's default) every first touch of a new
  array stalled on zeroing and compaction: 0.6 s of kernel time per large trust. Documented by numpy
  (``NUMPY_MADVISE_HUGEPAGE``, "Runtime environment variables").
- ``MALLOC_MMAP_THRESHOLD_`` and ``MALLOC_TRIM_THRESHOLD_`` (glibc's malloc tunables): a column of a national
  staff table is 11 MB; glibc mapped each such temporary fresh from the operating system and gave it back when
  freed, so the next one was zeroed by the kernel again. Blocks under 256 MB now come from the heap and up to
  256 MB of freed memory is kept for reuse: another 0.4 s, with the same peak memory (the peak is reading
  the files, which keep their own allocator). Other C libraries ignore these names.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

__all__ = ["WORKER_ENV", "worker_env"]

_MB = 1 << 20

#: The settings (environment variable -> value) of a process that computes reports.
WORKER_ENV: dict[str, str] = {
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    "MKL_NUM_THREADS": "1",
    "NUMPY_MADVISE_HUGEPAGE": "0",
    "MALLOC_MMAP_THRESHOLD_": str(256 * _MB),
    "MALLOC_TRIM_THRESHOLD_": str(256 * _MB),
}


def worker_env(current: Mapping[str, str] | None = None) -> dict[str, str]:
    """The settings of :data:`WORKER_ENV` that ``current`` (default: this process's environment) does not set.

    Add the result to a child process's environment: what the user chose stays as it is.
    """
    current = os.environ if current is None else current
    return {k: v for k, v in WORKER_ENV.items() if k not in current}
