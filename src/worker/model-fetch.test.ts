import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../shared/errors';
import type { Registry } from '../shared/model-registry';
import { MODEL_ERROR_HEADER } from '../shared/model-store-protocol';
import {
  createModelFetch,
  expectedFiles,
  isGatedModelUrl,
  isModelFetchError,
  verifyModelBytes,
} from './model-fetch';

const ORIGIN = 'https://app.example';
const WEIGHTS = new Uint8Array(Array.from({ length: 1000 }, (_, i) => (i * 31) % 251));
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const BIN = {
  path: 'model.bin',
  url: '/models/face/1.0.0/fp32/model.bin',
  bytes: WEIGHTS.length,
  sha256: sha(WEIGHTS),
};
const REMOTE_JSON = new TextEncoder().encode('{"vocab":{}}');
const TOKENIZER = {
  path: 'tokenizer.json',
  url: 'https://huggingface.co/Xenova/opus/resolve/abc/tokenizer.json',
  bytes: REMOTE_JSON.length,
  sha256: sha(REMOTE_JSON),
};

/** The parts of a registry the check reads: models, variants, files. */
const REGISTRY = {
  version: 'test',
  models: [
    {
      id: 'face',
      variants: [
        { id: 'fp32', files: [BIN] },
        { id: 'fp16', files: [TOKENIZER] },
      ],
    },
  ],
} as unknown as Registry;

function modelFetch(answer: () => Response) {
  const fetch = vi.fn((_input: RequestInfo | URL, _init?: RequestInit) => Promise.resolve(answer()));
  const registry = vi.fn(() => Promise.resolve(REGISTRY));
  return { fetch, registry, fetchModelFile: createModelFetch({ origin: () => ORIGIN, registry, fetch }) };
}

const zeroed = (length: number) => new Response(new Uint8Array(length));

describe('verifyModelBytes', () => {
  const file = { url: `${ORIGIN}${BIN.url}`, bytes: BIN.bytes, sha256: BIN.sha256 };

  it('accepts the registry’s bytes', async () => {
    await expect(verifyModelBytes(WEIGHTS, file)).resolves.toBeUndefined();
  });

  it('refuses bytes of the right size with another SHA-256, with the store’s typed error naming the file', async () => {
    const error = await verifyModelBytes(new Uint8Array(WEIGHTS.length), file).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'model/hash-mismatch',
      message: expect.stringContaining(`${file.url} failed its SHA-256 check`),
      details: { expected: BIN.sha256, actual: sha(new Uint8Array(WEIGHTS.length)) },
    });
  });

  it('refuses a short or long file before hashing', async () => {
    await expect(verifyModelBytes(WEIGHTS.subarray(1), file)).rejects.toMatchObject({
      code: 'model/size-mismatch',
      details: { expected: WEIGHTS.length, received: WEIGHTS.length - 1 },
    });
  });
});

describe('expectedFiles and isGatedModelUrl', () => {
  it('keys bundled files by path and remote files by their same-origin alias', () => {
    const files = expectedFiles(REGISTRY, ORIGIN);
    expect(files.get(`${ORIGIN}${BIN.url}`)).toMatchObject({ bytes: BIN.bytes, sha256: BIN.sha256 });
    expect(files.get(`${ORIGIN}/models/remote/Xenova/opus/resolve/abc/tokenizer.json`)).toMatchObject({
      sha256: TOKENIZER.sha256,
    });
  });

  it('gates same-origin /models/ files but not the registry or other paths', () => {
    expect(isGatedModelUrl(new URL(`${ORIGIN}${BIN.url}`), ORIGIN)).toBe(true);
    expect(isGatedModelUrl(new URL(`${ORIGIN}/models/registry.json`), ORIGIN)).toBe(false);
    expect(isGatedModelUrl(new URL(`${ORIGIN}/bench-models/x.onnx`), ORIGIN)).toBe(false);
    expect(isGatedModelUrl(new URL(`https://other.example${BIN.url}`), ORIGIN)).toBe(false);
  });
});

describe('fetchModelFile', () => {
  it('passes verified bytes through, whoever served them', async () => {
    const { fetchModelFile } = modelFetch(() => new Response(WEIGHTS.slice()));
    const response = await fetchModelFile(BIN.url);
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(WEIGHTS);
  });

  it('verifies remote files requested by their alias', async () => {
    const { fetchModelFile } = modelFetch(() => new Response(REMOTE_JSON.slice()));
    expect(
      await (await fetchModelFile('/models/remote/Xenova/opus/resolve/abc/tokenizer.json')).json(),
    ).toEqual({
      vocab: {},
    });
  });

  it('refuses zeroed bytes (corrupted in transit, past the store) with the SHA-256 error', async () => {
    const { fetchModelFile } = modelFetch(() => zeroed(WEIGHTS.length));
    const error = await fetchModelFile(BIN.url).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'model/hash-mismatch', message: expect.stringContaining('SHA-256') });
    expect(isModelFetchError(error)).toBe(true);
  });

  it('refuses a file the registry does not list without fetching it', async () => {
    const { fetchModelFile, fetch } = modelFetch(() => new Response(WEIGHTS.slice()));
    await expect(fetchModelFile('/models/face/1.0.0/fp32/other.bin')).rejects.toMatchObject({
      code: 'model/unknown',
    });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('leaves files outside the store’s gate to the caller', async () => {
    const { fetchModelFile, registry } = modelFetch(() => zeroed(4));
    expect((await fetchModelFile('/bench-models/x.onnx')).ok).toBe(true);
    expect(registry).not.toHaveBeenCalled();
  });

  it("rejects with the model store's own error, code and message kept", async () => {
    const offline = new AppError(
      'model/offline',
      'This model is not stored on this device yet, and the device is offline.',
    );
    const { fetchModelFile } = modelFetch(
      () =>
        new Response(JSON.stringify(offline.toJSON()), {
          status: 502,
          headers: { [MODEL_ERROR_HEADER]: 'model/offline' },
        }),
    );
    const error = await fetchModelFile(BIN.url).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'model/offline', message: offline.message });
    expect(isModelFetchError(error)).toBe(true);
  });

  it('names the file when the error body is unreadable', async () => {
    const { fetchModelFile } = modelFetch(
      () => new Response('<html>', { status: 502, headers: { [MODEL_ERROR_HEADER]: 'model/network' } }),
    );
    await expect(fetchModelFile(BIN.url)).rejects.toMatchObject({
      code: 'storage/failed',
      message: expect.stringContaining(`${BIN.url} (model/network)`),
    });
  });

  it('turns an error status for a gated file into the typed HTTP error', async () => {
    const { fetchModelFile } = modelFetch(() => new Response('missing', { status: 404 }));
    await expect(fetchModelFile(BIN.url)).rejects.toMatchObject({
      code: 'model/http-error',
      message: expect.stringContaining(`answered 404 for ${ORIGIN}${BIN.url}`),
    });
  });
});

describe('isModelFetchError', () => {
  it('tells a missing file from a model that fails on a backend', () => {
    expect(isModelFetchError(new Error('Request to /m.json failed with status code 404'))).toBe(true);
    expect(isModelFetchError(new AppError('worker/failed'))).toBe(false);
    expect(isModelFetchError(new Error('Unsupported op Foo'))).toBe(false);
  });
});
