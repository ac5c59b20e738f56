import { DEFAULT_DIT_INITIALIZATION } from '@latentlab/dit';
import { runModelCard } from '../cards/run-card.js';
import type { RunState } from '../checkpoint/run-state.js';
import { FieldError } from '../errors.js';
import { describeRecord, formatEvalSummary } from '../evaluation/eval-summary.js';
import { evaluateRun } from '../evaluation/evaluate-run.js';
import { exportRun } from '../export/export-run.js';
import type { ExportedGraph } from '../export/exported-graph.js';
import type { DiffusionRecipe } from '../recipes/recipe.js';
import { samplesInBatches } from '../sampling/batched-samples.js';
import { streamSampleRun } from '../sampling/sample-run.js';
import type { EvalRequest, FamilyEvaluation, FamilyExport, ModelFamily } from './model-family.js';

/** An export to one `.onnx` file, reported as the one graph `graph`. */
export function oneFileExport(
  graph: string,
  exportFile: (...args: Parameters<FamilyExport['run']>) => Promise<Omit<ExportedGraph, 'graph'>>,
): FamilyExport {
  return { into: 'file', run: async (...args) => [{ graph, ...(await exportFile(...args)) }] };
}

/**
 * What every denoiser family (pixel, latent, distilled) does alike: its `denoiser` card, and sampling and
 * evaluation of a checkpoint or an exported `.onnx` through the batched samplers.
 */
export const denoiserParts: Pick<ModelFamily, 'cardKinds' | 'runCard' | 'streamSamples' | 'evaluate'> = {
  cardKinds: ['denoiser'],
  runCard: (directory, state) => runModelCard(directory, state as RunState),
  async streamSamples(request, consume) {
    const { onnx, decoder, ...options } = request;
    if (decoder !== undefined) {
      throw new FieldError(
        'decoder',
        decoder,
        'only a token model takes one (a latent denoiser names its decoder in its card)',
      );
    }
    await streamSampleRun({ ...options, onnx: onnx?.path }, (plan, batched) =>
      consume(plan, (onBatch) => samplesInBatches({ ...batched, onBatch })),
    );
  },
  evaluate: (request) => evaluateDenoiser(request),
};

/** The card, sampling, evaluation and one-file export of a denoiser run (pixel or distilled). */
export const denoiserRunParts: Pick<
  ModelFamily,
  'cardKinds' | 'runCard' | 'streamSamples' | 'evaluate' | 'exporter'
> = { ...denoiserParts, exporter: oneFileExport('denoiser', exportRun) };

/** `latentlab eval` of a denoiser: FID beside the floor and accuracy at each steps × cfg setting. */
async function evaluateDenoiser(request: EvalRequest): Promise<FamilyEvaluation> {
  let advance: ((finished: number) => void) | undefined;
  let finished = 0;
  const evaluation = await evaluateRun({
    ...request,
    onnx: request.onnx?.path,
    onSettingStart: (setting) => {
      finished = 0;
      advance = request.progress?.(
        `steps ${setting.steps} cfg ${setting.guidanceScale}: sampling`,
        setting.total,
      );
    },
    onBatch: (batch) => {
      finished += batch.labels.length;
      advance?.(finished);
    },
    onRecord: (record) => request.onRecord?.(record, describeRecord(record)),
  });
  return { records: evaluation.records, summary: formatEvalSummary(evaluation, request.checkpoint) };
}

/**
 * Refuses to resume `out` on another input run than the one it started with (the tokens, latents or
 * targets it learnt are that run's): "tokenizer GIVEN: is tokenizer B, but OUT was trained on tokenizer A
 * (DIR); it resumes only on that one" — the field as the command's flag there (`--tokenizer`).
 */
export function requireSameInput(
  out: string,
  input: { field: string; noun: string; relation: string; given: string },
  before: { id?: string | undefined; directory?: string | undefined },
  now: string,
): void {
  if (before.id === now) return;
  throw new FieldError(
    input.field,
    input.given,
    `is ${input.noun} ${now}, but ${out} was ${input.relation} ${input.noun} ${before.id} (${before.directory}); it resumes only on that one`,
  );
}
/** The model-size settings of a diffusion recipe's network (DiT or MLP), and a DiT's default initialisation. */
export function diffusionSettingDefaults(
  recipe: DiffusionRecipe,
): ReturnType<NonNullable<ModelFamily['settingDefaults']>> {
  const model = recipe.model;
  if (model.kind === 'mlp') return { model: { hidden: model.hiddenSize, depth: model.depth } };
  return {
    model: {
      hidden: model.hiddenSize,
      depth: model.depth,
      heads: model.heads,
      patch: model.patchSize,
      positionEmbedding: model.positionEmbedding,
    },
    initialization: { ...DEFAULT_DIT_INITIALIZATION },
  };
}
