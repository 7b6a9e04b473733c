/**
 * Makes every Content Security Policy and Trusted Types violation visible wherever it happens.
 * Browsers fire `securitypolicyviolation` at the context that broke the rule: the page's
 * document, or a worker's global scope (the inference worker, the journal worker, the service
 * worker), where no page listener hears it. Each context calls `reportPolicyViolations` first
 * thing; a violation becomes one console error naming the context, the directive and what was
 * blocked, which developer tools and the end-to-end tests read in every context alike.
 * Nothing is sent anywhere.
 */

/** The fields of a SecurityPolicyViolationEvent that say what happened. */
export interface ViolationFields {
  effectiveDirective: string;
  blockedURI: string;
  sourceFile: string;
  lineNumber: number;
}

/** The one line logged for a violation; the tests match its prefix. */
export function violationLine(context: string, event: ViolationFields): string {
  const where = event.sourceFile ? ` at ${event.sourceFile}:${event.lineNumber}` : '';
  const blocked = event.blockedURI || 'an inline or eval source';
  return `Policy violation in ${context}: ${event.effectiveDirective} blocked ${blocked}${where}`;
}

/** The prefix every violation line starts with. */
export const VIOLATION_PREFIX = 'Policy violation in ';

/** Logs each violation fired at `target` (a document or a worker's global scope). */
export function reportPolicyViolations(context: string, target: EventTarget): void {
  target.addEventListener('securitypolicyviolation', (event) => {
    console.error(violationLine(context, event as unknown as ViolationFields));
  });
}
