"""CPU-heavy pure work (finding an article's claims, re-anchoring them, embedding them) at a lower CPU priority
when it runs in a job, while the rest of the job, its write transaction above all, keeps the priority of the
consumer.

A consumer that ran entirely at a lower priority (``nice``) let the web workers take the CPU from it while it held
the database's write lock: on a busy machine a re-import's half-second write stretched to seconds, and every
other writer waited for it. Only the computing should yield. On Linux a thread's nice value is its own, so
:func:`heavy` runs the work in a short-lived thread that lowers its own priority (a thread may always lower its
priority) and waits for it; elsewhere, and outside a job, the work runs in the caller's thread.

The job runner (tasks/runner.py) marks a job's work with :func:`in_background`; domain code only calls
:func:`heavy` around pure computation that holds no database connection or lock.
"""

from __future__ import annotations

import contextvars
import logging
import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")
NICENESS = 10  # added to the consumer's own nice value for the computing: what `nice -n 10` used to give
_background: contextvars.ContextVar[bool] = contextvars.ContextVar("factcheck_cpu_background", default=False)


@contextmanager
def in_background() -> Iterator[None]:
    """Within this block (a job), :func:`heavy` computes at a lower priority."""
    token = _background.set(True)
    try:
        yield
    finally:
        _background.reset(token)


def per_thread_priority() -> bool:
    """Whether this platform gives each thread its own nice value (Linux)."""
    return sys.platform.startswith("linux") and hasattr(os, "setpriority")


def heavy(work: Callable[[], T]) -> T:
    """Run `work` and return its result (or raise its error): in a job, in a thread of lower CPU priority."""
    if not _background.get() or not per_thread_priority():
        return work()
    outcome: list[T] = []
    failure: list[BaseException] = []
    context = contextvars.copy_context()

    def run() -> None:
        try:
            lower_this_thread()
            outcome.append(context.run(work))
        except BaseException as exc:  # handed to the caller below
            failure.append(exc)

    thread = threading.Thread(target=run, name="factcheck-heavy", daemon=True)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]
    return outcome[0]


def lower_this_thread(step: int = NICENESS) -> None:
    """Raise the calling thread's nice value by `step` (Linux: the thread's own)."""
    tid = threading.get_native_id()
    try:
        os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + step))
    except OSError as exc:  # a sandbox that forbids it: compute at the caller's priority
        log.debug("could not lower the priority of thread %s: %s", tid, exc)
