/**
 * Model-level downloads ("jobs"): all files of one variant, with progress over the whole
 * model. A model switches to a new version in one transaction once every file verified;
 * then files no model uses any more are deleted.
 */
import { AppError, isAbortError } from '../../shared/errors';
import { variantBytes, type ModelManifest, type Precision, type Registry } from '../../shared/model-registry';
import type { ModelEvent, ModelJobStatus } from '../../shared/model-store-protocol';
import { chunkRange, type ModelDatabase } from '../../storage/model-db';
import { storageError } from './chunk-store';
import { downloadOnce, downloadsInFlight } from './download';
import { resolveUrl } from './urls';

export interface JobContext {
  /**
   * The open model database. Asked for again by every job, because the browser closes a
   * connection when site data is cleared or another tab upgrades the schema, and a job that
   * kept the old one would fail on a closed connection instead of reopening.
   */
  db: () => Promise<ModelDatabase>;
  /** The configured model host and the app's origin, to resolve file URLs. */
  host: () => Promise<string>;
  origin: string;
  registry: () => Promise<Registry>;
  broadcast: (event: ModelEvent) => void;
  fetch?: typeof fetch;
}

interface RunningJob {
  status: ModelJobStatus;
  controller: AbortController;
  done: Promise<void>;
}

export class ModelJobs {
  private readonly running = new Map<string, RunningJob>();
  /** Finished jobs stay listed until the next start, so a reloaded page sees how they ended. */
  private readonly finished = new Map<string, ModelJobStatus>();

  constructor(private readonly ctx: JobContext) {}

  /** Starts (or joins) the download of one model variant. Resolves when it ends, never rejects. */
  install(model: ModelManifest, variantId: Precision): Promise<void> {
    const existing = this.running.get(model.id);
    if (existing && existing.status.variant === variantId) return existing.done;
    existing?.controller.abort(new DOMException('Replaced by another variant', 'AbortError'));

    const variant = model.variants.find((v) => v.id === variantId);
    if (!variant) return Promise.resolve();
    const controller = new AbortController();
    const status: ModelJobStatus = {
      modelId: model.id,
      variant: variantId,
      version: model.version,
      state: 'queued',
      receivedBytes: 0,
      totalBytes: variantBytes(variant),
    };
    this.finished.delete(model.id);
    const job: RunningJob = { status, controller, done: Promise.resolve() };
    this.running.set(model.id, job);
    job.done = this.run(model, variantId, job).finally(() => {
      if (this.running.get(model.id) === job) this.running.delete(model.id);
      this.finished.set(model.id, job.status);
    });
    return job.done;
  }

  private emit(job: RunningJob): void {
    this.ctx.broadcast({ type: 'model/progress', job: { ...job.status } });
  }

  private async run(model: ModelManifest, variantId: Precision, job: RunningJob): Promise<void> {
    const variant = model.variants.find((v) => v.id === variantId)!;
    const signal = job.controller.signal;
    this.emit(job);
    try {
      const db = await this.ctx.db();
      const host = await this.ctx.host();
      const files = variant.files.map((file) => ({ ...file, url: resolveUrl(file, host, this.ctx.origin) }));
      await db.put('jobs', {
        modelId: model.id,
        variant: variantId,
        requestedAt: Date.now(),
      });
      job.status.state = 'downloading';
      this.emit(job);
      let doneBytes = 0;
      for (const file of files) {
        await downloadOnce({
          db,
          file,
          signal,
          fetch: this.ctx.fetch,
          onProgress: (received) => {
            job.status.receivedBytes = doneBytes + received;
            this.emit(job);
          },
        });
        doneBytes += file.bytes;
        job.status.receivedBytes = doneBytes;
        this.emit(job);
      }
      // Every file verified: switch the model to this version in one step, then tidy up.
      const tx = db.transaction(['installed', 'jobs'], 'readwrite');
      await Promise.all([
        tx.objectStore('installed').put({
          id: model.id,
          version: model.version,
          variant: variantId,
          files: variant.files.map(({ path, sha256, bytes }) => ({ path, sha256, bytes })),
          installedAt: Date.now(),
        }),
        tx.objectStore('jobs').delete(model.id),
        tx.done,
      ]);
      job.status.state = 'stored';
      this.emit(job);
      await this.collectGarbage();
      this.ctx.broadcast({ type: 'model/changed', modelId: model.id });
    } catch (error) {
      if (isAbortError(error) || signal.aborted) {
        job.status.state = 'cancelled';
        await this.dropJob(model.id);
        this.emit(job);
        this.ctx.broadcast({ type: 'model/changed', modelId: model.id });
        return;
      }
      const appError = error instanceof AppError ? error : storageError(error);
      job.status.state = 'error';
      job.status.error = appError.toJSON();
      // A dropped connection keeps its bytes for a resume; anything else starts clean next time.
      if (appError.code !== 'model/network') await this.dropJob(model.id);
      this.emit(job);
    }
  }

  /** Forgets a download that will not resume, and the files only it needed. */
  private async dropJob(modelId: string): Promise<void> {
    await (await this.ctx.db()).delete('jobs', modelId);
    await this.collectGarbage();
  }

  /**
   * Deletes every stored file that no installed model, no running or paused download and no
   * in-flight fetch needs. One transaction reads what is referenced and deletes the rest, so a
   * model that switches version or a download that starts meanwhile can never lose a file.
   */
  async collectGarbage(): Promise<number> {
    const db = await this.ctx.db();
    const { models } = await this.ctx.registry();
    const tx = db.transaction(['installed', 'jobs', 'files', 'chunks'], 'readwrite');
    const [installed, jobs, stored] = await Promise.all([
      tx.objectStore('installed').getAll(),
      tx.objectStore('jobs').getAll(),
      tx.objectStore('files').getAllKeys(),
    ]);
    const keep = new Set<string>(downloadsInFlight());
    for (const model of installed) for (const file of model.files) keep.add(file.sha256);
    for (const job of jobs) {
      const variant = models.find((m) => m.id === job.modelId)?.variants.find((v) => v.id === job.variant);
      for (const file of variant?.files ?? []) keep.add(file.sha256);
    }
    const unused = stored.filter((sha) => !keep.has(sha));
    await Promise.all([
      ...unused.flatMap((sha) => [
        tx.objectStore('chunks').delete(chunkRange(sha)),
        tx.objectStore('files').delete(sha),
      ]),
      tx.done,
    ]);
    return unused.length;
  }

  cancel(modelId: string): void {
    this.running.get(modelId)?.controller.abort(new DOMException('Cancelled by the user', 'AbortError'));
  }

  cancelAll(): void {
    for (const id of this.running.keys()) this.cancel(id);
  }

  /** Running jobs, then how recently finished ones ended. */
  statuses(): ModelJobStatus[] {
    return [
      ...[...this.running.values()].map((job) => ({ ...job.status })),
      ...[...this.finished.values()].filter((status) => !this.running.has(status.modelId)),
    ];
  }

  async waitForAll(): Promise<void> {
    await Promise.all([...this.running.values()].map((job) => job.done));
  }
}
