import { createWebRunner, type OnnxRunner } from '@latentlab/onnx/web';
import * as ort from 'onnxruntime-web';
import type { BackendName } from './protocol.js';

/** How many threads onnxruntime-web's wasm may use (more than one needs cross-origin isolation). */
export function configureRuntime(): number {
  const threads = self.crossOriginIsolated ? Math.max(1, Math.min(4, navigator.hardwareConcurrency || 2)) : 1;
  ort.env.wasm.numThreads = threads;
  return threads;
}

/** null when this browser offers a WebGPU adapter, else why not. */
export async function webgpuUnavailable(): Promise<string | null> {
  const gpu = (navigator as Navigator & { gpu?: GPU }).gpu;
  if (!gpu) return 'this browser offers no WebGPU (navigator.gpu is missing)';
  try {
    const adapter = await gpu.requestAdapter();
    return adapter ? null : 'WebGPU offers no adapter';
  } catch (error) {
    return `WebGPU adapter request failed: ${(error as Error).message}`;
  }
}

/**
 * An onnxruntime-web session of `bytes` on one execution provider. On WebGPU, `gpuOutputs` (a KV cache's
 * `present.*`) stay on the GPU between runs and are fed back from there.
 */
export function createBackendRunner(
  bytes: Uint8Array,
  backend: BackendName,
  source: string,
  gpuOutputs: readonly string[] = [],
): Promise<OnnxRunner> {
  return createWebRunner(bytes, {
    source,
    sessionOptions: { executionProviders: [backend], graphOptimizationLevel: 'all' },
    ...(backend === 'webgpu' && gpuOutputs.length > 0 ? { deviceOutputs: gpuOutputs } : {}),
  });
}
