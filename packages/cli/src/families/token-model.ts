import { type TokenRunState, tokenModelCard } from '../cards/token-model-card.js';
import { CliError } from '../errors.js';
import { exportTokenModel } from '../export/export-token-model.js';
import { isTokenRecipe, type TokenRecipe } from '../recipes/recipe.js';
import { sampleTokenRun } from '../sampling/discrete-run-samples.js';
import type { TokenModelConfig } from '../tokens/token-model-config.js';
import { loadTokenizer } from '../tokens/tokenize-dataset.js';
import { tokenModelConfig, tokenPlan } from '../training/token-plan.js';
import type { ModelFamily } from './model-family.js';

/** An AR or MaskGIT transformer over the token grids of a VQ-VAE or FSQ run (`--tokenizer DIR`). */
export const tokenModel: ModelFamily<TokenRecipe> = {
  name: 'token-model',
  noun: 'a token model',
  owns: (recipe): recipe is TokenRecipe => isTokenRecipe(recipe),
  modelConfig: (recipe, settings) => tokenModelConfig(recipe, settings),
  requireSameInputs(saved, settings, out) {
    // The tokens it learnt are that tokenizer's.
    const before = (saved['tokenizer'] as { tokenizerId?: string; directory?: string } | undefined) ?? {};
    const now = loadTokenizer(settings.tokenizer!).id;
    if (before.tokenizerId !== now) {
      throw new CliError(
        `cannot resume ${out}: it was trained on tokenizer ${before.tokenizerId} (${before.directory}) but --tokenizer ${settings.tokenizer} is tokenizer ${now}`,
      );
    }
  },
  plan: (recipe, settings, modelConfig) => tokenPlan(recipe, settings, modelConfig as TokenModelConfig),
  runCard: (directory, state) => tokenModelCard(directory, state as TokenRunState),
  exporter: {
    into: 'file',
    run: async (checkpoint, path, options) => [
      { graph: 'tokens', ...(await exportTokenModel(checkpoint, path, options)) },
    ],
  },
  sampleGrid: (request) => sampleTokenRun(request),
};
