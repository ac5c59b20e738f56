import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type ConsoleMessage, chromium, type Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import type { PanelResult, TestHooks } from '../src/test-hooks.js';

export const APP_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
if (!hasChromium && process.env['LATENTLAB_REQUIRE_BROWSER'] === '1') {
  throw new Error(`the app's browser tests need Chromium at ${CHROMIUM} (apt-get install chromium)`);
}
if (!hasChromium)
  console.warn(`app browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium)`);

/** Builds the app as `pnpm start` does and serves it with vite preview (COOP/COEP) on a free port. */
export async function serveBuiltApp(outDir: string): Promise<{ url: string; close: () => Promise<void> }> {
  await build({ root: APP_ROOT, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server: PreviewServer = await preview({
    root: APP_ROOT,
    logLevel: 'warn',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1', strictPort: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview gave no URL');
  return { url, close: () => server.close() };
}

/** Debian's Chromium, headless; WebGPU through its software adapter (SwiftShader) when asked. */
export function launchChromium(webgpu: boolean): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', ...(webgpu ? ['--enable-unsafe-webgpu', '--enable-features=Vulkan'] : [])],
  });
}

/** Console errors and uncaught page errors, collected for a test to assert there were none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/** The latest images of a panel, as the page's test hooks keep them. */
export type { PanelResult } from '../src/test-hooks.js';

/** The latest images a panel generated, from the page's test hooks. */
export function panelResult(page: Page, panel: string): Promise<PanelResult | undefined> {
  return page.evaluate(
    (name) => (window as unknown as { latentlab: TestHooks }).latentlab.results[name],
    panel,
  );
}

/** Opens the app with `query` and waits until its worker has picked a backend. */
export async function openApp(page: Page, serverUrl: string, query: string): Promise<void> {
  await page.goto(`${serverUrl}?${query}`);
  await page.waitForFunction(() => (window as unknown as { latentlab: TestHooks }).latentlab.ready, null, {
    timeout: 120_000,
  });
}

/** Sets the control `name` (a select or an input) inside `scope` and fires its change event. */
export async function setControl(page: Page, scope: string, name: string, value: string): Promise<void> {
  const control = page.locator(`${scope} [name="${name}"]`);
  if ((await control.evaluate((element) => element.tagName)) === 'SELECT') await control.selectOption(value);
  else await control.fill(value);
  await control.dispatchEvent('change');
}

/** Clicks a panel's Generate and waits for its images. */
export async function generateIn(page: Page, panel: string): Promise<PanelResult> {
  const root = page.locator(`[data-panel="${panel}"]`);
  const before = Number((await root.getAttribute('data-generated')) ?? 0);
  await root.locator('[data-action="generate"]').click();
  await page.waitForFunction(
    ([name, count]) =>
      Number(document.querySelector(`[data-panel="${name}"]`)?.getAttribute('data-generated') ?? 0) > count,
    [panel, before] as const,
    { timeout: 180_000 },
  );
  return (await panelResult(page, panel))!;
}
