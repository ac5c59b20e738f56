#!/usr/bin/env node
// `pnpm latentlab …` at the repository root (pnpm runs a workspace bin without printing anything of its
// own): rebuilds, quietly, only the packages whose sources changed since their last build, then runs the
// built command in this process, in the directory the user typed it in.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { stalePackages } from './stale-packages.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const stale = stalePackages(root, '@latentlab/cli');
if (stale.length > 0) {
  process.stderr.write(`latentlab: building ${stale.map(({ name }) => name).join(', ')} …\n`);
  const turbo = join(root, 'node_modules', '.bin', 'turbo');
  const build = spawnSync(
    turbo,
    ['run', 'build', '--filter=@latentlab/cli...', '--output-logs=errors-only'],
    {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
    },
  );
  if (build.status !== 0) {
    process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
    process.stderr.write(`latentlab: the build failed (${build.error?.message ?? `exit ${build.status}`})\n`);
    process.exit(1);
  }
}
await import(pathToFileURL(join(root, 'packages', 'cli', 'dist', 'main.js')).href);
