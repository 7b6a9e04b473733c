/**
 * The page's one connection to the journal database, opened on first use. When another tab
 * upgrades or deletes the database, journal-db closes this connection at once (so that tab never
 * hangs); the next use here opens a fresh one, and a call caught in between is run again.
 */
import { AppError } from '../../../../shared/errors';
import { openJournal, type JournalDatabase } from '../../../../storage/journal-db';

export interface JournalConnectionConfig {
  /** Database name; tests use their own. */
  name?: string;
  /** An older tab holds the journal open, so opening waits for it to close. */
  onBlocked?: () => void;
}

/** True when IndexedDB refused because the connection had already closed. */
function isClosedConnection(error: unknown): boolean {
  const name =
    error instanceof AppError ? error.details.cause : error instanceof DOMException ? error.name : undefined;
  return name === 'InvalidStateError';
}

export class JournalConnection {
  private opening: Promise<JournalDatabase> | null = null;

  constructor(private readonly config: JournalConnectionConfig = {}) {}

  /** The open database; opens it on first use, after it was closed, or after a failed open. */
  get(): Promise<JournalDatabase> {
    if (this.opening) return this.opening;
    const opening = openJournal({
      name: this.config.name,
      onBlocked: this.config.onBlocked,
      onVersionChange: () => this.forget(opening),
      onTerminated: () => this.forget(opening),
    });
    // A rejected open is forgotten, so the next call tries again.
    opening.catch(() => this.forget(opening));
    this.opening = opening;
    return opening;
  }

  /**
   * Runs `work` on the open database. A connection that closed under it (another tab's upgrade)
   * failed before its transaction began, so nothing was written: reopen and run it once more.
   */
  async use<T>(work: (db: JournalDatabase) => Promise<T>): Promise<T> {
    const opening = this.get();
    try {
      return await work(await opening);
    } catch (error) {
      if (!isClosedConnection(error)) throw error;
      this.forget(opening);
      return work(await this.get());
    }
  }

  /** Closes the connection (tests, or a page that is going away). */
  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = null;
    if (opening) (await opening.catch(() => null))?.close();
  }

  private forget(opening: Promise<JournalDatabase>): void {
    if (this.opening === opening) this.opening = null;
  }
}
