import packageJson from '../../package.json';

/** The version of @latentlab/runs that writes model cards (bundled in at build time). */
export const RUNS_VERSION: string = packageJson.version;
