/**
 * What each GPU backend would draw with here: the WebGPU adapter's description (and whether the
 * browser calls it a fallback adapter) and WebGL's renderer string. Works on the page and in a
 * worker (OffscreenCanvas); anything the browser does not say is left out. Read once per context.
 */
import type { Renderers } from './backend-speed';

interface AdapterInfoLike {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

interface AdapterLike {
  info?: AdapterInfoLike;
  isFallbackAdapter?: boolean;
}

async function webgpuRenderer(): Promise<Renderers['webgpu']> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<AdapterLike | null> } }).gpu;
  if (!gpu) return undefined;
  const adapter = await gpu.requestAdapter().catch(() => null);
  if (!adapter) return undefined;
  const info = adapter.info ?? {};
  const description = [info.vendor, info.architecture, info.device, info.description]
    .filter((part) => part)
    .join(' ');
  return { description, fallback: info.isFallbackAdapter ?? adapter.isFallbackAdapter ?? false };
}

function webglRenderer(): Renderers['webgl'] {
  if (typeof OffscreenCanvas === 'undefined') return undefined;
  const canvas = new OffscreenCanvas(1, 1);
  const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
  if (!gl) return undefined;
  try {
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer: unknown = gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
    return { description: String(renderer ?? '') };
  } finally {
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  }
}

let probed: Promise<Renderers> | undefined;

/** This context's GPU renderers (probed once). Never throws: a probe that fails leaves its backend out. */
export function probeRenderers(): Promise<Renderers> {
  probed ??= (async () => {
    const renderers: Renderers = {};
    const gpu = await webgpuRenderer().catch(() => undefined);
    if (gpu) renderers.webgpu = gpu;
    try {
      const gl = webglRenderer();
      if (gl) renderers.webgl = gl;
    } catch {
      // No WebGL here: nothing to say about it.
    }
    return renderers;
  })();
  return probed;
}
