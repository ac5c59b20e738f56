import { backend_util, type TensorInfo } from '@tensorflow/tfjs-core';
import type { NativeConv2DGeometry } from '../native-addon.js';

type Shape4D = [number, number, number, number];

/** What every tfjs Conv2D-family kernel gets as attributes, whichever shape it is told separately. */
export interface Conv2DShapeAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dilations?: [number, number] | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

function isShape4D(shape: readonly number[]): shape is Shape4D {
  return shape.length === 4 && shape.every((dim) => Number.isInteger(dim) && dim >= 0);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((dim, axis) => dim === b[axis]);
}

/**
 * The native geometry of an NHWC convolution of an input of `inShape` (batch, height, width, inChannels)
 * with a filter of `filterShape` (filterHeight, filterWidth, inChannels, outChannels), resolved by tfjs's
 * own backend_util.computeConv2DInfo (padding 'same' / 'valid' / explicit, rounding, output size).
 * Null for what the native kernels leave to the cpu kernel: NCHW, shapes that are not rank 4, mismatched
 * channels, and anything computeConv2DInfo rejects (the cpu kernel then reports tfjs's own error).
 */
export function nativeConv2DGeometry(
  inShape: readonly number[],
  filterShape: readonly number[],
  attrs: Conv2DShapeAttrs,
): NativeConv2DGeometry | null {
  if (attrs.dataFormat !== 'NHWC' || !isShape4D(inShape) || !isShape4D(filterShape)) return null;
  if (inShape[3] !== filterShape[2]) return null;
  let info: backend_util.Conv2DInfo;
  try {
    info = backend_util.computeConv2DInfo(
      inShape,
      filterShape,
      attrs.strides,
      attrs.dilations ?? 1,
      attrs.pad,
      attrs.dimRoundingMode,
      false,
      'channelsLast',
    );
  } catch {
    return null;
  }
  const geometry: NativeConv2DGeometry = {
    batch: info.batchSize,
    inHeight: info.inHeight,
    inWidth: info.inWidth,
    inChannels: info.inChannels,
    outHeight: info.outHeight,
    outWidth: info.outWidth,
    outChannels: info.outChannels,
    filterHeight: info.filterHeight,
    filterWidth: info.filterWidth,
    strideHeight: info.strideHeight,
    strideWidth: info.strideWidth,
    dilationHeight: info.dilationHeight,
    dilationWidth: info.dilationWidth,
    padTop: info.padInfo.top,
    padLeft: info.padInfo.left,
  };
  const valid = Object.values(geometry).every((value) => Number.isInteger(value) && value >= 0);
  const positiveSteps = [info.strideHeight, info.strideWidth, info.dilationHeight, info.dilationWidth].every(
    (step) => step > 0,
  );
  return valid && positiveSteps ? geometry : null;
}

/** The convolution's output shape (batch, outHeight, outWidth, outChannels). */
export function conv2DOutputShape(geometry: NativeConv2DGeometry): Shape4D {
  return [geometry.batch, geometry.outHeight, geometry.outWidth, geometry.outChannels];
}

/** Whether dy has the shape the convolution's output would have. */
export function matchesOutput(dy: TensorInfo, geometry: NativeConv2DGeometry): boolean {
  return sameShape(dy.shape, conv2DOutputShape(geometry));
}
