import type { ModelCard } from '@latentlab/tensor';
import type { RunState } from '../checkpoint/run-state.js';
import type { ExportedGraph } from '../export/exported-graph.js';
import type { Recipe } from '../recipes/recipe.js';
import type { DiscreteSampleRequest } from '../sampling/discrete-run-samples.js';
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

/**
 * One family of models: which recipes are its own, the network config a run of it saves, the other runs it
 * depends on (a tokenizer, an autoencoder, a teacher) checked on resume, the training plan, the card of
 * its runs and their export. The training loop (`fit`), checkpoints and progress are the same for every family.
 */
export interface ModelFamily<R extends Recipe = Recipe> {
  readonly name: FamilyName;
  /** What its runs are called in messages: 'a denoiser', 'an autoencoder', 'a token model', … */
  readonly noun: string;
  /** Whether `recipe` is this family's (the registry asks the families in its order). */
  owns(recipe: Recipe): recipe is R;
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
}
