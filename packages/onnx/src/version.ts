import packageJson from '../package.json';

/** producer_version written into exported models: this package's version (bundled in at build time). */
export const PACKAGE_VERSION: string = packageJson.version;
