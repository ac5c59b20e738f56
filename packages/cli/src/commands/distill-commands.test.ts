import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { maxAbsDiff, tensor } from '@latentlab/tensor';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadRunCheckpoint, readRunState } from '../checkpoint/run-state.js';
import type { DistillState } from '../distill/teacher-run.js';
import { sampleRun } from '../sampling/sample-run.js';
import { runCaptured } from '../test-support/run-captured.js';
import { trainTinyDit } from '../test-support/tiny-dit-run.js';
import { train } from '../training/train.js';

const quiet = { write: () => true };
const studentSettings = { steps: 3, batchSize: 8, backend: 'cpu', progress: quiet } as const;

let root: string;
const teacher = () => join(root, 'teacher');
const otherTeacher = () => join(root, 'teacher-other');
const round1 = () => join(root, 'student-2');
const round2 = () => join(root, 'student-1');
const consistency = () => join(root, 'consistency');
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
    ).rejects.toThrow(/distilled from teacher [0-9a-f]{16} .* but --teacher .* is teacher [0-9a-f]{16}/);
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
