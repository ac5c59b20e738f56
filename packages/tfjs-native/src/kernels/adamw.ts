import type { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { KernelConfig, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeAddon } from '../native-addon.js';
import { outputArray } from '../output-buffers.js';
import { requireFloat32Values } from './native-mat-mul.js';

/** Kernel name of the fused AdamW step; only the native backend registers it. */
export const ADAMW_UPDATE_KERNEL = 'LatentlabAdamWUpdate';

/**
 * The scalars of one AdamW step as JS numbers, exactly as @latentlab/tfjs's AdamW computes them; the
 * kernel rounds each to float32, as tfjs does when such a number becomes a scalar tensor.
 */
export interface AdamWUpdateAttrs {
  beta1: number;
  oneMinusBeta1: number;
  beta2: number;
  oneMinusBeta2: number;
  /** 1 − β₁ᵗ */
  correction1: number;
  /** 1 − β₂ᵗ */
  correction2: number;
  epsilon: number;
  /** 0 leaves the decay term out. */
  weightDecay: number;
  learningRate: number;
}

/** The AdamW step (native/adamw_update.h): inputs parameter, gradient, firstMoment, secondMoment; three outputs. */
export function adamWUpdateKernelConfig(backendName: string): KernelConfig {
  return {
    kernelName: ADAMW_UPDATE_KERNEL,
    backendName,
    kernelFunc: ({ inputs, backend, attrs }) => {
      const cpu = backend as MathBackendCPU;
      const names = ['parameter', 'gradient', 'firstMoment', 'secondMoment'] as const;
      const [parameter, gradient, firstMoment, secondMoment] = names.map((name) =>
        requireFloat32Values(cpu, inputs[name] as TensorInfo | undefined, ADAMW_UPDATE_KERNEL, name),
      ) as [Float32Array, Float32Array, Float32Array, Float32Array];
      for (const [name, values] of [
        ['gradient', gradient],
        ['firstMoment', firstMoment],
        ['secondMoment', secondMoment],
      ] as const) {
        if (values.length !== parameter.length) {
          throw new Error(
            `${ADAMW_UPDATE_KERNEL}: '${name}' has ${values.length} values, the parameter ${parameter.length}`,
          );
        }
      }
      const a = attrs as unknown as AdamWUpdateAttrs;
      const coefficients = Float32Array.of(
        a.beta1,
        a.oneMinusBeta1,
        a.beta2,
        a.oneMinusBeta2,
        a.correction1,
        a.correction2,
        a.epsilon,
        a.weightDecay,
        a.learningRate,
      );
      const outputs = [0, 1, 2].map(() => outputArray(cpu, parameter.length));
      nativeAddon()!.adamWUpdate(
        parameter,
        gradient,
        firstMoment,
        secondMoment,
        outputs[0]!,
        outputs[1]!,
        outputs[2]!,
        coefficients,
      );
      const shape = (inputs['parameter'] as TensorInfo).shape;
      return outputs.map((values) => cpu.makeTensorInfo(shape, 'float32', values));
    },
  };
}
