import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Builds the browser-sync bench page into out/bench-browser (BENCH_BROWSER_OUT moves it): the
 * renderer's real storage and sync modules, driven by test/bench/browser-sync.ts in Chromium.
 * BENCH_BROWSER_MINIFY=0 keeps names readable in CPU profiles.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  resolve: { alias: { '@shared': resolve(ROOT, 'shared') } },
  build: { minify: process.env.BENCH_BROWSER_MINIFY !== '0', outDir: resolve(ROOT, process.env.BENCH_BROWSER_OUT ?? 'out/bench-browser'), emptyOutDir: true },
  logLevel: 'warn',
});
