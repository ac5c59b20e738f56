import { useBackend } from '@latentlab/tfjs';

// The project's own native kernels when built, else pure-JS cpu: both are exact enough for these tests.
await useBackend('auto');
