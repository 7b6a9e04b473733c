/**
 * The page's side of the model store. Commands go to the service worker; progress comes
 * back on a BroadcastChannel; what is installed is read straight from IndexedDB.
 */
import { AppError, type AppErrorData } from '../shared/errors';
import { MODEL_HOST_SETTING, REGISTRY_PATH, DEFAULT_MODEL_HOST } from '../shared/model-hosts';
import { validateRegistry, type Registry } from '../shared/model-registry';
import {
  MODEL_CHANNEL,
  type ModelCommand,
  type ModelEvent,
  type ModelStatusReply,
} from '../shared/model-store-protocol';
import { openModelDb, type InstalledModel, type SettingRecord } from '../storage/model-db';
import { DEFAULT_WAIT_THRESHOLD_BYTES } from './download-policy';

export const WAIT_THRESHOLD_SETTING = 'waitThresholdBytes';
const PERSIST_ASKED_SETTING = 'persistAsked';

/** How long to wait for the service worker to take control before giving up on a command. */
const CONTROLLER_TIMEOUT_MS = 15_000;
/**
 * How long a command may wait for the service worker's first answer. Commands answer once
 * queued, not when a download ends, so a minute means the worker is stuck.
 */
export const ANSWER_TIMEOUT_MS = 60_000;
/** How long the registry (precached, so served locally) may take to arrive. */
export const REGISTRY_TIMEOUT_MS = 10_000;

async function controller(): Promise<ServiceWorker> {
  if (!('serviceWorker' in navigator)) {
    throw new AppError(
      'storage/failed',
      'This browser has no service workers, so models cannot be stored for offline use.',
    );
  }
  await navigator.serviceWorker.ready;
  const current = navigator.serviceWorker.controller;
  if (current) return current;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new AppError('storage/failed', 'The offline store did not start. Reload the page and try again.'),
        ),
      CONTROLLER_TIMEOUT_MS,
    );
    navigator.serviceWorker.addEventListener(
      'controllerchange',
      () => {
        clearTimeout(timer);
        resolve(navigator.serviceWorker.controller!);
      },
      { once: true },
    );
  });
}

/** Sends a command to the service worker's model store and waits for its first answer. */
export async function sendCommand<T = { ok: boolean; error?: AppErrorData }>(
  command: ModelCommand,
): Promise<T> {
  const worker = await controller();
  const channel = new MessageChannel();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const answer = new Promise<T>((resolve, reject) => {
    channel.port1.onmessage = (event) => resolve(event.data as T);
    timer = setTimeout(
      () =>
        reject(
          new AppError(
            'storage/failed',
            `The offline store did not answer within ${ANSWER_TIMEOUT_MS / 1000} s. Reload the page and try again.`,
            { cause: command.type },
          ),
        ),
      ANSWER_TIMEOUT_MS,
    );
  });
  worker.postMessage(command, [channel.port2]);
  const reply = await answer.finally(() => {
    clearTimeout(timer);
    channel.port1.close();
  });
  const failure = (reply as { ok?: boolean; error?: AppErrorData }).error;
  if (failure) throw AppError.from(failure);
  return reply;
}

export function modelStatus(): Promise<ModelStatusReply> {
  return sendCommand<ModelStatusReply>({ type: 'model/status' });
}

/** Listens to progress and changes from the service worker; returns the unsubscribe. */
export function onModelEvent(listener: (event: ModelEvent) => void): () => void {
  const channel = new BroadcastChannel(MODEL_CHANNEL);
  channel.onmessage = (event) => listener(event.data as ModelEvent);
  return () => channel.close();
}

let registry: Promise<Registry> | undefined;

/**
 * The registry this build ships (precached, so it loads offline). A fetch that does not answer
 * is aborted, and a failed one is forgotten, so the next call fetches afresh.
 */
export function loadRegistry(): Promise<Registry> {
  registry ??= (async () => {
    let response: Response;
    try {
      response = await fetch(REGISTRY_PATH, { signal: AbortSignal.timeout(REGISTRY_TIMEOUT_MS) });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'TimeoutError')
        throw new AppError(
          'storage/failed',
          `The model registry did not arrive within ${REGISTRY_TIMEOUT_MS / 1000} s.`,
          { cause: 'TimeoutError' },
        );
      throw error;
    }
    if (!response.ok)
      throw new AppError('storage/failed', `The model registry could not be loaded (${response.status}).`);
    return validateRegistry(await response.json(), REGISTRY_PATH);
  })();
  registry.catch(() => (registry = undefined));
  return registry;
}

export async function installedModels(): Promise<Map<string, InstalledModel>> {
  const db = await openModelDb();
  return new Map((await db.getAll('installed')).map((model) => [model.id, model]));
}

async function getSetting(key: string): Promise<SettingRecord['value'] | undefined> {
  return (await (await openModelDb()).get('settings', key))?.value;
}

async function setSetting(key: string, value: SettingRecord['value']): Promise<void> {
  await (await openModelDb()).put('settings', { key, value });
}

export async function modelHost(): Promise<string> {
  const value = await getSetting(MODEL_HOST_SETTING);
  return typeof value === 'string' ? value : DEFAULT_MODEL_HOST;
}

/** Saves the model host (already normalised) and tells the service worker. */
export async function setModelHost(host: string): Promise<void> {
  await setSetting(MODEL_HOST_SETTING, host);
  await sendCommand({ type: 'model/settings-changed' });
}

export async function waitThresholdBytes(): Promise<number> {
  const value = await getSetting(WAIT_THRESHOLD_SETTING);
  return typeof value === 'number' ? value : DEFAULT_WAIT_THRESHOLD_BYTES;
}

export async function setWaitThresholdBytes(bytes: number): Promise<void> {
  await setSetting(WAIT_THRESHOLD_SETTING, bytes);
}

/**
 * Asks the browser to keep stored models under storage pressure, once, on the first
 * download the user starts (a user gesture). Returns whether storage is persistent.
 */
export async function requestPersistenceOnce(): Promise<boolean | null> {
  const storage = navigator.storage;
  if (!storage?.persist) return null;
  if (await storage.persisted()) return true;
  if (await getSetting(PERSIST_ASKED_SETTING)) return false;
  await setSetting(PERSIST_ASKED_SETTING, true);
  return storage.persist();
}

/** True when Offgrid asked for persistent storage and the browser said no, so it may evict models. */
export async function persistenceRefused(): Promise<boolean> {
  const storage = navigator.storage;
  if (!storage?.persisted || (await storage.persisted())) return false;
  return (await getSetting(PERSIST_ASKED_SETTING)) === true;
}

/**
 * Brings stored models up to this build's registry: every bundled model is stored (on a
 * first visit, all of them, once), and a stored model whose version changed is updated.
 * Files that did not change are kept, so an update fetches only what changed. Paused
 * downloads resume.
 */
export async function ensureModelsCurrent(): Promise<void> {
  const [reg, installed] = await Promise.all([loadRegistry(), installedModels()]);
  await sendCommand({ type: 'model/resume' });
  for (const model of reg.models) {
    const current = installed.get(model.id);
    if (current?.version === model.version || (!current && !model.bundled)) continue;
    const variant = model.variants.some((v) => v.id === current?.variant)
      ? current!.variant
      : model.defaultVariant;
    await sendCommand({ type: 'model/install', modelId: model.id, variant });
  }
}
