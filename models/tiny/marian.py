"""A tiny MarianMT: hand-set weights that translate word for word, in the Xenova/opus-mt layout.

Shape of the real model, shrunk: d_model 64, 2 heads, one encoder and one decoder layer,
post-LayerNorm blocks, swish feed-forward, embeddings scaled by sqrt(d_model), a position
table, tied-style output projection plus final_logits_bias. The weights are not trained:

- each token id has a balanced ±1 code (32 dims, pairwise Hamming distance ≥ 8) that the
  encoder carries; each position has a Fourier code (24 dims) in both encoder and decoder;
- in the decoder's cross-attention, head 0 matches the decoder position with the encoder
  position (query/key read the position code), so step t reads source token t;
- the output projection scores target word u by the code of the source word that maps to u
  (the pair's dictionary as a permutation of ids), so step t emits the translation of source
  token t, and step n (the source's `</s>`) emits `</s>`;
- every other weight is small seeded noise, so attention caches, feed-forward layers and
  LayerNorms all take part in the numbers without changing the argmax.

So the output has exactly as many tokens as the input: dictionary words are swapped for the
target language's word, anything else is copied, and decoding ends with `</s>` (and, fed
`</s>`, the decoder says `</s>` again).
"""

from dataclasses import dataclass

import numpy as np
import onnx

import reference as ref
from graph import Graph, Weights, add_weights, decoder_branch, make_model, merged_decoder, value_info
from quant import QTensor, matmul_integer, quantize_s8

F32 = np.float32
D, HEADS, HD, FFN = 64, 2, 32, 128
T_DIMS, P_DIMS, S_DIMS, EOS_FLAG = slice(0, 32), slice(32, 56), slice(56, 63), 63
MAX_POS = 512
# Fourier frequencies for the position code (searched once: the best gap between a position's
# self-similarity and its similarity to any other of the 512 positions, 6.5 of 12).
FREQS = np.array([0.797, 1.043, 1.239, 1.452, 1.737, 1.944, 2.024, 2.071, 2.079, 2.216, 2.733, 2.904])
POS_GAIN, QUERY_GAIN, COPY_GAIN, LOGIT_GAIN, EOS_GAIN = 1.6, 6.0, 1.0, 1.0, 12.0
NOISE = 0.03
SELF_ATTN_NOISE = 0.08  # larger, so that a wrong self-attention cache shows in the logits


def token_codes(n: int, seed: int = 1) -> np.ndarray:
    """n balanced ±1 vectors of length 32 with pairwise Hamming distance ≥ 8 (greedy, seeded)."""
    rng = np.random.default_rng(seed)
    out: list[np.ndarray] = []
    base = np.array([1] * 16 + [-1] * 16)
    while len(out) < n:
        v = rng.permutation(base)
        if all((32 - int(v @ o)) // 2 >= 8 for o in out):
            out.append(v)
    return np.array(out, F32)


def position_table() -> np.ndarray:
    """[MAX_POS, D]: a Fourier code in P_DIMS (12 frequencies, cos and sin)."""
    t = np.arange(MAX_POS)[:, None]
    table = np.zeros((MAX_POS, D), F32)
    table[:, P_DIMS] = POS_GAIN * np.concatenate([np.cos(t * FREQS), np.sin(t * FREQS)], axis=1)
    return table


def design(vocab_size: int, perm: list[int], pad_id: int, seed: int) -> dict[str, np.ndarray]:
    """The float weights of one pair (before quantization)."""
    rng = np.random.default_rng(seed)
    codes = token_codes(vocab_size)

    def noise(*shape: int, scale: float = NOISE) -> np.ndarray:
        return (rng.standard_normal(shape) * scale).astype(F32)

    def zero_mean_rows(x: np.ndarray) -> np.ndarray:
        return (x - x.mean(axis=-1, keepdims=True)).astype(F32)

    w: dict[str, np.ndarray] = {}
    scale = np.sqrt(D)
    enc_embed = np.zeros((vocab_size, D), F32)
    enc_embed[:, T_DIMS] = codes
    enc_embed[:, S_DIMS] = zero_mean_rows(noise(vocab_size, 7, scale=0.3))
    enc_embed[pad_id] = 0
    w["encoder.embed_tokens"] = enc_embed / scale
    dec_embed = np.zeros((vocab_size, D), F32)
    dec_embed[:, S_DIMS] = zero_mean_rows(noise(vocab_size, 7, scale=0.3))
    dec_embed[pad_id] = 0
    dec_embed[0, EOS_FLAG] = 4.0  # `</s>` as input: say `</s>` again (see the lm_head)
    w["decoder.embed_tokens"] = dec_embed / scale
    w["embed_positions"] = position_table()

    def attention_block(prefix: str, scale: float = NOISE) -> None:
        for p in ("q", "k", "v", "o"):
            w[f"{prefix}.{p}_proj.weight"] = noise(D, D, scale=scale)
            w[f"{prefix}.{p}_proj.bias"] = noise(D, scale=0.01)

    def norm(prefix: str) -> None:
        w[f"{prefix}.weight"] = np.ones(D, F32)
        w[f"{prefix}.bias"] = np.zeros(D, F32)

    def feed_forward(prefix: str) -> None:
        w[f"{prefix}.fc1.weight"], w[f"{prefix}.fc1.bias"] = noise(D, FFN), noise(FFN, scale=0.01)
        w[f"{prefix}.fc2.weight"], w[f"{prefix}.fc2.bias"] = noise(FFN, D), noise(D, scale=0.01)

    attention_block("encoder.self_attn")
    norm("encoder.self_attn_layer_norm")
    feed_forward("encoder")
    norm("encoder.final_layer_norm")
    attention_block("decoder.self_attn", scale=SELF_ATTN_NOISE)
    norm("decoder.self_attn_layer_norm")
    attention_block("decoder.encoder_attn")
    norm("decoder.encoder_attn_layer_norm")
    feed_forward("decoder")
    norm("decoder.final_layer_norm")

    # Cross-attention head 0 (projection columns 0..31): position → position, token code → output.
    x = "decoder.encoder_attn"
    for p in ("q", "k", "v"):
        w[f"{x}.{p}_proj.weight"][:, :HD] = 0
        w[f"{x}.{p}_proj.bias"][:HD] = 0
    eye = np.eye(24, dtype=F32)
    w[f"{x}.q_proj.weight"][P_DIMS, :24] = QUERY_GAIN * eye
    w[f"{x}.k_proj.weight"][P_DIMS, :24] = eye
    w[f"{x}.v_proj.weight"][T_DIMS, :HD] = np.eye(HD, dtype=F32)
    w[f"{x}.o_proj.weight"][:HD, :] = 0
    w[f"{x}.o_proj.weight"][:HD, T_DIMS] = COPY_GAIN * np.eye(HD, dtype=F32)

    # Output: target u is scored by the code of the source token that maps to u.
    lm = noise(D, vocab_size, scale=0.01)
    lm[T_DIMS, :] = LOGIT_GAIN * codes[np.argsort(perm)].T
    lm[P_DIMS, :] = 0
    # After `</s>` the model says `</s>` again, so a batch whose rows end at different steps
    # still ends (Transformers.js stops when every row's last token is `</s>`).
    lm[EOS_FLAG, :] = 0
    lm[EOS_FLAG, 0] = EOS_GAIN
    w["lm_head"] = lm
    w["final_logits_bias"] = noise(vocab_size, scale=0.01)
    return w


# Which weights are stored int8 (everything a MatMul or Gather reads), the rest stay float.
def quantized_names(w: dict[str, np.ndarray]) -> set[str]:
    return {n for n in w if n.endswith("_proj.weight") or (".fc" in n and n.endswith("weight"))} | {
        "encoder.embed_tokens",
        "decoder.embed_tokens",
        "embed_positions",
        "lm_head",
    }


def quantize_all(w: dict[str, np.ndarray]) -> dict[str, np.ndarray | QTensor]:
    q = quantized_names(w)
    return {n: quantize_s8(a) if n in q else a for n, a in w.items()}


# ---------------------------------------------------------------------------------------------
# ONNX graphs


@dataclass(frozen=True)
class MarianShape:
    """Sizes and weight names of the graphs; the tiny model's by default.

    Each layer's weights are named by its prefix (the tiny model's one layer per side is plain
    "encoder"/"decoder"). With tied_lm_head the output projection reads the decoder's embedding
    table (transposed once, outside the If), so the file holds that table once, as the real
    opus-mt files do.
    """

    d_model: int = D
    heads: int = HEADS
    encoder_layers: tuple[str, ...] = ("encoder",)
    decoder_layers: tuple[str, ...] = ("decoder",)
    tied_lm_head: bool = False
    name: str = "tiny-marian"

    @property
    def head_dim(self) -> int:
        return self.d_model // self.heads


TINY = MarianShape()


def _encoder_layer(g: Graph, h: str, layer: str, mask: str, shape: MarianShape) -> str:
    a = f"{layer}.self_attn"
    q = g.op1(
        "Mul", [g.linear(h, f"{a}.q_proj.weight", f"{a}.q_proj.bias"), g.const(shape.head_dim**-0.5, F32)]
    )
    k = g.linear(h, f"{a}.k_proj.weight", f"{a}.k_proj.bias")
    v = g.linear(h, f"{a}.v_proj.weight", f"{a}.v_proj.bias")
    heads = [g.heads(t, shape.heads, shape.head_dim) for t in (q, k, v)]
    o = g.merge_heads(g.attend(*heads, mask), shape.d_model)
    o = g.linear(o, f"{a}.o_proj.weight", f"{a}.o_proj.bias")
    h = g.layer_norm(
        g.op1("Add", [h, o]), f"{layer}.self_attn_layer_norm.weight", f"{layer}.self_attn_layer_norm.bias"
    )
    f = g.swish(g.linear(h, f"{layer}.fc1.weight", f"{layer}.fc1.bias"))
    f = g.linear(f, f"{layer}.fc2.weight", f"{layer}.fc2.bias")
    return g.layer_norm(
        g.op1("Add", [h, f]), f"{layer}.final_layer_norm.weight", f"{layer}.final_layer_norm.bias"
    )


def encoder_model(qw: dict, shape: MarianShape = TINY) -> onnx.ModelProto:
    """input_ids, attention_mask [B, S] int64 → last_hidden_state [B, S, D]."""
    weights = Weights()
    add_weights(weights, qw, [n for n in qw if n.startswith("encoder.")] + ["embed_positions"])
    g = Graph(weights)
    h = g.op1("Mul", [g.embed("encoder.embed_tokens", "input_ids"), g.const(np.sqrt(shape.d_model), F32)])
    pos = g.embed("embed_positions", g.positions(g.const(0), g.dim("input_ids", 1)))
    h = g.op1("Add", [h, pos])
    mask = g.key_padding_mask("attention_mask")
    for layer in shape.encoder_layers:
        h = _encoder_layer(g, h, layer, mask, shape)
    g.identity(h, "last_hidden_state")
    return make_model(
        g,
        f"{shape.name}-encoder",
        [
            value_info("input_ids", "int64", ["batch_size", "encoder_sequence_length"]),
            value_info("attention_mask", "int64", ["batch_size", "encoder_sequence_length"]),
        ],
        [value_info("last_hidden_state", "float", ["batch_size", "encoder_sequence_length", shape.d_model])],
    )


class _DecoderStep:
    """What every layer of one decoder branch shares: the positions, the scale and the masks."""

    def __init__(self, g: Graph, shape: MarianShape, with_past: bool) -> None:
        self.g, self.shape, self.with_past = g, shape, with_past
        self.past_len = g.dim("past_key_values.0.decoder.key", 2) if with_past else g.const(0)
        self.length = g.dim("input_ids", 1)
        self.scale = ""
        self.causal: str | None = None
        self.padding: str | None = None

    def embed(self) -> str:
        """Token embeddings (scaled by √d_model) plus positions, counted from the past's length."""
        g, shape = self.g, self.shape
        y = g.op1("Mul", [g.embed("decoder.embed_tokens", "input_ids"), g.const(np.sqrt(shape.d_model), F32)])
        y = g.op1("Add", [y, g.embed("embed_positions", g.positions(self.past_len, self.length))])
        self.scale = g.const(shape.head_dim**-0.5, F32)
        return y

    def layer(self, y: str, i: int, layer: str) -> tuple[str, dict[str, str]]:
        """One post-LayerNorm decoder layer; returns its output and its present.{i}.* values."""
        g, shape, hd, n = self.g, self.shape, self.shape.head_dim, self.shape.heads
        a = f"{layer}.self_attn"
        q = g.project_heads(y, f"{a}.q_proj.weight", f"{a}.q_proj.bias", n, hd, self.scale)
        k = g.project_heads(y, f"{a}.k_proj.weight", f"{a}.k_proj.bias", n, hd)
        v = g.project_heads(y, f"{a}.v_proj.weight", f"{a}.v_proj.bias", n, hd)
        if self.with_past:
            k = g.op1("Concat", [f"past_key_values.{i}.decoder.key", k], axis=2)
            v = g.op1("Concat", [f"past_key_values.{i}.decoder.value", v], axis=2)
        present = {"decoder.key": k, "decoder.value": v}
        self.causal = self.causal or g.causal_mask(self.past_len, self.length)
        o = g.merge_heads(g.attend(q, k, v, self.causal), shape.d_model)
        y = g.layer_norm(
            g.op1("Add", [y, g.linear(o, f"{a}.o_proj.weight", f"{a}.o_proj.bias")]),
            f"{layer}.self_attn_layer_norm.weight",
            f"{layer}.self_attn_layer_norm.bias",
        )

        x = f"{layer}.encoder_attn"
        q = g.project_heads(y, f"{x}.q_proj.weight", f"{x}.q_proj.bias", n, hd, self.scale)
        ek, ev, cross = g.cross_cache(x, i, n, hd, self.with_past)
        present.update(cross)
        self.padding = self.padding or g.key_padding_mask("encoder_attention_mask")
        o = g.merge_heads(g.attend(q, ek, ev, self.padding), shape.d_model)
        y = g.layer_norm(
            g.op1("Add", [y, g.linear(o, f"{x}.o_proj.weight", f"{x}.o_proj.bias")]),
            f"{layer}.encoder_attn_layer_norm.weight",
            f"{layer}.encoder_attn_layer_norm.bias",
        )
        f = g.linear(
            g.swish(g.linear(y, f"{layer}.fc1.weight", f"{layer}.fc1.bias")),
            f"{layer}.fc2.weight",
            f"{layer}.fc2.bias",
        )
        y = g.layer_norm(
            g.op1("Add", [y, f]), f"{layer}.final_layer_norm.weight", f"{layer}.final_layer_norm.bias"
        )
        return y, present


def _decoder_branch(weights: Weights, with_past: bool, shape: MarianShape) -> onnx.GraphProto:
    """One branch of the merged decoder: the whole decoder, with or without the cache."""
    tag = "with_past" if with_past else "no_past"
    g = Graph(weights, prefix=f"/{tag}")
    step = _DecoderStep(g, shape, with_past)
    y = step.embed()
    presents = []
    for i, layer in enumerate(shape.decoder_layers):
        y, present = step.layer(y, i, layer)
        presents.append(present)
    logits = g.op1("Add", [g.linear(y, "lm_head"), "final_logits_bias"])
    return decoder_branch(g, tag, logits, presents)


def decoder_model(qw: dict, shape: MarianShape = TINY) -> onnx.ModelProto:
    """The merged decoder (one If on use_cache_branch) with every layer's cache."""
    weights = Weights()
    add_weights(weights, qw, [n for n in qw if not n.startswith("encoder.")])
    g = Graph(weights)
    if shape.tied_lm_head:
        table = qw["decoder.embed_tokens"]
        t = onnx.helper.make_node(
            "Transpose", ["decoder.embed_tokens_quantized"], ["lm_head_quantized"], perm=[1, 0]
        )
        g.nodes.append(t)
        weights.add("lm_head_scale", np.array(table.scale, F32))
        weights.add("lm_head_zero_point", np.array(table.zero_point, np.int8))
    inputs = [
        value_info("encoder_attention_mask", "int64", ["batch_size", "encoder_sequence_length"]),
        value_info("input_ids", "int64", ["batch_size", "decoder_sequence_length"]),
        value_info(
            "encoder_hidden_states", "float", ["batch_size", "encoder_sequence_length", shape.d_model]
        ),
    ]
    dims = (len(shape.decoder_layers), shape.heads, shape.head_dim, len(qw["final_logits_bias"]))
    with_past, no_past = _decoder_branch(weights, True, shape), _decoder_branch(weights, False, shape)
    return merged_decoder(g, f"{shape.name}-decoder-merged", inputs, with_past, no_past, dims)


# ---------------------------------------------------------------------------------------------
# numpy reference


class Reference:
    """The tiny Marian in plain numpy, with the run-time int8 arithmetic replayed exactly."""

    def __init__(self, qw: dict) -> None:
        self.w = {n: (v.dequantize() if isinstance(v, QTensor) else v) for n, v in qw.items()}
        self.q = {n: v for n, v in qw.items() if isinstance(v, QTensor)}

    def lin(self, x: np.ndarray, name: str, bias: str | None = None) -> np.ndarray:
        y = matmul_integer(x, self.q[name])
        return (y + self.w[bias]).astype(F32) if bias else y

    def attn_proj(self, x: np.ndarray, prefix: str, p: str) -> np.ndarray:
        return self.lin(x, f"{prefix}.{p}_proj.weight", f"{prefix}.{p}_proj.bias")

    def norm(self, x: np.ndarray, prefix: str) -> np.ndarray:
        return ref.layer_norm(x, self.w[f"{prefix}.weight"], self.w[f"{prefix}.bias"])

    def encode(self, ids: np.ndarray, mask: np.ndarray) -> np.ndarray:
        w, s = self.w, ids.shape[1]
        h = (w["encoder.embed_tokens"][ids] * F32(np.sqrt(D))).astype(F32) + w["embed_positions"][:s]
        a = "encoder.self_attn"
        q = ref.split_heads(self.attn_proj(h, a, "q") * F32(HD**-0.5), HEADS)
        k = ref.split_heads(self.attn_proj(h, a, "k"), HEADS)
        v = ref.split_heads(self.attn_proj(h, a, "v"), HEADS)
        o = self.attn_proj(ref.merge_heads(ref.attention(q, k, v, ref.padding_mask(mask))), a, "o")
        h = self.norm(h + o, "encoder.self_attn_layer_norm")
        f = self.lin(
            ref.swish(self.lin(h, "encoder.fc1.weight", "encoder.fc1.bias")),
            "encoder.fc2.weight",
            "encoder.fc2.bias",
        )
        return self.norm(h + f, "encoder.final_layer_norm")

    def decode(self, ids: np.ndarray, enc: np.ndarray, enc_mask: np.ndarray, past: dict | None) -> tuple:
        """One decoder call; past is {'self': (k, v), 'cross': (k, v)} from an earlier call."""
        w = self.w
        past_len = 0 if past is None else past["self"][0].shape[2]
        length = ids.shape[1]
        y = (w["decoder.embed_tokens"][ids] * F32(np.sqrt(D))).astype(F32)
        y = y + w["embed_positions"][past_len : past_len + length]
        a = "decoder.self_attn"
        q = ref.split_heads(self.attn_proj(y, a, "q") * F32(HD**-0.5), HEADS)
        k = ref.split_heads(self.attn_proj(y, a, "k"), HEADS)
        v = ref.split_heads(self.attn_proj(y, a, "v"), HEADS)
        if past is not None:
            k = np.concatenate([past["self"][0], k], axis=2)
            v = np.concatenate([past["self"][1], v], axis=2)
        o = ref.merge_heads(ref.attention(q, k, v, ref.causal_mask(past_len, length)))
        y = self.norm(y + self.attn_proj(o, a, "o"), "decoder.self_attn_layer_norm")
        x = "decoder.encoder_attn"
        q = ref.split_heads(self.attn_proj(y, x, "q") * F32(HD**-0.5), HEADS)
        if past is None:
            cross = (
                ref.split_heads(self.attn_proj(enc, x, "k"), HEADS),
                ref.split_heads(self.attn_proj(enc, x, "v"), HEADS),
            )
        else:
            cross = past["cross"]
        o = ref.merge_heads(ref.attention(q, *cross, ref.padding_mask(enc_mask)))
        y = self.norm(y + self.attn_proj(o, x, "o"), "decoder.encoder_attn_layer_norm")
        f = self.lin(
            ref.swish(self.lin(y, "decoder.fc1.weight", "decoder.fc1.bias")),
            "decoder.fc2.weight",
            "decoder.fc2.bias",
        )
        y = self.norm(y + f, "decoder.final_layer_norm")
        logits = (self.lin(y, "lm_head") + w["final_logits_bias"]).astype(F32)
        return logits, {"self": (k, v), "cross": cross}

    def greedy(
        self,
        ids: list[int],
        start: int,
        eos: int,
        suppress: list[int],
        use_cache: bool = True,
        max_length: int = 512,
    ) -> dict:
        """Greedy decoding as generate() runs it (use_cache) or feeding the whole sequence each step.

        Returns the sequence, each step's chosen logit and margin over the runner-up, and the
        first step's logits. The two modes give slightly different logits: activations are
        quantized per tensor, so the range (and the int8 step) depends on how many positions a
        call sees.
        """
        src = np.array([ids], np.int64)
        mask = np.ones_like(src)
        enc = self.encode(src, mask)
        out, past, margins, chosen, first_logits = [start], None, [], [], None
        while len(out) < max_length:
            step_ids = np.array([out if past is None else out[-1:]], np.int64)
            logits, new_past = self.decode(step_ids, enc, mask, past)
            past = new_past if use_cache else None
            last = logits[0, -1].copy()
            if first_logits is None:
                first_logits = last.copy()
            last[suppress] = -np.inf
            order = np.argsort(-last, kind="stable")
            margins.append(float(last[order[0]] - last[order[1]]))
            chosen.append(float(last[order[0]]))
            out.append(int(order[0]))
            if out[-1] == eos:
                break
        return {"sequence": out, "margins": margins, "chosen": chosen, "first_logits": first_logits}
