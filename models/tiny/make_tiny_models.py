#!/usr/bin/env python3
"""Writes the tiny test models in the exact file layout of the real remote models.

    /usr/bin/python3 models/tiny/make_tiny_models.py [OUT_DIR]   # default tests/fixtures/models/tiny

Needs numpy and onnx (Debian: apt-get install python3-numpy python3-onnx). Deterministic: fixed
seeds, no timestamps; running it twice writes the same bytes. Besides the model folders it
writes expected.json (greedy decodings by the numpy reference, see marian.py and whisper.py)
and manifest-sizes.json (bytes and SHA-256 of every file). See README.md in this folder.
"""

import hashlib
import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import audio  # noqa: E402
import marian  # noqa: E402
import marian_vocab as mv  # noqa: E402
import whisper  # noqa: E402
import whisper_vocab as wv  # noqa: E402

REPO = HERE.parent.parent
PAIRS = (("en", "de"), ("de", "en"), ("en", "es"), ("es", "en"), ("en", "fr"), ("fr", "en"))
# The smallest gap between the chosen token's logit and the next one, at every recorded step:
# far above the float and int8 rounding differences between this reference and onnxruntime.
MIN_MARGIN = 0.5
SENTENCES = {
    "en": [
        "hello world",
        "Thanks, my friend!",
        "the cat and the dog drink water",
        "Where is the train station?",
        "Zebra 42?",
        "two.",
        "one.",
    ],
    "de": [
        "Hallo Welt",
        "Danke, mein Freund!",
        "der Hund ist sehr klein",
        "Wo ist der Bahnhof?",
        "Zebra 42?",
        "zwei.",
    ],
    "es": [
        "hola mundo",
        "Gracias, mi amigo!",
        "el perro y el gato",
        "¿Dónde es la estación?",
        "Zebra 42?",
        "dos.",
    ],
    "fr": [
        "bonjour monde",
        "Merci, mon ami!",
        "le chien et le chat",
        "Où est la gare?",
        "Zebra 42?",
        "trois.",
    ],
}
ONNX_ENCODER, ONNX_DECODER = "onnx/encoder_model_quantized.onnx", "onnx/decoder_model_merged_quantized.onnx"


def dumps(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def dumps_compact(obj) -> bytes:
    """For the large tokenizer files: one line, about half the size of the indented form."""
    return (json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


class Writer:
    """Writes files under one root and remembers their sizes and hashes."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, list[dict]] = {}

    def put(self, model: str, path: str, data: bytes) -> None:
        target = self.root / model / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        entry = {"path": path, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        self.files.setdefault(model, []).append(entry)

    def manifest(self) -> dict:
        return {m: sorted(files, key=lambda f: f["path"]) for m, files in sorted(self.files.items())}


def rounded(values: list[float]) -> list[float]:
    return [round(v, 4) for v in values]


def check_margins(what: str, margins: list[float]) -> None:
    if min(margins) < MIN_MARGIN:
        raise SystemExit(f"{what}: greedy margin {min(margins):.3f} is below {MIN_MARGIN}; change the design")


# ---------------------------------------------------------------------------------------------


def marian_config(vocab_size: int, pad: int, src: str, tgt: str) -> dict:
    return {
        "_name_or_path": f"offgrid/tiny-opus-mt-{src}-{tgt}",
        "activation_dropout": 0.0,
        "activation_function": "swish",
        "architectures": ["MarianMTModel"],
        "attention_dropout": 0.0,
        "bad_words_ids": [[pad]],
        "bos_token_id": 0,
        "classif_dropout": 0.0,
        "classifier_dropout": 0.0,
        "d_model": marian.D,
        "decoder_attention_heads": marian.HEADS,
        "decoder_ffn_dim": marian.FFN,
        "decoder_layerdrop": 0.0,
        "decoder_layers": 1,
        "decoder_start_token_id": pad,
        "decoder_vocab_size": vocab_size,
        "dropout": 0.1,
        "encoder_attention_heads": marian.HEADS,
        "encoder_ffn_dim": marian.FFN,
        "encoder_layerdrop": 0.0,
        "encoder_layers": 1,
        "eos_token_id": 0,
        "forced_eos_token_id": 0,
        "init_std": 0.02,
        "is_encoder_decoder": True,
        "max_length": 512,
        "max_position_embeddings": marian.MAX_POS,
        "model_type": "marian",
        "normalize_before": False,
        "normalize_embedding": False,
        "num_beams": 4,
        "num_hidden_layers": 1,
        "offgrid_tiny_test_model": "Hand-set weights for tests, not a translator; see models/tiny/README.md",
        "pad_token_id": pad,
        "scale_embedding": True,
        "share_encoder_decoder_embeddings": True,
        "static_position_embeddings": True,
        "transformers_version": "4.34.0",
        "use_cache": True,
        "vocab_size": vocab_size,
    }


def marian_generation_config(pad: int) -> dict:
    return {
        "bad_words_ids": [[pad]],
        "bos_token_id": 0,
        "decoder_start_token_id": pad,
        "eos_token_id": 0,
        "forced_eos_token_id": 0,
        "max_length": 512,
        "num_beams": 4,
        "pad_token_id": pad,
        "transformers_version": "4.34.0",
    }


def make_marian(out: Writer) -> dict:
    vocab = mv.vocabulary()
    pid = {p: i for i, (p, _) in enumerate(vocab)}
    pad, eos = pid[mv.PAD], pid[mv.EOS]
    tokenizer = dumps_compact(mv.tokenizer_json(vocab))
    expected: dict = {}
    for index, (src, tgt) in enumerate(PAIRS):
        name = f"opus-mt-{src}-{tgt}"
        perm = mv.pair_mapping(src, tgt, pid)
        qw = marian.quantize_all(marian.design(len(vocab), perm, pad, seed=100 + index))
        out.put(name, ONNX_ENCODER, marian.encoder_model(qw).SerializeToString())
        out.put(name, ONNX_DECODER, marian.decoder_model(qw).SerializeToString())
        out.put(name, "config.json", dumps(marian_config(len(vocab), pad, src, tgt)))
        out.put(name, "generation_config.json", dumps(marian_generation_config(pad)))
        out.put(name, "tokenizer.json", tokenizer)
        out.put(name, "tokenizer_config.json", dumps(mv.tokenizer_config(src, tgt)))

        model = marian.Reference(qw)
        cases = []
        for text in SENTENCES[src]:
            ids = mv.tokenize(text, vocab)
            res = model.greedy(ids, pad, eos, [pad])
            full = model.greedy(ids, pad, eos, [pad], use_cache=False)
            check_margins(f"{name} {text!r}", res["margins"] + full["margins"])
            seq = res["sequence"]
            if seq[1:] != [perm[i] for i in ids]:
                raise SystemExit(f"{name} {text!r}: not the word-for-word output the design promises")
            if full["sequence"] != seq:
                raise SystemExit(f"{name} {text!r}: the no-cache branch disagrees with the cache branch")
            top = np.argsort(-res["first_logits"], kind="stable")[:5]
            cases.append(
                {
                    "text": text,
                    "inputIds": ids,
                    "outputIds": seq,
                    "translation": mv.detokenize(seq, vocab),
                    "minMargin": round(min(res["margins"] + full["margins"]), 3),
                    "chosenLogits": rounded(res["chosen"]),
                    "chosenLogitsWithoutCache": rounded(full["chosen"]),
                    "firstStepTop5": [[int(t), round(float(res["first_logits"][t]), 4)] for t in top],
                }
            )
        expected[name] = {"source": src, "target": tgt, "cases": cases}
    return {
        "vocabSize": len(vocab),
        "padId": pad,
        "eosId": eos,
        "unkId": pid[mv.UNK],
        "decoderStartId": pad,
        "numHeads": marian.HEADS,
        "headDim": marian.HD,
        "pairs": expected,
    }


# ---------------------------------------------------------------------------------------------


def whisper_config(v: wv.Vocab) -> dict:
    return {
        "_name_or_path": "offgrid/tiny-whisper",
        "activation_dropout": 0.0,
        "activation_function": "gelu",
        "architectures": ["WhisperForConditionalGeneration"],
        "attention_dropout": 0.0,
        "begin_suppress_tokens": [v.space, v.eot],
        "bos_token_id": v.eot,
        "d_model": whisper.D,
        "decoder_attention_heads": whisper.HEADS,
        "decoder_ffn_dim": whisper.FFN,
        "decoder_layerdrop": 0.0,
        "decoder_layers": 1,
        "decoder_start_token_id": v.sot,
        "dropout": 0.0,
        "encoder_attention_heads": whisper.HEADS,
        "encoder_ffn_dim": whisper.FFN,
        "encoder_layerdrop": 0.0,
        "encoder_layers": 1,
        "eos_token_id": v.eot,
        "init_std": 0.02,
        "is_encoder_decoder": True,
        "max_length": whisper.N_TEXT_CTX,
        "max_source_positions": whisper.N_CTX,
        "max_target_positions": whisper.N_TEXT_CTX,
        "model_type": "whisper",
        "num_hidden_layers": 1,
        "num_mel_bins": whisper.N_MELS,
        "offgrid_tiny_test_model": "Hand-set weights for tests, not a speech recognizer; see models/tiny/README.md",
        "pad_token_id": v.eot,
        "scale_embedding": False,
        "suppress_tokens": wv.SUPPRESS_BYTES,
        "torch_dtype": "float32",
        "transformers_version": "4.31.0",
        "use_cache": True,
        "vocab_size": len(v.tokens),
    }


def whisper_generation_config(v: wv.Vocab) -> dict:
    return {
        "alignment_heads": [[0, 0], [0, 1]],
        "begin_suppress_tokens": [v.space, v.eot],
        "bos_token_id": v.eot,
        "decoder_start_token_id": v.sot,
        "eos_token_id": v.eot,
        "is_multilingual": True,
        "lang_to_id": {f"<|{c}|>": v.lang(c) for c in wv.LANGUAGES},
        "max_initial_timestamp_index": 50,
        "max_length": whisper.N_TEXT_CTX,
        "no_timestamps_token_id": v.no_timestamps,
        "pad_token_id": v.eot,
        "prev_sot_token_id": v.id["<|startofprev|>"],
        "return_timestamps": False,
        "suppress_tokens": wv.SUPPRESS_BYTES,
        "task_to_id": {"transcribe": v.transcribe, "translate": v.translate},
        "transformers_version": "4.31.0",
    }


PREPROCESSOR = {
    "chunk_length": 30,
    "feature_extractor_type": "WhisperFeatureExtractor",
    "feature_size": 80,
    "hop_length": 160,
    "n_fft": 400,
    "n_samples": 480000,
    "nb_max_frames": 3000,
    "padding_side": "right",
    "padding_value": 0.0,
    "processor_class": "WhisperProcessor",
    "return_attention_mask": False,
    "sampling_rate": 16000,
}

# Synthetic log-mel inputs for the unit test (no STFT needed): a fill value, plus blocks.
FLOOR = -0.75  # what padding reads as next to a loud clip ((max − 8 + 4) / 4 with max ≈ 1)
FEATURE_CASES = [
    {"name": "silence", "fill": -1.5, "blocks": []},
] + [
    {
        "name": f"band {b}",
        "fill": FLOOR,
        "blocks": [{"mels": [20 * b + 6, 20 * b + 12], "frames": [100, 220], "value": 1.25}],
    }
    for b in range(4)
]
# Tones for the pipeline check (Transformers.js computes the features from these samples).
AUDIO_CASES = [
    {"name": "silence", "tone": None, "seconds": 1.0},
    {"name": "400 Hz", "tone": 400.0, "seconds": 1.0},
    {"name": "1150 Hz", "tone": 1150.0, "seconds": 1.0},
    {"name": "2400 Hz", "tone": 2400.0, "seconds": 1.0},
    {"name": "5000 Hz", "tone": 5000.0, "seconds": 1.0},
]
TONE_AMPLITUDE = 0.5
PROMPTS = [("en", "transcribe"), ("de", "transcribe"), ("es", "transcribe"), ("fr", "translate")]


def features_from(case: dict) -> np.ndarray:
    f = np.full((whisper.N_MELS, 3000), case["fill"], np.float32)
    for block in case["blocks"]:
        f[block["mels"][0] : block["mels"][1], block["frames"][0] : block["frames"][1]] = block["value"]
    return f


def decode_whisper(model: whisper.Reference, v: wv.Vocab, features: np.ndarray, label: str) -> dict:
    enc = model.encode(features)
    lang, margin = model.detect_language(enc, v)
    check_margins(f"whisper {label} language", [margin])
    runs = []
    for language, task in PROMPTS:
        prefix = [
            v.sot,
            v.lang(language),
            v.transcribe if task == "transcribe" else v.translate,
            v.no_timestamps,
        ]
        res = model.greedy(enc, prefix, v.eot, [v.space, v.eot])
        full = model.greedy(enc, prefix, v.eot, [v.space, v.eot], use_cache=False)
        check_margins(f"whisper {label} {language} {task}", res["margins"] + full["margins"])
        if full["sequence"] != res["sequence"]:
            raise SystemExit(f"whisper {label} {language} {task}: the no-cache branch disagrees")
        runs.append(
            {
                "language": language,
                "task": task,
                "sequence": res["sequence"],
                "text": v.decode(res["sequence"]),
                "minMargin": round(min(res["margins"] + full["margins"]), 3),
                "chosenLogits": rounded(res["chosen"]),
                "chosenLogitsWithoutCache": rounded(full["chosen"]),
            }
        )
    return {"detectedLanguage": wv.LANGUAGES[[v.lang(c) for c in wv.LANGUAGES].index(lang)], "runs": runs}


def make_whisper(out: Writer) -> dict:
    v = wv.Vocab()
    qw = whisper.quantize_all(whisper.design(v))
    name = "whisper-tiny"
    out.put(name, ONNX_ENCODER, whisper.encoder_model(qw).SerializeToString())
    out.put(name, ONNX_DECODER, whisper.decoder_model(qw, len(v.tokens)).SerializeToString())
    out.put(name, "config.json", dumps(whisper_config(v)))
    out.put(name, "generation_config.json", dumps(whisper_generation_config(v)))
    out.put(name, "preprocessor_config.json", dumps(PREPROCESSOR))
    out.put(name, "tokenizer.json", dumps_compact(wv.tokenizer_json(v)))
    out.put(name, "tokenizer_config.json", dumps(wv.tokenizer_config()))

    model = whisper.Reference(qw)
    feature_cases = [{**c, **decode_whisper(model, v, features_from(c), c["name"])} for c in FEATURE_CASES]
    audio_cases = []
    for c in AUDIO_CASES:
        samples = np.zeros(int(c["seconds"] * audio.SAMPLE_RATE))
        if c["tone"]:
            samples = audio.tone(c["tone"], c["seconds"], TONE_AMPLITUDE)
        entry = {**c, "amplitude": TONE_AMPLITUDE, "sampleRate": audio.SAMPLE_RATE}
        if c["tone"]:
            entry["band"] = audio.band_of(c["tone"])
        audio_cases.append({**entry, **decode_whisper(model, v, audio.log_mel(samples), c["name"])})
    return {
        "vocabSize": len(v.tokens),
        "ids": {
            "endOfText": v.eot,
            "startOfTranscript": v.sot,
            "translate": v.translate,
            "transcribe": v.transcribe,
            "noTimestamps": v.no_timestamps,
            "timestampBegin": v.timestamp_begin,
            "languages": {c: v.lang(c) for c in wv.SPOKEN},
        },
        "beginSuppressTokens": [v.space, v.eot],
        "numHeads": whisper.HEADS,
        "headDim": whisper.HD,
        "featureCases": feature_cases,
        "audioCases": audio_cases,
    }


def main() -> None:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "tests" / "fixtures" / "models" / "tiny"
    out = Writer(root)
    expected = {
        "generator": "models/tiny/make_tiny_models.py",
        "description": "Greedy decodings of the tiny models by the generator's numpy reference (int8 arithmetic replayed as onnxruntime runs it). outputIds/sequence include the decoder's start tokens and end with the end token; chosenLogits are the chosen token's logit at each step with the cache, chosenLogitsWithoutCache the same when the whole sequence is fed every step (they differ a little: activations are quantized per tensor).",
        "marian": make_marian(out),
        "whisper": make_whisper(out),
    }
    (root / "expected.json").write_bytes(dumps(expected))
    (root / "manifest-sizes.json").write_bytes(dumps(out.manifest()))
    total = sum(f["bytes"] for files in out.files.values() for f in files)
    print(f"wrote {sum(len(f) for f in out.files.values())} files, {total} bytes, under {root}")


if __name__ == "__main__":
    main()
