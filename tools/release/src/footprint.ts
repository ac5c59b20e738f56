import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { cleanEnvironment, runCommand } from '@latentlab/pack-smoke/src/run-command.js';
import { createConsumer } from './consumers.js';
import type { Registry } from './registry.js';
import type { PublishedPackage } from './scratch-release.js';

/** What `npm install name@version` alone brings into an empty project. */
export interface Footprint {
  name: string;
  version: string;
  /** Installed packages, the package itself included. */
  packages: number;
  /** node_modules on disk, MB (10^6 bytes). */
  megabytes: number;
}

/** Installs each published package on its own in an empty project and measures node_modules. */
export async function measureFootprints(
  work: string,
  registry: Registry,
  published: readonly PublishedPackage[],
  log: (line: string) => void,
): Promise<Footprint[]> {
  const footprints: Footprint[] = [];
  for (const item of published) {
    const project = path.join(work, `footprint-${item.name.replace(/[@/]/g, '_')}`);
    createConsumer(project, registry);
    await runCommand(
      'npm',
      ['install', '--no-audit', '--no-fund', '--loglevel=error', `${item.name}@${item.version}`],
      {
        cwd: project,
        env: cleanEnvironment({ ONNXRUNTIME_NODE_INSTALL: 'skip' }),
        timeoutMs: 600_000,
      },
    );
    const listed = await runCommand('npm', ['ls', '--all', '--parseable'], {
      cwd: project,
      env: cleanEnvironment({}),
    });
    const packages = new Set(listed.stdout.split('\n').filter((line) => line.includes('node_modules'))).size;
    const du = spawnSync('du', ['-sb', path.join(project, 'node_modules')], { encoding: 'utf8' });
    const megabytes = Math.round(Number(du.stdout.split('\t')[0]) / 1e5) / 10;
    footprints.push({ name: item.name, version: item.version, packages, megabytes });
    log(`footprint ${item.name}: ${packages} packages, ${megabytes} MB`);
  }
  return footprints;
}
