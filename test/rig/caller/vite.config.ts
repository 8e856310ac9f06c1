import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** Builds the caller simulator page into out/caller (test and demo tool, not product code). */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  build: { outDir: resolve(import.meta.dirname, '../../../out/caller'), emptyOutDir: true },
  server: { host: '127.0.0.1', strictPort: true },
});
