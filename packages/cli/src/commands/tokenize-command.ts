import {
  CliError,
  CountProgress,
  DATASETS,
  type DatasetName,
  loadTokenizer,
  tokenizeDataset,
  tokensFile,
} from '@latentlab/runs';
import { type FlagSpecs, parseFlags } from '../arguments.js';

export const TOKENIZE_FLAGS: FlagSpecs = {
  tokenizer: { kind: 'string', description: 'a VQ-VAE or FSQ run directory written by latentlab train' },
  dataset: {
    kind: 'choice',
    choices: DATASETS.filter((dataset) => dataset !== 'two-moons'),
    description: "the data set to tokenize (default: the tokenizer's own)",
  },
};

/**
 * `latentlab tokenize`: the token grids of a data set's train and test splits under a tokenizer, written
 * once into its run folder (`tokens-<dataset>-<split>.safetensors`, with the tokenizer's id) so token
 * models train and evaluate without running the encoder again.
 */
export async function tokenizeCommand(argv: readonly string[]): Promise<void> {
  const flags = parseFlags(argv, TOKENIZE_FLAGS, 'tokenize');
  const directory = flags.get('tokenizer') as string | undefined;
  if (!directory) throw new CliError('--tokenizer DIR (a vqvae-* or fsq-* run) is required');
  const tokenizer = loadTokenizer(directory);
  const dataset = ((flags.get('dataset') as string | undefined) ??
    (tokenizer.state['dataset'] as string | undefined) ??
    'mnist') as DatasetName;
  for (const split of ['train', 'test'] as const) {
    let done = 0;
    const progress = new CountProgress(
      process.stderr,
      `tokenizing ${dataset} ${split}`,
      split === 'train' ? 60_000 : 10_000,
    );
    const tokens = await tokenizeDataset(directory, dataset, split, (finished) => {
      progress.advance(finished - done);
      done = finished;
    });
    process.stdout.write(
      `${tokensFile(directory, dataset, split)}: ${tokens.labels.length} grids of ${tokens.length} tokens (vocabulary ${tokens.vocabularySize}, tokenizer ${tokens.tokenizerId})\n`,
    );
  }
}
