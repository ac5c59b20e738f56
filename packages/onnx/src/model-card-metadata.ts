/** The ModelProto.metadata_props key (onnx.proto field 14) under which a latentlab model card is stored, as JSON. */
export const MODEL_CARD_METADATA_KEY = 'latentlab.model_card';
