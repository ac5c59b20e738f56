import type { SamplerName } from '@latentlab/samplers';
import type { ModelCard } from '@latentlab/tensor';
import type { BackendName } from '@latentlab/tfjs';
import type { RunState } from '../checkpoint/run-state.js';
import type { EvalRecordBase } from '../evaluation/eval-record.js';
import type { EvaluateRunOptions } from '../evaluation/evaluate-run.js';
import type { ExportedGraph } from '../export/exported-graph.js';
import type { Recipe } from '../recipes/recipe.js';
import type { DrawBatches } from '../sampling/batched-samples.js';
import type { DiscreteSampleRequest } from '../sampling/discrete-run-samples.js';
import type { OnnxModelFile } from '../sampling/onnx-file.js';
import type { SamplingEngine } from '../sampling/run-denoiser.js';
import type { SamplePlan } from '../sampling/sample-run.js';
import type { TrainSettings } from '../training/settings.js';
import type { TrainingPlan } from '../training/training-plan.js';

/** The model families latentlab trains; a run's state records its family by this name. */
export const FAMILY_NAMES = [
  'pixel-diffusion',
  'latent-diffusion',
  'autoencoder',
  'token-model',
  'distillation',
] as const;
export type FamilyName = (typeof FAMILY_NAMES)[number];

/** How `latentlab export` writes a run of a family. */
export interface FamilyExport {
  /** One `.onnx` file (`--onnx FILE`), or a folder of graphs (`--out DIR`). */
  into: 'file' | 'folder';
  /** Why a folder, for the error when a file is asked for ("it exports several graphs"). */
  why?: string;
  /** Exports, verifies and writes; existing files are replaced only with `force`. */
  run(
    checkpoint: string,
    path: string,
    options: { force?: boolean; onStage?: (stage: string) => void },
  ): Promise<ExportedGraph[]>;
}

/** What `latentlab sample` asks for when samples are drawn in batches (png grid, npy, one png each). */
export interface StreamSampleRequest {
  /** The run directory (a checkpoint), or — with `onnx` — nothing. */
  checkpoint?: string;
  /** An exported model, read with its card. */
  onnx?: OnnxModelFile;
  /** A token model's .onnx: its tokenizer's decoder.onnx (default: beside it). */
  decoder?: string;
  engine: SamplingEngine;
  backend: BackendName;
  sampler: SamplerName;
  /** Sampling steps (MaskGIT: decoding iterations). */
  steps: number;
  guidanceScale: number;
  classes?: readonly number[];
  perClass?: number;
  seed: number;
  batchSize: number;
}

/** Takes what is to be drawn and a function that draws it batch by batch (and writes it out). */
export type ConsumeSamples = (plan: SamplePlan, draw: DrawBatches) => Promise<void>;

/** What `latentlab eval` asks of a run (or of a file it exported): each family reads what applies to it. */
export interface EvalRequest
  extends Pick<
    EvaluateRunOptions,
    | 'checkpoint'
    | 'samples'
    | 'stepsList'
    | 'guidanceScales'
    | 'sampler'
    | 'seed'
    | 'batchSize'
    | 'referenceCount'
  > {
  /** Evaluate this exported model instead of the checkpoint (onnxruntime-node). */
  onnx?: OnnxModelFile;
  /** A token model's .onnx: its tokenizer's decoder.onnx (default: beside it). */
  decoder?: string;
  engine: SamplingEngine;
  backend: BackendName;
  /** Token models: sampling temperature, top-k (0 = off), top-p (1 = off). */
  temperature: number;
  topK: number;
  topP: number;
  /** Hears that a long stage starts (label, items) and gets back a function told of each finished item count. */
  progress?: (label: string, total: number) => (finished: number) => void;
  /** Each record as soon as it is measured, with one line describing it. */
  onRecord?: (record: EvalRecordBase, description: string) => void;
}

/** Every record of one `latentlab eval`, and the summary to print. */
export interface FamilyEvaluation {
  records: EvalRecordBase[];
  summary: string;
}

/**
 * One family of models: which recipes are its own, the network config a run of it saves, the other runs it
 * depends on (a tokenizer, an autoencoder, a teacher) checked on resume, the training plan, the card of
 * its runs and their export. The training loop (`fit`), checkpoints and progress are the same for every family.
 */
export interface ModelFamily<R extends Recipe = Recipe> {
  /** Its name, recorded in its runs' state (a built-in family's is a FamilyName). */
  readonly name: string;
  /** Recipes it brings beside the built-in ones (`registerFamily` registers them). */
  readonly recipes?: readonly Recipe[];
  /** What its runs are called in messages: 'a denoiser', 'an autoencoder', 'a token model', … */
  readonly noun: string;
  /** The model-card kinds of the files it exports (how an exported file finds its family). */
  readonly cardKinds: readonly ModelCard['kind'][];
  /** Whether `recipe` is this family's (the registry asks the families in its order). */
  owns(recipe: Recipe): recipe is R;
  /**
   * What the `model.*` and `initialization.*` settings default to for its recipe when left out (shown by
   * `latentlab train --recipe R --help`); families whose network is fixed by its inputs leave it out.
   */
  settingDefaults?(recipe: R): { model?: Record<string, unknown>; initialization?: Record<string, unknown> };
  /** The network config a run saves as `modelConfig`: the recipe's, sized by the settings, over its inputs. */
  modelConfig(recipe: R, settings: TrainSettings): object;
  /**
   * Refuses to resume the run in `out` on other inputs than it started with (the tokens, latents or
   * targets it learnt are those inputs'); families without inputs leave it out.
   */
  requireSameInputs?(saved: RunState<unknown>, settings: TrainSettings, out: string): void;
  /** What `train` runs for a recipe of this family. */
  plan(recipe: R, settings: TrainSettings, modelConfig: object, saved?: RunState<unknown>): TrainingPlan;
  /** The model card of a run of this family in `directory` (what `DIR/model-card.json` holds). */
  runCard(directory: string, state: RunState<unknown>): ModelCard;
  /** `latentlab export` of its runs. */
  readonly exporter: FamilyExport;
  /**
   * `latentlab sample --checkpoint` of a run whose pictures are not a denoiser's samples (an autoencoder's
   * reconstructions, a token model's decoded rows): draws the png grid, returns the image count. Denoiser
   * families leave it out: their runs go through the batched samplers (png, npy or pngs).
   */
  sampleGrid?(request: DiscreteSampleRequest): Promise<number>;
  /**
   * `latentlab sample` in batches (png grid, npy, one png each): a denoiser's checkpoint or .onnx, a token
   * model's .onnx. Families whose exported files are not sampled leave it out.
   */
  streamSamples?(request: StreamSampleRequest, consume: ConsumeSamples): Promise<void>;
  /** `latentlab eval`: measures a run (or its exported file) and returns the records and a summary. */
  evaluate(request: EvalRequest): Promise<FamilyEvaluation>;
}
