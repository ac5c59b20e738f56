import {
  collectExportTargets,
  findMisplacedTypesConditions,
  stripDotSlash,
  targetPatternToRegExp,
} from './exports-map.js';
import type { PackageManifest } from './manifest.js';
import type { PackedPackage } from './pack.js';

const TEST_FILE = /(^|\/)[^/]*\.test\.[^/]*$/;
const DEPENDENCY_FIELDS = ['dependencies', 'peerDependencies', 'optionalDependencies'] as const;

/** Problems with what a tarball holds; an empty list means it is fit to publish. */
export function checkTarballContents(
  packed: Pick<PackedPackage, 'name' | 'manifest' | 'files'> &
    Partial<Pick<PackedPackage, 'mapsWithSources'>>,
): string[] {
  const { name, manifest, files, mapsWithSources = [] } = packed;
  const fileSet = new Set(files);
  const problems: string[] = [];
  const report = (problem: string) => problems.push(`${name}: tarball ${problem}`);

  if (!fileSet.has('package.json')) report('has no package.json');
  if (!files.some((file) => /^readme\.md$/i.test(file))) report('has no README.md');
  if (!files.some((file) => file.startsWith('dist/'))) report('has nothing under dist/ (was it built?)');
  if (!files.some((file) => /^licen[cs]e(\.md|\.txt)?$/i.test(file))) report('has no LICENSE file');
  if (typeof manifest.engines?.node !== 'string') {
    report('package.json: no "engines.node" (the Node versions it supports are not passed on)');
  }
  for (const map of mapsWithSources) report(`source map ${map} embeds the sources (sourcesContent)`);
  for (const file of files.filter((file) => TEST_FILE.test(file))) report(`contains test file ${file}`);
  const sourceFiles = files.filter((file) => file.startsWith('src/'));
  if (sourceFiles.length > 0)
    report(`contains a src/ folder (${sourceFiles.length} file(s), e.g. ${sourceFiles[0]})`);

  for (const [field, target] of referencedFiles(manifest)) {
    if (!tarballHas(files, fileSet, target)) report(`lacks ${target}, referenced by "${field}"`);
  }
  if (manifest.exports !== undefined) {
    for (const target of collectExportTargets(manifest.exports).filter((item) => !item.startsWith('./'))) {
      report(`package.json: exports target "${target}" must start with "./"`);
    }
    for (const location of findMisplacedTypesConditions(manifest.exports)) {
      report(`package.json: "types" must be the first condition in ${location}`);
    }
  }
  for (const field of DEPENDENCY_FIELDS) {
    for (const [dependency, range] of Object.entries(manifest[field] ?? {})) {
      if (range.startsWith('workspace:')) report(`package.json: ${field}.${dependency} is still "${range}"`);
    }
  }
  return problems;
}

/** [field, file] pairs for `main`, `module`, `types`, `typings`, every `bin` and every `exports` target. */
function referencedFiles(manifest: PackageManifest): [string, string][] {
  const pairs: [string, string][] = [];
  for (const field of ['main', 'module', 'types', 'typings'] as const) {
    const value = manifest[field];
    if (typeof value === 'string') pairs.push([field, value]);
  }
  if (typeof manifest.bin === 'string') pairs.push(['bin', manifest.bin]);
  for (const [command, target] of Object.entries(typeof manifest.bin === 'object' ? manifest.bin : {})) {
    pairs.push([`bin.${command}`, target]);
  }
  if (manifest.exports !== undefined) {
    for (const target of collectExportTargets(manifest.exports)) pairs.push(['exports', target]);
  }
  return pairs;
}

function tarballHas(files: readonly string[], fileSet: ReadonlySet<string>, target: string): boolean {
  if (target.includes('*')) {
    const pattern = targetPatternToRegExp(target);
    return files.some((file) => pattern.test(file));
  }
  return fileSet.has(stripDotSlash(target));
}
