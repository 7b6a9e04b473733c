import { errorMessage } from '../shared/errors';
/**
 * Where JSON text stops being valid JSON. JSON.parse says only that it failed, worded differently
 * in every engine (V8 often leaves out the position), so a journal import names the place itself.
 */

/**
 * Names where JSON.parse failed. Engines word this differently and V8 often leaves out the
 * position, so the position comes from `jsonErrorPosition`, the same in every browser.
 */
export function describeJsonError(body: string, error: unknown): string {
  const position = jsonErrorPosition(body);
  if (position < 0) return `invalid JSON (${errorMessage(error)})`;
  if (position >= body.length) return `invalid JSON at position ${position}: the file ends too early`;
  const before = body.slice(0, position);
  const line = before.split('\n').length;
  const column = position - before.lastIndexOf('\n');
  return `invalid JSON at position ${position} (line ${line}, column ${column})`;
}

type ScanState = 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'colon' | 'comma-or-close' | 'end';

const LITERALS = ['true', 'false', 'null'];
const ESCAPES = '"\\/bfnrt';
const HEX_DIGIT = /^[0-9a-fA-F]$/;

/** Offset of the first character that cannot continue valid JSON (RFC 8259), or -1 when `text` is valid. */
export function jsonErrorPosition(text: string): number {
  const closers: string[] = [];
  let state: ScanState = 'value';
  let i = 0;
  const afterValue = (): ScanState => (closers.length > 0 ? 'comma-or-close' : 'end');
  while (true) {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
    if (i >= text.length) return state === 'end' ? -1 : i;
    const c = text[i]!;
    if (state === 'end') return i;
    if (state === 'colon') {
      if (c !== ':') return i;
      i++;
      state = 'value';
    } else if (state === 'comma-or-close') {
      if (c === ',') {
        i++;
        state = closers.at(-1) === '}' ? 'key' : 'value';
      } else if (c === closers.at(-1)) {
        closers.pop();
        i++;
        state = afterValue();
      } else return i;
    } else if (state === 'key' || state === 'key-or-close') {
      if (state === 'key-or-close' && c === '}') {
        closers.pop();
        i++;
        state = afterValue();
      } else if (c === '"') {
        i = scanString(text, i);
        if (i < 0) return -i - 1;
        state = 'colon';
      } else return i;
    } else if (state === 'value-or-close' && c === ']') {
      closers.pop();
      i++;
      state = afterValue();
    } else if (c === '{' || c === '[') {
      closers.push(c === '{' ? '}' : ']');
      i++;
      state = c === '{' ? 'key-or-close' : 'value-or-close';
    } else if (c === '"') {
      i = scanString(text, i);
      if (i < 0) return -i - 1;
      state = afterValue();
    } else {
      const literal = LITERALS.find((word) => word[0] === c);
      if (literal !== undefined) {
        for (const letter of literal) {
          if (text[i] !== letter) return i;
          i++;
        }
      } else {
        i = scanNumber(text, i);
        if (i < 0) return -i - 1;
      }
      state = afterValue();
    }
  }
}

/** End of the number that starts at `start`, or -(error offset) - 1. */
function scanNumber(text: string, start: number): number {
  let i = start;
  const digits = (): boolean => {
    const first = i;
    while (isDigit(text[i])) i++;
    return i > first;
  };
  if (text[i] === '-') i++;
  if (text[i] === '0') i++;
  else if (!digits()) return -i - 1;
  if (text[i] === '.') {
    i++;
    if (!digits()) return -i - 1;
  }
  if (text[i] === 'e' || text[i] === 'E') {
    i++;
    if (text[i] === '+' || text[i] === '-') i++;
    if (!digits()) return -i - 1;
  }
  return i;
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** End of the string literal that starts at `start`, or -(error offset) - 1. */
function scanString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"') return i + 1;
    if (c.charCodeAt(0) < 0x20) return -i - 1;
    if (c === '\\') {
      const escape = text[i + 1];
      if (escape === 'u') {
        const bad = [2, 3, 4, 5].find((k) => !HEX_DIGIT.test(text[i + k] ?? ''));
        if (bad !== undefined) return -(i + bad) - 1;
        i += 6;
      } else if (escape !== undefined && ESCAPES.includes(escape)) i += 2;
      else return -(i + 1) - 1;
    } else i++;
  }
  return -text.length - 1;
}
