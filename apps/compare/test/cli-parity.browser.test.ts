import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ROOT,
  generateIn,
  hasChromium,
  launchChromium,
  openApp,
  serveBuiltApp,
  setControl,
} from './app-server.js';

/**
 * Images the page generates from a seed equal `latentlab sample --onnx` on the same shipped file and seed
 * (max abs difference ≤ 1e-3 on wasm): the browser runs the same samplers over the same model, so the
 * class accuracy `latentlab eval` measured is the page's too. The token models (AR and MaskGIT) go through
 * the same pipeline (@latentlab/generate) on both sides: their tokens are identical, so the decoded images
 * agree as closely.
 */
const manifest = JSON.parse(readFileSync(join(APP_ROOT, 'public/models/manifest.json'), 'utf8')) as {
  models: { name: string; kind: string; files: { role: string; file: string }[] }[];
};
const diffusionModels = manifest.models.filter((model) => model.kind === 'diffusion');
const cli = join(
  dirname(createRequire(import.meta.url).resolve('@latentlab/cli/package.json')),
  'dist',
  'main.js',
);
const scratch = mkdtempSync(join(tmpdir(), 'latentlab-parity-'));
let server: { url: string; close: () => Promise<void> } | undefined;
let browser: Browser | undefined;
// One page for every case: each sets its model and settings through the controls (a fresh load of the app
// for each cost ~10 s on 2 busy cores).
let page: Page;
beforeAll(async () => {
  if (!hasChromium) return;
  server = await serveBuiltApp(join(scratch, 'dist'));
  browser = await launchChromium(false);
  page = await browser.newPage();
  await openApp(page, server.url, 'backend=wasm&n=4');
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** A little-endian float32 .npy (format 1.0) as numbers. */
function readNpy(path: string): Float32Array {
  const bytes = readFileSync(path);
  const headerLength = bytes.readUInt16LE(8);
  const body = bytes.subarray(10 + headerLength);
  return new Float32Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
}

/**
 * `latentlab sample --onnx FILE` of one model file with `flags` (4 images of `label`, npy), and the largest
 * difference from the browser's pixels; both sides' image counts must agree.
 */
function cliVersusBrowser(
  name: string,
  file: string,
  label: number,
  flags: string[],
  browser: ArrayLike<number>,
): number {
  const out = join(scratch, `${name}.npy`);
  const args = ['sample', '--onnx', join(APP_ROOT, 'public/models', file), '--classes', String(label)];
  args.push('--per-class', '4', ...flags, '--format', 'npy', '--out', out);
  const result = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  const cliImages = readNpy(out);
  expect(cliImages.length).toBe(browser.length);
  let largest = 0;
  for (let i = 0; i < cliImages.length; i++)
    largest = Math.max(largest, Math.abs(cliImages[i]! - browser[i]!));
  console.log(`${name}: browser vs CLI max abs diff ${largest.toExponential(2)}`);
  return largest;
}

const SETTINGS = [
  { sampler: 'euler', steps: 10, cfg: 2, seed: 7, label: 5 },
  // dpmpp_2m and the rest are checked against float64 references in @latentlab/samplers; here the runtime is.
  { sampler: 'unipc', steps: 6, cfg: 1.5, seed: 123, label: 2 },
  // Stochastic: the same seed gives the same noise draws in the browser and the CLI.
  { sampler: 'dpmpp_2m_sde', steps: 8, cfg: 1.5, seed: 11, label: 3 },
];

/**
 * Every shipped diffusion model with one sampler each, the samplers in turn (model i takes setting i mod 3),
 * so every model's card path and every sampler's runtime path is checked once: the samplers do not depend on
 * the model, and each case costs ~28 s of page load and generation on 2 busy cores (the full 4 × 3 cross
 * product took 347 s of the suite).
 */
const CASES = diffusionModels.map((model, index) => ({ model, setting: SETTINGS[index % SETTINGS.length]! }));

describe.runIf(hasChromium)('browser images equal the CLI’s', () => {
  it('covers every sampler setting at least once', () => {
    expect(new Set(CASES.map((entry) => entry.setting.sampler)).size).toBe(
      Math.min(SETTINGS.length, diffusionModels.length),
    );
  });
  for (const { model, setting } of CASES) {
    it(`${model.name}, ${setting.sampler} ${setting.steps} steps, CFG ${setting.cfg}, seed ${setting.seed}`, async () => {
      const panel = '[data-panel="diffusion"]';
      // The model first: a distilled student sets its own steps and CFG when chosen.
      await setControl(page, panel, 'd.model', model.name);
      await setControl(page, panel, 'd.sampler', setting.sampler);
      await setControl(page, panel, 'd.steps', String(setting.steps));
      await setControl(page, panel, 'd.cfg', String(setting.cfg));
      await setControl(page, '#shared-controls', 'class', String(setting.label));
      await setControl(page, '#shared-controls', 'seed', String(setting.seed));
      const browserImages = await generateIn(page, 'diffusion');
      expect(browserImages.labels).toEqual(new Array(4).fill(setting.label));
      expect(browserImages.seed).toBe(setting.seed);

      const denoiser = model.files.find((file) => file.role === 'denoiser')!.file;
      const flags = ['--seed', String(setting.seed), '--steps', String(setting.steps)];
      flags.push('--cfg', String(setting.cfg), '--sampler', setting.sampler);
      const name = `${model.name} ${setting.sampler}`;
      const largest = cliVersusBrowser(name, denoiser, setting.label, flags, browserImages.pixels);
      expect(largest).toBeLessThanOrEqual(1e-3);
    });
  }

  const TOKEN_CASES = [
    { kind: 'autoregressive', panel: 'a', cfg: 2.5, seed: 21, label: 8, steps: undefined },
    { kind: 'masked', panel: 'm', cfg: 1.5, seed: 4, label: 1, steps: 6 },
  ] as const;
  for (const setting of TOKEN_CASES) {
    const model = manifest.models.find((entry) => entry.kind === setting.kind);
    it.runIf(model)(
      `${model?.name} (${setting.kind}), CFG ${setting.cfg}, seed ${setting.seed}`,
      async () => {
        const panel = `[data-panel="${setting.kind}"]`;
        await setControl(page, panel, `${setting.panel}.model`, model!.name);
        await setControl(page, panel, `${setting.panel}.cfg`, String(setting.cfg));
        if (setting.steps) await setControl(page, panel, `${setting.panel}.steps`, String(setting.steps));
        await setControl(page, '#shared-controls', 'class', String(setting.label));
        await setControl(page, '#shared-controls', 'seed', String(setting.seed));
        const browserImages = await generateIn(page, setting.kind);
        expect(browserImages.labels).toEqual(new Array(4).fill(setting.label));

        const tokens = model!.files.find((file) => file.role === 'tokens')!.file;
        const flags = ['--seed', String(setting.seed), '--cfg', String(setting.cfg)];
        if (setting.steps) flags.push('--steps', String(setting.steps));
        // decoder.onnx lies beside tokens.onnx
        const largest = cliVersusBrowser(model!.name, tokens, setting.label, flags, browserImages.pixels);
        expect(largest).toBeLessThanOrEqual(1e-3);
      },
    );
  }
});
