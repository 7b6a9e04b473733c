"""The tiny Whisper's vocabulary and tokenizer files, laid out like the multilingual Whisper's.

Ids 0..255 are GPT-2's byte tokens in GPT-2's order (so " " is "Ġ" = 220, as in Whisper),
then merged tokens for the words the model says, then `<|endoftext|>` and the special tokens
in Whisper's order and offsets: `<|startoftranscript|>`, the 99 language tokens, `<|translate|>`,
`<|transcribe|>`, `<|startoflm|>`, `<|startofprev|>`, `<|nocaptions|>`, `<|notimestamps|>`,
then the 1501 timestamp tokens `<|0.00|>` … `<|30.00|>`.
"""

LANGUAGES = (
    "en zh de es ru ko fr ja pt tr pl ca nl ar sv it id hi fi vi he uk el ms cs ro da hu ta no th ur hr "
    "bg lt la mi ml cy sk te fa lv bn sr az sl kn et mk br eu is hy ne mn bs kk sq sw gl mr pa si km sn "
    "yo so af oc ka be tg sd gu am yi lo uz fo ht ps tk nn mt sa lb my bo tl mg as tt haw ln ha ba jw su"
).split()
# The four languages the model knows, each tied to one quarter of the mel bands (low → high).
SPOKEN = ("en", "es", "fr", "de")
NUMBERS = {
    "en": ("one", "two", "three", "four"),
    "es": ("uno", "dos", "tres", "cuatro"),
    "fr": ("un", "deux", "trois", "quatre"),
    "de": ("eins", "zwei", "drei", "vier"),
}
N_TIMESTAMPS = 1501
# Whisper-tiny's suppress_tokens that are byte tokens (ids below 256 mean the same bytes here).
SUPPRESS_BYTES = [1, 2, 7, 8, 9, 10, 14, 25, 26, 27, 28, 29, 31, 58, 59, 60, 61, 62, 63, 90, 91, 92, 93]


def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's printable stand-ins for bytes, in GPT-2's id order."""
    bs = (
        list(range(ord("!"), ord("~") + 1))
        + list(range(ord("¡"), ord("¬") + 1))
        + list(range(ord("®"), ord("ÿ") + 1))
    )
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, [chr(c) for c in cs]))


BYTE_CHARS = bytes_to_unicode()


def encode_word(text: str) -> str:
    return "".join(BYTE_CHARS[b] for b in text.encode("utf-8"))


class Vocab:
    """Token strings by id, with the ids the model and the configs need."""

    def __init__(self) -> None:
        byte_order = list(BYTE_CHARS.keys())
        self.tokens: list[str] = [BYTE_CHARS[b] for b in byte_order]
        self.merges: list[tuple[str, str]] = []
        for lang in SPOKEN:
            for word in NUMBERS[lang]:
                self._add_word(encode_word(" " + word))
        self.n_bpe = len(self.tokens)
        self.eot = len(self.tokens)
        specials = ["<|endoftext|>", "<|startoftranscript|>"] + [f"<|{c}|>" for c in LANGUAGES]
        specials += [
            "<|translate|>",
            "<|transcribe|>",
            "<|startoflm|>",
            "<|startofprev|>",
            "<|nocaptions|>",
            "<|notimestamps|>",
        ]
        self.tokens += specials
        self.tokens += [f"<|{i * 0.02:.2f}|>" for i in range(N_TIMESTAMPS)]
        self.id = {t: i for i, t in enumerate(self.tokens)}
        self.sot = self.id["<|startoftranscript|>"]
        self.translate = self.id["<|translate|>"]
        self.transcribe = self.id["<|transcribe|>"]
        self.no_timestamps = self.id["<|notimestamps|>"]
        self.timestamp_begin = self.no_timestamps + 1
        self.dot = self.id[encode_word(".")]
        self.space = self.id[encode_word(" ")]

    def _add_word(self, word: str) -> None:
        """Merges that build `word` left to right (every word starts with Ġ, so none collide)."""
        for i in range(2, len(word) + 1):
            left, right, whole = word[: i - 1], word[i - 1], word[:i]
            if whole not in self.tokens:
                self.tokens.append(whole)
                self.merges.append((left, right))

    def lang(self, code: str) -> int:
        return self.id[f"<|{code}|>"]

    def word(self, lang: str, band: int) -> int:
        return self.id[encode_word(" " + NUMBERS[lang][band])]

    def decode(self, ids: list[int]) -> str:
        """Text of the non-special tokens (bytes → UTF-8), as the ByteLevel decoder gives it."""
        inverse = {c: b for b, c in BYTE_CHARS.items()}
        chars = "".join(self.tokens[i] for i in ids if i < self.eot)
        return bytes(inverse[c] for c in chars).decode("utf-8")


def tokenizer_json(v: Vocab) -> dict:
    byte_level = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    added = [
        {
            "id": i,
            "content": t,
            "single_word": False,
            "lstrip": False,
            "rstrip": False,
            "normalized": False,
            "special": i < v.timestamp_begin,
        }
        for i, t in enumerate(v.tokens)
        if i >= v.eot
    ]
    sot, nts, eot = "<|startoftranscript|>", "<|notimestamps|>", "<|endoftext|>"
    special = lambda name: {"SpecialToken": {"id": name, "type_id": 0}}  # noqa: E731
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": byte_level,
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [special(sot), special(nts), {"Sequence": {"id": "A", "type_id": 0}}, special(eot)],
            "pair": [
                special(sot),
                special(nts),
                {"Sequence": {"id": "A", "type_id": 0}},
                {"Sequence": {"id": "B", "type_id": 1}},
                special(eot),
            ],
            "special_tokens": {n: {"id": n, "ids": [v.id[n]], "tokens": [n]} for n in (sot, nts, eot)},
        },
        "decoder": byte_level,
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": "",
            "end_of_word_suffix": "",
            "fuse_unk": False,
            "byte_fallback": False,
            "vocab": {t: i for i, t in enumerate(v.tokens[: v.eot])},
            "merges": [f"{a} {b}" for a, b in v.merges],
        },
    }


def tokenizer_config() -> dict:
    eot = "<|endoftext|>"
    return {
        "add_bos_token": False,
        "add_prefix_space": False,
        "bos_token": eot,
        "clean_up_tokenization_spaces": True,
        "eos_token": eot,
        "errors": "replace",
        "model_max_length": 1024,
        "pad_token": eot,
        "processor_class": "WhisperProcessor",
        "return_attention_mask": False,
        "tokenizer_class": "WhisperTokenizer",
        "unk_token": eot,
    }
