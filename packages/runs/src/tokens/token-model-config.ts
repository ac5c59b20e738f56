import type { TokenTransformerConfig } from '@latentlab/ar';

/** A token model's full config: the recipe's size (and --hidden/--depth/--heads) over its tokenizer's grid. */
export type TokenModelConfig = { kind: 'ar' | 'maskgit' } & TokenTransformerConfig;

/** The graph a token model trains and is exported as: `prefix` for AR, `masked` for MaskGIT. */
export const trainingGraph = (config: TokenModelConfig) => (config.kind === 'maskgit' ? 'masked' : 'prefix');
