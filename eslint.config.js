// Lint, including the import rules of design.md §2 as machine-checked zones.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Builds a `no-restricted-imports` rule from pattern groups with the reason shown on violation. */
const restrict = (...groups) => ['error', { patterns: groups.map(([group, message]) => ({ group, message })) }];

const NO_ELECTRON = [['electron', 'electron/*'], 'Only electron/ may import electron.'];
const NO_NODE = [['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https'], 'No Node built-ins here.'];
const NO_RENDERER = [['**/renderer/**', '**/renderer'], 'Nothing outside renderer/ imports renderer/.'];
const NO_SERVER = [['**/server/**', '**/server'], 'Only server/ (and tests) import server/.'];
const NO_ELECTRON_DIR = [['**/electron/**'], 'Nothing outside electron/ imports electron/.'];
const NO_TEST = [['**/test/**', '**/test'], 'Production code never imports test/.'];
const NO_REACT = [['react', 'react-dom', 'react/*', 'react-dom/*', '@mantine/*', 'dexie-react-hooks', '**/features/**', '**/ui/**', '**/state/**'], 'softphone/, storage/, sync/ stay free of React, features, ui and state.'];
const NO_DOM_LIBS = [['react', 'react-dom', '@mantine/*', 'dexie', 'sip.js', 'i18next', 'react-i18next'], 'shared/ is runtime-neutral.'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**', '.rig/**', 'server/db/migrations/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  { files: ['renderer/**/*.tsx', 'renderer/**/*.ts'], plugins: { 'react-hooks': reactHooks }, rules: reactHooks.configs.recommended.rules },
  // Rule 1: shared/ is pure.
  { files: ['shared/**/*.ts'], ignores: ['shared/**/*.test.ts'], rules: { 'no-restricted-imports': restrict(NO_ELECTRON, NO_NODE, NO_RENDERER, NO_SERVER, NO_ELECTRON_DIR, NO_TEST, NO_DOM_LIBS) } },
  // Rule 2: main never imports renderer/; only main/ipc touches ipcMain (checked below).
  { files: ['electron/main/**/*.ts'], ignores: ['**/*.test.ts'], rules: { 'no-restricted-imports': restrict(NO_RENDERER, NO_SERVER, NO_TEST) } },
  {
    files: ['electron/main/**/*.ts'],
    ignores: ['electron/main/ipc/**', '**/*.test.ts'],
    rules: { 'no-restricted-syntax': ['error', { selector: "ImportSpecifier[imported.name='ipcMain']", message: 'Only electron/main/ipc/ touches ipcMain.' }] },
  },
  // Rule 3: preload imports shared/ and contextBridge/ipcRenderer only.
  {
    files: ['electron/preload/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict(NO_NODE, NO_RENDERER, NO_SERVER, NO_TEST, [['**/electron/main/**', '../main/**'], 'Preload never imports main.']),
      'no-restricted-syntax': [
        'error',
        { selector: "ImportDeclaration[source.value='electron'] ImportSpecifier:not([imported.name=/^(contextBridge|ipcRenderer|IpcRendererEvent)$/])", message: 'Preload uses contextBridge and ipcRenderer only.' },
      ],
    },
  },
  // Rule 4: renderer never imports electron, node:*, electron/ or server/.
  { files: ['renderer/**/*.ts', 'renderer/**/*.tsx'], ignores: ['**/*.test.ts', '**/*.test.tsx'], rules: { 'no-restricted-imports': restrict(NO_ELECTRON, NO_NODE, NO_SERVER, NO_ELECTRON_DIR, NO_TEST) } },
  // Rule 5: softphone/, storage/, sync/ have no React and no features.
  {
    files: ['renderer/src/softphone/**', 'renderer/src/storage/**', 'renderer/src/sync/**'],
    ignores: ['**/*.test.ts'],
    rules: { 'no-restricted-imports': restrict(NO_ELECTRON, NO_NODE, NO_SERVER, NO_ELECTRON_DIR, NO_TEST, NO_REACT) },
  },
  // Rule 6: server/ imports shared/ and Node only.
  { files: ['server/**/*.ts'], ignores: ['**/*.test.ts'], rules: { 'no-restricted-imports': restrict(NO_ELECTRON, NO_RENDERER, NO_ELECTRON_DIR, NO_TEST, [['react', 'dexie', 'sip.js'], 'server/ is Node only.']) } },
  // Tests may use `any` sparingly to build hostile inputs.
  { files: ['**/*.test.ts', '**/*.test.tsx', 'test/**'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
);
