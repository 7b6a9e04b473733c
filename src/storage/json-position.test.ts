import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeJsonError, jsonErrorPosition } from './json-position';

function fixture(name: string): string {
  return readFileSync(new URL(`../../tests/fixtures/journal/${name}`, import.meta.url), 'utf8');
}

const VALID = fixture('valid-export.json');

describe('jsonErrorPosition', () => {
  /**
   * V8 names the position for most inputs; for the rest it names the unexpected token or the end
   * of the input, and the position is then the one that token (or the end) sits at, written here.
   */
  it.each([
    ['{"a":1,}', 7],
    ['{"a" 1}', 5],
    ['{"a":1', 6],
    ['[1,2,]', 5],
    ['{"a":"x\ny"}', 7],
    ['[1 2]', 3],
    ['{"a":tru}', 8],
    ['{"a":-}', 6],
    ['[1.]', 3],
    ['[1e+]', 4],
    ['-01', 2],
    ['{"a":"\\x"}', 7],
    ['{"a":"\\u12G4"}', 10],
    ['{"a":1}}', 7],
    ['01', 1],
    ["{'a':1}", 1],
    ['', 0],
  ] as const)('finds the same place as JSON.parse in %j', (text, expected) => {
    let engineMessage = '';
    try {
      JSON.parse(text);
    } catch (error) {
      engineMessage = (error as Error).message;
    }
    expect(engineMessage).not.toBe('');
    const reported = /at position (\d+)/.exec(engineMessage)?.[1];
    const token = /^Unexpected token '(.)'/.exec(engineMessage)?.[1];
    if (reported !== undefined) expect(expected, engineMessage).toBe(Number(reported));
    else if (token !== undefined) expect(text[expected], engineMessage).toBe(token);
    else expect([engineMessage, expected]).toEqual(['Unexpected end of JSON input', text.length]);
    expect(jsonErrorPosition(text)).toBe(expected);
  });

  it.each([VALID, '[]', '{}', ' 1e-7 ', '"\\u00e9\\n"', '[true,false,null,{"a":[-0.5,{}]}]'])(
    'finds no error in valid JSON',
    (text) => {
      expect(jsonErrorPosition(text)).toBe(-1);
    },
  );
});

describe('describeJsonError', () => {
  const describeText = (text: string) => {
    try {
      JSON.parse(text);
    } catch (error) {
      return describeJsonError(text, error);
    }
    throw new Error('the text is valid JSON');
  };

  it('names the line and column of the first bad character', () => {
    expect(describeText('{\n  "a": 1,\n}')).toBe('invalid JSON at position 12 (line 3, column 1)');
    expect(describeText(fixture('bad-json.txt'))).toBe('invalid JSON at position 379 (line 17, column 5)');
  });

  it('says when the text ends too early', () => {
    expect(describeText('{"a":')).toBe('invalid JSON at position 5: the file ends too early');
  });
});
