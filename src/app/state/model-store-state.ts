/**
 * Model store state for the UI: the registry, what is installed, running jobs and downloads
 * held back by the network/battery policy, as signals. One instance per app.
 */
import { computed, signal, type ReadonlySignal, type Signal } from '@preact/signals';
import type { AppErrorData } from '../../shared/errors';
import {
  defaultVariantOf,
  variantBytes,
  type ModelManifest,
  type Registry,
} from '../../shared/model-registry';
import type { ModelJobStatus, ModelState } from '../../shared/model-store-protocol';
import { freshStatuses } from './job-statuses';
import type { InstalledModel } from '../../storage/model-db';
import { waitReason, type BatteryInfo, type ConnectionInfo } from '../../runtime/download-policy';
import {
  installedModels,
  loadRegistry,
  modelStatus,
  onModelEvent,
  persistenceRefused,
  requestPersistenceOnce,
  sendCommand,
  waitThresholdBytes,
} from '../../runtime/model-store-client';
import { errorMessage } from '../../shared/errors';

export interface ModelRowState {
  state: ModelState;
  receivedBytes: number;
  totalBytes: number;
  waitReason?: string;
  error?: AppErrorData;
}

export interface ModelStoreState {
  readonly registry: Signal<Registry | null>;
  readonly installed: Signal<Map<string, InstalledModel>>;
  readonly jobs: Signal<Map<string, ModelJobStatus>>;
  readonly waiting: Signal<Map<string, string>>;
  readonly persisted: Signal<boolean | null>;
  /** Offgrid asked for persistent storage and the browser refused: models may be evicted. */
  readonly persistRefused: Signal<boolean>;
  readonly loadError: Signal<string | null>;
  /** Bytes over all queued and running downloads. */
  readonly overall: ReadonlySignal<{ receivedBytes: number; totalBytes: number; active: number }>;
  rowState(model: ModelManifest): ModelRowState;
  start(): () => void;
  refresh(): Promise<void>;
  download(model: ModelManifest, options?: { force?: boolean }): Promise<void>;
  cancel(model: ModelManifest): Promise<void>;
  remove(model: ModelManifest): Promise<void>;
  removeAll(): Promise<void>;
}

type NavigatorWithExtras = Navigator & {
  connection?: ConnectionInfo & EventTarget;
  getBattery?: () => Promise<BatteryInfo & EventTarget>;
};

/** How long one read of the registry and the installed models may take. */
const REFRESH_TIMEOUT_MS = 15_000;
/** Retries after a failed read, each REFRESH_RETRY_MS × its number later. */
const REFRESH_RETRIES = 5;
const REFRESH_RETRY_MS = 2_000;

/** `promise`, or a rejection naming `what` after `ms`. */
function withinMs<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms / 1000} s. Trying again…`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function createModelStoreState(): ModelStoreState {
  const registry = signal<Registry | null>(null);
  const installed = signal(new Map<string, InstalledModel>());
  const jobs = signal(new Map<string, ModelJobStatus>());
  const waiting = signal(new Map<string, string>());
  const persisted = signal<boolean | null>(null);
  const persistRefused = signal(false);
  const loadError = signal<string | null>(null);

  const setJob = (job: ModelJobStatus) => {
    const next = new Map(jobs.value);
    next.set(job.modelId, job);
    jobs.value = next;
  };

  let retry: ReturnType<typeof setTimeout> | undefined;
  let failures = 0;
  const refresh = async (): Promise<void> => {
    clearTimeout(retry);
    try {
      // Bounded: a registry fetch or database open that never settles must not leave every
      // page that needs a model waiting in silence.
      const [reg, stored] = await withinMs(
        Promise.all([loadRegistry(), installedModels()]),
        REFRESH_TIMEOUT_MS,
        'The model store did not answer',
      );
      registry.value = reg;
      installed.value = stored;
      loadError.value = null;
      failures = 0;
      persisted.value = (await navigator.storage?.persisted?.()) ?? null;
      persistRefused.value = await persistenceRefused().catch(() => false);
    } catch (error) {
      loadError.value = errorMessage(error);
      // Transient failures (a service worker starting, a database busy upgrading) pass: try again.
      failures += 1;
      if (failures <= REFRESH_RETRIES) retry = setTimeout(() => void refresh(), REFRESH_RETRY_MS * failures);
    }
  };

  const overall = computed(() => {
    let receivedBytes = 0;
    let totalBytes = 0;
    let active = 0;
    for (const job of jobs.value.values()) {
      if (job.state !== 'queued' && job.state !== 'downloading') continue;
      receivedBytes += job.receivedBytes;
      totalBytes += job.totalBytes;
      active += 1;
    }
    return { receivedBytes, totalBytes, active };
  });

  const rowState = (model: ModelManifest): ModelRowState => {
    const total = variantBytes(defaultVariantOf(model));
    const job = jobs.value.get(model.id);
    if (job && (job.state === 'queued' || job.state === 'downloading')) {
      return { state: job.state, receivedBytes: job.receivedBytes, totalBytes: job.totalBytes };
    }
    const reason = waiting.value.get(model.id);
    if (reason) return { state: 'waiting', receivedBytes: 0, totalBytes: total, waitReason: reason };
    const stored = installed.value.get(model.id);
    if (stored?.version === model.version) {
      const bytes = stored.files.reduce((sum, file) => sum + file.bytes, 0);
      return { state: 'stored', receivedBytes: bytes, totalBytes: bytes };
    }
    if (job?.state === 'error' && job.error) {
      return {
        state: 'error',
        receivedBytes: job.receivedBytes,
        totalBytes: job.totalBytes,
        error: job.error,
      };
    }
    return { state: 'available', receivedBytes: 0, totalBytes: total };
  };

  const policyReason = async (model: ModelManifest): Promise<string | null> => {
    const nav = navigator as NavigatorWithExtras;
    const battery = nav.getBattery ? await nav.getBattery().catch(() => null) : null;
    return waitReason({
      bytes: variantBytes(defaultVariantOf(model)),
      thresholdBytes: await waitThresholdBytes(),
      connection: nav.connection ?? null,
      battery: battery && { charging: battery.charging, level: battery.level },
    });
  };

  const setWaiting = (id: string, reason: string | null) => {
    const next = new Map(waiting.value);
    if (reason) next.set(id, reason);
    else next.delete(id);
    waiting.value = next;
  };

  const download = async (model: ModelManifest, { force = false } = {}) => {
    // Not awaited: Firefox answers persist() only when the person answers its prompt, and a
    // dismissed prompt never settles, so the download must not wait for it.
    void requestPersistenceOnce().then(
      (value) => (persisted.value = value),
      () => undefined,
    );
    const reason = force ? null : await policyReason(model);
    setWaiting(model.id, reason);
    if (reason) return;
    const variant = installed.value.get(model.id)?.variant ?? model.defaultVariant;
    await sendCommand({ type: 'model/install', modelId: model.id, variant });
  };

  /** Re-checks held-back downloads when the connection or battery changes; download() re-decides. */
  const recheckWaiting = async () => {
    const models = registry.value?.models ?? [];
    for (const id of waiting.value.keys()) {
      const model = models.find((m) => m.id === id);
      if (model) await download(model);
    }
  };

  const start = () => {
    // Models whose progress events arrived since the status was asked: the answer may be older.
    const heardFrom = new Set<string>();
    const stop = onModelEvent((event) => {
      if (event.type === 'model/progress') {
        heardFrom.add(event.job.modelId);
        setJob(event.job);
      } else void refresh();
    });
    void refresh();
    void modelStatus()
      .then(({ jobs: list }) => freshStatuses(list, heardFrom).forEach(setJob))
      .catch(() => undefined);
    const nav = navigator as NavigatorWithExtras;
    const onChange = () => void recheckWaiting();
    nav.connection?.addEventListener?.('change', onChange);
    let battery: (BatteryInfo & EventTarget) | null = null;
    void nav.getBattery?.().then((b) => {
      battery = b;
      b.addEventListener('chargingchange', onChange);
      b.addEventListener('levelchange', onChange);
    });
    return () => {
      stop();
      nav.connection?.removeEventListener?.('change', onChange);
      battery?.removeEventListener('chargingchange', onChange);
      battery?.removeEventListener('levelchange', onChange);
    };
  };

  const command = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } finally {
      await refresh();
    }
  };

  return {
    registry,
    installed,
    jobs,
    waiting,
    persisted,
    persistRefused,
    loadError,
    overall,
    rowState,
    start,
    refresh,
    download: (model, options) => command(() => download(model, options)),
    cancel: (model) => {
      setWaiting(model.id, null);
      return command(() => sendCommand({ type: 'model/cancel', modelId: model.id }));
    },
    remove: (model) => command(() => sendCommand({ type: 'model/delete', modelId: model.id })),
    removeAll: () =>
      command(async () => {
        waiting.value = new Map();
        jobs.value = new Map();
        await sendCommand({ type: 'model/delete-all' });
      }),
  };
}
