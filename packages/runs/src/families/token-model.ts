import { type TokenRunState, tokenModelCard } from '../cards/token-model-card.js';
import { CliError } from '../errors.js';
import { evaluateOnnxTokens } from '../evaluation/evaluate-onnx-tokens.js';
import {
  describeTokenRecord,
  evaluateTokenRun,
  type TokenEvalOptions,
  type TokenEvalRecord,
} from '../evaluation/evaluate-token-run.js';
import { exportTokenModel } from '../export/export-token-model.js';
import { isTokenRecipe, type TokenRecipe } from '../recipes/recipe.js';
import { sampleTokenRun } from '../sampling/discrete-run-samples.js';
import { streamOnnxTokenSamples } from '../sampling/onnx-token-samples.js';
import type { TokenModelConfig } from '../tokens/token-model-config.js';
import { loadTokenizer } from '../tokens/tokenize-dataset.js';
import { tokenModelConfig, tokenPlan } from '../training/token-plan.js';
import { oneFileExport, requireSameInput } from './family-parts.js';
import type { EvalRequest, ModelFamily } from './model-family.js';

/** An AR or MaskGIT transformer over the token grids of a VQ-VAE or FSQ run (`--tokenizer DIR`). */
export const tokenModel: ModelFamily<TokenRecipe> = {
  name: 'token-model',
  noun: 'a token model',
  cardKinds: ['token-model'],
  owns: (recipe): recipe is TokenRecipe => isTokenRecipe(recipe),
  settingDefaults: (recipe) => ({
    model: { hidden: recipe.model.width, depth: recipe.model.depth, heads: recipe.model.heads },
  }),
  modelConfig: (recipe, settings) => tokenModelConfig(recipe, settings),
  requireSameInputs(saved, settings, out) {
    // The tokens it learnt are that tokenizer's.
    const before = (saved['tokenizer'] as { tokenizerId?: string; directory?: string } | undefined) ?? {};
    requireSameInput(
      out,
      { field: 'tokenizer', noun: 'tokenizer', relation: 'trained on', given: settings.tokenizer! },
      { id: before.tokenizerId, directory: before.directory },
      loadTokenizer(settings.tokenizer!).id,
    );
  },
  plan: (recipe, settings, modelConfig) => tokenPlan(recipe, settings, modelConfig as TokenModelConfig),
  runCard: (directory, state) => tokenModelCard(directory, state as TokenRunState),
  exporter: oneFileExport('tokens', exportTokenModel),
  sampleGrid: (request) => sampleTokenRun(request),
  async streamSamples(request, consume) {
    // A checkpoint draws its decoded class rows through sampleGrid; an exported file through the app's pipeline.
    if (!request.onnx)
      throw new CliError(`${request.checkpoint}: a token model's checkpoint samples as a png grid`);
    await streamOnnxTokenSamples(
      {
        tokens: request.onnx,
        ...(request.decoder !== undefined ? { decoder: request.decoder } : {}),
        ...(request.classes !== undefined ? { classes: request.classes } : {}),
        ...(request.perClass !== undefined ? { perClass: request.perClass } : {}),
        guidanceScale: request.guidanceScale,
        iterations: request.steps,
        seed: request.seed,
        batchSize: request.batchSize,
      },
      consume,
    );
  },
  async evaluate(request) {
    const options = tokenEvalOptions(request);
    const records = request.onnx
      ? await evaluateOnnxTokens(request.onnx, {
          ...options,
          batchSize: request.batchSize,
          ...(request.decoder !== undefined ? { decoder: request.decoder } : {}),
        })
      : await evaluateTokenRun(options);
    const first = records[0]!;
    const bits =
      first.bits_per_token === null
        ? 'bits per token not measured (an exported file)'
        : `test bits per token ${first.bits_per_token.toFixed(4)}`;
    const lines = records.map((record) => `  ${describeTokenRecord(record)}`);
    return {
      records,
      summary: [`${first.recipe} step ${first.checkpoint_step}: ${bits}`, ...lines].join('\n'),
    };
  },
};

/** The token evaluation's options from `latentlab eval`'s request. */
function tokenEvalOptions(request: EvalRequest): TokenEvalOptions {
  return {
    checkpoint: request.checkpoint,
    samples: request.samples,
    guidanceScales: request.guidanceScales,
    iterationsList: request.stepsList,
    temperature: request.temperature,
    topK: request.topK,
    topP: request.topP,
    seed: request.seed,
    ...(request.referenceCount !== undefined ? { referenceCount: request.referenceCount } : {}),
    backend: request.backend,
    onSettingStart: (setting) => {
      const advance = request.progress?.(
        `${setting.steps} steps cfg ${setting.guidanceScale}: sampling`,
        setting.total,
      );
      return (done) => advance?.(done);
    },
    onRecord: (record: TokenEvalRecord) => request.onRecord?.(record, describeTokenRecord(record)),
  };
}
