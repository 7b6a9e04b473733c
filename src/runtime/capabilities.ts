/**
 * What this device can run, probed once and frozen. The Settings page shows it and the
 * inference worker picks backends from it. Works on a page and in a worker.
 */
import { hasWasmSimd, hasWasmThreads } from './wasm-features';

export interface WebGpuCapability {
  readonly available: boolean;
  /** Vendor/architecture/description from GPUAdapterInfo, when an adapter was granted. */
  readonly adapter?: {
    readonly vendor: string;
    readonly architecture: string;
    readonly description: string;
    readonly isFallbackAdapter: boolean;
  };
  /** Why WebGPU is not usable, in words a user can act on. */
  readonly reason?: string;
}

export interface WebGl2Capability {
  readonly available: boolean;
  readonly renderer?: string;
  readonly vendor?: string;
  readonly reason?: string;
}

export interface StorageCapability {
  readonly usage: number | null;
  readonly quota: number | null;
  /** null when the browser has no StorageManager.persisted(). */
  readonly persisted: boolean | null;
}

export interface Capabilities {
  readonly webgpu: WebGpuCapability;
  readonly webgl2: WebGl2Capability;
  readonly wasmSimd: boolean;
  readonly wasmThreads: boolean;
  readonly crossOriginIsolated: boolean;
  readonly logicalCores: number;
  readonly storage: StorageCapability;
}

type GpuAdapterLike = {
  info?: { vendor?: string; architecture?: string; description?: string; device?: string };
  isFallbackAdapter?: boolean;
};
type GpuLike = { requestAdapter(): Promise<GpuAdapterLike | null> };

async function probeWebGpu(): Promise<WebGpuCapability> {
  const gpu = (navigator as Navigator & { gpu?: GpuLike }).gpu;
  if (!gpu) return { available: false, reason: 'This browser has no WebGPU (navigator.gpu is missing).' };
  try {
    const adapter = await gpu.requestAdapter();
    if (!adapter)
      return {
        available: false,
        reason: 'The browser offered no WebGPU adapter (blocked or unsupported GPU).',
      };
    const info = adapter.info ?? {};
    return {
      available: true,
      adapter: {
        vendor: info.vendor || 'unknown vendor',
        architecture: info.architecture || '',
        description: info.description || info.device || '',
        isFallbackAdapter: Boolean(adapter.isFallbackAdapter),
      },
    };
  } catch (error) {
    return { available: false, reason: `requestAdapter() failed: ${String(error)}` };
  }
}

function probeWebGl2(): WebGl2Capability {
  if (typeof OffscreenCanvas !== 'function') return { available: false, reason: 'No OffscreenCanvas.' };
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return { available: false, reason: 'WebGL2 is disabled or unsupported here.' };
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  const vendor = String(gl.getParameter(debug ? debug.UNMASKED_VENDOR_WEBGL : gl.VENDOR));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return { available: true, renderer, vendor };
}

async function probeStorage(): Promise<StorageCapability> {
  const storage = navigator.storage as StorageManager | undefined;
  const [estimate, persisted] = await Promise.all([
    storage?.estimate?.().catch(() => undefined),
    storage?.persisted?.().catch(() => null) ?? Promise.resolve(null),
  ]);
  return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted };
}

let probed: Promise<Readonly<Capabilities>> | undefined;

/** Probes once per context and returns the same frozen answer afterwards. */
export function getCapabilities(): Promise<Readonly<Capabilities>> {
  probed ??= (async () => {
    const isolated = globalThis.crossOriginIsolated === true;
    const [webgpu, storage] = await Promise.all([probeWebGpu(), probeStorage()]);
    return deepFreeze({
      webgpu,
      webgl2: probeWebGl2(),
      wasmSimd: hasWasmSimd(),
      wasmThreads: hasWasmThreads(isolated),
      crossOriginIsolated: isolated,
      logicalCores: navigator.hardwareConcurrency || 1,
      storage,
    });
  })();
  // A rejected probe must not be remembered, so a later call can try again.
  probed.catch(() => (probed = undefined));
  return probed;
}

function deepFreeze<T extends object>(value: T): Readonly<T> {
  for (const child of Object.values(value)) {
    if (child && typeof child === 'object') deepFreeze(child as object);
  }
  return Object.freeze(value);
}
