"""Pausing Python's cycle collector while a survey is in memory (light: the command line imports it first)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """A survey is millions of small objects without reference cycles; Python's
    cycle collector would scan them over and over (a third of the run time at
    100,000 rows). Memory is freed by reference counting all the same.
    Nested use keeps it paused until the outermost one ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
