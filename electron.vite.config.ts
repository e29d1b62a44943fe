import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// One config builds the Electron shell (main + preload), the plain-Node browser host, and the
// renderer both shells serve. The host lands in out/main/host.js beside the Electron entry so
// `node out/main/host.js` runs without the Electron runtime.
export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          host: resolve(__dirname, 'src/host/index.ts'),
          // Import parsing runs in this worker thread (src/core/import/pool.ts), in both shells.
          'import-worker': resolve(__dirname, 'src/core/import/worker.ts'),
          // The full integrity check after a project opens (src/core/db/check-worker.ts).
          'check-worker': resolve(__dirname, 'src/core/db/check-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src/preload/index.ts') } },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    plugins: [react()],
    build: {
      minify: true,
      // The network view's chunk (sigma and graphology) is ~510 kB; it loads only with the view.
      chunkSizeWarningLimit: 600,
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
  },
});
