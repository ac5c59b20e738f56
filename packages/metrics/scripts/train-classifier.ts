/**
 * Trains the feature classifier of one dataset and writes weights/<dataset>-classifier.safetensors.
 *   pnpm --filter @latentlab/metrics train:mnist      (or train:fashion)
 *   tsx scripts/train-classifier.ts <mnist|fashion-mnist> [scheduleEpochs = 2] [stopAfterEpochs = scheduleEpochs]
 * Recipe: AdamW (lr 2e-3, weight decay 0.01, β = (0.9, 0.999)), 100 warm-up steps then cosine decay to 0,
 * batch 64, cross-entropy, seeded batches, random shifts of up to ±2 px (LATENTLAB_MAX_SHIFT), trained with
 * @latentlab/train's `fit` and `crossEntropyObjective` on the
 * `native` backend (LATENTLAB_BACKEND=cpu for pure JS). After every epoch it measures the full test split and writes the weights (atomically), so the file always holds a finished epoch; at the
 * end it stores the real-vs-real floor in the file's metadata (scripts/measure-floor.ts).
 */
import { renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type LabeledImages, loadFashionMnist, loadMnist, toFloatImages } from '@latentlab/data';
import { createRng, type ParamStore, tensor, writeSafetensors } from '@latentlab/tensor';
import { useBackend } from '@latentlab/tfjs';
import { crossEntropyObjective, fit, labeledBatches, warmupCosine } from '@latentlab/train';
import { classifierModel, initClassifier } from '../src/classifier.js';
import { runClassifier } from '../src/features.js';
import { type ClassifierDataset, weightsFileName } from '../src/weights-file.js';
import { storeFloor } from './measure-floor.js';
import { randomShift } from './random-shift.js';

const dataset = process.argv[2] as ClassifierDataset;
if (dataset !== 'mnist' && dataset !== 'fashion-mnist') {
  throw new Error(`unknown dataset '${process.argv[2]}': expected 'mnist' or 'fashion-mnist'`);
}
/** Length of the learning-rate schedule, in epochs. */
const EPOCHS = Number(process.argv[3] ?? 2);
/** Training stops after this many epochs (≤ EPOCHS), e.g. to bound the run time; the shipped weights ran all. */
const STOP_AFTER_EPOCHS = Number(process.argv[4] ?? EPOCHS);
const SEED = 0;
const BATCH_SIZE = 64;
const LEARNING_RATE = 2e-3;
const WARMUP_STEPS = 100;
const WEIGHT_DECAY = 0.01;
/** Whole-pixel random translation of every training image, up to this many pixels per axis (0 = none). */
const MAX_SHIFT = Number(process.env['LATENTLAB_MAX_SHIFT'] ?? 2);
const RECIPE = `AdamW lr ${LEARNING_RATE} wd ${WEIGHT_DECAY}, ${WARMUP_STEPS} warm-up steps + cosine over ${EPOCHS} epochs, batch ${BATCH_SIZE}, cross-entropy, ${MAX_SHIFT > 0 ? `random shifts of up to ±${MAX_SHIFT} px` : 'no augmentation'}`;

const backend = await useBackend(
  (process.env['LATENTLAB_BACKEND'] as 'native' | 'cpu' | undefined) ?? 'native',
);
console.log(`backend ${backend.name}`);
const load = (split: 'train' | 'test'): LabeledImages =>
  dataset === 'mnist' ? loadMnist({ split }) : loadFashionMnist({ split });
const train = load('train');
const test = load('test');
const trainSize = train.labels.data.length;
const stepsPerEpoch = Math.floor(trainSize / BATCH_SIZE);
const totalSteps = EPOCHS * stepsPerEpoch;

const started = performance.now();
const minutes = () => ((performance.now() - started) / 60_000).toFixed(1);
const trainImages = toFloatImages(train.images); // (N, 1, 28, 28) in [−1, 1]

let runningLoss = 0;
await fit({
  model: classifierModel,
  params: initClassifier(createRng(SEED)),
  objective: crossEntropyObjective({
    classes: 10,
    ...(MAX_SHIFT > 0 && {
      augment: (x, rng) =>
        tensor(randomShift(x.data as Float32Array, x.shape[0]!, 28, 28, MAX_SHIFT, rng), x.shape),
    }),
  }),
  batches: labeledBatches(
    { examples: trainImages.data, labels: train.labels.data, exampleShape: trainImages.shape.slice(1) },
    { batchSize: BATCH_SIZE, seed: SEED },
  ),
  steps: STOP_AFTER_EPOCHS * stepsPerEpoch,
  rng: createRng(SEED).split(7), // step n's augmentation draws from .split(n)
  optimizer: { learningRate: LEARNING_RATE, weightDecay: WEIGHT_DECAY },
  // Linear warm-up, then cosine decay (Loshchilov & Hutter 2017) to 0 at the last step.
  learningRate: warmupCosine({ peak: LEARNING_RATE, warmupSteps: WARMUP_STEPS, totalSteps }),
  onStep: ({ step, loss, weights }) => {
    runningLoss = step === 1 ? loss : 0.98 * runningLoss + 0.02 * loss;
    if (step % 50 === 0)
      console.log(`step ${step}/${totalSteps} loss ${runningLoss.toFixed(4)} (${minutes()} min)`);
    if (step % stepsPerEpoch === 0) saveEpoch(step / stepsPerEpoch, weights());
  },
});
console.log(`real-vs-real floor ${storeFloor(dataset).toFixed(4)} (${minutes()} min)`);

function saveEpoch(epoch: number, store: ParamStore): void {
  const { logits } = runClassifier(toFloatImages(test.images), store);
  let correct = 0;
  for (let i = 0; i < test.labels.data.length; i++) {
    const row = logits.data.subarray(i * 10, i * 10 + 10);
    if (row.indexOf(Math.max(...row)) === test.labels.data[i]) correct++;
  }
  const accuracy = correct / test.labels.data.length;
  console.log(
    `epoch ${epoch}: test accuracy ${(100 * accuracy).toFixed(2)}% on ${test.labels.data.length} images (${minutes()} min)`,
  );
  const bytes = writeSafetensors(store, {
    dataset,
    recipe: RECIPE,
    epochs: String(epoch),
    schedule_epochs: String(EPOCHS),
    seed: String(SEED),
    test_accuracy: accuracy.toFixed(4),
    train_minutes: minutes(),
  });
  const path = join(dirname(fileURLToPath(import.meta.url)), '..', 'weights', weightsFileName(dataset));
  writeFileSync(`${path}.partial`, bytes);
  renameSync(`${path}.partial`, path);
  console.log(`wrote ${path} (${bytes.length} bytes)`);
}
