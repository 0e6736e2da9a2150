"""A small process pool with a deadline per job.

A job that runs past its deadline, or whose worker dies (a crash inside a C library, the
kernel's out-of-memory killer), becomes a ``JobFailed`` result for that job alone: the worker
is replaced and the other jobs go on.  ``concurrent.futures`` cannot do this — it cannot stop
a running job, and one dead worker breaks the whole pool.  Results come back in job order.

A worker is replaced after ``JOBS_PER_WORKER`` jobs: what a long-lived worker accumulates
(spaCy's string store grows with every new word it sees, memo caches fill) then stays bounded
however many documents an archive holds, and a fork of the warmed-up parent costs ~10 ms.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import Any, Callable

JOBS_PER_WORKER = 1000


@dataclass
class JobFailed:
    reason: str       # "timeout" | "died"
    detail: str


def _serve(fn: Callable[[Any], Any], conn, initializer: Callable | None, initargs: tuple) -> None:
    """Worker loop: (index, job) in, (index, fn(job)) out, until the parent closes the pipe.
    The worker leads its own process group, so stopping it also stops the programs it runs
    (pdftotext, tesseract)."""
    os.setpgrp()
    if initializer is not None:
        initializer(*initargs)
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, job = message
        conn.send((index, fn(job)))


class _Worker:
    def __init__(self, context, fn, initializer=None, initargs=()) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(fn, child, initializer, initargs), daemon=True)
        self.process.start()
        child.close()
        self.index: int | None = None
        self.deadline = float("inf")
        self.jobs = 0

    def give(self, index: int, job: Any, timeout_s: float) -> None:
        self.index = index
        self.jobs += 1
        self.deadline = time.monotonic() + timeout_s if timeout_s > 0 else float("inf")
        self.conn.send((index, job))

    def stop(self, kill: bool = False) -> None:
        if kill:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.process.join()
        self.conn.close()


def run_jobs(fn: Callable[[Any], Any], jobs: list[Any], workers: int, timeout_s: float = 0,
             initializer: Callable | None = None, initargs: tuple = (),
             on_result: Callable[[Any], None] | None = None,
             jobs_per_worker: int = JOBS_PER_WORKER) -> list[Any]:
    """fn over jobs in `workers` processes (0: in this process, no deadline); timeout_s ≤ 0: none.
    ``initializer(*initargs)`` runs first in every worker; ``on_result(result)`` in this
    process for every finished (or failed) job; a worker that has done ``jobs_per_worker``
    jobs is replaced by a fresh one (0: never)."""
    done = on_result or (lambda result: None)
    if workers <= 0:
        results_here = []
        for job in jobs:
            results_here.append(fn(job))
            done(results_here[-1])
        return results_here
    context = multiprocessing.get_context("fork")
    results: list[Any] = [None] * len(jobs)
    pending = deque(enumerate(jobs))

    def start() -> _Worker:
        return _Worker(context, fn, initializer, initargs)

    pool = [start() for _ in range(min(workers, len(jobs)))]
    try:
        while pending or any(w.index is not None for w in pool):
            for worker in pool:
                if worker.index is None and pending:
                    worker.give(*pending.popleft(), timeout_s)
            busy = [w for w in pool if w.index is not None]
            wait_s = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = wait([w.conn for w in busy], timeout=None if wait_s == float("inf") else wait_s)
            for i, worker in enumerate(pool):
                if worker.index is None:
                    continue
                if worker.conn in ready:
                    try:
                        index, result = worker.conn.recv()
                    except (EOFError, OSError):  # died while reading this job
                        worker.process.join()
                        code = worker.process.exitcode
                        how = f"killed by signal {-code}" if code and code < 0 else f"exit code {code}"
                        results[worker.index] = JobFailed("died", how)
                        done(results[worker.index])
                        worker.stop(kill=True)
                        pool[i] = start()
                        continue
                    results[index] = result
                    done(result)
                    worker.index, worker.deadline = None, float("inf")
                    if jobs_per_worker and worker.jobs >= jobs_per_worker and pending:
                        worker.stop()
                        pool[i] = start()
                elif time.monotonic() >= worker.deadline:
                    results[worker.index] = JobFailed("timeout", f"stopped after {timeout_s:g} s")
                    done(results[worker.index])
                    worker.stop(kill=True)
                    pool[i] = start()
    finally:
        for worker in pool:
            worker.stop(kill=worker.index is not None)
    return results
