"""A time limit on one document's extraction (batch workers and `nianbao extract`).

SIGALRM interrupts the pipeline wherever it is, a runaway regular expression included (the `re`
engine checks for signals while it matches). Signals reach only the main thread, so where there
is no SIGALRM or we are not on the main thread the limit is not enforced here; the HTTP service
stops waiting instead (service/api.py).
"""

from __future__ import annotations

import signal
import threading
from contextlib import contextmanager
from typing import Iterator

DEFAULT_TIMEOUT_S = 300


class DocumentTimeout(BaseException):
    """Raised by SIGALRM; a BaseException so the pipeline's `except Exception` lets it through."""


def _on_alarm(signum, frame):  # noqa: ANN001
    raise DocumentTimeout()


def timeout_message(seconds: int) -> str:
    return f"extraction took longer than {seconds} s and was stopped"


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise DocumentTimeout in the block after `seconds` (0 or less: no limit)."""
    usable = seconds > 0 and hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
