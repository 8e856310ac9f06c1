import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

const root = import.meta.dirname;
const alias = { '@shared': resolve(root, 'shared') };

export default defineConfig({
  resolve: { alias },
  test: {
    // Most files wait on PostgreSQL, PGlite, child processes and timers rather than compute: on
    // the 2-core CI machine one worker per core left the CPU half idle (vitest stage 554 s with 2
    // workers, 346 s with 4, every test passing in both).
    maxWorkers: Math.max(availableParallelism(), 4),
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'node',
          environment: 'node',
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'electron/**/*.test.ts', 'test/fault/**/*.test.ts', 'test/sync-harness/**/*.test.ts', 'test/rig/**/*.test.ts', 'test/lint/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'web',
          environment: 'jsdom',
          include: ['renderer/**/*.test.ts', 'renderer/**/*.test.tsx'],
          setupFiles: ['test/fakes/web/setup.ts'],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
