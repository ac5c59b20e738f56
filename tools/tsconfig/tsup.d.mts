import type { Options } from 'tsup';

/** The shared tsup options of latentlab packages, with `overrides` applied on top. */
export function libraryBuild(overrides?: Options): Options;
