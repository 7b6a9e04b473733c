"""The tiny Marian's shared vocabulary, its word-for-word dictionary and its tokenizer files.

One SentencePiece-style Unigram vocabulary serves all six pairs (the real en-de and de-en
also share one tokenizer.json): `</s>` = 0, `<unk>` = 1, word pieces for a small dictionary
in English, German, Spanish and French (lower case and Title case), single characters as a
fallback, and `<pad>` last, as in the Opus-MT vocabularies.
"""

LANGS = ("en", "de", "es", "fr")
META = "\u2581"  # ▁, SentencePiece's word boundary
EOS, UNK, PAD = "</s>", "<unk>", "<pad>"

# concept: (en, de, es, fr). German nouns are lower case here so that "world" and "World"
# each have their own partner ("welt", "Welt"); the model swaps words one for one.
DICTIONARY = {
    "hello": ("hello", "hallo", "hola", "bonjour"),
    "world": ("world", "welt", "mundo", "monde"),
    "good": ("good", "gut", "bueno", "bon"),
    "day": ("day", "tag", "día", "jour"),
    "night": ("night", "nacht", "noche", "nuit"),
    "thanks": ("thanks", "danke", "gracias", "merci"),
    "yes": ("yes", "ja", "sí", "oui"),
    "no": ("no", "nein", "no", "non"),
    "cat": ("cat", "katze", "gato", "chat"),
    "dog": ("dog", "hund", "perro", "chien"),
    "house": ("house", "haus", "casa", "maison"),
    "water": ("water", "wasser", "agua", "eau"),
    "bread": ("bread", "brot", "pan", "pain"),
    "friend": ("friend", "freund", "amigo", "ami"),
    "the": ("the", "der", "el", "le"),
    "and": ("and", "und", "y", "et"),
    "is": ("is", "ist", "es", "est"),
    "i": ("i", "ich", "yo", "je"),
    "you": ("you", "du", "tú", "tu"),
    "we": ("we", "wir", "nosotros", "nous"),
    "love": ("love", "liebe", "amor", "amour"),
    "big": ("big", "groß", "grande", "grand"),
    "small": ("small", "klein", "pequeño", "petit"),
    "red": ("red", "rot", "rojo", "rouge"),
    "blue": ("blue", "blau", "azul", "bleu"),
    "one": ("one", "eins", "uno", "un"),
    "two": ("two", "zwei", "dos", "deux"),
    "three": ("three", "drei", "tres", "trois"),
    "four": ("four", "vier", "cuatro", "quatre"),
    "train": ("train", "zug", "tren", "train"),
    "station": ("station", "bahnhof", "estación", "gare"),
    "where": ("where", "wo", "dónde", "où"),
    "today": ("today", "heute", "hoy", "aujourd'hui"),
    "tomorrow": ("tomorrow", "morgen", "mañana", "demain"),
    "eat": ("eat", "essen", "comer", "manger"),
    "drink": ("drink", "trinken", "beber", "boire"),
    "book": ("book", "buch", "libro", "livre"),
    "sun": ("sun", "sonne", "sol", "soleil"),
    "how": ("how", "wie", "cómo", "comment"),
    "very": ("very", "sehr", "muy", "très"),
    "with": ("with", "mit", "con", "avec"),
    "my": ("my", "mein", "mi", "mon"),
    "bye": ("bye", "tschüss", "adiós", "salut"),
    "help": ("help", "hilfe", "ayuda", "aide"),
}

CHARS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    "äöüßÄÖÜéèêëàâçîïôûùñáíóúÉÈÀÇÑ¿¡.,!?;:'\"-()"
)
WORD_SCORE, CHAR_SCORE = -2.0, -10.0


def title(word: str) -> str:
    return word[:1].upper() + word[1:]


def words() -> list[str]:
    """Every dictionary word in both cases, each once, in a fixed order."""
    out: list[str] = []
    for forms in DICTIONARY.values():
        for w in forms:
            for v in (w, title(w)):
                if v not in out:
                    out.append(v)
    return out


def vocabulary() -> list[tuple[str, float]]:
    """(piece, score) by id. Longer word pieces score a little higher, so ties cannot happen."""
    vocab = [(EOS, 0.0), (UNK, 0.0), (META, CHAR_SCORE)]
    vocab += [(c, CHAR_SCORE) for c in CHARS]
    vocab += [(META + w, WORD_SCORE + 0.01 * len(w)) for w in words()]
    vocab.append((PAD, 0.0))
    return vocab


def pair_mapping(src: str, tgt: str, piece_id: dict[str, int]) -> list[int]:
    """The permutation the pair's model applies to token ids: swap each src word with its tgt word."""
    si, ti = LANGS.index(src), LANGS.index(tgt)
    perm = list(range(len(piece_id)))
    touched: set[int] = set()
    for forms in DICTIONARY.values():
        for case in (lambda w: w, title):
            a, b = piece_id[META + case(forms[si])], piece_id[META + case(forms[ti])]
            if a == b:
                continue
            if a in touched or b in touched:
                raise ValueError(f"{src}-{tgt}: {forms} overlaps another swap")
            touched |= {a, b}
            perm[a], perm[b] = b, a
    return perm


def tokenize(text: str, vocab: list[tuple[str, float]]) -> list[int]:
    """Metaspace pre-tokenizer, Unigram Viterbi, then `</s>`: what the tokenizer.json describes."""
    scores = {p: s for p, s in vocab[:-1] if p not in (EOS, UNK, PAD)}
    ids = {p: i for i, (p, _) in enumerate(vocab)}
    unk_score = min(s for _, s in vocab) - 10.0
    s = text.strip().replace(" ", META)
    if not s.startswith(META):
        s = META + s
    best: list[tuple[float, int, int]] = [(0.0, -1, -1)] + [(-1e18, -1, -1)] * len(s)
    longest = max(len(p) for p in scores)
    for end in range(1, len(s) + 1):
        for start in range(max(0, end - longest), end):
            piece = s[start:end]
            if piece in scores:
                score, tok = scores[piece], ids[piece]
            elif end - start == 1:
                score, tok = unk_score, ids[UNK]
            else:
                continue
            cand = best[start][0] + score
            if cand > best[end][0]:
                best[end] = (cand, start, tok)
    out: list[int] = []
    pos = len(s)
    while pos > 0:
        _, start, tok = best[pos]
        out.append(tok)
        pos = start
    out.reverse()
    merged = [t for i, t in enumerate(out) if not (t == ids[UNK] and i > 0 and out[i - 1] == ids[UNK])]
    return merged + [ids[EOS]]


def detokenize(ids: list[int], vocab: list[tuple[str, float]]) -> str:
    pieces = [vocab[i][0] for i in ids if vocab[i][0] not in (EOS, UNK, PAD)]
    return "".join(pieces).replace(META, " ").lstrip(" ")


def tokenizer_json(vocab: list[tuple[str, float]]) -> dict:
    """An HF tokenizers file: Unigram model, Metaspace pre-tokenizer and decoder, `$A </s>`."""
    special = [(i, p) for i, (p, _) in enumerate(vocab) if p in (EOS, UNK, PAD)]
    meta = {"type": "Metaspace", "replacement": META, "prepend_scheme": "always", "split": True}
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {
                "id": i,
                "content": p,
                "single_word": False,
                "lstrip": False,
                "rstrip": False,
                "normalized": False,
                "special": True,
            }
            for i, p in special
        ],
        "normalizer": None,
        "pre_tokenizer": meta,
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": EOS, "type_id": 0}}],
            "pair": [
                {"Sequence": {"id": "A", "type_id": 0}},
                {"Sequence": {"id": "B", "type_id": 0}},
                {"SpecialToken": {"id": EOS, "type_id": 0}},
            ],
            "special_tokens": {EOS: {"id": EOS, "ids": [0], "tokens": [EOS]}},
        },
        "decoder": meta,
        "model": {
            "type": "Unigram",
            "unk_id": 1,
            "vocab": [[p, s] for p, s in vocab],
            "byte_fallback": False,
        },
    }


def tokenizer_config(src: str, tgt: str) -> dict:
    return {
        "eos_token": EOS,
        "model_max_length": 512,
        "pad_token": PAD,
        "separate_vocabs": False,
        "source_lang": src,
        "sp_model_kwargs": {},
        "target_lang": tgt,
        "tokenizer_class": "MarianTokenizer",
        "unk_token": UNK,
    }
