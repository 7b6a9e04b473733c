/**
 * WAV files read piece by piece: the header says where the samples are and how they are
 * stored, so a one-hour recording (≈ 115 MB at 16 kHz, 16-bit mono) is read a window at a
 * time with Blob.slice and never decoded whole. PCM 8/16/24/32-bit and 32-bit float, any
 * channel count (mixed down to mono), plain or WAVE_FORMAT_EXTENSIBLE.
 */

/** The header (every chunk before the samples) must lie within the file's first bytes. */
export const WAV_HEADER_MAX_BYTES = 64 * 1024;

const FORMAT_PCM = 1;
const FORMAT_FLOAT = 3;
const FORMAT_EXTENSIBLE = 0xfffe;

export interface WavInfo {
  sampleRate: number;
  channels: number;
  bitsPerSample: number;
  encoding: 'pcm' | 'float';
  /** Bytes from the file's start to the first sample. */
  dataOffset: number;
  /** Bytes of samples (clamped to what the file holds). */
  dataBytes: number;
  /** Bytes per frame: one sample of every channel. */
  frameBytes: number;
  frames: number;
  durationSec: number;
}

/** What is wrong with a WAV header, said for a person. */
export class WavError extends Error {
  constructor(
    message: string,
    readonly kind: 'not-wav' | 'unsupported',
  ) {
    super(message);
    this.name = 'WavError';
  }
}

const ascii = (bytes: Uint8Array, at: number) =>
  String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);

/** True when the bytes start like a RIFF/WAVE file. */
export function looksLikeWav(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && ascii(bytes, 0) === 'RIFF' && ascii(bytes, 8) === 'WAVE';
}

/**
 * Reads the header from the file's first bytes (`head`, up to WAV_HEADER_MAX_BYTES) and the
 * file's size. A data chunk whose size field is wrong (0 or 0xFFFFFFFF from a recorder that
 * was cut off) runs to the end of the file.
 */
export function parseWavHeader(head: Uint8Array, fileSize: number): WavInfo {
  if (!looksLikeWav(head)) throw new WavError('it is not a WAV file (no RIFF/WAVE header)', 'not-wav');
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let format: { tag: number; channels: number; sampleRate: number; blockAlign: number; bits: number } | null =
    null;
  let at = 12;
  while (at + 8 <= head.length) {
    const id = ascii(head, at);
    const size = view.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'fmt ') {
      if (size < 16 || body + 16 > head.length)
        throw new WavError('its format chunk is cut short', 'not-wav');
      let tag = view.getUint16(body, true);
      if (tag === FORMAT_EXTENSIBLE && size >= 40 && body + 26 <= head.length)
        tag = view.getUint16(body + 24, true);
      format = {
        tag,
        channels: view.getUint16(body + 2, true),
        sampleRate: view.getUint32(body + 4, true),
        blockAlign: view.getUint16(body + 12, true),
        bits: view.getUint16(body + 14, true),
      };
    } else if (id === 'data') {
      if (!format) throw new WavError('its samples come before their format', 'not-wav');
      return wavInfo(format, body, size, fileSize);
    }
    at = body + size + (size % 2);
  }
  throw new WavError(
    format ? 'no samples were found in its first 64 kB' : 'it has no format chunk',
    'not-wav',
  );
}

function wavInfo(
  format: { tag: number; channels: number; sampleRate: number; blockAlign: number; bits: number },
  dataOffset: number,
  declared: number,
  fileSize: number,
): WavInfo {
  const { tag, channels, sampleRate, bits } = format;
  const encoding = tag === FORMAT_PCM ? 'pcm' : tag === FORMAT_FLOAT ? 'float' : null;
  if (!encoding)
    throw new WavError(`its samples are compressed (WAV format ${tag}); save it as PCM WAV`, 'unsupported');
  const supported = encoding === 'float' ? bits === 32 : [8, 16, 24, 32].includes(bits);
  if (!supported) throw new WavError(`${bits}-bit ${encoding} samples are not supported`, 'unsupported');
  if (channels < 1 || sampleRate < 1000 || sampleRate > 384_000)
    throw new WavError(`its header is not valid (${channels} channels at ${sampleRate} Hz)`, 'not-wav');
  const frameBytes = channels * (bits / 8);
  const available = Math.max(0, fileSize - dataOffset);
  const bytes = declared === 0 || declared === 0xffffffff ? available : Math.min(declared, available);
  const frames = Math.floor(bytes / frameBytes);
  return {
    sampleRate,
    channels,
    bitsPerSample: bits,
    encoding,
    dataOffset,
    dataBytes: frames * frameBytes,
    frameBytes,
    frames,
    durationSec: frames / sampleRate,
  };
}

/** Whole frames of samples (as read from the file) → mono −1..1, the mean of the channels. */
export function wavToMono(bytes: Uint8Array, info: WavInfo): Float32Array<ArrayBuffer> {
  const { channels, bitsPerSample, encoding, frameBytes } = info;
  const frames = Math.floor(bytes.length / frameBytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(frames);
  const width = bitsPerSample / 8;
  const read: (at: number) => number =
    encoding === 'float'
      ? (at) => view.getFloat32(at, true)
      : bitsPerSample === 16
        ? (at) => view.getInt16(at, true) / 32768
        : bitsPerSample === 8
          ? (at) => (view.getUint8(at) - 128) / 128
          : bitsPerSample === 24
            ? (at) =>
                (view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getInt8(at + 2) << 16)) / 8388608
            : (at) => view.getInt32(at, true) / 2147483648;
  for (let f = 0; f < frames; f += 1) {
    let sum = 0;
    for (let c = 0; c < channels; c += 1) sum += read(f * frameBytes + c * width);
    out[f] = sum / channels;
  }
  return out;
}
