import type { ExportsValue, PackageManifest } from './manifest.js';
import { escapeRegExp } from './workspace-globs.js';

/** One subpath of a package's public interface: `.`, `./node`, `./package.json`, `./utils/*`, … */
export interface ExportEntry {
  subpath: string;
  target: ExportsValue;
}

/** Condition sets Node uses for `import` and `require`. */
export const IMPORT_CONDITIONS = ['node', 'import', 'default'] as const;
export const REQUIRE_CONDITIONS = ['node', 'require', 'default'] as const;

/** The entries of `exports`, or `.` → `main` for a package without `exports`. */
export function listExportEntries(manifest: PackageManifest): ExportEntry[] {
  const { exports } = manifest;
  if (exports === undefined) return [{ subpath: '.', target: manifest.main ?? './index.js' }];
  if (!isConditionsObject(exports) || !Object.keys(exports).some((key) => key.startsWith('.'))) {
    return [{ subpath: '.', target: exports }];
  }
  return Object.entries(exports).map(([subpath, target]) => ({ subpath, target }));
}

/** `@scope/name` + `./node` → `@scope/name/node`. */
export function entrySpecifier(packageName: string, subpath: string): string {
  return subpath === '.' ? packageName : `${packageName}/${subpath.replace(/^\.\//, '')}`;
}

/** The file Node picks for `target` under `conditions` (first matching key wins), if any. */
export function resolveExportTarget(target: ExportsValue, conditions: readonly string[]): string | undefined {
  if (target === null) return undefined;
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const alternative of target) {
      const resolved = resolveExportTarget(alternative, conditions);
      if (resolved !== undefined) return resolved;
    }
    return undefined;
  }
  for (const [condition, value] of Object.entries(target)) {
    if (condition === 'default' || conditions.includes(condition)) {
      const resolved = resolveExportTarget(value, conditions);
      if (resolved !== undefined) return resolved;
    }
  }
  return undefined;
}

/** Every file path an `exports` value can point to, across all conditions. */
export function collectExportTargets(target: ExportsValue): string[] {
  if (target === null) return [];
  if (typeof target === 'string') return [target];
  if (Array.isArray(target)) return target.flatMap(collectExportTargets);
  return Object.values(target).flatMap(collectExportTargets);
}

/** Condition objects that have a `types` condition which is not their first key. */
export function findMisplacedTypesConditions(target: ExportsValue, location = 'exports'): string[] {
  if (target === null || typeof target === 'string') return [];
  if (Array.isArray(target)) {
    return target.flatMap((item, index) => findMisplacedTypesConditions(item, `${location}[${index}]`));
  }
  const keys = Object.keys(target);
  const misplaced = keys.includes('types') && keys[0] !== 'types' ? [location] : [];
  return [
    ...misplaced,
    ...Object.entries(target).flatMap(([key, value]) =>
      findMisplacedTypesConditions(value, `${location}[${JSON.stringify(key)}]`),
    ),
  ];
}

/** Turns a target with `*` into a RegExp over tarball paths (without `./`) capturing the `*` part. */
export function targetPatternToRegExp(target: string): RegExp {
  const [before, after = ''] = stripDotSlash(target).split('*');
  return new RegExp(`^${escapeRegExp(before ?? '')}(.+)${escapeRegExp(after)}$`);
}

/**
 * Concrete entries for a subpath pattern (`./utils/*`), one per tarball file its import target
 * matches; a plain subpath is returned as it is.
 */
export function expandPatternEntry(entry: ExportEntry, tarballFiles: readonly string[]): ExportEntry[] {
  if (!entry.subpath.includes('*')) return [entry];
  const importTarget = resolveExportTarget(entry.target, IMPORT_CONDITIONS);
  if (importTarget === undefined) return [];
  const filePattern = targetPatternToRegExp(importTarget);
  return tarballFiles.flatMap((file) => {
    const stem = filePattern.exec(file)?.[1];
    if (stem === undefined) return [];
    return [{ subpath: entry.subpath.replace('*', stem), target: substitutePattern(entry.target, stem) }];
  });
}

function substitutePattern(target: ExportsValue, stem: string): ExportsValue {
  if (target === null) return null;
  if (typeof target === 'string') return target.replaceAll('*', stem);
  if (Array.isArray(target)) return target.map((item) => substitutePattern(item, stem));
  return Object.fromEntries(
    Object.entries(target).map(([key, value]) => [key, substitutePattern(value, stem)]),
  );
}

export function stripDotSlash(filePath: string): string {
  return filePath.replace(/^\.\//, '');
}

function isConditionsObject(value: ExportsValue): value is { [key: string]: ExportsValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
