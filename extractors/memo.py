"""Memos for pure functions of a short string (a line, a label): every step reads the same
lines again, so their cleaning and classification is kept instead of redone."""

from __future__ import annotations

from functools import lru_cache, wraps
from typing import Callable, TypeVar

T = TypeVar("T")

# Longer strings (a flattened transcript's page, hostile megabyte lines) are not kept: few
# repeat, and they would hold memory.
MAX_CHARS = 1000
SIZE = 1 << 14
_MEMOS: list = []


def short_text_memo(func: Callable[..., T]) -> Callable[..., T]:
    """``func(text, …)`` memoised for texts up to MAX_CHARS; the result must be immutable."""
    cached = lru_cache(maxsize=SIZE)(func)
    _MEMOS.append(cached)

    @wraps(func)
    def call(text: str, *args, **kwargs) -> T:
        return cached(text, *args, **kwargs) if len(text) <= MAX_CHARS else func(text, *args, **kwargs)

    call.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return call


def clear_memos() -> None:
    """Forget every memo (benchmarks that time one document's first reading)."""
    for cached in _MEMOS:
        cached.cache_clear()
