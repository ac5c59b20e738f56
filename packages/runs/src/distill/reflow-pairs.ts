import { readFileSync } from 'node:fs';
import { readSafetensors, tensor, writeSafetensors } from '@latentlab/tensor';
import { writeFileAtomic } from '@latentlab/train';
import { FieldError } from '../errors.js';
import { samplesInBatches } from '../sampling/batched-samples.js';
import { streamSampleRun } from '../sampling/sample-run.js';
import { openTeacherRun } from './teacher-run.js';

/** How a pairs file was made: the teacher and its sampling (in the file's metadata). */
export interface ReflowPairsInfo {
  teacher: string;
  teacherId: string;
  count: number;
  steps: number;
  guidanceScale: number;
  sampler: string;
  seed: number;
}

/** A reflow coupling on disk: (noise, sample) pairs (N, 2, …) of the teacher's ODE and their labels. */
export interface ReflowPairs {
  pairs: Float32Array; // (N, 2, …sampleShape), noise first
  labels: Int32Array; // (N)
  sampleShape: number[];
  info: ReflowPairsInfo;
}

export interface WritePairsOptions {
  teacher: string;
  out: string;
  /** Pairs, balanced over the classes (a multiple of the class count). */
  count: number;
  steps: number;
  guidanceScale: number;
  seed: number;
  onProgress?: (done: number) => void;
}

/**
 * Runs the teacher's probability-flow ODE (Euler, deterministic; onnxruntime-node) from `count` noises,
 * `count / classes` per class, guided at `guidanceScale`, and writes every (noise, sample) pair with its
 * label once to `out` (safetensors, atomically): the coupling a reflow student trains on (Liu et al. 2022).
 */
export async function writeReflowPairs(options: WritePairsOptions): Promise<ReflowPairsInfo> {
  const run = openTeacherRun(options.teacher, 'latentlab pairs');
  const classes = run.state.modelConfig.classes;
  if (!(Number.isInteger(options.count) && options.count > 0 && options.count % classes === 0)) {
    throw new FieldError(
      'count',
      `${options.count}`,
      `expected a positive multiple of the ${classes} classes`,
    );
  }
  let pairs: Float32Array | undefined;
  let labels: Int32Array | undefined;
  let shape: number[] = [];
  await streamSampleRun(
    {
      checkpoint: options.teacher,
      steps: options.steps,
      guidanceScale: options.guidanceScale,
      perClass: options.count / classes,
      seed: options.seed,
      sampler: 'euler',
    },
    async (plan, request) => {
      shape = plan.sampleShape;
      const size = shape.reduce((product, dim) => product * dim, 1);
      pairs = new Float32Array(plan.total * 2 * size);
      labels = request.labels;
      await samplesInBatches({
        ...request,
        recordNoise: true,
        onBatch: ({ samples, noise, start, labels: batchLabels }) => {
          for (let row = 0; row < batchLabels.length; row++) {
            const at = (start + row) * 2 * size;
            pairs!.set(noise!.subarray(row * size, (row + 1) * size), at);
            pairs!.set(samples.subarray(row * size, (row + 1) * size), at + size);
          }
          options.onProgress?.(start + batchLabels.length);
        },
      });
    },
  );
  const info: ReflowPairsInfo = {
    teacher: options.teacher,
    teacherId: run.info.teacherId,
    count: options.count,
    steps: options.steps,
    guidanceScale: options.guidanceScale,
    sampler: 'euler',
    seed: options.seed,
  };
  writeFileAtomic(
    options.out,
    writeSafetensors(
      new Map([
        ['pairs', tensor(pairs!, [options.count, 2, ...shape])],
        ['labels', tensor(labels!, [options.count], 'int32')],
      ]),
      Object.fromEntries(Object.entries(info).map(([key, value]) => [key, String(value)])),
    ),
  );
  return info;
}

/** Reads a pairs file written by `latentlab pairs`, naming the file and what is wrong when it is not one. */
export function readReflowPairs(path: string): ReflowPairs {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (error) {
    throw new FieldError('pairs', `${path}`, `cannot read it (${(error as Error).message})`);
  }
  const { tensors, metadata } = readSafetensors(bytes, path);
  const pairs = tensors.get('pairs');
  const labels = tensors.get('labels');
  if (pairs?.dtype !== 'float32' || pairs.shape[1] !== 2 || labels?.dtype !== 'int32') {
    throw new FieldError(
      'pairs',
      `${path}`,
      `expected float32 'pairs' (N, 2, …) and int32 'labels' (N) as latentlab pairs writes them`,
    );
  }
  if (!metadata['teacherId']) throw new FieldError('pairs', `${path}`, `its metadata has no teacherId`);
  return {
    pairs: pairs.data as Float32Array,
    labels: labels.data as Int32Array,
    sampleShape: pairs.shape.slice(2),
    info: {
      teacher: metadata['teacher'] ?? '',
      teacherId: metadata['teacherId'],
      count: Number(metadata['count']),
      steps: Number(metadata['steps']),
      guidanceScale: Number(metadata['guidanceScale']),
      sampler: metadata['sampler'] ?? 'euler',
      seed: Number(metadata['seed']),
    },
  };
}
