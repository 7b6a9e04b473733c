"""A small ONNX graph builder for the tiny models, emitting the op patterns of the real exports.

torch.onnx (opset 14, as optimum exports Marian and Whisper) writes LayerNorm as
ReduceMean/Sub/Pow/Sqrt/Div, GELU through Erf, attention as MatMul/Softmax with Reshape and
Transpose; onnxruntime's dynamic quantizer then turns constant-weight MatMul/Conv/Gather into
DynamicQuantizeLinear + MatMulInteger/ConvInteger and Gather + DequantizeLinear. The builder
writes those same patterns so onnxruntime-web runs the kernels it runs for the real files.
Weights live in one table of initializers that the top graph owns; the If branches of a
merged decoder refer to them from the outer scope, as optimum's merged decoders do.
"""

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from quant import QTensor

OPSET = 14
IR_VERSION = 8
NEG = -1e9  # additive mask value (finite, so a fully masked row stays a number)

DTYPES = {"float": TensorProto.FLOAT, "int64": TensorProto.INT64, "bool": TensorProto.BOOL}
# One decoder layer's cache, in optimum's order: past_key_values.{i}.* in, present.{i}.* out.
KV_PARTS = ("decoder.key", "decoder.value", "encoder.key", "encoder.value")


class Weights:
    """Initializers shared by a graph and its subgraphs, named once."""

    def __init__(self) -> None:
        self.tensors: list[TensorProto] = []
        self.names: set[str] = set()

    def add(self, name: str, array: np.ndarray) -> str:
        if name in self.names:
            raise ValueError(f"duplicate initializer {name}")
        self.names.add(name)
        self.tensors.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def quantized(self, name: str, w: QTensor) -> tuple[str, str, str]:
        """Adds q, scale and zero point; returns their names."""
        zp_dtype = np.int8 if w.q.dtype == np.int8 else np.uint8
        return (
            self.add(f"{name}_quantized", w.q),
            self.add(f"{name}_scale", np.array(w.scale, np.float32)),
            self.add(f"{name}_zero_point", np.array(w.zero_point, zp_dtype)),
        )


def add_weights(weights: Weights, qw: dict, names: list[str], columns: frozenset[str] = frozenset()) -> None:
    """Adds each named weight: a QTensor as its quantized group, an array as is ([N, 1] if in columns)."""
    for n in names:
        v = qw[n]
        if isinstance(v, QTensor):
            weights.quantized(n, v)
        else:
            weights.add(n, v.reshape(-1, 1) if n in columns else v)


class Graph:
    """Nodes of one graph (the main graph or an If branch); names carry the branch prefix."""

    def __init__(self, weights: Weights, prefix: str = "") -> None:
        self.w = weights
        self.prefix = prefix
        self.nodes: list[onnx.NodeProto] = []
        self.count = 0

    def name(self, hint: str) -> str:
        self.count += 1
        return f"{self.prefix}/{hint}_{self.count}" if self.prefix else f"/{hint}_{self.count}"

    def op(self, op_type: str, inputs: list[str], n_out: int = 1, hint: str = "", **attrs) -> list[str]:
        base = self.name(hint or op_type)
        outs = [f"{base}_output_{i}" for i in range(n_out)]
        self.nodes.append(helper.make_node(op_type, inputs, outs, name=base, **attrs))
        return outs

    def op1(self, op_type: str, inputs: list[str], hint: str = "", **attrs) -> str:
        return self.op(op_type, inputs, 1, hint, **attrs)[0]

    def const(self, value, dtype=np.int64, hint: str = "const") -> str:
        tensor = numpy_helper.from_array(np.asarray(value, dtype))
        return self.op1("Constant", [], hint, value=tensor)

    def identity(self, x: str, out: str) -> str:
        self.nodes.append(helper.make_node("Identity", [x], [out], name=self.name("Identity")))
        return out

    # Quantized building blocks, as onnxruntime's IntegerOps quantizer writes them.

    def linear(self, x: str, w: str, bias: str | None = None) -> str:
        """x · W (+ b) with W an int8/uint8 initializer group named by `w`."""
        xq, xs, xzp = self.op("DynamicQuantizeLinear", [x], 3, "DynamicQuantizeLinear")
        acc = self.op1("MatMulInteger", [xq, f"{w}_quantized", xzp, f"{w}_zero_point"], "MatMul_quant")
        scale = self.op1("Mul", [xs, f"{w}_scale"], "MatMul_quant_scales_mul")
        y = self.op1("Mul", [self.op1("Cast", [acc], "MatMul_quant_cast", to=TensorProto.FLOAT), scale])
        return self.op1("Add", [y, bias], "Add") if bias else y

    def conv1d(self, x: str, w: str, bias: str, stride: int, pad: int) -> str:
        """ConvInteger over [B, C, T] with uint8 weights, then scale and per-channel bias [C, 1]."""
        xq, xs, xzp = self.op("DynamicQuantizeLinear", [x], 3, "DynamicQuantizeLinear")
        acc = self.op1(
            "ConvInteger",
            [xq, f"{w}_quantized", xzp, f"{w}_zero_point"],
            "Conv_quant",
            kernel_shape=[3],
            pads=[pad, pad],
            strides=[stride],
        )
        scale = self.op1("Mul", [xs, f"{w}_scale"], "Conv_quant_scales_mul")
        y = self.op1("Mul", [self.op1("Cast", [acc], to=TensorProto.FLOAT), scale])
        return self.op1("Add", [y, bias])

    def embed(self, table: str, ids: str) -> str:
        """Gather from an int8 table, then DequantizeLinear (the quantizer's GatherQuant)."""
        g = self.op1("Gather", [f"{table}_quantized", ids], "Gather")
        return self.op1("DequantizeLinear", [g, f"{table}_scale", f"{table}_zero_point"])

    def project_heads(
        self, x: str, w: str, bias: str | None, n_heads: int, head_dim: int, scale: str | float | None = None
    ) -> str:
        """x · W (+ b), times scale when given (a name, or a value made into a constant), as [B, H, L, hd]."""
        y = self.linear(x, w, bias)
        if scale is not None:
            factor = scale if isinstance(scale, str) else self.const(scale, np.float32)
            y = self.op1("Mul", [y, factor])
        return self.heads(y, n_heads, head_dim)

    def cross_cache(
        self, prefix: str, layer: int, n_heads: int, head_dim: int, with_past: bool, k_bias: bool = True
    ) -> tuple[str, str, dict[str, str]]:
        """A merged decoder's cross-attention keys and values, and what it returns as present.{layer}.encoder.*.

        Without the cache they are projected from encoder_hidden_states; on the cache branch they
        come from the past, and the present outputs are empty constants [0, H, 1, hd], as optimum
        merges them (callers keep the first step's).
        """
        if with_past:
            ek, ev = f"past_key_values.{layer}.encoder.key", f"past_key_values.{layer}.encoder.value"
            empty = helper.make_tensor("const_tensor", TensorProto.FLOAT, [0, n_heads, 1, head_dim], [])
            present = {
                "encoder.key": self.op1("Constant", [], "Constant", value=empty),
                "encoder.value": self.op1("Constant", [], "Constant", value=empty),
            }
            return ek, ev, present
        x, k_b = "encoder_hidden_states", f"{prefix}.k_proj.bias" if k_bias else None
        ek = self.project_heads(x, f"{prefix}.k_proj.weight", k_b, n_heads, head_dim)
        ev = self.project_heads(x, f"{prefix}.v_proj.weight", f"{prefix}.v_proj.bias", n_heads, head_dim)
        return ek, ev, {"encoder.key": ek, "encoder.value": ev}

    # Float building blocks.

    def layer_norm(self, x: str, gamma: str, beta: str, eps: float = 1e-5) -> str:
        mean = self.op1("ReduceMean", [x], "ReduceMean", axes=[-1], keepdims=1)
        d = self.op1("Sub", [x, mean])
        var = self.op1("ReduceMean", [self.op1("Pow", [d, self.const(2.0, np.float32)])], axes=[-1])
        std = self.op1("Sqrt", [self.op1("Add", [var, self.const(eps, np.float32)])])
        return self.op1("Add", [self.op1("Mul", [self.op1("Div", [d, std]), gamma]), beta])

    def gelu(self, x: str) -> str:
        erf = self.op1("Erf", [self.op1("Div", [x, self.const(np.sqrt(2.0), np.float32)])])
        one_plus = self.op1("Add", [erf, self.const(1.0, np.float32)])
        return self.op1("Mul", [self.op1("Mul", [x, one_plus]), self.const(0.5, np.float32)])

    def swish(self, x: str) -> str:
        return self.op1("Mul", [x, self.op1("Sigmoid", [x])])

    def heads(self, x: str, n_heads: int, head_dim: int) -> str:
        """[B, L, D] → [B, H, L, hd]."""
        r = self.op1("Reshape", [x, self.const([0, 0, n_heads, head_dim])])
        return self.op1("Transpose", [r], perm=[0, 2, 1, 3])

    def merge_heads(self, x: str, d_model: int) -> str:
        t = self.op1("Transpose", [x], perm=[0, 2, 1, 3])
        return self.op1("Reshape", [t, self.const([0, 0, d_model])])

    def attend(self, q: str, k: str, v: str, mask: str | None) -> str:
        """softmax(q kᵀ + mask) v with q already scaled; all [B, H, *, hd]."""
        kt = self.op1("Transpose", [k], perm=[0, 1, 3, 2])
        scores = self.op1("MatMul", [q, kt])
        if mask:
            scores = self.op1("Add", [scores, mask])
        return self.op1("MatMul", [self.op1("Softmax", [scores], axis=-1), v])

    def dim(self, x: str, axis: int) -> str:
        """One dimension of x as an int64 scalar."""
        shape = self.op1("Shape", [x])
        return self.op1("Gather", [shape, self.const(axis)], axis=0)

    def key_padding_mask(self, mask: str) -> str:
        """int64 [B, S] (1 = token) → additive float [B, 1, 1, S]."""
        m = self.op1("Cast", [mask], to=TensorProto.FLOAT)
        inv = self.op1("Sub", [self.const(1.0, np.float32), m])
        add = self.op1("Mul", [inv, self.const(NEG, np.float32)])
        return self.op1("Unsqueeze", [add, self.const([1, 2])])

    def causal_mask(self, past: str, length: str) -> str:
        """Additive [L, past + L]: query past+i sees keys 0..past+i."""
        total = self.op1("Add", [past, length])
        q = self.op1("Range", [past, total, self.const(1)])
        k = self.op1("Range", [self.const(0), total, self.const(1)])
        q2 = self.op1("Unsqueeze", [q, self.const([1])])
        k2 = self.op1("Unsqueeze", [k, self.const([0])])
        ok = self.op1("LessOrEqual", [k2, q2])
        return self.op1("Where", [ok, self.const(0.0, np.float32), self.const(NEG, np.float32)])

    def positions(self, past: str, length: str) -> str:
        return self.op1("Range", [past, self.op1("Add", [past, length]), self.const(1)])


def value_info(name: str, dtype: str, shape: list) -> onnx.ValueInfoProto:
    return helper.make_tensor_value_info(name, DTYPES[dtype], shape)


def make_model(graph: Graph, name: str, inputs: list, outputs: list) -> onnx.ModelProto:
    g = helper.make_graph(graph.nodes, name, inputs, outputs, initializer=graph.w.tensors)
    model = helper.make_model(
        g,
        opset_imports=[helper.make_opsetid("", OPSET)],
        producer_name="offgrid-tiny-models",
        producer_version="1",
    )
    model.ir_version = IR_VERSION
    onnx.checker.check_model(model, full_check=True)
    return model


def branch(graph: Graph, name: str, outputs: list) -> onnx.GraphProto:
    """An If branch: nodes only, weights come from the outer graph."""
    return helper.make_graph(graph.nodes, name, [], outputs)


def decoder_branch(graph: Graph, tag: str, logits: str, presents: list[dict[str, str]]) -> onnx.GraphProto:
    """A merged decoder's branch: logits, then each layer's present.{i}.* (see KV_PARTS)."""
    outs = [graph.identity(logits, f"/{tag}/logits")]
    for i, present in enumerate(presents):
        outs += [graph.identity(present[key], f"/{tag}/present.{i}.{key}") for key in KV_PARTS]
    return branch(graph, tag, [value_info(n, "float", None) for n in outs])


def merged_decoder(
    graph: Graph,
    name: str,
    inputs: list,
    with_past: onnx.GraphProto,
    no_past: onnx.GraphProto,
    dims: tuple[int, int, int, int],
) -> onnx.ModelProto:
    """The merged decoder: one If on use_cache_branch, as optimum merges decoder and decoder-with-past.

    `inputs` are the leading inputs; the cache inputs and use_cache_branch follow them.
    dims = (layers, heads, head_dim, vocab size).
    """
    layers, heads, head_dim, vocab_size = dims
    names = [f"{i}.{key}" for i in range(layers) for key in KV_PARTS]
    outputs = ["logits"] + [f"present.{n}" for n in names]
    graph.nodes.append(
        helper.make_node(
            "If",
            ["use_cache_branch"],
            outputs,
            name="optimum::if",
            then_branch=with_past,
            else_branch=no_past,
        )
    )
    past_dims = {
        "decoder": ["batch_size", heads, "past_decoder_sequence_length", head_dim],
        "encoder": ["batch_size", heads, "encoder_sequence_length_out", head_dim],
    }
    present_dims = {
        "decoder": ["batch_size", heads, "past_decoder_sequence_length + 1", head_dim],
        "encoder": ["batch_size", heads, "encoder_sequence_length_out", head_dim],
    }
    sides = [n.split(".")[1] for n in names]  # "0.decoder.key" → "decoder"
    inputs = inputs + [
        value_info(f"past_key_values.{n}", "float", past_dims[s]) for n, s in zip(names, sides)
    ]
    inputs.append(value_info("use_cache_branch", "bool", [1]))
    outs = [value_info("logits", "float", ["batch_size", "decoder_sequence_length", vocab_size])]
    outs += [value_info(f"present.{n}", "float", present_dims[s]) for n, s in zip(names, sides)]
    return make_model(graph, name, inputs, outs)
