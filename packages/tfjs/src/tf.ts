// The one place that imports tfjs. The union package `@tensorflow/tfjs` (rather than tfjs-core alone) is
// needed in Node: tfjs-core's Node build does not register the gradient functions; the union's does. It
// also brings the pure-JS `cpu` backend, which is always present.
export * as tf from '@tensorflow/tfjs';
