/**
 * The page's side of the journal worker: each import or export starts the worker, calls it
 * through Comlink and ends it, so no connection to the journal stays open between files. A worker
 * that fails to start, crashes or does not answer in time ends the call with an AppError.
 */
import { releaseProxy, transferHandlers, wrap } from 'comlink';
import { AppError } from '../../../../shared/errors';
import { preserveAppErrors } from '../../../../shared/comlink-errors';
import { trustedScriptUrl } from '../../../../shared/trusted-types';
import type { JournalFiles } from './journal-files';
import type { JournalWorkerApi } from './journal.worker';
import journalWorkerUrl from './journal.worker.ts?worker&url';

/** A 5 MB file takes a few seconds on a slow phone; this long means the worker is stuck. */
export const JOURNAL_WORKER_TIMEOUT_MS = 120_000;

export interface JournalWorkerConfig {
  /** Database name; tests use their own. */
  dbName?: string;
  timeoutMs?: number;
  /** Starts the worker (tests pass their own). */
  createWorker?: () => Worker;
}

function defaultWorker(): Worker {
  // The CSP requires a TrustedScriptURL here (`?worker&url` still bundles the worker).
  return new Worker(trustedScriptUrl(journalWorkerUrl) as string | URL, {
    type: 'module',
    name: 'offgrid-journal',
  });
}

const RELOAD = 'Reload the page and try again.';

/** Runs one call in a fresh worker; the worker ends with the call, whatever the outcome. */
async function inWorker<T>(
  config: JournalWorkerConfig,
  call: (api: ReturnType<typeof wrap<JournalWorkerApi>>) => Promise<T>,
): Promise<T> {
  const { timeoutMs = JOURNAL_WORKER_TIMEOUT_MS, createWorker = defaultWorker } = config;
  preserveAppErrors(transferHandlers);
  const worker = createWorker();
  const api = wrap<JournalWorkerApi>(worker);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let onError: ((event: ErrorEvent) => void) | undefined;
  const failed = new Promise<never>((_, reject) => {
    onError = (event) => {
      event.preventDefault();
      const detail = event.message ? ` (${event.message})` : '';
      reject(new AppError('storage/failed', `The journal's file worker stopped${detail}. ${RELOAD}`));
    };
    worker.addEventListener('error', onError);
    timer = setTimeout(
      () =>
        reject(
          new AppError(
            'storage/failed',
            `The journal's file worker did not finish within ${Math.round(timeoutMs / 1000)} s. ${RELOAD}`,
          ),
        ),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([call(api), failed]);
  } finally {
    clearTimeout(timer);
    if (onError) worker.removeEventListener('error', onError);
    api[releaseProxy]();
    worker.terminate();
  }
}

/** Journal files done in the journal worker, off the page's main thread. */
export function workerJournalFiles(config: JournalWorkerConfig = {}): JournalFiles {
  const { dbName } = config;
  return {
    importFile: (file, mode, now) => inWorker(config, (api) => api.importFile(file, mode, now, dbName)),
    exportFile: (format, now) => inWorker(config, (api) => api.exportFile(format, now, dbName)),
  };
}
