import packageJson from '../../package.json';

/** The version of @latentlab/cli that writes model cards (bundled in at build time). */
export const CLI_VERSION: string = packageJson.version;
