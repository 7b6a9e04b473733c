import { describe, expect, it } from 'vitest';
import { splitSentences } from './sentences';

const join = (text: string) =>
  splitSentences(text)
    .map((p) => p.text)
    .join('');

describe('splitSentences', () => {
  it('splits sentences and keeps the whitespace between them', () => {
    const text = 'Hello there. How are you?\n\nI am fine!';
    const pieces = splitSentences(text);
    expect(pieces.filter((p) => p.translate).map((p) => p.text)).toEqual([
      'Hello there.',
      'How are you?',
      'I am fine!',
    ]);
    expect(join(text)).toBe(text);
  });

  it('keeps emoji and right-to-left text whole', () => {
    const text = 'I love it 😀👍🏽. مرحبا بالعالم. שלום עולם!';
    expect(join(text)).toBe(text);
    const sentences = splitSentences(text)
      .filter((p) => p.translate)
      .map((p) => p.text);
    expect(sentences[0]).toBe('I love it 😀👍🏽.');
    expect(sentences.join(' ')).toContain('مرحبا بالعالم.');
  });

  it('cuts an over-long sentence at a comma or space, losing nothing', () => {
    const long = Array.from({ length: 120 }, (_, i) => `word${i},`).join(' ') + '.';
    const pieces = splitSentences(long, 'en', 100);
    expect(pieces.every((p) => p.text.length <= 100)).toBe(true);
    expect(pieces.map((p) => p.text).join('')).toBe(long);
  });

  it('gives nothing to translate for blank text', () => {
    expect(splitSentences('   ').filter((p) => p.translate)).toEqual([]);
  });
});
