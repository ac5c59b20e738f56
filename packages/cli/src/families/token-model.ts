import { type TokenRunState, tokenModelCard } from '../cards/token-model-card.js';
import { exportTokenModel } from '../export/export-token-model.js';
import { isTokenRecipe, type TokenRecipe } from '../recipes/recipe.js';
import { sampleTokenRun } from '../sampling/discrete-run-samples.js';
import type { TokenModelConfig } from '../tokens/token-model-config.js';
import { loadTokenizer } from '../tokens/tokenize-dataset.js';
import { tokenModelConfig, tokenPlan } from '../training/token-plan.js';
import { oneFileExport, requireSameInput } from './family-parts.js';
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
    requireSameInput(
      out,
      { flag: 'tokenizer', noun: 'tokenizer', relation: 'trained on', given: settings.tokenizer! },
      { id: before.tokenizerId, directory: before.directory },
      loadTokenizer(settings.tokenizer!).id,
    );
  },
  plan: (recipe, settings, modelConfig) => tokenPlan(recipe, settings, modelConfig as TokenModelConfig),
  runCard: (directory, state) => tokenModelCard(directory, state as TokenRunState),
  exporter: oneFileExport('tokens', exportTokenModel),
  sampleGrid: (request) => sampleTokenRun(request),
};
