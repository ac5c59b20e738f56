import { readFileSync } from 'node:fs';

/** The value of an `exports` field (or of one of its subpaths / conditions). */
export type ExportsValue = string | null | ExportsValue[] | { [key: string]: ExportsValue };

/** The package.json fields pack-smoke reads. */
export interface PackageManifest {
  name?: string;
  version?: string;
  private?: boolean;
  main?: string;
  module?: string;
  types?: string;
  typings?: string;
  /** One command (named after the package) or commands by name. */
  bin?: string | Record<string, string>;
  exports?: ExportsValue;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  engines?: Record<string, string>;
  publishConfig?: Partial<Pick<PackageManifest, 'main' | 'module' | 'types' | 'typings' | 'exports'>>;
}

export function readManifest(manifestPath: string): PackageManifest {
  try {
    return JSON.parse(readFileSync(manifestPath, 'utf8')) as PackageManifest;
  } catch (error) {
    throw new Error(`cannot read ${manifestPath}: ${(error as Error).message}`);
  }
}

/** The manifest as pnpm publishes it: `publishConfig` fields replace the top-level ones. */
export function publishedManifest(manifest: PackageManifest): PackageManifest {
  return { ...manifest, ...manifest.publishConfig };
}
