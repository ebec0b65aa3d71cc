"""Inputs that make careless regular expressions backtrack for minutes: each must stay roughly linear.

The bound is generous (seconds for 20,000 characters) so that only quadratic or worse behaviour fails.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest

from factcheck.claims.extract import extract_claims

N = 20_000
CASES = {
    "dots": "." * N,
    "digits": "1" * N,
    "percent digits": "1" * N + "x",
    "unclosed double quote": '"' + "ab cd " * (N // 6),
    "unclosed single quotes": " 'ab cd" * (N // 7),
    "dashes": "a - " * (N // 4),
    "spaces before and": "x" + " " * N + "and each of them x",
    "titles": "Mr. " * (N // 4),
    "one long sentence": "Trump met Putin, and the Kremlin said - " * (N // 40),
    "capitalised words": "Aa " * (N // 3),
}


@pytest.mark.parametrize("text", CASES.values(), ids=CASES.keys())
def test_no_catastrophic_backtracking(text: str) -> None:
    t0 = time.perf_counter()
    claims = extract_claims(text, dt.date(2018, 12, 9), min_score=0.0)
    elapsed = time.perf_counter() - t0
    assert elapsed < 5.0, f"{elapsed:.1f} s for {len(text)} characters"
    assert all(text[c.start : c.end] == c.quote for c in claims)
