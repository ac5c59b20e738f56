import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildModel,
  type DistillState,
  guidanceStudentConfig,
  loadRunCheckpoint,
  openTeacherRun,
  readReflowPairs,
  readRunState,
  runStraightness,
  sampleRun,
  train,
  withTeacherParams,
} from '@latentlab/runs';
import { createRng, maxAbsDiff, paramsFromMap, tensor } from '@latentlab/tensor';
import { fromTf, runModel, type tf, toTf } from '@latentlab/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCaptured } from '../test-support/run-captured.js';
import { trainTinyDit } from '../test-support/tiny-dit-run.js';

const quiet = { write: () => true };
const studentSettings = { steps: 3, batchSize: 8, backend: 'cpu', progress: quiet } as const;

let root: string;
const teacher = () => join(root, 'teacher');
const otherTeacher = () => join(root, 'teacher-other');
const round1 = () => join(root, 'student-2');
const round2 = () => join(root, 'student-1');
const consistency = () => join(root, 'consistency');
const guided = () => join(root, 'guidance');
const shortcut = () => join(root, 'shortcut');
const pairsFile = () => join(root, 'pairs.safetensors');
const reflowed = () => join(root, 'reflow');
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'latentlab-distill-'));
  await trainTinyDit(teacher(), 'rf-dit-mnist-quick');
  await trainTinyDit(otherTeacher(), 'rf-dit-mnist');
  await train({
    recipe: 'distill-progressive',
    teacher: teacher(),
    studentSteps: 2,
    out: round1(),
    ...studentSettings,
  });
  await train({ recipe: 'distill-progressive', teacher: round1(), out: round2(), ...studentSettings });
  await train({ recipe: 'distill-consistency', teacher: teacher(), out: consistency(), ...studentSettings });
  // A large rate and a short EMA so that three steps move the zero-initialised w embedder visibly.
  await train({
    recipe: 'distill-guidance',
    teacher: teacher(),
    out: guided(),
    ...studentSettings,
    learningRate: 1e-2,
    emaDecay: 0.5,
  });
  await train({
    recipe: 'distill-shortcut',
    teacher: teacher(),
    out: shortcut(),
    ...studentSettings,
    learningRate: 1e-2,
    emaDecay: 0.5,
  });
  const pairs = await runCaptured([
    'pairs',
    '--teacher',
    teacher(),
    '--out',
    pairsFile(),
    '--count',
    '20',
    '--steps',
    '2',
  ]);
  if (pairs.code !== 0) throw new Error(pairs.stderr);
  await train({
    recipe: 'distill-reflow',
    teacher: teacher(),
    pairs: pairsFile(),
    out: reflowed(),
    ...studentSettings,
  });
}, 600_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

const distillState = (directory: string) => readRunState(directory)['distill'] as DistillState;

describe('latentlab train --recipe distill-progressive --teacher DIR', () => {
  it('starts the student as the teacher’s network and records the teacher, the steps and the baked scale', () => {
    const teacherState = readRunState(teacher());
    const student = readRunState(round1());
    expect(student.modelConfig).toEqual(teacherState.modelConfig);
    expect(student['dataset']).toBe('mnist');
    const distill = distillState(round1());
    expect(distill).toMatchObject({ method: 'progressive', steps: 2, bakedGuidance: 2 });
    expect(distill.teacher).toMatchObject({ directory: teacher(), recipe: 'rf-dit-mnist-quick', step: 4 });
    expect(distill.teacher.teacherId).toMatch(/^[0-9a-f]{16}$/);
    // Three fine-tuning steps moved the weights away from the teacher's (they started equal).
    const before = loadRunCheckpoint(teacher()).tensors.ema.get('final_layer.linear.weight')!;
    const after = loadRunCheckpoint(round1()).tensors.params.get('final_layer.linear.weight')!;
    expect(maxAbsDiff(tensor(after.data, after.shape), tensor(before.data, before.shape))).toBeGreaterThan(0);
  });

  it('halves a distilled teacher’s steps by default and keeps its baked-in scale (the teacher runs unguided)', () => {
    expect(distillState(round2())).toMatchObject({ steps: 1, bakedGuidance: 2 });
    expect(distillState(round2()).teacher.steps).toBe(2);
  });

  it('writes a card whose sampling defaults are the student’s steps with cfg 1', () => {
    const card = JSON.parse(readFileSync(join(round1(), 'model-card.json'), 'utf8'));
    expect(card.denoiser.sampling).toMatchObject({ steps: 2, guidanceScale: 1 });
    expect(card.training.recipe).toBe('distill-progressive');
  });

  it('samples a student with its card’s steps and cfg when none are given', async () => {
    const given = { checkpoint: round1(), classes: [3], perClass: 2, seed: 5 } as const;
    const byCard = await sampleRun(given);
    const explicit = await sampleRun({ ...given, steps: 2, guidanceScale: 1 });
    const other = await sampleRun({ ...given, steps: 20, guidanceScale: 2 });
    expect(Array.from(byCard.samples)).toEqual(Array.from(explicit.samples));
    expect(
      maxAbsDiff(
        tensor(byCard.samples, [byCard.samples.length]),
        tensor(other.samples, [other.samples.length]),
      ),
    ).toBeGreaterThan(1e-3);
  });

  it('refuses what cannot be distilled, naming the flag', async () => {
    const missing = await runCaptured(['train', '--recipe', 'distill-progressive', '--out', join(root, 'x')]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/--teacher DIR is required/);
    const notHalving = await runCaptured([
      'train',
      '--recipe',
      'distill-progressive',
      '--teacher',
      round1(),
      '--student-steps',
      '2',
      '--out',
      join(root, 'y'),
    ]);
    expect(notHalving.code).not.toBe(0);
    expect(notHalving.stderr).toMatch(/2-step student, so its student takes 1/);
  });

  it('resumes only on the teacher it started with', async () => {
    await expect(
      train({ out: round1(), resume: true, teacher: otherTeacher(), ...studentSettings, steps: 4 }),
    ).rejects.toThrow(
      /teacher .*: is teacher [0-9a-f]{16}, but .* was distilled from teacher [0-9a-f]{16} .*; it resumes only on that one/,
    );
    const resumed = await train({
      out: round1(),
      resume: true,
      teacher: teacher(),
      ...studentSettings,
      steps: 4,
    });
    expect(resumed.step).toBe(4);
  });
});

describe('latentlab train --recipe distill-consistency --teacher DIR', () => {
  it('wraps the teacher’s network in the consistency function: an x₀ model of 1 step, its target network saved', () => {
    const state = readRunState(consistency());
    expect(state.modelConfig).toEqual({
      ...readRunState(teacher()).modelConfig,
      consistency: { process: 'rf', target: 'x0', sigmaData: 0.5 },
    });
    expect(distillState(consistency())).toMatchObject({
      method: 'consistency',
      steps: 1,
      bakedGuidance: 1.5,
    });
    const card = JSON.parse(readFileSync(join(consistency(), 'model-card.json'), 'utf8'));
    expect(card.denoiser).toMatchObject({ target: 'x0', sampling: { steps: 1, guidanceScale: 1 } });
    const { tensors } = loadRunCheckpoint(consistency());
    expect(
      [...(tensors.maintenance?.keys() ?? [])].some((name) => name.startsWith('consistency-target.')),
    ).toBe(true);
  });

  it('exports with its boundary condition: at t = 0 the ONNX model returns its input exactly', async () => {
    const exported = await runCaptured([
      'export',
      '--checkpoint',
      consistency(),
      '--onnx',
      join(root, 'cm.onnx'),
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    const { createNodeRunner } = await import('@latentlab/onnx/node');
    const runner = await createNodeRunner(new Uint8Array(readFileSync(join(root, 'cm.onnx'))));
    try {
      const x = Float32Array.from({ length: 2 * 784 }, (_, k) => Math.sin(k));
      const { output } = await runner.run({
        x: tensor(x, [2, 1, 28, 28]),
        t: tensor([0, 0], [2]),
        y: tensor([3, 10], [2], 'int32'),
      });
      expect(Array.from(output!.data)).toEqual(Array.from(x));
    } finally {
      await runner.release();
    }
  });
});

describe('sampling a consistency student with --sampler consistency', () => {
  it('is f(z, 1) in one step, as Euler; more steps re-noise (Song et al. Algorithm 1)', async () => {
    const given = { checkpoint: consistency(), classes: [1], perClass: 2, seed: 6 } as const;
    const flat = (samples: Float32Array) => tensor(samples, [samples.length]);
    const euler1 = await sampleRun({ ...given, steps: 1 });
    const consistency1 = await sampleRun({ ...given, steps: 1, sampler: 'consistency' });
    expect(maxAbsDiff(flat(euler1.samples), flat(consistency1.samples))).toBeLessThan(1e-5);
    const euler2 = await sampleRun({ ...given, steps: 2 });
    const consistency2 = await sampleRun({ ...given, steps: 2, sampler: 'consistency' });
    expect(maxAbsDiff(flat(euler2.samples), flat(consistency2.samples))).toBeGreaterThan(1e-3);
  });
});

describe('latentlab train --recipe distill-guidance --teacher DIR', () => {
  it('gives the teacher’s network a w input and records the scales it learns', () => {
    const state = readRunState(guided());
    expect(state.modelConfig).toEqual({
      ...readRunState(teacher()).modelConfig,
      scalarConditions: [{ name: 'w', scale: 250 }],
    });
    expect(distillState(guided())).toMatchObject({ method: 'guidance', guidanceRange: { min: 1, max: 3 } });
    const card = JSON.parse(readFileSync(join(guided(), 'model-card.json'), 'utf8'));
    expect(card.inputs.find((input: { name: string }) => input.name === 'w')).toMatchObject({
      role: 'guidance-scale',
      shape: ['batch'],
      dtype: 'float32',
    });
    expect(card.denoiser.sampling).toMatchObject({ guidanceScale: 1.5 });
  });

  it('starts as the teacher’s conditional prediction at every w (the w embedder’s last layer is zero)', () => {
    const run = openTeacherRun(teacher(), 'distill-guidance');
    const config = guidanceStudentConfig(run);
    const studentParams = withTeacherParams(config, run.teacher.params)(createRng(3));
    const rng = createRng(9);
    const feeds = {
      x: tensor(rng.normal(2 * 784), [2, 1, 28, 28]),
      t: tensor([0.3, 0.8], [2]),
      y: tensor([4, 7], [2], 'int32'),
    };
    const asTf = (store: Map<string, ReturnType<typeof tensor>>) =>
      paramsFromMap(new Map([...store].map(([name, value]) => [name, toTf(value)])));
    const inputs = Object.fromEntries(Object.entries(feeds).map(([name, value]) => [name, toTf(value)]));
    const out = (
      model: ReturnType<typeof buildModel>,
      store: Map<string, ReturnType<typeof tensor>>,
      extra = {},
    ) => fromTf(runModel(model, asTf(store), { ...inputs, ...extra })['output'] as tf.Tensor);
    const teacherOut = out(run.teacher.model, run.teacher.params);
    for (const w of [1, 2.5, 4]) {
      const studentOut = out(buildModel(config), studentParams, { w: toTf(tensor([w, w], [2])) });
      expect(maxAbsDiff(studentOut, teacherOut)).toBe(0);
    }
  });

  it('samples with the scale fed to the network, one call a step, the same in onnxruntime and tfjs', async () => {
    const given = { checkpoint: guided(), classes: [2], perClass: 2, seed: 4, steps: 3 } as const;
    const onnx = await sampleRun({ ...given, guidanceScale: 2 });
    const tfjs = await sampleRun({ ...given, guidanceScale: 2, engine: 'tfjs', backend: 'cpu' });
    const other = await sampleRun({ ...given, guidanceScale: 1 });
    const flat = (samples: Float32Array) => tensor(samples, [samples.length]);
    const engines = maxAbsDiff(flat(onnx.samples), flat(tfjs.samples));
    expect(engines).toBeLessThan(1e-4);
    // Three steps barely move the w embedder (it learns the teacher's small guidance effect), yet the
    // scale fed shows well above the engines' rounding.
    expect(maxAbsDiff(flat(onnx.samples), flat(other.samples))).toBeGreaterThan(Math.max(1e-6, 20 * engines));
  });

  it('is the teacher of a progressive student that keeps w (Meng et al.’s stage two)', async () => {
    const out = join(root, 'guided-progressive');
    await train({
      recipe: 'distill-progressive',
      teacher: guided(),
      studentSteps: 2,
      out,
      ...studentSettings,
    });
    const state = readRunState(out);
    expect(state.modelConfig).toEqual(readRunState(guided()).modelConfig);
    const distill = distillState(out);
    expect(distill).toMatchObject({ steps: 2, guidanceRange: { min: 1, max: 3 } });
    expect(distill.bakedGuidance).toBeUndefined();
    const card = JSON.parse(readFileSync(join(out, 'model-card.json'), 'utf8'));
    expect(card.denoiser.sampling).toMatchObject({ steps: 2, guidanceScale: 2 });
    const consistencyOfIt = await runCaptured([
      'train',
      '--recipe',
      'distill-consistency',
      '--teacher',
      guided(),
      '--out',
      join(root, 'cw'),
    ]);
    expect(consistencyOfIt.stderr).toMatch(/takes the guidance scale as an input/);
  });

  it('refuses a student as its teacher, naming it', async () => {
    const result = await runCaptured([
      'train',
      '--recipe',
      'distill-guidance',
      '--teacher',
      round1(),
      '--out',
      join(root, 'z'),
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/is a distilled student already \(distill-progressive\)/);
  });
});

describe('latentlab train --recipe distill-shortcut --teacher DIR', () => {
  it('gives the teacher’s network a step-size input d; its card says 4 steps with the scale baked in', () => {
    const state = readRunState(shortcut());
    expect(state.modelConfig).toEqual({
      ...readRunState(teacher()).modelConfig,
      scalarConditions: [{ name: 'd', scale: 1000 }],
    });
    expect(distillState(shortcut())).toMatchObject({ method: 'shortcut', steps: 4, bakedGuidance: 1.5 });
    const card = JSON.parse(readFileSync(join(shortcut(), 'model-card.json'), 'utf8'));
    expect(card.inputs.find((input: { name: string }) => input.name === 'd')).toMatchObject({
      role: 'step-size',
    });
    expect(card.denoiser.sampling).toMatchObject({ steps: 4, guidanceScale: 1 });
  });

  it('samples with d = 1/steps, the same in onnxruntime and tfjs', async () => {
    const given = { checkpoint: shortcut(), classes: [5], perClass: 2, seed: 8 } as const;
    const onnx = await sampleRun({ ...given, steps: 2 });
    const tfjs = await sampleRun({ ...given, steps: 2, engine: 'tfjs', backend: 'cpu' });
    const flat = (samples: Float32Array) => tensor(samples, [samples.length]);
    expect(maxAbsDiff(flat(onnx.samples), flat(tfjs.samples))).toBeLessThan(1e-4);
  });

  it('is no teacher itself: a shortcut model samples in few steps already', async () => {
    const result = await runCaptured([
      'train',
      '--recipe',
      'distill-progressive',
      '--teacher',
      shortcut(),
      '--out',
      join(root, 'w'),
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(
      /is a shortcut model \(distill-shortcut: it takes its step size as an input\)/,
    );
  });
});

describe('latentlab pairs and train --recipe distill-reflow', () => {
  it('writes the teacher ODE’s ends: the samples are exactly what sampling the teacher gives', async () => {
    const pairs = readReflowPairs(pairsFile());
    expect(pairs.info).toMatchObject({ count: 20, steps: 2, guidanceScale: 1.5, seed: 0 });
    expect(pairs.info.teacherId).toBe(openTeacherRun(teacher(), 'test').info.teacherId);
    const sampled = await sampleRun({
      checkpoint: teacher(),
      perClass: 2,
      steps: 2,
      guidanceScale: 1.5,
      seed: 0,
    });
    expect(Array.from(pairs.labels)).toEqual(Array.from(sampled.labels));
    const size = 784;
    const samples = new Float32Array(20 * size);
    const noise = new Float32Array(20 * size);
    for (let row = 0; row < 20; row++) {
      noise.set(pairs.pairs.subarray(2 * row * size, (2 * row + 1) * size), row * size);
      samples.set(pairs.pairs.subarray((2 * row + 1) * size, (2 * row + 2) * size), row * size);
    }
    expect(Array.from(samples)).toEqual(Array.from(sampled.samples));
    // rf starts at t = 1 with σ = 1: the noise is the seed's first normal draws.
    expect(Array.from(noise)).toEqual(Array.from(createRng(0).normal(20 * size)));
  });

  it('trains the teacher’s network on the pairs, records them, and bakes their scale in', () => {
    const state = readRunState(reflowed());
    expect(state.modelConfig).toEqual(readRunState(teacher()).modelConfig);
    expect(distillState(reflowed())).toMatchObject({ method: 'reflow', bakedGuidance: 1.5 });
    expect(state['pairs']).toMatchObject({ file: pairsFile(), count: 20, steps: 2 });
  });

  it('refuses a missing --pairs, pairs of another teacher, and an existing --out without --force', async () => {
    const missing = await runCaptured([
      'train',
      '--recipe',
      'distill-reflow',
      '--teacher',
      teacher(),
      '--out',
      join(root, 'r1'),
    ]);
    expect(missing.stderr).toMatch(/--pairs FILE is required \(latentlab pairs --teacher/);
    const other = await runCaptured([
      'train',
      '--recipe',
      'distill-reflow',
      '--teacher',
      otherTeacher(),
      '--pairs',
      pairsFile(),
      '--out',
      join(root, 'r2'),
    ]);
    expect(other.code).not.toBe(0);
    expect(other.stderr).toMatch(
      /were made by teacher [0-9a-f]{16} .* but the teacher run .* is teacher [0-9a-f]{16}/,
    );
    const again = await runCaptured(['pairs', '--teacher', teacher(), '--out', pairsFile(), '--count', '10']);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/already exists: --force replaces it/);
  });
});

describe('runStraightness', () => {
  it('measures a run’s guided ODE paths: positive, finite, and the guidance scale changes them', async () => {
    const plain = await runStraightness({ checkpoint: teacher(), count: 10, steps: 4, guidanceScale: 1 });
    const guided = await runStraightness({ checkpoint: teacher(), count: 10, steps: 4, guidanceScale: 3 });
    expect(plain).toMatchObject({ count: 10, steps: 4 });
    for (const result of [plain, guided]) {
      expect(Number.isFinite(result.straightness) && result.straightness > 0).toBe(true);
      expect(result.relative).toBeGreaterThan(0);
    }
    // A four-step teacher barely tells its classes apart, yet guiding it bends its paths measurably.
    expect(Math.abs(guided.straightness - plain.straightness)).toBeGreaterThan(1e-4 * plain.straightness);
  });
});
