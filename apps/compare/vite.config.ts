import { defineConfig } from 'vite';

/**
 * Cross-origin isolation (COOP/COEP) on every server the app runs under: onnxruntime-web's multi-threaded
 * wasm needs SharedArrayBuffer, which the browser offers only when `crossOriginIsolated` is true.
 */
const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

// onnxruntime-web's bundle finds its .wasm with new URL(…, import.meta.url): Vite emits it as an asset.
export default defineConfig({
  base: './',
  server: { headers: ISOLATION_HEADERS },
  preview: { headers: ISOLATION_HEADERS },
  worker: { format: 'es' },
  optimizeDeps: { exclude: ['onnxruntime-web'] },
  build: { target: 'es2022', chunkSizeWarningLimit: 2048 },
});
