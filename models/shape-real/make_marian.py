#!/usr/bin/env python3
"""Writes a shape-real opus-mt-en-de: the real model's sizes and file layout, random int8 weights.

    /usr/bin/python3 models/shape-real/make_marian.py [OUT_DIR]   # default dist-bench/models/opus-mt-en-de

For benchmarks: it costs what Xenova/opus-mt-en-de costs to load and run (same layers, widths,
vocabulary, int8 ops and file sizes within a few per cent), but it does not translate. Graphs
come from the tiny models' builders (models/tiny/marian.py, graph.py, quant.py), so the ops are
the ones onnxruntime's dynamic quantizer writes: DynamicQuantizeLinear → MatMulInteger for every
weight matrix, Gather → DequantizeLinear for the embedding and position tables, one merged
decoder with an If on use_cache_branch. As in the real files, the output projection is the
decoder's embedding table (tied), stored once.

Random weights choose `</s>` at random steps, or never. So that every run generates the same
number of tokens, final_logits_bias gives `</s>` -10000: it is never chosen and generation runs
to its token limit (the caller's max_new_tokens). Deterministic (fixed seed, no timestamps).
Needs numpy and onnx (Debian: apt-get install python3-numpy python3-onnx); about 15 s.
"""

import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO / "models" / "tiny"))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import marian  # noqa: E402
import marian_vocab as mv  # noqa: E402

F32 = np.float32
# Xenova/opus-mt-en-de's config.json.
D_MODEL, HEADS, FFN, LAYERS, VOCAB, MAX_POS = 512, 8, 2048, 6, 58101, 512
PAD = VOCAB - 1  # `<pad>` is the last piece, and the decoder's start token
EOS_BIAS = -10_000.0  # `</s>` is never chosen (see the module docstring)
WEIGHT_STD, BIAS_STD = 0.05, 0.01
SEED = 2024
SHAPE = marian.MarianShape(
    d_model=D_MODEL,
    heads=HEADS,
    encoder_layers=tuple(f"encoder.layers.{i}" for i in range(LAYERS)),
    decoder_layers=tuple(f"decoder.layers.{i}" for i in range(LAYERS)),
    tied_lm_head=True,
    name="shape-real-marian",
)
ONNX_ENCODER, ONNX_DECODER = "onnx/encoder_model_quantized.onnx", "onnx/decoder_model_merged_quantized.onnx"

# Whole-word pieces, so English text tokenizes into about one piece per word, as with the real
# vocabulary; the rest of the vocabulary is filler syllables that keep its size real.
WORDS = """the a an and or but so of in on at by for with from to into over under this that these
those it its is was are were be been being have has had do does did will would can could should
may might must we you they he she i me my our your their his her them us not no yes very more most
some any all each every many much few one two three four five six seven eight nine ten first last
next new old good bad big small long short high low warm cold hot cool weather day night morning
evening today tomorrow yesterday week year time way people man woman child children friend family
home house room door window fire water food bread book books car train station city country world
mountains mountain river sea sun rain snow wind tree trees road street school work job money hand
eyes head heart life love stayed inside outside read write speak say said go went come came see saw
know think take make give find tell ask feel try leave call keep let begin seem help show hear play
run move live believe bring happen stand lose pay meet include continue set learn change lead
understand watch follow stop create walk win offer remember consider appear buy wait serve die send
expect build stay fall cut reach kill remain""".split()


def pieces() -> list[tuple[str, float]]:
    """58101 (piece, score) pairs: `</s>` 0, `<unk>` 1, characters, words, fillers, `<pad>` last."""
    vocab = [(mv.EOS, 0.0), (mv.UNK, 0.0), (mv.META, mv.CHAR_SCORE)]
    vocab += [(c, mv.CHAR_SCORE) for c in mv.CHARS]
    for w in WORDS:
        vocab += [(mv.META + w, mv.WORD_SCORE), (mv.META + mv.title(w), mv.WORD_SCORE)]
    seen = {p for p, _ in vocab}
    syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"]
    fillers = (
        prefix + a + b + c
        for c in [""] + syllables
        for a in syllables
        for b in syllables
        for prefix in (mv.META, "")
    )
    for piece in fillers:
        if len(vocab) == VOCAB - 1:
            break
        if piece not in seen:
            seen.add(piece)
            vocab.append((piece, -12.0 - 0.001 * (len(vocab) % 1000)))
    vocab.append((mv.PAD, 0.0))
    assert len(vocab) == VOCAB and len(seen) == VOCAB - 1
    return vocab


def sinusoidal_positions() -> np.ndarray:
    """[MAX_POS, D]: Marian's static table, sines in the first half of each row, cosines in the second."""
    pos = np.arange(MAX_POS)[:, None]
    freqs = 1.0 / np.power(10000, 2 * np.arange(D_MODEL // 2) / D_MODEL)
    return np.concatenate([np.sin(pos * freqs), np.cos(pos * freqs)], axis=1).astype(F32)


def design(seed: int = SEED) -> dict[str, np.ndarray]:
    """Random float weights in the layout marian.MarianShape names (before quantization)."""
    rng = np.random.default_rng(seed)

    def normal(*shape: int, std: float = WEIGHT_STD) -> np.ndarray:
        return (rng.standard_normal(shape, dtype=F32) * F32(std)).astype(F32)

    w: dict[str, np.ndarray] = {}
    shared = normal(VOCAB, D_MODEL, std=0.02)
    shared[PAD] = 0
    w["encoder.embed_tokens"] = shared

    def layer(prefix: str, attentions: tuple[str, ...]) -> None:
        for a in attentions:
            for p in ("q", "k", "v", "o"):
                w[f"{prefix}.{a}.{p}_proj.weight"] = normal(D_MODEL, D_MODEL)
                w[f"{prefix}.{a}.{p}_proj.bias"] = normal(D_MODEL, std=BIAS_STD)
            w[f"{prefix}.{a}_layer_norm.weight"] = np.ones(D_MODEL, F32)
            w[f"{prefix}.{a}_layer_norm.bias"] = np.zeros(D_MODEL, F32)
        w[f"{prefix}.fc1.weight"], w[f"{prefix}.fc1.bias"] = normal(D_MODEL, FFN), normal(FFN, std=BIAS_STD)
        w[f"{prefix}.fc2.weight"], w[f"{prefix}.fc2.bias"] = normal(FFN, D_MODEL), normal(
            D_MODEL, std=BIAS_STD
        )
        w[f"{prefix}.final_layer_norm.weight"] = np.ones(D_MODEL, F32)
        w[f"{prefix}.final_layer_norm.bias"] = np.zeros(D_MODEL, F32)

    for name in SHAPE.encoder_layers:
        layer(name, ("self_attn",))
    w["decoder.embed_tokens"] = shared
    for name in SHAPE.decoder_layers:
        layer(name, ("self_attn", "encoder_attn"))
    w["embed_positions"] = sinusoidal_positions()
    bias = np.zeros(VOCAB, F32)
    bias[0] = EOS_BIAS
    w["final_logits_bias"] = bias
    return w


def config() -> dict:
    """Xenova/opus-mt-en-de's config.json, with a note that this model is not a translator."""
    return {
        "_name_or_path": "offgrid/shape-real-opus-mt-en-de",
        "activation_dropout": 0.0,
        "activation_function": "swish",
        "architectures": ["MarianMTModel"],
        "attention_dropout": 0.0,
        "bad_words_ids": [[PAD]],
        "bos_token_id": 0,
        "classif_dropout": 0.0,
        "classifier_dropout": 0.0,
        "d_model": D_MODEL,
        "decoder_attention_heads": HEADS,
        "decoder_ffn_dim": FFN,
        "decoder_layerdrop": 0.0,
        "decoder_layers": LAYERS,
        "decoder_start_token_id": PAD,
        "decoder_vocab_size": VOCAB,
        "dropout": 0.1,
        "encoder_attention_heads": HEADS,
        "encoder_ffn_dim": FFN,
        "encoder_layerdrop": 0.0,
        "encoder_layers": LAYERS,
        "eos_token_id": 0,
        "forced_eos_token_id": 0,
        "init_std": 0.02,
        "is_encoder_decoder": True,
        "max_length": 512,
        "max_position_embeddings": MAX_POS,
        "model_type": "marian",
        "normalize_before": False,
        "normalize_embedding": False,
        "num_beams": 4,
        "num_hidden_layers": LAYERS,
        "offgrid_shape_real_test_model": "Random weights in opus-mt-en-de's shapes, for benchmarks; "
        "not a translator, and </s> is never chosen. See models/shape-real/make_marian.py",
        "pad_token_id": PAD,
        "scale_embedding": True,
        "share_encoder_decoder_embeddings": True,
        "static_position_embeddings": True,
        "transformers_version": "4.34.0",
        "use_cache": True,
        "vocab_size": VOCAB,
    }


def generation_config() -> dict:
    return {
        "bad_words_ids": [[PAD]],
        "bos_token_id": 0,
        "decoder_start_token_id": PAD,
        "eos_token_id": 0,
        "forced_eos_token_id": 0,
        "max_length": 512,
        "num_beams": 4,
        "pad_token_id": PAD,
        "transformers_version": "4.34.0",
    }


def dumps(obj, compact: bool = False) -> bytes:
    if compact:
        return (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "dist-bench" / "models" / "opus-mt-en-de"
    # Written next to the target and renamed at the end, so a cut-short run leaves no half model.
    partial = root.with_name(root.name + ".partial")
    qw = marian.quantize_all(design())
    files = {
        ONNX_ENCODER: marian.encoder_model(qw, SHAPE).SerializeToString(),
        ONNX_DECODER: marian.decoder_model(qw, SHAPE).SerializeToString(),
        "config.json": dumps(config()),
        "generation_config.json": dumps(generation_config()),
        "tokenizer.json": dumps(mv.tokenizer_json(pieces()), compact=True),
        "tokenizer_config.json": dumps(mv.tokenizer_config("en", "de")),
    }
    for path, data in files.items():
        (partial / path).parent.mkdir(parents=True, exist_ok=True)
        (partial / path).write_bytes(data)
    if root.exists():
        for old in sorted(root.rglob("*"), reverse=True):
            old.rmdir() if old.is_dir() else old.unlink()
        root.rmdir()
    partial.rename(root)
    for path, data in files.items():
        print(f"{len(data):>12,} bytes  {path}")
    print(f"wrote {root}")


if __name__ == "__main__":
    main()
