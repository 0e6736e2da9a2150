"""Where per-document jobs run: a local process pool (default) or a Dask distributed cluster.

Both take the same job functions: a job reads its inputs from the work folder and writes its
document's output files there itself, returning a small summary, so a cluster's workers write
their partitions in parallel and nothing large travels back.  On a cluster the work folder
(and the input folder) must be on a file system every worker sees under the same path.

Local jobs have a deadline each (pipeline/pool.py stops a job that overruns it, with the
programs it started); a Dask task cannot be stopped from outside, so on a cluster a job that
overruns is only reported when it ends.  A job whose worker dies becomes a ``JobFailed``
either way: one bad document never costs the others.
"""

from __future__ import annotations

import atexit
from dataclasses import dataclass
from typing import Any, Callable

from . import progress
from .errors import MotebokError
from .pool import JobFailed, run_jobs


class SchedulerUnavailable(MotebokError):
    """--scheduler names an address no Dask scheduler answers at (or dask is not installed)."""


_clients: dict[str, Any] = {}


def dask_client(address: str):
    """One client per scheduler address for the life of the process."""
    if address not in _clients:
        try:
            from distributed import Client
        except ImportError as exc:
            raise SchedulerUnavailable("--scheduler needs dask distributed: pip install 'dask[distributed]'") from exc
        try:
            client = Client(address, set_as_default=False, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise SchedulerUnavailable(f"no Dask scheduler at {address} ({exc.__class__.__name__}: {exc})") from exc
        _clients[address] = client
        atexit.register(client.close)
    return _clients[address]


@dataclass(frozen=True)
class Executor:
    workers: int = 2                 # local processes (0: in this process, no deadline)
    scheduler: str | None = None     # Dask scheduler address (tcp://host:8786): run there instead

    def describe(self) -> str:
        return f"Dask scheduler {self.scheduler}" if self.scheduler else f"{self.workers} local worker processes"

    def map(self, fn: Callable[[Any], Any], jobs: list[Any], timeout_s: float = 0, bar: str | None = None,
            warm_up: Callable[[], None] | None = None) -> list[Any]:
        """fn over jobs, results in job order (JobFailed for a job that timed out or whose worker
        died).  warm_up runs once in this process before local workers are forked (imports and
        rule data then load once, not in every worker)."""
        if not jobs:
            return []
        if bar:
            progress.total(bar, len(jobs))
        if self.scheduler:
            return self._map_dask(fn, jobs, bar)
        if warm_up is not None:
            warm_up()
        advance = (lambda result: progress.advance(bar)) if bar else None
        with progress.worker_channel() as channel:
            return run_jobs(fn, jobs, self.workers, timeout_s,
                            initializer=progress.worker_init if channel is not None else None, initargs=(channel,),
                            on_result=advance)

    def _map_dask(self, fn: Callable[[Any], Any], jobs: list[Any], bar: str | None) -> list[Any]:
        from distributed import as_completed

        client = dask_client(self.scheduler)
        futures = client.map(fn, jobs, pure=False)
        index = {future.key: i for i, future in enumerate(futures)}
        results: list[Any] = [None] * len(jobs)
        for future in as_completed(futures, loop=client.loop):  # the client is not the default one
            i = index[future.key]
            try:
                results[i] = future.result()
            except Exception as exc:  # noqa: BLE001 — a lost worker (KilledWorker) or a crash in the job
                results[i] = JobFailed("died", f"{exc.__class__.__name__}: {' '.join(str(exc).split())[:200]}")
            if bar:
                progress.advance(bar)
        return results
