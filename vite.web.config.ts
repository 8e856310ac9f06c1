import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

/** The renderer for a plain browser (end-to-end tests, demo without Electron, web fallback). */
export default defineConfig({
  root: resolve(root, 'renderer'),
  base: './',
  resolve: { alias: { '@shared': resolve(root, 'shared') } },
  plugins: [react()],
  server: { host: '127.0.0.1', strictPort: true },
  preview: { host: '127.0.0.1', strictPort: true },
  // HOTLINE_WEB_OUT lets parallel work build to a private folder; the e2e rig reads the same variable.
  build: { outDir: resolve(root, process.env.HOTLINE_WEB_OUT ?? 'out/web'), emptyOutDir: true, sourcemap: true },
});
