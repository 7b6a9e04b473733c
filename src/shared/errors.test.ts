import { describe, expect, it } from 'vitest';
import { AppError, errorMessage } from './errors';

describe('errorMessage', () => {
  it("gives an Error's own message, typed errors included", () => {
    expect(errorMessage(new TypeError('Failed to fetch'))).toBe('Failed to fetch');
    expect(errorMessage(new AppError('camera/denied'))).toBe('Camera access was denied.');
    expect(errorMessage(new DOMException('The call was cancelled.', 'AbortError'))).toBe(
      'The call was cancelled.',
    );
  });

  it('turns anything else thrown into text', () => {
    expect(errorMessage('quota')).toBe('quota');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(undefined)).toBe('undefined');
    expect(errorMessage({ toString: () => 'an object' })).toBe('an object');
  });
});
