import { mkdirSync, writeFileSync } from 'node:fs';
import { BatchIterator } from '@latentlab/data';
import { rectifiedFlow } from '@latentlab/schedules';
import { createRng, type ParamStore } from '@latentlab/tensor';
import { AdamW, ExponentialMovingAverage, TrainableParams, useBackend } from '@latentlab/tfjs';
import { loadCheckpoint, saveCheckpoint } from '../checkpoint/checkpoint.js';
import { runFiles } from '../checkpoint/checkpoint-files.js';
import type { RunState } from '../checkpoint/run-state.js';
import { CliError } from '../errors.js';
import { linePlot } from '../images/line-plot.js';
import { encodePng } from '../images/png.js';
import { buildModel, initialParams } from '../recipes/build-model.js';
import { sampleShape } from '../recipes/model-config.js';
import { recipeByName } from '../recipes/registry.js';
import { requireSameModel } from './compare-configs.js';
import { flowBatch } from './flow-batch.js';
import { MetricsLog } from './metrics-log.js';
import { type ProgressOutput, ProgressReporter } from './progress.js';
import { resolveSettings, type SettingOverrides } from './resolve-settings.js';
import { writeSampleGrid } from './sample-checkpoint.js';
import { learningRateAt, RUN_DEFINING_SETTINGS } from './settings.js';
import { trainStep } from './train-step.js';

/** Stream of the run's root generator that initialises the parameters (per-step streams are 1, 2, …). */
const INIT_STREAM = 2 ** 40 + 1;

export interface TrainOptions extends SettingOverrides {
  /** The run directory: checkpoint, state, metrics, sample grids, loss curve. */
  out: string;
  /** Continue the run saved in `out`. */
  resume?: boolean;
  /** Progress lines (default: stderr). */
  progress?: ProgressOutput;
}

export interface TrainResult {
  /** Optimizer steps done. */
  step: number;
  /** The loss of every step of the run, resumed parts included. */
  losses: number[];
  out: string;
}

function inModelOrder(initial: ParamStore, saved: ParamStore, source: string): ParamStore {
  return new Map(
    [...initial].map(([name, value]) => {
      const stored = saved.get(name);
      if (!stored || stored.shape.join(',') !== value.shape.join(',')) {
        throw new CliError(
          `corrupt checkpoint: ${source}: parameter '${name}' is ${stored ? `[${stored.shape.join(', ')}]` : 'missing'}, expected [${value.shape.join(', ')}]`,
        );
      }
      return [name, stored];
    }),
  );
}

/** Trains a recipe with rectified flow, AdamW, warmup, clipping, EMA and CFG label dropout; see README. */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { out: _out, resume, progress: progressOutput, ...given } = options;
  const files = runFiles(options.out);
  const saved = resume ? loadCheckpoint(options.out) : undefined;
  const recipe = recipeByName(given.recipe ?? saved?.state.recipe);
  const settings = resolveSettings(recipe, given, saved?.state.settings);
  const modelConfig = recipe.modelConfig(settings.model);
  if (saved) {
    requireSameModel(saved.state.modelConfig, modelConfig, options.out);
    for (const field of RUN_DEFINING_SETTINGS) {
      if (saved.state.settings[field] !== settings[field]) {
        throw new CliError(
          `cannot resume ${options.out}: ${field} is ${JSON.stringify(settings[field])} but the checkpoint has ${JSON.stringify(saved.state.settings[field])}`,
        );
      }
    }
  }
  const backend = await useBackend(settings.backend);
  mkdirSync(options.out, { recursive: true });

  const data = recipe.loadData(settings.seed);
  const root = createRng(settings.seed);
  const model = buildModel(modelConfig);
  const initial = initialParams(modelConfig, root.split(INIT_STREAM), settings.initialization);
  // Saved parameters in the model's own order (safetensors sorts names): sums over parameters, such as
  // the gradient norm, then add in the same order as in an uninterrupted run, to the last bit.
  const params = new TrainableParams(
    saved ? inModelOrder(initial, saved.tensors.params, files.checkpoint) : initial,
  );
  const optimizer = new AdamW(params, {
    learningRate: settings.learningRate,
    beta1: settings.beta1,
    beta2: settings.beta2,
    weightDecay: settings.weightDecay,
  });
  const ema = new ExponentialMovingAverage(params, settings.emaDecay);
  const batches = saved
    ? BatchIterator.fromState(saved.state.batches)
    : new BatchIterator({
        size: data.count,
        batchSize: settings.batchSize,
        seed: settings.seed,
        dropLast: true,
      });
  if (saved) {
    const { firstMoments, secondMoments, ema: averages } = saved.tensors;
    optimizer.loadState({ step: saved.state.optimizerStep, firstMoments, secondMoments });
    ema.load(averages);
  }
  const startStep = saved?.state.step ?? 0;
  const metrics = new MetricsLog(files.metrics, saved ? startStep : undefined);
  const progress = new ProgressReporter(
    progressOutput ?? process.stderr,
    startStep,
    settings.steps,
    settings.batchSize,
    settings.logEvery,
  );
  progress.note(
    `latentlab train ${recipe.name}: ${backend.name} backend, steps ${startStep + 1}…${settings.steps}, batch ${settings.batchSize}, out ${options.out}`,
  );

  const flow = rectifiedFlow();
  const batchShape = [settings.batchSize, ...sampleShape(modelConfig)];
  const parts = { model, params, optimizer, ema, batchShape, clipNorm: settings.clipNorm };
  const checkpoint = (step: number) => {
    const adamState = optimizer.state();
    const state: RunState = {
      format: 'latentlab-train-state/1',
      recipe: recipe.name,
      step,
      rng: root.state(),
      batches: batches.state(),
      optimizerStep: adamState.step,
      settings,
      modelConfig,
    };
    const tensors = {
      params: params.toStore(),
      ema: ema.toStore(),
      firstMoments: adamState.firstMoments,
      secondMoments: adamState.secondMoments,
    };
    saveCheckpoint(options.out, tensors, state);
  };
  const sample = async (step: number) => {
    await writeSampleGrid({
      config: modelConfig,
      weights: ema.toStore(),
      steps: settings.sampleSteps,
      guidanceScale: settings.guidanceScale,
      seed: settings.seed,
      path: files.samples(step),
    });
    writeFileSync(files.lossCurve, encodePng(linePlot(metrics.losses())));
  };

  try {
    for (let step = startStep + 1; step <= settings.steps; step++) {
      const { indices } = batches.nextBatch();
      const batch = flowBatch(flow, data, indices, root.split(step), {
        classes: modelConfig.classes,
        labelDropout: settings.labelDropout,
        timeDistribution: settings.timeDistribution,
        timeMean: settings.timeMean,
        timeStd: settings.timeStd,
      });
      const learningRate = learningRateAt(settings, step);
      const { loss, gradientNorm } = trainStep(parts, batch, learningRate);
      if (!Number.isFinite(loss)) throw new CliError(`training diverged: loss is ${loss} at step ${step}`);
      metrics.append({
        step,
        loss,
        learningRate,
        gradientNorm: Number.isNaN(gradientNorm) ? null : gradientNorm,
        imagesPerSecond: progress.throughput(step),
      });
      progress.update(step, loss);
      const isLast = step === settings.steps;
      if (!isLast && settings.checkpointEvery > 0 && step % settings.checkpointEvery === 0) checkpoint(step);
      if (!isLast && settings.sampleEvery > 0 && step % settings.sampleEvery === 0) await sample(step);
    }
    const finalStep = Math.max(startStep, settings.steps);
    checkpoint(finalStep);
    await sample(finalStep);
    return { step: finalStep, losses: metrics.losses(), out: options.out };
  } finally {
    optimizer.dispose();
    ema.dispose();
    params.dispose();
  }
}
