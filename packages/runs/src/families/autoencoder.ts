import { autoencoderCard } from '../cards/autoencoder-card.js';
import type { AutoencoderRunState } from '../checkpoint/run-state.js';
import { CliError } from '../errors.js';
import { describeReconstruction, evaluateAutoencoder } from '../evaluation/evaluate-autoencoder.js';
import { exportAutoencoder } from '../export/export-autoencoder.js';
import { type AutoencoderRecipe, isAutoencoderRecipe } from '../recipes/recipe.js';
import { sampleAutoencoderRun } from '../sampling/discrete-run-samples.js';
import { autoencoderPlan } from '../training/autoencoder-plan.js';
import type { ModelFamily } from './model-family.js';

/** A VAE, VQ-VAE or FSQ autoencoder trained to reconstruct its data set. */
export const autoencoder: ModelFamily<AutoencoderRecipe> = {
  name: 'autoencoder',
  noun: 'an autoencoder',
  cardKinds: ['autoencoder', 'encoder', 'decoder', 'quantizer'],
  owns: (recipe): recipe is AutoencoderRecipe => isAutoencoderRecipe(recipe),
  modelConfig: (recipe) => recipe.model,
  plan: (recipe) => autoencoderPlan(recipe),
  runCard: (directory, state) => autoencoderCard(directory, state as AutoencoderRunState, 'reconstruct'),
  exporter: {
    into: 'folder',
    why: 'it exports several graphs',
    run: (checkpoint, path, options) => exportAutoencoder(checkpoint, path, options),
  },
  sampleGrid: (request) => sampleAutoencoderRun(request),
  async evaluate(request) {
    if (request.onnx) {
      throw new CliError(
        `${request.onnx.path} is one graph of an exported autoencoder: evaluate the run (its checkpoint) instead`,
      );
    }
    const advance = request.progress?.('reconstructing the test split', request.samples);
    const record = await evaluateAutoencoder({
      checkpoint: request.checkpoint,
      images: request.samples,
      backend: request.backend,
      onBatch: (finished) => advance?.(finished),
    });
    const description = describeReconstruction(record);
    request.onRecord?.(record, description);
    return { records: [record], summary: description };
  },
};
