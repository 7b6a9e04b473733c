import { describe, expect, it } from 'vitest';
import { mediaError } from './media-error';

const HINT = 'The journal below still works.';
const failure = (name: string, message = '') => new DOMException(message, name);

/** Per device: the failures a browser reports (by DOMException name), and the code and words for each. */
const FAILURES = [
  {
    device: 'camera',
    cases: [
      [
        'NotAllowedError',
        'camera/denied',
        `Camera access is blocked. Allow the camera for this site in the browser's site settings, then try again. ${HINT}`,
      ],
      [
        'OverconstrainedError',
        'camera/not-found',
        `No camera was found on this device. Connect one and try again. ${HINT}`,
      ],
      [
        'NotReadableError',
        'camera/busy',
        `The camera is in use by another app or tab, or the system blocked it. Close the other app, then try again. ${HINT}`,
      ],
    ],
  },
  {
    device: 'microphone',
    cases: [
      [
        'SecurityError',
        'mic/denied',
        `Microphone access is blocked. Allow the microphone for this site in the browser's site settings, then try again. ${HINT}`,
      ],
      ['NotFoundError', 'mic/not-found', `No microphone was found on this device. ${HINT}`],
      [
        'AbortError',
        'mic/busy',
        `The microphone is in use by another app or tab, or the system blocked it. Close the other app, then try again. ${HINT}`,
      ],
    ],
  },
] as const;

describe('mediaError', () => {
  for (const { device, cases } of FAILURES) {
    it(`words ${device} failures for the ${device}`, () => {
      for (const [name, code, message] of cases) {
        const error = mediaError(device, failure(name), HINT);
        expect(error.code).toBe(code);
        expect(error.message).toBe(message);
      }
    });
  }

  it('passes an unknown failure on in its own words', () => {
    const error = mediaError('microphone', new TypeError('constraints are invalid'), HINT);
    expect(error.code).toBe('mic/failed');
    expect(error.message).toBe(`The microphone could not start (constraints are invalid). ${HINT}`);
    expect(mediaError('camera', 'odd', HINT).message).toBe(`The camera could not start (odd). ${HINT}`);
  });
});
