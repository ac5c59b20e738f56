import { applyByteEdit, byteEditArbitrary, FUZZ_RUNS, refusalTally } from '@latentlab/fuzz-support';
import { ModelCardError, parseModelCard } from '@latentlab/tensor';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { exportOnnx } from './export.js';
import { decodeModel, ModelStructureError } from './onnx-proto-decode.js';
import { ProtoDecodeError } from './protobuf/index.js';
import { readModelCard } from './read-model-card.js';
import { OnnxModelError } from './runner-errors.js';
import { TOY_INPUTS, toyDenoiser, toyDenoiserCard, toyDenoiserParams } from './testing/toy-denoiser.js';

// The ONNX reader (protobuf decode of the model, its metadata and model card) and the model-card parser,
// fed random and mutated inputs: each is read or refused with one of the project's typed errors.
// FUZZ_RUNS raises the count (`pnpm fuzz`).
const numRuns = FUZZ_RUNS;
const fuzz = refusalTally([ProtoDecodeError, ModelStructureError, ModelCardError, OnnxModelError]);
afterAll(fuzz.log);
const readOrRefuse = (reader: string, read: () => unknown) => fuzz.readOrRefuse(reader, read);

const model = exportOnnx(toyDenoiser, toyDenoiserParams(), TOY_INPUTS, {
  outputNames: ['prediction'],
  card: toyDenoiserCard(),
});

const editArbitrary = byteEditArbitrary;
const edit = applyByteEdit;

describe('the ONNX reader under fuzzing', () => {
  it('random bytes are decoded or refused with a typed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        readOrRefuse('onnx decodeModel', () => decodeModel(bytes));
        readOrRefuse('onnx readModelCard', () => readModelCard(bytes, 'fuzz.onnx'));
      }),
      { numRuns },
    );
  });

  it('an exported model with random byte edits is decoded or refused with a typed error', () => {
    fc.assert(
      fc.property(fc.array(editArbitrary, { minLength: 1, maxLength: 4 }), (edits) => {
        const bytes = edits.reduce(edit, model);
        readOrRefuse('onnx decodeModel', () => decodeModel(bytes));
        readOrRefuse('onnx readModelCard', () => readModelCard(bytes, 'fuzz.onnx'));
      }),
      { numRuns },
    );
  });
});

describe('model cards under fuzzing', () => {
  const card = toyDenoiserCard() as unknown as Record<string, unknown>;
  /** The valid card with one field (at any depth) replaced by a random JSON value or deleted. */
  const mutatedCard = fc
    .tuple(fc.nat(), fc.option(fc.jsonValue(), { nil: undefined }))
    .map(([pick, value]) => {
      const copy = structuredClone(card);
      const paths: (string | number)[][] = [];
      const walk = (node: unknown, path: (string | number)[]) => {
        if (typeof node !== 'object' || node === null) return;
        for (const key of Object.keys(node)) {
          paths.push([...path, Array.isArray(node) ? Number(key) : key]);
          walk((node as Record<string, unknown>)[key], [...path, key]);
        }
      };
      walk(copy, []);
      const path = paths[pick % paths.length]!;
      let parent = copy as Record<string | number, unknown>;
      for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
      if (value === undefined) delete parent[path.at(-1)!];
      else parent[path.at(-1)!] = value;
      return copy;
    });

  it('random JSON and mutated valid cards are parsed or refused with a ModelCardError', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => readOrRefuse('model card', () => parseModelCard(value, 'fuzz'))),
      { numRuns },
    );
    fc.assert(
      fc.property(mutatedCard, (value) => readOrRefuse('model card', () => parseModelCard(value, 'fuzz'))),
      { numRuns },
    );
    expect(() => parseModelCard(card, 'fuzz')).not.toThrow();
  });
});
