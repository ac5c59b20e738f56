import { tensor } from '@latentlab/tensor';
import type { LoadedModel } from './loaded-model.js';
import type { BackendName, ProbeResult } from './protocol.js';
import { createBackendRunner, webgpuUnavailable } from './runtime.js';

/** Evaluations timed per backend after one untimed warm-up (which compiles the kernels). */
const TIMED_RUNS = 2;
/** A backend whose first timed run is this many times the other's mean is not timed again: it lost. */
const CLEAR_LOSS = 3;
/** A guided batch of 8 images: what one sampling step of the Generate tab runs. */
const PROBE_BATCH = 16;

/**
 * Times the probe model (a denoiser) on wasm and, when the browser offers it, on WebGPU: for 28×28 models
 * wasm may well be faster, so the app picks by this measurement, not by availability.
 */
export async function probeBackends(model: LoadedModel): Promise<ProbeResult & { fastest: BackendName }> {
  const card = model.cards['denoiser']!;
  const spec = card.denoiser!;
  const feeds = {
    [card.inputs.find((input) => input.role === 'sample')!.name]: tensor(
      new Float32Array(PROBE_BATCH * spec.sampleShape.reduce((a, b) => a * b, 1)).fill(0.1),
      [PROBE_BATCH, ...spec.sampleShape],
    ),
    [card.inputs.find((input) => input.role === 'time')!.name]: tensor(
      new Float32Array(PROBE_BATCH).fill(0.5),
      [PROBE_BATCH],
    ),
    [card.inputs.find((input) => input.role === 'class')!.name]: tensor(
      new Int32Array(PROBE_BATCH),
      [PROBE_BATCH],
      'int32',
    ),
  };
  const time = async (backend: BackendName, rival?: number) => {
    const runner = await createBackendRunner(
      model.bytes['denoiser']!,
      backend,
      `${model.entry.name} (probe)`,
    );
    try {
      await runner.run(feeds);
      const start = performance.now();
      let runs = 0;
      while (runs < TIMED_RUNS) {
        await runner.run(feeds);
        runs += 1;
        // (a software WebGPU adapter takes seconds per run where wasm takes a fraction of one)
        if (rival !== undefined && performance.now() - start > CLEAR_LOSS * rival * runs) break;
      }
      return (performance.now() - start) / runs;
    } finally {
      await runner.release();
    }
  };
  const wasm = await time('wasm');
  let webgpu: number | null = null;
  let webgpuNote = await webgpuUnavailable();
  if (webgpuNote === null) {
    try {
      webgpu = await time('webgpu', wasm);
    } catch (error) {
      webgpuNote = `WebGPU failed the probe: ${(error as Error).message}`;
    }
  }
  const fastest: BackendName = webgpu !== null && webgpu < wasm ? 'webgpu' : 'wasm';
  return { wasm, webgpu, webgpuNote, fastest };
}
