// The one place that imports tfjs: tfjs-core plus the pure-JS `cpu` backend, which is always present.
import '@tensorflow/tfjs-backend-cpu';

export * as tf from '@tensorflow/tfjs-core';
