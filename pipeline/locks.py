"""One writer at a time: an advisory lock file beside what a command writes.

``with locked(path, "the database"):`` holds ``<path>.lock`` (fcntl.flock) or fails at once
with a clear ``Busy`` error naming the process that holds it.  The kernel releases the lock
when its process ends, however it ends, so a killed run leaves no stale lock.  Re-entrant
within one process, and passed down to a child process with its descriptor (`motebok run`
holds the database's lock and loads it in a child, see ``inherit``).
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
INHERITED = "MOTEBOK_HELD_LOCKS"          # "<lock path>=<fd>" of locks a parent passed down


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
    inherited = _inherited_descriptor(key)
    if inherited is not None:
        _held[key] = (inherited, 1)
        try:
            yield
        finally:
            del _held[key]   # the parent's descriptor: it releases the lock
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


def _inherited_descriptor(key: str) -> int | None:
    """The descriptor of a lock the parent process holds and passed down, if it really holds it:
    flock on the parent's open file succeeds at once for its holder (the same open file) and
    fails for anyone else."""
    for item in os.environ.get(INHERITED, "").split(os.pathsep):
        path, sep, fd = item.rpartition("=")
        if sep and path == key and fd.isdigit():
            try:
                mine, there = os.fstat(int(fd)), os.stat(path)   # the descriptor is of the lock file
                if (mine.st_dev, mine.st_ino) != (there.st_dev, there.st_ino):
                    return None
                fcntl.flock(int(fd), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                return None
            return int(fd)
    return None


def inherit(path: Path, folder: bool = False) -> tuple[dict[str, str], tuple[int, ...]]:
    """(environment, pass_fds) that hand a lock this process holds to a child process."""
    key = os.path.realpath(lock_path(path, folder))
    if key not in _held:
        return {}, ()
    fd = _held[key][0]
    return {INHERITED: f"{key}={fd}"}, (fd,)
