import type { Denoiser } from '@latentlab/samplers';
import { paramsFromMap } from '@latentlab/tensor';
import { type BackendName, type tf, toTf, useBackend } from '@latentlab/tfjs';
import { loadRunCheckpoint, type RunState } from '../checkpoint/run-state.js';
import { buildModel } from '../recipes/build-model.js';
import { type Denoising, denoisingOf, runDiffusion } from './denoising.js';
import { onnxDenoiser } from './onnx-denoiser.js';
import { tfjsDenoiser } from './tfjs-denoiser.js';

export interface RunDenoiserOptions {
  /** The run directory written by `latentlab train`. */
  checkpoint: string;
  /** Run this exported model with onnxruntime-node instead of the EMA weights on tfjs. */
  onnx?: string;
  backend?: BackendName;
}

/** A trained run's network, ready to sample; `release` frees its weights or its ONNX session. */
export interface RunDenoiser {
  state: RunState;
  model: Denoiser<Int32Array>;
  denoising: Denoising;
  release(): Promise<void>;
}

/** Opens a trained run for sampling: its EMA weights on tfjs, or its exported ONNX model. */
export async function openRunDenoiser(options: RunDenoiserOptions): Promise<RunDenoiser> {
  const { tensors, state } = loadRunCheckpoint(options.checkpoint);
  const denoising = denoisingOf(runDiffusion(state), state.modelConfig.classes);
  if (options.onnx) {
    const { createNodeRunner } = await import('@latentlab/onnx/node'); // loads onnxruntime-node only when asked
    const runner = await createNodeRunner(options.onnx);
    return { state, model: onnxDenoiser(runner), denoising, release: () => runner.release() };
  }
  await useBackend(options.backend ?? 'auto');
  const weights = new Map<string, tf.Tensor>([...tensors.ema].map(([name, value]) => [name, toTf(value)]));
  return {
    state,
    model: tfjsDenoiser(buildModel(state.modelConfig), paramsFromMap(weights)),
    denoising,
    release: async () => {
      for (const value of weights.values()) value.dispose();
    },
  };
}
