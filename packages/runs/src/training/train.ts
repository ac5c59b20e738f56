import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createRng, type ParamStore } from '@latentlab/tensor';
import { useBackend } from '@latentlab/tfjs';
import {
  fit,
  type LearningRateSchedule,
  labeledBatches,
  linearWarmup,
  removeStalePartials,
  warmupCosine,
  writeFileAtomic,
} from '@latentlab/train';
import { latentlabCommit } from '../cards/git-commit.js';
import { writeRunCard } from '../cards/write-run-card.js';
import { isRunFileName, runFiles } from '../checkpoint/checkpoint-files.js';
import { loadAnyRunCheckpoint } from '../checkpoint/run-state.js';
import { CliError, FieldError } from '../errors.js';
import { familyOfRecipe } from '../families/registry.js';
import { encodePng } from '../images/png.js';
import { trainingCurves } from '../images/training-curves.js';
import { loadTrainingData } from '../recipes/datasets.js';
import type { Recipe } from '../recipes/recipe.js';
import { recipeByName } from '../recipes/registry.js';
import { requireSameModel } from './compare-configs.js';
import { checkCpuRunTime, measureStepSeconds } from './cpu-estimate.js';
import { MetricsLog } from './metrics-log.js';
import { type ProgressOutput, ProgressReporter } from './progress.js';
import { resolveSettings, type SettingOverrides } from './resolve-settings.js';
import { RUN_DEFINING_SETTINGS, type TrainSettings } from './settings.js';

/** Stream of the run's root generator that initialises the parameters (per-step streams are 1, 2, …). */
const INIT_STREAM = 2 ** 40 + 1;

export interface TrainOptions extends Omit<SettingOverrides, 'recipe'> {
  /** A recipe name from the registry, or a recipe object (a resumed run may leave it out). */
  recipe?: string | Recipe;
  /** The run directory: checkpoint, state, metrics, sample grids, loss curve. */
  out: string;
  /** Continue the run saved in `out`. */
  resume?: boolean;
  /** Replace a run (or any run file) already in `out` instead of refusing to. */
  force?: boolean;
  /** Progress lines (default: stderr). */
  progress?: ProgressOutput;
  /**
   * Stops the run after the current step, with a checkpoint (the CLI aborts it on SIGINT and SIGTERM);
   * the result then says `interrupted`.
   */
  signal?: AbortSignal;
}

export interface TrainResult {
  /** Optimizer steps done. */
  step: number;
  /** The loss of every step of the run, resumed parts included. */
  losses: number[];
  out: string;
  /** True when `signal` stopped the run before its last step (a checkpoint of `step` is saved). */
  interrupted: boolean;
}

/** A run's recipe and settings as `train` resolves them, and the checkpoint it resumes. */
export function resolveRun(options: TrainOptions) {
  const {
    out,
    resume,
    recipe: requested,
    force: _force,
    progress: _progress,
    signal: _signal,
    ...given
  } = options;
  const saved = resume ? loadAnyRunCheckpoint(out) : undefined;
  const recipe = resolveRecipe(requested, saved?.state);
  const settings = resolveSettings(recipe, { ...given, recipe: recipe.name }, saved?.state.settings);
  const family = familyOfRecipe(recipe);
  const modelConfig = family.modelConfig(recipe, settings);
  if (saved) {
    family.requireSameInputs?.(saved.state, settings, out);
    requireSameModel(saved.state.modelConfig, modelConfig, out);
    for (const field of RUN_DEFINING_SETTINGS) {
      if (saved.state.settings[field] !== settings[field]) {
        throw new CliError(
          `cannot resume ${out}: ${field} is ${JSON.stringify(settings[field])} but the checkpoint has ${JSON.stringify(saved.state.settings[field])}`,
        );
      }
    }
    if (settings.steps <= saved.state.step) {
      throw new CliError(
        `cannot resume ${out}: it is at step ${saved.state.step} already; steps above ${saved.state.step} continue it`,
      );
    }
  }
  return { recipe, family, settings, modelConfig, saved };
}

/**
 * Trains a recipe through `fit` (@latentlab/train): its diffusion objective, AdamW with warm-up, clipping,
 * EMA and CFG label dropout; checkpoints, metrics.jsonl, sample grids and loss.png in `out`.
 */
export async function train(options: TrainOptions): Promise<TrainResult> {
  const { out, resume, progress: progressOutput, force } = options;
  const files = runFiles(out);
  if (!resume) prepareNewRun(out, force === true);
  const { recipe, family, settings, modelConfig, saved } = resolveRun(options);
  const backend = await useBackend(settings.backend);
  const root = createRng(settings.seed);
  const plan = family.plan(recipe, settings, modelConfig, saved?.state);
  const { model, objective } = plan;
  const initial = () => plan.initialParams(root.split(INIT_STREAM));
  const startStep = saved?.state.step ?? 0;
  // A student's data is its teacher's (its plan loads it); every other recipe names its data set.
  const data = plan.loadData
    ? await plan.loadData()
    : loadTrainingData(recipe.dataset as Exclude<Recipe['dataset'], 'teacher'>, settings.seed);
  if (settings.backend === 'auto' && backend.name === 'cpu') {
    // Nothing faster loaded (the native binary included): measure before writing anything.
    const batches = labeledBatches(data, { batchSize: settings.batchSize, seed: settings.seed });
    const stepSeconds = await measureStepSeconds(model, initial(), objective, batches);
    checkCpuRunTime(stepSeconds, settings.steps - startStep, (line) =>
      (progressOutput ?? process.stderr).write(`${line}\n`),
    );
  }
  mkdirSync(out, { recursive: true });
  removeStalePartials(out);

  const metrics = new MetricsLog(files.metrics, saved ? startStep : undefined);
  const progress = new ProgressReporter(
    progressOutput ?? process.stderr,
    startStep,
    settings.steps,
    settings.batchSize,
    settings.logEvery,
  );
  progress.note(
    `latentlab train ${recipe.name}: ${backend.name} backend, steps ${startStep + 1}…${settings.steps}, batch ${settings.batchSize}, out ${out}`,
  );
  const sample = async (step: number, weights: ParamStore) => {
    await plan.writeSamples(weights, files.samples(step));
    writeFileAtomic(files.lossCurve, encodePng(trainingCurves(metrics.entries)));
  };

  const started = performance.now();
  const previousSeconds = (saved?.state['seconds'] as number | undefined) ?? 0;
  const commit = latentlabCommit();
  let lastStep = startStep;
  const fitting = fit({
    model,
    params: initial(),
    objective,
    batches: labeledBatches(data, { batchSize: settings.batchSize, seed: settings.seed }),
    steps: settings.steps,
    rng: root,
    optimizer: {
      learningRate: settings.learningRate,
      beta1: settings.beta1,
      beta2: settings.beta2,
      weightDecay: settings.weightDecay,
    },
    learningRate: learningRateSchedule(settings),
    ema: settings.emaDecay,
    maintenance: plan.maintenance,
    clipNorm: settings.clipNorm,
    checkpoint: {
      directory: out,
      every: settings.checkpointEvery,
      keep: settings.keepCheckpoints,
      state: () => ({
        recipe: recipe.name,
        family: family.name,
        dataset: recipe.dataset,
        ...plan.state,
        settings,
        modelConfig,
        /** Training wall time in all, resumed parts included (sample grids and checkpoints too). */
        seconds: Math.round(previousSeconds + (performance.now() - started) / 1000),
        commit,
      }),
    },
    ...(saved ? { resume: saved } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    onStep: async (report) => {
      progress.update(report.step, report.loss);
      metrics.append({
        step: report.step,
        loss: report.loss,
        learningRate: report.learningRate,
        gradientNorm: report.gradientNorm,
        imagesPerSecond: progress.throughput(),
        ...report.metrics,
      });
      lastStep = report.step;
      const isLast = report.step === settings.steps;
      if (!isLast && settings.sampleEvery > 0 && report.step % settings.sampleEvery === 0) {
        await sample(report.step, report.averagedWeights()!);
        progress.paused();
      }
    },
  });
  let result: Awaited<typeof fitting>;
  try {
    result = await fitting;
  } catch (error) {
    if (!options.signal?.aborted) throw error;
    // fit saved a checkpoint of the last step before it stopped.
    writeFileAtomic(files.lossCurve, encodePng(trainingCurves(metrics.entries)));
    writeRunCard(out);
    return { step: lastStep, losses: metrics.losses(), out, interrupted: true };
  }
  await sample(result.step, result.ema!);
  writeRunCard(out);
  return { step: result.step, losses: metrics.losses(), out, interrupted: false };
}

/** Run files that a new run in `out` would write over. */
function existingRunFiles(out: string): string[] {
  if (!existsSync(out)) return [];
  return readdirSync(out).filter(isRunFileName);
}

/**
 * A new run never writes over another: an `out` holding run files is refused unless `force`, which
 * deletes those files (and nothing else in the folder) first.
 */
function prepareNewRun(out: string, force: boolean): void {
  const existing = existingRunFiles(out);
  if (existing.length === 0) return;
  if (!force) {
    const shown = existing.slice(0, 4).join(', ') + (existing.length > 4 ? ', …' : '');
    throw new FieldError(
      'out',
      out,
      `already holds a run (${shown}): resume continues it, force replaces it`,
      ['resume', 'force'],
    );
  }
  for (const name of existing) rmSync(join(out, name), { recursive: true, force: true });
}

/** The run's learning rate per step: linear warm-up, then constant or cosine decay to 0 at the last step. */
function learningRateSchedule(settings: TrainSettings): LearningRateSchedule {
  if (settings.learningRateSchedule === 'cosine' && settings.steps > settings.warmupSteps) {
    return warmupCosine({
      peak: settings.learningRate,
      warmupSteps: settings.warmupSteps,
      totalSteps: settings.steps,
    });
  }
  return linearWarmup(settings.learningRate, settings.warmupSteps);
}

/** The recipe object: given, named, or (on resume) the saved run's. */
function resolveRecipe(
  requested: string | Recipe | undefined,
  saved: { recipe: string } | undefined,
): Recipe {
  if (typeof requested === 'object') return requested;
  const name = requested ?? saved?.recipe;
  if (!name) throw new CliError('train: a recipe (name or object) is required for a new run');
  return recipeByName(name);
}
