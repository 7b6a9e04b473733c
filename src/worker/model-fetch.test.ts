import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../shared/errors';
import { MODEL_ERROR_HEADER } from '../shared/model-store-protocol';
import { fetchModelFile, isModelFetchError } from './model-fetch';

function answer(body: string, status: number, headers: Record<string, string> = {}): void {
  vi.stubGlobal('fetch', () => Promise.resolve(new Response(body, { status, headers })));
}

describe('fetchModelFile', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('passes a good response through', async () => {
    answer('weights', 200);
    expect(await (await fetchModelFile('/models/a/model.json')).text()).toBe('weights');
  });

  it("rejects with the model store's own error, code and message kept", async () => {
    const offline = new AppError(
      'model/offline',
      'This model is not stored on this device yet, and the device is offline.',
    );
    answer(JSON.stringify(offline.toJSON()), 502, { [MODEL_ERROR_HEADER]: 'model/offline' });
    const error = await fetchModelFile('/models/a/model.json').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'model/offline', message: offline.message });
    expect(isModelFetchError(error)).toBe(true);
  });

  it('names the file when the error body is unreadable', async () => {
    answer('<html>', 502, { [MODEL_ERROR_HEADER]: 'model/network' });
    await expect(fetchModelFile('/models/a/model.json')).rejects.toMatchObject({
      code: 'storage/failed',
      message: expect.stringContaining('/models/a/model.json (model/network)'),
    });
  });

  it('leaves other error statuses to the caller', async () => {
    answer('missing', 404);
    expect((await fetchModelFile('/models/a/model.json')).status).toBe(404);
  });
});

describe('isModelFetchError', () => {
  it('tells a missing file from a model that fails on a backend', () => {
    expect(isModelFetchError(new Error('Request to /m.json failed with status code 404'))).toBe(true);
    expect(isModelFetchError(new AppError('worker/failed'))).toBe(false);
    expect(isModelFetchError(new Error('Unsupported op Foo'))).toBe(false);
  });
});
