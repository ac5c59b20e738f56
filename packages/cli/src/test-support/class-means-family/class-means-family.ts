import { accuracyOf, classifierFeatures, featureFrechetDistance } from '@latentlab/metrics';
import { exportOnnx } from '@latentlab/onnx';
import {
  CliError,
  datasetEvaluation,
  type EvalRecordBase,
  encodePng,
  floorAtSampleCount,
  imageGrid,
  loadAnyRunCheckpoint,
  type ModelFamily,
  type OnnxModelFile,
  type Recipe,
  type RunState,
  requireWritableOutput,
  runProvenance,
  runTfjsGraph,
} from '@latentlab/runs';
import { declareParams, MODEL_CARD_FORMAT, type ModelCard, tensor } from '@latentlab/tensor';
import { useBackend } from '@latentlab/tfjs';
import { writeFileAtomic } from '@latentlab/train';
import {
  CLASS_MEANS_INPUTS,
  type ClassMeansConfig,
  classMeansModel,
  classMeansObjective,
} from './class-means-model.js';

/**
 * A model family that exists only in tests, to show that a family is this folder and one `registerFamily`
 * line: its recipe, network, plan, card (its own kind), export, sampling and evaluation, none of which the
 * rest of latentlab knows about. It learns the mean image of each class (no noise, no sampler).
 */
export interface ClassMeansRecipe {
  name: string;
  description: string;
  dataset: 'mnist';
  classMeans: { classes: number };
  defaults: Record<string, number | string>;
}

export const classMeansMnist: ClassMeansRecipe = {
  name: 'class-means-mnist',
  description: 'test family: one learnt mean image per class',
  dataset: 'mnist',
  classMeans: { classes: 10 },
  defaults: { batchSize: 64, learningRate: 0.05, steps: 40, emaDecay: 0, sampleEvery: 0, checkpointEvery: 0 },
};

const IMAGE_SHAPE: [number, number, number] = [1, 28, 28];

/** One evaluation of the class means: the classifier's accuracy on them and their FID beside the floor. */
interface ClassMeansRecord extends EvalRecordBase {
  task: 'class-means';
  samples: number;
  accuracy: number;
  fid: number;
  fid_floor: number;
}

export const classMeans: ModelFamily<Recipe & ClassMeansRecipe> = {
  name: 'class-means',
  noun: 'a class-means model',
  cardKinds: ['class-means'],
  recipes: [classMeansMnist as unknown as Recipe],
  owns: (recipe): recipe is Recipe & ClassMeansRecipe => 'classMeans' in recipe,
  modelConfig: (recipe): ClassMeansConfig => ({
    kind: 'class-means',
    classes: recipe.classMeans.classes,
    imageShape: IMAGE_SHAPE,
  }),
  plan(recipe, _settings, modelConfig) {
    const config = modelConfig as ClassMeansConfig;
    const model = classMeansModel(config);
    return {
      model,
      modelConfig: config,
      initialParams: (rng) => declareParams(model, CLASS_MEANS_INPUTS, rng),
      objective: classMeansObjective,
      maintenance: [],
      state: { dataset: recipe.dataset },
      async writeSamples(weights, path) {
        const table = weights.get('means.weight')!.data as Float32Array;
        writeFileAtomic(path, encodePng(imageGrid(table, 1, config.classes, IMAGE_SHAPE)));
      },
    };
  },
  runCard: (directory, state) => classMeansCard(directory, state),
  exporter: {
    into: 'file',
    async run(checkpoint, path, options) {
      requireWritableOutput(path, 'path', options.force === true);
      const { tensors, state } = loadAnyRunCheckpoint(checkpoint);
      const config = state.modelConfig as unknown as ClassMeansConfig;
      const bytes = exportOnnx(classMeansModel(config), tensors.ema, CLASS_MEANS_INPUTS, {
        outputNames: ['x'],
        card: classMeansCard(checkpoint, state),
      });
      // Verified as every export is: onnxruntime-node against tfjs on every class.
      await useBackend('auto');
      const labels = tensor(
        Int32Array.from({ length: config.classes }, (_, c) => c),
        [config.classes],
        'int32',
      );
      const fromTfjs = runTfjsGraph(classMeansModel(config), tensors.ema, { class: labels })['output']!
        .data as Float32Array;
      const fromOnnx = await meansOfOnnx(bytes, config.classes);
      const maxAbsDiff = fromTfjs.reduce(
        (most, value, i) => Math.max(most, Math.abs(value - fromOnnx[i]!)),
        0,
      );
      if (!(maxAbsDiff <= 1e-4)) throw new CliError(`export check failed: ${maxAbsDiff} apart from tfjs`);
      writeFileAtomic(path, bytes);
      return [{ graph: 'means', path, bytes: bytes.length, maxAbsDiff }];
    },
  },
  async streamSamples(request, consume) {
    const { table, classes } = await meansOf(request);
    const rows = request.classes ? [...request.classes] : Array.from({ length: classes }, (_, c) => c);
    const perClass = request.perClass ?? 8;
    const labels = Int32Array.from(
      { length: rows.length * perClass },
      (_, i) => rows[Math.floor(i / perClass)]!,
    );
    await consume({ sampleShape: IMAGE_SHAPE, rows, perClass, total: labels.length }, async (onBatch) => {
      for (let start = 0; start < labels.length; start += request.batchSize) {
        const batch = labels.slice(start, start + request.batchSize);
        await onBatch({ samples: rowsOf(table, batch), labels: batch, start });
      }
    });
  },
  async evaluate(request) {
    const started = performance.now();
    const { table, classes, recipe, step } = await meansOf(request);
    const evaluation = datasetEvaluation('mnist')!;
    await useBackend(request.backend);
    const labels = Int32Array.from({ length: request.samples }, (_, i) => i % classes);
    const images = tensor(rowsOf(table, labels), [request.samples, ...IMAGE_SHAPE]);
    const outputs = classifierFeatures(images, evaluation.dataset);
    const reference = classifierFeatures(evaluation.loadTestImages(), evaluation.dataset).features;
    const record: ClassMeansRecord = {
      recipe,
      dataset: 'mnist',
      checkpoint_step: step,
      task: 'class-means',
      samples: request.samples,
      accuracy: accuracyOf(outputs, labels),
      fid: featureFrechetDistance(outputs.features, reference),
      fid_floor: floorAtSampleCount(evaluation, request.samples, classes, reference),
      seconds: Math.round((performance.now() - started) / 10) / 100,
    };
    const description = `${recipe} step ${step}: class means, accuracy ${(100 * record.accuracy).toFixed(1)}%, FID ${record.fid.toFixed(2)} (floor ${record.fid_floor.toFixed(2)})`;
    request.onRecord?.(record, description);
    return { records: [record], summary: description };
  },
};

function classMeansCard(directory: string, state: RunState<unknown>): ModelCard {
  const config = state.modelConfig as unknown as ClassMeansConfig;
  return {
    format: MODEL_CARD_FORMAT,
    kind: 'class-means',
    name: state.recipe,
    inputs: [{ name: 'class', role: 'class', shape: ['batch'], dtype: 'int32' }],
    outputs: [{ name: 'x', role: 'sample', shape: ['batch', ...config.imageShape], dtype: 'float32' }],
    family: { classes: config.classes, imageShape: config.imageShape },
    ...runProvenance(directory, state),
  };
}

/** The (classes, C·H·W) table of a checkpoint's EMA weights or of an exported file, and where it came from. */
async function meansOf(source: { checkpoint?: string; onnx?: OnnxModelFile }) {
  if (source.onnx) {
    const classes = source.onnx.card.family!['classes'] as number;
    const training = source.onnx.card.training;
    const table = await meansOfOnnx(source.onnx.bytes, classes);
    return { table, classes, recipe: training?.recipe ?? source.onnx.card.name, step: training?.steps ?? 0 };
  }
  const { tensors, state } = loadAnyRunCheckpoint(source.checkpoint!);
  const table = tensors.ema.get('means.weight')!.data as Float32Array;
  return {
    table,
    classes: (state.modelConfig as unknown as ClassMeansConfig).classes,
    recipe: state.recipe,
    step: state.step,
  };
}

async function meansOfOnnx(bytes: Uint8Array, classes: number): Promise<Float32Array> {
  const { createNodeRunner } = await import('@latentlab/onnx/node');
  const runner = await createNodeRunner(bytes);
  try {
    const labels = tensor(
      Int32Array.from({ length: classes }, (_, c) => c),
      [classes],
      'int32',
    );
    return (await runner.run({ class: labels }))['x']!.data as Float32Array;
  } finally {
    await runner.release();
  }
}

/** The table's rows for `labels`, one image each: (labels.length · C·H·W). */
function rowsOf(table: Float32Array, labels: Int32Array): Float32Array {
  const size = IMAGE_SHAPE[0] * IMAGE_SHAPE[1] * IMAGE_SHAPE[2];
  const out = new Float32Array(labels.length * size);
  labels.forEach((label, i) => {
    out.set(table.subarray(label * size, (label + 1) * size), i * size);
  });
  return out;
}
