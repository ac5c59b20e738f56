import { builtinModules } from 'node:module';
import { build, type Plugin } from 'esbuild';

/** The entries of every package meant to run in a browser (the comparison app's, and a user's bundle). */
export const BROWSER_ENTRIES = [
  '@latentlab/tensor',
  '@latentlab/schedules',
  '@latentlab/samplers',
  '@latentlab/dit',
  '@latentlab/ar',
  '@latentlab/autoencoders',
  '@latentlab/tfjs',
  '@latentlab/tfjs-native',
  '@latentlab/onnx',
  '@latentlab/onnx/web',
  '@latentlab/generate',
] as const;

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/**
 * Third-party packages stay out of the bundle (they are the browser's own business); our packages and any
 * Node built-in they reach are resolved, so `import 'node:fs'` anywhere in our code fails the bundle.
 */
const externalThirdParty: Plugin = {
  name: 'external-third-party',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@latentlab/') || NODE_BUILTINS.has(args.path)) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/** Bundles `import * as entry from specifier` for the browser from `directory`; esbuild's errors, if any. */
export async function browserBundleErrors(specifier: string, directory: string): Promise<string[]> {
  try {
    const result = await build({
      stdin: {
        contents: `import * as entry from ${JSON.stringify(specifier)};\nglobalThis.entry = entry;\n`,
        resolveDir: directory,
        loader: 'js',
      },
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
      plugins: [externalThirdParty],
    });
    return result.errors.map((error) => error.text);
  } catch (error) {
    const errors = (error as { errors?: { text: string }[] }).errors;
    return errors ? errors.map((item) => item.text) : [(error as Error).message];
  }
}
