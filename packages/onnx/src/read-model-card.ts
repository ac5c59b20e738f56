import { type ModelCard, ModelCardError, parseModelCard } from '@latentlab/tensor';
import { checkCardMatchesGraph } from './card-graph-agreement.js';
import { MODEL_CARD_METADATA_KEY } from './model-card-metadata.js';
import type { DecodedValueInfo } from './onnx-proto-decode.js';
import { decodeGraphSignature, decodeModelMetadata } from './onnx-proto-decode-metadata.js';
import { onnxTypeName } from './onnx-type-names.js';
import type { OnnxTensorInfo } from './runner.js';
import { decodeNamingSource } from './validate-model.js';

/**
 * The model card an .onnx file carries (JSON under metadata_props key 'latentlab.model_card'), validated
 * with parseModelCard and checked against the graph's inputs and outputs. Decodes only the metadata and
 * the graph's inputs and outputs.
 *
 * Throws OnnxModelError for a damaged file, and ModelCardError naming `source` when the file has no card,
 * its JSON is corrupt, its format is unknown, a field is invalid, or it does not describe the graph.
 */
export function readModelCard(bytes: Uint8Array, source = 'model.onnx'): ModelCard {
  const decode = (modelBytes: Uint8Array) => {
    const { metadataProps, graph } = decodeModelMetadata(modelBytes);
    return { metadataProps, signature: decodeGraphSignature(graph) };
  };
  const { metadataProps, signature } = decodeNamingSource(bytes, source, decode);
  const json = metadataProps[MODEL_CARD_METADATA_KEY];
  if (json === undefined) {
    throw new ModelCardError(
      source,
      '',
      `no latentlab model card (metadata_props key ${MODEL_CARD_METADATA_KEY}); ` +
        'export it with `latentlab export --onnx`, or pass `card` to exportOnnx',
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new ModelCardError(
      source,
      '',
      `the model card (metadata_props key ${MODEL_CARD_METADATA_KEY}) is not valid JSON: ${(error as Error).message}`,
    );
  }
  const card = parseModelCard(value, source);
  checkCardMatchesGraph(
    card,
    { inputs: signature.inputs.map(tensorInfo), outputs: signature.outputs.map(tensorInfo) },
    source,
  );
  return card;
}

function tensorInfo(info: DecodedValueInfo): OnnxTensorInfo {
  return { name: info.name, dtype: onnxTypeName(info.elemType), dims: info.dims };
}
