/**
 * The bridge's restart recovery, against fake workers that speak Comlink over a MessageChannel:
 * a replaced worker gets the WebAssembly thread count again before any model loads in it, and a
 * worker that began outside the model store is replaced to load through it.
 */
import { expose } from 'comlink';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '../shared/errors';
import type { LoadedModel, LoadRequest, RunResult, TensorData, WorkerEvent } from '../worker/types';

vi.mock('../worker/inference.worker.ts?worker&url', () => ({ default: '/inference.worker.js' }));

const { FEATURE_CLIENTS, InferenceClient } = await import('./inference-client');

/** What one fake worker was asked, in order. */
type Log = string[];

interface FakeBehaviour {
  load?: (request: LoadRequest) => LoadedModel | Promise<LoadedModel>;
  /** A run: what the worker says meanwhile, through the page's callback when it gave one. */
  run?: (say: (event: WorkerEvent) => Promise<void>) => Promise<RunResult>;
}

const LOADED: LoadedModel = {
  handle: 1,
  backend: 'wasm',
  skipped: [],
  initMs: 0,
  loadMs: 0,
  warmupMs: 0,
  inputs: [],
};

/** A Worker stand-in: the page's side of a MessageChannel whose other side exposes a small API. */
class FakeWorker extends EventTarget {
  private readonly port: MessagePort;

  constructor(log: Log, behaviour: FakeBehaviour) {
    super();
    const { port1, port2 } = new MessageChannel();
    expose(
      {
        setWasmThreads(threads: number | null) {
          log.push(`setWasmThreads(${threads})`);
          return threads ?? 4;
        },
        async load(request: LoadRequest) {
          log.push(`load(${request.url})`);
          return behaviour.load ? behaviour.load(request) : LOADED;
        },
        async translate(handle: number, text: string, callId: number, onPartial?: (text: string) => void) {
          log.push(`translate(${handle}, ${text})`);
          await onPartial?.(text.slice(0, 2));
          return { text: text.toUpperCase(), stats: {} };
        },
        async run(handle: number, inputs: TensorData[], callId: number, onEvent?: (e: WorkerEvent) => void) {
          log.push(`run(${handle}, ${onEvent ? 'with' : 'without'} events)`);
          const say = async (event: WorkerEvent) => void (await onEvent?.(event));
          return behaviour.run ? behaviour.run(say) : { outputs: inputs, backend: 'wasm', ms: 0 };
        },
      },
      port2,
    );
    this.port = port1;
    port1.start();
  }

  postMessage(message: unknown, transfer: Transferable[] = []): void {
    this.port.postMessage(message, transfer);
  }

  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    if (type === 'message') this.port.addEventListener(type, listener as EventListener);
    else super.addEventListener(type, listener);
  }

  override removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null): void {
    if (type === 'message') this.port.removeEventListener(type, listener as EventListener);
    else super.removeEventListener(type, listener);
  }

  terminate(): void {
    this.port.close();
  }
}

/** A client whose every worker is a FakeWorker; returns each worker's log. */
function fakeClient(behaviour: (index: number) => FakeBehaviour = () => ({})) {
  const logs: Log[] = [];
  const client = new InferenceClient(() => {
    const log: Log = [];
    logs.push(log);
    return new FakeWorker(log, behaviour(logs.length - 1)) as unknown as Worker;
  });
  return { client, logs };
}

const REQUEST: LoadRequest = { engine: 'onnx', url: '/models/silero-vad/5/fp32/silero_vad.onnx' };

afterEach(() => vi.unstubAllGlobals());

describe('restart recovery', () => {
  it('applies the WebAssembly thread count to a restarted worker before it loads a model', async () => {
    const { client, logs } = fakeClient();
    expect(await client.setWasmThreads(2)).toBe(2);
    client.restart('crashed', 'The inference worker crashed (test). It was restarted.');
    await client.load(REQUEST);
    expect(logs).toHaveLength(2);
    expect(logs[1]).toEqual(['setWasmThreads(2)', `load(${REQUEST.url})`]);
    client.terminate();
  });

  it('keeps the count over several restarts, and the default rule when it was set back to null', async () => {
    const { client, logs } = fakeClient();
    await client.setWasmThreads(3);
    client.restart('hung', 'hung');
    client.restart('crashed', 'crashed');
    await client.setWasmThreads(null);
    client.restart('crashed', 'crashed');
    await client.load(REQUEST);
    expect(logs[2]).toEqual(['setWasmThreads(3)', 'setWasmThreads(null)']);
    expect(logs[3]).toEqual(['setWasmThreads(null)', `load(${REQUEST.url})`]);
    client.terminate();
  });

  it('sends no thread count to a restarted worker when none was set', async () => {
    const { client, logs } = fakeClient();
    client.restart('crashed', 'crashed');
    await client.load(REQUEST);
    expect(logs[1]).toEqual([`load(${REQUEST.url})`]);
    client.terminate();
  });
});

describe('a worker that began outside the model store', () => {
  /** A page's service-worker container with no controller yet. */
  function uncontrolledPage() {
    const container = Object.assign(new EventTarget(), { controller: null as object | null });
    vi.stubGlobal('navigator', { serviceWorker: container });
    return {
      takeControl() {
        container.controller = {};
        container.dispatchEvent(new Event('controllerchange'));
      },
    };
  }

  const badBytes = () => {
    throw new AppError('model/hash-mismatch', `The downloaded file ${REQUEST.url} failed its SHA-256 check.`);
  };

  it('is replaced once the store controls the page, and the load runs again through the store', async () => {
    const page = uncontrolledPage();
    const { client, logs } = fakeClient((index) => (index === 0 ? { load: badBytes } : {}));
    const restarts: string[] = [];
    client.onRestart((event) => restarts.push(event.reason));
    const loading = client.load(REQUEST);
    setTimeout(() => page.takeControl(), 10);
    const handle = await loading;
    expect(handle.info.backend).toBe('wasm');
    expect(restarts).toEqual(['outside-store']);
    expect(logs.map((log) => log.length)).toEqual([1, 1]);
    client.terminate();
  });

  it('keeps the SHA-256 error when the store gives bad bytes too', async () => {
    const page = uncontrolledPage();
    const { client } = fakeClient(() => ({ load: badBytes }));
    setTimeout(() => page.takeControl(), 10);
    await expect(client.load(REQUEST)).rejects.toMatchObject({ code: 'model/hash-mismatch' });
    client.terminate();
  });

  it('is not replaced for an error other than a failed check', async () => {
    uncontrolledPage().takeControl();
    const { client, logs } = fakeClient(() => ({
      load: () => {
        throw new AppError('model/offline');
      },
    }));
    await expect(client.load(REQUEST)).rejects.toMatchObject({ code: 'model/offline' });
    expect(logs).toHaveLength(1);
    client.terminate();
  });
});

describe('a run', () => {
  const LOST: WorkerEvent = {
    type: 'log',
    level: 'warn',
    message: 'The GPU device was lost; rebuilding the backend and running again.',
  };
  const REBUILT: WorkerEvent = { type: 'log', level: 'info', message: 'Rebuilt webgpu on a new GPU device.' };
  const input = (): TensorData => ({ dtype: 'float32', shape: [1], data: new Float32Array([1]) });

  it("passes the worker's events to the page, and the backend it was rebuilt on", async () => {
    const { client, logs } = fakeClient(() => ({
      run: async (say) => {
        await say(LOST);
        await say(REBUILT);
        return { outputs: [], backend: 'webgpu', ms: 1 };
      },
    }));
    const model = await client.load({ ...REQUEST, engine: 'tfjs', backend: 'webgpu' });
    const events: WorkerEvent[] = [];
    const result = await client.run(model, [input()], { onEvent: (event) => events.push(event) });
    expect(events).toEqual([LOST, REBUILT]);
    expect(result).toEqual({ outputs: [], backend: 'webgpu', ms: 1 });
    expect(logs[0]).toEqual([`load(${REQUEST.url})`, 'run(1, with events)']);
    client.terminate();
  });

  it('passes the fall-back the worker reports when a rebuild fails', async () => {
    const fellBack = {
      backend: 'webgpu' as const,
      reason: 'its GPU device was lost and rebuilding it failed (no WebGPU adapter is available)',
    };
    const { client } = fakeClient(() => ({
      run: async () => ({ outputs: [], backend: 'webgl', ms: 1, fellBack }),
    }));
    const model = await client.load({ ...REQUEST, engine: 'tfjs', backend: 'webgpu' });
    expect((await client.run(model, [input()])).fellBack).toEqual(fellBack);
    client.terminate();
  });

  it('sends no callback when the page gave none', async () => {
    const { client, logs } = fakeClient();
    const model = await client.load(REQUEST);
    await client.run(model, [input()]);
    expect(logs[0]).toEqual([`load(${REQUEST.url})`, 'run(1, without events)']);
    client.terminate();
  });
});

describe('the feature clients', () => {
  it('are all on every client, each call once, none in place of a core member', () => {
    const core = Object.getOwnPropertyNames(InferenceClient.prototype).filter(
      (name) => !FEATURE_CLIENTS.some((feature) => name in feature),
    );
    expect(core).toEqual(
      expect.arrayContaining(['call', 'workerHandle', 'throughStore', 'load', 'run', 'terminate']),
    );
    const seen = new Set<string>();
    for (const feature of FEATURE_CLIENTS)
      for (const [name, method] of Object.entries(feature)) {
        expect(seen.has(name), `${name} comes from two feature clients`).toBe(false);
        seen.add(name);
        expect((InferenceClient.prototype as unknown as Record<string, unknown>)[name]).toBe(method);
      }
    expect(seen).toContain('detectFaces');
    expect(seen).toContain('startHealth');
    expect(seen).toContain('transcribe');
    expect(seen).toContain('debugCrash');
  });

  it("make their calls through the client's core (a translation streams its partial text)", async () => {
    const { client, logs } = fakeClient();
    const partial: string[] = [];
    const done = await client.translate(7, 'hallo', { onPartial: (text) => void partial.push(text) });
    expect(done.text).toBe('HALLO');
    expect(partial).toEqual(['ha']);
    expect(logs[0]).toEqual(['translate(7, hallo)']);
    // An aborted signal stops the call before it reaches the worker.
    const controller = new AbortController();
    controller.abort();
    await expect(client.translate(7, 'x', { signal: controller.signal })).rejects.toThrow();
    expect(logs[0]).toHaveLength(1);
    client.terminate();
  });
});
