import { describe, expect, it } from 'vitest';
import {
  ORT_MAX_THREADS,
  TFJS_MAX_THREADS,
  onnxThreadCount,
  tfjsThreadPlan,
  type ThreadEnvironment,
} from './tfjs-threads';

const ISOLATED: ThreadEnvironment = {
  crossOriginIsolated: true,
  sharedArrayBuffer: true,
  hardwareConcurrency: 8,
  firefox: false,
  wanted: null,
};

describe('tfjsThreadPlan', () => {
  it('uses every core when cross-origin isolated with SharedArrayBuffer', () => {
    expect(tfjsThreadPlan(ISOLATED)).toEqual({ threads: 8, reason: null });
    expect(tfjsThreadPlan({ ...ISOLATED, hardwareConcurrency: 4 })).toEqual({ threads: 4, reason: null });
  });

  it('keeps one thread on 2 or 3 cores unless a count is asked for', () => {
    expect(tfjsThreadPlan({ ...ISOLATED, hardwareConcurrency: 2 })).toEqual({
      threads: 1,
      reason: 'only 2 cores, where one thread runs faster',
    });
    expect(tfjsThreadPlan({ ...ISOLATED, hardwareConcurrency: 3 }).threads).toBe(1);
    expect(tfjsThreadPlan({ ...ISOLATED, hardwareConcurrency: 2, wanted: 2 })).toEqual({
      threads: 2,
      reason: null,
    });
  });

  it('takes a wanted count over the core count, up to the cores', () => {
    expect(tfjsThreadPlan({ ...ISOLATED, wanted: 3 })).toEqual({ threads: 3, reason: null });
    expect(tfjsThreadPlan({ ...ISOLATED, wanted: 12 })).toEqual({ threads: 8, reason: null });
    expect(tfjsThreadPlan({ ...ISOLATED, wanted: 1 })).toEqual({
      threads: 1,
      reason: 'one thread was asked for',
    });
  });

  it('uses no more than the thread pool holds', () => {
    expect(tfjsThreadPlan({ ...ISOLATED, hardwareConcurrency: 32 })).toEqual({
      threads: TFJS_MAX_THREADS,
      reason: null,
    });
  });

  it('runs on one thread, and says why, where threads cannot run', () => {
    expect(tfjsThreadPlan({ ...ISOLATED, crossOriginIsolated: false })).toEqual({
      threads: 1,
      reason: 'the page is not cross-origin isolated',
    });
    expect(tfjsThreadPlan({ ...ISOLATED, sharedArrayBuffer: false, wanted: 4 })).toEqual({
      threads: 1,
      reason: 'this browser has no SharedArrayBuffer',
    });
  });

  it('keeps Firefox on one thread, wanted or not', () => {
    const reason = 'tfjs’s WebAssembly threads can stall in Firefox';
    expect(tfjsThreadPlan({ ...ISOLATED, firefox: true })).toEqual({ threads: 1, reason });
    expect(tfjsThreadPlan({ ...ISOLATED, firefox: true, wanted: 4 })).toEqual({ threads: 1, reason });
  });

  it.each([1, 0, undefined])('runs on one thread when the device reports %s cores', (cores) => {
    expect(tfjsThreadPlan({ ...ISOLATED, hardwareConcurrency: cores })).toEqual({
      threads: 1,
      reason: 'the device reports one core',
    });
  });
});

describe('onnxThreadCount', () => {
  it('uses every core up to its pool on 4 or more cores', () => {
    expect(onnxThreadCount({ ...ISOLATED, hardwareConcurrency: 4 })).toBe(4);
    expect(onnxThreadCount({ ...ISOLATED, hardwareConcurrency: 16 })).toBe(ORT_MAX_THREADS);
  });

  it('keeps one thread on 2 or 3 cores unless a count is asked for', () => {
    expect(onnxThreadCount({ ...ISOLATED, hardwareConcurrency: 2 })).toBe(1);
    expect(onnxThreadCount({ ...ISOLATED, hardwareConcurrency: 3 })).toBe(1);
    expect(onnxThreadCount({ ...ISOLATED, hardwareConcurrency: 2, wanted: 2 })).toBe(2);
  });

  it('runs on one thread where threads cannot run, whatever was asked', () => {
    expect(onnxThreadCount({ ...ISOLATED, crossOriginIsolated: false, wanted: 4 })).toBe(1);
    expect(onnxThreadCount({ ...ISOLATED, sharedArrayBuffer: false })).toBe(1);
  });
});
