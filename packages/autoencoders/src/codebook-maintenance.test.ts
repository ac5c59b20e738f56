import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRng, declareParams, type ParamStore, tensor } from '@latentlab/tensor';
import { useBackend } from '@latentlab/tfjs';
import { fit, labeledBatches, loadCheckpoint, reconstructionObjective } from '@latentlab/train';
import { beforeAll, describe, expect, it } from 'vitest';
import type { VqVaeConfig } from './autoencoder-config.js';
import { autoencoderInputSpecs, autoencoderModel } from './autoencoder-models.js';
import { type CodebookMaintenanceOptions, codebookMaintenance } from './codebook-maintenance.js';
import { convAutoencoderConfig } from './conv-config.js';
import { kMeans, nearestCentres } from './kmeans.js';
import { codebookUsage } from './vector-quantize.js';
import { CODEBOOK_PARAMETER } from './vqvae.js';

beforeAll(() => useBackend('auto'));

const K = 16;
const CONFIG: VqVaeConfig = {
  kind: 'vqvae',
  ...convAutoencoderConfig({ imageSize: 8, channels: [8, 8], groups: 4, latentChannels: 4 }),
  codebookSize: K,
  l2Normalize: false,
  beta: 0.25,
};

/** 256 smooth random 8×8 images in [−1, 1]: sums of two random planar waves. */
function images() {
  const rng = createRng(3);
  const count = 256;
  const phases = rng.uniform(count * 4);
  const examples = new Float32Array(count * 64);
  for (let n = 0; n < count; n++) {
    const [a, b, c, e] = [0, 1, 2, 3].map((i) => 6 * (phases[n * 4 + i] as number)) as [
      number,
      number,
      number,
      number,
    ];
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 8; x++)
        examples[n * 64 + y * 8 + x] = 0.5 * Math.sin(a + (b * x) / 8) + 0.5 * Math.cos(c + (e * y) / 8);
  }
  return { examples, labels: new Int32Array(count), exampleShape: [1, 8, 8] };
}

/**
 * A deliberately bad start (Euclidean lookup): code 0 at the origin, where the encoder's outputs are, and the
 * other codes 20 away, all in one direction; so code 0 is the nearest for every vector and the others are
 * never chosen, never moved by a loss, and never averaged by EMA.
 */
function collapsedStart(): ParamStore {
  const params = declareParams(
    autoencoderModel(CONFIG, 'training'),
    autoencoderInputSpecs(CONFIG, 'training'),
    createRng(4),
  );
  const noise = createRng(6).normal(K * 4);
  const codes = Float32Array.from(noise, (value, i) => (i < 4 ? 0 : 20 + 0.1 * value));
  params.set(CODEBOOK_PARAMETER, tensor(codes, [K, 4]));
  return params;
}

async function train(
  maintenance: Partial<CodebookMaintenanceOptions> & { update: 'loss' | 'ema' },
  steps = 40,
  checkpoint?: { directory: string; resume?: boolean },
) {
  const usage: number[] = [];
  const result = await fit({
    ...(checkpoint
      ? {
          checkpoint: { directory: checkpoint.directory, every: 10 },
          ...(checkpoint.resume ? { resume: loadCheckpoint(checkpoint.directory) } : {}),
        }
      : {}),
    model: autoencoderModel(CONFIG, 'training'),
    params: collapsedStart(),
    objective: reconstructionObjective({
      extraLosses: maintenance.update === 'loss' ? { codebook: 1, commitment: 1 } : { commitment: 1 },
      keepOutputs: ['tokens', 'vectors'],
    }),
    batches: labeledBatches(images(), { batchSize: 16, seed: 0 }),
    steps,
    rng: createRng(5),
    optimizer: { learningRate: 3e-3 },
    maintenance: [codebookMaintenance({ codebookSize: K, codeDim: 4, usageDecay: 0.5, ...maintenance })],
    onStep: (report) => {
      usage.push(report.metrics['codebookUsage']!);
    },
  });
  return { usage, params: result.params };
}

describe('codebook maintenance', () => {
  for (const update of ['loss', 'ema'] as const) {
    it(`${update} updates: a collapsed codebook stays collapsed without dead-code restarts and recovers with them`, async () => {
      const collapsed = await train({ update, restartDeadCodes: false });
      expect(Math.max(...collapsed.usage)).toBe(1 / K); // one code, every step
      const restarted = await train({ update });
      expect(restarted.usage[0]).toBe(1 / K);
      const late = restarted.usage.slice(-10);
      expect(Math.min(...late)).toBeGreaterThanOrEqual(0.5); // ≥ 8 of 16 codes in every late batch
    }, 120_000);
  }

  it('resumes exactly: the usage averages and EMA sums travel in the checkpoint', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'latentlab-codebook-'));
    try {
      const options = { update: 'ema' as const, kMeansInit: true };
      const whole = await train(options, 30);
      await train(options, 20, { directory });
      const resumed = await train(options, 30, { directory, resume: true });
      expect(resumed.usage).toEqual(whole.usage.slice(20));
      expect([...resumed.params.get(CODEBOOK_PARAMETER)!.data]).toEqual([
        ...whole.params.get(CODEBOOK_PARAMETER)!.data,
      ]);
      const saved = loadCheckpoint(directory).tensors.maintenance!;
      expect([...saved.keys()].sort()).toEqual([
        'codebook.clusterSize',
        'codebook.embeddingSum',
        'codebook.usage',
      ]);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }, 120_000);

  it('k-means initialisation starts from a used codebook', async () => {
    const { usage } = await train({ update: 'loss', restartDeadCodes: false, kMeansInit: true }, 3);
    expect(usage[0]).toBe(1 / K); // the first batch was looked up before the k-means step
    expect(usage[1]).toBeGreaterThanOrEqual(0.5);
  }, 60_000);
});

describe('kMeans', () => {
  it('finds well-separated clusters exactly and assigns each vector to its centre', () => {
    const centres = [
      [0, 0],
      [10, 0],
      [0, 10],
    ];
    const rng = createRng(8);
    const noise = rng.normal(300 * 2);
    const vectors = Float32Array.from(
      { length: 600 },
      (_, i) => centres[Math.floor(i / 2) % 3]![i % 2]! + 0.1 * noise[i]!,
    );
    const found = kMeans(vectors, 2, 3, createRng(9), 20);
    const sorted = [0, 1, 2]
      .map((k) => [found[2 * k]!, found[2 * k + 1]!])
      .sort((a, b) => a[0]! + 2 * a[1]! - (b[0]! + 2 * b[1]!));
    sorted.forEach((centre, k) => {
      expect(centre[0]).toBeCloseTo(centres[k]![0]!, 0);
      expect(centre[1]).toBeCloseTo(centres[k]![1]!, 0);
    });
    const assigned = nearestCentres(vectors, found, 2);
    expect(codebookUsage(assigned, 3).usage).toBe(1);
  });
});
