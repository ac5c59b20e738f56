import { useBackend } from '@latentlab/tfjs';

// The pure-JS cpu backend, always present (and without tfjs's "install tfjs-node" banner).
await useBackend('cpu');
