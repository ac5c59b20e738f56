import { gatherRows, loadMnist, toFloatImages } from '@latentlab/data';
import { classAccuracy, classifierFid } from '@latentlab/metrics';
import { useBackend } from '@latentlab/tfjs';
await useBackend('native');
const train = loadMnist({ split: 'train' });
const test = toFloatImages(loadMnist({ split: 'test' }).images);
for (const n of [1000, 2000]) {
  const rows = Array.from({ length: n }, (_, i) => i * 7); // spread over the train split
  const images = toFloatImages(gatherRows(train.images, rows));
  const labels = Int32Array.from(rows, (r) => train.labels.data[r]!);
  console.log(JSON.stringify({ real_train_images: n, fid_vs_10k_test: classifierFid(images, test, 'mnist'), accuracy: classAccuracy(images, labels, 'mnist') }));
}
