"""Progress of the long stages (ingest, OCR, segment, extract) as tqdm bars on stderr.

Stage code reports events: ``total(name, n)`` (n more units to do) and ``advance(name)``.
They draw bars only when the CLI has switched progress on (stderr is a terminal and not
-q); otherwise they cost nothing and the CLI prints one summary line per stage instead.
Worker processes (ingest reads files in a pool) send their events through a queue to the
main process, which draws them: ``with worker_channel() as channel`` around the pool,
``initializer=worker_init, initargs=(channel,)`` for the workers.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from contextlib import contextmanager
from typing import Iterator

BARS = {  # name -> (label, unit)
    "ingest": ("ingest", "file"),
    "ocr": ("OCR", "page"),
    "segment": ("segment", "doc"),
    "extract": ("extract", "doc"),
}

_enabled = False
_in_worker = False
_channel = None                # in a worker: the queue to the main process
_bars: dict[str, object] = {}  # in the main process: name -> tqdm
_lock = threading.Lock()


def enable(on: bool) -> None:
    global _enabled
    _enabled = on


def total(name: str, n: int) -> None:
    _emit(("total", name, n))


def advance(name: str, n: int = 1) -> None:
    _emit(("advance", name, n))


def _emit(event: tuple[str, str, int]) -> None:
    if _in_worker:
        if _channel is not None:
            _channel.put(event)
    elif _enabled:
        _draw(event)


def _draw(event: tuple[str, str, int]) -> None:
    from tqdm import tqdm

    op, name, n = event
    with _lock:
        bar = _bars.get(name)
        if bar is None:
            label, unit = BARS.get(name, (name, "it"))
            bar = _bars[name] = tqdm(total=0, desc=label, unit=unit, file=sys.stderr, leave=False,
                                     dynamic_ncols=True, position=len(_bars))
        if op == "total":
            bar.total += n
            bar.refresh()
        else:
            bar.update(n)


def close() -> None:
    """Remove the bars (before the stage's summary line is printed)."""
    with _lock:
        for bar in _bars.values():
            bar.close()
        _bars.clear()


def worker_init(channel) -> None:
    """Pool initializer: this process sends its events to the main process (or drops them)."""
    global _in_worker, _channel
    _in_worker, _channel = True, channel


@contextmanager
def worker_channel() -> Iterator[object | None]:
    """A queue the pool's workers report into while the block runs; None when progress is off."""
    if not _enabled or _in_worker:
        yield None
        return
    channel = multiprocessing.get_context().SimpleQueue()

    def pump() -> None:
        while (event := channel.get()) is not None:
            _draw(event)

    thread = threading.Thread(target=pump, daemon=True)
    thread.start()
    try:
        yield channel
    finally:
        channel.put(None)
        thread.join()
