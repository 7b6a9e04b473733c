// @ts-check
/**
 * `npm run test:mutation`: runs Stryker (stryker.config.mjs) on the pure steps, then reads its
 * JSON report and prints `mutation score: N%` as the last line. Exits non-zero when Stryker
 * fails or the score is under MIN_SCORE. Extra arguments go to Stryker, e.g.
 * `npm run test:mutation -- --force` (ignore the incremental cache) or
 * `npm run test:mutation -- --mutate src/features/face/worker/nms.ts`.
 */
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const REPORT = fileURLToPath(new URL('../reports/mutation/mutation.json', import.meta.url));
/** The score the unit tests must keep (mutants killed or timed out, of all that could run). */
const MIN_SCORE = 80;

/** Statuses that count: detected ones, and the survivors and uncovered ones that lower the score. */
const DETECTED = new Set(['Killed', 'Timeout']);
const UNDETECTED = new Set(['Survived', 'NoCoverage']);

/**
 * @param {string[]} args
 * @returns {Promise<number>}
 */
function runStryker(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['node_modules/@stryker-mutator/core/bin/stryker.js', 'run', ...args],
      {
        cwd: ROOT,
        stdio: 'inherit',
      },
    );
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

/**
 * Stryker's mutation score: detected / (detected + undetected), in percent.
 * @param {{ files: Record<string, { mutants: { status: string }[] }> }} report
 */
function mutationScore(report) {
  let detected = 0;
  let undetected = 0;
  for (const file of Object.values(report.files)) {
    for (const mutant of file.mutants) {
      if (DETECTED.has(mutant.status)) detected += 1;
      else if (UNDETECTED.has(mutant.status)) undetected += 1;
    }
  }
  const total = detected + undetected;
  if (total === 0)
    throw new Error('The mutation report holds no mutant that ran; check `mutate` in stryker.config.mjs.');
  return (100 * detected) / total;
}

rmSync(REPORT, { force: true });
const code = await runStryker(process.argv.slice(2));
let report;
try {
  report = JSON.parse(readFileSync(REPORT, 'utf8'));
} catch (error) {
  console.error(`Stryker exited with ${code} and wrote no report at ${REPORT}: ${String(error)}`);
  process.exit(code || 1);
}
const score = mutationScore(report);
if (code !== 0) process.exitCode = code;
else if (score < MIN_SCORE) {
  console.error(
    `The mutation score is under ${MIN_SCORE}%: read the survivors above and test what they change.`,
  );
  process.exitCode = 1;
}
console.log(`mutation score: ${score.toFixed(2)}%`);
