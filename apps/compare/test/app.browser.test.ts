import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP_ROOT,
  collectErrors,
  generateIn,
  hasChromium,
  launchChromium,
  openApp as openAppAt,
  serveBuiltApp,
  setControl,
} from './app-server.js';

/**
 * The comparison app end to end in a real headless Chromium (Debian's, driven by playwright-core): built as
 * `pnpm start` builds it, served with COOP/COEP, running the shipped models in onnxruntime-web. Once on wasm
 * and once on WebGPU (Chromium's software adapter). Screenshots go to test-results/.
 */
const manifest = JSON.parse(readFileSync(join(APP_ROOT, 'public/models/manifest.json'), 'utf8')) as {
  models: {
    name: string;
    kind: string;
    files: { file: string }[];
    sampling?: { steps?: number; guidanceScale?: number };
  }[];
};
const PANELS = ['diffusion', 'autoregressive', 'masked'].filter((kind) =>
  manifest.models.some((model) => model.kind === kind),
);
const screenshots = join(APP_ROOT, 'test-results');
mkdirSync(screenshots, { recursive: true });

const outDir = mkdtempSync(join(tmpdir(), 'latentlab-compare-'));
let server: { url: string; close: () => Promise<void> } | undefined;
beforeAll(async () => {
  if (hasChromium) server = await serveBuiltApp(outDir);
});
afterAll(async () => {
  await server?.close();
  rmSync(outDir, { recursive: true, force: true });
});

const std = (values: number[]) => {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length);
};
const meanAbsDiff = (a: number[], b: number[]) =>
  a.reduce((sum, value, i) => sum + Math.abs(value - b[i]!), 0) / a.length;

const openApp = (page: Page, query: string) => openAppAt(page, server!.url, query);
const setShared = (page: Page, name: string, value: string) =>
  setControl(page, '#shared-controls', name, value);

for (const backend of ['wasm', 'webgpu'] as const) {
  // Chromium's software WebGPU adapter (SwiftShader) is ~30× slower than wasm here: fewer steps there.
  const steps = backend === 'webgpu' ? 'n=2&d.steps=2&m.steps=4' : 'n=4&d.steps=8&m.steps=8';
  const images = backend === 'webgpu' ? 2 : 4;
  describe.runIf(hasChromium)(`the comparison app on ${backend}`, () => {
    let browser: Browser;
    // One page for the tests that need no fresh load (generate, stop, lose the device — in that order):
    // each page load and first generation costs ~10 s on wasm and ~20 s on the software WebGPU adapter.
    let page: Page;
    let errors: string[];
    let opened = false;
    // (Opened by the first test; a test run on its own, `-t`, opens it itself.)
    const openShared = async () => {
      if (!opened) await openApp(page, `backend=${backend}&${steps}`);
      opened = true;
    };
    beforeAll(async () => {
      browser = await launchChromium(backend === 'webgpu');
      page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
      errors = collectErrors(page);
    });
    afterAll(async () => {
      await browser?.close();
    });

    it('loads without console errors, cross-origin isolated, and every panel generates its class', async () => {
      await openShared();
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
      expect(
        await page.evaluate(
          () => (window as unknown as { latentlab: { backend: string } }).latentlab.backend,
        ),
      ).toBe(backend);
      for (const panel of PANELS) {
        // Every shipped model of the panel on wasm (pixel and latent DiT, …); the first on the slow adapter.
        const choices = manifest.models.filter((model) => model.kind === panel);
        for (const model of backend === 'wasm' ? choices : choices.slice(0, 1)) {
          const what = `${panel}: ${model.name}`;
          await page.locator(`[data-panel="${panel}"] select[name$=".model"]`).selectOption(model.name);
          for (const [knob, value] of [
            ['steps', model.sampling?.steps],
            ['cfg', model.sampling?.guidanceScale],
          ] as const) {
            // A distilled student sets its own steps and CFG when chosen.
            if (value === undefined) continue;
            const input = page.locator(`[data-panel="${panel}"] input[name$=".${knob}"]`);
            expect(await input.inputValue(), `${what}: ${knob}`).toBe(String(value));
          }
          await setShared(page, 'class', '1');
          const ones = await generateIn(page, panel);
          expect(ones.pixels.length, what).toBe(images * ones.height * ones.width);
          expect(std(ones.pixels), `${what}: not blank`).toBeGreaterThan(0.1);
          // That the class conditions the images is the graph's doing, not the backend's: checked on wasm
          // (a second generation per panel on the software WebGPU adapter cost ~25 s).
          if (backend === 'wasm') {
            await setShared(page, 'class', '7');
            const sevens = await generateIn(page, panel);
            expect(std(sevens.pixels), `${what}: not blank`).toBeGreaterThan(0.1);
            expect(meanAbsDiff(ones.pixels, sevens.pixels), `${what}: classes differ`).toBeGreaterThan(0.05);
          }
          await expect
            .poll(() => page.locator(`[data-panel="${panel}"] .stats`).textContent())
            .toMatch(/ms per image/);
        }
      }
      expect(await page.locator('#comparison tbody tr').count()).toBe(PANELS.length);
      await page.screenshot({ path: join(screenshots, `generate-${backend}.png`), fullPage: true });
      expect(errors).toEqual([]);
    }, 480_000); // the software WebGPU adapter: 228 s measured on 2 busy CI cores

    it('stops a running generation, and generates again afterwards', async () => {
      await openShared();
      const panel = page.locator('[data-panel="diffusion"]');
      const steps = panel.locator('[name="d.steps"]');
      await steps.fill('200');
      await steps.dispatchEvent('change');
      await panel.locator('[data-action="generate"]').click();
      await expect
        .poll(() => panel.locator('.status').textContent(), { timeout: 60_000 })
        .toMatch(/^step \d+ \/ 200/);
      const generated = await panel.getAttribute('data-generated');
      await panel.locator('[data-action="stop"]').click();
      await expect.poll(() => panel.locator('.status').textContent(), { timeout: 60_000 }).toBe('stopped');
      expect(await panel.getAttribute('data-generated')).toBe(generated); // the stopped run delivered nothing
      await steps.fill('4');
      await steps.dispatchEvent('change');
      await generateIn(page, 'diffusion');
      expect(errors).toEqual([]);
    });

    it.runIf(backend === 'webgpu')(
      'says so when the WebGPU device is lost, and generates on wasm from then on',
      async () => {
        // The shared page, last: its WebGPU device goes for good.
        await openShared();
        const steps = page.locator('[data-panel="diffusion"] [name="d.steps"]');
        await steps.fill('1');
        await steps.dispatchEvent('change');
        await generateIn(page, 'diffusion'); // on the WebGPU device
        await page.evaluate(() =>
          (window as unknown as { latentlab: { loseWebgpuDevice(): void } }).latentlab.loseWebgpuDevice(),
        );
        await expect
          .poll(() => page.locator('#app-message').textContent(), { timeout: 60_000 })
          .toMatch(/the WebGPU device was lost \(destroyed.*\); running on wasm/);
        await expect
          .poll(() =>
            page.evaluate(() => (window as unknown as { latentlab: { backend: string } }).latentlab.backend),
          )
          .toBe('wasm');
        const after = await generateIn(page, 'diffusion');
        expect(std(after.pixels)).toBeGreaterThan(0.1);
        expect(
          await page.evaluate(
            () =>
              (
                window as unknown as {
                  latentlab: { results: Record<string, { stats: { backend: string } }> };
                }
              ).latentlab.results['diffusion']!.stats.backend,
          ),
        ).toBe('wasm');
      },
      240_000,
    );

    it.runIf(backend === 'webgpu')(
      'picks the backend by a measured probe, shows it, and switches on request',
      async () => {
        const page = await browser.newPage();
        const errors = collectErrors(page);
        await openApp(page, 'backend=auto');
        const status = (await page.locator('#backend-status').textContent()) ?? '';
        const probe = status.match(/wasm ([\d.]+) ms, WebGPU ([\d.]+) ms per evaluation/);
        expect(probe, status).not.toBeNull();
        const fastest = Number(probe![1]) <= Number(probe![2]) ? 'wasm' : 'webgpu';
        const active = () =>
          page.evaluate(() => (window as unknown as { latentlab: { backend: string } }).latentlab.backend);
        expect(await active()).toBe(fastest);
        const other = fastest === 'wasm' ? 'webgpu' : 'wasm';
        await page.locator('#backend-choice').selectOption(other);
        await expect.poll(active, { timeout: 120_000 }).toBe(other);
        expect(new URL(page.url()).searchParams.get('backend')).toBe(other);
        expect(errors).toEqual([]);
        await page.close();
      },
    );

    // A token model's file goes missing (404) or arrives damaged; the diffusion panel must not care. Both
    // fail at download or checksum, before any backend sees the file: checked on wasm only (on the software
    // WebGPU adapter they cost ~80 s of the suite and proved nothing more).
    const broken = manifest.models.find(
      (model) => model.kind === 'autoregressive' || model.kind === 'masked',
    );
    for (const fault of ['missing', 'corrupted'] as const) {
      it.runIf(broken !== undefined && backend === 'wasm')(
        `shows a ${fault} model clearly while the others still generate`,
        async () => {
          const page = await browser.newPage();
          const errors = collectErrors(page);
          const file = broken!.files[0]!.file;
          await page.route(`**/models/${file}`, async (route) => {
            if (fault === 'missing') return route.fulfill({ status: 404 });
            const response = await route.fetch();
            const body = Buffer.from(await response.body());
            const middle = body.length >> 1;
            body[middle] = body[middle]! ^ 0xff;
            return route.fulfill({ response, body });
          });
          await openApp(page, `backend=${backend}&n=2&d.steps=${backend === 'webgpu' ? 1 : 4}`);
          const status = page.locator(`[data-panel="${broken!.kind}"] .status`);
          await expect
            .poll(() => status.textContent())
            .toMatch(fault === 'missing' ? /could not be downloaded: HTTP 404/ : /failed its checksum/);
          expect(
            await page.locator(`[data-panel="${broken!.kind}"] [data-action="generate"]`).isDisabled(),
          ).toBe(true);
          const images = await generateIn(page, 'diffusion');
          expect(std(images.pixels)).toBeGreaterThan(0.1);
          await page.screenshot({ path: join(screenshots, `${fault}-model-${backend}.png`), fullPage: true });
          // The failed download is the only console error.
          expect(errors.filter((text) => !/404|Failed to load resource/.test(text))).toEqual([]);
          await page.close();
        },
      );
    }

    it.runIf(backend === 'wasm')(
      'keeps its settings in the URL (reopened, it reproduces the grid from cached models), downloads PNGs, labels every control, fits a phone',
      async () => {
        const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
        const page = await context.newPage();
        await openApp(page, `backend=${backend}&n=3&d.steps=5`);
        await setShared(page, 'seed', '42');
        await setShared(page, 'class', '4');
        await page.locator('[name="d.cfg"]').fill('3');
        await page.locator('[name="d.cfg"]').dispatchEvent('change');
        const first = await generateIn(page, 'diffusion');
        const shared = page.url();
        expect(new URL(shared).searchParams.get('seed')).toBe('42');
        expect(new URL(shared).searchParams.get('d.cfg')).toBe('3');
        const download = page.waitForEvent('download');
        await page.locator('[data-panel="diffusion"] [data-action="download"]').click();
        const file = await (await download).path();
        expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
        const unlabelled = await page.evaluate(() =>
          Array.from(document.querySelectorAll('input, select'))
            .filter((element) => !(element as HTMLInputElement).labels?.length)
            .map((element) => (element as HTMLInputElement).name || element.id),
        );
        expect(unlabelled).toEqual([]);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
        // Same browser profile: the models come from Cache Storage, not the network.
        const again = await context.newPage();
        const downloads: string[] = [];
        again.on('request', (request) => {
          if (request.url().endsWith('.onnx')) downloads.push(request.url());
        });
        await again.goto(shared);
        await again.waitForFunction(
          () => (window as unknown as { latentlab: { ready: boolean } }).latentlab.ready,
        );
        const reproduced = await generateIn(again, 'diffusion');
        expect(reproduced.pixels).toEqual(first.pixels);
        expect(downloads).toEqual([]);
        await context.close();
      },
    );

    // The Learn tab runs no model: drawn once, on the wasm pass (36 s on the WebGPU one).
    it.runIf(backend === 'wasm')('draws the Learn tab', async () => {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      const errors = collectErrors(page);
      await openApp(page, `backend=${backend}&tab=learn`);
      await page.waitForFunction(
        () => (window as unknown as { latentlab: { learnDrawn: boolean } }).latentlab.learnDrawn,
        null,
        {
          timeout: 120_000,
        },
      );
      const sections = await page.locator('canvas[data-learn-section]').evaluateAll((canvases) =>
        (canvases as HTMLCanvasElement[]).map((canvas) => {
          const context = canvas.getContext('2d')!;
          const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
          const colours = new Set<number>();
          for (let i = 0; i < data.length; i += 4 * 97)
            colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
          return {
            section: canvas.dataset['learnSection'],
            drawn: canvas.dataset['drawn'],
            colours: colours.size,
          };
        }),
      );
      expect(new Set(sections.map((entry) => entry.section))).toEqual(
        new Set(['trajectories', 'steps', 'cfg', 'times', 'schedules', 'targets']),
      );
      for (const entry of sections) {
        expect(entry.drawn, entry.section).toBe('true');
        expect(entry.colours, `${entry.section}: not blank`).toBeGreaterThan(3);
      }
      await page.screenshot({ path: join(screenshots, `learn-phone-${backend}.png`), fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    });
  });
}
