// The one place that imports tfjs. tfjs-core alone registers no backend, no gradient and no chained op
// (`x.add(y)`); @latentlab/tfjs-native's `tf` is tfjs-core with the pure-JS `cpu` backend (always present),
// every gradient and the chained ops registered — what the @tensorflow/tfjs union package used to provide,
// without its layers, converter, data and webgl packages. Taking `tf` from there (not from tfjs-core
// directly) keeps those registrations in every bundle that uses `tf`.
export { tf } from '@latentlab/tfjs-native';
