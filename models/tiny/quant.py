"""Int8 quantization as onnxruntime's dynamic quantizer writes it, in numpy.

The real Xenova files are made by onnxruntime.quantization (IntegerOps mode, per tensor):
weights become int8 (uint8 in a model with Conv layers, because onnxruntime-web has no
ConvInteger for int8 weights), activations are quantized at run time by DynamicQuantizeLinear
to uint8, and MatMul/Conv become MatMulInteger/ConvInteger. This module holds both halves:
the weight quantization the generator stores, and the run-time arithmetic the numpy
reference replays exactly (same rounding: half to even, as std::nearbyint).
"""

from dataclasses import dataclass

import numpy as np

F32 = np.float32


@dataclass(frozen=True)
class QTensor:
    """A quantized weight: real value = (q - zero_point) * scale."""

    q: np.ndarray  # int8 or uint8
    scale: np.float32
    zero_point: int

    def dequantize(self) -> np.ndarray:
        return ((self.q.astype(np.int32) - self.zero_point).astype(F32) * self.scale).astype(F32)


def quantize_s8(w: np.ndarray) -> QTensor:
    """Symmetric int8 (onnxruntime's QInt8 weights): scale = max|w| / 127, zero point 0."""
    absmax = float(np.abs(w).max())
    scale = F32(absmax / 127.0) if absmax > 0 else F32(1.0)
    q = np.clip(np.rint(w.astype(F32) / scale), -127, 127).astype(np.int8)
    return QTensor(q, scale, 0)


def quantize_u8(w: np.ndarray) -> QTensor:
    """Asymmetric uint8 (onnxruntime's QUInt8 weights): range includes 0, 255 steps."""
    lo = min(0.0, float(w.min()))
    hi = max(0.0, float(w.max()))
    scale = F32((hi - lo) / 255.0) if hi > lo else F32(1.0)
    zp = int(np.clip(np.rint(-lo / scale), 0, 255))
    q = np.clip(np.rint(w.astype(F32) / scale) + zp, 0, 255).astype(np.uint8)
    return QTensor(q, scale, zp)


def dynamic_quantize(x: np.ndarray) -> tuple[np.ndarray, np.float32, int]:
    """ONNX DynamicQuantizeLinear: uint8 values, scale and zero point of the whole tensor."""
    x = x.astype(F32)
    lo = min(F32(0), x.min())
    hi = max(F32(0), x.max())
    scale = F32((hi - lo) / F32(255))
    if scale == 0:
        return np.zeros(x.shape, np.uint8), F32(0), 0
    zp = int(np.clip(np.rint(F32(0) - lo / scale), 0, 255))
    q = np.clip(np.rint(x / scale) + zp, 0, 255).astype(np.uint8)
    return q, scale, zp


def matmul_integer(x: np.ndarray, w: QTensor) -> np.ndarray:
    """DynamicQuantizeLinear → MatMulInteger → Cast → Mul(x_scale · w_scale), as ORT runs it."""
    xq, xs, xzp = dynamic_quantize(x)
    acc = (xq.astype(np.int64) - xzp) @ (w.q.astype(np.int64) - w.zero_point)
    return acc.astype(F32) * F32(xs * w.scale)


def conv1d_integer(x: np.ndarray, w: QTensor, stride: int, pad: int) -> np.ndarray:
    """The same for ConvInteger over [C_in, T] with weights [C_out, C_in, K] (batch of one)."""
    xq, xs, xzp = dynamic_quantize(x)
    xi = np.pad(xq.astype(np.int64) - xzp, ((0, 0), (pad, pad)))
    wi = w.q.astype(np.int64) - w.zero_point
    k = wi.shape[2]
    t_out = (x.shape[1] + 2 * pad - k) // stride + 1
    acc = np.zeros((wi.shape[0], t_out), np.int64)
    for j in range(k):
        acc += wi[:, :, j] @ xi[:, j : j + stride * (t_out - 1) + 1 : stride]
    return acc.astype(F32) * F32(xs * w.scale)
