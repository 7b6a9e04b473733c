/**
 * The journal worker: imports and exports the journal's files off the page's main thread (a
 * 5 MB file is about a second of JSON parsing, checking and storing). Started by
 * journal-worker-client.ts; its API is journal-files.ts.
 */
import { expose, transferHandlers } from 'comlink';
import { preserveAppErrors } from '../../../../shared/comlink-errors';
import { reportPolicyViolations } from '../../../../shared/policy-violations';
import { exportJournalFile, importJournalFile } from './journal-files';

reportPolicyViolations('the journal worker', self);
preserveAppErrors(transferHandlers);

const api = { importFile: importJournalFile, exportFile: exportJournalFile };

/** What the page may call in the journal worker. */
export type JournalWorkerApi = typeof api;

expose(api);
