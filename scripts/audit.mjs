#!/usr/bin/env node
// @ts-check
/**
 * `npm audit --omit=dev --audit-level=high` for CI, tolerant of having no advisory service: the
 * packages that ship may have no high or critical advisory. When the registry cannot answer
 * audits (offline, or a mirror without npm's advisories endpoint, which answers 405 or 404), it
 * says so loudly and passes, unless OFFGRID_AUDIT_REQUIRED=1, which makes that a failure too.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Severities that fail the audit. */
export const FAILING_SEVERITIES = /** @type {const} */ (['high', 'critical']);

/**
 * What `npm audit --json` printed, judged.
 * @param {string} stdout
 * @returns {{ verdict: 'pass' | 'fail' | 'unavailable', message: string }}
 */
export function judgeAudit(stdout) {
  /** @type {{ error?: unknown, message?: string, statusCode?: number, metadata?: { vulnerabilities?: Record<string, number> }, vulnerabilities?: Record<string, { severity: string }> }} */
  let report;
  try {
    report = JSON.parse(stdout);
  } catch {
    return { verdict: 'unavailable', message: 'npm audit printed no report (is the registry reachable?).' };
  }
  const counts = report.metadata?.vulnerabilities;
  if (!counts) {
    const why = report.message ?? (report.statusCode ? `HTTP ${report.statusCode}` : 'no advisory data');
    return { verdict: 'unavailable', message: `The registry could not answer the audit: ${why}.` };
  }
  const failing = Object.entries(report.vulnerabilities ?? {})
    .filter(([, v]) => /** @type {readonly string[]} */ (FAILING_SEVERITIES).includes(v.severity))
    .map(([name, v]) => `${name} (${v.severity})`);
  const summary = Object.entries(counts)
    .filter(([severity, n]) => severity !== 'total' && n > 0)
    .map(([severity, n]) => `${n} ${severity}`)
    .join(', ');
  return failing.length
    ? {
        verdict: 'fail',
        message: `High or critical advisories in shipped packages: ${failing.join(', ')}. Run npm audit --omit=dev.`,
      }
    : {
        verdict: 'pass',
        message: `No high or critical advisories in shipped packages${summary ? ` (${summary})` : ''}.`,
      };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const run = spawnSync('npm', ['audit', '--omit=dev', '--audit-level=high', '--json'], { encoding: 'utf8' });
  const { verdict, message } = judgeAudit(run.stdout ?? '');
  if (verdict === 'unavailable') {
    const required = process.env.OFFGRID_AUDIT_REQUIRED === '1';
    console.error(`${required ? 'Error' : 'Warning'}: audit skipped. ${message}`);
    process.exit(required ? 1 : 0);
  }
  (verdict === 'fail' ? console.error : console.log)(message);
  process.exit(verdict === 'fail' ? 1 : 0);
}
