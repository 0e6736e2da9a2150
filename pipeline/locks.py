"""One writer at a time: an advisory lock file beside what a command writes.

``with locked(path, "the database"):`` holds ``<path>.lock`` (fcntl.flock) or fails at once
with a clear ``Busy`` error naming the process that holds it.  The kernel releases the lock
when its process ends, however it ends, so a killed run leaves no stale lock.  Re-entrant
within one process (`motebok run` holds the database's lock and then loads it).
"""

from __future__ import annotations

import fcntl
import os
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .errors import MotebokError


class Busy(MotebokError):
    """Another motebok process is writing the same database or work folder."""


_held: dict[str, tuple[int, int]] = {}   # lock path -> (fd, depth)


def lock_path(path: Path, folder: bool) -> Path:
    """A work folder's lock is inside it; a file's (the database's) beside it."""
    path = Path(path)
    return path / ".motebok.lock" if folder else path.with_name(path.name + ".lock")


@contextmanager
def locked(path: Path, what: str, folder: bool = False) -> Iterator[None]:
    target = lock_path(path, folder)
    key = os.path.realpath(target)
    if key in _held:
        fd, depth = _held[key]
        _held[key] = (fd, depth + 1)
        try:
            yield
        finally:
            fd, depth = _held[key]
            _held[key] = (fd, depth - 1)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "unknown"
        os.close(fd)
        raise Busy(f"{what} {path} is being written by another motebok process (pid {holder}); "
                   f"wait for it to finish") from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode(), 0)
    _held[key] = (fd, 1)
    try:
        yield
    finally:
        del _held[key]
        os.close(fd)  # closing the descriptor releases the lock; the empty lock file stays
