import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { describeJsonError, jsonErrorPosition } from './json-position';

function fixture(name: string): string {
  return readFileSync(new URL(`../../tests/fixtures/journal/${name}`, import.meta.url), 'utf8');
}

const VALID = fixture('valid-export.json');

describe('jsonErrorPosition', () => {
  it.each([
    '{"a":1,}',
    '{"a" 1}',
    '{"a":1',
    '[1,2,]',
    '{"a":"x\ny"}',
    '[1 2]',
    '{"a":tru}',
    '{"a":-}',
    '[1.]',
    '[1e+]',
    '-01',
    '{"a":"\\x"}',
    '{"a":"\\u12G4"}',
    '{"a":1}}',
    '01',
    "{'a':1}",
    '',
  ])('finds the same place as JSON.parse in %j', (text) => {
    let engineMessage = '';
    try {
      JSON.parse(text);
    } catch (error) {
      engineMessage = (error as Error).message;
    }
    expect(engineMessage).not.toBe('');
    const position = jsonErrorPosition(text);
    expect(position).toBeGreaterThanOrEqual(0);
    const reported = /at position (\d+)/.exec(engineMessage)?.[1];
    if (reported !== undefined) expect(position).toBe(Number(reported));
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
