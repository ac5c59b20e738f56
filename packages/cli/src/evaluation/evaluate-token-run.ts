import { cachedTokenModel, generateTokens, tokenModel } from '@latentlab/ar';
import { accuracyOf, classifierFeatures, featureFrechetDistance, realVsRealFloor } from '@latentlab/metrics';
import { type ParamStore, tensor } from '@latentlab/tensor';
import { type BackendName, useBackend } from '@latentlab/tfjs';
import { isTokenRun, type TokenRunState } from '../cards/token-model-card.js';
import { loadAnyRunCheckpoint } from '../checkpoint/run-state.js';
import { CliError } from '../errors.js';
import { type DatasetName, datasetEvaluation } from '../recipes/datasets.js';
import { loadTokenizer, tokenizeDataset } from '../tokens/tokenize-dataset.js';
import { runTfjsGraph } from '../training/tfjs-graph-runner.js';
import { decodeTokens } from '../training/token-plan.js';

/** One evaluated sampling setting of a token model, as `DIR/eval.jsonl` holds it. */
export interface TokenEvalRecord {
  recipe: string;
  dataset: string;
  checkpoint_step: number;
  task: 'tokens';
  samples: number;
  cfg: number;
  temperature: number;
  top_k: number;
  top_p: number;
  seed: number;
  fid: number;
  fid_floor: number;
  accuracy: number;
  /** Test-split negative log-likelihood of the tokenizer's tokens, bits per token (teacher forcing). */
  bits_per_token: number;
  reference: number;
  seconds: number;
}

/** A token-model run's checkpoint, or an error naming what the run is instead. */
export function loadTokenRun(directory: string): { weights: ParamStore; state: TokenRunState } {
  const { tensors, state } = loadAnyRunCheckpoint(directory);
  if (!isTokenRun(state)) throw new CliError(`${directory} is a ${state.recipe} run, not a token model`);
  const tokenizer = loadTokenizer(state.tokenizer.directory);
  if (tokenizer.id !== state.tokenizer.tokenizerId) {
    throw new CliError(
      `${directory} was trained on tokenizer ${state.tokenizer.tokenizerId} but ${state.tokenizer.directory} now holds tokenizer ${tokenizer.id} (retrained?): its tokens mean something else`,
    );
  }
  return { weights: tensors.ema, state };
}

const BATCH = 100;

/** Mean −log₂ p(token) over the test split's token grids (teacher forcing, the prefix graph, no dropout). */
async function testBitsPerToken(
  state: TokenRunState,
  weights: ParamStore,
  dataset: DatasetName,
): Promise<number> {
  const { kind: _kind, ...config } = state.modelConfig;
  const split = await tokenizeDataset(state.tokenizer.directory, dataset, 'test');
  const T = split.length;
  const V = config.vocabularySize;
  let total = 0;
  const count = split.labels.length;
  for (let start = 0; start < count; start += 500) {
    const end = Math.min(count, start + 500);
    const rows = end - start;
    const context = new Int32Array(rows * (T - 1));
    for (let row = 0; row < rows; row++) {
      context.set(split.tokens.subarray((start + row) * T, (start + row) * T + T - 1), row * (T - 1));
    }
    const logits = runTfjsGraph(tokenModel(config, 'prefix'), weights, {
      tokens: tensor(context, [rows, T - 1], 'int32'),
      class: tensor(split.labels.slice(start, end), [rows], 'int32'),
    })['logits']!.data as Float32Array; // (rows, T, V)
    for (let row = 0; row < rows; row++) {
      for (let position = 0; position < T; position++) {
        const offset = (row * T + position) * V;
        let largest = -Infinity;
        for (let v = 0; v < V; v++) largest = Math.max(largest, logits[offset + v]!);
        let sum = 0;
        for (let v = 0; v < V; v++) sum += Math.exp(logits[offset + v]! - largest);
        const target = split.tokens[(start + row) * T + position]!;
        total += Math.log(sum) + largest - logits[offset + target]!;
      }
    }
  }
  return total / (count * T) / Math.LN2;
}

/**
 * Generates class-balanced samples from a token model (KV cache, tfjs) at each guidance scale, decodes them
 * with its tokenizer, and scores them with the data set's classifier (FID beside the floor, accuracy); also
 * the test split's bits per token.
 */
export async function evaluateTokenRun(options: {
  checkpoint: string;
  samples: number;
  guidanceScales: readonly number[];
  temperature: number;
  topK: number;
  topP: number;
  seed: number;
  backend?: BackendName;
  onRecord?: (record: TokenEvalRecord) => void;
  onBatch?: (done: number, total: number) => void;
}): Promise<TokenEvalRecord[]> {
  const { weights, state } = loadTokenRun(options.checkpoint);
  const { kind: _kind, ...config } = state.modelConfig;
  const dataset = ((state['dataset'] as string | undefined) ?? 'mnist') as DatasetName;
  const evaluation = datasetEvaluation(dataset)!;
  if (options.samples % config.classes !== 0) {
    throw new CliError(`--samples ${options.samples}: expected a multiple of the ${config.classes} classes`);
  }
  await useBackend(options.backend ?? 'auto');
  const bits = await testBitsPerToken(state, weights, dataset);
  const reference = classifierFeatures(evaluation.loadTestImages(), evaluation.dataset).features;
  const floor = realVsRealFloor(evaluation.dataset);
  const records: TokenEvalRecord[] = [];
  const perClass = options.samples / config.classes;
  const labels = Int32Array.from({ length: options.samples }, (_, i) => Math.floor(i / perClass));
  for (const guidanceScale of options.guidanceScales) {
    const started = performance.now();
    const images = new Float32Array(options.samples * 784);
    for (let start = 0; start < options.samples; start += BATCH) {
      const batch = labels.slice(start, start + BATCH);
      const tokens = await generateTokens(
        cachedTokenModel(async (feeds) => runTfjsGraph(tokenModel(config, 'step'), weights, feeds), config),
        {
          labels: batch,
          length: config.sequenceLength,
          guidanceScale,
          nullClass: config.classes,
          temperature: options.temperature,
          topK: options.topK,
          topP: options.topP,
          seed: options.seed * 1_000_003 + start,
        },
      );
      images.set(decodeTokens(state.tokenizer.directory, tokens, batch.length).data, start * 784);
      options.onBatch?.(start + batch.length, options.samples);
    }
    const outputs = classifierFeatures(tensor(images, [options.samples, 1, 28, 28]), evaluation.dataset);
    const record: TokenEvalRecord = {
      recipe: state.recipe,
      dataset,
      checkpoint_step: state.step,
      task: 'tokens',
      samples: options.samples,
      cfg: guidanceScale,
      temperature: options.temperature,
      top_k: options.topK,
      top_p: options.topP,
      seed: options.seed,
      fid: featureFrechetDistance(outputs.features, reference),
      fid_floor: floor,
      accuracy: accuracyOf(outputs, labels),
      bits_per_token: bits,
      reference: reference.shape[0] as number,
      seconds: Math.round((performance.now() - started) / 10) / 100,
    };
    records.push(record);
    options.onRecord?.(record);
  }
  return records;
}
