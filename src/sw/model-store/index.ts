/**
 * The model store inside the service worker: the single gate for model files.
 * A request for a model file is answered from IndexedDB, or downloaded, verified and stored
 * first. Pages send commands (install, cancel, delete…) and hear progress on a BroadcastChannel.
 */
import { registerRoute } from 'workbox-routing';
import { AppError } from '../../shared/errors';
import { DEFAULT_MODEL_HOST, MODEL_HOST_SETTING, REGISTRY_PATH, hostOrigin } from '../../shared/model-hosts';
import {
  MODEL_CHANNEL,
  MODEL_ERROR_HEADER,
  type ModelCommand,
  type ModelEvent,
  type ModelJobStatus,
  type ModelStatusReply,
} from '../../shared/model-store-protocol';
import { variantBytes } from '../../shared/model-registry';
import { openModelDb } from '../../storage/model-db';
import { getFile, readFileStream } from './chunk-store';
import { downloadOnce } from './download';
import { ModelJobs } from './jobs';
import { fileIndex, loadRegistry } from './registry';

declare const self: ServiceWorkerGlobalScope;

const channel = new BroadcastChannel(MODEL_CHANNEL);
const broadcast = (event: ModelEvent) => channel.postMessage(event);

/** The configured model host's origin, kept in memory because routing must decide synchronously. */
let remoteOrigin = hostOrigin(DEFAULT_MODEL_HOST);

let host: Promise<string> | undefined;

/**
 * The model host from Settings (model database), or the default. Read once per service-worker
 * lifetime, and again when a page says the setting changed, not on every request.
 */
export function configuredHost(): Promise<string> {
  host ??= (async () => {
    const record = await (await openModelDb()).get('settings', MODEL_HOST_SETTING);
    const value = typeof record?.value === 'string' ? record.value : DEFAULT_MODEL_HOST;
    remoteOrigin = hostOrigin(value);
    return value;
  })();
  host.catch(() => (host = undefined));
  return host;
}

function errorResponse(error: AppError, status = 502): Response {
  return new Response(JSON.stringify(error.toJSON()), {
    status,
    headers: { 'Content-Type': 'application/json', [MODEL_ERROR_HEADER]: error.code },
  });
}

function isModelRequest(url: URL): boolean {
  if (url.origin === self.location.origin)
    return url.pathname.startsWith('/models/') && url.pathname !== REGISTRY_PATH;
  return url.origin === remoteOrigin;
}

async function serveModelFile(url: URL): Promise<Response> {
  const [db, registry, modelHost] = await Promise.all([openModelDb(), loadRegistry(), configuredHost()]);
  const entry = fileIndex(registry, modelHost, self.location.origin).get(`${url.origin}${url.pathname}`);
  if (!entry)
    return errorResponse(
      new AppError('model/unknown', `No model in the registry has the file ${url.href}.`),
      404,
    );
  const { file } = entry;
  try {
    let record = await getFile(db, file.sha256);
    if (!record?.complete) {
      await downloadOnce({ db, file: { url: entry.url, bytes: file.bytes, sha256: file.sha256 } });
      record = await getFile(db, file.sha256);
    }
    return new Response(readFileStream(db, record!), {
      headers: {
        'Content-Type': file.path.endsWith('.json') ? 'application/json' : 'application/octet-stream',
        'Content-Length': String(file.bytes),
        'X-Offgrid-Source': 'indexeddb',
      },
    });
  } catch (error) {
    return errorResponse(error instanceof AppError ? error : new AppError('storage/failed', String(error)));
  }
}

const jobs = new ModelJobs({
  // Opened per job: a connection the browser closed (site data cleared, a schema upgrade) is reopened.
  db: () => openModelDb(),
  host: configuredHost,
  origin: self.location.origin,
  registry: loadRegistry,
  broadcast,
});

/** Running jobs plus paused ones (a download the user asked for that is waiting to resume). */
async function status(): Promise<ModelStatusReply> {
  const [db, registry] = await Promise.all([openModelDb(), loadRegistry()]);
  const list: ModelJobStatus[] = jobs.statuses();
  for (const job of await db.getAll('jobs')) {
    if (list.some((s) => s.modelId === job.modelId)) continue;
    const model = registry.models.find((m) => m.id === job.modelId);
    const variant = model?.variants.find((v) => v.id === job.variant);
    if (!model || !variant) continue;
    let received = 0;
    for (const file of variant.files) received += (await db.get('files', file.sha256))?.receivedBytes ?? 0;
    list.push({
      modelId: model.id,
      variant: variant.id,
      version: model.version,
      state: 'queued',
      receivedBytes: received,
      totalBytes: variantBytes(variant),
    });
  }
  return { jobs: list };
}

async function handle(command: ModelCommand, port: MessagePort | undefined): Promise<void> {
  const db = await openModelDb();
  switch (command.type) {
    case 'model/install': {
      const model = (await loadRegistry()).models.find((m) => m.id === command.modelId);
      if (!model)
        throw new AppError('model/unknown', `There is no model "${command.modelId}" in the registry.`);
      const started = jobs.install(model, command.variant);
      port?.postMessage({ ok: true });
      await started;
      return;
    }
    case 'model/cancel':
      jobs.cancel(command.modelId);
      break;
    case 'model/delete': {
      jobs.cancel(command.modelId);
      await jobs.waitForAll();
      const tx = db.transaction(['installed', 'jobs'], 'readwrite');
      await Promise.all([
        tx.objectStore('installed').delete(command.modelId),
        tx.objectStore('jobs').delete(command.modelId),
        tx.done,
      ]);
      await jobs.collectGarbage();
      broadcast({ type: 'model/changed', modelId: command.modelId });
      break;
    }
    case 'model/delete-all': {
      jobs.cancelAll();
      await jobs.waitForAll();
      // Only the model stores: settings stay, and the journal lives in another database.
      const tx = db.transaction(['installed', 'jobs', 'files', 'chunks'], 'readwrite');
      await Promise.all([
        tx.objectStore('installed').clear(),
        tx.objectStore('jobs').clear(),
        tx.objectStore('files').clear(),
        tx.objectStore('chunks').clear(),
        tx.done,
      ]);
      broadcast({ type: 'model/changed', modelId: null });
      break;
    }
    case 'model/resume': {
      const registry = await loadRegistry();
      const paused = await db.getAll('jobs');
      port?.postMessage({ ok: true });
      await Promise.all(
        paused.map((job) => {
          const model = registry.models.find((m) => m.id === job.modelId);
          return model ? jobs.install(model, job.variant) : db.delete('jobs', job.modelId);
        }),
      );
      return;
    }
    case 'model/status':
      port?.postMessage(await status());
      return;
    case 'model/settings-changed':
      host = undefined;
      await configuredHost();
      break;
  }
  port?.postMessage({ ok: true });
}

/** Registers the model route and the command handler. Call once from sw.ts. */
export function installModelStore(): void {
  void configuredHost().catch(() => undefined);
  registerRoute(
    ({ url }) => isModelRequest(url),
    ({ url }) => serveModelFile(url),
  );
  self.addEventListener('message', (event: ExtendableMessageEvent) => {
    const command = event.data as ModelCommand | undefined;
    if (typeof command?.type !== 'string' || !command.type.startsWith('model/')) return;
    const port = event.ports[0];
    event.waitUntil(
      handle(command, port).catch((error: unknown) => {
        const appError = error instanceof AppError ? error : new AppError('storage/failed', String(error));
        port?.postMessage({ ok: false, error: appError.toJSON() });
      }),
    );
  });
}
