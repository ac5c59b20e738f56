import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliProcess, spawnCli } from '../test-support/cli-process.js';
import { type Dashboard, startDashboard } from './dashboard-server.js';
import { runCurves } from './run-snapshot.js';

/**
 * Debian's chromium (DESIGN: the app tests drive it with playwright-core). CI requires it
 * (LATENTLAB_REQUIRE_BROWSER=1 in .ci/run); elsewhere the browser test says it is skipped and why.
 */
const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env['LATENTLAB_REQUIRE_BROWSER'] === '1') {
  throw new Error(`the dashboard test needs Chromium at ${CHROMIUM} (apt-get install chromium)`);
}
if (!hasChromium)
  console.warn(`dashboard browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

const root = mkdtempSync(join(tmpdir(), 'latentlab-dashboard-'));
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(root, { recursive: true, force: true });
});

/** A real `latentlab train` in a child process, still writing while the page is open. */
function startTraining(out: string): ChildProcess {
  const flags = ['--steps', '100000', '--batch-size', '32', '--hidden', '16', '--sample-every', '40'];
  const child = spawnCli(
    [
      'train',
      '--recipe',
      'rf-mlp-moons',
      ...flags,
      '--checkpoint-every',
      '0',
      '--backend',
      'cpu',
      '--out',
      out,
    ],
    { stdio: 'ignore' },
  );
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  return child;
}

const until = async (condition: () => Promise<boolean> | boolean, what: string, seconds = 40) => {
  const deadline = Date.now() + seconds * 1000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

describe('latentlab dashboard', () => {
  it.skipIf(!hasChromium)(
    'loads without console errors and its charts follow a run that is still writing',
    async () => {
      const out = join(root, 'live');
      startTraining(out);
      const dashboard: Dashboard = await startDashboard({ runs: [out], port: 0 });
      cleanups.push(() => dashboard.close());
      const browser: Browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
      cleanups.push(() => browser.close());
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));
      await page.goto(dashboard.url);
      const points = () =>
        page.evaluate(() =>
          Number(document.querySelector('[data-run="0"]')?.getAttribute('data-points') ?? 0),
        );
      await until(async () => (await points()) >= 20, 'the first 20 steps on the charts');
      const first = await points();
      await until(async () => (await points()) >= first + 40, 'the charts to follow the run');
      // What the page drew is what the run wrote: its step count matches metrics.jsonl at that moment.
      expect(runCurves(out, 0).step.length).toBeGreaterThanOrEqual(first + 40);
      await until(
        () =>
          page
            .evaluate(
              () => (document.querySelector('.grid-image img') as HTMLImageElement | null)?.naturalWidth ?? 0,
            )
            .then((width) => width > 0),
        'the newest sample grid',
      );
      expect(await page.locator('[data-run="0"] .badge').textContent()).toBe('training');
      expect(await page.locator('[data-run="0"] .uplot').count()).toBe(4);
      const screenshot = process.env['LATENTLAB_DASHBOARD_SCREENSHOT'];
      if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
      expect(problems).toEqual([]);
    },
    120_000,
  );

  it('serves only a run’s grids and loss curve, and its curves from a given line', async () => {
    const out = join(root, 'finished');
    const trained = runCliProcess(
      [
        'train',
        '--recipe',
        'rf-mlp-moons',
        '--steps',
        '12',
        '--hidden',
        '8',
        '--backend',
        'cpu',
        '--out',
        out,
      ],
      { stdio: 'ignore' },
    );
    expect(trained.status).toBe(0);

    const dashboard = await startDashboard({ runs: [out], port: 0 });
    cleanups.push(() => dashboard.close());
    const get = (path: string) => fetch(new URL(path, dashboard.url));
    const [snapshot] = (await (await get('api/runs')).json()) as {
      status: string;
      step: number;
      latestGrid: { file: string };
    }[];
    expect(snapshot).toMatchObject({ status: 'finished', step: 12, latestGrid: { file: 'samples-12.png' } });
    const curves = (await (await get('api/runs/0/curves?from=10')).json()) as {
      step: number[];
      loss: number[];
    };
    expect(curves.step).toEqual([11, 12]);
    const lines = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n');
    expect(curves.loss).toEqual(lines.slice(10).map((line) => JSON.parse(line).loss));
    expect((await get('api/runs/0/files/samples-12.png')).headers.get('content-type')).toBe('image/png');
    for (const path of [
      'api/runs/0/files/checkpoint.safetensors',
      'api/runs/0/files/..%2Fstate.json',
      'api/runs/1/curves',
    ]) {
      expect((await get(path)).status, path).toBe(404);
    }
  }, 60_000);
});
