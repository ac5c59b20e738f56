// Sampling cost in the browser (the comparison app's page, onnxruntime-web wasm in its Worker) against the
// same engine on onnxruntime-node, alternating in one run so both see the machine's current load. Prints
// one JSON line: ms per image of each shipped model on each side and their ratio (browser / node).
//   pnpm bench:browser [rounds]   (default 3; needs Debian chromium: CHROMIUM_PATH overrides /usr/bin/chromium)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { generateDiffusion, generateTokenImages } from '@latentlab/compare/engine';
import { readModelCard } from '@latentlab/onnx';
import { createNodeRunner } from '@latentlab/onnx/node';
import { chromium } from 'playwright-core';
import { build, preview } from 'vite';

const rounds = Number(process.argv[2] ?? 3);
const IMAGES = 8;
const LABEL = 3;
const app = dirname(createRequire(import.meta.url).resolve('@latentlab/compare/package.json'));
const modelsDir = join(app, 'public', 'models');
const manifest = JSON.parse(readFileSync(join(modelsDir, 'manifest.json'), 'utf8')) as {
  models: { name: string; kind: string; files: { role: string; file: string }[] }[];
};
const models = manifest.models.filter((model) => model.kind !== 'flow-2d');
const PANEL_QUERY: Record<string, string> = {
  diffusion: 'd.steps=20&d.cfg=2&d.sampler=euler',
  autoregressive: 'a.cfg=2',
  masked: 'm.steps=12&m.cfg=2',
};

/** One model on onnxruntime-node through the app's own engine: ms per image. */
async function nodeMilliseconds(model: (typeof models)[number]): Promise<number> {
  const parts: Record<
    string,
    { runner: Awaited<ReturnType<typeof createNodeRunner>>; card: ReturnType<typeof readModelCard> }
  > = {};
  for (const file of model.files) {
    const bytes = new Uint8Array(readFileSync(join(modelsDir, file.file)));
    parts[file.role] = { runner: await createNodeRunner(bytes), card: readModelCard(bytes, file.file) };
  }
  const labels = new Int32Array(IMAGES).fill(LABEL);
  const start = performance.now();
  if (model.kind === 'diffusion') {
    await generateDiffusion(
      {
        denoiser: parts['denoiser']!.runner,
        card: parts['denoiser']!.card,
        ...(parts['decoder'] ? { decoder: parts['decoder'] } : {}),
      },
      { labels, seed: 0, steps: 20, sampler: 'euler', guidanceScale: 2 },
    );
  } else {
    await generateTokenImages(
      { tokens: parts['tokens']!.runner, card: parts['tokens']!.card, decoder: parts['decoder']! },
      { labels, seed: 0, guidanceScale: 2, iterations: 12 },
    );
  }
  const milliseconds = (performance.now() - start) / IMAGES;
  for (const part of Object.values(parts)) await part.runner.release();
  return milliseconds;
}

const outDir = mkdtempSync(join(tmpdir(), 'latentlab-bench-browser-'));
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
  await page.goto(
    `${server.resolvedUrls!.local[0]}?backend=wasm&n=${IMAGES}&class=${LABEL}&${Object.values(PANEL_QUERY).join('&')}`,
  );
  await page.waitForFunction(() => (window as unknown as { latentlab: { ready: boolean } }).latentlab.ready);
  const browserMilliseconds = async (model: (typeof models)[number]) => {
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
            latentlab: { results: Record<string, { stats: { wallMilliseconds: number } }> };
          }
        ).latentlab.results[kind]!.stats,
      model.kind,
    );
    return stats.wallMilliseconds / IMAGES;
  };
  const results: Record<string, { node: number[]; browser: number[] }> = {};
  for (const model of models) {
    results[model.name] = { node: [], browser: [] };
    await nodeMilliseconds(model); // warm-up: both sides compile once
    await browserMilliseconds(model);
  }
  for (let round = 0; round < rounds; round++) {
    for (const model of models) {
      results[model.name]!.node.push(await nodeMilliseconds(model));
      results[model.name]!.browser.push(await browserMilliseconds(model));
    }
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;
  const summary = Object.fromEntries(
    Object.entries(results).map(([name, { node, browser: page }]) => [
      name,
      {
        node_ms_per_image: Number(median(node).toFixed(1)),
        browser_ms_per_image: Number(median(page).toFixed(1)),
        ratio: Number((median(page) / median(node)).toFixed(2)),
      },
    ]),
  );
  console.log(JSON.stringify({ images: IMAGES, rounds, backend: 'wasm', models: summary }));
} finally {
  await browser.close();
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
}
