import type { ModelCard } from '@latentlab/tensor';
import { MODEL_CARD_METADATA_KEY } from './model-card-metadata.js';
import type { MetadataEntry } from './onnx-proto.js';

/**
 * The ModelProto.metadata_props entries (onnx.proto field 14) of an export: the caller's string pairs,
 * then the card as JSON under 'latentlab.model_card'. The card must already be validated.
 */
export function exportMetadataEntries(
  metadata: Readonly<Record<string, string>> | undefined,
  card: ModelCard | undefined,
): MetadataEntry[] {
  const entries: MetadataEntry[] = [];
  if (metadata !== undefined) {
    if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
      throw new TypeError('exportOnnx: metadata must be a record of strings');
    }
    for (const [key, value] of Object.entries(metadata)) {
      if (key === MODEL_CARD_METADATA_KEY) {
        throw new TypeError(
          `exportOnnx: metadata key '${MODEL_CARD_METADATA_KEY}' is reserved for the model card; pass the card as \`card\``,
        );
      }
      if (typeof value !== 'string') {
        throw new TypeError(`exportOnnx: metadata '${key}' must be a string, got ${typeof value}`);
      }
      entries.push({ key, value });
    }
  }
  if (card !== undefined) entries.push({ key: MODEL_CARD_METADATA_KEY, value: JSON.stringify(card) });
  return entries;
}
