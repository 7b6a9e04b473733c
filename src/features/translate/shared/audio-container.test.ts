import { describe, expect, it } from 'vitest';
import { audioContainer } from './audio-container';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

describe('audioContainer', () => {
  it('knows the audio files people record and share', () => {
    expect(audioContainer(bytes('RIFF', [0, 0, 0, 0], 'WAVE'))).toBe('wav');
    expect(audioContainer(bytes('ID3', [4, 0]))).toBe('mp3');
    expect(audioContainer(bytes([0xff, 0xfb, 0x90, 0x64]))).toBe('mp3');
    expect(audioContainer(bytes([0xff, 0xf1, 0x50, 0x80]))).toBe('aac');
    expect(audioContainer(bytes('OggS', [0]))).toBe('ogg');
    expect(audioContainer(bytes('fLaC'))).toBe('flac');
    expect(audioContainer(bytes([0, 0, 0, 0x20], 'ftypM4A '))).toBe('mp4');
    expect(audioContainer(bytes([0x1a, 0x45, 0xdf, 0xa3]))).toBe('webm');
  });

  it('refuses text, images and a RIFF file that is not WAVE', () => {
    expect(audioContainer(bytes('This is a shopping list'))).toBeNull();
    expect(audioContainer(bytes([0x89], 'PNG'))).toBeNull();
    expect(audioContainer(bytes('RIFF', [0, 0, 0, 0], 'AVI '))).toBeNull();
    expect(audioContainer(new Uint8Array(0))).toBeNull();
  });
});
