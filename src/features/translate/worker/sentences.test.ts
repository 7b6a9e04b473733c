import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_SENTENCE_CHARS, splitSentences } from './sentences';

/** The pieces of `text` to translate, once the test has checked that all its pieces give `text` back. */
function translated(text: string): string[] {
  const pieces = splitSentences(text);
  expect(pieces.map((p) => p.text).join('')).toBe(text);
  return pieces.filter((p) => p.translate).map((p) => p.text);
}

describe('splitSentences', () => {
  it('splits sentences and keeps the whitespace between them', () => {
    expect(translated('Hello there. How are you?\n\nI am fine!')).toEqual([
      'Hello there.',
      'How are you?',
      'I am fine!',
    ]);
  });

  it('keeps emoji and right-to-left text whole', () => {
    const sentences = translated('I love it 😀👍🏽. مرحبا بالعالم. שלום עולם!');
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

  it('marks leading and trailing whitespace as kept, not translated', () => {
    expect(splitSentences('  Hello. Bye!\n')).toEqual([
      { text: '  ', translate: false },
      { text: 'Hello.', translate: true },
      { text: ' ', translate: false },
      { text: 'Bye!', translate: true },
      { text: '\n', translate: false },
    ]);
  });

  it('cuts after the last space past half the limit, else at the limit', () => {
    const texts = (text: string, max: number) => splitSentences(text, 'en', max).map((p) => p.text);
    expect(texts('aaaa bbbb cccc', 10)).toEqual(['aaaa bbbb ', 'cccc']);
    expect(texts('abcdefghijklmno', 10)).toEqual(['abcdefghij', 'klmno']);
    // A space at exactly half the limit is too early: the cut falls at the limit.
    expect(texts('abcde fghijklmn', 10)).toEqual(['abcde fghi', 'jklmn']);
    expect(texts('abcdef ghijklmn', 10)).toEqual(['abcdef ', 'ghijklmn']);
    // A sentence of exactly the limit stays whole.
    expect(texts('abc def gh', 10)).toEqual(['abc def gh']);
    expect(texts('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('keeps sentences up to MAX_SENTENCE_CHARS whole by default', () => {
    const sentence = `${'word '.repeat(79)}end.`;
    expect(sentence.length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
    expect(splitSentences(sentence)).toEqual([{ text: sentence, translate: true }]);
    const longer = `${'word '.repeat(100)}end.`;
    const parts = splitSentences(longer).filter((p) => p.translate);
    expect(parts.length).toBe(2);
    expect(parts[0]!.text.length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
    expect(parts[0]!.text.length).toBeGreaterThan(MAX_SENTENCE_CHARS / 2);
  });

  describe('without Intl.Segmenter', () => {
    afterEach(() => {
      vi.unstubAllGlobals();
    });

    it('splits at sentence punctuation, Latin and CJK, keeping every character', () => {
      vi.stubGlobal('Intl', {});
      expect(translated('One. Two?! 三。四！ Five')).toEqual(['One.', 'Two?!', '三。', '四！', 'Five']);
      expect(splitSentences('')).toEqual([]);
      // Punctuation alone is one piece, kept.
      expect(splitSentences('...')).toEqual([{ text: '...', translate: true }]);
      // Without the segmenter a decimal point ends a sentence.
      expect(splitSentences('Pi is 3.14 today.').filter((p) => p.translate)).toHaveLength(2);
    });
  });

  describe('with Intl.Segmenter', () => {
    it('does not end a sentence at a decimal point', () => {
      expect(splitSentences('Pi is 3.14 today.')).toEqual([{ text: 'Pi is 3.14 today.', translate: true }]);
    });
  });
});
