"""A one-line progress bar on standard error, shown only when a person is watching a terminal.

In a pipe, a log file, CI or a pre-commit hook it stays silent, so reports are never mixed
with control characters.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Callable, TextIO

WIDTH = 24
REDRAW_EVERY = 0.1  # seconds: often enough to look alive, rare enough to cost nothing


def wanted(stream: TextIO) -> bool:
    """True when the stream is an interactive terminal that can redraw a line."""
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{minutes} min {seconds:02d} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min"


class Progress:
    """Files done out of the total, the rate, and an estimate of the time left."""

    def __init__(self, total: int, stream: TextIO | None = None, enabled: bool | None = None,
                 clock: Callable[[], float] = time.monotonic):
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = wanted(self.stream) if enabled is None else enabled
        self.total = total
        self.done = 0
        self.cached = 0
        self.clock = clock
        self.started = clock()
        self._drawn = 0.0

    def advance(self, cached: bool = False) -> None:
        self.done += 1
        self.cached += cached
        if self.enabled and (self.done == self.total or self.clock() - self._drawn >= REDRAW_EVERY):
            self.draw()

    def tick(self) -> None:
        """Redraw while waiting, so the time left keeps moving during a slow file."""
        if self.enabled and self.clock() - self._drawn >= 1.0:
            self.draw()

    def line(self) -> str:
        elapsed = max(self.clock() - self.started, 1e-6)
        share = self.done / self.total if self.total else 1.0
        filled = int(WIDTH * share)
        bar = "#" * filled + "-" * (WIDTH - filled)
        worked = self.done - self.cached  # cache hits are instant: leave them out of the rate
        rate = worked / elapsed
        text = f"[{bar}] {self.done}/{self.total} files"
        if worked:
            text += f"  {rate:.1f} files/s"
        remaining = self.total - self.done
        if remaining and rate > 0:
            text += f"  about {_duration(remaining / rate)} left"
        return text

    def draw(self) -> None:
        self._drawn = self.clock()
        self.stream.write("\r\x1b[2K" + self.line())
        self.stream.flush()

    def close(self) -> None:
        if self.enabled and self._drawn:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
