"""Whisper's log-mel features in numpy (WhisperFeatureExtractor: 16 kHz, 25 ms Hann window,
10 ms hop, 80 Slaney mel bands up to 8 kHz, log10, floor at max − 8, then (x + 4) / 4)."""

import numpy as np

SAMPLE_RATE, N_FFT, HOP, N_MELS, N_SAMPLES, N_FRAMES = 16000, 400, 160, 80, 480000, 3000


def _hz_to_mel(f: np.ndarray) -> np.ndarray:
    f = np.asarray(f, np.float64)
    mel = 3.0 * f / 200.0
    log_region = f >= 1000.0
    mel[log_region] = 15.0 + np.log(f[log_region] / 1000.0) / (np.log(6.4) / 27.0)
    return mel


def _mel_to_hz(m: np.ndarray) -> np.ndarray:
    m = np.asarray(m, np.float64)
    f = 200.0 * m / 3.0
    log_region = m >= 15.0
    f[log_region] = 1000.0 * np.exp((np.log(6.4) / 27.0) * (m[log_region] - 15.0))
    return f


def mel_filters() -> np.ndarray:
    """[201, 80] Slaney-normalised triangular filters, as transformers' mel_filter_bank makes them."""
    mels = np.linspace(_hz_to_mel(np.array([0.0]))[0], _hz_to_mel(np.array([8000.0]))[0], N_MELS + 2)
    edges = _mel_to_hz(mels)
    fft = np.linspace(0, SAMPLE_RATE / 2, N_FFT // 2 + 1)
    diff = np.diff(edges)
    slopes = edges[None, :] - fft[:, None]
    down = -slopes[:, :-2] / diff[:-1]
    up = slopes[:, 2:] / diff[1:]
    filters = np.maximum(0.0, np.minimum(down, up))
    return filters * (2.0 / (edges[2:] - edges[:-2]))[None, :]


def log_mel(audio: np.ndarray) -> np.ndarray:
    """[80, 3000] features of up to 30 s of 16 kHz audio (zero-padded)."""
    wave = np.zeros(N_SAMPLES, np.float64)
    wave[: min(len(audio), N_SAMPLES)] = audio[:N_SAMPLES]
    padded = np.pad(wave, N_FFT // 2, mode="reflect")
    window = 0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)  # periodic Hann
    frames = np.lib.stride_tricks.sliding_window_view(padded, N_FFT)[::HOP][:N_FRAMES]
    power = np.abs(np.fft.rfft(frames * window, axis=1)) ** 2
    mel = np.log10(np.maximum(power @ mel_filters(), 1e-10)).T
    return ((np.maximum(mel, mel.max() - 8.0) + 4.0) / 4.0).astype(np.float32)


def band_of(hz: float) -> int:
    """Which quarter of the 80 mel bands a frequency's filter peak falls in."""
    return int(np.argmax(mel_filters()[int(round(hz / (SAMPLE_RATE / N_FFT)))])) // 20


def tone(hz: float, seconds: float, amplitude: float = 0.5, delay: float = 0.0) -> np.ndarray:
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    return np.concatenate([np.zeros(int(delay * SAMPLE_RATE)), amplitude * np.sin(2 * np.pi * hz * t)])
