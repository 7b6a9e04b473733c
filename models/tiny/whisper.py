"""A tiny Whisper: hand-set weights that name the loudest mel band, in Xenova/whisper-tiny's layout.

Shape of the real model, shrunk: 80 mel bins, two Conv1d layers (the second with stride 2,
so 3000 frames → 1500), d_model 64, 2 heads, one pre-LayerNorm layer in the encoder and one
in the decoder, GELU, a final LayerNorm on both sides, position tables of 1500 and 448. The
weights are not trained:

- conv1 measures, per frame, how far each quarter of the mel bands (bins 0–19, 20–39, 40–59,
  60–79: about <750 Hz, 0.75–1.6 kHz, 1.7–3.5 kHz, >3.6 kHz) stands above the frame's mean;
  conv2 keeps those four "band contrasts" and their total, the frame's "energy";
- decoder cross-attention head 0 attends to frames by energy, so it reads the contrasts of the
  loud frames; self-attention head 0 finds the language token in the prompt and head 1 the
  task token;
- the output layer then follows Whisper's prompt grammar: after <|startoftranscript|> the
  language of the loudest band (en, es, fr, de from low to high); after a language, <|transcribe|>;
  after a task, <|notimestamps|> (or <|0.00|>); after <|notimestamps|> the number of the loudest
  band (1–4) as a word in the prompt's language (English when the task is translate); then ".";
  then <|endoftext|> (and <|endoftext|> again if fed <|endoftext|>). Audio with no band
  standing out (silence) ends at once: <|endoftext|> after <|notimestamps|> (or "." first,
  where <|endoftext|> is suppressed at the first step).
- every other weight is small seeded noise.
"""

import numpy as np
import onnx

import reference as ref
from graph import Graph, Weights, add_weights, decoder_branch, make_model, merged_decoder, value_info
from quant import QTensor, conv1d_integer, matmul_integer, quantize_s8, quantize_u8
from whisper_vocab import LANGUAGES, SPOKEN, Vocab

F32 = np.float32
D, HEADS, HD, FFN, N_MELS, N_CTX, N_TEXT_CTX = 64, 2, 32, 128, 80, 1500, 448
NOISE = 0.02
# Encoder residual dims: 0..3 band contrasts, 4 energy, 5/6 the ±ANCHOR pair that steadies
# LayerNorm, 7 always zero (readers subtract it, which cancels LayerNorm's mean).
E_BAND, E_ENERGY, E_UP, E_DOWN, E_ZERO = slice(0, 4), 4, 5, 6, 7
# Decoder residual dims: anchors, token-kind flags, a zero dim, what a language/task token
# carries, what attention fetched, a small constant. Dims from NOISY on hold only noise.
UP, DOWN, IS_SOT, IS_LANG, IS_TASK, IS_NT, IS_WORD, IS_DOT, ZERO = range(9)
LANG_VALUE, TRANSLATE_VALUE = slice(9, 13), 13
GOT_LANG, GOT_TRANSLATE, GOT_BAND, GOT_ENERGY = slice(14, 18), 18, slice(19, 23), 23
ONE, NOISY = 24, 25
ANCHOR, FLAG, UNIT = 4.0, 1.5, 0.5
BAND_GAIN = 20.0  # conv1: contrast of a band, in log-mel units, × this
ENERGY_QUERY, LANG_QUERY = 24.0, 30.0


def design(v: Vocab, seed: int = 3) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)

    def noise(*shape: int, scale: float = NOISE) -> np.ndarray:
        return (rng.standard_normal(shape) * scale).astype(F32)

    w: dict[str, np.ndarray] = {}
    # conv1 [D, 80, 3]: channel b = gain · (mean of band b − mean of all), channel 4+b its negative.
    conv1 = noise(D, N_MELS, 3)
    conv1[:8] = 0
    for b in range(4):
        conv1[b, :, 1] = -BAND_GAIN / N_MELS
        conv1[b, 20 * b : 20 * b + 20, 1] += BAND_GAIN / 20
        conv1[4 + b] = -conv1[b]
    w["encoder.conv1.weight"] = conv1
    w["encoder.conv1.bias"] = np.concatenate([np.zeros(8, F32), noise(D - 8, scale=0.1)])
    # conv2 [D, D, 3], stride 2: keep the four positive contrasts, sum all eight into energy.
    conv2 = noise(D, D, 3)
    conv2[:8] = 0
    for b in range(4):
        conv2[b, b, 1] = 1.0
    conv2[E_ENERGY, :8, 1] = 1.0
    w["encoder.conv2.weight"] = conv2
    bias2 = np.concatenate([np.zeros(8, F32), noise(D - 8, scale=0.1)])
    bias2[E_UP] = ANCHOR
    w["encoder.conv2.bias"] = bias2
    pos = np.zeros((N_CTX, D), F32)
    t = np.arange(N_CTX)[:, None]
    pos[:, 8:] = 0.1 * np.sin(t / (10000 ** (np.arange(D - 8) / (D - 8))) + np.arange(D - 8))
    pos[:, E_DOWN] = -ANCHOR
    w["encoder.embed_positions"] = pos

    def attention(prefix: str) -> None:
        for p in ("q", "k", "v", "out"):
            w[f"{prefix}.{p}_proj.weight"] = noise(D, D)
            if p != "k":  # Whisper's k_proj has no bias
                w[f"{prefix}.{p}_proj.bias"] = noise(D, scale=0.01)

    def norm(prefix: str) -> None:
        w[f"{prefix}.weight"], w[f"{prefix}.bias"] = np.ones(D, F32), np.zeros(D, F32)

    def feed_forward(prefix: str) -> None:
        w[f"{prefix}.fc1.weight"], w[f"{prefix}.fc1.bias"] = noise(D, FFN), noise(FFN, scale=0.01)
        w[f"{prefix}.fc2.weight"], w[f"{prefix}.fc2.bias"] = noise(FFN, D), noise(D, scale=0.01)

    for side in ("encoder", "decoder"):
        attention(f"{side}.self_attn")
        norm(f"{side}.self_attn_layer_norm")
        feed_forward(side)
        norm(f"{side}.final_layer_norm")
        norm(f"{side}.layer_norm")
    attention("decoder.encoder_attn")
    norm("decoder.encoder_attn_layer_norm")

    # Decoder token embedding: anchors for all, a flag for the token's kind, what it carries.
    n = len(v.tokens)
    emb = np.zeros((n, D), F32)
    emb[:, NOISY:] = noise(n, D - NOISY, scale=0.2)
    emb[:, UP], emb[:, DOWN], emb[:, ONE] = ANCHOR, -ANCHOR, UNIT
    emb[v.sot, IS_SOT] = FLAG
    for i, code in enumerate(LANGUAGES):
        emb[v.lang(code), IS_LANG] = FLAG
        if code in SPOKEN:
            emb[v.lang(code), LANG_VALUE.start + SPOKEN.index(code)] = FLAG
    emb[[v.translate, v.transcribe], IS_TASK] = FLAG
    emb[v.translate, TRANSLATE_VALUE] = FLAG
    emb[v.no_timestamps, IS_NT] = FLAG
    emb[v.timestamp_begin :, IS_NT] = FLAG
    for lang in SPOKEN:
        for band in range(4):
            emb[v.word(lang, band), IS_WORD] = FLAG
    emb[[v.dot, v.eot], IS_DOT] = FLAG  # after "." and after <|endoftext|> itself: <|endoftext|>
    w["decoder.embed_tokens"] = emb
    dpos = np.zeros((N_TEXT_CTX, D), F32)
    dpos[:, NOISY:] = noise(N_TEXT_CTX, D - NOISY, scale=0.1)
    w["decoder.embed_positions"] = dpos

    def head(h: int) -> slice:
        return slice(h * HD, (h + 1) * HD)

    # Self-attention: head 0 fetches the language token's value, head 1 the task token's.
    s = "decoder.self_attn"
    for p in ("q", "k"):
        w[f"{s}.{p}_proj.weight"][:, :] = 0
    w[f"{s}.v_proj.weight"][:, [0, 1, 2, 3, HD]] = 0
    w[f"{s}.v_proj.weight"][:NOISY] = 0
    w[f"{s}.q_proj.bias"][:] = 0
    w[f"{s}.q_proj.bias"][0], w[f"{s}.q_proj.bias"][HD] = LANG_QUERY, LANG_QUERY
    w[f"{s}.k_proj.weight"][IS_LANG, 0] = 1.0
    w[f"{s}.k_proj.weight"][IS_TASK, HD] = 1.0
    w[f"{s}.v_proj.weight"][LANG_VALUE, 0:4] = np.eye(4, dtype=F32)
    w[f"{s}.v_proj.weight"][TRANSLATE_VALUE, HD] = 1.0
    for col in (0, 1, 2, 3, HD):  # read x − x[ZERO]: LayerNorm's mean cancels
        for p in ("k", "v"):
            proj = w[f"{s}.{p}_proj.weight"]
            proj[ZERO, col] = -proj[:, col].sum()
    w[f"{s}.v_proj.bias"][[0, 1, 2, 3, HD]] = 0
    w[f"{s}.out_proj.weight"][[0, 1, 2, 3, HD], :NOISY] = 0
    w[f"{s}.out_proj.weight"][0:4, GOT_LANG] = np.eye(4, dtype=F32)
    w[f"{s}.out_proj.weight"][HD, GOT_TRANSLATE] = 1.0
    # Cross-attention head 0: attend by energy, fetch band contrasts and energy.
    x = "decoder.encoder_attn"
    for p in ("q", "k", "v"):
        w[f"{x}.{p}_proj.weight"][:, head(0)] = 0
    w[f"{x}.q_proj.bias"][head(0)] = 0
    w[f"{x}.q_proj.bias"][0] = ENERGY_QUERY
    w[f"{x}.k_proj.weight"][E_ENERGY, 0] = 1.0
    w[f"{x}.k_proj.weight"][E_ZERO, 0] = -1.0
    w[f"{x}.v_proj.weight"][0:5, 1:6] = np.eye(5, dtype=F32)
    w[f"{x}.v_proj.weight"][E_ZERO, 1:6] = -1.0
    w[f"{x}.v_proj.bias"][head(0)] = 0
    w[f"{x}.out_proj.weight"][head(0), :NOISY] = 0
    w[f"{x}.out_proj.weight"][1:5, GOT_BAND] = np.eye(4, dtype=F32)
    w[f"{x}.out_proj.weight"][5, GOT_ENERGY] = 1.0
    # Keep the noise out of the designed dims everywhere the blocks write.
    for p, dims in (
        (f"{s}.out_proj", NOISY),
        (f"{x}.out_proj", NOISY),
        ("decoder.fc2", NOISY),
        ("encoder.self_attn.out_proj", 8),
        ("encoder.fc2", 8),
    ):
        keep = w[f"{p}.weight"][:, :dims].copy()
        w[f"{p}.weight"][:, :dims] = np.where(np.abs(keep) > 0.5, keep, 0)
        w[f"{p}.bias"][:dims] = 0
    w["proj_out"] = output_layer(v, noise(D, n, scale=0.01))
    return w


def output_layer(v: Vocab, lm: np.ndarray) -> np.ndarray:
    """[D, V] scores for Whisper's prompt grammar (see the module docstring).

    Written against the residual stream before the final LayerNorm: a flag is FLAG there, a
    fetched language or task about 2, a fetched band contrast about 2.5 for the loud band, the
    fetched energy about 5 for a tone and about 0 for silence, and ONE a constant UNIT. Each
    column is then made to sum to zero (through the ±ANCHOR pair, whose own contribution
    cancels), so LayerNorm's mean subtraction leaves the scores alone and its division scales a
    whole row of logits at once, which keeps the argmax. Weights stay within ±16 so that the
    int8 step (max/127) stays near 0.13.
    """
    gate, band, lang_band, energy, lang_match, word_cost, end_bias = 15.0, 2.0, 3.0, 1.0, 3.0, 8.0, 1.0
    lm[:NOISY] = 0
    const = np.zeros(lm.shape[1], F32)  # a constant logit, carried by the ONE dim
    for i, code in enumerate(SPOKEN):
        lm[IS_SOT, v.lang(code)] = gate
        lm[GOT_BAND.start + i, v.lang(code)] = lang_band
    const[v.lang("en")] += 1.0  # silence, or no band standing out: English
    lm[IS_LANG, v.transcribe] = gate
    lm[IS_TASK, v.no_timestamps] = gate
    lm[IS_TASK, v.timestamp_begin] = gate * 0.8  # where <|notimestamps|> is suppressed
    lm[IS_NT, v.eot] = gate + end_bias
    lm[IS_NT, v.dot] = gate + end_bias - 0.5
    lm[IS_WORD, v.dot] = gate
    lm[IS_DOT, v.eot] = gate
    for li, lang in enumerate(SPOKEN):
        for b in range(4):
            col = v.word(lang, b)
            lm[IS_NT, col] = gate
            lm[GOT_BAND.start + b, col] = band
            lm[GOT_ENERGY, col] = energy
            lm[GOT_LANG.start + li, col] = lang_match
            lm[GOT_TRANSLATE, col] = lang_match if lang == "en" else -lang_match
            const[col] -= word_cost
            if lang == "en":
                const[col] += 1.0  # a language it does not know: English
    lm[ONE] += const / UNIT
    colsum = lm.sum(axis=0)
    lm[UP] -= colsum / 2
    lm[DOWN] -= colsum / 2
    return lm


def quantize_all(w: dict[str, np.ndarray]) -> dict[str, np.ndarray | QTensor]:
    """Encoder weights uint8 (it has Conv layers), decoder weights int8, as Xenova's script picks."""
    out: dict[str, np.ndarray | QTensor] = {}
    for n, a in w.items():
        matrix = n.endswith("proj.weight") or n.endswith("conv1.weight") or n.endswith("conv2.weight")
        matrix = matrix or (".fc" in n and n.endswith(".weight")) or n in ("proj_out",) or "embed_" in n
        if not matrix:
            out[n] = a
        elif n.startswith("encoder."):
            out[n] = quantize_u8(a)
        else:
            out[n] = quantize_s8(a)
    return out


# ---------------------------------------------------------------------------------------------
# ONNX graphs


def _add_weights(weights: Weights, qw: dict, names: list[str]) -> None:
    """The conv biases are stored [C, 1], to add to [B, C, T]."""
    add_weights(weights, qw, names, frozenset(n for n in names if n.endswith(("conv1.bias", "conv2.bias"))))


def _self_attention(g: Graph, x: str, prefix: str, mask: str | None, past: tuple | None = None) -> tuple:
    scale = g.const(HD**-0.5, F32)
    q = g.project_heads(x, f"{prefix}.q_proj.weight", f"{prefix}.q_proj.bias", HEADS, HD, scale)
    k = g.project_heads(x, f"{prefix}.k_proj.weight", None, HEADS, HD)
    v = g.project_heads(x, f"{prefix}.v_proj.weight", f"{prefix}.v_proj.bias", HEADS, HD)
    if past:
        k = g.op1("Concat", [past[0], k], axis=2)
        v = g.op1("Concat", [past[1], v], axis=2)
    o = g.merge_heads(g.attend(q, k, v, mask), D)
    return g.linear(o, f"{prefix}.out_proj.weight", f"{prefix}.out_proj.bias"), k, v


def _feed_forward(g: Graph, x: str, prefix: str) -> str:
    h = g.gelu(g.linear(x, f"{prefix}.fc1.weight", f"{prefix}.fc1.bias"))
    return g.linear(h, f"{prefix}.fc2.weight", f"{prefix}.fc2.bias")


def _norm(g: Graph, x: str, prefix: str) -> str:
    return g.layer_norm(x, f"{prefix}.weight", f"{prefix}.bias")


def encoder_model(qw: dict) -> onnx.ModelProto:
    """input_features [B, 80, 3000] → last_hidden_state [B, 1500, D]."""
    weights = Weights()
    _add_weights(weights, qw, [n for n in qw if n.startswith("encoder.")])
    g = Graph(weights)
    h = g.gelu(g.conv1d("input_features", "encoder.conv1.weight", "encoder.conv1.bias", 1, 1))
    h = g.gelu(g.conv1d(h, "encoder.conv2.weight", "encoder.conv2.bias", 2, 1))
    h = g.op1("Transpose", [h], perm=[0, 2, 1])
    h = g.op1("Add", [h, g.embed("encoder.embed_positions", g.positions(g.const(0), g.dim(h, 1)))])
    a, _, _ = _self_attention(g, _norm(g, h, "encoder.self_attn_layer_norm"), "encoder.self_attn", None)
    h = g.op1("Add", [h, a])
    h = g.op1("Add", [h, _feed_forward(g, _norm(g, h, "encoder.final_layer_norm"), "encoder")])
    g.identity(_norm(g, h, "encoder.layer_norm"), "last_hidden_state")
    return make_model(
        g,
        "tiny-whisper-encoder",
        [value_info("input_features", "float", ["batch_size", N_MELS, 3000])],
        [value_info("last_hidden_state", "float", ["batch_size", N_CTX, D])],
    )


def _decoder_branch(weights: Weights, with_past: bool) -> onnx.GraphProto:
    tag = "with_past" if with_past else "no_past"
    g = Graph(weights, prefix=f"/{tag}")
    past_len = g.dim("past_key_values.0.decoder.key", 2) if with_past else g.const(0)
    length = g.dim("input_ids", 1)
    y = g.op1(
        "Add",
        [
            g.embed("decoder.embed_tokens", "input_ids"),
            g.embed("decoder.embed_positions", g.positions(past_len, length)),
        ],
    )
    past = ("past_key_values.0.decoder.key", "past_key_values.0.decoder.value") if with_past else None
    a, k, v = _self_attention(
        g,
        _norm(g, y, "decoder.self_attn_layer_norm"),
        "decoder.self_attn",
        g.causal_mask(past_len, length),
        past,
    )
    y = g.op1("Add", [y, a])
    present = {"decoder.key": k, "decoder.value": v}

    x = "decoder.encoder_attn"
    h = _norm(g, y, "decoder.encoder_attn_layer_norm")
    q = g.project_heads(h, f"{x}.q_proj.weight", f"{x}.q_proj.bias", HEADS, HD, HD**-0.5)
    ek, ev, cross = g.cross_cache(x, 0, HEADS, HD, with_past, k_bias=False)
    present.update(cross)
    o = g.merge_heads(g.attend(q, ek, ev, None), D)
    y = g.op1("Add", [y, g.linear(o, f"{x}.out_proj.weight", f"{x}.out_proj.bias")])
    y = g.op1("Add", [y, _feed_forward(g, _norm(g, y, "decoder.final_layer_norm"), "decoder")])
    logits = g.linear(_norm(g, y, "decoder.layer_norm"), "proj_out")
    return decoder_branch(g, tag, logits, [present])


def decoder_model(qw: dict, vocab_size: int) -> onnx.ModelProto:
    weights = Weights()
    _add_weights(weights, qw, [n for n in qw if not n.startswith("encoder.")])
    g = Graph(weights)
    inputs = [
        value_info("input_ids", "int64", ["batch_size", "decoder_sequence_length"]),
        value_info("encoder_hidden_states", "float", ["batch_size", "encoder_sequence_length", D]),
    ]
    with_past, no_past = _decoder_branch(weights, True), _decoder_branch(weights, False)
    return merged_decoder(
        g, "tiny-whisper-decoder-merged", inputs, with_past, no_past, (1, HEADS, HD, vocab_size)
    )


# ---------------------------------------------------------------------------------------------
# numpy reference


class Reference:
    """The tiny Whisper in plain numpy, with the run-time int8 arithmetic replayed exactly."""

    def __init__(self, qw: dict) -> None:
        self.w = {n: (val.dequantize() if isinstance(val, QTensor) else val) for n, val in qw.items()}
        self.q = {n: val for n, val in qw.items() if isinstance(val, QTensor)}

    def lin(self, x: np.ndarray, name: str, bias: str | None = None) -> np.ndarray:
        y = matmul_integer(x, self.q[name])
        return (y + self.w[bias]).astype(F32) if bias else y

    def norm(self, x: np.ndarray, prefix: str) -> np.ndarray:
        return ref.layer_norm(x, self.w[f"{prefix}.weight"], self.w[f"{prefix}.bias"])

    def attn(self, x: np.ndarray, prefix: str, kv: tuple | None, mask: np.ndarray | None) -> tuple:
        """Self-attention when kv is None or a past (k, v) to extend; returns output, k, v."""
        q = ref.split_heads(
            self.lin(x, f"{prefix}.q_proj.weight", f"{prefix}.q_proj.bias") * F32(HD**-0.5), HEADS
        )
        k = ref.split_heads(self.lin(x, f"{prefix}.k_proj.weight"), HEADS)
        v = ref.split_heads(self.lin(x, f"{prefix}.v_proj.weight", f"{prefix}.v_proj.bias"), HEADS)
        if kv is not None:
            k, v = np.concatenate([kv[0], k], axis=2), np.concatenate([kv[1], v], axis=2)
        o = ref.merge_heads(ref.attention(q, k, v, mask))
        return self.lin(o, f"{prefix}.out_proj.weight", f"{prefix}.out_proj.bias"), k, v

    def ffn(self, x: np.ndarray, prefix: str) -> np.ndarray:
        h = ref.gelu(self.lin(x, f"{prefix}.fc1.weight", f"{prefix}.fc1.bias"))
        return self.lin(h, f"{prefix}.fc2.weight", f"{prefix}.fc2.bias")

    def encode(self, features: np.ndarray) -> np.ndarray:
        """[80, 3000] → [1, 1500, D]."""
        w = self.w
        h = ref.gelu(
            conv1d_integer(features, self.q["encoder.conv1.weight"], 1, 1) + w["encoder.conv1.bias"][:, None]
        )
        h = ref.gelu(
            conv1d_integer(h, self.q["encoder.conv2.weight"], 2, 1) + w["encoder.conv2.bias"][:, None]
        )
        x = (h.T + w["encoder.embed_positions"][: h.shape[1]])[None].astype(F32)
        a, _, _ = self.attn(self.norm(x, "encoder.self_attn_layer_norm"), "encoder.self_attn", None, None)
        x = x + a
        x = x + self.ffn(self.norm(x, "encoder.final_layer_norm"), "encoder")
        return self.norm(x, "encoder.layer_norm")

    def decode(self, ids: list[int], enc: np.ndarray, past: dict | None) -> tuple:
        w = self.w
        past_len = 0 if past is None else past["self"][0].shape[2]
        y = (
            w["decoder.embed_tokens"][np.array([ids])]
            + w["decoder.embed_positions"][past_len : past_len + len(ids)]
        )
        a, k, v = self.attn(
            self.norm(y, "decoder.self_attn_layer_norm"),
            "decoder.self_attn",
            None if past is None else past["self"],
            ref.causal_mask(past_len, len(ids)),
        )
        y = y + a
        x = "decoder.encoder_attn"
        h = self.norm(y, "decoder.encoder_attn_layer_norm")
        q = ref.split_heads(self.lin(h, f"{x}.q_proj.weight", f"{x}.q_proj.bias") * F32(HD**-0.5), HEADS)
        if past is None:
            cross = (
                ref.split_heads(self.lin(enc, f"{x}.k_proj.weight"), HEADS),
                ref.split_heads(self.lin(enc, f"{x}.v_proj.weight", f"{x}.v_proj.bias"), HEADS),
            )
        else:
            cross = past["cross"]
        o = ref.merge_heads(ref.attention(q, *cross, None))
        y = y + self.lin(o, f"{x}.out_proj.weight", f"{x}.out_proj.bias")
        y = y + self.ffn(self.norm(y, "decoder.final_layer_norm"), "decoder")
        logits = self.lin(self.norm(y, "decoder.layer_norm"), "proj_out")
        return logits[0], {"self": (k, v), "cross": cross}

    def greedy(
        self,
        enc: np.ndarray,
        prefix: list[int],
        eot: int,
        begin_suppress: list[int],
        use_cache: bool = True,
        max_length: int = 448,
    ) -> dict:
        """generate() as Transformers.js runs it for Whisper (enc from encode()): the prompt in one
        call, then the cache; or, without use_cache, the whole sequence every step."""
        out, past, margins, chosen = list(prefix), None, [], []
        while len(out) < max_length:
            logits, new_past = self.decode(out if past is None else out[-1:], enc, past)
            past = new_past if use_cache else None
            last = logits[-1].copy()
            if len(out) == len(prefix):
                last[begin_suppress] = -np.inf
            order = np.argsort(-last, kind="stable")
            margins.append(float(last[order[0]] - last[order[1]]))
            chosen.append(float(last[order[0]]))
            out.append(int(order[0]))
            if out[-1] == eot:
                break
        return {"sequence": out, "margins": margins, "chosen": chosen}

    def detect_language(self, enc: np.ndarray, v: Vocab) -> tuple[int, float]:
        """The language token the model prefers after <|startoftranscript|>, and its margin."""
        logits, _ = self.decode([v.sot], enc, None)
        langs = [v.lang(c) for c in LANGUAGES]
        scores = logits[0, langs]
        order = np.argsort(-scores, kind="stable")
        return langs[order[0]], float(scores[order[0]] - scores[order[1]])
