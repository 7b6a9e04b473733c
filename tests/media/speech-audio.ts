/**
 * A speech clip for Chromium's fake microphone: three short sentences spoken by espeak-ng,
 * placed at known offsets with known silences between them, 16 kHz mono 16-bit PCM. The true
 * speech ranges come from the audio itself: where each sentence's 10 ms energy rises above a
 * floor, plus where the sentence was placed.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { resample, SPEECH_SAMPLE_RATE } from '../../src/features/translate/shared/resampler';
import { writeWav } from './breath-audio';
import { PROJECT_ROOT } from '../e2e/helpers';

export const SPEECH_MEDIA_DIR = join(PROJECT_ROOT, 'dist-media', 'speech');

/** Energy is measured in windows this long. */
const ENERGY_WINDOW_SEC = 0.01;
/** A window is speech when its RMS is within this many dB of the sentence's loudest window. */
const SPEECH_FLOOR_DB = -40;
/** espeak-ng's voice and speed (words per minute): a clear, unhurried American English voice. */
const VOICE = 'en-us';
const WORDS_PER_MINUTE = 150;

export interface SpeechClipOptions {
  sentences: readonly string[];
  /** Silence between sentence i and i + 1, in seconds (one fewer than sentences). */
  gapsSec: readonly number[];
  leadSec: number;
  tailSec: number;
  /**
   * Keeps only this band of each sentence, [low, high] Hz: narrow-band speech whose loudest
   * quarter of the mel spectrum is known (the tiny Whisper names that quarter).
   */
  bandPassHz?: [number, number];
}

export interface SpeechClip {
  samples: Float32Array;
  sampleRate: number;
  /** [start, end] of each sentence's speech, in seconds from the start of the clip. */
  truth: [number, number][];
  durationSec: number;
}

export const DEFAULT_SPEECH_CLIP: SpeechClipOptions = {
  sentences: [
    'The train to the city leaves at nine.',
    'Please bring a warm coat and some water.',
    'We will meet again next week.',
  ],
  gapsSec: [1.2, 2],
  leadSec: 1,
  tailSec: 2.5,
};

/** Throws a message that says how to get espeak-ng when it is missing. */
export function requireEspeak(): void {
  const probe = spawnSync('espeak-ng', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error(
      [
        'espeak-ng is needed to synthesise the speech the VAD tests listen to, and it was not found.',
        'Install it with: sudo apt-get install espeak-ng   (Debian/Ubuntu; CI does this in .ci/run)',
        `  (${probe.error?.message ?? probe.stderr.trim()})`,
      ].join('\n'),
    );
  }
}

/** Reads a 16-bit PCM mono WAV (espeak-ng's output) as samples −1..1 and its rate. */
export function readWav(path: string): { samples: Float32Array; sampleRate: number } {
  const file = readFileSync(path);
  if (file.toString('ascii', 0, 4) !== 'RIFF' || file.toString('ascii', 8, 12) !== 'WAVE')
    throw new Error(`${path} is not a WAV file.`);
  let at = 12;
  let sampleRate = 0;
  while (at + 8 <= file.length) {
    const id = file.toString('ascii', at, at + 4);
    const size = file.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ') {
      const format = file.readUInt16LE(body);
      const channels = file.readUInt16LE(body + 2);
      const bits = file.readUInt16LE(body + 14);
      if (format !== 1 || channels !== 1 || bits !== 16)
        throw new Error(
          `${path}: expected 16-bit PCM mono, got format ${format}, ${channels} ch, ${bits} bit.`,
        );
      sampleRate = file.readUInt32LE(body + 4);
    } else if (id === 'data') {
      // espeak-ng writing to a pipe leaves the size unset; a file has it, but trust the file's length.
      const length = Math.min(size, file.length - body) >> 1;
      const samples = new Float32Array(length);
      for (let i = 0; i < length; i += 1) samples[i] = file.readInt16LE(body + 2 * i) / 32768;
      return { samples, sampleRate };
    }
    at = body + size + (size & 1);
  }
  throw new Error(`${path} has no data chunk.`);
}

/** One sentence from espeak-ng, at 16 kHz. */
export function speak(text: string, dir: string = SPEECH_MEDIA_DIR): Float32Array {
  requireEspeak();
  mkdirSync(dir, { recursive: true });
  // Test workers run in parallel: each writes its own file.
  const path = join(dir, `espeak-${process.pid}.wav`);
  const run = spawnSync('espeak-ng', ['-v', VOICE, '-s', String(WORDS_PER_MINUTE), '-w', path, text], {
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`espeak-ng failed: ${run.stderr || run.error?.message}`);
  try {
    const { samples, sampleRate } = readWav(path);
    return resample(samples, sampleRate, SPEECH_SAMPLE_RATE);
  } finally {
    rmSync(path, { force: true });
  }
}

/** [first, last] second of `samples` whose 10 ms energy is above the floor (relative to the loudest window). */
export function speechRange(samples: Float32Array, sampleRate: number): [number, number] {
  const window = Math.round(ENERGY_WINDOW_SEC * sampleRate);
  const rms: number[] = [];
  for (let at = 0; at + window <= samples.length; at += window) {
    let sum = 0;
    for (let i = at; i < at + window; i += 1) sum += samples[i]! ** 2;
    rms.push(Math.sqrt(sum / window));
  }
  const floor = Math.max(...rms) * 10 ** (SPEECH_FLOOR_DB / 20);
  const first = rms.findIndex((r) => r > floor);
  const last = rms.findLastIndex((r) => r > floor);
  if (first < 0) throw new Error('espeak-ng produced silence.');
  return [(first * window) / sampleRate, ((last + 1) * window) / sampleRate];
}

/**
 * A linear-phase band-pass: a windowed-sinc FIR (401 taps, Hamming), applied with its delay
 * removed so the speech stays where it was, and scaled back to the input's peak level.
 */
export function bandPass(samples: Float32Array, rate: number, lowHz: number, highHz: number): Float32Array {
  const taps = 401;
  const half = (taps - 1) / 2;
  const sinc = (x: number) => (x === 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x));
  const kernel = Float64Array.from({ length: taps }, (_, i) => {
    const k = i - half;
    const ideal =
      (2 * highHz * sinc((2 * highHz * k) / rate) - 2 * lowHz * sinc((2 * lowHz * k) / rate)) / rate;
    return ideal * (0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (taps - 1)));
  });
  const out = new Float32Array(samples.length);
  for (let n = 0; n < samples.length; n += 1) {
    let sum = 0;
    for (let i = 0; i < taps; i += 1) {
      const at = n + half - i;
      if (at >= 0 && at < samples.length) sum += kernel[i]! * samples[at]!;
    }
    out[n] = sum;
  }
  const peak = (x: Float32Array) => x.reduce((max, v) => Math.max(max, Math.abs(v)), 0);
  const gain = peak(samples) / Math.max(peak(out), 1e-9);
  return out.map((v) => v * gain);
}

/** Sentences and silences laid end to end, with the true speech range of each sentence. */
export function speechClip(
  options: SpeechClipOptions = DEFAULT_SPEECH_CLIP,
  dir = SPEECH_MEDIA_DIR,
): SpeechClip {
  const { sentences, gapsSec, leadSec, tailSec, bandPassHz } = options;
  if (gapsSec.length !== sentences.length - 1)
    throw new Error('Give one gap between each pair of sentences.');
  const rate = SPEECH_SAMPLE_RATE;
  const spoken = sentences.map((text) => {
    const samples = speak(text, dir);
    return bandPassHz ? bandPass(samples, rate, ...bandPassHz) : samples;
  });
  // Gaps are measured between the speech itself, not between espeak's own padded files.
  const ranges = spoken.map((s) => speechRange(s, rate));
  const placed: { samples: Float32Array; offsetSec: number }[] = [];
  const truth: [number, number][] = [];
  let cursorSec = leadSec;
  spoken.forEach((samples, i) => {
    const [start, end] = ranges[i]!;
    // espeak-ng's own quiet lead-in and tail stay in; they are mixed into the silence around.
    const offsetSec = cursorSec - start;
    placed.push({ samples, offsetSec });
    truth.push([cursorSec, cursorSec + (end - start)]);
    cursorSec += end - start + (gapsSec[i] ?? tailSec);
  });
  const total = new Float32Array(Math.round(cursorSec * rate));
  for (const { samples, offsetSec } of placed) {
    const at = Math.round(offsetSec * rate);
    for (let i = 0; i < samples.length && at + i < total.length; i += 1) {
      if (at + i >= 0) total[at + i]! += samples[i]!;
    }
  }
  return { samples: total, sampleRate: rate, truth, durationSec: total.length / rate };
}

/** Writes the clip as a WAV for --use-file-for-fake-audio-capture; returns its path. */
export function writeSpeechClip(
  clip: SpeechClip,
  name = 'three-sentences.wav',
  dir = SPEECH_MEDIA_DIR,
): string {
  const path = join(dir, name);
  // Written aside and renamed: a browser another worker launched may be reading the file.
  const partial = `${path}.${process.pid}.tmp`;
  writeWav(partial, clip.samples, clip.sampleRate);
  renameSync(partial, path);
  return path;
}
