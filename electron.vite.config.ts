import { cpSync } from 'node:fs';
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;
const alias = { '@shared': resolve(root, 'shared') };

// One build for the desktop product: main (ESM), preload (CJS, because sandboxed preloads
// cannot be ES modules) and the renderer. `vite.web.config.ts` builds the same renderer
// for the browser host.
// The server finds its SQL migrations next to its own module: put them beside the bundle.
const copyMigrations = {
  name: 'copy-record-store-migrations',
  closeBundle() {
    cpSync(resolve(root, 'server/db/migrations'), resolve(root, 'out/main/migrations'), { recursive: true });
  },
};

export default defineConfig({
  main: {
    resolve: { alias },
    plugins: [copyMigrations],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // `record-store` is the server, run by main in a utility process when no central
        // record store is configured; main spawns it by path and never imports it.
        input: { index: resolve(root, 'electron/main/index.ts'), 'record-store': resolve(root, 'server/main.ts') },
      },
    },
  },
  preload: {
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      rollupOptions: { input: resolve(root, 'electron/preload/index.ts'), output: { format: 'cjs', entryFileNames: '[name].cjs' } },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    resolve: { alias },
    plugins: [react()],
    build: { outDir: resolve(root, 'out/renderer'), rollupOptions: { input: resolve(root, 'renderer/index.html') } },
  },
});
