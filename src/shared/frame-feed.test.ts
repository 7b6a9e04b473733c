import { describe, expect, it } from 'vitest';
import { chooseFramePath } from './frame-feed';

describe('chooseFramePath', () => {
  it('prefers the page’s processor (Chromium), then the worker’s (Safari), then the pump', () => {
    expect(chooseFramePath(true, true)).toBe('stream');
    expect(chooseFramePath(true, false)).toBe('stream');
    expect(chooseFramePath(false, true)).toBe('track');
    expect(chooseFramePath(false, false)).toBe('pump');
  });
});
