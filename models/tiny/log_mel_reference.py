"""Writes tests/fixtures/models/tiny/log-mel-reference.json: a few frames of audio.py's log-mel
features for two synthetic signals, the reference for the app's TypeScript features
(src/features/translate/worker/log-mel.test.ts). It does not touch the tiny models.

    /usr/bin/python3 models/tiny/log_mel_reference.py [out.json]

The test rebuilds each signal from the same formula, in float64, rounded to float32 samples.
"""

import json
import sys
from pathlib import Path

import numpy as np

from audio import SAMPLE_RATE, log_mel

OUT = Path(__file__).resolve().parents[2] / "tests/fixtures/models/tiny/log-mel-reference.json"


def signal(kind: str, seconds: float) -> np.ndarray:
    t = np.arange(int(round(seconds * SAMPLE_RATE))) / SAMPLE_RATE
    if kind == "chirp":
        # A linear 50 Hz → 7.5 kHz sweep, a steady 440 Hz tone, and a 3 kHz burst at 1.0–1.3 s.
        sweep = 0.4 * np.sin(2 * np.pi * (50 * t + (7500 - 50) * t * t / (2 * seconds)))
        burst = np.where((t >= 1.0) & (t < 1.3), 0.3 * np.sin(2 * np.pi * 3000 * t), 0.0)
        x = sweep + 0.2 * np.sin(2 * np.pi * 440 * t) + burst
    elif kind == "tones":
        # 300 Hz and 6 kHz, the high one fading in and out every 2 s.
        fade = np.sin(np.pi * t / 2) ** 2
        x = 0.3 * np.sin(2 * np.pi * 300 * t) + 0.2 * np.sin(2 * np.pi * 6000 * t) * fade
    else:
        raise ValueError(kind)
    return x.astype(np.float32).astype(np.float64)


CASES = [
    # 2.5 s: frames 0–251 touch the audio, 252 on are the constant floor.
    {
        "name": "chirp, 2.5 s",
        "kind": "chirp",
        "seconds": 2.5,
        "frames": [0, 1, 2, 37, 100, 155, 200, 249, 250, 251, 252, 2999],
    },
    # Over 30 s: truncated to the first window; the last frames reflect at its end.
    {
        "name": "tones, 30.5 s",
        "kind": "tones",
        "seconds": 30.5,
        "frames": [0, 1, 1500, 2997, 2998, 2999],
    },
]


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else OUT
    cases = []
    for case in CASES:
        features = log_mel(signal(case["kind"], case["seconds"]))
        cases.append(
            {**case, "values": [[round(float(v), 6) for v in features[:, f]] for f in case["frames"]]}
        )
    doc = {
        "description": "audio.py's log-mel features ([80, 3000]) at a few frames (each row: 80 mel bins) of "
        "two signals, written by models/tiny/log_mel_reference.py.",
        "cases": cases,
    }
    out.write_text(json.dumps(doc, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
