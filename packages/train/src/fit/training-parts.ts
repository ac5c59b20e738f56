import type { ParamStore } from '@latentlab/tensor';
import { AdamW, type AdamWSettings, ExponentialMovingAverage, TrainableParams } from '@latentlab/tfjs';
import type { Checkpoint } from '../checkpoint/checkpoint.js';
import { inParameterOrder } from '../checkpoint/checkpoint.js';

/**
 * What `fit` trains: the parameters, their AdamW and their EMA. Each is given either as a value to start
 * from (settings, initial weights — fit creates the live object and disposes it at the end) or as a live
 * object to keep training (the caller's: fit neither disposes it nor copies it out unless asked).
 */
export interface TrainingPartsOptions {
  params: ParamStore | TrainableParams;
  optimizer?: AdamWSettings | AdamW;
  ema?: number | ExponentialMovingAverage;
}

/** The live parameters, optimizer and EMA of a run, and which of them `fit` owns. */
export interface TrainingParts {
  params: TrainableParams;
  optimizer: AdamW;
  ema: ExponentialMovingAverage | undefined;
  /** Whether `fit` made the parameters (and so copies them out in its result and disposes them). */
  ownsParams: boolean;
  /** Disposes what `fit` made; what the caller gave stays the caller's. */
  release(): void;
}

/**
 * The three ownership modes read as one: each part made from its starting value, or the caller's live
 * object taken as it is. Weights given as a store are put in the checkpoint's parameter order when resuming.
 */
export function openTrainingParts(
  options: TrainingPartsOptions,
  resume: Checkpoint | undefined,
  describeResume: () => string,
): TrainingParts {
  const given = options.params;
  const ownsParams = !(given instanceof TrainableParams);
  const params =
    given instanceof TrainableParams
      ? given
      : new TrainableParams(
          resume ? inParameterOrder(given, resume.tensors.params, describeResume()) : given,
        );
  const ownsOptimizer = !(options.optimizer instanceof AdamW);
  const optimizer =
    options.optimizer instanceof AdamW
      ? options.optimizer
      : new AdamW(params, options.optimizer ?? { learningRate: 1e-3 });
  const ownsEma = typeof options.ema === 'number';
  const ema =
    typeof options.ema === 'number' ? new ExponentialMovingAverage(params, options.ema) : options.ema;
  return {
    params,
    optimizer,
    ema,
    ownsParams,
    release() {
      if (ownsOptimizer) optimizer.dispose();
      if (ownsEma) ema?.dispose();
      if (ownsParams) params.dispose();
    },
  };
}
