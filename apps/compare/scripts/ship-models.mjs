#!/usr/bin/env node
// Exports the runs listed in models.json with the `latentlab` CLI into public/models/<name>/ and writes
// public/models/manifest.json (files, sizes, SHA-256, and each card's recipe, steps, time, commit and eval
// records). The app's models are made by latentlab recipes, never by hand.
//
//   pnpm ship-models --runs ../../runs [--only ar-mnist] [--force]
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readModelCard } from '@latentlab/onnx';

const app = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const modelsDir = join(app, 'public', 'models');
const manifestPath = join(modelsDir, 'manifest.json');
const FORMAT = 'latentlab.compare-manifest/1';

const args = process.argv.slice(2);
const flag = (name) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const runsDir = flag('runs');
if (!runsDir) {
  console.error(
    'usage: pnpm ship-models --runs DIR [--only NAME]   (DIR holds the runs named in models.json)',
  );
  process.exit(2);
}
const only = flag('only');
const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve('@latentlab/cli/package.json')), 'dist', 'main.js');
const config = JSON.parse(readFileSync(join(app, 'models.json'), 'utf8'));
const previous = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : { models: [] };

function latentlab(...flags) {
  console.log(`+ latentlab ${flags.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...flags], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`latentlab ${flags[0]} failed (exit ${result.status})`);
}

/** Exports one listed model into a scratch folder; returns { role: path }. */
function exportModel(entry, run, scratch) {
  if (entry.kind === 'autoregressive' || entry.kind === 'masked') {
    latentlab('export', '--checkpoint', run, '--onnx', join(scratch, 'tokens.onnx'));
    latentlab(
      'export',
      '--checkpoint',
      resolve(runsDir, entry.tokenizer),
      '--out',
      join(scratch, 'tokenizer'),
    );
    return { tokens: join(scratch, 'tokens.onnx'), decoder: join(scratch, 'tokenizer', 'decoder.onnx') };
  }
  if (entry.latent) {
    latentlab('export', '--checkpoint', run, '--out', scratch);
    return { denoiser: join(scratch, 'denoiser.onnx'), decoder: join(scratch, 'decoder.onnx') };
  }
  latentlab('export', '--checkpoint', run, '--onnx', join(scratch, 'denoiser.onnx'));
  return { denoiser: join(scratch, 'denoiser.onnx') };
}

/** How the page names each training data set. */
const DATASET_TITLES = { mnist: 'MNIST', 'fashion-mnist': 'Fashion-MNIST', 'two-moons': 'Two moons' };

/** The card's sampling defaults the panel should take (a distilled student's steps and cfg), if any. */
function shippedSampling(card) {
  const { steps, guidanceScale } = card.denoiser?.sampling ?? {};
  if (steps === undefined && guidanceScale === undefined) return {};
  return {
    sampling: {
      ...(steps !== undefined ? { steps } : {}),
      ...(guidanceScale !== undefined ? { guidanceScale } : {}),
    },
  };
}

const shipped = [];
for (const entry of config.models) {
  const run = resolve(runsDir, entry.run);
  const old = previous.models.find((model) => model.name === entry.name);
  if ((only && only !== entry.name) || !existsSync(join(run, 'state.json'))) {
    if (old) shipped.push(old);
    else console.warn(`${entry.name}: no run at ${run} and nothing shipped yet: left out of the manifest`);
    continue;
  }
  const scratch = mkdtempSync(join(tmpdir(), `ship-${entry.name}-`));
  try {
    const files = exportModel(entry, run, scratch);
    const target = join(modelsDir, entry.name);
    mkdirSync(target, { recursive: true });
    const listed = [];
    let card;
    for (const [role, path] of Object.entries(files)) {
      const name = `${role}.onnx`;
      copyFileSync(path, join(target, name));
      const bytes = readFileSync(path);
      if (role !== 'decoder') card = readModelCard(new Uint8Array(bytes), path);
      listed.push({
        role,
        file: `${entry.name}/${name}`,
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
      });
    }
    shipped.push({
      name: entry.name,
      kind: entry.kind,
      title: entry.title,
      dataset:
        card.training?.dataset === 'fashion-mnist'
          ? 'fashion'
          : card.training?.dataset === 'two-moons'
            ? 'two-moons'
            : 'mnist',
      datasetTitle: DATASET_TITLES[card.training?.dataset] ?? card.training?.dataset ?? 'MNIST',
      classes: card.denoiser?.classes ?? card.tokenModel?.classes,
      ...(card.classLabels ? { classLabels: card.classLabels } : {}),
      recipe: card.training?.recipe ?? entry.run,
      steps: card.training?.steps ?? 0,
      trainingSeconds: card.training?.seconds ?? null,
      commit: card.software?.commit ?? null,
      parameters: card.parameters ?? null,
      files: listed,
      metrics: card.metrics ?? [],
      ...shippedSampling(card),
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
mkdirSync(modelsDir, { recursive: true });
writeFileSync(`${manifestPath}.tmp`, `${JSON.stringify({ format: FORMAT, models: shipped }, null, 2)}\n`);
renameSync(`${manifestPath}.tmp`, manifestPath);
console.log(`wrote ${manifestPath}: ${shipped.map((model) => model.name).join(', ')}`);
