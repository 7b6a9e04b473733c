/**
 * Long text is translated a sentence at a time: each sentence is one short encoder input
 * (fast, and within the model's 512-token limit), output appears sentence by sentence, and a
 * cancel takes effect at the next token. Paragraph breaks are kept as they were.
 */

/** One piece of the source: a sentence to translate, or the whitespace between sentences, kept as is. */
export interface Piece {
  text: string;
  translate: boolean;
}

/** Sentences longer than this many characters are cut at a comma or space (the model stays in its range). */
export const MAX_SENTENCE_CHARS = 400;

function sentenceSegments(text: string, locale: string): string[] {
  if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
    const segmenter = new Intl.Segmenter(locale, { granularity: 'sentence' });
    return Array.from(segmenter.segment(text), (s) => s.segment);
  }
  return text.match(/[^.!?。！？]+[.!?。！？]*\s*/gu) ?? [text];
}

/** Cuts an over-long sentence at the last comma, semicolon or space before the limit. */
function cutLong(sentence: string, max: number): string[] {
  const out: string[] = [];
  let rest = sentence;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const at = Math.max(window.lastIndexOf(', '), window.lastIndexOf('; '), window.lastIndexOf(' '));
    const cut = at > max / 2 ? at + 1 : max;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut);
  }
  if (rest) out.push(rest);
  return out;
}

/**
 * The text as sentences to translate and the whitespace around them, in order: joining every
 * piece's text gives the input back exactly.
 */
export function splitSentences(text: string, locale = 'en', max = MAX_SENTENCE_CHARS): Piece[] {
  const pieces: Piece[] = [];
  for (const segment of sentenceSegments(text, locale)) {
    const lead = /^\s*/u.exec(segment)![0];
    const trail = /\s*$/u.exec(segment.slice(lead.length))![0];
    const body = segment.slice(lead.length, segment.length - trail.length);
    if (lead) pieces.push({ text: lead, translate: false });
    for (const part of cutLong(body, max)) if (part) pieces.push({ text: part, translate: true });
    if (trail) pieces.push({ text: trail, translate: false });
  }
  return pieces;
}
