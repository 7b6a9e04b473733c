/**
 * What kind of audio file this is, from its first bytes: files that are no audio at all (a text
 * file named .wav) are refused at once, without asking the browser to decode them.
 */

export type AudioContainer = 'wav' | 'mp3' | 'aac' | 'ogg' | 'flac' | 'mp4' | 'webm';

const startsWith = (bytes: Uint8Array, at: number, text: string) =>
  [...text].every((c, i) => bytes[at + i] === c.charCodeAt(0));

/** The container the bytes start like, or null when they start like no audio file. */
export function audioContainer(head: Uint8Array): AudioContainer | null {
  if (startsWith(head, 0, 'RIFF') && startsWith(head, 8, 'WAVE')) return 'wav';
  if (startsWith(head, 0, 'ID3')) return 'mp3';
  if (startsWith(head, 0, 'OggS')) return 'ogg';
  if (startsWith(head, 0, 'fLaC')) return 'flac';
  if (startsWith(head, 4, 'ftyp')) return 'mp4';
  if (head[0] === 0x1a && head[1] === 0x45 && head[2] === 0xdf && head[3] === 0xa3) return 'webm';
  // A bare MPEG audio frame: 11 sync bits; layer bits 00 mark ADTS AAC, the others MP3.
  if (head[0] === 0xff && head.length > 1 && (head[1]! & 0xe0) === 0xe0)
    return (head[1]! & 0x06) === 0 ? 'aac' : 'mp3';
  return null;
}
