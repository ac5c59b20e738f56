import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanEnvironment, runCommand } from '@latentlab/pack-smoke/src/run-command.js';
import { listPublicPackages } from '@latentlab/pack-smoke/src/workspace.js';
import type { Registry } from './registry.js';

const LONG_MS = 600_000;

/** What a scratch release published: each public package's name, version before and after. */
export interface PublishedPackage {
  name: string;
  previousVersion: string;
  version: string;
}

/**
 * A copy of the workspace as it stands (sources, built dist/ folders, changesets, lockfile), without
 * node_modules, .git or run outputs: versioning and publishing happen there, never in the repository.
 */
export function copyWorkspace(root: string, destination: string): void {
  mkdirSync(destination, { recursive: true });
  // `./runs` is the repository's run outputs only (packages/runs is a package).
  const excluded = ['node_modules', '.git', '.turbo', './runs', 'test-results', '.cache'];
  const pack = spawnSync(
    'bash',
    [
      '-c',
      `tar -C "$1" ${excluded.map((name) => `--exclude=${name}`).join(' ')} -cf - . | tar -C "$2" -xf -`,
      'copy',
      root,
      destination,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (pack.status !== 0)
    throw new Error(`copying ${root} to ${destination} failed (tar exit ${pack.status})`);
}

/** npm/pnpm settings of the scratch copy: the registry's token, and @latentlab resolved from it alone. */
export function writeRegistryNpmrc(directory: string, registry: Registry): void {
  const host = registry.url.replace(/^https?:/, '');
  writeFileSync(
    path.join(directory, '.npmrc'),
    [`@latentlab:registry=${registry.url}/`, `${host}/:_authToken=${registry.token}`, ''].join('\n'),
  );
}

const environment = () => cleanEnvironment({ ONNXRUNTIME_NODE_INSTALL: 'skip', CI: '1' });

/** pnpm in the scratch copy; its output, or an error with all of it. */
async function pnpm(cwd: string, args: string[]): Promise<string> {
  const { stdout, stderr } = await runCommand('pnpm', args, { cwd, env: environment(), timeoutMs: LONG_MS });
  return `${stdout}${stderr}`;
}

/**
 * In the scratch copy: a real `pnpm install` (so `workspace:` ranges can be rewritten), `changeset
 * version` (versions and CHANGELOG.md files from the pending changesets), then `pnpm -r publish` to the
 * registry. Returns every public package with its old and new version.
 */
export async function versionAndPublish(
  scratch: string,
  registry: Registry,
  log: (line: string) => void,
): Promise<{ published: PublishedPackage[]; publishOutput: string }> {
  const before = new Map(listPublicPackages(scratch).map((item) => [item.name, item.version]));
  log('pnpm install --frozen-lockfile --prefer-offline (scratch copy)');
  await pnpm(scratch, ['install', '--frozen-lockfile', '--prefer-offline']);
  // A changeset of the rehearsal's own (a patch of every public package), so versioning and the
  // CHANGELOGs are exercised even when no change is pending; real pending changesets apply beside it.
  writeFileSync(
    path.join(scratch, '.changeset', 'release-rehearsal.md'),
    `---\n${[...before.keys()].map((name) => `"${name}": patch`).join('\n')}\n---\n\nRelease rehearsal.\n`,
  );
  log('changeset version (pending changesets + a rehearsal patch of every package)');
  await pnpm(scratch, ['exec', 'changeset', 'version']);
  const after = listPublicPackages(scratch);
  const published = after.map((item) => ({
    name: item.name,
    previousVersion: before.get(item.name) ?? '(new)',
    version: item.version,
  }));
  log(`pnpm -r publish --registry ${registry.url}/`);
  const publishOutput = await publish(scratch, registry);
  return { published, publishOutput };
}

/** `pnpm -r publish` of every public package to the registry (a version already there is skipped). */
export function publish(scratch: string, registry: Registry): Promise<string> {
  return pnpm(scratch, [
    '-r',
    'publish',
    '--registry',
    `${registry.url}/`,
    '--no-git-checks',
    '--access',
    'public',
  ]);
}

/** The versions the registry holds of `name` (none: an empty list). */
export async function registryVersions(registry: Registry, name: string): Promise<string[]> {
  const response = await fetch(`${registry.url}/${name.replace('/', '%2f')}`, {
    headers: { authorization: `Bearer ${registry.token}` },
  });
  if (response.status === 404) return [];
  if (!response.ok) throw new Error(`GET ${registry.url}/${name}: ${response.status}`);
  return Object.keys(((await response.json()) as { versions?: Record<string, unknown> }).versions ?? {});
}

/** Problems: a public package missing at its new version, or the registry holding other versions. */
export async function checkArrived(registry: Registry, published: readonly PublishedPackage[]) {
  const problems: string[] = [];
  for (const item of published) {
    const versions = await registryVersions(registry, item.name);
    if (!versions.includes(item.version)) {
      problems.push(
        `${item.name}@${item.version} is not in the registry (it has ${versions.join(', ') || 'nothing'})`,
      );
    } else if (versions.length !== 1) {
      problems.push(`${item.name}: the registry holds ${versions.join(', ')}, expected only ${item.version}`);
    }
  }
  return problems;
}

/** Problems: a public package whose CHANGELOG.md (written by changeset version) lacks its new version. */
export function checkChangelogs(scratch: string): string[] {
  return listPublicPackages(scratch).flatMap((item) => {
    let changelog: string;
    try {
      changelog = readFileSync(path.join(item.directory, 'CHANGELOG.md'), 'utf8');
    } catch {
      return [`${item.name}: changeset version wrote no CHANGELOG.md`];
    }
    return changelog.includes(`## ${item.version}`)
      ? []
      : [`${item.name}: CHANGELOG.md has no "## ${item.version}" section`];
  });
}
