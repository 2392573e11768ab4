import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';

const __dirname = dirname(fileURLToPath(import.meta.url));

// main and preload run in Electron; the renderer is a plain web app (renderer/ is the Vite root).
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/main',
      // The data worker is its own entry (out/main/data-worker.js), started by the main process.
      rollupOptions: {
        input: {
          main: resolve(__dirname, 'electron/main.ts'),
          'data-worker': resolve(__dirname, 'electron/data-worker/worker.ts'),
        },
      },
    },
  },
  preload: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { preload: resolve(__dirname, 'electron/preload.ts') },
        // A sandboxed preload cannot be an ES module.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      // ES2021: class private fields (TanStack Query's) become plain code, so the Electronegativity
      // audit of what ships (npm test), whose parser does not know them, can read the bundle.
      target: 'es2021',
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});
