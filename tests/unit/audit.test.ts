import { describe, expect, it } from 'vitest';
import { judgeAudit } from '../../scripts/audit.mjs';

const report = (vulnerabilities: Record<string, { severity: string }>) =>
  JSON.stringify({
    vulnerabilities,
    metadata: {
      vulnerabilities: {
        info: 0,
        low: 0,
        moderate: Object.values(vulnerabilities).filter((v) => v.severity === 'moderate').length,
        high: Object.values(vulnerabilities).filter((v) => v.severity === 'high').length,
        critical: Object.values(vulnerabilities).filter((v) => v.severity === 'critical').length,
        total: Object.keys(vulnerabilities).length,
      },
    },
  });

describe('judgeAudit', () => {
  it('fails on a high or critical advisory and names the package', () => {
    const verdict = judgeAudit(
      report({ protobufjs: { severity: 'critical' }, idb: { severity: 'moderate' } }),
    );
    expect(verdict.verdict).toBe('fail');
    expect(verdict.message).toContain('protobufjs (critical)');
    expect(verdict.message).not.toContain('idb');
  });

  it('passes on moderate findings only, and on none', () => {
    expect(judgeAudit(report({ idb: { severity: 'moderate' } }))).toEqual({
      verdict: 'pass',
      message: 'No high or critical advisories in shipped packages (1 moderate).',
    });
    expect(judgeAudit(report({})).verdict).toBe('pass');
  });

  it('calls a registry without the advisories endpoint, or no network, unavailable', () => {
    const mirror = JSON.stringify({
      message: '405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk',
      statusCode: 405,
      error: { summary: '', detail: '' },
    });
    expect(judgeAudit(mirror)).toEqual({
      verdict: 'unavailable',
      message:
        'The registry could not answer the audit: 405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk.',
    });
    expect(judgeAudit('').verdict).toBe('unavailable');
  });
});
