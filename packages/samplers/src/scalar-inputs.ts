import type { NoiseProcess } from '@latentlab/schedules';
import type { Spacing } from './levels.js';

/** Scalar inputs a student network takes besides (x, t, condition). */
export interface ScalarInputs {
  /** A guidance-distilled student (Meng et al. 2023): the guidance scale w is its input. */
  takesGuidanceScale?: boolean;
  /** A shortcut model (Frans et al. 2024): the step size d is its input. */
  takesStepSize?: boolean;
}

/** The values fed to those inputs at every call (onnxDenoiser's `scalars`). */
export interface DenoiserScalars {
  guidanceScale?: number;
  stepSize?: number;
}

export interface ScalarFeedOptions {
  process: NoiseProcess;
  steps: number;
  /** The guidance scale asked for, diffusers' convention (1 = none). */
  guidanceScale: number;
  /** The noisiest time of the path (default: the process's tMax). */
  tStart?: number;
  spacing?: Spacing;
  /** SD3's timestep shift (1 = none). */
  shift?: number;
}

/**
 * What a sampler feeds a student network and which CFG scale it still applies: a guidance-distilled
 * student gets the scale as its input and no CFG pair (scale 1 for the sampler, one call a step); a
 * shortcut model gets d = Δt, constant on the evenly spaced path from tStart to tMin its training assumes
 * (Frans et al. 2024 sample with d = 1/steps on [0, 1]), so uneven spacings and shifts are refused.
 */
export function scalarFeeds(
  inputs: ScalarInputs,
  options: ScalarFeedOptions,
): { scalars?: DenoiserScalars; guidanceScale: number } {
  const { takesGuidanceScale, takesStepSize } = inputs;
  if (!takesGuidanceScale && !takesStepSize) return { guidanceScale: options.guidanceScale };
  if (takesStepSize) {
    if (options.spacing !== undefined && options.spacing !== 'linspace') {
      throw new RangeError(
        `the model takes its step size as an input, which needs evenly spaced steps; its spacing is '${options.spacing}'`,
      );
    }
    if (options.shift !== undefined && options.shift !== 1) {
      throw new RangeError(
        `the model takes its step size as an input, which needs evenly spaced steps; a timestep shift of ${options.shift} makes them uneven (use 1)`,
      );
    }
  }
  const span = (options.tStart ?? options.process.tMax) - options.process.tMin;
  return {
    scalars: {
      ...(takesGuidanceScale ? { guidanceScale: options.guidanceScale } : {}),
      ...(takesStepSize ? { stepSize: span / options.steps } : {}),
    },
    guidanceScale: takesGuidanceScale ? 1 : options.guidanceScale,
  };
}
