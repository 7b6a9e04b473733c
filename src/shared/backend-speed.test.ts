import { describe, expect, it } from 'vitest';
import {
  currentChoice,
  deviceKey,
  fastest,
  hintedOrder,
  isSoftwareRenderer,
  measuredOrder,
  orderFromChoice,
  softwareBackends,
  timingsInWords,
  withChoice,
  type MeasuredChoice,
} from './backend-speed';

/** What Chromium reports here with --use-webgpu-adapter=swiftshader and ANGLE on SwiftShader. */
const SWIFTSHADER = {
  webgpu: { description: 'google swiftshader SwiftShader Device (Subzero)', fallback: false },
  webgl: {
    description:
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)',
  },
};
const HARDWARE = {
  webgpu: { description: 'apple metal-3 Apple M2', fallback: false },
  webgl: { description: 'ANGLE (Apple, ANGLE Metal Renderer: Apple M2, Unspecified Version)' },
};

describe('the quick hint', () => {
  it('knows software renderers by name, and a hardware GPU is not one', () => {
    for (const name of [
      'SwiftShader Device',
      'llvmpipe (LLVM 15.0.6, 256 bits)',
      'Microsoft Basic Render Driver',
      'lavapipe',
    ])
      expect(isSoftwareRenderer(name), name).toBe(true);
    for (const name of ['Apple M2', 'NVIDIA GeForce RTX 4090', 'Mali-G78', 'Adreno (TM) 740', ''])
      expect(isSoftwareRenderer(name), name).toBe(false);
  });

  it('puts software GPU backends after WebAssembly and says which and why', () => {
    expect(softwareBackends(SWIFTSHADER)).toEqual({
      webgpu: SWIFTSHADER.webgpu.description,
      webgl: SWIFTSHADER.webgl.description,
    });
    const hint = hintedOrder(SWIFTSHADER);
    expect(hint.order).toEqual(['wasm', 'webgpu', 'webgl']);
    expect(hint.reason).toBe(
      `not measured yet; webgpu (${SWIFTSHADER.webgpu.description}) and webgl (${SWIFTSHADER.webgl.description}) draw in software, so WebAssembly first`,
    );
  });

  it('keeps the GPU first on hardware, and moves only the backend that is software', () => {
    expect(hintedOrder(HARDWARE).order).toEqual(['webgpu', 'webgl', 'wasm']);
    expect(hintedOrder({}).order).toEqual(['webgpu', 'webgl', 'wasm']);
    const fallbackAdapter = { ...HARDWARE, webgpu: { description: '', fallback: true } };
    expect(hintedOrder(fallbackAdapter).order).toEqual(['webgl', 'wasm', 'webgpu']);
    expect(hintedOrder(fallbackAdapter).reason).toContain('webgpu (a fallback adapter) draws in software');
  });
});

describe('the measured choice', () => {
  const timings = [
    { backend: 'webgpu' as const, medianMs: 399 },
    { backend: 'webgl' as const, medianMs: 120.4 },
    { backend: 'wasm' as const, medianMs: 9.41 },
  ];

  it('orders fastest first and picks the fastest that ran', () => {
    expect(measuredOrder(timings)).toEqual(['wasm', 'webgl', 'webgpu']);
    expect(fastest(timings)).toBe('wasm');
    expect(
      fastest([
        { backend: 'webgpu', medianMs: 3 },
        { backend: 'wasm', medianMs: 9 },
      ]),
    ).toBe('webgpu');
  });

  it('puts a backend that failed last, never first, however small its number', () => {
    const failed = [
      { backend: 'webgpu' as const, medianMs: 1, error: 'it ran on webgl' },
      { backend: 'webgl' as const, medianMs: 20 },
      { backend: 'wasm' as const, medianMs: 9 },
    ];
    expect(measuredOrder(failed)).toEqual(['wasm', 'webgl', 'webgpu']);
    expect(fastest([{ backend: 'webgpu', error: 'no adapter' }])).toBeNull();
    expect(fastest([])).toBeNull();
  });

  it('says the times in words, fastest first', () => {
    expect(timingsInWords(timings)).toBe('wasm 9.4 ms, webgl 120 ms, webgpu 399 ms');
    expect(
      timingsInWords([
        { backend: 'webgpu', error: 'no adapter' },
        { backend: 'wasm', medianMs: 12 },
      ]),
    ).toBe('wasm 12 ms, webgpu could not run (no adapter)');
    expect(orderFromChoice({ modelId: 'm', device: 'd', backend: 'wasm', timings, measuredAt: '' })).toEqual({
      order: ['wasm', 'webgl', 'webgpu'],
      reason: 'fastest here: wasm 9.4 ms, webgl 120 ms, webgpu 399 ms',
    });
  });

  it('is kept per model and device, and a new browser or GPU measures again', () => {
    const chromium = deviceKey('Chrome/150', SWIFTSHADER);
    expect(deviceKey('Chrome/151', SWIFTSHADER)).not.toBe(chromium);
    expect(deviceKey('Chrome/150', HARDWARE)).not.toBe(chromium);
    expect(deviceKey('Chrome/150', { webgl: SWIFTSHADER.webgl })).not.toBe(chromium);
    expect(
      deviceKey('Chrome/150', { ...SWIFTSHADER, webgpu: { ...SWIFTSHADER.webgpu, fallback: true } }),
    ).not.toBe(chromium);
    const face: MeasuredChoice = {
      modelId: 'blazeface-short',
      device: chromium,
      backend: 'wasm',
      timings,
      measuredAt: 'x',
    };
    expect(currentChoice([face], 'blazeface-short', chromium)).toBe(face);
    expect(currentChoice([face], 'movenet-lightning', chromium)).toBeNull();
    expect(currentChoice([face], 'blazeface-short', deviceKey('Chrome/151', SWIFTSHADER))).toBeNull();
    const failed = { ...face, timings: [{ backend: 'wasm' as const, error: 'x' }] };
    expect(currentChoice([failed], 'blazeface-short', chromium)).toBeNull();
  });

  it("replaces a model's earlier measurement and keeps the others", () => {
    const a: MeasuredChoice = { modelId: 'a', device: 'old', backend: 'webgl', timings, measuredAt: '1' };
    const b: MeasuredChoice = { modelId: 'b', device: 'old', backend: 'wasm', timings, measuredAt: '1' };
    const newer = { ...a, device: 'new', backend: 'wasm' as const, measuredAt: '2' };
    expect(withChoice([a, b], newer)).toEqual([b, newer]);
  });
});
