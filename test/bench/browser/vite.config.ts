import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const ROOT = resolve(import.meta.dirname, '../../..');

/**
 * The app's own Content-Security-Policy (renderer/index.html), so the bench runs what the app
 * runs: without 'unsafe-eval', zod cannot compile its parsers and validates the slower way.
 */
function appCsp(): Plugin {
  const html = readFileSync(resolve(ROOT, 'renderer/index.html'), 'utf8');
  const meta = /<meta\s+http-equiv="Content-Security-Policy"[^>]*>/s.exec(html)?.[0];
  if (!meta) throw new Error('renderer/index.html has no Content-Security-Policy meta');
  return { name: 'app-csp', transformIndexHtml: (page) => page.replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    ${meta}`) };
}

/**
 * Builds the browser-sync bench page into out/bench-browser (BENCH_BROWSER_OUT moves it): the
 * renderer's real storage and sync modules, driven by test/bench/browser-sync.ts in Chromium.
 * BENCH_BROWSER_MINIFY=0 keeps names readable in CPU profiles.
 */
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  plugins: [appCsp()],
  resolve: { alias: { '@shared': resolve(ROOT, 'shared') } },
  build: { minify: process.env.BENCH_BROWSER_MINIFY !== '0', outDir: resolve(ROOT, process.env.BENCH_BROWSER_OUT ?? 'out/bench-browser'), emptyOutDir: true },
  logLevel: 'warn',
});
