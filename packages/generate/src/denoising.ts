import { denoiserTensorNames } from '@latentlab/onnx';
import {
  type Denoiser,
  type DenoiserInput,
  type DenoiserScalars,
  generate,
  type SamplerName,
  type ScalarInputs,
  type Spacing,
  scalarFeeds,
  stackLabels,
} from '@latentlab/samplers';
import { type NoiseProcess, type PredictionTarget, processByName } from '@latentlab/schedules';
import type { ModelCard } from '@latentlab/tensor';

/**
 * How a denoiser samples: its process and prediction target, CFG's null class, the sampling grid its card
 * (or its run) asks for, the scalar inputs a distilled student takes, and its suggested steps and scale.
 */
export interface Denoising extends ScalarInputs {
  process: NoiseProcess;
  target: PredictionTarget;
  /** The label of the unconditional class (CFG's null class). */
  nullClass: number;
  spacing?: Spacing;
  /** The noisiest time to start from (default: the process's tMax). */
  tStart?: number;
  /** Clamp each x̂₀ estimate to this range. */
  clipDenoised?: readonly [number, number];
  /** Default steps and guidance scale (a distilled student's: its steps, scale 1 with guidance baked in). */
  steps?: number;
  guidanceScale?: number;
}

/** A denoiser card's sampling, or an Error naming `source` and what this version cannot rebuild. */
export function denoisingFromCard(card: ModelCard, source: string): Denoising {
  const spec = card.denoiser;
  if (card.kind !== 'denoiser' || !spec) {
    throw new Error(`${source}: its model card says kind '${card.kind}'; sampling needs a denoiser`);
  }
  if (spec.processOptions && Object.keys(spec.processOptions).length > 0) {
    throw new Error(
      `${source}: the model card's process '${spec.process}' has options (${Object.keys(spec.processOptions).join(', ')}) this version cannot rebuild`,
    );
  }
  if (spec.nullClass === null) {
    throw new Error(`${source}: the model has no null class for guidance`);
  }
  const names = denoiserTensorNames(card);
  const sampling = spec.sampling;
  return {
    process: processByName(spec.process),
    target: spec.target,
    nullClass: spec.nullClass,
    ...(sampling?.spacing ? { spacing: sampling.spacing as Spacing } : {}),
    ...(sampling?.tStart !== undefined ? { tStart: sampling.tStart } : {}),
    ...(sampling?.clipDenoised ? { clipDenoised: sampling.clipDenoised } : {}),
    ...(sampling?.steps !== undefined ? { steps: sampling.steps } : {}),
    ...(sampling?.guidanceScale !== undefined ? { guidanceScale: sampling.guidanceScale } : {}),
    ...(names.guidanceScale ? { takesGuidanceScale: true } : {}),
    ...(names.stepSize ? { takesStepSize: true } : {}),
  };
}

/** A class-conditional denoiser that also takes a distilled student's scalar inputs (w, d) when it has them. */
export type ScalarDenoiser = (
  input: DenoiserInput<Int32Array> & { scalars?: DenoiserScalars },
) => ReturnType<Denoiser<Int32Array>>;

export interface DenoiseRequest {
  model: ScalarDenoiser;
  denoising: Denoising;
  /** The class of every sample (B). */
  labels: Int32Array;
  /** One sample, e.g. (1, 28, 28), (4, 7, 7) latents or (2) points. */
  sampleShape: readonly number[];
  steps: number;
  sampler: SamplerName;
  /** diffusers' convention: 1 = no guidance. */
  guidanceScale: number;
  seed: number;
  /** Guide only for process times in [low, high] (Kynkäänniemi et al. 2024). */
  guidanceInterval?: [number, number];
  /** SD3's timestep shift of 'linspace' levels on [0, 1] processes (1 = none). */
  shift?: number;
  /** Hears the starting noise (B, …) once drawn. */
  onStart?: (x: Float32Array) => void;
  /** Hears each step's x̂₀. */
  onStep?: Parameters<typeof generate>[0]['onStep'];
  signal?: AbortSignal;
}

/**
 * Samples a denoiser: the starting noise and any sampler noise from `seed`, CFG with the null class (a
 * student's w or d inputs fed instead where it takes them, `scalarFeeds`), the process, target, spacing,
 * start time and clipping of `denoising`. The one sampling step of `latentlab sample`, `eval`, the app and
 * the benchmarks: samples (B, …sampleShape) in model space.
 */
export async function sampleDenoiser(request: DenoiseRequest): Promise<Float32Array> {
  const { denoising, labels } = request;
  const feeds = scalarFeeds(denoising, {
    process: denoising.process,
    steps: request.steps,
    guidanceScale: request.guidanceScale,
    ...(denoising.tStart !== undefined ? { tStart: denoising.tStart } : {}),
    ...(denoising.spacing ? { spacing: denoising.spacing } : {}),
    ...(request.shift !== undefined ? { shift: request.shift } : {}),
  });
  const { scalars } = feeds;
  const model: Denoiser<Int32Array> = scalars
    ? (input) => request.model({ ...input, scalars })
    : request.model;
  return generate({
    process: denoising.process,
    model,
    target: denoising.target,
    condition: labels,
    shape: [labels.length, ...request.sampleShape], // (B, …)
    steps: request.steps,
    ...(denoising.spacing ? { spacing: denoising.spacing } : {}),
    ...(denoising.tStart !== undefined ? { tStart: denoising.tStart } : {}),
    ...(denoising.clipDenoised ? { clipDenoised: denoising.clipDenoised } : {}),
    ...(request.shift !== undefined && request.shift !== 1 ? { shift: request.shift } : {}),
    sampler: request.sampler,
    seed: request.seed,
    ...(request.onStart ? { onStart: request.onStart } : {}),
    guidance: {
      scale: feeds.guidanceScale,
      unconditional: new Int32Array(labels.length).fill(denoising.nullClass),
      stack: stackLabels,
      ...(request.guidanceInterval ? { interval: request.guidanceInterval } : {}),
    },
    ...(request.onStep ? { onStep: request.onStep } : {}),
    ...(request.signal ? { signal: request.signal } : {}),
  });
}
