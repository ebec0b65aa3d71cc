"""factcheck/cpu.py: a job's heavy computing runs in a thread of lower CPU priority, and everything else (its
write transaction) at the consumer's; outside a job the work runs in the caller's thread, unchanged."""

from __future__ import annotations

import contextvars
import os
import threading

import pytest

from factcheck import cpu

linux_only = pytest.mark.skipif(not cpu.per_thread_priority(), reason="per-thread nice values are Linux's")
MARK: contextvars.ContextVar[str] = contextvars.ContextVar("test_cpu_mark", default="unset")


def _where() -> tuple[int, int]:
    tid = threading.get_native_id()
    return tid, os.getpriority(os.PRIO_PROCESS, tid)


def test_outside_a_job_the_work_runs_in_the_callers_thread() -> None:
    assert cpu.heavy(_where) == _where()


@linux_only
def test_in_a_job_the_work_runs_at_a_lower_priority_and_the_caller_keeps_its_own() -> None:
    caller = _where()
    with cpu.in_background():
        worker = cpu.heavy(_where)
        assert _where() == caller  # the caller's priority is untouched: its writes are not slowed
    assert worker[0] != caller[0]
    assert worker[1] == min(19, caller[1] + cpu.NICENESS)


@linux_only
def test_errors_and_context_reach_the_caller() -> None:
    token = MARK.set("job 7")
    try:
        with cpu.in_background():
            assert cpu.heavy(MARK.get) == "job 7"
            with pytest.raises(ValueError, match="bad text"):
                cpu.heavy(lambda: int("bad text"))
    finally:
        MARK.reset(token)
