import { createReadStream, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import type { Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const __dirname = dirname(fileURLToPath(import.meta.url));
const { version } = JSON.parse(readFileSync(resolve(__dirname, 'package.json'), 'utf8')) as { version: string };

/**
 * `npm run dev`: the renderer's dev server serves the bundled basemap at the path app:// and the
 * browser host serve it at (shared/contract BASEMAP_URL), so the land is drawn in dev too.
 */
const devBasemap: Plugin = {
  name: 'vanortsatlas-dev-basemap',
  configureServer(server) {
    server.middlewares.use('/generated/basemap.json', (_request, response) => {
      response.setHeader('Content-Type', 'application/json');
      createReadStream(resolve(__dirname, 'resources/generated/basemap.json'))
        .on('error', () => {
          response.statusCode = 404;
          response.end();
        })
        .pipe(response);
    });
  },
};

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
    plugins: [react(), devBasemap],
    // The window's About names the version, as the desktop's About box does.
    define: { __APP_VERSION__: JSON.stringify(version) },
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
