"""Exact vector search over the match candidates (services/vector_pool.nearest): best first, the query's own claim
and article left out, and the product run with FACTCHECK_BLAS_THREADS threads (OpenBLAS's idle threads spin,
taking a core from the database on a busy machine)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from factcheck.claims import embeddings
from factcheck.services import vector_pool


def _pool() -> vector_pool.Pool:
    rng = np.random.default_rng(3)
    matrix = rng.standard_normal((6, embeddings.DIMENSIONS)).astype(np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    keys = np.array([10, 11, 12, 13, 14, 15], dtype=np.int64)
    groups = np.array([1, 1, 2, 2, 3, 3], dtype=np.int64)
    return vector_pool.Pool(keys=keys, groups=groups, matrix=matrix)


def test_nearest_is_best_first_without_the_own_claim_and_article() -> None:
    pool = _pool()
    query = (pool.matrix[0] + 0.9 * pool.matrix[2] + 0.5 * pool.matrix[4]).astype(np.float32)
    assert vector_pool.nearest(pool, query, 3).tolist()[:1] == [10]
    found = vector_pool.nearest(pool, query, 3, exclude_key=12, exclude_group=1)
    assert 10 not in found and 11 not in found and 12 not in found
    assert found.tolist()[0] == 14


def _numpy_blas_threads() -> list[int]:
    """Thread counts of numpy's own BLAS (scipy, loaded by the learned rankers, brings another one)."""
    return [int(i["num_threads"]) for i in threadpool_info() if i["user_api"] == "blas" and "numpy" in i["filepath"]]


def test_the_product_runs_with_the_configured_blas_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    if not _numpy_blas_threads():
        pytest.skip("numpy's BLAS is not one threadpoolctl controls")
    real = embeddings.blas_threads
    seen: list[list[int]] = []

    @contextmanager
    def spy() -> Iterator[None]:
        with real():
            seen.append(_numpy_blas_threads())
            yield

    monkeypatch.setattr(embeddings, "blas_threads", spy)
    pool = _pool()
    vector_pool.nearest(pool, pool.matrix[1], 2)
    assert seen == [[embeddings.BLAS_THREADS]]


def test_the_vector_search_threads_are_this_process_own() -> None:
    """A forked worker (gunicorn) must not use threads its parent started: they do not exist in the child."""
    from factcheck.services import matching

    first = matching._search_threads()
    assert matching._search_threads() is first
    matching._executor = (os.getpid() + 1, first)  # as the child of a fork sees its parent's executor
    try:
        assert matching._search_threads() is not first
    finally:
        matching._executor = (os.getpid(), first)
