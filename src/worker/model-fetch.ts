/**
 * Fetch for model files: no byte reaches a runtime before its size and SHA-256 match the
 * registry, whoever answered the request. The service worker's model store normally does, and
 * checks as it downloads; but a worker started before the service worker controlled the page
 * (a first visit) fetches straight from the server, past the store. So the worker checks every
 * file the store gates (same-origin `/models/…`) itself, and refuses a bad one with the store's
 * own typed error. A file the store could not provide keeps the store's error ("not stored, and
 * the device is offline", "failed its SHA-256 check"), not the HTTP status a loader would report.
 */
import { sha256 } from 'hash-wasm';
import { AppError, ERROR_CODES, type AppErrorData } from '../shared/errors';
import {
  hashMismatchError,
  httpError,
  sizeMismatchError,
  type ExpectedFile,
} from '../shared/model-integrity';
import { REGISTRY_PATH, remoteAlias } from '../shared/model-hosts';
import { validateRegistry, type Registry } from '../shared/model-registry';
import { MODEL_ERROR_HEADER } from '../shared/model-store-protocol';

function isAppErrorData(value: unknown): value is AppErrorData {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Partial<AppErrorData>;
  return typeof code === 'string' && code in ERROR_CODES && typeof message === 'string';
}

/** True for a URL the model store gates: a same-origin `/models/…` file other than the registry. */
export function isGatedModelUrl(url: URL, origin: string): boolean {
  return url.origin === origin && url.pathname.startsWith('/models/') && url.pathname !== REGISTRY_PATH;
}

/**
 * Every file of every variant, keyed by the same-origin URL a page or worker requests it by
 * (bundled files by their path, remote ones by their alias), with the size and SHA-256 it must have.
 */
export function expectedFiles(registry: Registry, origin: string): Map<string, ExpectedFile> {
  const files = new Map<string, ExpectedFile>();
  for (const model of registry.models)
    for (const variant of model.variants)
      for (const file of variant.files) {
        const url = file.url.startsWith('/') ? new URL(file.url, origin).href : remoteAlias(file.url, origin);
        if (url) files.set(url, { url, bytes: file.bytes, sha256: file.sha256 });
      }
  return files;
}

/** Checks bytes against the registry's size and SHA-256; throws the model store's typed error. */
export async function verifyModelBytes(bytes: Uint8Array, file: ExpectedFile): Promise<void> {
  if (bytes.byteLength !== file.bytes) throw sizeMismatchError(file, bytes.byteLength);
  const digest = await sha256(bytes);
  if (digest !== file.sha256) throw hashMismatchError(file, digest);
}

export interface ModelFetchConfig {
  /** The app's origin (the worker's own). */
  origin: () => string;
  /** The build's registry. */
  registry: () => Promise<Registry>;
  fetch: typeof fetch;
}

/** A fetch that throws the store's error for a failed model response and verifies every gated file. */
export function createModelFetch(config: ModelFetchConfig) {
  let index: { registry: Registry; files: Map<string, ExpectedFile> } | undefined;
  const expected = async (url: URL): Promise<ExpectedFile> => {
    const registry = await config.registry();
    if (index?.registry !== registry) index = { registry, files: expectedFiles(registry, config.origin()) };
    const file = index.files.get(`${url.origin}${url.pathname}`);
    if (!file) throw new AppError('model/unknown', `No model in the registry has the file ${url.href}.`);
    return file;
  };

  return async function fetchModelFile(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const url = new URL(input instanceof Request ? input.url : String(input), config.origin());
    const gated = isGatedModelUrl(url, config.origin());
    // Looked up first: a file the registry does not list is not fetched at all.
    const file = gated ? await expected(url) : null;
    const response = await config.fetch(input, init);
    const code = response.headers.get(MODEL_ERROR_HEADER);
    if (code !== null && !response.ok) {
      const body: unknown = await response.json().catch(() => null);
      if (isAppErrorData(body)) throw AppError.from(body);
      throw new AppError('storage/failed', `The model store could not provide ${String(input)} (${code}).`);
    }
    if (!file) return response;
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw httpError(file, response.status, response.statusText);
    }
    const bytes = new Uint8Array(await response.arrayBuffer());
    await verifyModelBytes(bytes, file);
    return new Response(bytes, { status: 200, headers: response.headers });
  };
}

let registry: Promise<Registry> | undefined;

/** The registry of this build, once per worker (forgotten when it fails, so a retry can work). */
function workerRegistry(): Promise<Registry> {
  registry ??= (async () => {
    const response = await fetch(REGISTRY_PATH);
    if (!response.ok)
      throw new AppError('storage/failed', `The model registry could not be loaded (${response.status}).`);
    return validateRegistry(await response.json(), REGISTRY_PATH);
  })();
  registry.catch(() => (registry = undefined));
  return registry;
}

/** The worker's model fetch: verified against this build's registry. */
export const fetchModelFile = createModelFetch({
  origin: () => self.location.origin,
  registry: workerRegistry,
  fetch: (input, init) => fetch(input, init),
});

/** The verified bytes of a model file (ONNX sessions are made from bytes, never from a URL). */
export async function fetchModelBytes(url: string): Promise<Uint8Array> {
  return new Uint8Array(await (await fetchModelFile(url)).arrayBuffer());
}

/** A model's JSON file (tokenizer, configs), verified, parsed. */
export async function fetchModelJson(url: string): Promise<object> {
  const response = await fetchModelFile(url);
  if (!response.ok) throw new Error(`Request to ${url} failed with status ${response.status}.`);
  return (await response.json()) as object;
}

/** True for a failure to get a model's files (so another backend would fail the same way). */
export function isModelFetchError(error: unknown): boolean {
  if (error instanceof AppError) return error.code.startsWith('model/') || error.code === 'storage/failed';
  return error instanceof Error && /fetch|status|Request to/i.test(error.message);
}
