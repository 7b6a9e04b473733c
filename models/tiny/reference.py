"""Plain numpy forms of the float steps the graphs use (the reference decoders build on these).

Written from the model definitions (Hugging Face's MarianMT and Whisper), not from the ONNX
graphs, so the reference and the graph are two separate implementations of the same math.
"""

import math

import numpy as np

F32 = np.float32
NEG = F32(-1e9)
_erf = np.vectorize(math.erf, otypes=[np.float64])


def layer_norm(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    mean = x.mean(axis=-1, keepdims=True, dtype=F32)
    d = x - mean
    var = (d * d).mean(axis=-1, keepdims=True, dtype=F32)
    return (d / np.sqrt(var + F32(eps)) * gamma + beta).astype(F32)


def gelu(x: np.ndarray) -> np.ndarray:
    return (x * (1.0 + _erf(x / math.sqrt(2.0))) * 0.5).astype(F32)


def swish(x: np.ndarray) -> np.ndarray:
    return (x / (1.0 + np.exp(-x.astype(np.float64)))).astype(F32)


def softmax(x: np.ndarray) -> np.ndarray:
    e = np.exp((x - x.max(axis=-1, keepdims=True)).astype(np.float64))
    return (e / e.sum(axis=-1, keepdims=True)).astype(F32)


def split_heads(x: np.ndarray, n_heads: int) -> np.ndarray:
    """[B, L, D] → [B, H, L, hd]."""
    b, length, d = x.shape
    return x.reshape(b, length, n_heads, d // n_heads).transpose(0, 2, 1, 3)


def merge_heads(x: np.ndarray) -> np.ndarray:
    b, h, length, hd = x.shape
    return x.transpose(0, 2, 1, 3).reshape(b, length, h * hd)


def attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    scores = (q @ k.transpose(0, 1, 3, 2)).astype(F32)
    if mask is not None:
        scores = scores + mask
    return (softmax(scores) @ v).astype(F32)


def padding_mask(mask: np.ndarray) -> np.ndarray:
    """[B, S] of 0/1 → additive [B, 1, 1, S]."""
    return ((F32(1) - mask.astype(F32)) * NEG)[:, None, None, :]


def causal_mask(past: int, length: int) -> np.ndarray:
    q = np.arange(past, past + length)[:, None]
    k = np.arange(past + length)[None, :]
    return np.where(k <= q, F32(0), NEG).astype(F32)
