/**
 * The initialisation choices of a DiT that the paper's recipe fixes and that matter at small scale:
 * - `classEmbeddingStd`: std of the class table N(0, std²). DiT's models.py uses 0.02; PyTorch's
 *   `nn.Embedding` default is 1. On MNIST at equal steps the larger table learns the classes far faster.
 * - `adaLNZero`: zero-initialise every adaLN modulation Linear, so each block starts as the identity
 *   (Peebles & Xie 2023 §3.2); false = Xavier-uniform like every other Linear.
 * - `zeroOutputLayer`: zero-initialise `final_layer.linear`, so the output starts at 0; false = Xavier-uniform.
 */
export interface DitInitialization {
  classEmbeddingStd: number;
  adaLNZero: boolean;
  zeroOutputLayer: boolean;
}

/** DiT's official initialisation (facebookresearch/DiT, models.py `initialize_weights`). */
export const DIT_PAPER_INITIALIZATION: DitInitialization = {
  classEmbeddingStd: 0.02,
  adaLNZero: true,
  zeroOutputLayer: true,
};

/** The default of `ditModel` and `initDit` (see the package README for the measurements behind it). */
export const DEFAULT_DIT_INITIALIZATION: DitInitialization = DIT_PAPER_INITIALIZATION;
