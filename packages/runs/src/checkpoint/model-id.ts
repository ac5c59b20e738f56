import { createHash } from 'node:crypto';
import type { ParamStore } from '@latentlab/tensor';

/**
 * A trained model's identity: SHA-256 of its config and every weight (in name order), the first 16 hex
 * digits; any retraining changes it. A tokenizer's id (the encoder decides the tokens, the decoder reads
 * them), an autoencoder's under a latent model, a distillation teacher's: all are this hash.
 */
export function modelId(config: object, weights: ParamStore): string {
  const hash = createHash('sha256').update(JSON.stringify(config));
  for (const name of [...weights.keys()].sort()) {
    const value = weights.get(name)!;
    hash.update(name).update(new Uint8Array(value.data.buffer, value.data.byteOffset, value.data.byteLength));
  }
  return hash.digest('hex').slice(0, 16);
}
