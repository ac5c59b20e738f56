// Sampling cost in the browser (the comparison app's page, onnxruntime-web wasm in its Worker) against the
// same engine on onnxruntime-node, alternating in one run so both see the machine's current load. Prints
// one JSON line: ms per image of each model at each batch size on each side, and the ratio browser / node.
//   pnpm bench:web [--rounds N] [--all]   (default 3 rounds; needs Debian chromium: CHROMIUM_PATH overrides)
// By default: the pixel DiT (20 Euler steps, CFG 1.5: the CFG pair batched in one call) and the AR model
// (49 tokens through the KV cache, CFG 2), each at batch 1 and 16. --all adds every shipped model at 16.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateDiffusion, generateTokenImages } from '@latentlab/generate';
import { readModelCard } from '@latentlab/onnx';
import { createNodeRunner } from '@latentlab/onnx/node';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

const args = process.argv.slice(2);
const roundsAt = args.indexOf('--rounds');
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 3;
if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`bench:web: --rounds must be an integer ≥ 1`);
const all = args.includes('--all');
const LABEL = 3;
const DIFFUSION = { steps: 20, sampler: 'euler', guidanceScale: 1.5 } as const;
const TOKENS = { guidanceScale: 2, iterations: 12 } as const;
const app = dirname(createRequire(import.meta.url).resolve('@latentlab/compare/package.json'));
const modelsDir = join(app, 'public', 'models');
type Model = { name: string; kind: string; files: { role: string; file: string }[] };
const manifest = JSON.parse(readFileSync(join(modelsDir, 'manifest.json'), 'utf8')) as { models: Model[] };
const byName = (name: string) => {
  const model = manifest.models.find((entry) => entry.name === name);
  if (!model) throw new Error(`bench:web: ${join(modelsDir, 'manifest.json')} has no model '${name}'`);
  return model;
};
/** [model, batch] pairs, in the order they are measured. */
const cases: [Model, number][] = [
  [byName('rf-dit-mnist'), 1],
  [byName('rf-dit-mnist'), 16],
  [byName('ar-mnist'), 1],
  [byName('ar-mnist'), 16],
];
if (all) {
  for (const model of manifest.models) {
    if (model.kind !== 'flow-2d' && !cases.some(([known]) => known === model)) cases.push([model, 16]);
  }
}
const PANEL_QUERY = [
  `d.steps=${DIFFUSION.steps}&d.cfg=${DIFFUSION.guidanceScale}&d.sampler=${DIFFUSION.sampler}`,
  `a.cfg=${TOKENS.guidanceScale}&a.temperature=1&a.topK=0&a.topP=1`,
  `m.steps=${TOKENS.iterations}&m.cfg=${TOKENS.guidanceScale}`,
].join('&');

type Runner = Awaited<ReturnType<typeof createNodeRunner>>;
const nodeSessions = new Map<
  string,
  Record<string, { runner: Runner; card: ReturnType<typeof readModelCard> }>
>();

/** The model's sessions on onnxruntime-node (default session options: all cores), opened once. */
async function nodeParts(model: Model) {
  let parts = nodeSessions.get(model.name);
  if (!parts) {
    parts = {};
    for (const file of model.files) {
      const bytes = new Uint8Array(readFileSync(join(modelsDir, file.file)));
      parts[file.role] = { runner: await createNodeRunner(bytes), card: readModelCard(bytes, file.file) };
    }
    nodeSessions.set(model.name, parts);
  }
  return parts;
}

/** One batch on onnxruntime-node through the app's own engine: ms per image. */
async function nodeMilliseconds(model: Model, batch: number): Promise<number> {
  const parts = await nodeParts(model);
  const labels = new Int32Array(batch).fill(LABEL);
  const start = performance.now();
  if (model.kind === 'diffusion') {
    await generateDiffusion(
      {
        denoiser: parts['denoiser']!.runner,
        card: parts['denoiser']!.card,
        ...(parts['decoder'] ? { decoder: parts['decoder'] } : {}),
      },
      { labels, seed: 0, ...DIFFUSION },
    );
  } else {
    await generateTokenImages(
      { tokens: parts['tokens']!.runner, card: parts['tokens']!.card, decoder: parts['decoder']! },
      { labels, seed: 0, ...TOKENS },
    );
  }
  return (performance.now() - start) / batch;
}

const outDir = mkdtempSync(join(tmpdir(), 'latentlab-bench-web-'));
await build({ root: app, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
const server = await preview({
  root: app,
  logLevel: 'warn',
  build: { outDir },
  preview: { port: 0, host: '127.0.0.1' },
});
const browser = await chromium.launch({
  executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
try {
  const page = await browser.newPage();
  await page.goto(`${server.resolvedUrls!.local[0]}?backend=wasm&class=${LABEL}&${PANEL_QUERY}`);
  await page.waitForFunction(() => (window as unknown as { latentlab: { ready: boolean } }).latentlab.ready);
  const threads = await page.evaluate(() => navigator.hardwareConcurrency);
  /** One batch in the page (its Worker, its thread count): the wall time the panel reports, per image. */
  const browserMilliseconds = async (model: Model, batch: number) => {
    await page.locator('#shared-controls input[name="n"]').fill(String(batch));
    const panel = page.locator(`[data-panel="${model.kind}"]`);
    await panel.locator('select[name$=".model"]').selectOption(model.name);
    const before = Number((await panel.getAttribute('data-generated')) ?? 0);
    await panel.locator('[data-action="generate"]').click();
    await page.waitForFunction(
      ([kind, count]) =>
        Number(document.querySelector(`[data-panel="${kind}"]`)?.getAttribute('data-generated') ?? 0) > count,
      [model.kind, before] as const,
      { timeout: 600_000 },
    );
    const stats = await page.evaluate(
      (kind) =>
        (
          window as unknown as {
            latentlab: { results: Record<string, { stats: { wallMilliseconds: number; images: number } }> };
          }
        ).latentlab.results[kind]!.stats,
      model.kind,
    );
    if (stats.images !== batch)
      throw new Error(`bench:web: the page made ${stats.images} images, not ${batch}`);
    return stats.wallMilliseconds / batch;
  };
  const results = cases.map(() => ({ node: [] as number[], browser: [] as number[] }));
  for (const [model, batch] of cases) {
    await nodeMilliseconds(model, batch); // warm-up: both sides compile and allocate once
    await browserMilliseconds(model, batch);
  }
  for (let round = 0; round < rounds; round++) {
    for (const [index, [model, batch]] of cases.entries()) {
      results[index]!.node.push(await nodeMilliseconds(model, batch));
      results[index]!.browser.push(await browserMilliseconds(model, batch));
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
  const summary = cases.map(([model, batch], index) => {
    const { node, browser: page } = results[index]!;
    return {
      model: model.name,
      kind: model.kind,
      batch,
      node_ms_per_image: Number(median(node).toFixed(2)),
      browser_ms_per_image: Number(median(page).toFixed(2)),
      ratio: Number((median(page) / median(node)).toFixed(2)),
    };
  });
  console.log(
    JSON.stringify({
      bench: 'web',
      backend: 'wasm',
      browser_threads: threads,
      rounds,
      diffusion: DIFFUSION,
      tokens: TOKENS,
      results: summary,
    }),
  );
} finally {
  await browser.close();
  await server.close();
  for (const parts of nodeSessions.values())
    for (const part of Object.values(parts)) await part.runner.release();
  rmSync(outDir, { recursive: true, force: true });
}
