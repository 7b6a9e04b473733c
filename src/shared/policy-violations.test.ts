import { afterEach, describe, expect, it, vi } from 'vitest';
import { VIOLATION_PREFIX, reportPolicyViolations, violationLine } from './policy-violations';

const fields = {
  effectiveDirective: 'connect-src',
  blockedURI: 'https://elsewhere.example/x',
  sourceFile: 'http://localhost/assets/worker.js',
  lineNumber: 12,
};

describe('policy violations', () => {
  afterEach(() => vi.restoreAllMocks());

  it('names the context, the directive, what was blocked and where', () => {
    expect(violationLine('the inference worker', fields)).toBe(
      'Policy violation in the inference worker: connect-src blocked https://elsewhere.example/x at http://localhost/assets/worker.js:12',
    );
    expect(violationLine('the page', { ...fields, blockedURI: '', sourceFile: '' })).toBe(
      'Policy violation in the page: connect-src blocked an inline or eval source',
    );
    expect(violationLine('x', fields).startsWith(VIOLATION_PREFIX)).toBe(true);
  });

  it('logs every violation fired at the target as a console error, and nothing else', () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const target = new EventTarget();
    reportPolicyViolations('the journal worker', target);
    target.dispatchEvent(new Event('message'));
    expect(error).not.toHaveBeenCalled();
    const event = Object.assign(new Event('securitypolicyviolation'), fields);
    target.dispatchEvent(event);
    target.dispatchEvent(event);
    expect(error).toHaveBeenCalledTimes(2);
    expect(error).toHaveBeenLastCalledWith(violationLine('the journal worker', fields));
  });
});
