import { cosineMaskRatio, tokenModel } from '@latentlab/ar';
import { accuracyOf, classifierFeatures, featureFrechetDistance } from '@latentlab/metrics';
import { createRng, type ParamStore, tensor } from '@latentlab/tensor';
import { type BackendName, useBackend } from '@latentlab/tfjs';
import { isTokenRun, type TokenRunState } from '../cards/token-model-card.js';
import { loadAnyRunCheckpoint } from '../checkpoint/run-state.js';
import { CliError } from '../errors.js';
import { type DatasetName, datasetEvaluation } from '../recipes/datasets.js';
import { loadTokenizer, tokenizeDataset } from '../tokens/tokenize-dataset.js';
import { runTfjsGraph } from '../training/tfjs-graph-runner.js';
import { decodeTokens, sampleTokenGrids, tfjsSamplingRunner } from '../training/token-plan.js';
import { firstImages } from './evaluate-run.js';
import { floorAtSampleCount } from './sample-count-floor.js';

/** One evaluated sampling setting of a token model, as `DIR/eval.jsonl` holds it. */
export interface TokenEvalRecord {
  recipe: string;
  dataset: string;
  checkpoint_step: number;
  task: 'tokens';
  /** 'ar' or 'maskgit'. */
  architecture: string;
  samples: number;
  /** Network evaluations per image: the sequence length for AR (one cached step per token), MaskGIT's iterations. */
  steps: number;
  cfg: number;
  temperature: number;
  top_k: number;
  top_p: number;
  seed: number;
  fid: number;
  /** Real-vs-real floor at `floor_samples` (= samples) real training images against the same reference. */
  fid_floor: number;
  floor_samples: number;
  accuracy: number;
  /**
   * Test-split negative log-likelihood of the tokenizer's tokens, bits per token (teacher forcing); null
   * for an exported file (`eval --onnx`: its graphs are the sampling ones).
   */
  bits_per_token: number | null;
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

/**
 * Mean −log₂ p(token) over the test split's token grids: AR with teacher forcing (the prefix graph), MaskGIT
 * at the masked positions of a seeded draw of its training masks (the masked graph); no label dropout.
 */
async function testBitsPerToken(
  state: TokenRunState,
  weights: ParamStore,
  dataset: DatasetName,
): Promise<number> {
  const { kind, ...config } = state.modelConfig;
  const split = await tokenizeDataset(state.tokenizer.directory, dataset, 'test');
  const T = split.length;
  const V = config.vocabularySize;
  const rng = createRng(12345);
  let total = 0;
  let scored = 0;
  const count = split.labels.length;
  for (let start = 0; start < count; start += 500) {
    const end = Math.min(count, start + 500);
    const rows = end - start;
    const grids = split.tokens.slice(start * T, end * T);
    let inputs: Int32Array;
    let scoredAt: (row: number, position: number) => boolean;
    if (kind === 'maskgit') {
      inputs = grids.slice();
      const ratios = rng.uniform(rows);
      const keys = rng.uniform(rows * T);
      const masked = new Uint8Array(rows * T);
      for (let row = 0; row < rows; row++) {
        const n = Math.max(1, Math.ceil(cosineMaskRatio(ratios[row]!) * T));
        const order = Array.from({ length: T }, (_, p) => p).sort(
          (a, b) => keys[row * T + a]! - keys[row * T + b]!,
        );
        for (const position of order.slice(0, n)) {
          masked[row * T + position] = 1;
          inputs[row * T + position] = V;
        }
      }
      scoredAt = (row, position) => masked[row * T + position] === 1;
    } else {
      inputs = new Int32Array(rows * (T - 1));
      for (let row = 0; row < rows; row++)
        inputs.set(grids.subarray(row * T, row * T + T - 1), row * (T - 1));
      scoredAt = () => true;
    }
    const logits = runTfjsGraph(tokenModel(config, kind === 'maskgit' ? 'masked' : 'prefix'), weights, {
      tokens: tensor(inputs, [rows, kind === 'maskgit' ? T : T - 1], 'int32'),
      class: tensor(split.labels.slice(start, end), [rows], 'int32'),
    })['logits']!.data as Float32Array; // (rows, T, V)
    for (let row = 0; row < rows; row++) {
      for (let position = 0; position < T; position++) {
        if (!scoredAt(row, position)) continue;
        const offset = (row * T + position) * V;
        let largest = -Infinity;
        for (let v = 0; v < V; v++) largest = Math.max(largest, logits[offset + v]!);
        let sum = 0;
        for (let v = 0; v < V; v++) sum += Math.exp(logits[offset + v]! - largest);
        total += Math.log(sum) + largest - logits[offset + grids[row * T + position]!]!;
        scored += 1;
      }
    }
  }
  return total / scored / Math.LN2;
}

/** What `evaluateTokenRun` (a checkpoint) and `evaluateOnnxTokens` (an exported file) are asked. */
export interface TokenEvalOptions {
  checkpoint: string;
  samples: number;
  guidanceScales: readonly number[];
  /** MaskGIT's decoding iterations, one setting each (ignored for AR). */
  iterationsList: readonly number[];
  temperature: number;
  topK: number;
  topP: number;
  seed: number;
  /** Compare with the first this many test images (default: the whole test split). */
  referenceCount?: number;
  backend?: BackendName;
  onRecord?: (record: TokenEvalRecord) => void;
  /** Hears that a setting's sampling starts; gets back a function told of the finished count. */
  onSettingStart?: (setting: {
    steps: number;
    guidanceScale: number;
    total: number;
  }) => (done: number) => void;
}

/** The evaluated token model, whichever way it runs. */
export interface TokenModelUnderTest {
  recipe: string;
  dataset: DatasetName;
  step: number;
  architecture: string;
  classes: number;
  sequenceLength: number;
  /** Test bits per token, when measured (a checkpoint: teacher forcing; an exported file: not measured). */
  bitsPerToken: number | null;
  /**
   * Draws images for `labels` at a setting (model space, [−1, 1]; (N, C, H, W) flat) and tells `onBatch` the
   * finished count.
   */
  draw(
    labels: Int32Array,
    setting: { iterations: number; guidanceScale: number },
    onBatch: (done: number) => void,
  ): Promise<{ images: Float32Array; imageShape: number[] }>;
}

/**
 * Generates class-balanced samples from a token model (KV cache, tfjs) at each guidance scale, decodes them
 * with its tokenizer, and scores them with the data set's classifier (FID beside the floor, accuracy); also
 * the test split's bits per token.
 */
export async function evaluateTokenRun(options: TokenEvalOptions): Promise<TokenEvalRecord[]> {
  const { weights, state } = loadTokenRun(options.checkpoint);
  const { kind, ...config } = state.modelConfig;
  const dataset = ((state['dataset'] as string | undefined) ?? 'mnist') as DatasetName;
  await useBackend(options.backend ?? 'auto');
  requireBalanced(options.samples, config.classes);
  return scoreTokenModel(
    {
      recipe: state.recipe,
      dataset,
      step: state.step,
      architecture: kind,
      classes: config.classes,
      sequenceLength: config.sequenceLength,
      bitsPerToken: await testBitsPerToken(state, weights, dataset),
      async draw(labels, { iterations, guidanceScale }, onBatch) {
        const images = new Float32Array(labels.length * 784);
        for (let start = 0; start < labels.length; start += BATCH) {
          const batch = labels.slice(start, start + BATCH);
          const tokens = await sampleTokenGrids(
            state.modelConfig,
            tfjsSamplingRunner(state.modelConfig, weights),
            {
              labels: batch,
              guidanceScale,
              iterations,
              temperature: options.temperature,
              topK: options.topK,
              topP: options.topP,
              seed: options.seed * 1_000_003 + start,
            },
          );
          images.set(decodeTokens(state.tokenizer.directory, tokens, batch.length).data, start * 784);
          onBatch(start + batch.length);
        }
        return { images, imageShape: [1, 28, 28] };
      },
    },
    options,
  );
}

/** Refuses a sample count that is not the same positive count per class. */
export function requireBalanced(samples: number, classes: number): void {
  if (!(samples > 0 && samples % classes === 0)) {
    throw new CliError(`samples ${samples}: expected a positive multiple of the ${classes} classes`);
  }
}

/**
 * Scores `model` at every setting (MaskGIT: iterations × guidance scales; AR: the guidance scales):
 * classifier FID of its class-balanced samples against the test split, beside the floor at the same count,
 * and class accuracy.
 */
export async function scoreTokenModel(
  model: TokenModelUnderTest,
  options: TokenEvalOptions,
): Promise<TokenEvalRecord[]> {
  const evaluation = datasetEvaluation(model.dataset);
  if (!evaluation) throw new CliError(`${options.checkpoint}: ${model.dataset} has no metrics classifier`);
  requireBalanced(options.samples, model.classes);
  const referenceImages = firstImages(evaluation.loadTestImages(), options.referenceCount); // (R, 1, 28, 28)
  const reference = classifierFeatures(referenceImages, evaluation.dataset).features;
  const floor = floorAtSampleCount(evaluation, options.samples, model.classes, reference);
  const records: TokenEvalRecord[] = [];
  const perClass = options.samples / model.classes;
  const labels = Int32Array.from({ length: options.samples }, (_, i) => Math.floor(i / perClass));
  const settings = (
    model.architecture === 'maskgit' ? options.iterationsList : [model.sequenceLength]
  ).flatMap((iterations) => options.guidanceScales.map((guidanceScale) => ({ iterations, guidanceScale })));
  for (const setting of settings) {
    const started = performance.now();
    const onBatch =
      options.onSettingStart?.({
        steps: setting.iterations,
        guidanceScale: setting.guidanceScale,
        total: options.samples,
      }) ?? (() => {});
    const { images, imageShape } = await model.draw(labels, setting, onBatch);
    const outputs = classifierFeatures(tensor(images, [options.samples, ...imageShape]), evaluation.dataset);
    const record: TokenEvalRecord = {
      recipe: model.recipe,
      dataset: model.dataset,
      checkpoint_step: model.step,
      task: 'tokens',
      architecture: model.architecture,
      samples: options.samples,
      steps: setting.iterations,
      cfg: setting.guidanceScale,
      temperature: options.temperature,
      top_k: options.topK,
      top_p: options.topP,
      seed: options.seed,
      fid: featureFrechetDistance(outputs.features, reference),
      fid_floor: floor,
      floor_samples: options.samples,
      accuracy: accuracyOf(outputs, labels),
      bits_per_token: model.bitsPerToken,
      reference: reference.shape[0] as number,
      seconds: Math.round((performance.now() - started) / 10) / 100,
    };
    records.push(record);
    options.onRecord?.(record);
  }
  return records;
}

/** One line for a token model's record, as it finishes. */
export function describeTokenRecord(record: TokenEvalRecord): string {
  return `${record.architecture} ${record.steps} steps, cfg ${record.cfg}: FID ${record.fid.toFixed(2)} (floor ${record.fid_floor.toFixed(2)}), accuracy ${(100 * record.accuracy).toFixed(2)}%, ${record.seconds} s`;
}
