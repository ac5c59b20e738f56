// The main job (until the CLI exists): train two small models a few steps in tfjs, export them to ONNX
// and print how closely onnxruntime reproduces tfjs.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { useBackend } from '@latentlab/tfjs';
import { runModelParity } from './parity-run.js';

const backend = await useBackend('auto');
const started = performance.now();
const results = await runModelParity(20);
console.log(`latentlab parity demo (tfjs backend: ${backend.name})\n`);
console.log(
  'model              params  steps  loss first → last   onnx bytes  |tfjs−ort-node|  |tfjs−ort-web|',
);
for (const r of results) {
  console.log(
    `${r.model.padEnd(18)} ${String(r.parameters).padStart(6)}  ${String(r.steps).padStart(5)}  ` +
      `${r.firstLoss.toFixed(4)} → ${r.lastLoss.toFixed(4)}  ${String(r.onnx.length).padStart(10)}  ` +
      `${r.nodeMaxAbsDiff.toExponential(2).padStart(15)}  ${r.webMaxAbsDiff.toExponential(2).padStart(14)}`,
  );
}
const outputDirectory = path.resolve(process.env['INIT_CWD'] ?? '.', 'out', 'demo');
mkdirSync(outputDirectory, { recursive: true });
for (const r of results) {
  const file = path.join(outputDirectory, `${r.model.replaceAll(' ', '-')}.onnx`);
  writeFileSync(file, r.onnx);
  console.log(`wrote ${file}`);
}
const worst = Math.max(...results.flatMap((r) => [r.nodeMaxAbsDiff, r.webMaxAbsDiff]));
console.log(`\n${worst <= 1e-4 ? 'PASS' : 'FAIL'}: worst difference ${worst.toExponential(2)} (limit 1e-4)`);
const summary = results.map(({ onnx, ...numbers }) => ({ ...numbers, onnxBytes: onnx.length }));
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ backend: backend.name, seconds, results: summary }));
if (worst > 1e-4) process.exitCode = 1;
