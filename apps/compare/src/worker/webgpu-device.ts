import * as ort from 'onnxruntime-web';

/**
 * The GPUDevice onnxruntime-web runs its WebGPU sessions on (null when it has none), and a call of
 * `onLost(reason)` when that device is lost — unless the page itself is going away.
 */
export async function watchWebgpuDevice(onLost: (reason: string) => void): Promise<GPUDevice | null> {
  let device: GPUDevice;
  try {
    device = await ort.env.webgpu.device;
  } catch {
    return null;
  }
  void device.lost.then((info) => {
    onLost(info.message ? `${info.reason}: ${info.message}` : String(info.reason));
  });
  return device;
}
