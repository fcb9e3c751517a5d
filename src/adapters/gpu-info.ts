import type { RuntimeDetails } from '../core/result-schema';

/** The WebGPU adapter this worker would get, as the browser describes it; null without WebGPU. */
export async function webgpuAdapterInfo(): Promise<RuntimeDetails['gpuAdapter']> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return null;
  const adapter = await gpu.requestAdapter();
  if (!adapter) return null;
  const { vendor, architecture, device, description } = adapter.info;
  return { vendor, architecture, device, description };
}

/** The unmasked WebGL renderer string (e.g. "ANGLE (Google, Vulkan 1.3.0 (SwiftShader ...))"). */
export function webglRenderer(): string | null {
  if (typeof OffscreenCanvas === 'undefined') return null;
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2') ?? new OffscreenCanvas(1, 1).getContext('webgl');
  if (!gl) return null;
  const debug = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer: unknown = gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return typeof renderer === 'string' ? renderer.slice(0, 256) : null;
}
