// The one module of this package that loads tfjs at run time (the others import types and utilities).
// tfjs-core on its own registers no backend, no gradient and no chained op (`x.add(y)`); the
// @tensorflow/tfjs union package did all three, and also brought layers, the converter, data and webgl
// (~200 MB installed) that latentlab never uses. This module does the three with tfjs-core and
// tfjs-backend-cpu alone: the cpu backend (the native backend is a copy of it), then tfjs-core's own
// gradient and chained-op registrations. tfjs-core ships those two only as ES modules with extensionless
// imports, which Node cannot load: tsup bundles them into dist (tsup.config.ts) and vitest inlines them
// (vitest.config.ts), as the union's own Node build did. They use the one global tfjs engine and registry.
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';

/** tfjs-core, with the cpu backend, every gradient and the chained ops registered. */
export * as tf from '@tensorflow/tfjs-core';
