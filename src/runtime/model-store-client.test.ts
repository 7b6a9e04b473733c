/**
 * The page's side of the model store never waits forever: a service worker that does not answer
 * a command, and a registry fetch that does not answer, end in a clear error, and the next call
 * starts afresh.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { rejectsAfter } from '../storage/fake-timers.test-helpers';
import { ANSWER_TIMEOUT_MS, loadRegistry, REGISTRY_TIMEOUT_MS, sendCommand } from './model-store-client';

/** A controlling service worker that answers (or not) each command's port. */
function fakeServiceWorker(answer: (port: MessagePort) => void) {
  const worker = {
    postMessage: vi.fn((_command: unknown, ports: MessagePort[]) => answer(ports[0]!)),
  };
  vi.stubGlobal('navigator', {
    serviceWorker: { ready: Promise.resolve(), controller: worker, addEventListener: vi.fn() },
  });
  return worker;
}

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('sendCommand', () => {
  it('returns the first answer', async () => {
    fakeServiceWorker((port) => port.postMessage({ ok: true }));
    await expect(sendCommand({ type: 'model/resume' })).resolves.toEqual({ ok: true });
  });

  it('turns an error answer into an AppError', async () => {
    fakeServiceWorker((port) =>
      port.postMessage({ ok: false, error: { code: 'model/unknown', message: 'No model "x".' } }),
    );
    await expect(sendCommand({ type: 'model/install', modelId: 'x', variant: 'fp32' })).rejects.toMatchObject(
      {
        code: 'model/unknown',
        message: 'No model "x".',
      },
    );
  });

  it('ends in a clear error when the service worker never answers', async () => {
    vi.useFakeTimers();
    fakeServiceWorker(() => undefined);
    await rejectsAfter(sendCommand({ type: 'model/status' }), ANSWER_TIMEOUT_MS, {
      code: 'storage/failed',
      message: expect.stringContaining(`did not answer within ${ANSWER_TIMEOUT_MS / 1000} s`),
      details: { cause: 'model/status' },
    });
  });
});

describe('loadRegistry', () => {
  it('gives up on a registry fetch that never answers, then fetches afresh', async () => {
    vi.useFakeTimers();
    // AbortSignal.timeout runs on the platform's clock; this one runs on the fake one.
    vi.spyOn(AbortSignal, 'timeout').mockImplementation((ms) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new DOMException('The operation timed out.', 'TimeoutError')), ms);
      return controller.signal;
    });
    const signals: AbortSignal[] = [];
    const fetch = vi.fn(
      (_url: string, init: RequestInit) =>
        new Promise<Response>((_, reject) => {
          signals.push(init.signal!);
          init.signal!.addEventListener('abort', () => reject(init.signal!.reason));
        }),
    );
    vi.stubGlobal('fetch', fetch);
    const first = loadRegistry();
    expect(loadRegistry()).toBe(first);
    await rejectsAfter(first, REGISTRY_TIMEOUT_MS, {
      code: 'storage/failed',
      message: `The model registry did not arrive within ${REGISTRY_TIMEOUT_MS / 1000} s.`,
    });
    expect(signals[0]!.aborted).toBe(true);
    fetch.mockImplementationOnce(() => Promise.resolve(new Response('{}', { status: 404 })));
    await expect(loadRegistry()).rejects.toMatchObject({ message: expect.stringContaining('(404)') });
    expect(fetch).toHaveBeenCalledTimes(2);
  });
});
